"""Measure the period reports on the large demo data: a year's report for
everything (an admin), its exports, and a team lead's home page and
reports, in-process with DEBUG off (``demo.bench.inprocess``, as
``bench_pages``). Prints figures beside the targets; asserts nothing."""

import warnings

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django.db import connection
from django.urls import reverse
from django.utils import timezone

from demo.bench import inprocess
from demo.bench.catalogue import Page, Request

#: The targets of issue 15, in ms of server time at the 95th percentile.
PAGE_TARGET_MS = 300
EXPORT_TARGET_MS = 2000
#: Every page a lead opens daily (bench_pages' target).
LEAD_PAGE_TARGET_MS = 50


class Command(BaseCommand):
    help = (
        "Measure the server time of the period reports on the current database (meant for "
        "seed_demo --scale large): a year's report for everything as an admin, its CSV, "
        "XLSX and print exports, and a team lead's home page and reports. Prints the "
        "median, the 95th percentile and the queries of each beside its target."
    )

    def add_arguments(self, parser):
        parser.add_argument("--admin", default="beheerder", help="the admin to measure as")
        parser.add_argument("--lead", default="teamleider1", help="the team lead to measure as")
        parser.add_argument("--year", type=int, help="the year reported on (default: last year)")
        parser.add_argument("--repeat", type=int, default=20, help="requests per page")

    def handle(self, *args, **options):
        warnings.filterwarnings("ignore", "No directory at", UserWarning)
        if options["repeat"] < 1:
            raise CommandError("--repeat must be at least 1.")
        year = options["year"] or timezone.localdate().year - 1
        everything = f"?periode={year}&bereik=alles"
        plans = {
            options["admin"]: [
                (f"report, {year}, everything", "reports:report", everything, PAGE_TARGET_MS),
                (f"CSV, {year}, everything", "reports:report_csv", everything, EXPORT_TARGET_MS),
                (f"XLSX, {year}, everything", "reports:report_xlsx", everything, EXPORT_TARGET_MS),
                (
                    f"print, {year}, everything",
                    "reports:report_print",
                    everything,
                    EXPORT_TARGET_MS,
                ),
            ],
            options["lead"]: [
                ("lead's home page", "home", "", LEAD_PAGE_TARGET_MS),
                ("lead's report, last quarter", "reports:report", "", LEAD_PAGE_TARGET_MS),
                (
                    f"lead's report, {year}",
                    "reports:report",
                    f"?periode={year}",
                    LEAD_PAGE_TARGET_MS,
                ),
                (
                    f"lead's XLSX, {year}",
                    "reports:report_xlsx",
                    f"?periode={year}",
                    EXPORT_TARGET_MS,
                ),
            ],
        }
        self.stdout.write(
            f"Database {connection.settings_dict['NAME']}; {inprocess.machine_load()}"
        )
        self.stdout.write(
            f"{'what':<34} {'median ms':>9} {'p95 ms':>8} {'queries':>8} {'target':>8}  verdict"
        )
        for username, plan in plans.items():
            user = get_user_model().objects.filter(username=username, is_active=True).first()
            if user is None or not user.has_lead_rights:
                raise CommandError(f"No active team lead or admin {username!r}: seed_demo first.")
            try:
                with inprocess.logged_in(user) as client:
                    for label, name, query, target in plan:
                        self._measure(client, label, name, query, target, options["repeat"])
            except inprocess.LoginError as error:
                raise CommandError(str(error)) from None

    def _measure(self, client, label, name, query, target, repeat):
        page = Page(label=label, name=name, requests=[Request("get", reverse(name) + query)])
        result = inprocess.measure(
            page, client=client, anonymous_client=None, role="lead", repeat=repeat
        )
        if result.outcome != "measured":
            self.stdout.write(f"{label:<34} {result.outcome}: {result.detail}")
            return
        queries = f"{min(result.queries)}-{max(result.queries)}"
        verdict = "within" if result.p95 <= target else "OVER"
        self.stdout.write(
            f"{label:<34} {result.median:>9.1f} {result.p95:>8.1f} {queries:>8} {target:>8}  "
            f"{verdict}"
        )
