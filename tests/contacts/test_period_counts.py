"""The counts per calendar period that the database keeps for the period
reports (contacts.models.period_counts, migration 0023): each write of what
they count moves them, to exactly what counting again from the rows gives
(``period_counts_rebuild``), and a bulk load can set the triggers aside."""

import datetime

import pytest
from django.utils import timezone

from contacts.models import (
    Conversation,
    ConversationCount,
    DoorKnock,
    KnockCount,
    KnockTotal,
    SpokenResident,
    ThemeCount,
)
from contacts.services.period_counts import period_counts_rebuild, period_counts_set_aside
from tests.contacts.factories import (
    ConversationFactory,
    DoorKnockFactory,
    ResidentFactory,
    ThemeFactory,
)
from tests.neighbourhoods.factories import AddressFactory, StreetFactory

pytestmark = pytest.mark.django_db

ZONE = timezone.get_default_timezone()
#: 10:00 local on 14 May 2026: in May, the second quarter and 2026.
MAY = datetime.datetime(2026, 5, 14, 10, tzinfo=ZONE)
PERIODS_OF_MAY = {
    (1, datetime.date(2026, 5, 1)),
    (3, datetime.date(2026, 4, 1)),
    (12, datetime.date(2026, 1, 1)),
}


def snapshot():
    """Every count, as comparable sets."""
    return {
        "conversations": set(
            ConversationCount.objects.values_list(
                "months", "starts_on", "neighbourhood_id", "place", "conversations"
            )
        ),
        "themes": set(
            ThemeCount.objects.values_list(
                "months", "starts_on", "neighbourhood_id", "theme_id", "conversations"
            )
        ),
        "spoken": set(
            SpokenResident.objects.values_list(
                "months",
                "starts_on",
                "neighbourhood_id",
                "resident_id",
                "address_id",
                "conversations",
            )
        ),
        "knocks": set(
            KnockCount.objects.values_list(
                "months", "starts_on", "neighbourhood_id", "address_id", "knocks", "answered"
            )
        ),
        "knock_totals": set(
            KnockTotal.objects.values_list(
                "months", "starts_on", "neighbourhood_id", "knocks", "answered"
            )
        ),
    }


def kept_as_counted_again():
    """The counts the triggers kept, which must be what counting again from
    the rows gives; returned for more checks."""
    kept = snapshot()
    period_counts_rebuild()
    assert snapshot() == kept
    return kept


@pytest.fixture
def talk(neighbourhood, resident):
    theme = ThemeFactory(name="Eenzaamheid")
    conversation = ConversationFactory(
        neighbourhood=neighbourhood, happened_at=MAY, residents=[resident]
    )
    conversation.themes.set([theme])
    return conversation


def test_a_conversation_counts_in_its_month_quarter_and_year_with_its_resident_and_theme(
    talk, neighbourhood, resident
):
    kept = kept_as_counted_again()
    theme = talk.themes.get()
    n = neighbourhood.pk
    assert kept["conversations"] == {(m, s, n, "doorstep", 1) for m, s in PERIODS_OF_MAY}
    assert kept["themes"] == {(m, s, n, theme.pk, 1) for m, s in PERIODS_OF_MAY}
    assert kept["spoken"] == {
        (m, s, n, resident.pk, resident.address_id, 1) for m, s in PERIODS_OF_MAY
    }


def test_a_second_conversation_adds_to_the_same_rows(talk, neighbourhood, resident):
    ConversationFactory(
        neighbourhood=neighbourhood,
        happened_at=MAY + datetime.timedelta(days=2),
        residents=[resident],
    )
    kept = kept_as_counted_again()
    assert {row[-1] for row in kept["conversations"]} == {2}
    assert {row[-1] for row in kept["spoken"]} == {2}
    assert {row[-1] for row in kept["themes"]} == {1}


def test_a_conversation_moved_to_another_time_place_or_neighbourhood_takes_its_counts(
    talk, other_neighbourhood, resident
):
    talk.happened_at = datetime.datetime(2025, 12, 31, 12, tzinfo=ZONE)
    talk.place = Conversation.Place.PHONE
    talk.neighbourhood = other_neighbourhood
    talk.save()
    kept = kept_as_counted_again()
    starts = {(m, s) for m, s, *_rest in kept["conversations"]}
    assert starts == {
        (1, datetime.date(2025, 12, 1)),
        (3, datetime.date(2025, 10, 1)),
        (12, datetime.date(2025, 1, 1)),
    }
    assert {row[2:4] for row in kept["conversations"]} == {(other_neighbourhood.pk, "phone")}
    assert {row[2] for row in kept["spoken"] | kept["themes"]} == {other_neighbourhood.pk}


def test_local_midnight_decides_the_period():
    """23:30 UTC on 31 December is 00:30 on 1 January in Amsterdam."""
    ConversationFactory(happened_at=datetime.datetime(2025, 12, 31, 23, 30, tzinfo=datetime.UTC))
    kept = kept_as_counted_again()
    assert {(m, s) for m, s, *_rest in kept["conversations"]} == {
        (1, datetime.date(2026, 1, 1)),
        (3, datetime.date(2026, 1, 1)),
        (12, datetime.date(2026, 1, 1)),
    }


