from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from buurtwerk import embedded_db


class Command(BaseCommand):
    help = "Start, stop or show the embedded PostgreSQL server under var/postgres."

    def add_arguments(self, parser):
        parser.add_argument("action", choices=["start", "stop", "status"])

    def handle(self, *args, action, **options):
        if settings.DATABASE_URL:
            raise CommandError("DATABASE_URL is set: there is no embedded server to manage.")
        data_dir = Path(settings.DATABASES["default"]["EMBEDDED_DATA_DIR"])
        if action == "start":
            socket_dir = embedded_db.ensure_running(data_dir)
            self.stdout.write(f"Running; socket in {socket_dir}.")
        elif action == "stop":
            stopped = embedded_db.stop(data_dir)
            self.stdout.write("Stopped." if stopped else "Not running.")
        else:
            self.stdout.write("Running." if embedded_db.is_running(data_dir) else "Not running.")
