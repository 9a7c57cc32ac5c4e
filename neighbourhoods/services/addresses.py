"""Importing addresses: the doors of the neighbourhoods, known before anyone
living behind them is.

An address file lists one door a row with the CBS code of its
neighbourhood. ``address_rows_read`` turns such a CSV file into
``AddressRow``s; ``addresses_import`` checks them all and then creates the
missing streets and addresses and moves addresses to the street the file
names, in one transaction. Both raise ``CsvImportError`` listing every
problem found, so a file is imported completely or not at all.
"""

import re
from dataclasses import dataclass, field
from functools import partial
from typing import NamedTuple

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext

from neighbourhoods import validators
from neighbourhoods.models import Address, Neighbourhood, Street
from neighbourhoods.services.cbs import code_clean
from neighbourhoods.services.csv_import import (
    BATCH_SIZE,
    Counts,
    CsvImportError,
    ImportProblem,
    cell_clean,
    csv_rows_parse,
    csv_rows_read,
    required,
    text_clean,
)

# A house number with its addition in the same cell: 12a, 12 A, 12-3, 12 bis.
NUMBER_WITH_ADDITION_RE = re.compile(r"([0-9]+)(?:[\s-]*(?=[^\W\d_])|[\s-]+(?=\w))(.+)")


class AddressRow(NamedTuple):
    """One data row of an address file; ``line`` is where it starts (the
    header is line 1). A file may leave out the toevoeging column."""

    line: int
    buurtcode: str
    straat: str
    huisnummer: str
    postcode: str
    toevoeging: str = ""


@dataclass
class AddressImportResult:
    streets: Counts = field(default_factory=Counts)
    addresses: Counts = field(default_factory=Counts)


class _Door(NamedTuple):
    """An address as the file gives it, keyed by (postcode, number, addition)."""

    line: int
    neighbourhood_id: int
    street: str


def address_rows_read(*, path):
    """The rows of the address CSV file at ``path``: UTF-8 (with or without
    a byte order mark), fields separated by ';' or ',', a header row naming
    at least buurtcode, straat, huisnummer and postcode, and optionally
    toevoeging, in any order and case. Other columns are ignored. Raises
    ``CsvImportError``."""
    return csv_rows_read(path=path, row_type=AddressRow)


def address_rows_parse(*, text, source):
    """The rows of address CSV ``text``; ``source`` names it in messages.
    Blank rows are skipped. Raises ``CsvImportError``."""
    return csv_rows_parse(text=text, source=source, row_type=AddressRow)


def _neighbourhood_clean(value, *, neighbourhood_ids):
    code = code_clean(value, validator=validators.validate_neighbourhood_code)
    try:
        return neighbourhood_ids[code]
    except KeyError:
        raise ValidationError(
            gettext(
                "There is no neighbourhood %(code)s; import the neighbourhoods first "
                "with import_neighbourhoods."
            )
            % {"code": code}
        ) from None


def _house_number_clean(value):
    required(value)
    number = int(value) if value.isascii() and value.isdigit() else 0
    if number < 1:
        with_addition = NUMBER_WITH_ADDITION_RE.fullmatch(value)
        if with_addition and int(with_addition[1]) >= 1:
            raise ValidationError(
                gettext(
                    "Write only the number (%(number)d) here and put '%(addition)s' "
                    "in the toevoeging column."
                )
                % {"number": int(with_addition[1]), "addition": with_addition[2].strip()}
            )
        raise ValidationError(gettext("Enter a whole number of 1 or more."))
    # The database's upper limit.
    Address._meta.get_field("house_number").run_validators(number)
    return number


def _postcode_clean(value):
    required(value)
    postcode = validators.normalise_postcode(value)
    validators.validate_postcode(postcode)
    return postcode


