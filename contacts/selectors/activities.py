"""Reads for activities: the list, the activity page with who was there
and whom it suggests, and an initiative's meetings and stage history.
Residents outside the user's neighbourhoods are counted, never loaded."""

import dataclasses

from django.db.models import Count, Prefetch
from django.shortcuts import get_object_or_404

from contacts.models import (
    Activity,
    ActivityAttendance,
    ActivityOrganiser,
    Conversation,
    InitiativeMember,
    InitiativeStageEvent,
    Report,
    Resident,
)

#: Residents the activity page suggests as having been there, at most.
MAX_SUGGESTIONS = 30


def activities_for_list(*, user):
    """The activities in ``user``'s neighbourhoods, latest first, each with
    its neighbourhood and initiative and ``named_count`` (named residents
    who were there). One query per page."""
    return (
        Activity.objects.visible_to(user)
        .select_related("neighbourhood", "initiative")
        .annotate(named_count=Count("attendances"))
        .order_by("-held_on", "-starts_at", "pk")
    )


@dataclasses.dataclass
class ActivityPage:
    activity: Activity
    #: The named residents who were there whom the user may see (with their resident).
    attendances: list
    #: Named residents who were there but live outside the user's neighbourhoods.
    hidden_count: int
    organisers: list
    hidden_organiser_count: int
    #: Open reports, and closed ones, that link it.
    reports: list
    #: Residents who may have been there: of the linked reports'
    #: conversations and the initiative's members, not recorded yet.
    suggestions: list

    @property
    def total(self):
        """Everyone there: named (visible or not) and the headcount."""
        return len(self.attendances) + self.hidden_count + self.activity.headcount


def activity_page(*, user, pk):
    """Everything the activity page shows, in six queries whatever the
    number of rows: the activity with its neighbourhood, initiative and the
    counts of named residents ``user`` may not see; the attendances ``user``
    may see with their residents; the organisers ``user`` may see; the
    reports linking it; the suggested residents (with their consent, so the
    page can say who cannot be recorded). Http404 when ``user`` may not
    see the activity.

    The hidden counts are all named residents less those shown: as "not
    among the residents ``user`` may see" the database read the ids of
    every resident in the user's neighbourhoods (24 ms on the large demo
    data)."""
    visible = Resident.objects.visible_to(user)
    activity = get_object_or_404(
        Activity.objects.visible_to(user)
        .select_related("neighbourhood", "initiative", "created_by")
        .annotate(
            named_count=Count("attendances", distinct=True),
            organiser_count=Count("organisers", distinct=True),
        )
        .prefetch_related(
            Prefetch(
                "attendances",
                queryset=ActivityAttendance.objects.filter(resident__in=visible)
                .select_related("resident")
                .order_by("resident__name", "pk"),
                to_attr="visible_attendances",
            ),
            Prefetch(
                "organisers",
                queryset=ActivityOrganiser.objects.filter(resident__in=visible)
                .select_related("resident")
                .order_by("resident__name", "pk"),
                to_attr="visible_organisers",
            ),
            Prefetch(
                "reports",
                queryset=Report.objects.select_related("address__street").order_by(
                    "-received_on", "pk"
                ),
                to_attr="report_rows",
            ),
        ),
        pk=pk,
    )
    there = {attendance.resident_id for attendance in activity.visible_attendances}
    return ActivityPage(
        activity=activity,
        attendances=activity.visible_attendances,
        hidden_count=activity.named_count - len(activity.visible_attendances),
        organisers=activity.visible_organisers,
        hidden_organiser_count=activity.organiser_count - len(activity.visible_organisers),
        reports=activity.report_rows,
        suggestions=[
            resident
            for resident in suggested_residents(user=user, activity=activity)
            if resident.pk not in there
        ],
    )


def suggested_residents(*, user, activity):
    """The residents ``user`` may see who may have been at ``activity``:
    those in the conversations of the reports linking it, its organisers and
    the members of its initiative; by name, at most MAX_SUGGESTIONS. One query.

    The three are a UNION of resident ids: as three EXISTS joined by OR the
    database tested every resident of the user's neighbourhoods (33 ms on
    the large demo data, against 2 ms)."""
    from_reports = Conversation.residents.through.objects.filter(
        conversation__reports__activities=activity
    )
    members = InitiativeMember.objects.filter(initiative_id=activity.initiative_id)
    organisers = ActivityOrganiser.objects.filter(activity=activity)
    ids = (
        from_reports.order_by()
        .values("resident_id")
        .union(
            members.order_by().values("resident_id"), organisers.order_by().values("resident_id")
        )
    )
    return (
        Resident.objects.visible_to(user)
        .filter(pk__in=ids)
        .order_by("name", "pk")[:MAX_SUGGESTIONS]
    )


def initiative_activities(*, initiative, limit=10):
    """The latest activities of ``initiative``, with ``named_count``. One query."""
    return (
        Activity.objects.filter(initiative=initiative)
        .annotate(named_count=Count("attendances"))
        .order_by("-held_on", "-starts_at", "pk")[:limit]
    )


def stage_history(*, initiative):
    """The stage changes of ``initiative``, newest first (one query)."""
    return InitiativeStageEvent.objects.filter(pgh_obj_id=initiative.pk).order_by(
        "-pgh_created_at", "-pgh_id"
    )
