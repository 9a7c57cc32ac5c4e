"""Fixtures for the matches tests (the people are in tests/conftest.py)."""

import pytest

from accounts.models import Role
from neighbourhoods.models import Membership
from tests.accounts.factories import UserFactory, add_totp
from tests.contacts.factories import ResidentFactory
from tests.neighbourhoods.factories import AddressFactory, MembershipFactory


@pytest.fixture
def helper(resident):
    """A neighbour in the same street, with consent to be matched."""
    return ResidentFactory(
        address=AddressFactory(street=resident.address.street), name="Karim Hovenier"
    )


@pytest.fixture
def second_lead(team):
    """A second lead of the same team, with an authenticator app like ``lead``."""
    user = UserFactory(username="leider2", first_name="Lotte", role=Role.TEAM_LEAD)
    MembershipFactory(team=team, user=user, role=Membership.Role.LEAD)
    add_totp(user)
    return user
