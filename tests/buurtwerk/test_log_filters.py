"""While the database is down every request fails the same way: the log
gets one traceback per minute, not one per request (issue 11, point 4)."""

import io
import logging
import sys
import uuid

import pytest
from django.contrib.sessions.backends.db import SessionStore
from django.db import OperationalError
from django.urls import reverse

from buurtwerk.log_filters import RepeatedErrorFilter


class Clock:
    def __init__(self):
        self.now = 1000.0

    def __call__(self):
        return self.now


def record(message, exc=None):
    exc_info = None
    if exc is not None:
        try:
            raise exc
        except type(exc):
            exc_info = sys.exc_info()
    return logging.LogRecord("django.request", logging.ERROR, __file__, 1, message, (), exc_info)


def test_the_same_failure_is_let_through_once_per_interval():
    clock = Clock()
    repeats = RepeatedErrorFilter(interval=60, clock=clock)
    down = OperationalError("connection refused")
    passed = []
    for second in range(60):
        clock.now = 1000.0 + second
        passed.append(repeats.filter(record("Internal Server Error: /", down)))
    assert passed.count(True) == 1 and passed[0] is True

    clock.now = 1060.0
    later = record("Internal Server Error: /rondes/", down)
    assert repeats.filter(later)
    assert "59 more like this" in later.getMessage()


def test_other_failures_and_records_without_an_exception_pass():
    repeats = RepeatedErrorFilter(interval=60, clock=Clock())
    assert repeats.filter(record("Internal Server Error: /", OperationalError("refused")))
    assert repeats.filter(record("Internal Server Error: /", OperationalError("no database")))
    assert repeats.filter(record("Internal Server Error: /", ValueError("refused")))
    assert all(repeats.filter(record("Not Found: /x/")) for _ in range(3))


@pytest.fixture
def log_output():
    """What the configured console handler (settings.LOGGING) writes."""
    (handler,) = [
        handler
        for handler in logging.getLogger().handlers
        if any(isinstance(f, RepeatedErrorFilter) for f in handler.filters)
    ]
    stream = io.StringIO()
    previous = handler.setStream(stream)
    yield stream
    handler.setStream(previous)


def test_requests_while_the_database_is_down_log_one_traceback(
    client, worker, monkeypatch, log_output
):
    client.force_login(worker)
    client.raise_request_exception = False
    failure = f"connection refused ({uuid.uuid4()})"  # new to the filter of this process

    def database_down(self):
        raise OperationalError(failure)

    monkeypatch.setattr(SessionStore, "load", database_down)
    statuses = {client.get(reverse("home")).status_code for _ in range(20)}

    assert statuses == {500}
    assert log_output.getvalue().count("Internal Server Error: /") == 1
    assert failure in log_output.getvalue()
