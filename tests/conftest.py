"""Shared fixtures: two teams in two neighbourhoods, with a worker and a
lead in the first, a worker in the second, and an admin; the session's
clock (``BUURTWERK_TEST_NOW``); and English for the modules that look for
the source strings (``pytest.mark.usefixtures("english_pages")``).
Fixtures that one app's tests use live in ``tests/<app>/conftest.py``."""

import datetime
import os

import hypothesis
import pytest
import time_machine
from django.apps import apps
from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.utils import translation

from accounts.models import Role
from contacts.language import forget_thesaurus
from neighbourhoods.models import Membership
from tests.accounts.factories import UserFactory, add_totp
from tests.contacts.factories import ResidentFactory
from tests.neighbourhoods.factories import (
    AddressFactory,
    MembershipFactory,
    NeighbourhoodFactory,
    TeamFactory,
)
from tests.shipped import load_shipped_rows

TEST_NOW = "BUURTWERK_TEST_NOW"


def instants_from_env():
    """The instants in ``BUURTWERK_TEST_NOW``: ISO 8601 with a UTC offset
    (``2027-03-28T01:59:00+01:00``), several separated by spaces."""
    instants = []
    for value in os.environ.get(TEST_NOW, "").split():
        at = datetime.datetime.fromisoformat(value)
        if at.utcoffset() is None:
            raise ValueError(f"{TEST_NOW}: {value} needs a UTC offset, such as +01:00 or Z.")
        instants.append(at)
    return instants


def pytest_generate_tests(metafunc):
    """With several instants in ``BUURTWERK_TEST_NOW``, every test runs once
    at each, grouped by instant (it is in the test's id): pytest sets up the
    session clock again for each, and with it the fixtures that ask for it."""
    instants = instants_from_env()
    if len(instants) > 1 and "session_clock" in metafunc.fixturenames:
        metafunc.parametrize(
            "session_clock",
            instants,
            indirect=True,
            scope="session",
            ids=[at.isoformat() for at in instants],
        )


@pytest.fixture(scope="session", autouse=True)
def session_clock(request):
    """With ``BUURTWERK_TEST_NOW`` set, the session runs from that instant:
    the clock (time-machine) starts there and ticks on. As a session-wide
    autouse fixture it starts before any other, the test database included,
    so every factory default and all demo data are made "then" (with several
    instants, the database is set up once, at the first: it holds no dates).
    ``tests/date_sweep.py`` runs the date-sensitive tests at many instants.
    Without it, the real clock; a test that needs a fixed moment travels
    there itself (``time_machine.travel(..., tick=False)``)."""
    at = getattr(request, "param", None) or next(iter(instants_from_env()), None)
    if at is None:
        yield None
        return
    with time_machine.travel(at, tick=True) as traveller:
        yield traveller


DATABASE_FIXTURES = {"db", "transactional_db", "live_server"}


def uses_database(item):
    """Whether pytest-django sets up a test database for ``item``."""
    fixtures = set(getattr(item, "fixturenames", ()))
    return bool(item.get_closest_marker("django_db") or fixtures & DATABASE_FIXTURES)


@pytest.fixture(scope="session", autouse=True)
def shipped_data(request, session_clock, django_db_blocker):
    """The rows the migrations ship: themes and the taxonomy. A transactional
    test (the browser tests) empties every table when it ends, and --reuse-db
    keeps that state for the next run, so put them back once per session,
    and at each instant of a date sweep (after the instant before ended with
    its transactional tests). Only when some test uses the database: without
    one, pytest-django sets up none, and these rows would go to the database
    in DATABASE_URL."""
    if not any(uses_database(item) for item in request.session.items):
        return
    request.getfixturevalue("django_db_setup")
    with django_db_blocker.unblock():
        load_shipped_rows()


def is_transactional(item):
    marker = item.get_closest_marker("django_db")
    fixtures = set(getattr(item, "fixturenames", ()))
    return bool(
        (marker and marker.kwargs.get("transaction"))
        or fixtures & {"transactional_db", "live_server"}
    )


@pytest.fixture(autouse=True)
def shipped_rows_in_transactional_tests(request):
    """A transactional test may start after another one emptied every table
    (pytest-django runs them last, and each flushes when it ends; Django then
    makes the content types again, under new ids): put the migrations' rows
    back and forget the cached content types. No test uses serialized
    rollback: mixed with flushing tests it restores content types twice."""
    if not is_transactional(request.node):
        return
    request.getfixturevalue("_django_db_helper")
    ContentType.objects.clear_cache()
    load_shipped_rows()


@pytest.fixture(autouse=True)
def fresh_thesaurus():
    """The analysis keeps the thesaurus in the process (contacts.language);
    a test's own entries are rolled back without a signal, so every test
    loads it afresh: the first analysis in a test costs its queries."""
    forget_thesaurus()
    yield
    forget_thesaurus()


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
def admin_client(client, admin_user):
    client.force_login(admin_user)
    return client


@pytest.fixture
def english_pages(client):
    """Pages in English, so the tests can look for the source strings; for a
    module, ``pytestmark = pytest.mark.usefixtures("english_pages")``."""
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"


@pytest.fixture
def english_messages():
    """Messages (of services, forms, models) in English, the source strings;
    for a module, ``pytestmark = pytest.mark.usefixtures("english_messages")``."""
    with translation.override("en"):
        yield


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
