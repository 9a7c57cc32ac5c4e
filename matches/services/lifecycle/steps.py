"""The building blocks of the services: the checks a step needs, taking a
step (``_transition``) and recording it as a MatchEvent, and what a match
that no longer runs does to its need, talent and check-ins."""

from django.core.exceptions import ValidationError
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from contacts.models import Consent, FollowUp, Need, Resident, Talent
from matches.models import Match, MatchEvent
from matches.services.lifecycle.table import (
    TRANSITIONS,
    Status,
    _sees,
    next_status,
    statuses_allowing,
)
from neighbourhoods.scoping import can_review


def _when(moment):
    return formats.date_format(timezone.localtime(moment), "SHORT_DATETIME_FORMAT")


def _locked(match):
    """The match row as it is now, locked until the transaction ends."""
    return Match.objects.select_for_update().get(pk=match.pk)


def transition_event(match, *, action, from_status, by, at, note=""):
    """The MatchEvent, unsaved, that records ``action`` taken on ``match``
    from ``from_status`` by ``by`` at ``at`` (``match`` and ``by`` may be
    ids): the status it leads to is the table's (``next_status``), so no
    event records a transition ``TRANSITIONS`` does not allow. No query."""
    return MatchEvent(
        match_id=getattr(match, "pk", match),
        from_status=from_status,
        to_status=next_status(from_status, action),
        by_id=getattr(by, "pk", by),
        at=at,
        note=note,
    )


def _record(match, *, action, from_status, by, at, note=""):
    """Record ``action`` taken on ``match`` (now in the status it led to)."""
    event = transition_event(
        match, action=action, from_status=from_status, by=by, at=at, note=note
    )
    if event.to_status != match.status:
        raise ValueError(f"{action!r} leads to {event.to_status!r}, not {match.status!r}.")
    event.save()
    return event


#: How far along the way each status is, to tell "already" from "not yet".
_STAGE = {
    Status.PROPOSED: 0,
    Status.SENT_BACK: 0,
    Status.APPROVED: 1,
    Status.INTRODUCED: 2,
    Status.RUNNING: 3,
    Status.REJECTED: 4,
    Status.ENDED: 4,
}


def _require_step(match, action, *, doing):
    """Refuse unless ``TRANSITIONS`` allows ``action`` from the status
    ``match`` is in. When it is past the statuses that allow it, say who
    brought it there and when (one query)."""
    if action in TRANSITIONS[match.status]:
        return
    allowed = statuses_allowing(action)
    last = None
    if _STAGE[match.status] >= max(_STAGE[status] for status in allowed):
        last = match.events.select_related("by").order_by("-at", "-pk").first()
    if last is None:
        raise ValidationError(
            _("This match is %(status)s, so it cannot be %(doing)s yet.")
            % {"status": match.get_status_display(), "doing": doing}
        )
    raise ValidationError(
        _("Already %(status)s by %(who)s at %(when)s, so it cannot be %(doing)s.")
        % {
            "status": last.get_to_status_display(),
            "who": last.by,
            "when": _when(last.at),
            "doing": doing,
        }
    )


def _require_seeing(match, by):
    if not _sees(by, match):
        raise ValidationError(_("You do not work in the neighbourhood of this match."))


def _require_reviewer(match, by):
    if by.pk == match.proposed_by_id:
        raise ValidationError(
            _(
                "You proposed this match, so another team lead must review it: "
                "nobody reviews their own proposal."
            )
        )
    if not can_review(by, match):
        raise ValidationError(
            _("Only a team lead of %(neighbourhood)s or an administrator reviews this match.")
            % {"neighbourhood": match.neighbourhood}
        )


def _consent_problems(residents):
    """What keeps these residents from being matched
    (``Resident.may_be_matched``), one message each."""
    problems = [r.why_not(Consent.MATCH) for r in residents if r is not None]
    return [problem for problem in problems if problem]


def _require_consent(match):
    """Both residents of ``match`` still active and consenting (read fresh)."""
    ids = [pk for pk in (match.resident_id, match.helper_id) if pk]
    residents = Resident.objects.filter(pk__in=ids).order_by("name")
    problems = _consent_problems(residents)
    if problems:
        raise ValidationError(problems)


def _require_not_future(value, field):
    if value > timezone.localdate():
        raise ValidationError({field: _("This date is in the future.")})


def _require_text(value, field, message):
    value = (value or "").strip()
    if not value:
        raise ValidationError({field: message})
    return value


def _transition(match, *, action, by, note="", at=None, fields=(), clean=True):
    """Take ``action`` (checked by ``_require_step``): save ``match`` in the
    status ``TRANSITIONS`` says it leads to, with ``fields`` changed, and
    record it. ``clean``: validate the row first."""
    from_status = match.status
    match.status = TRANSITIONS[from_status][action]
    if clean:
        match.full_clean()
    match.save(update_fields=["status", *fields, "updated_at"])
    _record(
        match, action=action, from_status=from_status, by=by, at=at or timezone.now(), note=note
    )
    return match


def _free_need_and_talent(match, *, at, keep=None):
    """``match`` (no longer running) holds its need and talent no more: a
    matched need is open again (not one closed meanwhile), and so is a
    matched talent unless another running match uses it. Those of ``keep``
    (a resident who leaves) stay as they are."""
    needs = Need.objects.filter(pk=match.need_id, status=Need.Status.MATCHED)
    talents = Talent.objects.filter(pk=match.talent_id, status=Talent.Status.MATCHED)
    if keep is not None:
        needs = needs.exclude(resident=keep)
        talents = talents.exclude(resident=keep)
    needs.update(status=Need.Status.OPEN, updated_at=at)
    if match.talent_id:
        still_running = Match.objects.filter(talent=match.talent_id, status=Status.RUNNING)
        if not still_running.exclude(pk=match.pk).exists():
            talents.update(status=Talent.Status.OPEN, updated_at=at)


def _close_check_ins(matches, *, by, at, kind=None):
    """Close the open check-ins of ``matches`` (a QuerySet or ids) as
    cancelled, by ``by`` at ``at``: nobody checked in, so none is marked
    done. A check-in already closed keeps how and by whom. ``kind``: only
    check-ins of that ``MatchCheckIn.Kind``."""
    follow_ups = FollowUp.objects.open().filter(match_check_in__match__in=matches)
    if kind is not None:
        follow_ups = follow_ups.filter(match_check_in__kind=kind)
    follow_ups.update(done_at=at, done_by=by, cancelled=True, updated_at=at)
