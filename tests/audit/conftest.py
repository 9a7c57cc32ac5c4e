import pytest
from django.conf import settings

from accounts.models import Role
from neighbourhoods.models import Membership
from tests.accounts.factories import UserFactory, add_totp
from tests.neighbourhoods.factories import MembershipFactory


@pytest.fixture
def other_lead(other_team):
    """The team lead of the other team (with an authenticator app)."""
    user = UserFactory(username="andereleider", role=Role.TEAM_LEAD)
    MembershipFactory(team=other_team, user=user, role=Membership.Role.LEAD)
    add_totp(user)
    return user


@pytest.fixture
def login(client):
    """Log ``user`` in, in English (the texts the tests look for)."""

    def login(user):
        client.force_login(user)
        client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
        return client

    return login
