import random
import statistics
import time

from django.core.management.base import BaseCommand, CommandError
from django.db import connection
from django.db.models import Exists, OuterRef, Q
from django.test.utils import CaptureQueriesContext

from contacts.models import Consent, Need, Resident
from matches.models import Match
from matches.suggestions import suggest_for_need


def _percentile(values, fraction):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(fraction * (len(ordered) - 1)))]


class Command(BaseCommand):
    help = (
        "Measure suggest_for_need on the current database (best on the large demo data): "
        "for --count random open needs (fixed --seed) of residents who may be matched or of "
        "active initiatives, whose match is not in progress, compute the suggestions for "
        "everyone (no user) and print, as the last line, 'suggestions: median N ms, p95 N ms, "
        "N queries per need, N residents': the time per need, the most queries any need "
        "took, and how many residents the database holds. Reads only."
    )

    def add_arguments(self, parser):
        parser.add_argument("--count", type=int, default=200, help="needs to measure")
        parser.add_argument("--seed", type=int, default=1, help="picks the needs")
        parser.add_argument("--limit", type=int, default=10, help="candidates per need")

    def handle(self, *args, count, seed, limit, **options):
        taken = Match.objects.in_progress().filter(need=OuterRef("pk"))
        # Query: the ids of the needs suggestions can be asked for.
        ids = list(
            Need.objects.open()
            .filter(
                Resident.taking_part_q(Consent.MATCH, through="resident")
                | Q(initiative__is_active=True)
            )
            .exclude(Exists(taken))
            .order_by("pk")
            .values_list("pk", flat=True)
        )
        if not ids:
            raise CommandError("No open needs: load the demo data first (seed_demo).")
        rng = random.Random(seed)  # noqa: S311 - picks a sample, not a secret
        sample = rng.sample(ids, min(count, len(ids)))
        needs = Need.objects.in_bulk(sample)
        residents = Resident.objects.count()
        self.stdout.write(
            f"{len(ids)} open needs, {residents} residents; measuring {len(sample)} needs."
        )
        suggest_for_need(needs[sample[0]], limit=limit)  # warm up caches and the connection
        times, queries, found = [], [], 0
        for number, pk in enumerate(sample, start=1):
            with CaptureQueriesContext(connection) as captured:
                start = time.perf_counter()
                candidates = suggest_for_need(needs[pk], limit=limit)
                times.append((time.perf_counter() - start) * 1000)
            queries.append(len(captured))
            found += len(candidates)
            if number % 50 == 0 and number < len(sample) and options["verbosity"] >= 1:
                self.stdout.write(f"{number} needs done.")
        self.stdout.write(
            f"{found / len(sample):.1f} candidates per need on average; "
            f"queries per need: {min(queries)} to {max(queries)}."
        )
        self.stdout.write(
            f"suggestions: median {statistics.median(times):.1f} ms, "
            f"p95 {_percentile(times, 0.95):.1f} ms, {max(queries)} queries per need, "
            f"{residents} residents"
        )
