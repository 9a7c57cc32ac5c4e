"""The transition table: which step leads from which status to which, who
takes it, and which steps a user may take on a match now (what the match
page offers). Data and questions only: the services in this package change
the status, and take their checks and next status from here."""

from collections import namedtuple

from matches.models import Match
from neighbourhoods.scoping import can_review

Status = Match.Status

#: Who takes a step on the match page: anyone who sees the match
#: (``WORKER``), or a reviewer (``REVIEWER``: ``can_review``). ``None``: no
#: step on the page; the lifecycle takes it when a resident leaves.
WORKER = "worker"
REVIEWER = "reviewer"

#: action -> who takes it (the match page shows a step's button to them).
TAKEN_BY = {
    "approve": REVIEWER,
    "send_back": REVIEWER,
    "reject": REVIEWER,
    "resubmit": WORKER,
    "introduce": WORKER,
    "start": WORKER,
    "end": WORKER,
    "cancel": WORKER,
    "stop": None,
}

#: Steps off the usual way: a made-up history (``path_to``) takes them only
#: never: its way to a status is the usual one.
SIDE_STEPS = frozenset({"cancel"})

#: The outcomes a running match may end with (``match_end``). A match
#: cancelled before it started (``match_cancel``) or stopped because a
#: resident left (``match_stop``) ends as *stopped*.
END_OUTCOMES = tuple(Match.Outcome)

#: A new match (``match_propose``) starts in this status.
FIRST_STATUS = Status.PROPOSED

#: The step that makes a match (``match_propose``), from no status ("") to
#: ``FIRST_STATUS``: the first of every match's events, not in ``TRANSITIONS``.
PROPOSE = "propose"

#: status -> {action: the status it leads to}: every allowed transition, in
#: the order the match page offers them. Each action is one service
#: (``SERVICES``, in the package's ``__init__``); the statuses with a step are
#: the statuses in progress (``Match.Status.in_progress()``).
TRANSITIONS = {
    Status.PROPOSED: {
        "approve": Status.APPROVED,
        "send_back": Status.SENT_BACK,
        "reject": Status.REJECTED,
        "stop": Status.REJECTED,
    },
    Status.SENT_BACK: {
        "resubmit": Status.PROPOSED,
        "reject": Status.REJECTED,
        "stop": Status.REJECTED,
    },
    Status.APPROVED: {
        "introduce": Status.INTRODUCED,
        "cancel": Status.ENDED,
        "stop": Status.ENDED,
    },
    Status.INTRODUCED: {"start": Status.RUNNING, "cancel": Status.ENDED, "stop": Status.ENDED},
    Status.RUNNING: {"end": Status.ENDED, "stop": Status.ENDED},
    Status.REJECTED: {},
    Status.ENDED: {},
}


def statuses_allowing(action):
    """The statuses from which ``action`` may be taken, in table order."""
    return [status for status, steps in TRANSITIONS.items() if action in steps]


def _sees(user, match):
    return user.is_active and Match.objects.visible_to(user).filter(pk=match.pk).exists()


def allowed_actions(user, match, *, may_review=None):
    """The steps ``user`` may take on ``match`` now, as ``TRANSITIONS``
    orders them: what a page offers (the service decides again when one is
    taken). ``user`` sees ``match`` (the page fetched it scoped). One query
    where a reviewer's step is possible (a proposal, a sent-back one: is
    the user a lead there?), none otherwise, and none when the caller
    passes ``may_review`` (``can_review``, known another way)."""
    allowed = []
    reviews = may_review
    for action in TRANSITIONS[match.status]:
        taken_by = TAKEN_BY[action]
        if taken_by == REVIEWER:
            if reviews is None:
                reviews = can_review(user, match)
            if reviews:
                allowed.append(action)
        elif taken_by == WORKER:
            allowed.append(action)
    return allowed


def next_status(from_status, action):
    """The status ``action`` leads to from ``from_status`` (``PROPOSE`` from
    ""): refused (ValueError) when ``TRANSITIONS`` has no such step."""
    if from_status == "" and action == PROPOSE:
        return FIRST_STATUS
    if from_status in TRANSITIONS and action in TRANSITIONS[from_status]:
        return TRANSITIONS[from_status][action]
    raise ValueError(f"No step {action!r} from {from_status or 'no status'!r}.")


#: One step of a match: the action and the statuses it leads from and to.
Step = namedtuple("Step", ["action", "from_status", "to_status"])


def _shortest_path(start, status):
    """The fewest page steps (``TAKEN_BY``: not ``stop``), none of them a
    ``SIDE_STEPS``, from ``start`` to ``status``, preferring the table's
    order, or None."""
    paths, seen = [(start, [])], {start}
    while paths:
        here, steps = paths.pop(0)
        if here == status:
            return steps
        for action, to in TRANSITIONS[here].items():
            if TAKEN_BY[action] is not None and action not in SIDE_STEPS and to not in seen:
                seen.add(to)
                paths.append((to, [*steps, Step(action, here, to)]))
    return None


def path_to(status, *, via=None):
    """The steps a match takes from nothing to ``status``: its proposal
    (``PROPOSE``), then the fewest steps the match page offers, by way of
    ``via`` when given (``Status.SENT_BACK``: sent back first); a list of
    ``Step``. ValueError when ``TRANSITIONS`` has no such way. For made-up
    histories (the demo): real matches take their steps one at a time."""
    steps, here = [Step(PROPOSE, "", FIRST_STATUS)], FIRST_STATUS
    for goal in [*([via] if via is not None else []), status]:
        more = _shortest_path(here, goal)
        if more is None:
            raise ValueError(f"No way to {goal!r} from {here!r}.")
        steps += more
        here = goal
    return steps
