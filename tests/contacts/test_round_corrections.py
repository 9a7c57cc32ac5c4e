"""The round page for one thumb (issue 13, points 1 to 3): the next door
first and done doors folded, undoing or changing a door's outcome, "moved
or empty" marking the residents known there as moved, and "declined"
keeping a door out of planned rounds for a while (contacts.views.rounds,
contacts.services.rounds)."""

import datetime
import re
import uuid

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from contacts.models import DoorKnock, DoorKnockCorrection, DoorKnockSummary, FollowUp, Resident
from contacts.models.rounds import months_before
from contacts.selectors.rounds import addresses_for_round
from contacts.services.rounds import door_knock_record, door_knock_undo
from tests.contacts.factories import (
    ConversationFactory,
    DoorKnockFactory,
    ResidentFactory,
    RoundFactory,
)
from tests.contacts.knock_summaries import summaries_recomputed, summaries_stored
from tests.neighbourhoods.factories import AddressFactory, StreetFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english_pages")]


@pytest.fixture
def street(neighbourhood):
    return StreetFactory(neighbourhood=neighbourhood, name="Kastanjelaan")


@pytest.fixture
def houses(street):
    return {n: AddressFactory(street=street, house_number=n) for n in range(1, 9)}


@pytest.fixture
def round_(neighbourhood, worker, colleague, houses):
    return RoundFactory(
        neighbourhood=neighbourhood,
        worker=worker,
        second_worker=colleague,
        addresses=list(houses.values()),
    )


def page_url(round):
    return reverse("contacts:round_detail", args=[round.pk])


def knock(client, round, address, outcome="not_home", token=None):
    return client.post(
        reverse("contacts:knock_record", args=[round.pk, address.pk]),
        {"outcome": outcome, "submission_token": str(token or uuid.uuid4())},
    )


def undo(client, round, address, knock_pk, token=None):
    return client.post(
        reverse("contacts:knock_undo", args=[round.pk, address.pk]),
        {"knock": knock_pk, "submission_token": str(token or uuid.uuid4())},
    )


def later(minutes):
    """The clock ``minutes`` from now, standing still."""
    return time_machine.travel(timezone.now() + datetime.timedelta(minutes=minutes), tick=False)


# The page: the next door on the first screen


def test_the_page_shows_progress_the_next_door_and_folds_done_doors(
    client, worker, round_, houses
):
    for n in (1, 3, 5):  # walking order: 1 3 5 7, then 2 4 6 8
        door_knock_record(round=round_, address=houses[n], outcome="not_home", worker=worker)
    client.force_login(worker)
    response = client.get(page_url(round_))
    content = response.content.decode()
    assert response.context["next_door"] == houses[7]
    assert "3 of 8 done" in content
    assert f'href="#adres-{houses[7].pk}"' in content  # the "next door" jump
    assert "Next door" in content
    # The three done doors are one folded run, each door a line of its own.
    assert content.count('<details class="doors-done') == 1
    assert "3 doors done" in content
    assert content.count('<details class="door-done') == 3
    # The next door is a full card, right after the place of the confirmation.
    assert re.search(
        rf'<div id="volgende">.*?</div>\s*<article[^>]*id="adres-{houses[7].pk}"',
        content,
        re.DOTALL,
    )
    assert content.count('<article class="card') == 5


def test_after_a_tap_the_confirmation_is_just_above_the_next_door(client, worker, round_, houses):
    client.force_login(worker)
    response = knock(client, round_, houses[1])
    assert response["Location"] == f"{page_url(round_)}#volgende"
    content = client.get(response["Location"]).content.decode()
    volgende = re.search(r'<div id="volgende">(.*?)</div>\s*<article', content, re.DOTALL)
    assert volgende, "no confirmation before the next door"
    assert "Kastanjelaan 1: not home." in volgende.group(1)
    assert "Undo Kastanjelaan 1" in volgende.group(1)
    # Not at the top of the page as well.
    assert content.count("Kastanjelaan 1: not home.") == 1