def test_a_resident_or_theme_taken_off_a_conversation_is_no_longer_counted(
    talk, neighbourhood, resident
):
    other = ResidentFactory(address=resident.address)
    talk.residents.add(other)
    talk.residents.remove(resident)
    talk.themes.clear()
    kept = kept_as_counted_again()
    assert {row[3] for row in kept["spoken"]} == {other.pk}
    assert kept["themes"] == set()
    assert {row[-1] for row in kept["conversations"]} == {1}


def test_a_deleted_conversation_leaves_no_count(talk):
    talk.delete()
    assert kept_as_counted_again() == {
        "conversations": set(),
        "themes": set(),
        "spoken": set(),
        "knocks": set(),
        "knock_totals": set(),
    }


def test_a_resident_who_moves_is_counted_at_the_new_address(talk, resident, neighbourhood):
    resident.address = AddressFactory(street__neighbourhood=neighbourhood)
    resident.save()
    kept = kept_as_counted_again()
    assert {row[4] for row in kept["spoken"]} == {resident.address_id}


def test_door_knocks_count_per_address_with_the_answered_ones(address, neighbourhood):
    DoorKnockFactory(address=address, knocked_at=MAY)
    answered = DoorKnockFactory(address=address, knocked_at=MAY, outcome=DoorKnock.Outcome.SPOKE)
    kept = kept_as_counted_again()
    assert kept["knocks"] == {
        (m, s, neighbourhood.pk, address.pk, 2, 1) for m, s in PERIODS_OF_MAY
    }

    answered.outcome = DoorKnock.Outcome.NOT_HOME  # corrected
    answered.save()
    assert {row[4:] for row in kept_as_counted_again()["knocks"]} == {(2, 0)}

    answered.delete()
    assert {row[4:] for row in kept_as_counted_again()["knocks"]} == {(1, 0)}


def test_knocks_follow_their_address_or_street_to_another_neighbourhood(
    address, other_neighbourhood
):
    DoorKnockFactory(address=address, knocked_at=MAY)
    address.street = StreetFactory(neighbourhood=other_neighbourhood)
    address.save()
    assert {row[2] for row in kept_as_counted_again()["knocks"]} == {other_neighbourhood.pk}

    street = address.street
    street.neighbourhood = AddressFactory().street.neighbourhood
    street.save()
    assert {row[2] for row in kept_as_counted_again()["knocks"]} == {street.neighbourhood_id}


def knock_totals_summed_from_the_addresses():
    """The knock totals per neighbourhood, which must be the counts per
    address summed; returned as {(months, starts_on, neighbourhood): (knocks, answered)}."""
    kept = kept_as_counted_again()
    summed = {}
    for months, starts_on, neighbourhood, _address, knocks, answered in kept["knocks"]:
        total = summed.setdefault((months, starts_on, neighbourhood), [0, 0])
        total[0] += knocks
        total[1] += answered
    totals = {row[:3]: row[3:] for row in kept["knock_totals"]}
    assert totals == {key: tuple(value) for key, value in summed.items()}
    return totals


def test_knock_totals_per_neighbourhood_follow_every_write_of_the_counts(
    address, neighbourhood, other_neighbourhood
):
    neighbour = AddressFactory(street=address.street)
    DoorKnockFactory(address=address, knocked_at=MAY, outcome=DoorKnock.Outcome.SPOKE)
    elsewhere = DoorKnockFactory(address=neighbour, knocked_at=MAY)
    assert knock_totals_summed_from_the_addresses() == {
        (m, s, neighbourhood.pk): (2, 1) for m, s in PERIODS_OF_MAY
    }

    elsewhere.outcome = DoorKnock.Outcome.SPOKE  # corrected
    elsewhere.save()
    assert set(knock_totals_summed_from_the_addresses().values()) == {(2, 2)}

    neighbour.street = StreetFactory(neighbourhood=other_neighbourhood)
    neighbour.save()
    assert knock_totals_summed_from_the_addresses() == {
        **{(m, s, neighbourhood.pk): (1, 1) for m, s in PERIODS_OF_MAY},
        **{(m, s, other_neighbourhood.pk): (1, 1) for m, s in PERIODS_OF_MAY},
    }

    elsewhere.delete()
    assert knock_totals_summed_from_the_addresses() == {
        (m, s, neighbourhood.pk): (1, 1) for m, s in PERIODS_OF_MAY
    }
    DoorKnock.objects.all().delete()
    assert not KnockTotal.objects.exists()


def test_a_bulk_load_sets_the_triggers_aside_and_counts_once_after(neighbourhood, resident):
    with period_counts_set_aside():
        ConversationFactory(neighbourhood=neighbourhood, happened_at=MAY, residents=[resident])
        assert not ConversationCount.objects.exists()
        assert not SpokenResident.objects.exists()
    assert ConversationCount.objects.count() == 3
    assert SpokenResident.objects.count() == 3
    # And the triggers are on again.
    ConversationFactory(neighbourhood=neighbourhood, happened_at=MAY)
    assert set(ConversationCount.objects.values_list("conversations", flat=True)) == {2}
