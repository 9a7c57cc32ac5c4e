"""The retention job: keep nothing longer than needed (AVG art. 5(1)(e)).

Run daily by cron as ``python manage.py apply_retention`` (see its help).
Each run, with ``now`` the moment it runs:

- Residents with no contact for ``RETENTION_MONTHS`` (default 24) are
  anonymised (``resident_anonymise``) by the system user ``retentie``.
  "No contact" means: not anonymised yet; last seen (their latest
  conversation) before the cut-off, or never seen and added before it; and
  nothing about them since the cut-off either: no door knock at which they
  opened the door, no consent answer or withdrawal, no signal or referral,
  no report, no activity they were at or organised. Kept as well, whatever
  the dates: a resident with an open follow-up (a worker still means to
  contact them) or a match in progress on either side (it cannot go on
  without them); they are anonymised on a later run, once that is over and
  nothing else happened.
- Access-log rows older than ``ACCESS_LOG_YEARS`` (default 5) are purged
  (``accesslog.services.purge_access_log``).
- Form submission tokens older than 30 days are deleted (they only guard
  against a form sent twice).
- Expired sessions are deleted.

A dry run counts the same rows and lists the residents' ids, and changes
nothing. Each resident is anonymised in a transaction of their own, so one
failure does not undo the others; failures are reported by id only.
"""

import calendar
import dataclasses
import datetime
import logging
from importlib import import_module

from axes.models import AccessLog as AxesAccessLog
from django.conf import settings
from django.db.models import Exists, OuterRef, Q
from django.utils import timezone

from accesslog.models import AccessEvent
from accesslog.services import purge_access_log
from accounts.services import system_user
from buurtwerk.models import FormSubmission
from contacts.models import (
    ActivityAttendance,
    ActivityOrganiser,
    ConsentRecord,
    DoorKnock,
    FollowUp,
    Report,
    Resident,
    Signal,
)
from matches.models import Match
from privacy.services.anonymise import resident_anonymise

logger = logging.getLogger(__name__)

#: The system user the retention job anonymises as.
RETENTION_USERNAME = "retentie"
#: How long a form's one-time token is kept.
FORM_SUBMISSION_DAYS = 30


def retention_months():
    return settings.RETENTION_MONTHS


def access_log_years():
    return settings.ACCESS_LOG_YEARS


def months_before(moment, months):
    """``moment`` ``months`` calendar months earlier; the 31st becomes the
    last day of a shorter month."""
    year, month = divmod(moment.year * 12 + moment.month - 1 - months, 12)
    day = min(moment.day, calendar.monthrange(year, month + 1)[1])
    return moment.replace(year=year, month=month + 1, day=day)


def retention_user():
    """The system user the job works as."""
    return system_user(username=RETENTION_USERNAME, first_name="Retentie")


def residents_due(*, cutoff):
    """The residents with no contact since ``cutoff`` (see the module
    docstring), as a QuerySet, oldest first."""
    resident = OuterRef("pk")
    since = {
        "door knock": DoorKnock.objects.filter(resident=resident, knocked_at__gte=cutoff),
        "consent": ConsentRecord.objects.filter(
            Q(recorded_at__gte=cutoff) | Q(withdrawn_at__gte=cutoff), resident=resident
        ),
        "signal": Signal.objects.filter(resident=resident, created_at__gte=cutoff),
        "report": Report.objects.filter(
            resident=resident, received_on__gte=timezone.localdate(cutoff)
        ),
        "activity": ActivityAttendance.objects.filter(
            resident=resident, activity__held_on__gte=timezone.localdate(cutoff)
        ),
        "organised activity": ActivityOrganiser.objects.filter(
            resident=resident, activity__held_on__gte=timezone.localdate(cutoff)
        ),
        "open follow-up": FollowUp.objects.open().filter(resident=resident),
        "match in progress": Match.objects.in_progress().filter(
            Q(resident=resident) | Q(helper=resident)
        ),
    }
    queryset = Resident.objects.exclude(status=Resident.Status.ANONYMISED).filter(
        Q(last_seen_at__lt=cutoff) | Q(last_seen_at__isnull=True, created_at__lt=cutoff)
    )
    for rows in since.values():
        queryset = queryset.filter(~Exists(rows))
    return queryset.order_by("created_at", "pk")


def _session_model():
    """The session model when sessions are kept in the database, else None."""
    store = import_module(settings.SESSION_ENGINE).SessionStore
    get_model = getattr(store, "get_model_class", None)
    return get_model() if get_model else None


@dataclasses.dataclass
class RetentionReport:
    """What a run did (or, dry, would do): counts per category, the ids of
    the residents, and the ids of those that failed."""

    dry_run: bool
    resident_cutoff: datetime.datetime
    access_log_cutoff: datetime.datetime
    residents: list = dataclasses.field(default_factory=list)
    failed: list = dataclasses.field(default_factory=list)
    access_events: int = 0
    logins: int = 0
    form_submissions: int = 0
    sessions: int | None = 0


def retention_apply(*, now=None, dry_run=False, progress=None):
    """Apply the retention rules as of ``now`` (default: now); with
    ``dry_run`` only count. ``progress(resident_id)`` is called before each
    resident. Returns a RetentionReport."""
    now = now or timezone.now()
    report = RetentionReport(
        dry_run=dry_run,
        resident_cutoff=months_before(now, retention_months()),
        access_log_cutoff=months_before(now, 12 * access_log_years()),
    )
    report.residents = list(
        residents_due(cutoff=report.resident_cutoff).values_list("pk", flat=True)
    )
    old_access = AccessEvent.objects.filter(at__lt=report.access_log_cutoff)
    # django-axes' record of each login (username, address, browser).
    old_logins = AxesAccessLog.objects.filter(attempt_time__lt=report.access_log_cutoff)
    old_submissions = FormSubmission.objects.filter(
        created_at__lt=now - datetime.timedelta(days=FORM_SUBMISSION_DAYS)
    )
    session_model = _session_model()
    old_sessions = session_model.objects.filter(expire_date__lt=now) if session_model else None
    if dry_run:
        report.access_events = old_access.count()
        report.logins = old_logins.count()
        report.form_submissions = old_submissions.count()
        report.sessions = old_sessions.count() if old_sessions is not None else None
        return report

    by = retention_user()
    for pk in report.residents:
        if progress:
            progress(pk)
        try:
            resident_anonymise(resident=Resident(pk=pk), by=by, now=now)
        except Exception as error:
            # Ids and the kind of error only: a database message can quote row values.
            logger.error(
                "Retention: anonymising resident %s failed (%s)", pk, type(error).__name__
            )
            report.failed.append(pk)
    report.access_events = purge_access_log(before=report.access_log_cutoff)
    report.logins, _ = old_logins.delete()
    report.form_submissions, _ = old_submissions.delete()
    if old_sessions is not None:
        report.sessions, _ = old_sessions.delete()
    else:
        import_module(settings.SESSION_ENGINE).SessionStore.clear_expired()
        report.sessions = None
    return report
