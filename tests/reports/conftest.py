"""A small, hand-built data set whose figures are known, for the first
quarter of 2026 (and the last of 2025 before it). Everything is in the
lead's team (Oosterbuurt and Noorderbuurt) unless said otherwise; one
resident in the other team's Westerbuurt must never count for the lead.

What it holds, and so what the tests expect for Q1 2026:

- residents A and B at one address in Oosterbuurt, C in Noorderbuurt; A and
  B first recorded in Q1, C in Q4 2025;
- conversations: A and B in Oosterbuurt (10 Jan), A again in Noorderbuurt
  (10 Feb): 2 conversations, 2 residents (A once), 1 household; C on 31 Dec
  23:30 (Q4), and one at 00:00 on 1 April (Q2, not counted);
- door knocks in Q1: C's door answered, another door twice not home;
- matches: A's need met by C since 15 Oct 2025, ended 15 Jan 2026, exactly
  3 months (lasting at 3 months); B's need met by C since 1 Nov 2025, ended
  31 Jan 2026, a day short of 3 months; a new proposal (1 Feb) of C's need
  with A's talent, A's talent first heard on 20 Jan: A went from receiver
  to giver;
- signals in Q1: 1 signal, 5 referrals to Taalhuis Oost, 4 to Schuldhulp Oost;
- follow-ups due in Q1: one done on time, one done late, one still open;
- an initiative in Oosterbuurt: C organiser since June 2025, A member since
  1 Feb 2026."""

import datetime
import types

import pytest
from django.utils import timezone

from contacts.models import (
    Activity,
    ActivityAttendance,
    Conversation,
    DoorKnock,
    FollowUp,
    InitiativeMember,
    Need,
    Resident,
    Signal,
    Talent,
)
from matches.models import Match, MatchEvent
from tests.contacts.factories import (
    ActivityFactory,
    ConversationFactory,
    DoorKnockFactory,
    FollowUpFactory,
    InitiativeFactory,
    NeedFactory,
    OrganisationFactory,
    ResidentFactory,
    SignalFactory,
    TalentFactory,
)
from tests.neighbourhoods.factories import AddressFactory, NeighbourhoodFactory


def at(day, hour=12, minute=0):
    """A local moment on ``day`` (an ISO date)."""
    return datetime.datetime.combine(
        datetime.date.fromisoformat(day),
        datetime.time(hour, minute),
        tzinfo=timezone.get_current_timezone(),
    )


def _created(model, obj, day, hour=12):
    model.objects.filter(pk=obj.pk).update(created_at=at(day, hour))


def _match(*, need, talent, proposed, started=None, ended=None, outcome="", by):
    status = Match.Status.PROPOSED
    if started:
        status = Match.Status.ENDED if ended else Match.Status.RUNNING
    return Match.objects.create(
        neighbourhood=need.resident.neighbourhood,
        need=need,
        resident=need.resident,
        talent=talent,
        helper=talent.resident,
        status=status,
        why="Test",
        first_meeting_plan="Test",
        proposed_by=by,
        proposed_at=at(proposed),
        started_on=datetime.date.fromisoformat(started) if started else None,
        ended_on=datetime.date.fromisoformat(ended) if ended else None,
        outcome=outcome,
    )


