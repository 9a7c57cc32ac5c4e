"""After approval: the introduction, the start (with its check-ins), the
end (with "still in contact?" check-ins after a lasting one), and the
cancelling of a match that never started."""

import calendar
import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from contacts.models import FollowUp, InitiativeMember, Need, Talent
from contacts.services.followups import can_be_assigned, followup_create
from contacts.services.initiatives import initiative_member_add
from matches.models import Match, MatchCheckIn
from matches.services.lifecycle.steps import (
    _close_check_ins,
    _free_need_and_talent,
    _locked,
    _require_consent,
    _require_not_future,
    _require_seeing,
    _require_step,
    _require_text,
    _transition,
)
from matches.services.lifecycle.table import END_OUTCOMES, Status

#: Check-ins on a running match, in weeks after it started.
CHECK_IN_WEEKS = (2, 6)

#: "Still in contact?" check-ins after a lasting end, in months after the
#: match started (those not after the end are skipped).
STILL_IN_CONTACT_MONTHS = (3, 6, 12)


@transaction.atomic
def match_introduce(*, match, by, introduced_on, worker_present=None):
    """The residents met for the first time on ``introduced_on``, with
    ``worker_present`` (a user working in the neighbourhood, or None when no
    worker was there)."""
    match = _locked(match)
    _require_seeing(match, by)
    _require_step(match, "introduce", doing=_("introduced"))
    _require_consent(match)
    if introduced_on is None:
        raise ValidationError({"introduced_on": _("When did they meet?")})
    _require_not_future(introduced_on, "introduced_on")
    if introduced_on < timezone.localdate(match.proposed_at):
        raise ValidationError({"introduced_on": _("This is before the match was proposed.")})
    if worker_present is not None and not can_be_assigned(worker_present, match.neighbourhood):
        raise ValidationError(
            {
                "worker_present": _("%(user)s does not work in %(neighbourhood)s.")
                % {"user": worker_present, "neighbourhood": match.neighbourhood}
            }
        )
    match.introduced_on = introduced_on
    match.introduced_by = worker_present
    return _transition(match, action="introduce", by=by, fields=["introduced_on", "introduced_by"])


def check_ins(*, started_on, seeker, helper):
    """The check-ins of a match between ``seeker`` and ``helper`` (residents
    or initiatives, or their names) that started on ``started_on``: (due
    on, description) for each of ``CHECK_IN_WEEKS``, in the active
    language. No query."""
    max_length = FollowUp._meta.get_field("description").max_length
    return [
        (
            started_on + datetime.timedelta(weeks=weeks),
            (
                _("Check-in on the match of %(seeker)s and %(helper)s (%(weeks)s weeks)")
                % {"seeker": seeker, "helper": helper, "weeks": weeks}
            )[:max_length],
        )
        for weeks in CHECK_IN_WEEKS
    ]


def months_after(day, months):
    """``day`` plus ``months`` calendar months (the last day of a shorter
    month: 31 January + 1 month is 28 or 29 February). No query."""
    month = day.month - 1 + months
    year, month = day.year + month // 12, month % 12 + 1
    return day.replace(
        year=year, month=month, day=min(day.day, calendar.monthrange(year, month)[1])
    )


def still_in_contact_check_ins(*, started_on, ended_on, seeker, helper):
    """The "still in contact?" check-ins of a match between ``seeker`` and
    ``helper`` that started on ``started_on`` and ended as a lasting contact
    on ``ended_on``: (due on, description) for each of
    ``STILL_IN_CONTACT_MONTHS`` after ``ended_on``. No query."""
    max_length = FollowUp._meta.get_field("description").max_length
    planned = []
    for months in STILL_IN_CONTACT_MONTHS:
        due_on = months_after(started_on, months)
        if due_on > ended_on:
            text = _(
                "Still in contact? %(seeker)s and %(helper)s (%(months)s months after the start)"
            ) % {"seeker": seeker, "helper": helper, "months": months}
            planned.append((due_on, text[:max_length]))
    return planned


def _schedule(match, planned, *, by, kind):
    """Follow-ups for ``planned`` (due on, description) as check-ins of
    ``kind``, for the proposer (or ``by`` when the proposer no longer works
    there)."""
    assignee = match.proposed_by
    if not (assignee.is_active and can_be_assigned(assignee, match.neighbourhood)):
        assignee = by
    for due_on, description in planned:
        follow_up = followup_create(
            description=description,
            due_on=due_on,
            assigned_to=assignee,
            created_by=by,
            resident=match.resident,
            neighbourhood=match.neighbourhood,
        )
        MatchCheckIn.objects.create(match=match, follow_up=follow_up, kind=kind)


def _sides(match):
    return match.resident or match.need.initiative, match.helper or match.initiative


