"""Importing CBS region codes.

A CBS "wijken en buurten" file lists every neighbourhood (buurt) with its
district (wijk) and municipality (gemeente). ``cbs_rows_read`` turns such a
CSV file into ``CbsRow``s; ``neighbourhoods_import_cbs`` checks them all and
then creates what is missing and renames what changed, in one transaction.
Both raise ``CbsImportError`` listing every problem found, so a file is
imported completely or not at all.
"""

from dataclasses import dataclass, field
from functools import partial
from typing import NamedTuple

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext

from neighbourhoods import validators
from neighbourhoods.models import District, Municipality, Neighbourhood
from neighbourhoods.services.csv_import import (
    BATCH_SIZE,
    Counts,
    CsvImportError,
    ImportProblem,
    cell_clean,
    cell_message,
    cell_problem,
    csv_rows_parse,
    csv_rows_read,
    required,
    text_clean,
)

# The name the CBS import's error has always had.
CbsImportError = CsvImportError


class CbsRow(NamedTuple):
    """One data row of a CBS file; ``line`` is where it starts (the header is line 1)."""

    line: int
    gemeentecode: str
    gemeentenaam: str
    wijkcode: str
    wijknaam: str
    buurtcode: str
    buurtnaam: str


CBS_COLUMNS = CbsRow._fields[1:]


@dataclass
class CbsImportResult:
    municipalities: Counts = field(default_factory=Counts)
    districts: Counts = field(default_factory=Counts)
    neighbourhoods: Counts = field(default_factory=Counts)


def cbs_rows_read(*, path):
    """The rows of the CBS CSV file at ``path``: UTF-8 (with or without a
    byte order mark), fields separated by ';' (as CBS downloads are) or ',',
    a header row naming at least the ``CBS_COLUMNS`` in any order and case.
    Other columns are ignored. Raises ``CbsImportError``."""
    return csv_rows_read(path=path, row_type=CbsRow)


def cbs_rows_parse(*, text, source):
    """The rows of CBS CSV ``text``; ``source`` names it in messages.
    Blank rows are skipped. Raises ``CbsImportError``."""
    return csv_rows_parse(text=text, source=source, row_type=CbsRow)


def code_clean(value, *, validator):
    """A CBS code in upper case, checked by ``validator``."""
    code = value.upper()
    required(code)
    validator(code)
    return code


class _Level:
    """One of municipality, district, neighbourhood: how a row names it,
    how its code is checked, and what the file and the database say about it."""

    def __init__(
        self, model, code_column, name_column, code_validator, parent=None, once_per_file=False
    ):
        self.model = model
        self.once_per_file = once_per_file
        self.code_column = code_column
        self.name_column = name_column
        self.code_clean = partial(code_clean, validator=code_validator)
        self.name_clean = partial(text_clean, model._meta.get_field("name"))
        self.parent = parent
        self.in_file = {}  # code -> (name, parent code, first line)
        self.existing = {}  # code -> (pk, name, parent code), see load_existing()

    def check(self, row):
        """The normalised (code, name) of ``row`` at this level (None where
        wrong), and its problems."""
        problems = []
        code = cell_clean(problems, row, self.code_column, self.code_clean)
        name = cell_clean(problems, row, self.name_column, self.name_clean)
        return code, name, problems

    def collect(self, line, code, name, parent_code):
        """Remember ``code`` from ``line``; a problem if an earlier line
        gave it another name, or gave it at all if it may appear only once."""
        seen_name, _, seen_line = self.in_file.setdefault(code, (name, parent_code, line))
        if seen_line == line:
            return None
        if self.once_per_file:
            message = gettext("%(code)s also appears on line %(other)d.")
            column, value = self.code_column, code
        elif name != seen_name:
            message = gettext("%(code)s is called '%(other_name)s' on line %(other)d.")
            column, value = self.name_column, name
        else:
            return None
        message %= {"code": code, "other": seen_line, "other_name": seen_name}
        return ImportProblem(line, cell_message(column, value, message))

    def load_existing(self):
        """code -> (pk, name, parent code) of every row in the table. One query."""
        if self.parent is None:
            values = self.model.objects.values_list("pk", "code", "name")
            self.existing = {code: (pk, name, None) for pk, code, name in values}
        else:
            parent_code = f"{self.parent.model._meta.model_name}__code"
            values = self.model.objects.values_list("pk", "code", "name", parent_code)
            self.existing = {code: (pk, name, parent) for pk, code, name, parent in values}

    def parent_problems(self):
        """Codes that exist in the database under another parent than the file says."""
        problems = []
        for code, (_, parent_code, line) in self.in_file.items():
            existing = self.existing.get(code)
            if existing and existing[2] != parent_code:
                message = gettext(
                    "%(code)s already exists in %(existing)s, not in %(parent)s; "
                    "correct the file or the database."
                ) % {"code": code, "existing": existing[2], "parent": parent_code}
                problems.append(ImportProblem(line, cell_message(self.code_column, code, message)))
        return problems

    def write(self, parent_ids):
        """Create the missing rows and rename the changed ones; the code ->
        pk of every row in the file. A few queries per thousand rows."""
        counts = Counts()
        new, renamed, ids = [], [], {}
        parent_field = f"{self.parent.model._meta.model_name}_id" if self.parent else None
        for code, (name, parent_code, _) in self.in_file.items():
            existing = self.existing.get(code)
            if existing is None:
                extra = {parent_field: parent_ids[parent_code]} if parent_field else {}
                new.append(self.model(code=code, name=name, **extra))
            elif existing[1] != name:
                renamed.append(self.model(pk=existing[0], code=code, name=name))
                ids[code] = existing[0]
            else:
                counts.unchanged += 1
                ids[code] = existing[0]
        self.model.objects.bulk_create(new, batch_size=BATCH_SIZE)
        self.model.objects.bulk_update(renamed, ["name"], batch_size=BATCH_SIZE)
        ids.update((obj.code, obj.pk) for obj in new)
        counts.created, counts.updated = len(new), len(renamed)
        return counts, ids


