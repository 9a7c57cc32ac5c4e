"""Shared by the login-hardening tests: logging in through the real forms,
TOTP codes, and a clock that can be moved."""

import time
from contextlib import contextmanager
from unittest import mock

from allauth.mfa.totp.internal.auth import format_hotp_value, hotp_value
from django.urls import reverse

from tests.factories import DEFAULT_PASSWORD, TOTP_SECRET


def log_in(client, login, password=DEFAULT_PASSWORD, **extra):
    return client.post(reverse("account_login"), {"login": login, "password": password}, **extra)


def totp_code(secret=TOTP_SECRET, at=None):
    """The code an authenticator app shows at ``at`` (default: now)."""
    return format_hotp_value(hotp_value(secret, int(at or time.time()) // 30))


@contextmanager
def clock(at):
    """Django's clock (and django-axes', which imports ``now`` by name) stands at ``at``."""
    with (
        mock.patch("django.utils.timezone.now", return_value=at),
        mock.patch("axes.attempts.now", return_value=at),
        mock.patch("axes.handlers.proxy.now", return_value=at),
    ):
        yield
