import time

from django.core.management.base import BaseCommand

from contacts.services.heard import heard_analyse_all


class Command(BaseCommand):
    help = (
        "Analyse every talent and need again (word forms, compounds, the thesaurus: "
        "contacts.language) and store what changed: after a change of the thesaurus, or once "
        "after migrating data written before the analysis. Prints progress and the time taken."
    )

    def handle(self, *args, **options):
        started = time.monotonic()

        def progress(model, done):
            self.stdout.write(f"{model._meta.verbose_name_plural}: {done}")

        changed = heard_analyse_all(progress=progress)
        self.stdout.write(f"{changed} changed in {time.monotonic() - started:.1f} s")
