import json
import warnings

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django.db import connection
from django.test import Client
from django.utils import timezone

from demo.bench import catalogue, inprocess, throughput
from demo.bench.objects import Objects

ROLES = ("worker", "lead")


class Command(BaseCommand):
    help = (
        "Measure every GET page of the URLconf, and the read-only POSTs a worker uses all "
        "day (search, typeahead, category proposal), for a worker and a team lead (logged "
        "in as the app logs them in, the lead past two-factor login), on objects they may "
        "see, the worst ones included (the resident with the longest history, the largest "
        "round ...). In-process with DEBUG off: per page the median and 95th percentile "
        "(ms), queries (min-max) and response size (KB), slowest first, per role; pages a "
        "role may not see, pages left out and why, and unexpected answers are listed. "
        "With --http: requests per second through gunicorn (2 sync workers) of the main "
        "pages beside a trivial page of the same stack. Best on the large demo data. "
        "Prints no personal data: pages are named by URL name. Keeps nothing a page writes "
        "in-process (see demo/bench/inprocess.py); --http keeps the read-access-log rows."
    )

    def add_arguments(self, parser):
        parser.add_argument("--worker", default="buurtwerker1", help="the worker to measure as")
        parser.add_argument("--lead", default="teamleider1", help="the team lead to measure as")
        parser.add_argument(
            "--role", choices=[*ROLES, "both"], default="both", help="which of the two"
        )
        parser.add_argument("--repeat", type=int, default=30, help="requests per page")
        parser.add_argument(
            "--sample", type=int, default=20, help="ordinary objects per page, rotated"
        )
        parser.add_argument("--seed", type=int, default=1, help="picks the objects")
        parser.add_argument(
            "--only", default="", help="only pages whose label contains this (e.g. contacts:)"
        )
        parser.add_argument("--json", metavar="FILE", help="also write the figures to FILE")
        parser.add_argument(
            "--http", action="store_true", help="measure throughput through gunicorn instead"
        )
        parser.add_argument(
            "--seconds", type=float, default=5.0, help="--http: load time per page"
        )
        parser.add_argument(
            "--threads", type=int, default=4, help="--http: concurrent client threads"
        )

    def handle(self, *args, **options):
        self.verbosity = options["verbosity"]
        # WhiteNoise's, about a STATIC_ROOT not collected: no static file is served here.
        warnings.filterwarnings("ignore", "No directory at", UserWarning)
        if options["repeat"] < 1 or options["sample"] < 1:
            raise CommandError("--repeat and --sample must be at least 1.")
        coverage = catalogue.coverage()
        if coverage.stale:
            raise CommandError(
                f"demo/bench/catalogue.py names URLs that are not routed: {coverage.stale}"
            )
        users = self._users(options)
        report = {
            "database": connection.settings_dict["NAME"],
            "not_in_benchmark": coverage.missing,
        }
        if coverage.missing:
            self.stdout.write(
                f"Not in the benchmark (add them to demo/bench/catalogue.py): "
                f"{', '.join(coverage.missing)}\n"
            )
        try:
            if options["http"]:
                report["http"] = self._throughput(users, coverage, options)
            else:
                report |= {"repeat": options["repeat"], "sample": options["sample"]}
                report["roles"] = self._in_process(users, coverage, options)
        except (inprocess.LoginError, throughput.ThroughputError) as error:
            raise CommandError(str(error)) from None
        if options["json"]:
            with open(options["json"], "w") as file:
                json.dump(report, file, indent=2)
                file.write("\n")

    def _users(self, options):
        wanted = ROLES if options["role"] == "both" else (options["role"],)
        users = []
        for role in wanted:
            username = options[role]
            user = get_user_model().objects.filter(username=username, is_active=True).first()
            if user is None:
                raise CommandError(
                    f"No active user {username!r}: load the demo data first (seed_demo)."
                )
            if inprocess.role_of(user) != role:
                raise CommandError(f"{username} is not a {role} (role: {user.role}).")
            users.append((role, user))
        return users

    def progress(self, text):
        """Progress on stderr, so that stdout holds only the tables."""
        if self.verbosity >= 1:
            self.stderr.write(text, style_func=str)
            self.stderr.flush()

    def _in_process(self, users, coverage, options):
        figures = {}
        for role, user in users:
            self.progress(f"{role} {user.username}: logging in, picking objects")
            with inprocess.logged_in(user) as client:
                objects = Objects(user, size=options["sample"], seed=options["seed"])
                pages, empty = catalogue.pages(coverage.entries, objects, only=options["only"])
                anonymous = Client(HTTP_HOST=inprocess.host(), raise_request_exception=False)
                inprocess.freeze_what_is_loaded()
                results = []
                for number, page in enumerate(pages, start=1):
                    self.progress(f"{role} [{number}/{len(pages)}] {page.label}")
                    results.append(
                        inprocess.measure(
                            page,
                            client=client,
                            anonymous_client=anonymous,
                            role=role,
                            repeat=options["repeat"],
                        )
                    )
            results += [
                inprocess.Result(label=label, name=label.split()[0], outcome="skipped", detail=why)
                for label, why in empty
            ]
            results += [
                inprocess.Result(label=name, name=name, outcome="skipped", detail=why)
                for name, why in catalogue.skipped(coverage.entries)
                if options["only"] in name
            ]
            measured = sum(1 for r in results if r.outcome == "measured")
            self.stdout.write(
                f"{role.capitalize()} {user.username}: {measured} pages measured, "
                f"{options['repeat']} requests each after one warm-up; in-process, DEBUG off; "
                f"{inprocess.machine_load()}; "
                f"database {connection.settings_dict['NAME']}."
            )
            self.stdout.write("\n".join(inprocess.table(results)) + "\n\n")
            figures[role] = {"user": user.username, "pages": [r.as_dict() for r in results]}
        return figures

    def _load(self, server, page, cookie, options, role, suffix=""):
        self.progress(f"{role} --http {page.label}{suffix}")
        row = throughput.measure(
            server.port,
            page,
            cookie="" if page.anonymous else cookie,
            seconds=options["seconds"],
            threads=options["threads"],
        )
        row["label"] += suffix
        return row

    def _throughput(self, users, coverage, options):
        seconds, threads = options["seconds"], options["threads"]
        figures = {
            "gunicorn_workers": throughput.GUNICORN_WORKERS,
            "threads": threads,
            "seconds_per_page": seconds,
            "roles": {},
        }
        with throughput.Server(progress=self.progress) as server:
            for role, user in users:
                started = timezone.now()
                with inprocess.logged_in(user) as client:
                    cookie = "; ".join(
                        f"{key}={morsel.value}" for key, morsel in client.cookies.items()
                    )
                    objects = Objects(user, size=options["sample"], seed=options["seed"])
                    # The trivial page first, whatever --only says: the others are
                    # given as a share of it.
                    pages = sorted(
                        (
                            page
                            for page in catalogue.pages(coverage.entries, objects)[0]
                            if page.http
                            and (role == "lead" or not page.lead_only)
                            and (page.name == "health" or options["only"] in page.label)
                        ),
                        key=lambda page: page.name != "health",
                    )
                    rows = [self._load(server, page, cookie, options, role) for page in pages]
                    # The trivial page again at the end: the machine may be
                    # busier or quieter than at the start.
                    rows += [
                        self._load(server, page, cookie, options, role, suffix=" (again)")
                        for page in pages
                        if page.name == "health"
                    ]
                trivial = throughput.add_ratios(rows)
                database = connection.settings_dict["NAME"]
                self.stdout.write(
                    f"{role.capitalize()} {user.username}: requests/s through gunicorn "
                    f"({throughput.GUNICORN_WORKERS} sync workers, DEBUG off), {threads} client "
                    f"threads, {seconds:g} s per page; {inprocess.machine_load()}; "
                    f"database {database}; "
                    f"read-access-log rows written: {throughput.access_rows_since(started)}."
                )
                self.stdout.write("\n".join(throughput.table(rows)) + "\n\n")
                figures["roles"][role] = {
                    "user": user.username,
                    "trivial_requests_per_s": trivial,
                    "pages": rows,
                }
        return figures
