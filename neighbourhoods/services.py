"""Writes for neighbourhoods: importing CBS region codes.

A CBS "wijken en buurten" file lists every neighbourhood (buurt) with its
district (wijk) and municipality (gemeente). ``cbs_rows_read`` turns such a
CSV file into ``CbsRow``s; ``neighbourhoods_import_cbs`` checks them all and
then creates what is missing and renames what changed, in one transaction.
Both raise ``CbsImportError`` listing every problem found, so a file is
imported completely or not at all.
"""

import csv
import io
from dataclasses import dataclass, field
from pathlib import Path
from typing import NamedTuple

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext, ngettext

from neighbourhoods import validators
from neighbourhoods.models import District, Municipality, Neighbourhood

CBS_COLUMNS = ("gemeentecode", "gemeentenaam", "wijkcode", "wijknaam", "buurtcode", "buurtnaam")
DELIMITERS = (";", ",")
BATCH_SIZE = 1000


class CbsRow(NamedTuple):
    """One data row of a CBS file; ``line`` is where it starts (the header is line 1)."""

    line: int
    gemeentecode: str
    gemeentenaam: str
    wijkcode: str
    wijknaam: str
    buurtcode: str
    buurtnaam: str


class ImportProblem(NamedTuple):
    """Why (part of) a file cannot be imported; ``line`` is None for the file as a whole."""

    line: int | None
    message: str

    def __str__(self):
        if self.line is None:
            return self.message
        return gettext("line %(line)d: %(message)s") % {"line": self.line, "message": self.message}


class CbsImportError(Exception):
    """A file that cannot be imported, with every problem found, in line order."""

    def __init__(self, problems):
        self.problems = sorted(problems, key=lambda p: p.line or 0)
        super().__init__("\n".join(str(p) for p in self.problems))

    @property
    def is_about_the_file(self):
        """True if the file as a whole is unusable (unreadable, empty, bad
        header): then there is one problem and it has no line number."""
        return all(p.line is None for p in self.problems)

    @property
    def bad_row_count(self):
        return len({p.line for p in self.problems if p.line is not None})

    @property
    def summary(self):
        if self.is_about_the_file:
            return "; ".join(p.message for p in self.problems)
        count = self.bad_row_count
        return ngettext(
            "%(count)d bad row; nothing was imported.",
            "%(count)d bad rows; nothing was imported.",
            count,
        ) % {"count": count}


@dataclass
class Counts:
    created: int = 0
    updated: int = 0
    unchanged: int = 0


@dataclass
class CbsImportResult:
    municipalities: Counts = field(default_factory=Counts)
    districts: Counts = field(default_factory=Counts)
    neighbourhoods: Counts = field(default_factory=Counts)


def _file_error(message):
    return CbsImportError([ImportProblem(None, message)])


def cbs_rows_read(*, path):
    """The rows of the CBS CSV file at ``path``: UTF-8 (with or without a
    byte order mark), fields separated by ';' (as CBS downloads are) or ',',
    a header row naming at least the ``CBS_COLUMNS`` in any order and case.
    Other columns are ignored. Raises ``CbsImportError``."""
    name = str(path)
    try:
        data = Path(path).read_bytes()
    except FileNotFoundError:
        raise _file_error(
            gettext("Cannot read %(file)s: no such file.") % {"file": name}
        ) from None
    except OSError as error:
        raise _file_error(
            gettext("Cannot read %(file)s: %(reason)s.")
            % {"file": name, "reason": error.strerror or error}
        ) from None
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = data.count(b"\n", 0, error.start) + 1
        raise _file_error(
            gettext(
                "%(file)s is not UTF-8 text (line %(line)d); save it as UTF-8 "
                "(in Excel: CSV UTF-8) and try again."
            )
            % {"file": name, "line": line}
        ) from None
    return cbs_rows_parse(text=text, source=name)


