"""Made-up demo data for activities: meetings of the initiatives and
one-off neighbourhood activities, with who was there, and the initiatives'
stages. Called by ``manage.py seed_demo`` after ``demo.matches``, whose
initiatives and members it reads back (a few queries, not per row).

What it makes, on both scales:

- every initiative gets a stage: a stopped one (not active) "stopped"; of
  the others most run, some carry on without the worker, a few are
  starting. Set with one UPDATE per stage, so the stage history
  (``InitiativeStageEvent``) has the change too.
- meetings of every active initiative on earlier days (weekly-ish) and one
  still to come; at each past meeting some of its members who may be
  recorded (``Resident.objects.may_be_recorded()``) are named as there and
  a few others counted.
- per neighbourhood, one-off activities (a clean-up, a street party, ...)
  in the past months; the first is linked to one of the neighbourhood's
  reports (a clean-up after a report about rubbish), its organisers and
  named attendees residents of that neighbourhood; one more is planned.

All rows are written with ``bulk_create`` in batches: the large scale
(some 120 initiatives, 60 neighbourhoods) takes a few seconds."""

import dataclasses
from collections import defaultdict
from datetime import time, timedelta

from django.db import transaction
from django.utils import timezone

from contacts.models import (
    Activity,
    ActivityAttendance,
    ActivityOrganiser,
    Initiative,
    InitiativeMember,
    Report,
    Resident,
)
from neighbourhoods.models import Membership, Neighbourhood


@dataclasses.dataclass(frozen=True)
class Size:
    meetings: int  # past meetings per active initiative
    one_offs: int  # past one-off activities per neighbourhood
    named: tuple[int, int]  # named residents at a past activity
    headcount: tuple[int, int]  # others there


SCALES = {
    "small": Size(meetings=6, one_offs=3, named=(2, 8), headcount=(0, 12)),
    "large": Size(meetings=4, one_offs=2, named=(2, 12), headcount=(0, 30)),
}

ONE_OFFS = [
    ("Schoonmaakmiddag", "Trappenhuis en binnenplaats", "Samen opgeruimd, afval apart gezet."),
    ("Burendag", "Speelveld", "Koffie, taart en een springkussen."),
    ("Straatfeest", "Midden in de straat", "Muziek, eten van iedereen."),
    ("Plantjesmarkt", "Pleintje bij de school", "Stekjes geruild, geveltuintjes besproken."),
    ("Buurtborrel", "Buurthuis", "Nieuwe bewoners leren kennen."),
]
_CLEAN_UP = 0  # the one-off that follows a report
_BATCH = 2_000


@dataclasses.dataclass
class ActivitiesDemo:
    counts: dict


@transaction.atomic
def build(*, scale, rng, made, progress=lambda line: None):
    """Write the demo activities for ``scale``. Returns an ``ActivitiesDemo``."""
    return generate(size=SCALES[scale], rng=rng, progress=progress)


