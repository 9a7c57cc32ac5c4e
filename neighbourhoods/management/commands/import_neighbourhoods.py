from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext

from neighbourhoods.services import CbsImportError, cbs_rows_read, neighbourhoods_import_cbs


class Command(BaseCommand):
    help = (
        "Import municipalities, districts and neighbourhoods from a CBS CSV file "
        "(UTF-8; ';' or ','; columns gemeentecode, gemeentenaam, wijkcode, wijknaam, "
        "buurtcode, buurtnaam). Creates missing codes and renames existing ones; "
        "running it twice changes nothing. Checks every row first: if any is wrong, "
        "lists them all and imports nothing."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", help="Path of the CSV file.")

    def handle(self, *args, file, **options):
        try:
            rows = cbs_rows_read(path=file)
            if options["verbosity"] >= 1:
                self.stdout.write(
                    gettext("Read %(count)d rows from %(file)s.")
                    % {"count": len(rows), "file": file}
                )
            result = neighbourhoods_import_cbs(rows=rows)
        except CbsImportError as error:
            if not error.is_about_the_file:
                for problem in error.problems:
                    self.stderr.write(str(problem))
            raise CommandError(error.summary) from None

        for label, counts in (
            (gettext("Municipalities"), result.municipalities),
            (gettext("Districts"), result.districts),
            (gettext("Neighbourhoods"), result.neighbourhoods),
        ):
            self.stdout.write(
                gettext(
                    "%(label)s: %(created)d created, %(updated)d updated, %(unchanged)d unchanged."
                )
                % {
                    "label": label,
                    "created": counts.created,
                    "updated": counts.updated,
                    "unchanged": counts.unchanged,
                }
            )
