"""Shared fixtures: two teams in two neighbourhoods, with a worker and a
lead in the first, a worker in the second, and an admin."""

from importlib import import_module

import pytest
from django.apps import apps

from accounts.models import Role
from neighbourhoods.models import Membership
from tests.factories import (
    AddressFactory,
    MembershipFactory,
    NeighbourhoodFactory,
    ResidentFactory,
    TeamFactory,
    UserFactory,
)


@pytest.fixture(scope="session", autouse=True)
def shipped_data(django_db_setup, django_db_blocker):
    """The rows the migrations ship: themes and the taxonomy. A transactional
    test (the browser tests) empties every table when it ends, and --reuse-db
    keeps that state for the next run, so put them back once per session."""
    with django_db_blocker.unblock():
        import_module("contacts.migrations.0002_themes").add_themes(apps, None)
        import_module("matches.migrations.0002_categories").add_categories(apps, None)


@pytest.fixture(autouse=True)
def fast_password_hasher(settings):
    """Hashing with PBKDF2 takes ~0.3 s per user; tests need no strength."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def neighbourhood(db):
    return NeighbourhoodFactory(name="Oosterbuurt")


@pytest.fixture
def other_neighbourhood(db):
    return NeighbourhoodFactory(name="Westerbuurt")


@pytest.fixture
def team(neighbourhood):
    return TeamFactory(name="Team Oost", neighbourhoods=[neighbourhood])


@pytest.fixture
def other_team(other_neighbourhood):
    return TeamFactory(name="Team West", neighbourhoods=[other_neighbourhood])


@pytest.fixture
def worker(team):
    user = UserFactory(username="werker", first_name="Wendy")
    MembershipFactory(team=team, user=user)
    return user


@pytest.fixture
def lead(team):
    user = UserFactory(username="leider", role=Role.TEAM_LEAD)
    MembershipFactory(team=team, user=user, role=Membership.Role.LEAD)
    return user


@pytest.fixture
def other_worker(other_team):
    """A worker of another team, in another neighbourhood."""
    user = UserFactory(username="anderewerker")
    MembershipFactory(team=other_team, user=user)
    return user


@pytest.fixture
def admin_user(db):
    return UserFactory(username="beheerder", role=Role.ADMIN, is_staff=True, is_superuser=True)


@pytest.fixture
def address(neighbourhood):
    return AddressFactory(street__neighbourhood=neighbourhood)


@pytest.fixture
def other_address(other_neighbourhood):
    return AddressFactory(street__neighbourhood=other_neighbourhood)


@pytest.fixture
def resident(address):
    """A resident of the worker's neighbourhood, with consent to store and match."""
    return ResidentFactory(address=address, name="Anna de Vries")


@pytest.fixture
def other_resident(other_address):
    """A resident of the other team's neighbourhood."""
    return ResidentFactory(address=other_address, name="Bram Westerman")