def generate(*, size, rng, progress=lambda line: None, now=None):
    today = timezone.localdate(now or timezone.now())
    counts = {"initiative stages": _stages(rng)}
    workers = _workers_by_neighbourhood()
    recordable = Resident.objects.may_be_recorded()
    members = defaultdict(list)
    for initiative_id, resident_id in InitiativeMember.objects.filter(
        resident__in=recordable
    ).values_list("initiative_id", "resident_id"):
        members[initiative_id].append(resident_id)
    residents = defaultdict(list)
    for neighbourhood_id, resident_id in recordable.values_list("neighbourhood_id", "pk"):
        residents[neighbourhood_id].append(resident_id)
    reports = {}
    for neighbourhood_id, report_id in (
        Report.objects.exclude(status=Report.Status.CLOSED)
        .order_by("-received_on", "pk")
        .values_list("neighbourhood_id", "pk")
    ):
        reports.setdefault(neighbourhood_id, report_id)

    activities, named, organisers, links = [], [], [], []

    def add(activity, people, *, past):
        activities.append(activity)
        if not past or not people:
            return
        low, high = size.named
        for resident_id in rng.sample(people, min(len(people), rng.randint(low, high))):
            named.append(ActivityAttendance(activity=activity, resident_id=resident_id))

    initiatives = Initiative.objects.active().prefetch_related("neighbourhoods").order_by("pk")
    for initiative in initiatives:
        neighbourhood_id = min(n.pk for n in initiative.neighbourhoods.all())
        worker = rng.choice(workers[neighbourhood_id] or [None])
        # Weekly-ish on earlier days, and the next one still to come.
        days = [
            today - timedelta(days=7 * week - rng.randint(0, 3))
            for week in range(size.meetings, 0, -1)
        ]
        days.append(today + timedelta(days=rng.randint(1, 7)))
        for day in days:
            past = day <= today
            add(
                Activity(
                    kind=Activity.Kind.MEETING,
                    initiative=initiative,
                    neighbourhood_id=neighbourhood_id,
                    title=initiative.name,
                    held_on=day,
                    starts_at=time(rng.choice([10, 14, 19]), 0),
                    place=initiative.where[:200],
                    headcount=rng.randint(*size.headcount) if past else 0,
                    created_by_id=worker,
                ),
                members[initiative.pk],
                past=past,
            )
    for neighbourhood_id in Neighbourhood.objects.order_by("pk").values_list("pk", flat=True):
        worker = rng.choice(workers[neighbourhood_id] or [None])
        people = residents[neighbourhood_id]
        for n in range(size.one_offs + 1):
            title, place, notes = ONE_OFFS[n % len(ONE_OFFS)]
            past = n < size.one_offs
            day = (
                today - timedelta(days=rng.randint(5, 120))
                if past
                else today + timedelta(days=rng.randint(3, 20))
            )
            activity = Activity(
                kind=Activity.Kind.ACTIVITY,
                neighbourhood_id=neighbourhood_id,
                title=title,
                held_on=day,
                starts_at=time(14, 0),
                place=place,
                description=notes if past else "",
                headcount=rng.randint(5, 5 + size.headcount[1]) if past else 0,
                created_by_id=worker,
            )
            add(activity, people, past=past)
            for resident_id in rng.sample(people, min(len(people), 2)):
                organisers.append(ActivityOrganiser(activity=activity, resident_id=resident_id))
            if n == _CLEAN_UP and neighbourhood_id in reports:
                links.append(
                    Report.activities.through(
                        report_id=reports[neighbourhood_id], activity=activity
                    )
                )
    Activity.objects.bulk_create(activities, batch_size=_BATCH)
    ActivityAttendance.objects.bulk_create(named, batch_size=_BATCH)
    ActivityOrganiser.objects.bulk_create(organisers, batch_size=_BATCH)
    Report.activities.through.objects.bulk_create(links, batch_size=_BATCH)
    # A report something came of is in progress.
    Report.objects.filter(
        pk__in=[link.report_id for link in links], status=Report.Status.NEW
    ).update(status=Report.Status.IN_PROGRESS)
    counts["activities"] = len(activities)
    counts["named at activities"] = len(named)
    progress(f"activities: {len(activities):,}, named as there: {len(named):,}")
    return ActivitiesDemo(counts=counts)


def _workers_by_neighbourhood():
    workers = defaultdict(list)
    for neighbourhood_id, user_id in (
        Membership.objects.filter(role=Membership.Role.WORKER)
        .order_by("user_id")
        .values_list("team__neighbourhoods", "user_id")
    ):
        workers[neighbourhood_id].append(user_id)
    return workers


def _stages(rng):
    """Stopped for the initiatives no longer active; of the others, about
    one in five carries on without the worker and one in ten is starting."""
    Initiative.objects.filter(is_active=False).update(stage=Initiative.Stage.STOPPED)
    active = list(Initiative.objects.active().order_by("pk").values_list("pk", flat=True))
    rng.shuffle(active)
    independent, starting = (
        active[: len(active) // 5],
        active[len(active) // 5 :][: len(active) // 10],
    )
    Initiative.objects.filter(pk__in=independent).update(stage=Initiative.Stage.INDEPENDENT)
    Initiative.objects.filter(pk__in=starting).update(stage=Initiative.Stage.STARTING)
    return len(independent) + len(starting) + Initiative.objects.filter(is_active=False).count()
