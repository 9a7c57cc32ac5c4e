"""Closing the loops of a match (issue 16): cancelling one that never
started, answering check-ins (with a note, an answer and both sides' view),
"still in contact?" after a lasting end deciding whether it lasts, and a
resident joining the initiative they were matched with."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from contacts.models import FollowUp, InitiativeMember, Need, Talent
from matches.models import Match, MatchCheckIn, MatchEvent
from matches.services import lifecycle
from matches.services.lifecycle import (
    check_in_record,
    match_approve,
    match_cancel,
    match_end,
    match_introduce,
    match_propose,
    match_start,
    months_after,
)
from tests.contacts.factories import (
    CategoryFactory,
    InitiativeFactory,
    NeedFactory,
    ResidentFactory,
    TalentFactory,
)

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english_messages")]

Status = Match.Status
Kind = MatchCheckIn.Kind
Answer = MatchCheckIn.Answer


@pytest.fixture
def category(db):
    return CategoryFactory(slug="tuin", name="Tuin en groen", name_en="Garden and green")


@pytest.fixture
def need(resident, category):
    return NeedFactory(resident=resident, category=category, text="Kan het gras niet meer maaien")


@pytest.fixture
def talent(helper, category):
    return TalentFactory(resident=helper, category=category, text="Werkte als hovenier")


def _propose(need, by, **side):
    return match_propose(
        need=need,
        by=by,
        why="Hij werkte als hovenier, zij kan het niet meer.",
        first_meeting_plan="Koffie bij haar thuis.",
        **side,
    )


@pytest.fixture
def approved(need, worker, lead, helper, talent):
    return match_approve(match=_propose(need, worker, helper=helper, talent=talent), by=lead)


@pytest.fixture
def introduced(approved, worker):
    return match_introduce(
        match=approved, by=worker, introduced_on=timezone.localdate(), worker_present=worker
    )


@pytest.fixture
def running(introduced, worker):
    return match_start(match=introduced, by=worker)


def refused(call, **kwargs):
    with pytest.raises(ValidationError) as error:
        call(**kwargs)
    return " ".join(error.value.messages)


def days(n):
    return timezone.localdate() + datetime.timedelta(days=n)


def check_ins(match, kind=Kind.RUNNING):
    return list(
        MatchCheckIn.objects.filter(match=match, kind=kind)
        .select_related("follow_up")
        .order_by("follow_up__due_on")
    )


# Cancelling a match that never started


@pytest.mark.parametrize("stage", ["approved", "introduced"])
def test_a_match_that_falls_through_before_it_started_is_cancelled(
    stage, request, worker, need, talent
):
    match = request.getfixturevalue(stage)
    cancelled = match_cancel(match=match, by=worker, reason="Ze wil toch liever niet.")
    cancelled.refresh_from_db()
    assert cancelled.status == Status.ENDED
    assert cancelled.outcome == Match.Outcome.STOPPED
    assert cancelled.never_started
    assert (cancelled.end_reason, cancelled.ended_on) == ("Ze wil toch liever niet.", days(0))
    last = MatchEvent.objects.filter(match=match).order_by("-at", "-pk").first()
    assert (last.from_status, last.to_status, last.note) == (
        stage,
        Status.ENDED,
        "Ze wil toch liever niet.",
    )
    # Nothing holds the need any more: it is offered again.
    need.refresh_from_db()
    talent.refresh_from_db()
    assert need.status == Need.Status.OPEN
    assert talent.status == Talent.Status.OPEN
    assert not Match.objects.in_progress().filter(need=need).exists()
    assert "cancel" not in lifecycle.allowed_actions(worker, cancelled)


def test_cancelling_needs_a_reason(approved, worker):
    with pytest.raises(ValidationError) as error:
        match_cancel(match=approved, by=worker, reason="  ")
    assert "reason" in error.value.message_dict
    approved.refresh_from_db()
    assert approved.status == Status.APPROVED


def test_a_running_match_is_ended_not_cancelled(running, worker):
    message = refused(match_cancel, match=running, by=worker, reason="Toch niet")
    assert "Already running" in message
    assert "cannot be cancelled" in message


def test_a_proposal_is_rejected_by_the_lead_not_cancelled(need, worker, helper, talent):
    proposed = _propose(need, worker, helper=helper, talent=talent)
    assert "cancel" not in lifecycle.allowed_actions(worker, proposed)
    message = refused(match_cancel, match=proposed, by=worker, reason="Toch niet")
    assert "cannot be cancelled yet" in message


def test_a_worker_elsewhere_cannot_cancel(approved, other_worker):
    message = refused(match_cancel, match=approved, by=other_worker, reason="Weg")
    assert "You do not work in the neighbourhood" in message


def test_the_page_offers_cancelling_where_the_table_allows_it(approved, introduced, worker):
    assert "cancel" in lifecycle.allowed_actions(worker, introduced)
    assert lifecycle.statuses_allowing("cancel") == [Status.APPROVED, Status.INTRODUCED]


def test_a_made_up_history_never_takes_the_cancel_step():
    assert "cancel" not in [step.action for step in lifecycle.path_to(Status.ENDED)]


# Check-ins


def test_a_check_in_is_answered_with_a_note_and_both_sides_view(running, worker):
    first = check_ins(running)[0]
    answered = check_in_record(
        check_in=first,
        by=worker,
        answer=Answer.GOING_WELL,
        note=" Ze maaien samen, elke zaterdag. ",
        seeker_view="Heel fijn",
        helper_view="Ik doe het graag",
    )
    answered.refresh_from_db()
    assert (answered.answer, answered.note) == (
        Answer.GOING_WELL,
        "Ze maaien samen, elke zaterdag.",
    )
    assert (answered.seeker_view, answered.helper_view) == ("Heel fijn", "Ik doe het graag")
    assert answered.answered_by == worker
    follow_up = FollowUp.objects.get(pk=first.follow_up_id)
    assert follow_up.is_done and follow_up.done_by == worker and not follow_up.cancelled
    # The other one is still on the worker's day.
    assert FollowUp.objects.open().filter(match_check_in__match=running).count() == 1


def test_a_check_in_is_answered_once(running, worker, lead):
    first = check_ins(running)[0]
    check_in_record(check_in=first, by=worker, answer=Answer.NEEDS_ATTENTION)
    message = refused(check_in_record, check_in=first, by=lead, answer=Answer.GOING_WELL)
    assert message.startswith(f"This check-in was already done by {worker} at ")
    first.refresh_from_db()
    assert first.answer == Answer.NEEDS_ATTENTION


def test_a_check_in_needs_a_known_answer(running, worker):
    first = check_ins(running)[0]
    with pytest.raises(ValidationError) as error:
        check_in_record(check_in=first, by=worker, answer="super")
    assert "answer" in error.value.message_dict
    assert FollowUp.objects.open().filter(match_check_in__match=running).count() == 2


def test_a_worker_elsewhere_cannot_answer_a_check_in(running, other_worker):
    message = refused(
        check_in_record, check_in=check_ins(running)[0], by=other_worker, answer=Answer.STOPPED
    )
    assert "You do not work in the neighbourhood" in message


def test_a_cancelled_check_in_cannot_be_answered(running, worker):
    match_end(match=running, by=worker, outcome=Match.Outcome.STOPPED, reason="Hij verhuisde.")
    message = refused(
        check_in_record, check_in=check_ins(running)[0], by=worker, answer=Answer.GOING_WELL
    )
    assert message.startswith("This check-in was cancelled on ")


def test_the_database_refuses_an_answer_without_its_moment(running):
    with pytest.raises(IntegrityError), transaction.atomic():
        MatchCheckIn.objects.filter(pk=check_ins(running)[0].pk).update(answer=Answer.STOPPED)


def test_ending_cancels_the_check_ins_not_yet_done_and_keeps_the_answered_ones(running, worker):
    first, second = check_ins(running)
    check_in_record(check_in=first, by=worker, answer=Answer.GOING_WELL)
    match_end(match=running, by=worker, outcome=Match.Outcome.NO_CLICK, reason="Geen klik.")
    first.follow_up.refresh_from_db()
    second.follow_up.refresh_from_db()
    assert first.follow_up.is_done and not first.follow_up.cancelled
    assert second.follow_up.cancelled and not second.follow_up.is_done


# Still in contact?


def test_months_after_keeps_to_the_calendar():
    assert months_after(datetime.date(2027, 1, 31), 1) == datetime.date(2027, 2, 28)
    assert months_after(datetime.date(2027, 11, 30), 3) == datetime.date(2028, 2, 29)
    assert months_after(datetime.date(2026, 12, 2), 12) == datetime.date(2027, 12, 2)


def test_a_lasting_end_asks_still_in_contact_at_3_6_and_12_months(introduced, worker):
    started_on = days(-40)
    Match.objects.filter(pk=introduced.pk).update(introduced_on=started_on)
    match_start(match=introduced, by=worker, started_on=started_on)
    match_end(match=introduced, by=worker, outcome=Match.Outcome.LASTING, reason="Zelfstandig.")
    later = check_ins(introduced, Kind.STILL_IN_CONTACT)
    assert [c.follow_up.due_on for c in later] == [
        months_after(started_on, months) for months in (3, 6, 12)
    ]
    assert all(c.follow_up.assigned_to == worker and not c.follow_up.is_closed for c in later)
    assert "Still in contact?" in later[0].follow_up.description
    assert Match.objects.lasting().filter(pk=introduced.pk).exists()


def test_only_the_months_still_ahead_are_asked(introduced, worker):
    started_on = days(-200)
    Match.objects.filter(pk=introduced.pk).update(introduced_on=started_on)
    match_start(match=introduced, by=worker, started_on=started_on)
    match_end(match=introduced, by=worker, outcome=Match.Outcome.LASTING, reason="Zelfstandig.")
    later = check_ins(introduced, Kind.STILL_IN_CONTACT)
    assert [c.follow_up.due_on for c in later] == [months_after(started_on, 12)]


def test_another_end_asks_nothing_later(running, worker):
    match_end(match=running, by=worker, outcome=Match.Outcome.NO_CLICK, reason="Geen klik.")
    assert check_ins(running, Kind.STILL_IN_CONTACT) == []
    assert not Match.objects.lasting().exists()


def test_a_still_in_contact_answer_of_stopped_ends_the_lasting(running, worker, lead):
    match_end(match=running, by=worker, outcome=Match.Outcome.LASTING, reason="Zelfstandig.")
    three, six, twelve = check_ins(running, Kind.STILL_IN_CONTACT)
    check_in_record(check_in=three, by=worker, answer=Answer.GOING_WELL, seeker_view="Goed")
    assert Match.objects.lasting().filter(pk=running.pk).exists()
    check_in_record(check_in=six, by=lead, answer=Answer.STOPPED, note="Zien elkaar niet meer.")
    assert not Match.objects.lasting().filter(pk=running.pk).exists()
    twelve.follow_up.refresh_from_db()
    assert twelve.follow_up.cancelled  # nothing left to ask
    assert refused(check_in_record, check_in=twelve, by=worker, answer=Answer.GOING_WELL)


def test_a_running_check_in_is_cancelled_by_a_lasting_end(running, worker):
    first = check_ins(running)[0]
    match_end(match=running, by=worker, outcome=Match.Outcome.LASTING, reason="Zelfstandig.")
    message = refused(check_in_record, check_in=first, by=worker, answer=Answer.GOING_WELL)
    assert message.startswith("This check-in was cancelled on ")


def test_a_check_in_waits_for_its_match_to_be_in_the_right_status(running, worker):
    """The check_in_problem rule itself: a "still in contact?" check-in of
    a match still running is not answered (it only exists after the end)."""
    first = check_ins(running)[0]
    first.kind = Kind.STILL_IN_CONTACT
    assert "so this check-in cannot be answered" in lifecycle.check_in_problem(first, running)


# Initiatives


def test_a_started_match_with_an_initiative_makes_the_resident_a_member(
    need, worker, lead, neighbourhood
):
    initiative = InitiativeFactory(name="Eettafel De Buurt", neighbourhoods=[neighbourhood])
    match = _propose(need, worker, initiative=initiative)
    match_approve(match=match, by=lead)
    assert not InitiativeMember.objects.filter(initiative=initiative).exists()
    match_introduce(match=match, by=worker, introduced_on=days(0))
    match_start(match=match, by=worker)
    member = InitiativeMember.objects.get(initiative=initiative)
    assert (member.resident_id, member.role, member.joined_on) == (
        need.resident_id,
        InitiativeMember.Role.MEMBER,
        days(0),
    )


def test_an_existing_member_stays_as_they_are(need, worker, lead, neighbourhood):
    initiative = InitiativeFactory(name="Eettafel De Buurt", neighbourhoods=[neighbourhood])
    InitiativeMember.objects.create(
        initiative=initiative,
        resident=need.resident,
        role=InitiativeMember.Role.ORGANISER,
        joined_on=days(-30),
    )
    match = _propose(need, worker, initiative=initiative)
    match_approve(match=match, by=lead)
    match_introduce(match=match, by=worker, introduced_on=days(0))
    match_start(match=match, by=worker)
    member = InitiativeMember.objects.get(initiative=initiative)
    assert (member.role, member.joined_on) == (InitiativeMember.Role.ORGANISER, days(-30))


def test_a_resident_helping_an_initiative_joins_it(worker, lead, neighbourhood, category):
    initiative = InitiativeFactory(name="Buurttuin", neighbourhoods=[neighbourhood])
    need = NeedFactory(
        resident=None, initiative=initiative, category=category, text="Iemand voor de moestuin"
    )
    gardener = ResidentFactory(address__street__neighbourhood=neighbourhood, name="Piet Groen")
    match = _propose(need, worker, helper=gardener)
    match_approve(match=match, by=lead)
    match_introduce(match=match, by=worker, introduced_on=days(0))
    match_start(match=match, by=worker)
    assert InitiativeMember.objects.filter(initiative=initiative, resident=gardener).exists()
