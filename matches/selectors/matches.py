"""Reads for the match pages: the list, the detail page, the team lead's
review queue and its "needs attention" list, and the two sides of a match
with their talents and needs. Each function says how many queries it makes;
none grows with the number of rows."""

import datetime

from django.db.models import Count, Exists, Min, OuterRef, Prefetch, Q

from contacts.models import FollowUp, Initiative, Need, Resident, Talent
from matches.models import Match, MatchCheckIn, MatchEvent
from neighbourhoods.models import Neighbourhood
from neighbourhoods.scoping import get_visible_or_404, lead_neighbourhood_ids

#: An approved or introduced match that has not started after this many
#: days needs the team lead's attention.
STALE_AFTER_DAYS = 14
#: At most this many rows in the "needs attention" list.
ATTENTION_LIMIT = 50


def _heard(model):
    """Talents or needs worth showing beside a match: all but the ones no
    longer relevant, with their category."""
    return (
        model.objects.exclude(status=model.Status.CLOSED)
        .select_related("category")
        .order_by("status", "-created_at", "pk")
    )


def with_heard_sides(matches):
    """Set ``heard_talents`` and ``heard_needs`` (``_heard``) on the
    residents and initiatives of both sides of ``matches`` (evaluated to a
    list, which is returned). Two queries, one per kind, whatever the number
    of matches and the kinds of side among them (a Prefetch per kind of
    side took up to eight); none without matches."""
    matches = list(matches)
    owners = [
        owner
        for match in matches
        for owner in (
            match.resident,
            match.helper,
            match.initiative,
            match.need.initiative if match.need_id else None,
        )
        if owner is not None
    ]
    if not owners:
        return matches
    residents = {owner.pk for owner in owners if isinstance(owner, Resident)}
    initiatives = {owner.pk for owner in owners if isinstance(owner, Initiative)}
    for model, attribute in ((Talent, "heard_talents"), (Need, "heard_needs")):
        found = {}
        for heard in _heard(model).filter(
            Q(resident__in=residents) | Q(initiative__in=initiatives)
        ):
            if heard.resident_id:
                found.setdefault((Resident, heard.resident_id), []).append(heard)
            else:
                found.setdefault((Initiative, heard.initiative_id), []).append(heard)
        for owner in owners:
            setattr(owner, attribute, found.get((type(owner), owner.pk), []))
    return matches


def _with_sides(queryset):
    """What a match row shows of itself: the need and both residents joined
    (four tables), the rest fetched by id afterwards, one query per kind of
    row present (at most seven). Joining all twelve tables took PostgreSQL
    30 to 70 ms to plan on the large demo data, and made it join every
    visible match before sorting; four tables plan in about a millisecond
    and let the LIMIT walk the index on the proposal time."""
    return queryset.select_related("need", "resident", "helper").prefetch_related(
        "neighbourhood",
        "need__category",
        "need__initiative",
        "talent__category",
        "initiative",
        "proposed_by",
        "reviewed_by",
    )


class Shortened(list):
    """The first rows of a longer list; ``more`` says how many were left out."""

    more = 0


#: Talents (and needs) per side in the review queue; the resident page has all.
SIDE_ROWS = 4


def shorten_sides(matches, *, rows=SIDE_ROWS):
    """Cut the talents and needs of both sides of ``matches`` (set by
    ``with_heard_sides``) to ``rows`` each (as ``Shortened``), keeping the
    ones in the match: a lead
    reviews ten proposals on one page, and people who talk with workers
    often have dozens. No query."""

    def cut(heard, keep):
        if len(heard) <= rows:
            return heard
        kept = [h for h in heard if h.pk == keep][:1]
        shortened = Shortened([*kept, *(h for h in heard if h.pk != keep)][:rows])
        shortened.sort(key=heard.index)
        shortened.more = len(heard) - len(shortened)
        return shortened

    for match in matches:
        sides = [
            (match.resident or (match.need.initiative if match.need_id else None), match.need_id),
            (match.helper or match.initiative, match.talent_id),
        ]
        for owner, keep in sides:
            if owner is None or not hasattr(owner, "heard_talents"):
                continue
            owner.heard_talents = cut(owner.heard_talents, keep)
            owner.heard_needs = cut(owner.heard_needs, keep)
    return matches