def test_when_every_door_is_done_the_page_says_so(client, worker, neighbourhood, street):
    address = AddressFactory(street=street, house_number=40)
    round = RoundFactory(neighbourhood=neighbourhood, worker=worker, addresses=[address])
    client.force_login(worker)
    content = client.get(knock(client, round, address)["Location"]).content.decode()
    assert "Every door of this round is done." in content
    assert "Kastanjelaan 40: not home." in content


def test_the_page_query_count_does_not_grow_with_done_doors(
    client, worker, neighbourhood, street, django_assert_num_queries
):
    def make_round(count, done):
        addresses = [AddressFactory(street=street, house_number=200 + n) for n in range(count)]
        round = RoundFactory(neighbourhood=neighbourhood, worker=worker, addresses=addresses)
        for address in addresses[:done]:
            DoorKnockFactory(address=address, round=round, worker=worker)
            ResidentFactory(address=address)
        return round

    small, large = make_round(4, 1), make_round(32, 12)
    client.force_login(worker)
    knock(client, small, small.addresses.order_by("house_number")[1], outcome="moved")
    # savepoint (ATOMIC_REQUESTS), session, user, round with neighbourhood and
    # workers, addresses with streets, counts and recent "declined", their
    # latest door knocks with workers, their knock in this round, the knocks
    # at doors never answered, their residents, the access-log row, release
    # savepoint; the same after a tap, with its confirmation (messages in a cookie)
    with django_assert_num_queries(11):
        response = client.get(page_url(small))
    assert response.context["just_recorded"] is not None
    with django_assert_num_queries(11):
        response = client.get(page_url(large))
    assert response.context["knocked_count"] == 12
    assert "12 of 32 done" in response.content.decode()


# Undo


def test_undo_removes_the_attempt_and_logs_it(client, worker, round_, houses):
    client.force_login(worker)
    knock(client, round_, houses[2], outcome="come_back")
    door_knock = DoorKnock.objects.get()
    assert FollowUp.objects.filter(door_knock=door_knock).exists()

    response = undo(client, round_, houses[2], door_knock.pk)
    assert response.status_code == 302
    assert response["Location"] == f"{page_url(round_)}#volgende"
    assert not DoorKnock.objects.exists()
    assert not FollowUp.objects.exists()  # the "ring again" went with it
    assert not DoorKnockSummary.objects.filter(address=houses[2]).exists()
    correction = DoorKnockCorrection.objects.get()
    assert correction.action == DoorKnockCorrection.Action.UNDONE
    assert correction.door_knock_id == door_knock.pk
    assert (correction.outcome_before, correction.outcome_after) == ("come_back", "")
    assert (correction.corrected_by, correction.knocked_by) == (worker, worker)
    assert correction.round == round_
    content = client.get(response["Location"]).content.decode()
    assert "Kastanjelaan 2: undone, the attempt is removed." in content
    assert response_next_door(client, round_) == houses[1]


def response_next_door(client, round):
    return client.get(page_url(round)).context["next_door"]


def test_undo_keeps_the_earlier_attempts_in_the_summary(worker, round_, houses):
    DoorKnockFactory(
        address=houses[3],
        worker=worker,
        outcome="spoke",
        knocked_at=timezone.now() - datetime.timedelta(days=30),
    )
    door_knock = door_knock_record(
        round=round_, address=houses[3], outcome="not_home", worker=worker
    )
    door_knock_undo(knock=door_knock, undone_by=worker)
    assert summaries_stored() == summaries_recomputed()
    assert DoorKnockSummary.objects.get(address=houses[3]).knocks == 1


def test_undo_twice_with_one_token_undoes_once(client, worker, round_, houses):
    client.force_login(worker)
    knock(client, round_, houses[4])
    door_knock = DoorKnock.objects.get()
    token = uuid.uuid4()
    undo(client, round_, houses[4], door_knock.pk, token=token)
    response = undo(client, round_, houses[4], door_knock.pk, token=token)
    assert response.status_code == 302
    assert DoorKnockCorrection.objects.count() == 1
    # Tapped again from a page still showing the button: said, not an error.
    response = undo(client, round_, houses[4], door_knock.pk)
    assert response.status_code == 302
    content = client.get(page_url(round_)).content.decode()
    assert "This door knock was undone already." in content


