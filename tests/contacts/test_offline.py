"""What the phone keeps for offline use and sends later (issue 14), on the
contacts side: today's pages to keep, the conversation form of a door of a
round (the form kept offline: a "spoke" tapped offline has no knock yet),
and a tap made offline, recorded at the moment it was made."""

import datetime
import uuid

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from contacts.forms.rounds import KnockForm
from contacts.models import Conversation, DoorKnock, Resident
from contacts.models.residents import ConsentRecord
from contacts.services.rounds import door_knock_record
from tests.contacts.factories import DoorKnockFactory, ResidentFactory, RoundFactory
from tests.neighbourhoods.factories import AddressFactory, StreetFactory

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.usefixtures("english_pages", "english_messages"),
]

#: A fixed moment (a Tuesday morning in winter time), so the "today" of the
#: list and the minutes of the undo time do not depend on when the suite runs.
NOW = datetime.datetime(2027, 2, 16, 10, 30, tzinfo=datetime.UTC)


@pytest.fixture(autouse=True)
def frozen():
    with time_machine.travel(NOW, tick=False):
        yield


@pytest.fixture
def houses(neighbourhood):
    street = StreetFactory(neighbourhood=neighbourhood, name="Kastanjelaan")
    return {n: AddressFactory(street=street, house_number=n) for n in range(1, 5)}


@pytest.fixture
def round_(worker, neighbourhood, houses):
    return RoundFactory(
        neighbourhood=neighbourhood,
        worker=worker,
        planned_for=timezone.localdate(),
        addresses=list(houses.values()),
    )


def door_url(round_, address):
    return reverse("contacts:conversation_at_door", args=[round_.pk, address.pk])


# --- Today's pages -----------------------------------------------------------


def test_the_phone_keeps_my_day_todays_rounds_and_their_doors_forms(
    client, worker, colleague, neighbourhood, round_, houses
):
    # Not kept: yesterday's round, tomorrow's, and a colleague's of today.
    RoundFactory(
        neighbourhood=neighbourhood,
        worker=worker,
        planned_for=timezone.localdate() - datetime.timedelta(days=1),
    )
    RoundFactory(
        neighbourhood=neighbourhood,
        worker=worker,
        planned_for=timezone.localdate() + datetime.timedelta(days=1),
    )
    RoundFactory(neighbourhood=neighbourhood, worker=colleague, planned_for=timezone.localdate())
    client.force_login(worker)
    data = client.get(reverse("contacts:offline_today")).json()
    assert data["date"] == "2027-02-16"
    assert data["urls"] == [
        "/",
        f"/rondes/{round_.pk}/",
        *(door_url(round_, houses[n]) for n in (1, 2, 3, 4)),
    ]


def test_a_round_as_second_worker_is_kept_too(client, worker, colleague, neighbourhood):
    shared = RoundFactory(
        neighbourhood=neighbourhood,
        worker=colleague,
        second_worker=worker,
        planned_for=timezone.localdate(),
    )
    client.force_login(worker)
    assert f"/rondes/{shared.pk}/" in client.get(reverse("contacts:offline_today")).json()["urls"]


def test_a_worker_of_another_team_keeps_none_of_our_rounds(client, other_worker, round_):
    client.force_login(other_worker)
    assert client.get(reverse("contacts:offline_today")).json()["urls"] == ["/"]


def test_todays_list_query_count_does_not_grow_with_doors_or_rounds(
    client, worker, neighbourhood, round_, django_assert_num_queries
):
    client.force_login(worker)
    # savepoint, session, user, the rounds (scoped in the same query), their
    # doors, release savepoint
    with django_assert_num_queries(6):
        client.get(reverse("contacts:offline_today"))
    street = StreetFactory(neighbourhood=neighbourhood)
    for n in range(3):
        RoundFactory(
            neighbourhood=neighbourhood,
            worker=worker,
            planned_for=timezone.localdate(),
            addresses=[AddressFactory(street=street, house_number=10 + n)],
        )
    with django_assert_num_queries(6):
        response = client.get(reverse("contacts:offline_today"))
    assert len(response.json()["urls"]) == 1 + 4 + 4 + 3


# --- The conversation form of a door ----------------------------------------


def test_the_door_form_offers_who_is_known_there_and_records_nothing_by_opening(
    client, worker, round_, houses
):
    known = ResidentFactory(address=houses[2], name="Greet Proefbewoner")
    client.force_login(worker)
    response = client.get(door_url(round_, houses[2]))
    assert response.status_code == 200
    assert known.name in response.content.decode()
    assert DoorKnock.objects.count() == 0