@pytest.fixture
def known(team, neighbourhood, other_neighbourhood, worker, lead):
    north = NeighbourhoodFactory(name="Noorderbuurt", district=neighbourhood.district)
    team.neighbourhoods.add(north)
    home = AddressFactory(street__neighbourhood=neighbourhood)
    c_address = AddressFactory(street__neighbourhood=north)
    quiet = AddressFactory(street__neighbourhood=neighbourhood)
    west = AddressFactory(street__neighbourhood=other_neighbourhood)
    a = ResidentFactory(address=home, name="Aaltje Proef")
    b = ResidentFactory(address=home, name="Bert Proef")
    c = ResidentFactory(address=c_address, name="Cor Proef")
    d = ResidentFactory(address=west, name="Dirk West")
    for resident, day in (
        (a, "2026-01-05"),
        (b, "2026-01-05"),
        (c, "2025-11-01"),
        (d, "2026-01-05"),
    ):
        _created(Resident, resident, day)

    ConversationFactory(
        neighbourhood=neighbourhood,
        residents=[a, b],
        workers=[worker],
        happened_at=at("2026-01-10"),
    )
    ConversationFactory(
        neighbourhood=north,
        residents=[a],
        workers=[worker],
        happened_at=at("2026-02-10"),
        place=Conversation.Place.HOME,
    )
    ConversationFactory(
        neighbourhood=neighbourhood,
        residents=[c],
        workers=[worker],
        happened_at=at("2025-12-31", 23, 30),
    )
    ConversationFactory(
        neighbourhood=neighbourhood,
        residents=[c],
        workers=[worker],
        happened_at=at("2026-04-01", 0, 0),
    )
    ConversationFactory(  # the other team's
        neighbourhood=other_neighbourhood,
        residents=[d],
        workers=[worker],
        happened_at=at("2026-01-10"),
    )

    DoorKnockFactory(
        address=c_address,
        worker=worker,
        knocked_at=at("2026-01-05"),
        outcome=DoorKnock.Outcome.SPOKE,
    )
    DoorKnockFactory(address=quiet, worker=worker, knocked_at=at("2026-01-06"))
    DoorKnockFactory(address=quiet, worker=worker, knocked_at=at("2026-02-06"))
    DoorKnockFactory(address=west, worker=worker, knocked_at=at("2026-02-06"))

    a_need = NeedFactory(resident=a)
    b_need = NeedFactory(resident=b)
    c_need = NeedFactory(resident=c)
    c_talent = TalentFactory(resident=c)
    b_talent = TalentFactory(resident=b)
    a_talent = TalentFactory(resident=a)
    for model, obj, day in (
        (Need, a_need, "2025-09-01"),
        (Need, b_need, "2025-09-01"),
        (Need, c_need, "2026-01-25"),
        (Talent, c_talent, "2025-09-01"),
        (Talent, b_talent, "2025-10-01"),
        (Talent, a_talent, "2026-01-20"),
    ):
        _created(model, obj, day)
    exact = _match(
        need=a_need,
        talent=c_talent,
        proposed="2025-10-01",
        started="2025-10-15",
        ended="2026-01-15",
        outcome=Match.Outcome.STOPPED,
        by=worker,
    )
    _match(
        need=b_need,
        talent=c_talent,
        proposed="2025-10-20",
        started="2025-11-01",
        ended="2026-01-31",
        outcome=Match.Outcome.NO_CLICK,
        by=worker,
    )
    _match(need=c_need, talent=a_talent, proposed="2026-02-01", by=worker)
    MatchEvent.objects.create(
        match=exact,
        from_status=Match.Status.PROPOSED,
        to_status=Match.Status.APPROVED,
        by=lead,
        at=at("2025-10-10"),
    )

    taalhuis = OrganisationFactory(name="Taalhuis Oost")
    schuldhulp = OrganisationFactory(name="Schuldhulp Oost")
    signals = [SignalFactory(resident=a, created_by=worker)]
    signals += [
        SignalFactory(
            resident=a, kind=Signal.Kind.REFERRAL, organisation=taalhuis, created_by=worker
        )
        for _ in range(5)
    ]
    signals += [
        SignalFactory(
            resident=b, kind=Signal.Kind.REFERRAL, organisation=schuldhulp, created_by=worker
        )
        for _ in range(4)
    ]
    signals.append(SignalFactory(resident=d, created_by=worker))  # the other team's
    Signal.objects.filter(pk__in=[s.pk for s in signals]).update(created_at=at("2026-02-15"))

    due = datetime.date(2026, 1, 10)
    FollowUpFactory(
        neighbourhood=neighbourhood,
        assigned_to=worker,
        due_on=due,
        done_at=at("2026-01-10", 18),
        done_by=worker,
    )
    FollowUpFactory(
        neighbourhood=neighbourhood,
        assigned_to=worker,
        due_on=due,
        done_at=at("2026-01-12"),
        done_by=worker,
    )
    FollowUpFactory(neighbourhood=north, assigned_to=worker, due_on=datetime.date(2026, 3, 30))
    assert FollowUp.objects.count() == 3

    initiative = InitiativeFactory(neighbourhoods=[neighbourhood])
    InitiativeMember.objects.create(
        initiative=initiative,
        resident=c,
        role=InitiativeMember.Role.ORGANISER,
        joined_on=datetime.date(2025, 6, 1),
    )
    InitiativeMember.objects.create(
        initiative=initiative, resident=a, joined_on=datetime.date(2026, 2, 1)
    )
    # Activities: a meeting with A and B named and 5 others, a clean-up in
    # the north with A and 10 others; one of the other team's, one of the
    # previous quarter.
    meeting = ActivityFactory(
        neighbourhood=neighbourhood,
        kind=Activity.Kind.MEETING,
        initiative=initiative,
        held_on=datetime.date(2026, 2, 3),
        headcount=5,
    )
    clean_up = ActivityFactory(
        neighbourhood=north, held_on=datetime.date(2026, 3, 20), headcount=10
    )
    for activity, resident in ((meeting, a), (meeting, b), (clean_up, a)):
        ActivityAttendance.objects.create(activity=activity, resident=resident)
    ActivityFactory(
        neighbourhood=other_neighbourhood, held_on=datetime.date(2026, 2, 1), headcount=20
    )
    ActivityFactory(neighbourhood=neighbourhood, held_on=datetime.date(2025, 12, 20), headcount=3)
    return types.SimpleNamespace(north=north, a=a, b=b, c=c, d=d, lead=lead, worker=worker)
