"""Bad input to every form (issue 5, point 8): generated payloads (see
strategies.py) sent to each page in targets.py. For every example:

- no response is a server error (an exception in the view fails the test
  with its traceback, and hypothesis shrinks the input);
- nothing partial is written: the row counts of every table of the
  project's apps are compared before and after; anything but a redirect
  changes nothing, and a redirect changes nothing or makes one complete
  change (e.g. exactly one conversation WITH its residents and workers).

Each example runs in a savepoint that is rolled back, so examples are
independent; the submission token is fresh for every example (unless the
token itself is what is fuzzed). The number of examples per form is set by
the hypothesis profile in tests/conftest.py.

Every form class of the project's apps must be in the table of targets, so a
new form cannot be forgotten.
"""

import fnmatch
import importlib
import pkgutil
import types
import uuid

import pytest
from django import forms
from django.apps import apps
from django.db import transaction
from django.test import Client
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from contacts.models import Category
from tests.fuzz.rows import PROJECT_APPS, changes, row_counts
from tests.fuzz.strategies import mutated, nasty_values
from tests.fuzz.targets import HISTORY, TARGETS

FUZZ = settings(deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])


# --- Every form is fuzzed ---------------------------------------------------------


def project_forms():
    """Every Form and ModelForm class defined in the forms modules (or
    packages) of the project's apps."""
    for label in PROJECT_APPS:
        name = apps.get_app_config(label).name
        try:
            module = importlib.import_module(f"{name}.forms")
        except ModuleNotFoundError as error:
            if error.name != f"{name}.forms":
                raise
            continue
        if hasattr(module, "__path__"):
            for info in pkgutil.walk_packages(module.__path__, f"{module.__name__}."):
                importlib.import_module(info.name)
    found = set()
    pending = [forms.BaseForm]
    while pending:
        cls = pending.pop()
        pending.extend(cls.__subclasses__())
        module = cls.__module__
        if cls.__name__.startswith("_"):
            continue  # a private base that no page takes; its subclasses are fuzzed
        if any(
            module == f"{app}.forms" or module.startswith(f"{app}.forms.") for app in PROJECT_APPS
        ):
            found.add(cls)
    return found


#: Forms of the project that are not fuzzed here, and why (by name: a
#: reason each, so the list cannot grow unnoticed).
NOT_FUZZED = {
    "accounts.forms.AuthenticateForm": (
        "allauth's two-factor code form with the number keypad's attributes only; it is "
        "reached in a pending login and checked in tests/accounts/test_mfa*.py"
    ),
    "accounts.forms.ReauthenticateForm": (
        "allauth's form with the number keypad's attributes only (tests/accounts/test_mfa*.py)"
    ),
    "accounts.forms.ActivateTOTPForm": (
        "allauth's set-up form with the number keypad's attributes only "
        "(tests/accounts/test_code_keypad.py, tests/accounts/test_mfa*.py)"
    ),
}


def test_every_form_of_the_project_is_fuzzed():
    fuzzed = {form for target in TARGETS for form in target.forms}
    missing = sorted(
        f"{form.__module__}.{form.__name__}"
        for form in project_forms() - fuzzed
        if f"{form.__module__}.{form.__name__}" not in NOT_FUZZED
    )
    assert not missing, (
        f"Not fuzzed: {', '.join(missing)}. Add a Target for each to TARGETS in "
        "tests/fuzz/targets.py: the page that takes it, a valid payload and what a "
        "successful submission writes."
    )


def test_the_forms_are_found():
    names = {form.__name__ for form in project_forms()}
    assert {"ResidentForm", "ConversationForm", "EndForm", "MemberRoleForm"} <= names
    assert len(names) >= 24


# --- The world the forms are sent in ------------------------------------------------


@pytest.fixture
def world(worker, lead, team, neighbourhood, address, resident):
    """The worker's neighbourhood with one resident, and the lead of that team."""
    return types.SimpleNamespace(
        worker=worker,
        lead=lead,
        team=team,
        neighbourhood=neighbourhood,
        address=address,
        resident=resident,
        category=Category.objects.filter(is_active=True).order_by("pk").first(),
    )


@pytest.fixture
def site(request, world, client):
    """The page of ``request.param`` (a Target) set up, and a logged-in client."""
    target = request.param
    url, base, user = target.setup(world)
    if user is not None:
        client.force_login(user)
    return types.SimpleNamespace(
        target=target, url=url, base=base, user=user, client=client, world=world
    )


