import random
import statistics
import time

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from contacts.models import Resident


def _typo(name):
    """The surname with one letter dropped, the way it gets typed at a door."""
    word = max(name.split(), key=len)
    cut = len(word) // 2
    return word[:cut] + word[cut + 1 :]


class Command(BaseCommand):
    help = (
        "Measure the server time of My day, the resident page and the resident search "
        "for one worker on the current database (best on the large demo data): each page "
        "is requested repeatedly in-process and the median, 95th percentile and query "
        "count are printed. Reads only; it adds one session row."
    )

    def add_arguments(self, parser):
        parser.add_argument("--user", default="buurtwerker1", help="username to measure as")
        parser.add_argument("--repeat", type=int, default=30, help="requests per page")
        parser.add_argument("--seed", type=int, default=1, help="picks the residents")

    def handle(self, *args, user, repeat, seed, **options):
        worker = get_user_model().objects.filter(username=user).first()
        if worker is None:
            raise CommandError(f"No user {user!r}: load the demo data first (seed_demo).")
        rng = random.Random(seed)  # noqa: S311 - picks a sample, not a secret
        ids = list(
            Resident.objects.visible_to(worker).active().order_by("pk").values_list("pk", "name")
        )
        if not ids:
            raise CommandError(f"{user} sees no residents.")
        sample = rng.sample(ids, min(repeat, len(ids)))
        client = Client(HTTP_HOST="localhost")
        client.force_login(worker)
        self.stdout.write(f"{user} sees {len(ids)} residents; {repeat} requests per page.")
        pages = [
            ("my day", lambda i: client.get(reverse("home"))),
            (
                "resident page",
                lambda i: client.get(
                    reverse("contacts:resident_detail", args=[sample[i % len(sample)][0]])
                ),
            ),
            (
                "search (misspelt name)",
                lambda i: client.post(
                    reverse("contacts:resident_search"), {"q": _typo(sample[i % len(sample)][1])}
                ),
            ),
        ]
        for label, request in pages:
            request(0)  # warm up caches and the connection
            times, queries = [], set()
            for i in range(repeat):
                with CaptureQueriesContext(connection) as captured:
                    start = time.perf_counter()
                    response = request(i)
                    times.append((time.perf_counter() - start) * 1000)
                if response.status_code != 200:
                    raise CommandError(f"{label}: HTTP {response.status_code}")
                queries.add(len(captured))
            times.sort()
            p95 = times[min(len(times) - 1, round(0.95 * (len(times) - 1)))]
            counts = "/".join(str(n) for n in sorted(queries))
            self.stdout.write(
                f"{label}: median {statistics.median(times):.1f} ms, "
                f"p95 {p95:.1f} ms, {counts} queries"
            )
