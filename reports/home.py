"""The figures of the team lead's home page and the decisions a worker
sees on My day. Reads only; every function says how many queries it takes.

Nothing here names a resident: the lead's page shows counts per worker,
per kind and per organisation, and links to the review queue and to the
matches (whose pages log what they show)."""

import datetime

from django.contrib.auth import get_user_model
from django.contrib.postgres.expressions import ArraySubquery
from django.db.models import Count, Exists, F, Min, OuterRef
from django.utils import timezone

from buurtwerk.models import EqualsAny
from contacts.models import DoorKnock, FollowUp, Signal
from contacts.models.conversations import ConversationWorker
from matches.models import Match, MatchEvent
from neighbourhoods.models import Membership
from neighbourhoods.scoping import lead_neighbourhood_ids
from reports.models import DecisionsSeen

#: Proposals listed on the lead's page (all of them in the review queue).
PROPOSALS_SHOWN = 10
#: Decisions listed on a worker's My day.
DECISIONS_SHOWN = 10
WORKLOAD_WEEKS = 4
SIGNALS_DAYS = 7


def _in_lead_scope(user, queryset, lookup):
    if user.sees_everything:
        return queryset
    return queryset.filter(**{f"{lookup}__in": lead_neighbourhood_ids(user)})


def proposals_waiting(*, user):
    """(count, the oldest PROPOSALS_SHOWN) of the proposals waiting for
    ``user``'s review, without their own. Two queries (with the lead's
    neighbourhoods, remembered for the request, three)."""
    proposals = _in_lead_scope(
        user, Match.objects.filter(status=Match.Status.PROPOSED), "neighbourhood"
    ).exclude(proposed_by=user)
    oldest = list(
        proposals.select_related("neighbourhood", "proposed_by").order_by("proposed_at", "pk")[
            :PROPOSALS_SHOWN
        ]
    )
    count = len(oldest) if len(oldest) < PROPOSALS_SHOWN else proposals.count()
    return count, oldest


def team_workers(*, user):
    """The members of the teams ``user`` leads (an admin: of every team),
    by name. One query."""
    memberships = Membership.objects.all()
    if not user.sees_everything:
        memberships = memberships.filter(
            team__in=Membership.objects.leading().filter(user=user).values("team")
        )
    return list(
        get_user_model()
        .objects.filter(pk__in=memberships.values("user"), is_active=True)
        .order_by("first_name", "username")
    )


def overdue_per_worker(*, user, today):
    """{worker id: (number overdue, oldest due day)} of the open follow-ups
    past their day in the lead's neighbourhoods. One query."""
    rows = (
        _in_lead_scope(user, FollowUp.objects.overdue(today), "neighbourhood")
        .order_by()
        .values("assigned_to")
        .annotate(n=Count("pk"), oldest=Min("due_on"))
    )
    return {row["assigned_to"]: (row["n"], row["oldest"]) for row in rows}


def signals_last_week(*, user, now):
    """Signals and referrals of the last SIGNALS_DAYS days in the lead's
    neighbourhoods, as (signals, [(organisation, referrals)]). One query."""
    rows = (
        _in_lead_scope(
            user,
            Signal.objects.filter(created_at__gte=now - datetime.timedelta(days=SIGNALS_DAYS)),
            "resident__neighbourhood",
        )
        .order_by()
        .values("kind", "organisation__name")
        .annotate(n=Count("pk"))
        .order_by("-n", "organisation__name")
    )
    signals, referrals = 0, []
    for row in rows:
        if row["kind"] == Signal.Kind.SIGNAL:
            signals += row["n"]
        else:
            referrals.append((row["organisation__name"], row["n"]))
    return signals, referrals


def workload(*, workers, now):
    """Per worker of ``workers``: conversations and door knocks in the last
    WORKLOAD_WEEKS weeks, and open follow-ups, as {id: {...}}. Three
    queries, each reading an index per worker."""
    since = now - datetime.timedelta(weeks=WORKLOAD_WEEKS)
    ids = [w.pk for w in workers]
    rows = {pk: {"conversations": 0, "door_knocks": 0, "open_follow_ups": 0} for pk in ids}
    if not ids:
        return rows
    for row in (
        ConversationWorker.objects.filter(user__in=ids, happened_at__gte=since)
        .values("user")
        .annotate(n=Count("pk"))
        .order_by()
    ):
        rows[row["user"]]["conversations"] = row["n"]
    for row in (
        DoorKnock.objects.filter(worker__in=ids, knocked_at__gte=since)
        .values("worker")
        .annotate(n=Count("pk"))
        .order_by()
    ):
        rows[row["worker"]]["door_knocks"] = row["n"]
    for row in (
        FollowUp.objects.open()
        .filter(assigned_to__in=ids)
        .values("assigned_to")
        .annotate(n=Count("pk"))
        .order_by()
    ):
        rows[row["assigned_to"]]["open_follow_ups"] = row["n"]
    return rows


DECIDED = (Match.Status.APPROVED, Match.Status.SENT_BACK, Match.Status.REJECTED)


def decisions_since_seen(*, user):
    """The decisions on ``user``'s proposals (approved, sent back, rejected)
    made after the user last marked them seen (all, the first time), newest
    first, at most DECISIONS_SHOWN, as match events with their match,
    neighbourhood and reviewer. One query: the marker and the user's
    matches are subqueries, the matches an array read once, so their events
    come from the index by match (not a scan of every event)."""
    seen_later = DecisionsSeen.objects.filter(user=user, seen_at__gte=OuterRef("at"))
    mine = ArraySubquery(Match.objects.filter(proposed_by=user).values("pk"))
    return list(
        MatchEvent.objects.filter(EqualsAny(F("match_id"), mine), to_status__in=DECIDED)
        .filter(~Exists(seen_later))
        .select_related("match__neighbourhood", "by")
        .order_by("-at", "-pk")[:DECISIONS_SHOWN]
    )


def decisions_mark_seen(*, user, at=None):
    """Remember that ``user`` saw the decisions up to ``at`` (now)."""
    DecisionsSeen.objects.update_or_create(user=user, defaults={"seen_at": at or timezone.now()})
