"""Erasing a resident stops their matches in progress on either side, the
way the lifecycle stops a match (``matches.services.lifecycle.match_stop``):
for the resident with the need and for the helping resident, in every
status in progress, and the other side's need or talent is free again."""

import pytest
from django.utils import timezone

from contacts.models import FollowUp, Need, Talent
from matches.models import Match, MatchEvent
from privacy.redaction import REDACTED
from privacy.services import resident_anonymise
from tests.contacts.factories import CategoryFactory, NeedFactory, ResidentFactory, TalentFactory
from tests.matches.steps import match_in
from tests.neighbourhoods.factories import AddressFactory

pytestmark = pytest.mark.django_db

Status = Match.Status

#: What a stopped match becomes, from each status in progress. Written out
#: here, not read from the lifecycle's table, so a change there shows.
STOPPED = {
    Status.PROPOSED: (Status.REJECTED, ""),
    Status.SENT_BACK: (Status.REJECTED, ""),
    Status.APPROVED: (Status.ENDED, Match.Outcome.STOPPED),
    Status.INTRODUCED: (Status.ENDED, Match.Outcome.STOPPED),
    Status.RUNNING: (Status.ENDED, Match.Outcome.STOPPED),
}


def test_every_status_in_progress_is_covered():
    assert set(STOPPED) == set(Status.in_progress())


@pytest.fixture
def garden(db):
    return CategoryFactory(slug="wistuin", name="Wistuin", name_en="Erasure garden")


@pytest.fixture
def need(resident, garden):
    return NeedFactory(resident=resident, category=garden, text="Het gras maaien")


@pytest.fixture
def helper(resident):
    return ResidentFactory(
        address=AddressFactory(street=resident.address.street), name="Henk Helper"
    )


@pytest.fixture
def talent(helper, garden):
    return TalentFactory(resident=helper, category=garden, text="Maait graag gras")


def assert_stopped(match, *, was, by):
    """``match``, in status ``was`` before, stopped as the table says, with
    one event for it and no check-in left open."""
    match.refresh_from_db()
    status, outcome = STOPPED[was]
    assert (match.status, match.outcome) == (status, outcome)
    assert match.ended_on == (timezone.localdate() if status == Status.ENDED else None)
    last = MatchEvent.objects.filter(match=match).order_by("at", "pk").last()
    assert (last.from_status, last.to_status, last.by, last.note) == (was, status, by, "")
    assert not FollowUp.objects.open().filter(match_check_in__match=match).exists()
    assert not Match.objects.in_progress().filter(need=match.need_id).exists()


@pytest.mark.parametrize("status", list(STOPPED))
def test_erasing_the_helper_stops_the_match_and_opens_the_need_again(
    status, need, helper, talent, worker, lead
):
    match = match_in(status, need=need, helper=helper, talent=talent, worker=worker, lead=lead)
    need.refresh_from_db()
    # The need is matched from the start on; before that it is open but taken.
    assert need.status == (Need.Status.MATCHED if status == Status.RUNNING else Need.Status.OPEN)
    if status == Status.RUNNING:
        assert FollowUp.objects.open().filter(match_check_in__match=match).count() == 2

    resident_anonymise(resident=helper, by=lead)

    assert_stopped(match, was=status, by=lead)
    need.refresh_from_db()
    assert need.status == Need.Status.OPEN
    assert need.text == "Het gras maaien"
    # The helper's own talent is closed with the rest of what was known of them.
    talent.refresh_from_db()
    assert (talent.status, talent.text) == (Talent.Status.CLOSED, REDACTED)


@pytest.mark.parametrize("status", list(STOPPED))
def test_erasing_the_resident_with_the_need_stops_the_match_and_opens_the_talent_again(
    status, resident, need, helper, talent, worker, lead
):
    match = match_in(status, need=need, helper=helper, talent=talent, worker=worker, lead=lead)
    talent.refresh_from_db()
    assert talent.status == (
        Talent.Status.MATCHED if status == Status.RUNNING else Talent.Status.OPEN
    )

    resident_anonymise(resident=resident, by=lead)

    assert_stopped(match, was=status, by=lead)
    talent.refresh_from_db()
    assert (talent.status, talent.text) == (Talent.Status.OPEN, "Maait graag gras")
    need.refresh_from_db()
    assert (need.status, need.text) == (Need.Status.CLOSED, REDACTED)


def test_a_talent_another_running_match_uses_stays_matched(
    resident, need, helper, talent, worker, lead, garden
):
    neighbour = ResidentFactory(address=AddressFactory(street=resident.address.street))
    other_need = NeedFactory(resident=neighbour, category=garden, text="Ook het gras")
    first = match_in(
        Status.RUNNING, need=need, helper=helper, talent=talent, worker=worker, lead=lead
    )
    second = match_in(
        Status.RUNNING, need=other_need, helper=helper, talent=talent, worker=worker, lead=lead
    )

    resident_anonymise(resident=resident, by=lead)

    assert_stopped(first, was=Status.RUNNING, by=lead)
    talent.refresh_from_db()
    assert talent.status == Talent.Status.MATCHED  # Henk still helps the neighbour
    second.refresh_from_db()
    assert second.status == Status.RUNNING

    resident_anonymise(resident=neighbour, by=lead)

    assert_stopped(second, was=Status.RUNNING, by=lead)
    talent.refresh_from_db()
    assert talent.status == Talent.Status.OPEN


def test_a_need_closed_meanwhile_stays_closed(need, helper, talent, worker, lead):
    match = match_in(
        Status.RUNNING, need=need, helper=helper, talent=talent, worker=worker, lead=lead
    )
    Need.objects.filter(pk=need.pk).update(status=Need.Status.CLOSED)

    resident_anonymise(resident=helper, by=lead)

    assert_stopped(match, was=Status.RUNNING, by=lead)
    need.refresh_from_db()
    assert need.status == Need.Status.CLOSED


def test_ended_and_rejected_matches_are_left_as_they_are(
    need, helper, talent, worker, lead, garden
):
    ended = match_in(
        Status.ENDED, need=need, helper=helper, talent=talent, worker=worker, lead=lead
    )
    other_need = NeedFactory(resident=need.resident, category=garden, text="De heg knippen")
    rejected = match_in(
        Status.REJECTED, need=other_need, helper=helper, talent=talent, worker=worker, lead=lead
    )
    counts = {m.pk: m.events.count() for m in (ended, rejected)}

    resident_anonymise(resident=helper, by=lead)

    for match, status in ((ended, Status.ENDED), (rejected, Status.REJECTED)):
        match.refresh_from_db()
        assert match.status == status
        assert match.events.count() == counts[match.pk]
    assert ended.outcome == Match.Outcome.LASTING
