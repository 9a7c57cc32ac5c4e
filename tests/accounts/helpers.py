"""Shared by the login-hardening tests: logging in through the real forms,
TOTP codes, and a clock that can be moved."""

import time

import time_machine
from allauth.mfa.totp.internal.auth import format_hotp_value, hotp_value
from django.urls import reverse

from tests.accounts.factories import DEFAULT_PASSWORD, TOTP_SECRET


def log_in(client, login, password=DEFAULT_PASSWORD, **extra):
    return client.post(reverse("account_login"), {"login": login, "password": password}, **extra)


def totp_code(secret=TOTP_SECRET, at=None):
    """The code an authenticator app shows at ``at`` (default: now)."""
    return format_hotp_value(hotp_value(secret, int(at or time.time()) // 30))


def clock(at):
    """The clock stands at ``at``: Django's, django-axes' and the
    authenticator codes' (time-machine moves the system clock itself)."""
    return time_machine.travel(at, tick=False)
