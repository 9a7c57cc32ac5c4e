"""A team lead reviews a proposal: approves it, sends it back or rejects it."""

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from matches.services.lifecycle.steps import (
    _locked,
    _require_consent,
    _require_reviewer,
    _require_step,
    _require_text,
    _transition,
)


def _review(match, *, by, action, note, doing, needs_consent=False):
    match = _locked(match)
    _require_reviewer(match, by)
    _require_step(match, action, doing=doing)
    if needs_consent:
        _require_consent(match)
    now = timezone.now()
    match.reviewed_by = by
    match.reviewed_at = now
    match.review_note = note
    return _transition(
        match,
        action=action,
        by=by,
        note=note,
        at=now,
        fields=["reviewed_by", "reviewed_at", "review_note"],
    )


@transaction.atomic
def match_approve(*, match, by, note=""):
    """A team lead approves a proposed match; the worker may introduce the
    residents next."""
    return _review(
        match,
        by=by,
        action="approve",
        note=(note or "").strip(),
        doing=_("approved"),
        needs_consent=True,
    )


@transaction.atomic
def match_send_back(*, match, by, note):
    """A team lead sends a proposal back to the worker with a question or
    remark (``note``, required); the worker may resubmit it."""
    note = _require_text(note, "note", _("Say what needs to change."))
    return _review(match, by=by, action="send_back", note=note, doing=_("sent back"))


@transaction.atomic
def match_reject(*, match, by, note):
    """A team lead rejects a proposed (or sent back) match, with the reason
    (``note``, required). The need is free for other proposals again."""
    note = _require_text(note, "note", _("Say why this match is rejected."))
    return _review(
        match,
        by=by,
        action="reject",
        note=note,
        doing=_("rejected"),
    )