def test_an_undo_is_refused_after_the_undo_time(client, worker, round_, houses, settings):
    settings.KNOCK_UNDO_MINUTES = 5
    client.force_login(worker)
    knock(client, round_, houses[4])
    door_knock = DoorKnock.objects.get()
    with later(4):
        assert "Undo Kastanjelaan 4" in client.get(page_url(round_)).content.decode()
    with later(6):
        assert "Undo Kastanjelaan 4" not in client.get(page_url(round_)).content.decode()
        response = undo(client, round_, houses[4], door_knock.pk)
        assert response.status_code == 302
        content = client.get(page_url(round_)).content.decode()
    assert "more than 5 minutes old" in content
    assert DoorKnock.objects.filter(pk=door_knock.pk).exists()
    assert not DoorKnockCorrection.objects.exists()


def test_an_undo_is_refused_once_a_conversation_was_logged(worker, neighbourhood, round_, houses):
    door_knock = door_knock_record(round=round_, address=houses[5], outcome="spoke", worker=worker)
    ConversationFactory(neighbourhood=neighbourhood, door_knock=door_knock)
    with pytest.raises(ValidationError, match="conversation"):
        door_knock_undo(knock=door_knock, undone_by=worker)
    assert DoorKnock.objects.filter(pk=door_knock.pk).exists()


def test_undo_rejects_get(client, worker, round_, houses):
    client.force_login(worker)
    response = client.get(reverse("contacts:knock_undo", args=[round_.pk, houses[1].pk]))
    assert response.status_code == 405


def test_undo_requires_login(client, worker, round_, houses):
    door_knock = door_knock_record(round=round_, address=houses[1], outcome="moved", worker=worker)
    response = undo(client, round_, houses[1], door_knock.pk)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))
    assert DoorKnock.objects.exists()


def test_a_worker_of_another_team_cannot_undo(client, worker, other_worker, round_, houses):
    door_knock = door_knock_record(round=round_, address=houses[1], outcome="moved", worker=worker)
    client.force_login(other_worker)
    assert undo(client, round_, houses[1], door_knock.pk).status_code == 404
    assert DoorKnock.objects.exists()


def test_a_knock_of_another_door_cannot_be_undone_through_this_one(client, worker, round_, houses):
    door_knock = door_knock_record(round=round_, address=houses[1], outcome="moved", worker=worker)
    client.force_login(worker)
    assert undo(client, round_, houses[2], door_knock.pk).status_code == 404
    assert DoorKnock.objects.exists()


# A changed outcome replaces the attempt


def test_a_second_tap_changes_the_outcome_instead_of_adding_an_attempt(
    client, worker, round_, houses
):
    client.force_login(worker)
    knock(client, round_, houses[6], outcome="come_back")
    knock(client, round_, houses[6], outcome="not_home")
    door_knock = DoorKnock.objects.get()
    assert door_knock.outcome == DoorKnock.Outcome.NOT_HOME
    assert not FollowUp.objects.exists()  # no longer "come back later"
    correction = DoorKnockCorrection.objects.get()
    assert correction.action == DoorKnockCorrection.Action.CHANGED
    assert (correction.outcome_before, correction.outcome_after) == ("come_back", "not_home")
    assert summaries_stored() == summaries_recomputed()
    assert DoorKnockSummary.objects.get(address=houses[6]).answered is False
    knock(client, round_, houses[6], outcome="come_back")
    assert FollowUp.objects.get().door_knock == door_knock


def test_the_same_outcome_again_changes_nothing(client, worker, round_, houses):
    client.force_login(worker)
    knock(client, round_, houses[6])
    knock(client, round_, houses[6])
    assert DoorKnock.objects.count() == 1
    assert not DoorKnockCorrection.objects.exists()


def test_after_the_undo_time_a_tap_is_a_new_attempt(client, worker, round_, houses, settings):
    settings.KNOCK_UNDO_MINUTES = 5
    client.force_login(worker)
    knock(client, round_, houses[6])
    with later(6):
        knock(client, round_, houses[6], outcome="spoke")
    assert DoorKnock.objects.count() == 2
    assert not DoorKnockCorrection.objects.exists()


# Moved or empty


