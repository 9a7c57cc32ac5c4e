from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext

from contacts.services.imports import ResidentImportError, residents_import, residents_read


class Command(BaseCommand):
    help = (
        "Import residents with their talents and needs from a buurtwerk-residents/1 JSON "
        "file (see ../shared/matching/FORMAT.md). Idempotent by each resident's ref. The "
        "whole file is checked first: every problem is printed as 'REF: FIELD: MESSAGE' and "
        "nothing is written. Consent answers from the file are recorded as written, by the "
        "system user 'import'."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", help="Path of the JSON file.")

    def handle(self, *args, file, **options):
        try:
            result = residents_import(data=residents_read(path=file))
        except ResidentImportError as error:
            for problem in error.problems:
                self.stderr.write(problem)
            raise CommandError(error.summary) from None
        for label, counts in (
            (gettext("residents"), result.residents),
            (gettext("talents"), result.talents),
            (gettext("needs"), result.needs),
        ):
            self.stdout.write(counts.summary(label))