def send(site, payload, *, done=None):
    """POST ``payload`` (or GET it, ``Target.method``) in a savepoint that
    is rolled back: (response, changes), and the answer of ``done(world)``
    if given."""
    client = site.client if site.user is not None else Client()
    with transaction.atomic():
        before = row_counts()
        response = getattr(client, site.target.method)(site.url, payload)
        delta = changes(before, row_counts())
        response.done = done(site.world) if done is not None else None
        transaction.set_rollback(True)
    return response, delta


def _satisfies(delta, outcome):
    required, allowed = outcome
    for label, change in required.items():
        if change == "+" and delta.get(label, 0) < 1:
            return False
        if change != "+" and delta.get(label, 0) != change:
            return False
    patterns = [*allowed, HISTORY]
    return all(
        label in required or any(fnmatch.fnmatch(label, pattern) for pattern in patterns)
        for label in delta
    )


def assert_all_or_nothing(site, payload, response, delta):
    where = f"{site.target.name}: {payload!r}"
    assert response.status_code < 500, where
    if not delta:
        return
    assert response.status_code == 302, f"{where}\nanswered {response.status_code}, wrote {delta}"
    assert any(_satisfies(delta, outcome) for outcome in site.target.outcomes), (
        f"{where}\nwrote an incomplete or unexpected change: {delta}"
    )


def with_token(site, payload, token=None):
    if site.target.token:
        payload = {**payload, "submission_token": token or str(uuid.uuid4())}
    return payload


TARGET_PARAMS = [pytest.param(target, id=target.name) for target in TARGETS]


@pytest.mark.django_db
@pytest.mark.parametrize("site", TARGET_PARAMS, indirect=True)
def test_the_valid_payload_succeeds(site):
    """The base of the fuzzing is a real success, so a rejection in the
    fuzz tests is the bad input's doing."""
    response, delta = send(site, with_token(site, site.base), done=site.target.done)
    assert response.done is not False
    if site.target.outcomes:
        assert response.status_code == 302, response.content.decode()[:3000]
        assert "/account/" not in response["Location"] or site.user is None
        assert any(_satisfies(delta, outcome) for outcome in site.target.outcomes), delta
    else:
        assert response.status_code == 200
        assert delta == {}


@pytest.mark.django_db
@pytest.mark.parametrize("site", TARGET_PARAMS, indirect=True)
@FUZZ
@given(data=st.data())
def test_bad_input_is_refused_whole(site, data):
    target = site.target
    payload = data.draw(mutated(site.base, target.extra), label="payload")
    token = None
    if target.token and data.draw(st.integers(0, 9), label="fuzz the token") == 0:
        token = data.draw(nasty_values(), label="token")
    payload = with_token(site, payload, token)
    response, delta = send(site, payload)
    assert_all_or_nothing(site, payload, response, delta)


#: Sent to every field one by one, besides the generated examples: what
#: most often reaches the database unchecked.
WORST = ["an\x00na", "9" * 30, "x" * 5000]


@pytest.mark.django_db
@pytest.mark.parametrize("site", TARGET_PARAMS, indirect=True)
def test_every_field_refuses_the_worst_values_whole(site):
    """A NUL, a number too big for any column and a 5,000-character
    string in each field (and each optional button) in turn: the random
    examples above may miss a field of a long form, this does not."""
    target = site.target
    client = site.client
    client.raise_request_exception = False
    failures = []
    for field in sorted({*site.base, *target.extra}):
        for value in WORST:
            payload = with_token(site, {**site.base, field: value})
            response, delta = send(site, payload)
            try:
                assert_all_or_nothing(site, payload, response, delta)
            except AssertionError as error:
                exc = getattr(response, "exc_info", None)
                failures.append(f"{field}={value[:12]!r}: {exc[1] if exc else error}")
    assert not failures, "\n".join(failures)


# --- Found by the fuzzing (now fixed): NUL in a search term was a 500 --------------------------

NUL_BUGS = [
    pytest.param(
        "conversation_resident_options",
        {"find": "an\x00na"},
        id="conversation_resident_options-find",
    ),
    pytest.param(
        "conversation_create",
        {"find_resident": "1", "find": "an\x00na"},
        id="conversation_create-find_resident",
    ),
    pytest.param(
        "category_propose",
        {"talents-0-text": "tuin\x00"},
        id="category_propose-text",
    ),
]


@pytest.mark.django_db
@pytest.mark.parametrize(("name", "change"), NUL_BUGS)
def test_a_nul_in_a_search_term_is_no_server_error(world, client, name, change):
    (target,) = [target for target in TARGETS if target.name == name]
    url, base, user = target.setup(world)
    client.force_login(user)
    client.raise_request_exception = False
    site = types.SimpleNamespace(target=target, url=url, base=base, user=user, client=client)
    response, delta = send(site, with_token(site, {**base, **change}))
    assert response.status_code < 500
    assert delta == {}
