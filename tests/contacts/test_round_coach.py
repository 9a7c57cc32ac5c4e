"""A round can name an external coach: a name and the languages they speak
(contacts.Round.coach_name, coach_languages), planned in the round form and
shown in the list of rounds."""

import uuid

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError
from django.urls import reverse
from django.utils import timezone

from contacts.models import Round
from contacts.services.rounds import round_create
from tests.contacts.factories import RoundFactory
from tests.neighbourhoods.factories import AddressFactory, StreetFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english_pages")]


@pytest.fixture
def street(neighbourhood):
    street = StreetFactory(neighbourhood=neighbourhood, name="Kastanjelaan")
    for n in (1, 2, 3):
        AddressFactory(street=street, house_number=n)
    return street


def plan(client, worker, street, **data):
    values = {
        "submission_token": str(uuid.uuid4()),
        "street": street.pk,
        "planned_for": timezone.localdate().isoformat(),
        "worker": worker.pk,
        **data,
    }
    return client.post(reverse("contacts:round_create"), values)


def test_a_round_is_planned_with_a_coach_who_speaks_darija_and_tamazight(client, worker, street):
    client.force_login(worker)
    response = plan(client, worker, street, coach_name=" Fatima ", coach_languages=["ary", "tzm"])
    round = Round.objects.get()
    assert response.status_code == 302
    assert (round.coach_name, round.coach_languages) == ("Fatima", ["ary", "tzm"])
    content = client.get(reverse("contacts:round_list")).content.decode()
    assert "With Fatima (Moroccan Arabic (Darija), Tamazight (Berber))" in content


def test_the_coachs_languages_need_a_name(client, worker, street):
    client.force_login(worker)
    response = plan(client, worker, street, coach_languages=["ary"])
    assert response.status_code == 200
    assert response.context["form"].errors["coach_name"] == [
        "Give the coach's name too, or leave out their languages."
    ]
    assert not Round.objects.exists()
    # The coach's part of the form stays open with the error in it.
    assert '<details class="mb-3"\n         open>' in response.content.decode() or (
        "open>" in response.content.decode()
    )


def test_an_unknown_language_is_refused(client, worker, street):
    client.force_login(worker)
    response = plan(client, worker, street, coach_name="Fatima", coach_languages=["ar"])
    assert "coach_languages" in response.context["form"].errors
    assert not Round.objects.exists()


def test_the_service_and_the_database_refuse_languages_without_a_coach(
    worker, neighbourhood, street
):
    with pytest.raises(ValidationError) as error:
        round_create(
            addresses=street.addresses.select_related("street__neighbourhood"),
            planned_for=timezone.localdate(),
            worker=worker,
            created_by=worker,
            coach_languages=["som"],
        )
    assert "coach_name" in error.value.error_dict
    with pytest.raises(IntegrityError):
        RoundFactory(neighbourhood=neighbourhood, worker=worker, coach_languages=["som"])


def test_the_round_list_query_count_does_not_grow_with_coaches(
    client, worker, neighbourhood, street, django_assert_num_queries
):
    client.force_login(worker)
    RoundFactory(neighbourhood=neighbourhood, worker=worker, coach_name="Fatima")
    # savepoint (ATOMIC_REQUESTS), session, user, the rounds with their
    # counts, release savepoint
    with django_assert_num_queries(5):
        client.get(reverse("contacts:round_list"))
    for name in ("Samira", "Hodan", "Yonas"):
        RoundFactory(
            neighbourhood=neighbourhood, worker=worker, coach_name=name, coach_languages=["som"]
        )
    with django_assert_num_queries(5):
        response = client.get(reverse("contacts:round_list"))
    assert "With Yonas (Somali)" in response.content.decode()
