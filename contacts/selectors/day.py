"""Reads for My day, the worker's home page. Each function makes a fixed
number of queries (said in its docstring), whatever the number of rows,
written to use an index, so the page stays fast with 100,000 residents and
1,000,000 conversations."""

import datetime

from django.db.models import F, IntegerField, OuterRef, Prefetch, Q, Subquery

from contacts.models import Conversation, DoorKnock, FollowUp, Resident, Round

#: At most this many follow-ups on My day (overdue first); the list page has
#: the rest. Each row is a form: fifty of them took half of the page's time.
FOLLOW_UP_LIMIT = 12
#: At most this many of each other list on My day, each with a link to
#: the whole list (the round list, "my conversations", "not seen").
ROUNDS_SHOWN = 10
RECENT_CONVERSATIONS = 10
NOT_SEEN_SHOWN = 10
UPCOMING_DAYS = 7


class _SubqueryCount(Subquery):
    """The number of rows of a correlated subquery, 0 when none."""

    template = "(SELECT COUNT(*) FROM (%(subquery)s) _count)"
    output_field = IntegerField()


def followups_for_day(*, user, today):
    """The open follow-ups assigned to ``user``, overdue or due up to
    UPCOMING_DAYS days from ``today``, earliest first, at most
    FOLLOW_UP_LIMIT + 1 (so the page can tell there are more). One query,
    on the partial index of open follow-ups per worker and due date."""
    until = today + datetime.timedelta(days=UPCOMING_DAYS)
    return list(
        FollowUp.objects.visible_to(user)
        .open()
        .assigned_to(user)
        .filter(due_on__lte=until)
        .select_related("resident", "assigned_to", "done_by")
        .order_by("due_on", "created_at", "pk")[: FOLLOW_UP_LIMIT + 1]
    )


def rounds_for_day(*, user, today):
    """Today's rounds with ``user`` as worker or second worker, with
    ``address_count`` and ``knocked_count`` (addresses with a door knock in
    the round), at most ROUNDS_SHOWN + 1 (so the page can tell there are
    more), as a list. One query."""
    addresses = Round.addresses.through.objects.filter(round=OuterRef("pk")).values("pk")
    knocked = (
        DoorKnock.objects.filter(round=OuterRef("pk")).order_by().values("address").distinct()
    )
    return list(
        Round.objects.visible_to(user)
        .for_worker(user)
        .filter(planned_for=today)
        .select_related("neighbourhood")
        .annotate(address_count=_SubqueryCount(addresses), knocked_count=_SubqueryCount(knocked))
        .order_by("created_at", "pk")[: ROUNDS_SHOWN + 1]
    )


def recent_conversations(*, user, limit=RECENT_CONVERSATIONS, older_than=None):
    """The latest ``limit`` conversations ``user`` took part in, with the
    residents (only those the user may see) in ``resident_rows``; with
    ``older_than`` (a ``(happened_at, pk)`` of one of them) the next ones
    after it in this order (keyset paging, for "my conversations"). Two
    queries: the conversations and their residents. They are read from the
    user's newest rows of the workers table (``ConversationWorker``, which
    carries the conversation's time) and stop after ``limit``, however many
    or few conversations the user has and however old."""
    conversations = Conversation.objects.visible_to(user).filter(worker_links__user=user)
    if older_than is not None:
        happened_at, pk = older_than
        conversations = conversations.filter(
            Q(worker_links__happened_at__lt=happened_at)
            | Q(worker_links__happened_at=happened_at, pk__gt=pk)
        )
    return conversations.prefetch_related(
        Prefetch(
            "residents",
            queryset=Resident.objects.visible_to(user).only("pk", "name").order_by("name"),
            to_attr="resident_rows",
        )
    ).order_by("-worker_links__happened_at", "pk")[:limit]


def residents_not_seen(
    *, user, since, limit=NOT_SEEN_SHOWN, offset=0, street=None, language="", connector=False
):
    """Active residents in the user's neighbourhoods not seen since
    ``since`` (or never), never-seen first, then the longest unseen; not
    those who refused storing data (``may_be_recorded``): no conversation
    can ever be logged with them, so they would stay on the list for good.
    Optionally only those living in ``street``, speaking ``language`` (a
    code) or who are a ``connector``.
    Returns (``limit`` of them from ``offset`` on, with their address and
    street; the total count). Two queries, both starting from the
    residents' neighbourhood index: the count, and the ``limit`` picked
    from the residents alone before their addresses are joined. Joining first, or counting
    with a window function in the same query, reads every row's address:
    3 to 5 times slower with 100,000 residents (8 + 6 ms for a team of
    four neighbourhoods, 31 + 20 ms for an admin who sees all)."""
    not_seen = Resident.objects.visible_to(user).may_be_recorded().not_seen_since(since)
    if street is not None:
        not_seen = not_seen.filter(address__street=street)
    if language:
        not_seen = not_seen.filter(languages__contains=[language])
    if connector:
        not_seen = not_seen.filter(is_connector=True)
    order = (F("last_seen_at").asc(nulls_first=True), "name", "pk")
    first = not_seen.order_by(*order).values("pk")[offset : offset + limit]
    rows = list(
        Resident.objects.filter(pk__in=first).select_related("address__street").order_by(*order)
    )
    return rows, not_seen.count()
