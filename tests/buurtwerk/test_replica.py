"""The read replica of the period reports (buurtwerk/replica.py): reads go
there only within ``reading_replica`` and only when there is one; a user
who wrote is pinned to the primary for a while; writes and migrations stay
on the primary."""

import datetime

import pytest
import time_machine
from django.http import HttpResponse
from django.test import RequestFactory, override_settings
from django.urls import reverse

from buurtwerk import replica
from contacts.models import Resident
from reports import selectors

ROUTER = replica.ReplicaRouter()
START = datetime.datetime(2026, 3, 2, 9, 0, tzinfo=datetime.UTC)


def _read_from():
    return ROUTER.db_for_read(Resident)


def _pin_cookie(method="post"):
    """The cookies a response to a ``method`` request sets."""
    request = getattr(RequestFactory(), method)("/")
    response = replica.PinAfterWriteMiddleware(lambda request: HttpResponse())(request)
    return response.cookies


@override_settings(DATABASE_REPLICA=True)
def test_reads_go_to_the_replica_only_within_reading_replica():
    request = RequestFactory().get("/")
    assert _read_from() is None
    with replica.reading_replica(request):
        assert _read_from() == replica.REPLICA
        assert ROUTER.db_for_write(Resident) is None
    assert _read_from() is None


@override_settings(DATABASE_REPLICA=False)
def test_without_a_replica_everything_reads_the_primary():
    with replica.reading_replica(RequestFactory().get("/")):
        assert _read_from() is None


def test_migrations_run_on_the_primary_only():
    assert ROUTER.allow_migrate(replica.REPLICA, "contacts") is False
    assert ROUTER.allow_migrate("default", "contacts") is None


@override_settings(DATABASE_REPLICA_PIN_SECONDS=30)
def test_a_request_that_may_write_pins_the_user_and_a_read_does_not():
    assert replica.PIN_COOKIE not in _pin_cookie("get")
    cookie = _pin_cookie("post")[replica.PIN_COOKIE]
    assert cookie["httponly"]
    assert cookie["samesite"] == "Lax"
    assert cookie["max-age"] == 30


@override_settings(DATABASE_REPLICA=True, DATABASE_REPLICA_PIN_SECONDS=30)
def test_a_pinned_user_reads_the_primary_until_the_pin_runs_out():
    with time_machine.travel(START, tick=False) as traveller:
        request = RequestFactory().get("/")
        request.COOKIES[replica.PIN_COOKIE] = _pin_cookie("post")[replica.PIN_COOKIE].value
        with replica.reading_replica(request):
            assert _read_from() is None
        traveller.shift(datetime.timedelta(seconds=31))
        with replica.reading_replica(request):
            assert _read_from() == replica.REPLICA


@override_settings(DATABASE_REPLICA=True)
def test_a_forged_pin_counts_for_nothing():
    request = RequestFactory().get("/")
    request.COOKIES[replica.PIN_COOKIE] = "1"
    with replica.reading_replica(request):
        assert _read_from() == replica.REPLICA


@pytest.mark.django_db
@pytest.mark.parametrize(
    "name", ["reports:report", "reports:report_print", "reports:report_csv", "reports:report_xlsx"]
)
@override_settings(DATABASE_REPLICA=True)
def test_a_report_reads_its_figures_from_the_replica_and_the_rest_from_the_primary(
    client, lead, monkeypatch, name
):
    """The figures within reading_replica; the user, the scope and the
    access log outside it (this test has no replica database: a read of
    anything else inside would fail to connect)."""
    real = selectors.period_report
    read_from = []

    def period_report(**kwargs):
        read_from.append(_read_from())
        # The figures themselves from the primary: there is no replica here.
        token = replica._on_replica.set(False)
        try:
            return real(**kwargs)
        finally:
            replica._on_replica.reset(token)

    monkeypatch.setattr("reports.views.period.period_report", period_report)
    client.force_login(lead)
    assert client.get(reverse(name)).status_code == 200
    client.cookies[replica.PIN_COOKIE] = _pin_cookie("post")[replica.PIN_COOKIE].value
    assert client.get(reverse(name)).status_code == 200
    assert read_from == [replica.REPLICA, None]
