"""The activities demo data (demo.activities), on the small
neighbourhoods, contacts and matches demos, seeded once for the class and
rolled back after it."""

import random

import pytest
from django.db.models import Count, Exists, OuterRef, Q
from django.utils import timezone

from contacts.models import (
    Activity,
    ActivityAttendance,
    Initiative,
    InitiativeMember,
    InitiativeStageEvent,
    Report,
    Resident,
)
from demo import activities as activities_demo
from tests.demo.helpers import seeded_for_the_class
from tests.demo.test_matches import seed as seed_matches

pytestmark = pytest.mark.django_db


def seed():
    now = timezone.now()
    seed_matches(now=now)
    lines = []
    made = activities_demo.generate(
        size=activities_demo.SCALES["small"],
        rng=random.Random("test:activities"),
        progress=lines.append,
        now=now,
    )
    return made, lines


demo = seeded_for_the_class(seed)


class TestTheSmallDemo:
    def test_it_makes_meetings_and_one_offs_with_attendance(self, demo):
        made, lines = demo
        assert made.counts["activities"] == Activity.objects.count()
        assert made.counts["named at activities"] == ActivityAttendance.objects.count() > 50
        assert Activity.objects.filter(kind=Activity.Kind.MEETING).exists()
        assert Activity.objects.filter(kind=Activity.Kind.ACTIVITY).exists()
        assert any(line.startswith("activities:") for line in lines)

    def test_every_active_initiative_has_past_meetings_and_one_to_come(self, demo):
        today = timezone.localdate()
        for initiative in Initiative.objects.active().annotate(
            past=Count("activities", filter=Q(activities__held_on__lte=today)),
            planned=Count("activities", filter=Q(activities__held_on__gt=today)),
        ):
            assert initiative.past == activities_demo.SCALES["small"].meetings, initiative
            assert initiative.planned == 1, initiative

    def test_only_past_activities_have_anyone_there(self, demo):
        planned = Activity.objects.filter(held_on__gt=timezone.localdate())
        assert planned.exists()
        assert not planned.filter(headcount__gt=0).exists()
        assert not ActivityAttendance.objects.filter(activity__in=planned).exists()

    def test_the_named_may_be_recorded_and_meeting_attendees_are_members(self, demo):
        named = Resident.objects.filter(activity_attendances__isnull=False)
        assert not named.exclude(pk__in=Resident.objects.may_be_recorded()).exists()
        members = InitiativeMember.objects.filter(
            initiative=OuterRef("activity__initiative"), resident=OuterRef("resident")
        )
        meetings = ActivityAttendance.objects.filter(activity__kind=Activity.Kind.MEETING)
        assert meetings.exists()
        assert not meetings.filter(~Exists(members)).exists()

    def test_a_clean_up_came_of_a_report_which_is_in_progress(self, demo):
        linked = Report.objects.filter(activities__isnull=False).distinct()
        assert linked.exists()
        assert not linked.exclude(status=Report.Status.IN_PROGRESS).exists()
        for report in linked:
            assert set(report.activities.values_list("neighbourhood_id", flat=True)) == {
                report.neighbourhood_id
            }

    def test_stopped_initiatives_are_stopped_and_the_stage_history_has_it(self, demo):
        assert not Initiative.objects.filter(is_active=False).exclude(stage="stopped").exists()
        assert Initiative.objects.filter(stage=Initiative.Stage.INDEPENDENT).exists()
        changed = InitiativeStageEvent.objects.filter(pgh_label="stage_changed")
        assert (
            changed.count() == Initiative.objects.exclude(stage=Initiative.Stage.RUNNING).count()
        )

    def test_a_sample_passes_model_validation(self, demo):
        for activity in Activity.objects.order_by("?")[:50]:
            activity.full_clean()
