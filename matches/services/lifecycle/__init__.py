"""The life of a match (koppeling), every transition in one place.

    proposed ──approve──▶ approved ──introduce──▶ introduced ──start──▶ running ──end──▶ ended
      │  ▲  └──reject──▶ rejected
      │  └──resubmit── sent_back ──reject──▶ rejected
      └──send_back──▶ sent_back

    approved, introduced ──cancel──▶ ended (outcome *cancelled*, with a reason)

    and from every status in progress ──stop──▶ rejected (not yet approved) or ended

``TRANSITIONS`` says this as data, once: the services below take their
checks and their next status from it, and the match page asks
``allowed_actions`` which steps to offer. This package is the only place that
changes a match's status (a package: one module per concept, see below).

Each transition runs in one transaction, locks the match row first
(``select_for_update``) and then decides on the row as it is *now*, so when
two team leads review the same proposal at once one decision wins and the
other is told who decided what and when. Each records a ``MatchEvent``
(from, to, by, at, note). A refused transition raises ``ValidationError``
with the reason and changes nothing.

Who may do what:

- propose, resubmit, introduce, start, end: anyone who sees the match's
  neighbourhood (a member of a team working there, or an admin);
- approve, send back, reject: a team lead of a team working in the match's
  neighbourhood (``Membership.Role.LEAD``) or an admin, and never the
  person who proposed it (also refused by the database);
- cancel, answering a check-in (``check_in_record``): anyone who sees the
  match;
- stop: whoever erases a resident (``privacy``), who decides who may; it is
  no step on the match page.

Decisions this module makes:

- ``match_reject`` also works on a *sent back* proposal: otherwise a
  proposal the worker does not resubmit would hold its need for ever.
- A resubmitted proposal keeps its first ``proposed_at`` (so it keeps its
  place in the oldest-first review queue); the resubmitter becomes its
  proposer (they now answer for it) and the earlier review is cleared from
  the match (it stays in the events).
- The need becomes *matched* when the match starts (not before: until then
  the match being in progress already keeps it from being offered to
  others). Ending with a lasting contact leaves the need (and talent)
  matched: the residents carry on by themselves. Ending as stopped or no
  click opens the need again (unless it was closed meanwhile) and the
  talent too (unless another running match uses it).
- Consent to be matched is checked again on every step forward (resubmit,
  approve, introduce, start): a resident may withdraw it at any time.
- A match stops when one of its residents leaves (is erased): one not yet
  approved is rejected, a later one ends as stopped. The other side's need
  and talent are freed as when a match ends as stopped; those of the
  resident who leaves stay as they are (the erasure closes them).
- A match that never started is *cancelled* (not ended): it ends with the
  outcome ``cancelled`` and a reason, and its need and talent are offered
  again. ``match_end`` is only for a running match.
- Check-ins no longer needed (the match ended, was cancelled or stopped)
  are closed as *cancelled*, never as done: nobody checked in.
- A started match between a resident and an initiative makes the resident
  a member of it.
- A lasting end schedules "still in contact?" check-ins 3, 6 and 12 months
  after the start (those still ahead); their answers decide whether the
  match counts as lasting (``checkins``).
"""

# The package's modules, one per concept: ``table`` (the transitions and
# what a user may do), ``steps`` (the checks and the recording every step
# shares), ``propose``, ``review``, ``running`` (introduce, start, end) and
# ``stop``. Everything callers use is imported here, so they import from
# ``matches.services.lifecycle``.

from matches.services.lifecycle.checkins import (
    check_in_problem,
    check_in_record,
    check_in_rows,
)
from matches.services.lifecycle.propose import (
    match_propose,
    match_resubmit,
    proposal_problems,
)
from matches.services.lifecycle.review import match_approve, match_reject, match_send_back
from matches.services.lifecycle.running import (
    CHECK_IN_WEEKS,
    STILL_IN_CONTACT_MONTHS,
    check_ins,
    match_cancel,
    match_end,
    match_introduce,
    match_start,
    months_after,
    still_in_contact_check_ins,
)
from matches.services.lifecycle.steps import transition_event
from matches.services.lifecycle.stop import match_stop, matches_stop_for_resident
from matches.services.lifecycle.table import (
    END_OUTCOMES,
    FIRST_STATUS,
    PROPOSE,
    REVIEWER,
    SIDE_STEPS,
    TAKEN_BY,
    TRANSITIONS,
    WORKER,
    Status,
    Step,
    allowed_actions,
    next_status,
    path_to,
    statuses_allowing,
)

#: action -> the service that takes it, for every action in ``TRANSITIONS``
#: (``match_propose`` creates a match; ``matches_stop_for_resident`` stops
#: several through ``match_stop``).
SERVICES = {
    "approve": match_approve,
    "send_back": match_send_back,
    "reject": match_reject,
    "resubmit": match_resubmit,
    "introduce": match_introduce,
    "start": match_start,
    "end": match_end,
    "cancel": match_cancel,
    "stop": match_stop,
}


__all__ = [
    "CHECK_IN_WEEKS",
    "END_OUTCOMES",
    "FIRST_STATUS",
    "PROPOSE",
    "REVIEWER",
    "SERVICES",
    "SIDE_STEPS",
    "STILL_IN_CONTACT_MONTHS",
    "TAKEN_BY",
    "TRANSITIONS",
    "WORKER",
    "Status",
    "Step",
    "allowed_actions",
    "check_in_problem",
    "check_in_record",
    "check_in_rows",
    "check_ins",
    "match_approve",
    "match_cancel",
    "match_end",
    "match_introduce",
    "match_propose",
    "match_reject",
    "match_resubmit",
    "match_send_back",
    "match_start",
    "match_stop",
    "matches_stop_for_resident",
    "months_after",
    "next_status",
    "path_to",
    "proposal_problems",
    "statuses_allowing",
    "still_in_contact_check_ins",
    "transition_event",
]
