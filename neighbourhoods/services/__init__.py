"""Writes for neighbourhoods: importing CBS region codes (``cbs``) and
addresses (``addresses``) from CSV files read by ``csv_import``."""

from neighbourhoods.services.addresses import (
    AddressImportResult,
    AddressRow,
    address_rows_parse,
    address_rows_read,
    addresses_import,
)
from neighbourhoods.services.cbs import (
    CBS_COLUMNS,
    CbsImportError,
    CbsImportResult,
    CbsRow,
    cbs_rows_parse,
    cbs_rows_read,
    neighbourhoods_import_cbs,
)
from neighbourhoods.services.csv_import import Counts, CsvImportError, ImportProblem

__all__ = [
    "CBS_COLUMNS",
    "AddressImportResult",
    "AddressRow",
    "CbsImportError",
    "CbsImportResult",
    "CbsRow",
    "Counts",
    "CsvImportError",
    "ImportProblem",
    "address_rows_parse",
    "address_rows_read",
    "addresses_import",
    "cbs_rows_parse",
    "cbs_rows_read",
    "neighbourhoods_import_cbs",
]