def cbs_rows_parse(*, text, source):
    """The rows of CBS CSV ``text``; ``source`` names it in messages.
    Blank rows are skipped. Raises ``CbsImportError``."""
    if not text.strip():
        raise _file_error(gettext("%(file)s is empty.") % {"file": source})
    header_line = next(line for line in text.splitlines() if line.strip())
    delimiter = max(DELIMITERS, key=header_line.count)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    try:
        header = next(row for row in reader if any(cell.strip() for cell in row))
        header_line_number = reader.line_num
        positions = _column_positions(header, source)
        rows, problems = [], []
        line = reader.line_num + 1
        for cells in reader:
            row_problem = _row_shape_problem(cells, len(header))
            if row_problem:
                problems.append(ImportProblem(line, row_problem))
            elif any(cell.strip() for cell in cells):
                values = {column: cells[i] for column, i in positions.items()}
                rows.append(CbsRow(line=line, **values))
            line = reader.line_num + 1
    except csv.Error as error:
        raise _file_error(
            gettext("%(file)s, line %(line)d: not readable as CSV: %(reason)s.")
            % {"file": source, "line": reader.line_num, "reason": error}
        ) from None
    if problems:
        raise CbsImportError(problems)
    if not rows:
        raise _file_error(
            gettext("%(file)s has a header row (line %(line)d) but no data rows.")
            % {"file": source, "line": header_line_number}
        )
    return rows


def _column_positions(header, source):
    names = [cell.strip().lower() for cell in header]
    duplicates = [c for c in CBS_COLUMNS if names.count(c) > 1]
    missing = [c for c in CBS_COLUMNS if c not in names]
    if missing or duplicates:
        if missing:
            message = ngettext(
                "%(file)s: the header row lacks the column %(missing)s; "
                "it must name %(required)s, separated by ';' or ','.",
                "%(file)s: the header row lacks the columns %(missing)s; "
                "it must name %(required)s, separated by ';' or ','.",
                len(missing),
            )
        else:
            message = gettext("%(file)s: the header row names %(duplicates)s more than once.")
        raise _file_error(
            message
            % {
                "file": source,
                "missing": ", ".join(missing),
                "required": ", ".join(CBS_COLUMNS),
                "duplicates": ", ".join(duplicates),
            }
        )
    return {column: names.index(column) for column in CBS_COLUMNS}


def _row_shape_problem(cells, expected):
    """Too few fields, or extra non-empty ones (an unquoted delimiter in a
    name shifts every later field). Empty trailing fields are fine."""
    if not cells or len(cells) == expected:
        return None
    if len(cells) > expected and not any(cell.strip() for cell in cells[expected:]):
        return None
    if len(cells) < expected and not any(cell.strip() for cell in cells):
        return None
    if len(cells) > expected:
        message = gettext(
            "has %(found)d fields but the header row has %(expected)d; "
            "put a name that contains the separator in double quotes."
        )
    else:
        message = gettext("has %(found)d fields but the header row has %(expected)d.")
    return message % {"found": len(cells), "expected": expected}


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
        self.code_validator = code_validator
        self.parent = parent
        self.name_field = model._meta.get_field("name")
        self.in_file = {}  # code -> (name, parent code, first line)
        self.existing = {}  # code -> (pk, name, parent code), see load_existing()

    def check(self, row):
        """The normalised (code, name) of ``row`` at this level, and its problems."""
        problems = []
        raw_code = (getattr(row, self.code_column) or "").strip()
        code = raw_code.upper()
        name = (getattr(row, self.name_column) or "").strip()
        try:
            if not code:
                raise ValidationError(self.model._meta.get_field("code").error_messages["blank"])
            self.code_validator(code)
        except ValidationError as error:
            problems.append(_cell_problem(row.line, self.code_column, raw_code, error))
            code = None
        try:
            self.name_field.clean(name, None)
            if any(character < " " for character in name):
                raise ValidationError(gettext("Remove the line break or control character."))
        except ValidationError as error:
            problems.append(_cell_problem(row.line, self.name_column, name, error))
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
        return ImportProblem(line, _cell_message(column, value, message))

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
                problems.append(
                    ImportProblem(line, _cell_message(self.code_column, code, message))
                )
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


def _cell_message(column, value, message):
    # One problem per output line: show a line break in a value as \n.
    value = "".join(repr(c)[1:-1] if c < " " else c for c in value)
    if value:
        return gettext("%(column)s '%(value)s': %(message)s") % {
            "column": column,
            "value": value,
            "message": message,
        }
    return gettext("%(column)s: %(message)s") % {"column": column, "message": message}


def _cell_problem(line, column, value, error):
    return ImportProblem(line, _cell_message(column, value, " ".join(error.messages)))


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
                    row_problems.append(_cell_problem(row.line, level.code_column, code, error))
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