def matches_for_list(*, user, status=None):
    """The visible matches, most recently proposed first; only those with
    ``status`` when given. One query (not evaluated)."""
    matches = Match.objects.visible_to(user)
    if status:
        matches = matches.filter(status=status)
    return _with_sides(matches).order_by("-proposed_at", "pk")


def status_counts(*, user):
    """How many visible matches there are per status, as a dict. One query."""
    rows = (
        Match.objects.visible_to(user)
        .order_by()
        .values("status")
        .annotate(count=Count("pk"))
        .values_list("status", "count")
    )
    return dict(rows)


def match_for_detail(*, user, pk):
    """A visible match with both sides and their talents and needs, its
    history (``history``: events with who) and its check-ins
    (``check_in_rows``: with the follow-up, who holds it and who answered),
    or Http404.
    One query for the match (with the prefetches of ``_with_sides``), one
    for the history, one for the check-ins and two for the sides' talents
    and needs (``with_heard_sides``)."""
    match = get_visible_or_404(
        _with_sides(Match.objects.all()).prefetch_related(
            Prefetch(
                "events",
                queryset=MatchEvent.objects.select_related("by").order_by("at", "pk"),
                to_attr="history",
            ),
            Prefetch(
                "check_ins",
                queryset=MatchCheckIn.objects.select_related(
                    "follow_up__assigned_to", "follow_up__done_by", "answered_by"
                ).order_by("follow_up__due_on", "pk"),
                to_attr="check_in_rows",
            ),
        ),
        user,
        pk=pk,
    )
    with_heard_sides([match])
    return match


def review_neighbourhoods(*, user):
    """The neighbourhoods whose proposals ``user`` reviews: where they lead a
    team, or (an admin) every neighbourhood with a match in progress. One
    query (not evaluated)."""
    if user.sees_everything:
        in_progress = Match.objects.in_progress().filter(neighbourhood=OuterRef("pk"))
        return Neighbourhood.objects.filter(Exists(in_progress)).order_by("name", "pk")
    return Neighbourhood.objects.filter(pk__in=lead_neighbourhood_ids(user)).order_by("name", "pk")


def _reviewable(user, neighbourhood_id):
    matches = Match.objects.all()
    if not user.sees_everything:
        matches = matches.filter(neighbourhood__in=lead_neighbourhood_ids(user))
    if neighbourhood_id is not None:
        matches = matches.filter(neighbourhood=neighbourhood_id)
    return matches


def proposals_for_review(*, user, neighbourhood_id=None):
    """The proposed matches ``user`` reviews (in the neighbourhoods where
    they lead a team; an admin: all), oldest first, with both sides; their
    talents and needs come from ``with_heard_sides`` on the page shown.
    Not evaluated."""
    matches = _reviewable(user, neighbourhood_id).filter(status=Match.Status.PROPOSED)
    return _with_sides(matches).order_by("proposed_at", "pk")


#: What a row of "needs attention" shows: who on both sides, where, who
#: proposed it and why it waits (``match_side.html``: names, status_badge,
#: attention_reason).
_ATTENTION_COLUMNS = (
    "status",
    "proposed_at",
    "reviewed_at",
    "introduced_on",
    "need",
    "resident__name",
    "helper__name",
    "initiative__name",
    "need__initiative__name",
    "neighbourhood__name",
    "proposed_by__first_name",
    "proposed_by__last_name",
    "proposed_by__username",
)