def test_moved_offers_to_mark_the_residents_known_there(client, worker, round_, houses):
    staying_elsewhere = ResidentFactory(address=houses[2], name="Bep Stam")
    gone = ResidentFactory(address=houses[1], name="Ans Kok")
    also_gone = ResidentFactory(address=houses[1], name="Kees Kok")
    client.force_login(worker)
    content = client.get(knock(client, round_, houses[1], outcome="moved")["Location"])
    content = content.content.decode()
    assert "Who no longer lives here?" in content
    form = re.search(
        r'<form method="post"\s+action="([^"]+/verhuisd/)".*?</form>', content, re.DOTALL
    )
    assert form
    token = re.search(r'name="submission_token" value="([^"]+)"', form.group(0)).group(1)
    response = client.post(form.group(1), {"residents": [gone.pk], "submission_token": token})
    assert response.status_code == 302
    gone.refresh_from_db()
    also_gone.refresh_from_db()
    staying_elsewhere.refresh_from_db()
    assert gone.status == Resident.Status.MOVED
    assert also_gone.status == Resident.Status.ACTIVE  # not ticked
    assert staying_elsewhere.status == Resident.Status.ACTIVE
    assert "1 resident marked as moved." in client.get(response["Location"]).content.decode()


def test_a_resident_of_another_door_is_not_marked_moved(client, worker, round_, houses):
    elsewhere = ResidentFactory(address=houses[2])
    client.force_login(worker)
    client.post(
        reverse("contacts:knock_moved", args=[round_.pk, houses[1].pk]),
        {"residents": [elsewhere.pk], "submission_token": str(uuid.uuid4())},
    )
    elsewhere.refresh_from_db()
    assert elsewhere.status == Resident.Status.ACTIVE


def test_marking_moved_rejects_get_strangers_and_anonymous_visitors(
    client, other_worker, round_, houses
):
    resident = ResidentFactory(address=houses[1])
    url = reverse("contacts:knock_moved", args=[round_.pk, houses[1].pk])
    data = {"residents": [resident.pk], "submission_token": str(uuid.uuid4())}
    assert client.post(url, data)["Location"].startswith(reverse("account_login"))
    client.force_login(other_worker)
    assert client.post(url, data).status_code == 404
    assert client.get(url).status_code == 405
    resident.refresh_from_db()
    assert resident.status == Resident.Status.ACTIVE


# Declined: left out of planned rounds for a while


def test_months_before_keeps_the_day_or_takes_the_last_of_a_shorter_month():
    assert months_before(datetime.date(2026, 8, 31), 6) == datetime.date(2026, 2, 28)
    assert months_before(datetime.date(2028, 8, 31), 6) == datetime.date(2028, 2, 29)
    assert months_before(datetime.date(2026, 3, 15), 6) == datetime.date(2025, 9, 15)
    assert months_before(datetime.date(2026, 11, 30), -3) == datetime.date(2027, 2, 28)


def test_a_declined_door_says_so_on_its_card_and_is_left_out_of_planned_rounds(
    client, worker, round_, houses, street, settings
):
    settings.DECLINED_REST_MONTHS = 6
    declined_at = timezone.now() - datetime.timedelta(days=10)
    DoorKnockFactory(address=houses[3], worker=worker, outcome="declined", knocked_at=declined_at)
    long_ago = timezone.now() - datetime.timedelta(days=400)
    DoorKnockFactory(address=houses[5], worker=worker, outcome="declined", knocked_at=long_ago)
    client.force_login(worker)
    content = client.get(page_url(round_)).content.decode()
    until = months_before(timezone.localtime(declined_at), -6)
    assert f"left out of planned rounds until {until:%-d-%-m-%Y}" in content
    assert content.count("left out of planned rounds until") == 1

    planned = set(addresses_for_round(street=street))
    assert houses[3] not in planned
    assert houses[5] in planned  # declined more than six months ago
    settings.DECLINED_REST_MONTHS = 0
    assert houses[3] in set(addresses_for_round(street=street))


def test_declined_says_how_long_the_door_rests(client, worker, round_, houses, settings):
    settings.DECLINED_REST_MONTHS = 6
    client.force_login(worker)
    content = client.get(knock(client, round_, houses[1], outcome="declined")["Location"])
    assert "left out of planned rounds for 6 months" in content.content.decode()