@transaction.atomic
def neighbourhoods_import_cbs(*, rows):
    """Import ``rows`` (``CbsRow``s): create the municipalities, districts
    and neighbourhoods that do not exist yet, rename those whose name
    changed, leave the rest. Importing the same rows twice changes nothing.

    Every row is checked first (code patterns, a district's code continuing
    its municipality's, a neighbourhood's its district's, names present,
    one name per code, each neighbourhood once, an existing code not under
    another parent); if anything is wrong, raises ``CbsImportError`` with
    every problem and writes nothing. The checks are those of the models'
    ``full_clean()``, done in bulk: three queries load the existing codes
    and the writes are batched, so a national file (~14,000 neighbourhoods)
    takes seconds. Two imports at once may collide on a new code; the
    loser's transaction fails on the unique constraint and writes nothing.
    """
    municipalities = _Level(
        Municipality, "gemeentecode", "gemeentenaam", validators.validate_municipality_code
    )
    districts = _Level(
        District, "wijkcode", "wijknaam", validators.validate_district_code, municipalities
    )
    neighbourhoods = _Level(
        Neighbourhood,
        "buurtcode",
        "buurtnaam",
        validators.validate_neighbourhood_code,
        districts,
        once_per_file=True,
    )
    levels = (municipalities, districts, neighbourhoods)

    problems = []
    for row in rows:
        checked = [level.check(row) for level in levels]
        row_problems = [problem for _, _, found in checked for problem in found]
        (m_code, m_name, _), (d_code, d_name, _), (n_code, n_name, _) = checked
        for level, code, parent_code in (
            (districts, d_code, m_code),
            (neighbourhoods, n_code, d_code),
        ):
            if code and parent_code:
                try:
                    validators.validate_code_within(code, parent_code)
                except ValidationError as error:
                    row_problems.append(cell_problem(row.line, level.code_column, code, error))
        if row_problems:
            problems.extend(row_problems)
            continue
        for level, code, name, parent_code in (
            (municipalities, m_code, m_name, None),
            (districts, d_code, d_name, m_code),
            (neighbourhoods, n_code, n_name, d_code),
        ):
            problem = level.collect(row.line, code, name, parent_code)
            if problem:
                problems.append(problem)

    for level in levels:
        level.load_existing()
        problems.extend(level.parent_problems())
    if problems:
        raise CbsImportError(problems)

    result = CbsImportResult()
    result.municipalities, municipality_ids = municipalities.write({})
    result.districts, district_ids = districts.write(municipality_ids)
    result.neighbourhoods, _ = neighbourhoods.write(district_ids)
    return result
