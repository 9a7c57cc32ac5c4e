"""The home page: a team lead's overview for team leads and admins, My day
with the decisions on their proposals for workers. The root URL, named
``home`` (no namespace), is routed here from buurtwerk/urls.py."""

from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.urls import path
from django.utils import timezone
from django.views.decorators.http import require_POST, require_safe

from contacts.views.day import my_day_context
from matches.selectors.matches import STALE_AFTER_DAYS, matches_needing_attention
from neighbourhoods.scoping import is_reviewer
from reports import home as selectors


@login_required
@require_safe
def home(request):
    if is_reviewer(request.user):
        return lead_home(request)
    return worker_day(request)


def lead_home(request):
    user = request.user
    now = timezone.now()
    today = timezone.localdate()
    count, oldest = selectors.proposals_waiting(user=user)
    workers = selectors.team_workers(user=user)
    overdue = selectors.overdue_per_worker(user=user, today=today)
    workload = selectors.workload(workers=workers, now=now)
    signals, referrals = selectors.signals_last_week(user=user, now=now)
    attention = matches_needing_attention(user=user, today=today, with_names=False)
    names = {w.pk: w for w in workers}
    return render(
        request,
        "reports/lead_home.html",
        {
            "today": today,
            "proposal_count": count,
            "proposals": oldest,
            "attention": attention,
            "stale_after_days": STALE_AFTER_DAYS,
            # Overdue follow-ups of people no longer in the lead's teams count too.
            "overdue": sorted(
                (
                    {"worker": names.get(pk), "count": n, "oldest": oldest_day}
                    for pk, (n, oldest_day) in overdue.items()
                ),
                key=lambda row: (row["oldest"], -row["count"]),
            ),
            "overdue_total": sum(n for n, _day in overdue.values()),
            "workload": [{"worker": w, **workload[w.pk]} for w in workers],
            "workload_weeks": selectors.WORKLOAD_WEEKS,
            "signals": signals,
            "referrals": referrals,
            "referral_total": sum(n for _org, n in referrals),
            "signals_days": selectors.SIGNALS_DAYS,
        },
    )


@login_required
@require_safe
def worker_day(request):
    """My day, with the decisions on the user's proposals since they last
    marked them seen. Also at /mijn-dag/, for a team lead's own work."""
    context = my_day_context(request)
    context["decisions"] = selectors.decisions_since_seen(user=request.user)
    return render(request, "contacts/my_day.html", context)


@login_required
@require_POST
def decisions_seen(request):
    selectors.decisions_mark_seen(user=request.user)
    return redirect("home")


urlpatterns = [
    path("mijn-dag/", worker_day, name="my_day"),
    path("beslissingen/gezien/", decisions_seen, name="decisions_seen"),
]
