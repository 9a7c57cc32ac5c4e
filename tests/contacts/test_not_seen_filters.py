"""The whole "not seen" list behind My day, filtered by street, language and
connector (issue 13, point 4: contacts.views.day.not_seen)."""

import pytest
from django.urls import reverse

from tests.contacts.factories import ResidentFactory
from tests.neighbourhoods.factories import AddressFactory, StreetFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english_pages")]


def not_seen_page(client, **params):
    response = client.get(reverse("contacts:not_seen"), params)
    assert response.status_code == 200
    return response


def names(response):
    return [resident.name for resident in response.context["residents"]]


@pytest.fixture
def people(neighbourhood):
    kastanjelaan = StreetFactory(neighbourhood=neighbourhood, name="Kastanjelaan")
    beukenlaan = StreetFactory(neighbourhood=neighbourhood, name="Beukenlaan")
    k1 = AddressFactory(street=kastanjelaan, house_number=1)
    b1 = AddressFactory(street=beukenlaan, house_number=1)
    ResidentFactory(address=k1, name="Amina", languages=["ara"], is_connector=True)
    ResidentFactory(address=k1, name="Bas", languages=["nld"])
    ResidentFactory(address=b1, name="Cem", languages=["tur", "nld"], is_connector=True)
    return kastanjelaan, beukenlaan


def test_the_list_is_filtered_by_street_language_and_connector(client, worker, people):
    kastanjelaan, beukenlaan = people
    client.force_login(worker)
    assert names(not_seen_page(client)) == ["Amina", "Bas", "Cem"]
    assert names(not_seen_page(client, straat=kastanjelaan.pk)) == ["Amina", "Bas"]
    assert names(not_seen_page(client, taal="nld")) == ["Bas", "Cem"]
    assert names(not_seen_page(client, sleutelfiguur="1")) == ["Amina", "Cem"]
    response = not_seen_page(client, straat=beukenlaan.pk, taal="nld", sleutelfiguur="1")
    assert names(response) == ["Cem"]
    assert response.context["count"] == 1
    assert response.context["query"] == f"straat={beukenlaan.pk}&taal=nld&sleutelfiguur=1&"
    assert "Show everyone" in response.content.decode()


def test_the_filters_keep_to_the_pages(client, worker, neighbourhood):
    street = StreetFactory(neighbourhood=neighbourhood, name="Lindelaan")
    for n in range(30):
        ResidentFactory(address=AddressFactory(street=street), name=f"Bewoner {n:02d}")
    ResidentFactory(address__street__neighbourhood=neighbourhood, name="Elders")
    client.force_login(worker)
    first = not_seen_page(client, straat=street.pk)
    assert first.context["count"] == 30
    assert f'href="?straat={street.pk}&amp;page=2"' in first.content.decode()
    second = not_seen_page(client, straat=street.pk, page=2)
    assert len(second.context["residents"]) == 5
    assert "Elders" not in names(first) + names(second)


def test_a_street_of_another_team_filters_nothing_and_shows_nobody_of_theirs(
    client, worker, people, other_resident
):
    client.force_login(worker)
    response = not_seen_page(client, straat=other_resident.address.street_id)
    assert "Bram Westerman" not in response.content.decode()
    assert not response.context["filters"].is_valid()
    assert names(response) == ["Amina", "Bas", "Cem"]


def test_an_unknown_language_filters_nothing(client, worker, people):
    client.force_login(worker)
    assert names(not_seen_page(client, taal="xx")) == ["Amina", "Bas", "Cem"]


def test_the_filtered_query_count_does_not_grow_with_rows(
    client, worker, neighbourhood, people, django_assert_num_queries
):
    kastanjelaan, _beukenlaan = people
    client.force_login(worker)
    params = {"straat": kastanjelaan.pk, "taal": "ara", "sleutelfiguur": "1"}
    # savepoint (ATOMIC_REQUESTS), session, user, the chosen street (the
    # filter's check), the page's residents with their addresses, how many
    # are not seen, the access-log row, the streets to choose from, release
    # savepoint
    with django_assert_num_queries(9):
        not_seen_page(client, **params)
    for _ in range(20):
        ResidentFactory(
            address=AddressFactory(street=kastanjelaan), languages=["ara"], is_connector=True
        )
    with django_assert_num_queries(9):
        response = not_seen_page(client, **params)
    assert response.context["count"] == 21