def test_saving_the_door_form_records_the_spoke_knock_and_the_conversation(
    client, worker, round_, houses
):
    known = ResidentFactory(address=houses[2])
    client.force_login(worker)
    data = {
        "submission_token": str(uuid.uuid4()),
        "happened_at": timezone.localtime().strftime("%Y-%m-%dT%H:%M"),
        "place": Conversation.Place.DOORSTEP,
        "workers": [str(worker.pk)],
        "residents": [str(known.pk)],
        "notes": "Aan de deur.",
        "new-consent_method": ConsentRecord.Method.SPOKEN,
        "offline_kind": "conversation",
    }
    response = client.post(door_url(round_, houses[2]), data)
    assert response.status_code == 302
    assert response["Location"] == f"/rondes/{round_.pk}/#volgende"
    knock = DoorKnock.objects.get()
    assert (knock.address, knock.round, knock.outcome) == (houses[2], round_, "spoke")
    assert knock.resident == known
    assert Conversation.objects.get().door_knock == knock
    # Sent again (a replay whose answer was lost): nothing twice.
    client.post(door_url(round_, houses[2]), data)
    assert DoorKnock.objects.count() == Conversation.objects.count() == 1


def test_the_door_form_takes_the_spoke_knock_just_tapped_there(client, worker, round_, houses):
    tapped = door_knock_record(
        round=round_, address=houses[3], outcome=DoorKnock.Outcome.SPOKE, worker=worker
    )
    client.force_login(worker)
    client.post(
        door_url(round_, houses[3]),
        {
            "submission_token": str(uuid.uuid4()),
            "happened_at": timezone.localtime().strftime("%Y-%m-%dT%H:%M"),
            "place": Conversation.Place.DOORSTEP,
            "workers": [str(worker.pk)],
            "new-name": "Fenna Proefbewoner",
            "new-may_store": "yes",
            "new-may_match": "yes",
            "new-consent_method": ConsentRecord.Method.SPOKEN,
        },
    )
    assert DoorKnock.objects.get() == tapped
    assert Conversation.objects.get().door_knock == tapped
    assert Resident.objects.get(name="Fenna Proefbewoner").address == houses[3]


def test_a_refused_door_form_records_no_knock_either(client, worker, round_, houses):
    client.force_login(worker)
    response = client.post(
        door_url(round_, houses[1]),
        {"submission_token": str(uuid.uuid4()), "workers": [str(worker.pk)]},
    )
    assert response.status_code == 200
    assert DoorKnock.objects.count() == Conversation.objects.count() == 0


def test_a_worker_of_another_team_gets_404_for_a_door_form(client, other_worker, round_, houses):
    client.force_login(other_worker)
    assert client.get(door_url(round_, houses[1])).status_code == 404
    assert client.post(door_url(round_, houses[1]), {}).status_code == 404


def test_an_address_outside_the_round_is_404(client, worker, round_, neighbourhood):
    elsewhere = AddressFactory(street__neighbourhood=neighbourhood, house_number=99)
    client.force_login(worker)
    assert client.get(door_url(round_, elsewhere)).status_code == 404


def test_the_door_form_query_count_does_not_grow_with_residents(
    client, worker, round_, houses, django_assert_num_queries
):
    ResidentFactory(address=houses[4], name="Bewoner")
    client.force_login(worker)
    # savepoint, session, user, the round, the address (with its street and
    # neighbourhood), the categories, the residents offered, the access-log
    # row, the workers, the themes, release savepoint
    with django_assert_num_queries(11):
        client.get(door_url(round_, houses[4]))
    for n in range(4):
        ResidentFactory(address=houses[4], name=f"Huisgenoot {n}")
    with django_assert_num_queries(11):
        response = client.get(door_url(round_, houses[4]))
    assert response.content.decode().count('name="listed"') == 5


# --- A tap made offline ------------------------------------------------------


def test_a_tap_made_offline_is_recorded_when_it_was_made(worker, round_, houses):
    tapped_at = timezone.now() - datetime.timedelta(minutes=40)
    knock = door_knock_record(
        round=round_,
        address=houses[1],
        outcome=DoorKnock.Outcome.NOT_HOME,
        worker=worker,
        tapped_at=tapped_at,
    )
    assert knock.knocked_at == tapped_at


def test_a_second_offline_tap_within_the_undo_time_changes_the_first(worker, round_, houses):
    first_tap = timezone.now() - datetime.timedelta(minutes=40)
    first = door_knock_record(
        round=round_,
        address=houses[1],
        outcome=DoorKnock.Outcome.NOT_HOME,
        worker=worker,
        tapped_at=first_tap,
    )
    second = door_knock_record(
        round=round_,
        address=houses[1],
        outcome=DoorKnock.Outcome.COME_BACK,
        worker=worker,
        tapped_at=first_tap + datetime.timedelta(minutes=1),
    )
    assert second.pk == first.pk
    assert DoorKnock.objects.get().outcome == DoorKnock.Outcome.COME_BACK


