"""The home page is My day (tests/contacts/test_day.py); here: the
neighbourhoods and teams it still shows below the day's work."""

import pytest
from django.urls import reverse

from tests.neighbourhoods.factories import AddressFactory, NeighbourhoodFactory, TeamFactory

pytestmark = pytest.mark.django_db


def test_it_requires_login(client):
    response = client.get(reverse("home"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))


def test_it_lists_the_workers_neighbourhoods_and_teams(
    client, worker, lead, address, other_neighbourhood
):
    client.force_login(worker)
    response = client.get(reverse("home"))
    assert response.status_code == 200
    content = response.content.decode()
    assert "Oosterbuurt" in content
    assert "Team Oost" in content
    assert str(lead) in content  # the team's lead is named
    assert "Westerbuurt" not in content
    assert "Team West" not in content


def test_it_shows_an_admin_every_neighbourhood(
    client, admin_user, neighbourhood, other_neighbourhood
):
    client.force_login(admin_user)
    # An admin's home is the overview (reports); their own day is here:
    content = client.get(reverse("reports:my_day")).content.decode()
    assert "Oosterbuurt" in content
    assert "Westerbuurt" in content


def test_a_worker_without_a_team_is_told_what_to_do(client, django_user_model):
    user = django_user_model.objects.create_user("nieuw", password="x" * 12)
    client.force_login(user)
    response = client.get(reverse("home"))
    assert response.status_code == 200
    assert list(response.context["neighbourhoods"]) == []


def test_its_query_count_does_not_grow_with_rows(client, worker, team, django_assert_num_queries):
    def add_rows():
        neighbourhood = NeighbourhoodFactory()
        team.neighbourhoods.add(neighbourhood)
        AddressFactory(street__neighbourhood=neighbourhood)
        other = TeamFactory(neighbourhoods=[neighbourhood])
        other.members.add(worker)

    client.force_login(worker)
    add_rows()
    # savepoint (ATOMIC_REQUESTS), session, user, my follow-ups, today's
    # rounds, my recent conversations (none: no prefetch of their residents),
    # the first residents not seen, how many are not seen, neighbourhoods
    # with address counts, teams, their neighbourhoods, their lead
    # memberships with users, the decisions on my proposals since I last
    # looked (reports), release savepoint
    with django_assert_num_queries(14):
        client.get(reverse("home"))
    for _ in range(3):
        add_rows()
    with django_assert_num_queries(14):
        client.get(reverse("home"))
