import random
import time

from django.core.management.base import BaseCommand, CommandError, no_translations
from django.db import connection, transaction

from accounts.models import Role
from audit.history import pause_recording
from demo import activities as activities_demo
from demo import contacts as contacts_demo
from demo import matches as matches_demo
from demo import neighbourhoods as neighbourhoods_demo
from neighbourhoods.models import Municipality

SEED = "buurtwerk-demo"
LOGIN_URL = "http://127.0.0.1:8000/"
MAX_WORKER_ROWS = 8  # the large scale has 120 workers; the table shows the first few

# The apps' demo builders, in the order they run; each may use what the ones
# before it made. A builder is called as
#     build(scale="small" | "large", rng=Random, made={app: result}, progress=print-a-line)
# and returns what it made, with a ``counts`` dict.
BUILDERS = [
    ("neighbourhoods", neighbourhoods_demo.build),
    ("contacts", contacts_demo.build),
    ("matches", matches_demo.build),
    ("activities", activities_demo.build),
]


class Command(BaseCommand):
    help = (
        "Fill an empty database with made-up demo data (neighbourhoods, addresses, teams, "
        "users, residents, rounds, conversations, follow-ups, talents and needs, initiatives, "
        "matches in every state, activities with who was there) and print the demo logins. "
        "--scale large makes benchmark-sized data."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--scale",
            choices=list(neighbourhoods_demo.SCALES),
            default="small",
            help="small (default): 6 neighbourhoods, 1,500 addresses, 8 workers, 1,800 "
            "residents, 4,000 conversations, 4,500 talents and needs, 200 matches; large "
            "(benchmarks): 60 neighbourhoods, 60,000 addresses, 120 workers, 100,000 "
            "residents, 1,000,000 conversations, 300,000 talents and needs, 20,000 matches.",
        )
        parser.add_argument(
            "--if-empty",
            action="store_true",
            help="If the database already holds data, change nothing and just print the "
            "demo logins (what `make run` does on every start).",
        )

    @no_translations
    def handle(self, *args, scale, if_empty, **options):
        seeded = False
        with transaction.atomic():
            if not Municipality.objects.exists():
                if scale == "large":
                    # Made-up data for benchmarks: no change history for it.
                    pause_recording()
                self.seed(scale)
                seeded = True
            elif if_empty:
                self.stdout.write("The database already holds data; seed_demo left it as it is.")
            else:
                raise CommandError(
                    "The database already holds neighbourhoods; seed_demo fills an empty "
                    "database. Use `manage.py flush` first, or pass --if-empty to skip."
                )
        if seeded and scale == "large":
            # Fresh statistics and visibility maps, so the first benchmark is not
            # the planner's guesswork; VACUUM cannot run inside the transaction.
            started = time.monotonic()
            with connection.cursor() as cursor:
                cursor.execute("VACUUM ANALYZE")
            self.stdout.write(f"Vacuumed and analysed in {time.monotonic() - started:.1f} s.")
        self.print_logins()

    def seed(self, scale):
        started = time.monotonic()
        made = {}
        for app, build in BUILDERS:
            rng = random.Random(f"{SEED}:{app}")  # per app: adding an app changes no other's data
            made[app] = build(scale=scale, rng=rng, made=made, progress=self.stdout.write)
        counts = ", ".join(
            f"{label} {n:,}" for result in made.values() for label, n in result.counts.items()
        )
        seconds = time.monotonic() - started
        self.stdout.write(
            self.style.SUCCESS(f"Seeded {scale} demo data in {seconds:.1f} s: {counts}.")
        )

    def print_logins(self):
        logins = neighbourhoods_demo.demo_logins()
        if logins:
            workers = [login.username for login in logins if login.role == Role.WORKER]
            hidden = workers[MAX_WORKER_ROWS:]
            rows = [("Username", "Role", "Teams")] + [
                (login.username, Role(login.role).label, self.teams_column(login))
                for login in logins
                if login.username not in hidden
            ]
            widths = [max(len(row[i]) for row in rows) for i in range(2)]
            self.stdout.write("\nDemo logins:")
            for username, role, teams in rows:
                self.stdout.write(f"  {username:<{widths[0]}}  {role:<{widths[1]}}  {teams}")
                if hidden and username == workers[MAX_WORKER_ROWS - 1]:
                    self.stdout.write(f"  ... and {len(hidden)} more: {hidden[0]} to {hidden[-1]}")
            self.stdout.write(f"Password for every demo user: {neighbourhoods_demo.DEMO_PASSWORD}")
            self.stdout.write(
                "Team leads and the administrator set up an authenticator app "
                "(two-factor login) the first time they log in."
            )
        self.stdout.write(f"Log in at {LOGIN_URL}")

    @staticmethod
    def teams_column(login):
        if login.teams:
            return ", ".join(login.teams)
        return "all teams" if login.role == Role.ADMIN else "-"
