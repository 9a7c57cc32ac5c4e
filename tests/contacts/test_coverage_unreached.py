"""Who is not reached, per street, and a round planned from them (issue 13,
point 4: contacts.views.coverage.coverage_unreached), on the hand-made
neighbourhood of test_coverage."""

import re
import uuid

import pytest
from django.urls import reverse
from django.utils import timezone

from contacts import next_try
from contacts.models import DoorKnock, Round
from tests.contacts.factories import DoorKnockFactory
from tests.contacts.test_coverage import moment, streets  # noqa: F401 (a fixture)
from tests.neighbourhoods.factories import AddressFactory, StreetFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english_pages")]


def url(neighbourhood, *chosen):
    query = "&".join(f"straat={street.pk}" for street in chosen)
    return f"{reverse('contacts:coverage_unreached', args=[neighbourhood.pk])}?{query}"


def listed(content):
    """The addresses offered, as "Street number", in page order."""
    return re.findall(
        r'<span class="visually-hidden">(\w+)</span>\s*(\d+)',
        content.split("addresses-heading")[-1],
    )


def test_the_page_offers_the_streets_with_addresses_not_reached(
    client,
    worker,
    neighbourhood,
    streets,  # noqa: F811
):
    client.force_login(worker)
    response = client.get(reverse("contacts:coverage_unreached", args=[neighbourhood.pk]))
    assert response.status_code == 200
    assert [street.name for street in response.context["streets"]] == [
        "Beukenlaan",
        "Kastanjelaan",
        "Lindelaan",
    ]  # Eikenlaan has no addresses
    content = response.content.decode()
    assert re.search(r"1 never knocked on\s+·\s+1 never answered", content)  # Kastanjelaan
    assert not response.context["per_street"]


def test_the_chosen_streets_list_their_doors_never_knocked_or_never_answered(
    client,
    worker,
    neighbourhood,
    streets,  # noqa: F811
):
    kastanjelaan, _beukenlaan, lindelaan, _eikenlaan = streets
    client.force_login(worker)
    response = client.get(url(neighbourhood, kastanjelaan, lindelaan))
    content = response.content.decode()
    # Walking order: Kastanjelaan's odd side (5), then its even side (2);
    # 1 (spoke), 3 (a resident seen) and 4 (declined) are reached or answered.
    assert listed(content) == [("Kastanjelaan", "5"), ("Kastanjelaan", "2"), ("Lindelaan", "1")]
    assert "(never knocked on)" in content
    assert "(2\N{MULTIPLICATION SIGN} not home)" in content
    # Kastanjelaan 2 was tried twice at noon: something else is suggested.
    expected = next_try.suggest_next_try(
        [timezone.localtime(moment(4)), timezone.localtime(moment(5))], timezone.localdate()
    )
    assert response.context["suggestion"] == expected
    assert expected.part_of_day != next_try.AFTERNOON
    assert response.context["form"]["planned_for"].value() == expected.date
    assert f"Suggested for the addresses never answered: {expected.date:%A}" in content


def test_a_round_is_planned_from_the_ticked_addresses(
    client,
    worker,
    colleague,
    neighbourhood,
    streets,  # noqa: F811
):
    kastanjelaan, _beukenlaan, lindelaan, _eikenlaan = streets
    k2 = kastanjelaan.addresses.get(house_number=2)
    l1 = lindelaan.addresses.get()
    client.force_login(worker)
    data = {
        "addresses": [k2.pk, l1.pk],
        "planned_for": timezone.localdate().isoformat(),
        "worker": worker.pk,
        "second_worker": colleague.pk,
        "note": "",
        "submission_token": str(uuid.uuid4()),
    }
    response = client.post(url(neighbourhood, kastanjelaan, lindelaan), data)
    round = Round.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("contacts:round_detail", args=[round.pk])
    assert set(round.addresses.all()) == {k2, l1}
    assert (round.neighbourhood, round.worker, round.second_worker) == (
        neighbourhood,
        worker,
        colleague,
    )
    # The same tap again: still one round.
    client.post(url(neighbourhood, kastanjelaan, lindelaan), data)
    assert Round.objects.count() == 1


def test_an_address_not_listed_cannot_be_planned(
    client,
    worker,
    neighbourhood,
    streets,  # noqa: F811
    other_address,
):
    kastanjelaan, *_ = streets
    reached = kastanjelaan.addresses.get(house_number=1)
    client.force_login(worker)
    for address in (reached, other_address):
        response = client.post(
            url(neighbourhood, kastanjelaan),
            {
                "addresses": [address.pk],
                "planned_for": timezone.localdate().isoformat(),
                "worker": worker.pk,
                "submission_token": str(uuid.uuid4()),
            },
        )
        assert response.status_code == 200
        assert "addresses" in response.context["form"].errors
    assert not Round.objects.exists()


def test_the_page_requires_login(client, neighbourhood):
    response = client.get(reverse("contacts:coverage_unreached", args=[neighbourhood.pk]))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))


def test_another_teams_neighbourhood_is_not_found(
    client,
    other_worker,
    neighbourhood,
    streets,  # noqa: F811
):
    client.force_login(other_worker)
    kastanjelaan, *_ = streets
    assert client.get(url(neighbourhood, kastanjelaan)).status_code == 404
    response = client.post(
        url(neighbourhood, kastanjelaan),
        {"submission_token": str(uuid.uuid4()), "worker": other_worker.pk},
    )
    assert response.status_code == 404
    assert not Round.objects.exists()


def test_other_methods_are_refused(client, worker, neighbourhood):
    client.force_login(worker)
    response = client.put(reverse("contacts:coverage_unreached", args=[neighbourhood.pk]))
    assert response.status_code == 405


def test_the_query_count_does_not_grow_with_streets_or_addresses(
    client, worker, neighbourhood, django_assert_num_queries
):
    def streets_with_doors(count, prefix):
        made = []
        for n in range(count):
            street = StreetFactory(neighbourhood=neighbourhood, name=f"{prefix}{n}straat")
            for number in (1, 2, 3):
                address = AddressFactory(street=street, house_number=number)
                if number != 3:
                    DoorKnockFactory(
                        address=address, worker=worker, outcome=DoorKnock.Outcome.NOT_HOME
                    )
            made.append(street)
        return made

    two, ten = streets_with_doors(2, "A"), streets_with_doors(10, "B")
    client.force_login(worker)
    # savepoint (ATOMIC_REQUESTS), session, user, the neighbourhood, its
    # streets, address figures per street, the unreached addresses, their
    # knocks, the workers to choose from (for the worker and the second
    # worker), release savepoint
    with django_assert_num_queries(11):
        response = client.get(url(neighbourhood, *two))
    assert response.context["shown"] == 6
    with django_assert_num_queries(11):
        response = client.get(url(neighbourhood, *ten))
    assert response.context["shown"] == 30
