"""Matches brought to a status the way a worker and a team lead would,
through the lifecycle's services (a factory would skip what each step does
to the need, the talent and the check-ins)."""

from django.utils import timezone

from matches.models import Match
from matches.services.lifecycle import (
    match_approve,
    match_end,
    match_introduce,
    match_propose,
    match_reject,
    match_send_back,
    match_start,
)

Status = Match.Status


def match_in(status, *, need, helper, worker, lead, talent=None):
    """A match for ``need`` with ``helper`` (through ``talent``), proposed
    by ``worker`` and reviewed by ``lead``, now in ``status``."""
    match = match_propose(
        need=need,
        by=worker,
        helper=helper,
        talent=talent,
        why="Zelfde straat, zij heeft een tuin en hij werkt graag buiten.",
        first_meeting_plan="Koffie bij haar thuis, ik ben erbij.",
    )
    if status in (Status.SENT_BACK, Status.REJECTED):
        match_send_back(match=match, by=lead, note="Wie gaat er mee?")
        if status == Status.REJECTED:
            match_reject(match=match, by=lead, note="Liever niet.")
    elif status != Status.PROPOSED:
        match_approve(match=match, by=lead)
        if status != Status.APPROVED:
            match_introduce(match=match, by=worker, introduced_on=timezone.localdate())
        if status in (Status.RUNNING, Status.ENDED):
            match_start(match=match, by=worker)
        if status == Status.ENDED:
            match_end(
                match=match, by=worker, outcome=Match.Outcome.LASTING, reason="Ze doen het zelf."
            )
    match.refresh_from_db()
    assert match.status == status
    return match


ROLES = ("proposer", "colleague", "lead", "admin")
REVIEW = ["approve", "send_back", "reject"]


def _everyone(steps):
    return {role: list(steps) for role in ROLES}


#: status -> role -> the steps the match page offers, in order. The
#: proposer is the worker; the colleague works in the same team but did not
#: propose; the lead (of that team) and the admin review.
OFFERED = {
    Status.PROPOSED: {"proposer": [], "colleague": [], "lead": REVIEW, "admin": REVIEW},
    Status.SENT_BACK: {
        "proposer": ["resubmit"],
        "colleague": ["resubmit"],
        "lead": ["resubmit", "reject"],
        "admin": ["resubmit", "reject"],
    },
    Status.APPROVED: _everyone(["introduce", "cancel"]),
    Status.INTRODUCED: _everyone(["start", "cancel"]),
    Status.RUNNING: _everyone(["end"]),
    Status.REJECTED: _everyone([]),
    Status.ENDED: _everyone([]),
}
