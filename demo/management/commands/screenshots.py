"""``manage.py screenshots``: the README's screenshots, made afresh."""

from pathlib import Path

from django.conf import settings
from django.contrib.staticfiles.handlers import StaticFilesHandler
from django.core.management.base import BaseCommand, CommandError
from django.test.testcases import LiveServerThread
from django.utils import timezone

from accounts.models import User
from contacts.models import DoorKnock, Round
from demo.neighbourhoods import DEMO_PASSWORD

#: (file name, what it shows)
SHOTS = [
    ("my-day.png", "My day"),
    ("round.png", "the round page"),
    ("conversation-form.png", "the conversation form"),
    ("coverage.png", "coverage"),
]

CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-sync"]


class Command(BaseCommand):
    help = (
        "Take the README's screenshots at a 360 x 740 phone, in Dutch, of My day, the round "
        "page, the conversation form and coverage, logged in as a demo worker, into "
        "docs/screenshots/. Needs the demo data (seed_demo) and Chromium; serves the site "
        "itself on a free port for the time it takes."
    )

    def add_arguments(self, parser):
        parser.add_argument("--username", default="buurtwerker1", help="a demo worker")
        parser.add_argument("--password", default=DEMO_PASSWORD, help="their password")
        parser.add_argument(
            "--out",
            default=str(Path(settings.BASE_DIR) / "docs" / "screenshots"),
            help="the folder to write to (default docs/screenshots)",
        )
        parser.add_argument("--chromium", default="/usr/bin/chromium")
        parser.add_argument(
            "--full-page", action="store_true", help="the whole page, not the first screen"
        )

    def handle(self, *args, username, password, out, chromium, full_page, **options):
        from playwright.sync_api import sync_playwright  # a development dependency

        worker = User.objects.filter(username=username).first()
        if worker is None:
            raise CommandError(f"No user {username}: load the demo data first (seed_demo).")
        paths = self._paths(worker)
        out = Path(out)
        out.mkdir(parents=True, exist_ok=True)
        server = LiveServerThread("127.0.0.1", StaticFilesHandler, port=0)
        server.daemon = True
        server.start()
        server.is_ready.wait()
        if server.error:
            raise CommandError(f"The server did not start: {server.error}")
        base = f"http://127.0.0.1:{server.port}"
        try:
            with sync_playwright() as playwright:
                browser = playwright.chromium.launch(executable_path=chromium, args=CHROMIUM_ARGS)
                page = browser.new_page(
                    viewport={"width": 360, "height": 740},
                    locale="nl-NL",
                    timezone_id=settings.TIME_ZONE,
                )
                page.goto(f"{base}/account/login/")
                page.get_by_label("Gebruikersnaam of e-mailadres").fill(username)
                page.get_by_label("Wachtwoord").fill(password)
                page.get_by_role("button", name="Inloggen").click()
                page.wait_for_load_state()
                for (name, what), path in zip(SHOTS, paths, strict=True):
                    page.goto(f"{base}{path}")
                    page.screenshot(path=str(out / name), full_page=full_page)
                    self.stdout.write(f"{out / name}: {what}")
                browser.close()
        finally:
            server.terminate()

    def _paths(self, worker):
        """The pages' paths: the worker's round of today (or their latest),
        and a conversation form from one of its doors that was answered."""
        today = timezone.localdate()
        rounds = Round.objects.for_worker(worker)
        round = (
            rounds.filter(planned_for=today).first()
            or rounds.filter(planned_for__lt=today).order_by("-planned_for").first()
        )
        if round is None:
            raise CommandError(f"{worker.username} has no rounds: load the demo data first.")
        knock = (
            DoorKnock.objects.filter(
                worker=worker, outcome=DoorKnock.Outcome.SPOKE, conversation__isnull=True
            )
            .order_by("-knocked_at")
            .first()
        )
        if knock is None:
            raise CommandError(f"{worker.username} has no answered doors in the demo data.")
        return ["/", f"/rondes/{round.pk}/", f"/aanbellen/{knock.pk}/gesprek/", "/dekking/"]
