from django.core.management.base import BaseCommand, CommandError

from privacy.services.retention import (
    FORM_SUBMISSION_DAYS,
    access_log_years,
    retention_apply,
    retention_months,
)


class Command(BaseCommand):
    help = (
        "Apply the retention rules: anonymise residents with no contact for "
        "BUURTWERK_RETENTION_MONTHS (default 24), purge access-log rows and login records older "
        "than BUURTWERK_ACCESS_LOG_YEARS (default 5), delete form-submission tokens older than "
        f"{FORM_SUBMISSION_DAYS} days and expired sessions. Meant to run daily from cron. "
        "With --dry-run it lists the residents' ids and the counts, and changes nothing. "
        "The output holds ids and counts only, never names."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--dry-run",
            action="store_true",
            help="Show what would be done, change nothing.",
        )

    def handle(self, *args, dry_run=False, verbosity=1, **options):
        def progress(pk):
            if verbosity >= 2:
                self.stdout.write(f"Anonymising resident {pk}")

        report = retention_apply(dry_run=dry_run, progress=progress)
        would = "would be " if dry_run else ""
        self.stdout.write(
            f"Residents with no contact since {report.resident_cutoff:%Y-%m-%d} "
            f"({retention_months()} months) {would}anonymised: "
            f"{len(report.residents) - len(report.failed)}"
        )
        if dry_run or verbosity >= 2:
            for pk in report.residents:
                self.stdout.write(f"  {pk}")
        self.stdout.write(
            f"Access-log rows before {report.access_log_cutoff:%Y-%m-%d} "
            f"({access_log_years()} years) {would}purged: {report.access_events}"
        )
        self.stdout.write(
            f"Login records before {report.access_log_cutoff:%Y-%m-%d} {would}purged: "
            f"{report.logins}"
        )
        self.stdout.write(
            f"Form submissions older than {FORM_SUBMISSION_DAYS} days {would}deleted: "
            f"{report.form_submissions}"
        )
        sessions = report.sessions
        if sessions is None:
            sessions = "not counted (sessions are not kept in the database)"
        self.stdout.write(f"Expired sessions {would}deleted: {sessions}")
        if report.failed:
            for pk in report.failed:
                self.stderr.write(f"  failed: {pk}")
            raise CommandError(f"{len(report.failed)} resident(s) could not be anonymised.")
