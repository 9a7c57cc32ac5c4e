"""Answering a check-in: how it is going on a running match, or whether
the residents are still in contact after a lasting end.

A check-in is answered once (the follow-up on the worker's day is then
done), with a short note and, when heard, each side's view. It may be
answered early, before its due date. The answers to "still in contact?"
decide whether a match counts as lasting (``MatchQuerySet.lasting``: ended
as a lasting contact and no "still in contact?" answered *stopped*); a
*stopped* answer also cancels the later "still in contact?" check-ins
(nothing left to ask)."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from contacts.models import FollowUp
from matches.models import MatchCheckIn
from matches.services.lifecycle.steps import (
    _close_check_ins,
    _locked,
    _require_seeing,
    _when,
)
from matches.services.lifecycle.table import Status

Kind = MatchCheckIn.Kind
Answer = MatchCheckIn.Answer

#: The status a match must be in for a check-in of each kind to be answered.
ANSWERED_WHEN = {Kind.RUNNING: Status.RUNNING, Kind.STILL_IN_CONTACT: Status.ENDED}


def check_in_problem(check_in, match):
    """Why ``check_in`` of ``match`` cannot be answered now, or "" (what
    the match page asks before offering its form). No query: the check-in
    comes with its follow-up."""
    follow_up = check_in.follow_up
    if follow_up.cancelled:
        return _("This check-in was cancelled on %(when)s.") % {"when": _when(follow_up.done_at)}
    if check_in.answered_at is not None or follow_up.done_at is not None:
        return _("This check-in was already done by %(who)s at %(when)s.") % {
            "who": check_in.answered_by or follow_up.done_by,
            "when": _when(check_in.answered_at or follow_up.done_at),
        }
    if match.status != ANSWERED_WHEN[check_in.kind]:
        return _("This match is %(status)s, so this check-in cannot be answered.") % {
            "status": match.get_status_display()
        }
    return ""


@transaction.atomic
def check_in_record(*, check_in, by, answer, note="", seeker_view="", helper_view=""):
    """Answer ``check_in`` (by ``by``, now): its follow-up is done. Refused
    (``ValidationError``) for someone outside the match's neighbourhood, an
    unknown answer, a check-in already closed, or one whose match is no
    longer in the status for it (``ANSWERED_WHEN``). Returns the check-in."""
    match = _locked(check_in.match)
    _require_seeing(match, by)
    check_in = (
        MatchCheckIn.objects.select_for_update(of=("self",))
        .select_related("follow_up", "answered_by", "follow_up__done_by")
        .get(pk=check_in.pk)
    )
    if answer not in Answer.values:
        raise ValidationError({"answer": _("Choose how it is going.")})
    problem = check_in_problem(check_in, match)
    if problem:
        raise ValidationError(problem)
    now = timezone.now()
    check_in.answer = answer
    check_in.note = (note or "").strip()
    check_in.seeker_view = (seeker_view or "").strip()
    check_in.helper_view = (helper_view or "").strip()
    check_in.answered_at = now
    check_in.answered_by = by
    check_in.full_clean()
    check_in.save()
    FollowUp.objects.filter(pk=check_in.follow_up_id).update(
        done_at=now, done_by=by, updated_at=now
    )
    if check_in.kind == Kind.STILL_IN_CONTACT and answer == Answer.STOPPED:
        _close_check_ins([match.pk], by=by, at=now, kind=Kind.STILL_IN_CONTACT)
    return check_in


def check_in_rows(match):
    """The check-ins of ``match`` (prefetched as ``check_in_rows``, with
    their follow-ups), each with ``problem``: why it cannot be answered
    now, "" when it can. No query."""
    rows = list(match.check_in_rows)
    for check_in in rows:
        check_in.problem = check_in_problem(check_in, match)
    return rows


__all__ = ["ANSWERED_WHEN", "check_in_problem", "check_in_record", "check_in_rows"]
