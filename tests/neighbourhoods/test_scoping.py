"""One mechanism limits every query to the neighbourhoods of the user's
teams: ScopedQuerySet.visible_to and get_visible_or_404."""

import pytest
from django.contrib.auth.models import AnonymousUser
from django.http import Http404

from neighbourhoods.models import Address, Neighbourhood, Street, Team
from neighbourhoods.scoping import get_visible_or_404
from tests.accounts.factories import UserFactory
from tests.neighbourhoods.factories import MembershipFactory, TeamFactory

pytestmark = pytest.mark.django_db


def test_a_worker_sees_the_neighbourhoods_of_their_teams_only(
    worker, neighbourhood, other_neighbourhood
):
    assert list(Neighbourhood.objects.visible_to(worker)) == [neighbourhood]


def test_a_worker_sees_addresses_and_streets_of_their_neighbourhoods_only(
    worker, address, other_address
):
    assert list(Address.objects.visible_to(worker)) == [address]
    assert list(Street.objects.visible_to(worker)) == [address.street]


def test_a_worker_in_two_teams_sees_both_without_duplicates(
    worker, neighbourhood, other_team, other_neighbourhood
):
    MembershipFactory(team=other_team, user=worker)
    TeamFactory(neighbourhoods=[neighbourhood]).members.add(worker)
    visible = list(Neighbourhood.objects.visible_to(worker))
    assert sorted(n.pk for n in visible) == sorted([neighbourhood.pk, other_neighbourhood.pk])


def test_a_team_lead_sees_their_teams_neighbourhoods(lead, neighbourhood, other_neighbourhood):
    assert list(Neighbourhood.objects.visible_to(lead)) == [neighbourhood]


def test_an_admin_sees_everything(admin_user, neighbourhood, other_neighbourhood):
    assert Neighbourhood.objects.visible_to(admin_user).count() == 2


def test_anonymous_and_inactive_users_see_nothing(worker, neighbourhood):
    assert not Neighbourhood.objects.visible_to(AnonymousUser()).exists()
    worker.is_active = False
    assert not Neighbourhood.objects.visible_to(worker).exists()


def test_a_user_without_a_team_sees_nothing(neighbourhood):
    assert not Neighbourhood.objects.visible_to(UserFactory()).exists()


def test_the_scope_is_read_once_per_user_and_passed_as_a_list_of_ids(
    worker, address, other_address, django_assert_num_queries
):
    with django_assert_num_queries(2) as first:  # the user's neighbourhood ids, then the rows
        assert list(Address.objects.visible_to(worker)) == [address]
    with django_assert_num_queries(1) as second:  # the ids are remembered on the user
        assert list(Address.objects.visible_to(worker)) == [address]
    rows = second.captured_queries[0]["sql"]
    assert first.captured_queries[1]["sql"] == rows
    assert "neighbourhoods_membership" not in rows  # no subquery: the ids themselves
    assert f"IN ({address.street.neighbourhood_id})" in rows


def test_a_new_membership_or_team_neighbourhood_widens_a_remembered_scope(
    worker, team, neighbourhood, other_team, other_neighbourhood
):
    assert list(Neighbourhood.objects.visible_to(worker)) == [neighbourhood]
    membership = MembershipFactory(team=other_team, user=worker)
    assert Neighbourhood.objects.visible_to(worker).count() == 2
    membership.delete()
    assert list(Neighbourhood.objects.visible_to(worker)) == [neighbourhood]
    team.neighbourhoods.add(other_neighbourhood)
    assert Neighbourhood.objects.visible_to(worker).count() == 2
    team.neighbourhoods.remove(neighbourhood)
    assert list(Neighbourhood.objects.visible_to(worker)) == [other_neighbourhood]


def test_get_visible_or_404_returns_a_visible_object(worker, address):
    assert get_visible_or_404(Address, worker, pk=address.pk) == address


def test_get_visible_or_404_raises_404_outside_the_users_neighbourhoods(other_worker, address):
    with pytest.raises(Http404):
        get_visible_or_404(Address, other_worker, pk=address.pk)


def test_get_visible_or_404_accepts_a_queryset(worker, address):
    queryset = Address.objects.select_related("street")
    assert get_visible_or_404(queryset, worker, pk=address.pk).street == address.street


def test_teams_are_visible_to_their_members_and_to_admins(worker, team, other_team, admin_user):
    assert list(Team.objects.visible_to(worker)) == [team]
    assert Team.objects.visible_to(admin_user).count() == 2
    assert not Team.objects.visible_to(AnonymousUser()).exists()


def test_a_request_loads_the_users_scope_with_the_user(client, worker, lead, neighbourhood):
    client.force_login(lead)
    user = client.get("/").wsgi_request.user
    assert user._buurtwerk_scope[1] == [neighbourhood.pk]
    assert user._buurtwerk_lead_scope[1] == [neighbourhood.pk]
    client.force_login(worker)
    user = client.get("/").wsgi_request.user
    assert user._buurtwerk_scope[1] == [neighbourhood.pk]
    assert user._buurtwerk_lead_scope[1] == []


def test_the_scope_loading_backend_refuses_what_djangos_refuses(worker, neighbourhood):
    from neighbourhoods.backends import ModelBackend

    backend = ModelBackend()
    loaded = backend.get_user(str(worker.pk))  # the session holds a string
    assert loaded == worker and loaded._buurtwerk_scope[1] == [neighbourhood.pk]
    assert backend.get_user("not a number") is None
    assert backend.get_user(worker.pk + 1000) is None
    worker.is_active = False
    worker.save(update_fields=["is_active"])
    assert backend.get_user(worker.pk) is None
