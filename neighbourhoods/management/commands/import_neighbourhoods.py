from django.utils.translation import gettext

from neighbourhoods.management.csv_command import CsvImportCommand
from neighbourhoods.services import cbs_rows_read, neighbourhoods_import_cbs


class Command(CsvImportCommand):
    help = (
        "Import municipalities, districts and neighbourhoods from a CBS CSV file "
        "(UTF-8; ';' or ','; columns gemeentecode, gemeentenaam, wijkcode, wijknaam, "
        "buurtcode, buurtnaam). Creates missing codes and renames existing ones; "
        "running it twice changes nothing. Checks every row first: if any is wrong, "
        "lists them all and imports nothing."
    )

    def read(self, *, path):
        return cbs_rows_read(path=path)

    def write(self, *, rows):
        return neighbourhoods_import_cbs(rows=rows)

    def counts(self, result):
        return [
            (gettext("Municipalities"), result.municipalities),
            (gettext("Districts"), result.districts),
            (gettext("Neighbourhoods"), result.neighbourhoods),
        ]
