"""Glue between django-axes (which counts failed logins per username and IP
address in the database and locks out) and allauth's login page.

Axes does the counting and locking; this module only decides what a failed
attempt counts against (the account, when the login names one), and makes
a lockout show up on the login page as a form error rather than as a bare
429 page.
"""

from allauth.account.utils import filter_users_by_email, filter_users_by_username
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.http import HttpResponse
from django.utils.translation import ngettext


def lockout_message():
    """The same words whether or not the account exists, so a lockout tells
    an attacker nothing about which usernames are real."""
    minutes = int(settings.AXES_COOLOFF_TIME.total_seconds() // 60)
    return ngettext(
        "Too many failed login attempts. Try again in %(minutes)d minute, or ask "
        "an administrator to unlock your account.",
        "Too many failed login attempts. Try again in %(minutes)d minutes, or ask "
        "an administrator to unlock your account.",
        minutes,
    ) % {"minutes": minutes}


def username_for_attempt(request, credentials):
    """``AXES_USERNAME_CALLABLE``: what a failed attempt counts against.

    When the typed login names an account (its username or its e-mail
    address, as allauth's login looks them up), the count is the account's,
    kept under its username in lower case: alternating the username and the
    e-mail address of one account gives no extra attempts, a successful
    login by either resets it, and ``axes_reset_username <username>``
    unlocks it. When it names no account, the count is the typed value,
    trimmed and in lower case ("Wendy" and "wendy " share one).

    Either way the visitor sees the same thing: the same number of failures
    on one login locks it, with the same message (``lockout_message``). Only
    someone who already holds two logins of one account can tell, by locking
    it, that they belong together.

    Allauth's login field is ``login``; the admin's is ``username``;
    reauthentication passes the user's own credentials only. Axes asks
    several times per request: the account is looked up once per request."""
    typed = _typed_login(request, credentials)
    if not typed:
        return None
    keys = getattr(request, "_lockout_keys", None) if request is not None else None
    if keys is None:
        keys = {}
        if request is not None:
            request._lockout_keys = keys
    if typed not in keys:
        account = _account_for(typed)
        keys[typed] = _normalised(account.get_username()) if account is not None else typed
    return keys[typed]


def _normalised(value):
    return str(value).strip().lower()[:255]


def _typed_login(request, credentials):
    """The login typed (or passed), normalised, or None."""
    value = None
    if request is not None and request.method == "POST":
        value = request.POST.get("login") or request.POST.get("username")
    if not value and credentials:
        value = credentials.get("login") or credentials.get("username") or credentials.get("email")
    if not value:
        return None
    return _normalised(value)


def _account_for(login):
    """The one account ``login`` names, looked up as allauth's login does: by
    e-mail address when it is one, then by username (case-insensitive).
    None when it names none, or more than one. One to three queries."""
    try:
        validate_email(login)
    except ValidationError:
        pass
    else:
        users = filter_users_by_email(login, prefer_verified=True)
        if len(users) == 1:
            return users[0]
    users = [
        user
        for user in filter_users_by_username(login)
        if (user.get_username() or "").lower() == login
    ]
    return users[0] if len(users) == 1 else None


def lockout_response(request, original_response=None, credentials=None):
    """``AXES_LOCKOUT_CALLABLE``: keep the page the view rendered. The login
    form (``accounts.forms.LoginForm``) has already put the lockout message
    beside the fields and kept the typed username; only the status changes."""
    if original_response is None:
        return HttpResponse(lockout_message(), status=429)
    original_response.status_code = 429
    return original_response