@transaction.atomic
def addresses_import(*, rows):
    """Import ``rows`` (``AddressRow``s): create the streets and addresses
    that do not exist yet, move an existing address (the same postcode,
    house number and addition) whose street differs to the street the file
    names, leave the rest. Nothing is deleted; importing the same rows twice
    changes nothing.

    Every row is checked first (an existing neighbourhood, a street name, a
    house number of 1 or more, an addition of at most 10 characters, a Dutch
    postcode, each address once); if anything is wrong, raises
    ``CsvImportError`` with every problem and writes nothing. The checks are
    those of the models' ``full_clean()``, done in bulk: one query per table
    loads what exists and the writes are batched, so a municipality (~100,000
    addresses) takes seconds. Two imports at once may collide on a new
    street or address; the loser's transaction fails on the unique
    constraint and writes nothing.
    """
    # Query: every neighbourhood's code (~14,000 in the whole country).
    neighbourhood_ids = dict(Neighbourhood.objects.values_list("code", "pk"))
    neighbourhood_clean = partial(_neighbourhood_clean, neighbourhood_ids=neighbourhood_ids)
    street_clean = partial(text_clean, Street._meta.get_field("name"))
    addition_clean = partial(text_clean, Address._meta.get_field("addition"))

    problems, doors = [], {}
    for row in rows:
        row_problems = []
        neighbourhood_id = cell_clean(row_problems, row, "buurtcode", neighbourhood_clean)
        street = cell_clean(row_problems, row, "straat", street_clean)
        number = cell_clean(row_problems, row, "huisnummer", _house_number_clean)
        addition = cell_clean(row_problems, row, "toevoeging", addition_clean)
        postcode = cell_clean(row_problems, row, "postcode", _postcode_clean)
        if row_problems:
            problems.extend(row_problems)
            continue
        first = doors.setdefault(
            (postcode, number, addition), _Door(row.line, neighbourhood_id, street)
        )
        if first.line != row.line:
            message = gettext(
                "%(postcode)s %(number)s also appears on line %(other)d; each address "
                "(postcode, huisnummer, toevoeging) may be in the file once."
            ) % {
                "postcode": postcode,
                "number": f"{number}-{addition}" if addition else number,
                "other": first.line,
            }
            problems.append(ImportProblem(row.line, message))
    if problems:
        raise CsvImportError(problems)

    result = AddressImportResult()
    street_ids = _streets_write(doors.values(), result.streets)
    _addresses_write(doors, street_ids, result.addresses)
    return result


def _streets_write(doors, counts):
    """Create the streets ``doors`` name that do not exist yet; the
    (neighbourhood id, name) -> pk of every street they name."""
    in_file = {(door.neighbourhood_id, door.street) for door in doors}
    # Query: the streets of the neighbourhoods in the file.
    existing = Street.objects.filter(
        neighbourhood_id__in={neighbourhood_id for neighbourhood_id, _ in in_file}
    ).values_list("neighbourhood_id", "name", "pk")
    ids = {(neighbourhood_id, name): pk for neighbourhood_id, name, pk in existing}
    new = [
        Street(neighbourhood_id=neighbourhood_id, name=name)
        for neighbourhood_id, name in sorted(in_file - ids.keys())
    ]
    Street.objects.bulk_create(new, batch_size=BATCH_SIZE)
    ids.update(((street.neighbourhood_id, street.name), street.pk) for street in new)
    counts.created, counts.unchanged = len(new), len(in_file) - len(new)
    return ids


def _addresses_write(doors, street_ids, counts):
    """Create the addresses in ``doors`` that do not exist yet and move
    those on another street."""
    # Query: the addresses with a postcode in the file (and perhaps a few more).
    values = Address.objects.filter(postcode__in={key[0] for key in doors}).values_list(
        "postcode", "house_number", "addition", "pk", "street_id"
    )
    existing = {
        (postcode, number, addition): (pk, street_id)
        for postcode, number, addition, pk, street_id in values
    }
    new, moved = [], []
    for (postcode, number, addition), door in doors.items():
        street_id = street_ids[door.neighbourhood_id, door.street]
        pk, existing_street_id = existing.get((postcode, number, addition), (None, None))
        if pk is None:
            new.append(
                Address(
                    street_id=street_id,
                    house_number=number,
                    addition=addition,
                    postcode=postcode,
                )
            )
        elif existing_street_id != street_id:
            moved.append(Address(pk=pk, street_id=street_id))
        else:
            counts.unchanged += 1
    Address.objects.bulk_create(new, batch_size=BATCH_SIZE)
    Address.objects.bulk_update(moved, ["street"], batch_size=BATCH_SIZE)
    counts.created, counts.updated = len(new), len(moved)