def _schedule_check_ins(match, *, by):
    seeker, helper = _sides(match)
    planned = check_ins(started_on=match.started_on, seeker=seeker, helper=helper)
    _schedule(match, planned, by=by, kind=MatchCheckIn.Kind.RUNNING)


def _join_initiative(match, *, by):
    """A started match between a resident and an initiative makes the
    resident a member (unless they already are)."""
    initiative = match.initiative or match.need.initiative
    resident = match.resident if match.initiative_id else match.helper
    if initiative is None or resident is None:
        return
    if not InitiativeMember.objects.filter(initiative=initiative, resident=resident).exists():
        initiative_member_add(
            initiative=initiative, resident=resident, added_by=by, joined_on=match.started_on
        )


@transaction.atomic
def match_start(*, match, by, started_on=None):
    """The match is running (from ``started_on``, today by default): the
    need (and talent) are matched, and check-ins are scheduled for the
    proposer CHECK_IN_WEEKS after the start, as follow-ups on their day."""
    match = _locked(match)
    _require_seeing(match, by)
    _require_step(match, "start", doing=_("started"))
    _require_consent(match)
    started_on = started_on or timezone.localdate()
    _require_not_future(started_on, "started_on")
    if match.introduced_on and started_on < match.introduced_on:
        raise ValidationError({"started_on": _("This is before the introduction.")})
    match.started_on = started_on
    _transition(match, action="start", by=by, fields=["started_on"])
    Need.objects.filter(pk=match.need_id).exclude(status=Need.Status.CLOSED).update(
        status=Need.Status.MATCHED, updated_at=timezone.now()
    )
    if match.talent_id:
        Talent.objects.filter(pk=match.talent_id).exclude(status=Talent.Status.CLOSED).update(
            status=Talent.Status.MATCHED, updated_at=timezone.now()
        )
    _schedule_check_ins(match, by=by)
    _join_initiative(match, by=by)
    return match


@transaction.atomic
def match_end(*, match, by, outcome, reason, seeker_view="", helper_view="", ended_on=None):
    """A running match ends with an ``outcome`` and a ``reason``, and how
    each side saw it. Open check-ins are closed. With a lasting contact the
    need stays matched; otherwise it is open again (see the module
    docstring)."""
    match = _locked(match)
    _require_seeing(match, by)
    if match.status in Status.in_progress() and match.status != Status.RUNNING:
        raise ValidationError(
            _(
                "This match never started (it is %(status)s): only a running match can end. "
                "Start it once the residents carry on after the introduction, "
                "or cancel it if it does not go ahead."
            )
            % {"status": match.get_status_display()}
        )
    _require_step(match, "end", doing=_("ended"))
    if outcome not in END_OUTCOMES:
        raise ValidationError({"outcome": _("Choose how it ended.")})
    reason = _require_text(reason, "reason", _("Say why it ended."))
    ended_on = ended_on or timezone.localdate()
    _require_not_future(ended_on, "ended_on")
    if match.started_on and ended_on < match.started_on:
        raise ValidationError({"ended_on": _("This is before the match started.")})
    match.outcome = outcome
    match.end_reason = reason
    match.seeker_view = (seeker_view or "").strip()
    match.helper_view = (helper_view or "").strip()
    match.ended_on = ended_on
    now = timezone.now()
    _transition(
        match,
        action="end",
        by=by,
        note=reason,
        at=now,
        fields=["outcome", "end_reason", "seeker_view", "helper_view", "ended_on"],
    )
    if outcome != Match.Outcome.LASTING:
        _free_need_and_talent(match, at=now)
    _close_check_ins([match.pk], by=by, at=now)
    if outcome == Match.Outcome.LASTING:
        seeker, helper = _sides(match)
        planned = still_in_contact_check_ins(
            started_on=match.started_on, ended_on=ended_on, seeker=seeker, helper=helper
        )
        _schedule(match, planned, by=by, kind=MatchCheckIn.Kind.STILL_IN_CONTACT)
    return match


@transaction.atomic
def match_cancel(*, match, by, reason):
    """An approved or introduced match that falls through before it started
    is cancelled, with a ``reason``: it ends today as *stopped* (never
    started: ``Match.never_started``), and its need and talent are offered again (they were never
    matched; ``_free_need_and_talent`` reopens any that were)."""
    match = _locked(match)
    _require_seeing(match, by)
    _require_step(match, "cancel", doing=_("cancelled"))
    reason = _require_text(reason, "reason", _("Say why it did not go ahead."))
    now = timezone.now()
    match.outcome = Match.Outcome.STOPPED
    match.end_reason = reason
    match.ended_on = timezone.localdate(now)
    _transition(
        match,
        action="cancel",
        by=by,
        note=reason,
        at=now,
        fields=["outcome", "end_reason", "ended_on"],
    )
    _free_need_and_talent(match, at=now)
    _close_check_ins([match.pk], by=by, at=now)
    return match
