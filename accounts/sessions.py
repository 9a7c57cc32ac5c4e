"""What Buurtwerk keeps in a logged-in session besides Django's own keys,
and the limits on a session's life."""

from django.conf import settings
from django.utils import timezone

LOGIN_AT = "buurtwerk_login_at"  # when the user logged in (Unix time)
SEEN_AT = "buurtwerk_seen_at"  # last activity, written at most once a minute
MFA_ENROLMENT_REQUIRED = "buurtwerk_mfa_enrolment_required"
# Set at login for a user who needed a second factor then (and gave it, or
# is made to set it up): a session without it whose user needs one now was
# opened with the password alone, through some other door, and is ended.
MFA_CHECKED = "buurtwerk_mfa_checked"

ACTIVITY_WRITE_INTERVAL = 60  # seconds


def now():
    return timezone.now().timestamp()


def start(session, *, mfa_enrolment_required, mfa_checked):
    """Called at login: the clocks start, and the enrolment flag is set or
    cleared. Later requests read only the session, never the database."""
    session[LOGIN_AT] = session[SEEN_AT] = now()
    if mfa_checked:
        session[MFA_CHECKED] = True
    else:
        session.pop(MFA_CHECKED, None)
    if mfa_enrolment_required:
        session[MFA_ENROLMENT_REQUIRED] = True
    else:
        session.pop(MFA_ENROLMENT_REQUIRED, None)


def expiry_reason(session, at):
    """ "absolute", "idle" or None."""
    if at - session[LOGIN_AT] >= settings.SESSION_MAX_HOURS * 3600:
        return "absolute"
    if at - session.get(SEEN_AT, session[LOGIN_AT]) >= settings.SESSION_IDLE_MINUTES * 60:
        return "idle"
    return None
