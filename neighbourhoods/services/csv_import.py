"""Reading a CSV file to import, and saying what is wrong with it.

The imports in this package share their rules: UTF-8 (with or without a
byte order mark), fields separated by ';' or ',', a header row naming the
columns in any order and case, other columns ignored. A file is imported
completely or not at all: every problem found is an ``ImportProblem`` with
its line number, and ``CsvImportError`` carries all of them.
"""

import csv
import io
from dataclasses import dataclass
from pathlib import Path
from typing import NamedTuple

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext, ngettext

DELIMITERS = (";", ",")
BATCH_SIZE = 1000


class ImportProblem(NamedTuple):
    """Why (part of) a file cannot be imported; ``line`` is None for the file as a whole."""

    line: int | None
    message: str

    def __str__(self):
        if self.line is None:
            return self.message
        return gettext("line %(line)d: %(message)s") % {"line": self.line, "message": self.message}


class CsvImportError(Exception):
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

    def summary(self, label):
        """The line an import command prints for ``label`` (what was counted)."""
        return gettext(
            "%(label)s: %(created)d created, %(updated)d updated, %(unchanged)d unchanged."
        ) % {
            "label": label,
            "created": self.created,
            "updated": self.updated,
            "unchanged": self.unchanged,
        }


def _file_error(message):
    return CsvImportError([ImportProblem(None, message)])


def csv_rows_read(*, path, row_type):
    """The rows of the CSV file at ``path``, as ``row_type``s (see
    ``csv_rows_parse``). Raises ``CsvImportError``."""
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
    return csv_rows_parse(text=text, source=name, row_type=row_type)


def csv_rows_parse(*, text, source, row_type):
    """The rows of CSV ``text`` as ``row_type``s; ``source`` names it in messages.

    ``row_type`` is a ``NamedTuple`` whose first field, ``line``, is where a
    row starts (the header is line 1); its other fields are the columns the
    header row must name, but for those with a default, which may be absent.
    Blank rows are skipped. Raises ``CsvImportError``."""
    if not text.strip():
        raise _file_error(gettext("%(file)s is empty.") % {"file": source})
    header_line = next(line for line in text.splitlines() if line.strip())
    delimiter = max(DELIMITERS, key=header_line.count)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    try:
        header = next(row for row in reader if any(cell.strip() for cell in row))
        header_line_number = reader.line_num
        positions = _column_positions(header, source, row_type)
        rows, problems = [], []
        line = reader.line_num + 1
        for cells in reader:
            row_problem = _row_shape_problem(cells, len(header))
            if row_problem:
                problems.append(ImportProblem(line, row_problem))
            elif any(cell.strip() for cell in cells):
                values = {column: cells[i] for column, i in positions.items()}
                rows.append(row_type(line=line, **values))
            line = reader.line_num + 1
    except csv.Error as error:
        raise _file_error(
            gettext("%(file)s, line %(line)d: not readable as CSV: %(reason)s.")
            % {"file": source, "line": reader.line_num, "reason": error}
        ) from None
    if problems:
        raise CsvImportError(problems)
    if not rows:
        raise _file_error(
            gettext("%(file)s has a header row (line %(line)d) but no data rows.")
            % {"file": source, "line": header_line_number}
        )
    return rows


def _column_positions(header, source, row_type):
    """Column -> its index in ``header``, for every column ``row_type`` has
    that the header names."""
    columns = row_type._fields[1:]
    required = [c for c in columns if c not in row_type._field_defaults]
    names = [cell.strip().lower() for cell in header]
    duplicates = [c for c in columns if names.count(c) > 1]
    missing = [c for c in required if c not in names]
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
                "required": ", ".join(required),
                "duplicates": ", ".join(duplicates),
            }
        )
    return {column: names.index(column) for column in columns if column in names}


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


# Checking the cells of a row. A ``clean`` function takes the stripped text
# of a cell and returns its value or raises ``ValidationError``.


def cell_message(column, value, message):
    """``message`` about ``value`` in ``column``, on one line."""
    # One problem per output line: show a line break in a value as \n.
    value = "".join(repr(c)[1:-1] if c < " " else c for c in value)
    if value:
        return gettext("%(column)s '%(value)s': %(message)s") % {
            "column": column,
            "value": value,
            "message": message,
        }
    return gettext("%(column)s: %(message)s") % {"column": column, "message": message}


def cell_clean(problems, row, column, clean):
    """``clean()`` of the stripped text of ``column`` in ``row``; if it raises
    ``ValidationError``, None, and the problem is appended to ``problems``."""
    value = (getattr(row, column) or "").strip()
    try:
        return clean(value)
    except ValidationError as error:
        problems.append(cell_problem(row.line, column, value, error))
        return None


def cell_problem(line, column, value, error):
    """The ``ImportProblem`` of ``ValidationError`` ``error`` about ``value``."""
    return ImportProblem(line, cell_message(column, value, " ".join(error.messages)))


def required(value):
    """Raise the message of an empty required model field if ``value`` is empty."""
    if not value:
        raise ValidationError(models.Field.default_error_messages["blank"], code="blank")


def text_clean(field, value):
    """``value`` if the model ``field`` accepts it (not blank unless allowed,
    not too long) and it has no line break or other control character."""
    field.clean(value, None)
    if any(character < " " for character in value):
        raise ValidationError(gettext("Remove the line break or control character."))
    return value
