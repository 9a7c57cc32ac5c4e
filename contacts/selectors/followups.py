"""Reads for follow-ups and for incoming reports (meldingen), which exist to
start a follow-up."""

from django.contrib.auth import get_user_model
from django.db.models import Case, Count, Exists, F, OuterRef, Prefetch, Q, When

from contacts.models import Activity, Conversation, FollowUp, Initiative, Report, Resident
from neighbourhoods.models import Neighbourhood

#: The follow-up lists a worker can choose between (a GET parameter: no
#: personal data in it).
SHOW_MINE = "mine"
SHOW_OPEN = "open"
SHOW_DONE = "done"
SHOWS = (SHOW_MINE, SHOW_OPEN, SHOW_DONE)


def _with_row_relations(queryset):
    """What a follow-up row shows besides itself (one query, joined)."""
    return queryset.select_related("resident", "assigned_to", "done_by")


def followups_for_list(*, user, show=SHOW_MINE):
    """Follow-ups for the list page: ``mine`` (open, assigned to ``user``),
    ``open`` (open in the user's neighbourhoods) or ``done`` (done in the
    user's neighbourhoods, most recently done first). Open ones are ordered
    by due date, so the overdue ones come first."""
    follow_ups = _with_row_relations(FollowUp.objects.visible_to(user))
    if show == SHOW_DONE:
        return follow_ups.filter(done_at__isnull=False).order_by("-done_at", "pk")
    follow_ups = follow_ups.open()
    if show == SHOW_MINE:
        follow_ups = follow_ups.assigned_to(user)
    return follow_ups.order_by("due_on", "created_at", "pk")


def followup_for_row(*, user, pk):
    """One visible follow-up with what its row shows, or None."""
    return _with_row_relations(FollowUp.objects.visible_to(user)).filter(pk=pk).first()


def assignable_workers(*, user, neighbourhood=None):
    """Who a follow-up can be assigned to: the members of the teams working
    in ``neighbourhood`` (or, without one, in any of ``user``'s
    neighbourhoods), plus ``user`` when they see everything. Not evaluated."""
    if neighbourhood is not None:
        in_team = Q(memberships__team__neighbourhoods=neighbourhood)
    else:
        in_team = Q(
            memberships__team__neighbourhoods__in=Neighbourhood.objects.visible_to(user).values(
                "pk"
            )
        )
    if user.sees_everything:
        in_team |= Q(pk=user.pk)
    User = get_user_model()
    members = User.objects.filter(in_team, is_active=True).values("pk")
    return User.objects.filter(pk__in=members).order_by("first_name", "last_name", "username")


def reports_for_list(*, user):
    """Visible reports, newest first, with their address and whether a
    follow-up of theirs is still open (``has_open_follow_up``). One query."""
    return (
        Report.objects.visible_to(user)
        .select_related("address__street", "resident")
        .annotate(
            has_open_follow_up=Exists(
                FollowUp.objects.filter(report=OuterRef("pk"), done_at__isnull=True)
            ),
            has_follow_up=Exists(FollowUp.objects.filter(report=OuterRef("pk"))),
        )
        .order_by("-received_on", "-created_at", "pk")
    )


def report_for_detail(*, user, pk):
    """A visible report with its address, resident, creator, referrer's
    organisation and who closed it; its follow-ups (with what their rows
    show) in ``follow_up_rows``, the conversations, initiatives and
    activities (with ``named_count``) linked to it in ``conversation_rows``,
    ``initiative_rows`` and ``activity_rows``. Five queries;
    the residents at the addresses it covers are ``residents_of_report``."""
    return (
        Report.objects.visible_to(user)
        .select_related("address__street", "resident", "created_by", "organisation", "closed_by")
        .prefetch_related(
            Prefetch(
                "conversations",
                queryset=Conversation.objects.order_by("-happened_at"),
                to_attr="conversation_rows",
            ),
            Prefetch(
                "initiatives",
                queryset=Initiative.objects.order_by("name"),
                to_attr="initiative_rows",
            ),
            Prefetch(
                "activities",
                queryset=Activity.objects.annotate(named_count=Count("attendances")).order_by(
                    "-held_on", "pk"
                ),
                to_attr="activity_rows",
            ),
            Prefetch(
                "follow_ups",
                queryset=_with_row_relations(FollowUp.objects.all()).order_by(
                    F("done_at").asc(nulls_first=True), "due_on", "pk"
                ),
                to_attr="follow_up_rows",
            ),
        )
        .filter(pk=pk)
    )


#: How many residents a report's page names; a whole street has more.
REPORT_RESIDENTS_SHOWN = 50


def residents_of_report(*, user, report, limit=None):
    """The visible residents known at the addresses ``report`` covers
    (``Report.covered_addresses``), active ones first, at most ``limit``
    (default ``REPORT_RESIDENTS_SHOWN``), and how many there are in all.
    One query while fewer than the limit, else two; none without an address."""
    if report.address_id is None:
        return [], 0
    limit = limit or REPORT_RESIDENTS_SHOWN
    residents = Resident.objects.visible_to(user).filter(
        address__in=report.covered_addresses().values("pk")
    )
    rows = list(
        residents.select_related("address").order_by(
            Case(When(status=Resident.Status.ACTIVE, then=0), default=1),
            "address__house_number",
            "address__addition",
            "name",
        )[:limit]
    )
    total = len(rows) if len(rows) < limit else residents.count()
    return rows, total