def _with_names(queryset):
    """A match row that names its sides, its neighbourhood and its proposer
    and nothing else: one query with those columns joined (for 50 rows on
    the large demo data 16 ms, against 29 ms for the sides' talents and
    needs of ``_with_sides`` in eight queries)."""
    return queryset.select_related(
        "neighbourhood", "resident", "helper", "initiative", "need__initiative", "proposed_by"
    ).only(*_ATTENTION_COLUMNS)


def matches_needing_attention(*, user, today, neighbourhood_id=None, with_names=True):
    """Matches a team lead should look at, at most ATTENTION_LIMIT: running
    ones with a check-in overdue (``overdue_since``: the earliest overdue
    due date), and approved or introduced ones that did not start within
    STALE_AFTER_DAYS. Longest waiting first. Three queries: the overdue
    check-ins, from the open follow-ups of the lead's neighbourhoods (a
    partial index; asking per running match whether it has one read every
    running match's check-ins), the ids of the first matches, those matches
    with the names of their sides (``_with_names``; ``with_names=False``:
    with their neighbourhood only)."""
    overdue_follow_ups = FollowUp.objects.open().filter(
        due_on__lt=today, match_check_in__isnull=False
    )
    if not user.sees_everything:
        overdue_follow_ups = overdue_follow_ups.filter(
            neighbourhood__in=lead_neighbourhood_ids(user)
        )
    if neighbourhood_id is not None:
        overdue_follow_ups = overdue_follow_ups.filter(neighbourhood=neighbourhood_id)
    overdue = dict(
        overdue_follow_ups.order_by()
        .values("match_check_in__match")
        .annotate(first=Min("due_on"))
        .values_list("match_check_in__match", "first")
    )
    cutoff = today - datetime.timedelta(days=STALE_AFTER_DAYS)
    matches = (
        _reviewable(user, neighbourhood_id)
        .in_progress()
        .filter(
            Q(status=Match.Status.RUNNING, pk__in=list(overdue))
            | Q(status=Match.Status.APPROVED, reviewed_at__date__lt=cutoff)
            | Q(status=Match.Status.INTRODUCED, introduced_on__lt=cutoff)
        )
    )
    # The few longest waiting first, then their sides: joining the sides of
    # every candidate before sorting costs more than one query more.
    first = list(
        matches.order_by("proposed_at", "pk").values_list("pk", flat=True)[:ATTENTION_LIMIT]
    )
    rows = Match.objects.filter(pk__in=first)
    # Without the names (a page that names nobody, the lead's home): with its
    # neighbourhood only.
    rows = _with_names(rows) if with_names else rows.select_related("neighbourhood")
    rows = list(rows.order_by("proposed_at", "pk"))
    for match in rows:
        match.overdue_since = (
            overdue.get(match.pk) if match.status == Match.Status.RUNNING else None
        )
    return rows


def heard_of(*, resident=None, initiative=None):
    """The talents and needs (not those no longer relevant) of one resident
    or initiative, as (talents, needs). Two queries."""
    owner = {"resident": resident} if resident is not None else {"initiative": initiative}
    return list(_heard(Talent).filter(**owner)), list(_heard(Need).filter(**owner))


def other_talents(candidates):
    """For the suggestions' ``candidates`` (``matches.suggestions.Candidate``):
    each resident's (or initiative's) other open talents, oldest first, by
    the owner's id, beside the talent each is suggested through. One query
    (none without candidates)."""
    residents = {c.resident.pk for c in candidates if c.resident is not None}
    initiatives = {c.initiative.pk for c in candidates if c.initiative is not None}
    shown = {c.talent.pk for c in candidates if c.talent is not None}
    if not (residents or initiatives):
        return {}
    found = {}
    talents = (
        Talent.objects.open()
        .filter(Q(resident__in=residents) | Q(initiative__in=initiatives))
        .exclude(pk__in=shown)
        .select_related("category")
        .defer("search_vector", "terms")
        .order_by("created_at", "pk")
    )
    for talent in talents:
        found.setdefault(talent.resident_id or talent.initiative_id, []).append(talent)
    return found
