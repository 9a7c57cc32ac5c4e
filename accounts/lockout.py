"""Glue between django-axes (which counts failed logins per username and IP
address in the database and locks out) and allauth's login page.

Axes does the counting and locking; this module only decides which username
a failed attempt counts against, and makes a lockout show up on the login
page as a form error rather than as a bare 429 page.
"""

from django.conf import settings
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
    """``AXES_USERNAME_CALLABLE``: what the visitor typed, trimmed and in lower
    case, so "Wendy" and "wendy" share one count. Allauth's login field is
    ``login`` (a username or an e-mail address); the admin's is ``username``;
    reauthentication passes the user's own credentials only."""
    value = None
    if request is not None and request.method == "POST":
        value = request.POST.get("login") or request.POST.get("username")
    if not value and credentials:
        value = credentials.get("login") or credentials.get("username") or credentials.get("email")
    if not value:
        return None
    return str(value).strip().lower()[:255]


def lockout_response(request, original_response=None, credentials=None):
    """``AXES_LOCKOUT_CALLABLE``: keep the page the view rendered. The login
    form (``accounts.forms.LoginForm``) has already put the lockout message
    beside the fields and kept the typed username; only the status changes."""
    if original_response is None:
        return HttpResponse(lockout_message(), status=429)
    original_response.status_code = 429
    return original_response
