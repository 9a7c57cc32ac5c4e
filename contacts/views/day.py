"""My day: the home page of a worker, and the whole lists behind it. The
root URL, named ``home`` (no namespace), is routed here from
buurtwerk/urls.py.

Every list on My day is short (``selectors.*_SHOWN``, ``FOLLOW_UP_LIMIT``)
and links to its whole list: the follow-ups and the rounds to their list
pages, "my recent conversations" to ``my_conversations`` and "not seen" to
``not_seen``, both here."""

import datetime
import uuid
from urllib.parse import urlencode

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.shortcuts import render
from django.urls import path
from django.utils import timezone
from django.views.decorators.http import require_safe

from accesslog.models import AccessEvent
from accesslog.services import log_access
from buurtwerk.cursors import moment_from_text, moment_to_text
from contacts.forms.day import NotSeenFilterForm
from contacts.selectors import day as selectors
from neighbourhoods.selectors import neighbourhoods_for_home, teams_for_home

#: Rows per page on the whole lists.
PAGE_SIZE = 25
#: At most this many neighbourhoods on My day; coverage lists them all.
NEIGHBOURHOODS_SHOWN = 10


def _not_seen_since():
    return timezone.now() - datetime.timedelta(weeks=settings.NOT_SEEN_WEEKS)


@login_required
@require_safe
def my_day(request):
    return render(request, "contacts/my_day.html", my_day_context(request))


def my_day_context(request):
    """What My day shows ``request.user``, its access logged: for this view
    and for the home page of a later app that adds to it (reports adds the
    decisions on the worker's proposals)."""
    user = request.user
    today = timezone.localdate()
    follow_ups = selectors.followups_for_day(user=user, today=today)
    more_follow_ups = len(follow_ups) > selectors.FOLLOW_UP_LIMIT
    follow_ups = follow_ups[: selectors.FOLLOW_UP_LIMIT]
    rounds = selectors.rounds_for_day(user=user, today=today)
    not_seen, not_seen_count = selectors.residents_not_seen(user=user, since=_not_seen_since())
    neighbourhoods = list(neighbourhoods_for_home(user=user)[: NEIGHBOURHOODS_SHOWN + 1])
    conversations = list(selectors.recent_conversations(user=user))
    log_access(
        request,
        AccessEvent.What.MY_DAY,
        residents=[
            *(follow_up.resident_id for follow_up in follow_ups),
            *(r for conversation in conversations for r in conversation.resident_rows),
            *not_seen,
        ],
    )
    return {
        "today": today,
        "overdue": [f for f in follow_ups if f.due_on < today],
        "due_today": [f for f in follow_ups if f.due_on == today],
        "upcoming": [f for f in follow_ups if f.due_on > today],
        "more_follow_ups": more_follow_ups,
        "rounds": rounds[: selectors.ROUNDS_SHOWN],
        "more_rounds": len(rounds) > selectors.ROUNDS_SHOWN,
        "conversations": conversations,
        "not_seen": not_seen,
        "not_seen_count": not_seen_count,
        "not_seen_more": not_seen_count - len(not_seen),
        "not_seen_weeks": settings.NOT_SEEN_WEEKS,
        "neighbourhoods": neighbourhoods[:NEIGHBOURHOODS_SHOWN],
        "more_neighbourhoods": len(neighbourhoods) > NEIGHBOURHOODS_SHOWN,
        "teams": teams_for_home(user=user),
    }


def _conversation_cursor(text):
    """``(happened_at, pk)`` from ``?ouder=<microseconds>.<uuid>``, or None."""
    micros, _dot, pk = (text or "").partition(".")
    moment = moment_from_text(micros)
    try:
        pk = uuid.UUID(pk)
    except ValueError:
        return None
    return (moment, pk) if moment is not None else None


@login_required
@require_safe
def my_conversations(request):
    """Every conversation the user took part in, newest first, PAGE_SIZE at
    a time; "older" carries the last one's moment and id (keyset paging)."""
    older_than = _conversation_cursor(request.GET.get("ouder"))
    conversations = list(
        selectors.recent_conversations(
            user=request.user, limit=PAGE_SIZE + 1, older_than=older_than
        )
    )
    older = None
    if len(conversations) > PAGE_SIZE:
        conversations = conversations[:PAGE_SIZE]
        last = conversations[-1]
        older = f"{moment_to_text(last.happened_at)}.{last.pk}"
    log_access(
        request,
        AccessEvent.What.MY_CONVERSATIONS,
        residents=[r for conversation in conversations for r in conversation.resident_rows],
    )
    return render(
        request,
        "contacts/conversation_list.html",
        {"conversations": conversations, "older": older, "is_older_page": older_than is not None},
    )


@login_required
@require_safe
def not_seen(request):
    """Every active resident in the user's neighbourhoods not seen for
    NOT_SEEN_WEEKS, in My day's order, PAGE_SIZE a page; filtered by street,
    language and connector (``NotSeenFilterForm``, ids and codes in the
    query string, no personal data)."""
    since = _not_seen_since()
    filters = NotSeenFilterForm(request.GET, user=request.user)
    chosen = filters.cleaned_data if filters.is_valid() else {}
    chosen = {
        "street": chosen.get("street"),
        "language": chosen.get("language", ""),
        "connector": chosen.get("connector", False),
    }
    number = request.GET.get("page", "")
    number = int(number) if number.isdigit() and 0 < int(number) < 100_000 else 1
    residents, count = selectors.residents_not_seen(
        user=request.user,
        since=since,
        limit=PAGE_SIZE,
        offset=(number - 1) * PAGE_SIZE,
        **chosen,
    )
    page = Paginator(range(count), PAGE_SIZE).get_page(number)
    if page.number != number:  # beyond the last page: show the last one
        residents, count = selectors.residents_not_seen(
            user=request.user,
            since=since,
            limit=PAGE_SIZE,
            offset=page.start_index() - 1,
            **chosen,
        )
    log_access(request, AccessEvent.What.NOT_SEEN, residents=residents)
    query = urlencode(
        [
            (name, value)
            for name, value in (
                ("straat", chosen["street"].pk if chosen["street"] else ""),
                ("taal", chosen["language"]),
                ("sleutelfiguur", "1" if chosen["connector"] else ""),
            )
            if value
        ]
    )
    return render(
        request,
        "contacts/resident_not_seen_list.html",
        {
            "page": page,
            "residents": residents,
            "count": count,
            "not_seen_weeks": settings.NOT_SEEN_WEEKS,
            "filters": filters,
            "is_filtered": bool(query),
            "query": f"{query}&" if query else "",
        },
    )


urlpatterns = [
    # My day itself is the root URL, in buurtwerk/urls.py (no namespace).
    path("mijn-gesprekken/", my_conversations, name="my_conversations"),
    path("bewoners/niet-gezien/", not_seen, name="not_seen"),
]
