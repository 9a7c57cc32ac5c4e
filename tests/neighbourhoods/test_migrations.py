"""Migration 0002 (the database keeps lead memberships for team leads and
admins) keeps every lead a lead, and conservatively demotes the lead
memberships that broke the rule before the database enforced it."""

import pytest
from django.db import IntegrityError, transaction

from accounts.models import Role, User
from neighbourhoods.models import Membership
from tests.accounts.factories import UserFactory
from tests.migrating import latest, migrate
from tests.neighbourhoods.factories import MembershipFactory, TeamFactory

BEFORE = [("neighbourhoods", "0001_initial")]
LEAD = Membership.Role.LEAD
WORKER = Membership.Role.WORKER


def memberships():
    return set(Membership.objects.values_list("user__username", "team__name", "role"))


@pytest.fixture
def before_the_triggers(transactional_db):
    migrate(BEFORE)
    yield
    migrate(latest())  # also when the test failed half-way


@pytest.mark.django_db(transaction=True)
def test_every_lead_stays_a_lead_and_a_broken_lead_membership_becomes_a_worker_one(
    before_the_triggers,
):
    oost, west, noord = (TeamFactory(name=name) for name in ("Oost", "West", "Noord"))
    lead = UserFactory(username="leider", role=Role.TEAM_LEAD)
    MembershipFactory(team=oost, user=lead, role=LEAD)
    MembershipFactory(team=noord, user=lead, role=WORKER)
    admin = UserFactory(username="beheerder", role=Role.ADMIN, is_staff=True)
    MembershipFactory(team=west, user=admin, role=LEAD)
    UserFactory(username="zonderteam", role=Role.TEAM_LEAD)  # leads no team (yet)
    worker = UserFactory(username="werker")
    MembershipFactory(team=oost, user=worker, role=WORKER)
    # Written around Membership.clean(), which nothing in the database checked:
    broken = UserFactory(username="geenleider")
    Membership.objects.create(team=noord, user=broken, role=LEAD)
    roles = dict(User.objects.values_list("username", "role"))
    before = memberships()

    migrate(latest())

    assert dict(User.objects.values_list("username", "role")) == roles  # nobody's role changes
    after = memberships()
    assert before - after == {("geenleider", "Noord", LEAD)}
    assert after - before == {("geenleider", "Noord", WORKER)}  # still in the team
    assert {("leider", "Oost", LEAD), ("beheerder", "West", LEAD)} <= after
    # From now on the database refuses what the broken row was.
    with pytest.raises(IntegrityError), transaction.atomic():
        Membership.objects.filter(user=broken).update(role=LEAD)


@pytest.mark.django_db(transaction=True)
def test_the_migration_can_be_reversed_and_then_no_longer_refuses(before_the_triggers):
    migrate(latest())
    migrate(BEFORE)
    worker = UserFactory()
    Membership.objects.create(team=TeamFactory(), user=worker, role=LEAD)
