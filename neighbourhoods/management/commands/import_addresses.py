from django.utils.translation import gettext

from neighbourhoods.management.csv_command import CsvImportCommand
from neighbourhoods.services import address_rows_read, addresses_import


class Command(CsvImportCommand):
    help = (
        "Import the addresses (doors) of neighbourhoods from a CSV file (UTF-8; ';' or ','; "
        "columns buurtcode, straat, huisnummer, postcode and optionally toevoeging). "
        "The neighbourhoods must exist (import_neighbourhoods). Creates missing streets "
        "and addresses and moves an address to the street the file names; running it "
        "twice changes nothing. Checks every row first: if any is wrong, lists them all "
        "and imports nothing."
    )

    def read(self, *, path):
        return address_rows_read(path=path)

    def write(self, *, rows):
        return addresses_import(rows=rows)

    def counts(self, result):
        return [(gettext("Streets"), result.streets), (gettext("Addresses"), result.addresses)]
