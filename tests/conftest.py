"""Shared fixtures: two teams in two neighbourhoods, with a worker and a
lead in the first, a worker in the second, and an admin."""

import os

import hypothesis
import pytest
from django.apps import apps
from django.db import connection

from accounts.models import Role
from neighbourhoods.models import Membership
from tests.factories import (
    AddressFactory,
    MembershipFactory,
    NeighbourhoodFactory,
    ResidentFactory,
    TeamFactory,
    UserFactory,
    add_totp,
)
from tests.shipped import load_shipped_rows


@pytest.fixture(scope="session", autouse=True)
def shipped_data(django_db_setup, django_db_blocker):
    """The rows the migrations ship: themes and the taxonomy. A transactional
    test (the browser tests) empties every table when it ends, and --reuse-db
    keeps that state for the next run, so put them back once per session."""
    with django_db_blocker.unblock():
        load_shipped_rows()


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
    """A team lead; their role requires two-factor login, so they have an
    authenticator app (without one, every page would send them to set it up)."""
    user = UserFactory(username="leider", role=Role.TEAM_LEAD)
    MembershipFactory(team=team, user=user, role=Membership.Role.LEAD)
    add_totp(user)
    return user


@pytest.fixture
def other_worker(other_team):
    """A worker of another team, in another neighbourhood."""
    user = UserFactory(username="anderewerker")
    MembershipFactory(team=other_team, user=user)
    return user


@pytest.fixture
def admin_user(db):
    """An admin, with an authenticator app like the lead."""
    user = UserFactory(username="beheerder", role=Role.ADMIN, is_staff=True, is_superuser=True)
    add_totp(user)
    return user


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


@pytest.fixture
def renamed_tables(db, monkeypatch):
    """A function that renames every table of the models of the given apps
    (many-to-many tables included) and every column of those tables, to
    ``<name>_renamed``: in the database, until the test's transaction rolls
    back, and in the models' ``_meta``, until the test ends. Raw SQL that
    writes a table or column name itself, instead of taking it from the
    models (``buurtwerk.sqlnames``), then fails. A module that caches the
    names it built from ``_meta`` must build them anew after the call, and
    again after the test. Nothing may go through the ORM while the names are
    changed: a field caches its table's name (``Field.cached_col``), warmed
    up here with the real one for the time after."""
    quote = connection.ops.quote_name

    def rename(*app_labels):
        statements = ["SET CONSTRAINTS ALL IMMEDIATE"]  # no pending checks during ALTER TABLE
        for label in app_labels:
            for model in apps.get_app_config(label).get_models(include_auto_created=True):
                opts = model._meta
                if opts.proxy or not opts.managed:
                    continue
                table = quote(opts.db_table)
                for model_field in opts.concrete_fields:
                    model_field.cached_col  # noqa: B018 - cached with the real name
                    renamed = f"{model_field.column}_renamed"
                    statements.append(
                        f"ALTER TABLE {table} RENAME COLUMN {quote(model_field.column)}"
                        f" TO {quote(renamed)}"
                    )
                    monkeypatch.setattr(model_field, "column", renamed)
                renamed = f"{opts.db_table}_renamed"
                statements.append(f"ALTER TABLE {table} RENAME TO {quote(renamed)}")
                monkeypatch.setattr(opts, "db_table", renamed)
        with connection.cursor() as cursor:
            cursor.execute("; ".join(statements))

    return rename


# Hypothesis (tests/fuzz): the same examples on every run, on every machine
# (derandomize), no example database written into the work tree, no time
# limit per example (a request takes tens of milliseconds, more on a busy
# CI), and a number of examples per form that keeps the fuzz suite around a
# minute on two cores. HYPOTHESIS_PROFILE=thorough for a longer local run.
hypothesis.settings.register_profile(
    "buurtwerk",
    max_examples=30,
    derandomize=True,
    database=None,
    deadline=None,
    print_blob=True,
    suppress_health_check=[
        hypothesis.HealthCheck.function_scoped_fixture,
        hypothesis.HealthCheck.too_slow,
    ],
)
hypothesis.settings.register_profile(
    "thorough", parent=hypothesis.settings.get_profile("buurtwerk"), max_examples=500
)
hypothesis.settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "buurtwerk"))
