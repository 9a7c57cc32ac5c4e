"""My day: the home page of a worker. The root URL, named ``home`` (no
namespace), is routed here from buurtwerk/urls.py."""

import datetime

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_safe

from accesslog.models import AccessEvent
from accesslog.services import log_access
from contacts.selectors import day as selectors
from neighbourhoods.selectors import neighbourhoods_for_home, teams_for_home

urlpatterns = []  # the root URL is in buurtwerk/urls.py, outside the contacts namespace


@login_required
@require_safe
def my_day(request):
    user = request.user
    today = timezone.localdate()
    follow_ups = selectors.followups_for_day(user=user, today=today)
    more_follow_ups = len(follow_ups) > selectors.FOLLOW_UP_LIMIT
    follow_ups = follow_ups[: selectors.FOLLOW_UP_LIMIT]
    not_seen_since = timezone.now() - datetime.timedelta(weeks=settings.NOT_SEEN_WEEKS)
    not_seen, not_seen_count = selectors.residents_not_seen(user=user, since=not_seen_since)
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
    return render(
        request,
        "contacts/my_day.html",
        {
            "today": today,
            "overdue": [f for f in follow_ups if f.due_on < today],
            "due_today": [f for f in follow_ups if f.due_on == today],
            "upcoming": [f for f in follow_ups if f.due_on > today],
            "more_follow_ups": more_follow_ups,
            "rounds": selectors.rounds_for_day(user=user, today=today),
            "conversations": conversations,
            "not_seen": not_seen,
            "not_seen_count": not_seen_count,
            "not_seen_more": not_seen_count - len(not_seen),
            "not_seen_weeks": settings.NOT_SEEN_WEEKS,
            "neighbourhoods": neighbourhoods_for_home(user=user),
            "teams": teams_for_home(user=user),
        },
    )
