"""The transition table: which step leads from which status to which, who
takes it, and which steps a user may take on a match now (what the match
page offers). Data and questions only: the services in this package change
the status, and take their checks and next status from here."""

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
    "stop": None,
}

#: A new match (``match_propose``) starts in this status.
FIRST_STATUS = Status.PROPOSED

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
    Status.APPROVED: {"introduce": Status.INTRODUCED, "stop": Status.ENDED},
    Status.INTRODUCED: {"start": Status.RUNNING, "stop": Status.ENDED},
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
