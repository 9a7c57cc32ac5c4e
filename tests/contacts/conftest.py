"""Fixtures for the contacts tests (the people are in tests/conftest.py)."""

import pytest
from django.conf import settings

from tests.accounts.factories import UserFactory
from tests.neighbourhoods.factories import MembershipFactory


@pytest.fixture
def colleague(team):
    """A second worker of the same team."""
    user = UserFactory(username="collega", first_name="Karim", last_name="Bakker")
    MembershipFactory(team=team, user=user)
    return user


@pytest.fixture
def worker_client(client, worker):
    """Logged in as the worker, in English (the texts the tests look for)."""
    client.force_login(worker)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return client
