from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext

from neighbourhoods.services import CsvImportError


class CsvImportCommand(BaseCommand):
    """A thin command around one CSV import service: reads FILE, imports it
    and prints what changed; or lists every problem on stderr and fails with
    a one-line summary, having written nothing."""

    def add_arguments(self, parser):
        parser.add_argument("file", help="Path of the CSV file.")

    def read(self, *, path):
        """The file's rows (a service's ``..._rows_read``)."""
        raise NotImplementedError

    def write(self, *, rows):
        """Import the rows (the service); returns its result."""
        raise NotImplementedError

    def counts(self, result):
        """(label, Counts) pairs to report."""
        raise NotImplementedError

    def handle(self, *args, file, **options):
        try:
            rows = self.read(path=file)
            if options["verbosity"] >= 1:
                self.stdout.write(
                    gettext("Read %(count)d rows from %(file)s.")
                    % {"count": len(rows), "file": file}
                )
            result = self.write(rows=rows)
        except CsvImportError as error:
            if not error.is_about_the_file:
                for problem in error.problems:
                    self.stderr.write(str(problem))
            raise CommandError(error.summary) from None
        for label, counts in self.counts(result):
            self.stdout.write(counts.summary(label))
