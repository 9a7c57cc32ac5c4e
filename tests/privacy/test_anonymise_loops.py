"""Erasure of what issue 16 adds about a resident: the notes and views of
their matches' check-ins (answered, and "still in contact?" ones after a
lasting end) leave no name behind, and the check-ins stay as anonymous
rows that still count."""

import pytest

from contacts.models import FollowUp
from matches.models import MatchCheckIn
from matches.services.lifecycle import check_in_record
from privacy.redaction import REDACTED
from privacy.services import resident_anonymise
from tests.privacy.conftest import FIRST, LAST, PHONE
from tests.privacy.test_anonymise import TERMS, places_holding

pytestmark = pytest.mark.django_db


def _answer_all(match, by):
    for check_in in MatchCheckIn.objects.filter(match=match).select_related("follow_up"):
        if check_in.follow_up.done_at is None:
            check_in_record(
                check_in=check_in,
                by=by,
                answer=MatchCheckIn.Answer.GOING_WELL,
                note=f"{FIRST} {LAST} belt Pieter elke week, op {PHONE}.",
                seeker_view=f"{FIRST} is blij.",
                helper_view=f"Pieter vindt {FIRST} gezellig.",
            )
            return check_in
    raise AssertionError("no open check-in")


def test_check_in_notes_and_views_lose_every_name(everything, worker, lead):
    running = _answer_all(everything.match_as_seeker, worker)
    # After the lasting end of her match as a helper: "still in contact?".
    later = _answer_all(everything.match_as_helper, worker)
    assert later.kind == MatchCheckIn.Kind.STILL_IN_CONTACT
    assert ("matches_matchcheckin", "note") in places_holding(*TERMS)

    resident_anonymise(resident=everything.resident, by=lead)

    assert places_holding(*TERMS) == {}
    for check_in in (running, later):
        check_in.refresh_from_db()
        assert check_in.note == check_in.seeker_view == check_in.helper_view == ""
        assert check_in.answer == MatchCheckIn.Answer.GOING_WELL  # still counts
        assert FollowUp.objects.get(pk=check_in.follow_up_id).description == REDACTED


def test_the_open_still_in_contact_check_ins_are_cancelled_not_done(everything, lead):
    match = everything.match_as_helper
    open_ones = FollowUp.objects.open().filter(match_check_in__match=match)
    assert open_ones.exists()
    resident_anonymise(resident=everything.resident, by=lead)
    closed = FollowUp.objects.filter(match_check_in__match=match, match_check_in__answer="")
    assert closed.exists()
    assert all(f.cancelled for f in closed)
