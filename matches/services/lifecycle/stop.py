"""A resident leaves (is erased): their matches stop."""

from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from matches.models import Match
from matches.services.lifecycle.steps import (
    _close_check_ins,
    _free_need_and_talent,
    _locked,
    _require_step,
    _transition,
)
from matches.services.lifecycle.table import TRANSITIONS, Status


@transaction.atomic
def match_stop(*, match, by, leaving, at=None):
    """Stop ``match`` because ``leaving``, one of its two residents, can no
    longer take part (is erased): one not yet approved is rejected, a later
    one ends as stopped on the day of ``at`` (default now). The other
    side's need and talent are freed as when a match ends as stopped
    (``_free_need_and_talent``), ``leaving``'s own stay as they are, and
    open check-ins are closed. Recorded as a match event without a note,
    by ``by`` at ``at``. ``by`` need not work in the match's neighbourhood:
    whoever may erase the resident stops their matches (the caller
    decides). Refused (``ValidationError``) when the match is no longer in
    progress."""
    at = at or timezone.now()
    match = _locked(match)
    if leaving.pk not in (match.resident_id, match.helper_id):
        raise ValueError(f"Resident {leaving.pk} is not in match {match.pk}.")
    _require_step(match, "stop", doing=_("stopped"))
    fields = []
    if TRANSITIONS[match.status]["stop"] == Status.ENDED:
        match.outcome = Match.Outcome.STOPPED
        match.ended_on = timezone.localdate(at)
        fields = ["outcome", "ended_on"]
    # Not validated: stopping must not fail on an old row that today's
    # validation would refuse (an erasure has to go through); the
    # database's constraints still hold.
    _transition(match, action="stop", by=by, at=at, fields=fields, clean=False)
    _free_need_and_talent(match, at=at, keep=leaving)
    _close_check_ins([match.pk], by=by, at=at)
    return match


@transaction.atomic
def matches_stop_for_resident(*, resident, by, at=None):
    """Stop every match in progress with ``resident`` on either side
    (``match_stop``), and close any check-in still open on their other
    matches: nothing is left to check on with them. Returns the stopped
    matches."""
    at = at or timezone.now()
    theirs = Match.objects.filter(Q(resident=resident) | Q(helper=resident))
    in_progress = theirs.in_progress().select_for_update().order_by("pk")
    stopped = [match_stop(match=match, by=by, leaving=resident, at=at) for match in in_progress]
    _close_check_ins(theirs.values("pk"), by=by, at=at)
    return stopped