def test_an_offline_tap_long_after_the_first_is_a_new_attempt(worker, round_, houses):
    first_tap = timezone.now() - datetime.timedelta(hours=3)
    door_knock_record(
        round=round_,
        address=houses[1],
        outcome=DoorKnock.Outcome.NOT_HOME,
        worker=worker,
        tapped_at=first_tap,
    )
    door_knock_record(
        round=round_,
        address=houses[1],
        outcome=DoorKnock.Outcome.NOT_HOME,
        worker=worker,
        tapped_at=first_tap + datetime.timedelta(hours=2),
    )
    assert DoorKnock.objects.count() == 2


def test_a_tap_from_the_future_is_recorded_now(worker, round_, houses):
    knock = door_knock_record(
        round=round_,
        address=houses[1],
        outcome=DoorKnock.Outcome.NOT_HOME,
        worker=worker,
        tapped_at=timezone.now() + datetime.timedelta(hours=1),  # a phone's clock ahead
    )
    assert knock.knocked_at == timezone.now()


def test_a_tap_kept_too_long_on_the_phone_is_refused_with_a_message():
    old = timezone.now() - datetime.timedelta(days=15)
    form = KnockForm(
        {"outcome": "not_home", "submission_token": str(uuid.uuid4()), "tapped_at": old}
    )
    assert not form.is_valid()
    assert form.errors["tapped_at"] == [
        "This tap was kept on the phone for too long to be recorded."
    ]


def test_the_phone_sends_the_moment_as_iso_8601_in_utc():
    form = KnockForm(
        {
            "outcome": "not_home",
            "submission_token": str(uuid.uuid4()),
            "tapped_at": "2027-02-16T10:12:34.567Z",
        }
    )
    assert form.is_valid(), form.errors
    assert form.cleaned_data["tapped_at"] == datetime.datetime(
        2027, 2, 16, 10, 12, 34, 567000, tzinfo=datetime.UTC
    )


def test_an_online_knock_view_passes_the_offline_moment(client, worker, round_, houses):
    client.force_login(worker)
    client.post(
        reverse("contacts:knock_record", args=[round_.pk, houses[1].pk]),
        {
            "outcome": "not_home",
            "submission_token": str(uuid.uuid4()),
            "tapped_at": "2027-02-16T09:50:00Z",
        },
    )
    assert DoorKnock.objects.get().knocked_at == datetime.datetime(
        2027, 2, 16, 9, 50, tzinfo=datetime.UTC
    )


def test_the_round_page_cards_carry_what_the_phone_needs_offline(client, worker, round_, houses):
    DoorKnockFactory(address=houses[1], worker=worker)
    client.force_login(worker)
    html = client.get(reverse("contacts:round_detail", args=[round_.pk])).content.decode()
    assert html.count('name="offline_kind" value="knock"') == 4
    assert f'name="offline_spoke" value="{door_url(round_, houses[2])}"' in html
    assert "data-offline-today" in html


def test_an_offline_tap_at_a_door_a_colleague_just_logged_is_refused_with_a_message(
    worker, colleague, round_, houses
):
    round_.second_worker = colleague
    round_.save()
    at = timezone.now() - datetime.timedelta(minutes=20)
    door_knock_record(
        round=round_,
        address=houses[1],
        outcome=DoorKnock.Outcome.NOT_HOME,
        worker=colleague,
        tapped_at=at,
    )
    with pytest.raises(ValidationError) as refused:
        door_knock_record(
            round=round_,
            address=houses[1],
            outcome=DoorKnock.Outcome.COME_BACK,
            worker=worker,
            tapped_at=at + datetime.timedelta(minutes=1),
        )
    local = timezone.localtime(at).strftime("%H:%M")
    assert refused.value.messages == [f"Karim already logged this door at {local}: not home."]
    assert DoorKnock.objects.get().outcome == DoorKnock.Outcome.NOT_HOME


def test_the_door_form_takes_a_colleagues_spoke_knock_there(
    client, worker, colleague, round_, houses
):
    round_.second_worker = colleague
    round_.save()
    tapped = door_knock_record(
        round=round_, address=houses[4], outcome=DoorKnock.Outcome.SPOKE, worker=colleague
    )
    known = ResidentFactory(address=houses[4])
    client.force_login(worker)
    client.post(
        door_url(round_, houses[4]),
        {
            "submission_token": str(uuid.uuid4()),
            "happened_at": timezone.localtime().strftime("%Y-%m-%dT%H:%M"),
            "place": Conversation.Place.DOORSTEP,
            "workers": [str(worker.pk), str(colleague.pk)],
            "residents": [str(known.pk)],
            "new-consent_method": ConsentRecord.Method.SPOKEN,
        },
    )
    assert DoorKnock.objects.get() == tapped
    assert Conversation.objects.get().door_knock == tapped
