"""Every model in the admin: its list, add and change pages open, its search
works, and its list does not run a query per row. The models are read from
the admin site, so a newly registered model is covered (or, if nothing here
or in a factories module can build one, visibly skipped)."""

import importlib
import itertools

import pytest
from allauth.account.models import EmailAddress
from django.contrib import admin
from django.contrib.auth.models import Group
from django.db import connection
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from factory.django import DjangoModelFactory

from accounts.models import User
from neighbourhoods.models import (
    Address,
    District,
    Municipality,
    Neighbourhood,
    Street,
    Team,
)
from tests.accounts.factories import UserFactory
from tests.neighbourhoods.factories import MunicipalityFactory

_numbers = itertools.count(1)

# Models no factory builds (third-party) or whose factory cannot make
# several distinct rows (MunicipalityFactory always gets GM9901).
BUILDERS = {
    Group: lambda: Group.objects.create(name=f"Groep {next(_numbers)}"),
    EmailAddress: lambda: EmailAddress.objects.create(
        user=UserFactory(), email=f"adres{next(_numbers)}@example.org", primary=True
    ),
    Municipality: lambda: MunicipalityFactory(
        code=f"GM{next(_numbers):04d}", name=f"Gemeente {next(_numbers)}"
    ),
}

# The models registered today; each must have a builder, so that none of
# them is skipped. A model registered later without one is skipped, visibly.
MODELS_TODAY = {
    Group,
    EmailAddress,
    User,
    Municipality,
    District,
    Neighbourhood,
    Street,
    Address,
    Team,
}

REGISTERED = list(admin.site._registry)

# The per-app factory modules; a factory for a third-party model (axes,
# allauth) lives in the module of the app that uses it.
FACTORY_MODULES = (
    "tests.accounts.factories",
    "tests.neighbourhoods.factories",
    "tests.contacts.factories",
    "tests.matches.factories",
)


def model_id(model):
    return model._meta.label


def find_factory(model):
    """A factory-boy factory for ``model`` in one of the tests/<app>/factories.py
    modules, or None."""
    for module_name in (*FACTORY_MODULES, f"tests.{model._meta.app_label}.factories"):
        try:
            module = importlib.import_module(module_name)
        except ModuleNotFoundError:
            continue
        for value in vars(module).values():
            if (
                isinstance(value, type)
                and issubclass(value, DjangoModelFactory)
                and value._meta.model is model
            ):
                return value
    return None


def builder_for(model):
    return BUILDERS.get(model) or find_factory(model)


def build(model):
    builder = builder_for(model)
    if builder is None:
        pytest.skip(f"nothing builds a {model_id(model)}: add a factory or a BUILDERS entry")
    return builder()


def admin_url(model, view, *args):
    return reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_{view}", args=args)


def test_every_model_registered_today_has_a_builder():
    assert set(REGISTERED) >= MODELS_TODAY
    skipped = {model_id(m) for m in MODELS_TODAY if builder_for(m) is None}
    assert skipped == set()


def test_every_builder_makes_distinct_rows(db):
    for model in REGISTERED:
        if builder_for(model):
            assert build(model).pk != build(model).pk, model_id(model)


@pytest.mark.parametrize("model", REGISTERED, ids=model_id)
def test_the_changelist_opens(admin_client, model):
    assert admin_client.get(admin_url(model, "changelist")).status_code == 200


@pytest.mark.parametrize("model", REGISTERED, ids=model_id)
def test_the_changelist_with_rows_opens(admin_client, model):
    obj = build(model)
    response = admin_client.get(admin_url(model, "changelist"))
    assert response.status_code == 200
    assert obj in response.context["cl"].result_list


@pytest.mark.parametrize("model", REGISTERED, ids=model_id)
def test_the_search_works(admin_client, model):
    model_admin = admin.site._registry[model]
    if not model_admin.get_search_fields(RequestFactory().get("/")):
        pytest.skip("no search_fields")
    build(model)
    for term in ["abc", "1", "1234 AB", "'quote"]:
        response = admin_client.get(admin_url(model, "changelist"), {"q": term})
        assert response.status_code == 200, term


@pytest.mark.parametrize("model", REGISTERED, ids=model_id)
def test_the_add_page_opens(admin_client, model):
    request = RequestFactory().get("/")
    request.user = User(is_active=True, is_staff=True, is_superuser=True)
    if not admin.site._registry[model].has_add_permission(request):
        pytest.skip("read-only in the admin (django-axes' logs)")
    assert admin_client.get(admin_url(model, "add")).status_code == 200


@pytest.mark.parametrize("model", REGISTERED, ids=model_id)
def test_the_change_page_opens(admin_client, model):
    obj = build(model)
    assert admin_client.get(admin_url(model, "change", obj.pk)).status_code == 200


@pytest.mark.parametrize("model", REGISTERED, ids=model_id)
def test_the_changelist_query_count_does_not_grow_with_rows(admin_client, model):
    url = admin_url(model, "changelist")
    build(model)
    with CaptureQueriesContext(connection) as one_row:
        assert admin_client.get(url).status_code == 200
    for _ in range(4):
        build(model)
    with CaptureQueriesContext(connection) as five_rows:
        assert admin_client.get(url).status_code == 200
    assert len(five_rows) == len(one_row), [q["sql"] for q in five_rows]


def test_the_address_list_runs_a_fixed_number_of_queries(admin_client, django_assert_num_queries):
    # Each address in its own street, neighbourhood and district.
    def add_addresses(count):
        for _ in range(count):
            build(Address)

    add_addresses(1)
    # savepoint (ATOMIC_REQUESTS), session, user, municipalities for the
    # filter, count of the (filtered) addresses, a page of addresses with
    # their street and neighbourhood, release savepoint
    with django_assert_num_queries(7):
        admin_client.get(admin_url(Address, "changelist"))
    add_addresses(4)
    with django_assert_num_queries(7):
        response = admin_client.get(admin_url(Address, "changelist"))
    assert len(response.context["cl"].result_list) == 5


def test_a_worker_is_sent_to_the_admin_login(client, worker):
    client.force_login(worker)
    for url in [reverse("admin:index"), admin_url(Address, "changelist")]:
        response = client.get(url)
        assert response.status_code == 302
        assert response["Location"] == f"{reverse('admin:login')}?next={url}"


def test_an_anonymous_visitor_is_sent_to_the_admin_login(client, db):
    url = admin_url(Neighbourhood, "changelist")
    response = client.get(url)
    assert response.status_code == 302
    assert response["Location"] == f"{reverse('admin:login')}?next={url}"
