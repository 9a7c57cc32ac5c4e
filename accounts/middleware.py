from allauth.mfa.models import Authenticator
from allauth.usersessions.models import UserSession
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import SESSION_KEY, logout
from django.contrib.auth.views import redirect_to_login
from django.http import HttpResponse, HttpResponseRedirect
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext, ngettext

from accounts import sessions


def _redirect(request, url):
    """A redirect that htmx follows with a full page load, not into a fragment."""
    if request.headers.get("HX-Request"):
        response = HttpResponse(status=204)
        response["HX-Redirect"] = url
        return response
    return HttpResponseRedirect(url)


class SessionLimitsMiddleware:
    """Logs a user out after ``SESSION_IDLE_MINUTES`` without a request, or
    ``SESSION_MAX_HOURS`` after logging in, whichever comes first, and sends
    them to the login page with a message.

    Reads only the session: the login time is set at login
    (``accounts.signals``), the last activity is written at most once a
    minute, together with the "last seen" of allauth's session list."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        session = request.session
        if SESSION_KEY in session:
            response = self.check(request, session)
            if response is not None:
                return response
        return self.get_response(request)

    def check(self, request, session):
        now = sessions.now()
        if sessions.LOGIN_AT not in session:
            # Logged in before this middleware existed: start counting now.
            session[sessions.LOGIN_AT] = session[sessions.SEEN_AT] = now
            return None
        reason = sessions.expiry_reason(session, now)
        if reason is None:
            if now - session.get(sessions.SEEN_AT, 0) >= sessions.ACTIVITY_WRITE_INTERVAL:
                session[sessions.SEEN_AT] = now
                UserSession.objects.filter(session_key=session.session_key).update(
                    last_seen_at=timezone.now()
                )
            return None
        logout(request)
        if reason == "idle":
            minutes = settings.SESSION_IDLE_MINUTES
            message = ngettext(
                "You were logged out after %(count)d minute without activity. "
                "Log in again to continue.",
                "You were logged out after %(count)d minutes without activity. "
                "Log in again to continue.",
                minutes,
            ) % {"count": minutes}
        else:
            hours = settings.SESSION_MAX_HOURS
            message = ngettext(
                "You were logged out because you had been logged in for %(count)d hour. "
                "Log in again to continue.",
                "You were logged out because you had been logged in for %(count)d hours. "
                "Log in again to continue.",
                hours,
            ) % {"count": hours}
        messages.info(request, message)
        return _redirect(request, redirect_to_login(request.get_full_path()).url)


class MFAEnrolmentMiddleware:
    """A user whose role requires two-factor login but who has no
    authenticator app yet reaches only the pages to set one up (and logout,
    static files and the language switch) until they have. The flag is set
    at login (``accounts.signals``); this reads only the session, except
    after a POST while the flag is set, when it checks whether the app is
    now set up."""

    def __init__(self, get_response):
        self.get_response = get_response

    @cached_property
    def allowed_prefixes(self):
        return (
            reverse("mfa_index"),  # activation, recovery codes, reauthentication
            reverse("account_logout"),
            reverse("account_reauthenticate"),
            reverse("set_language"),
            "/" + settings.STATIC_URL.lstrip("/"),
        )

    def __call__(self, request):
        if (
            SESSION_KEY in request.session
            and not request.session.get(sessions.MFA_CHECKED)
            and request.user.is_authenticated
            and request.user.mfa_required
        ):
            # Opened without the second factor this user needs now (a role
            # raised by a bulk update, a login that bypassed allauth's).
            logout(request)
            messages.warning(
                request, gettext("Your role requires two-factor authentication. Log in again.")
            )
            return _redirect(request, redirect_to_login(request.get_full_path()).url)
        if not request.session.get(sessions.MFA_ENROLMENT_REQUIRED):
            return self.get_response(request)
        if not request.path_info.startswith(self.allowed_prefixes):
            messages.warning(
                request,
                gettext(
                    "Your role requires two-factor authentication. Set up an "
                    "authenticator app to continue."
                ),
            )
            return _redirect(request, reverse("mfa_activate_totp"))
        response = self.get_response(request)
        if request.method == "POST" and request.session.get(sessions.MFA_ENROLMENT_REQUIRED):
            # Did this POST set up the app? Asked after the view's transaction
            # has committed, and only while enrolling.
            enrolled = Authenticator.objects.filter(
                user_id=request.session.get(SESSION_KEY), type=Authenticator.Type.TOTP
            ).exists()
            if enrolled:
                del request.session[sessions.MFA_ENROLMENT_REQUIRED]
        return response
