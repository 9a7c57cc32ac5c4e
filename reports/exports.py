"""The period report as a table for funders: CSV and XLSX, the same rows.

Aggregates only, never a name or an id of a resident. Small numbers are
suppressed: a count from 1 to 4 is written "< 5" (``indicators.suppress``),
and a share or ratio computed from a suppressed count is left empty, so it
cannot be used to work the count out again. 0 and counts of 5 or more are
written as they are. The lines of a breakdown are suppressed the same way."""

import csv
import io

from django.utils.translation import gettext as _

from reports import indicators


def _share(indicator, value):
    if value is None or value == indicators.SUPPRESSED:
        return value
    if indicator.kind == "share":
        return round(value, 3)
    if indicator.kind == "ratio":
        return round(value, 2)
    return value


def table(report):
    """The header and the rows of ``report``, suppressed, as lists."""
    header = [
        _("Group"),
        _("Indicator"),
        report.period.label,
        report.previous_period.label,
        _("Planned"),
        _("Definition"),
    ]
    rows = []
    for group, group_rows in report.groups():
        for row in group_rows:
            indicator = row.indicator
            now = indicators.suppressed_value(indicator, report.figures.values)
            before = indicators.suppressed_value(indicator, report.previous.values)
            planned = row.planned if indicator.is_count else None
            rows.append(
                [
                    str(group),
                    str(indicator.label),
                    _share(indicator, now),
                    _share(indicator, before),
                    planned,
                    str(indicator.definition),
                ]
            )
    for _key, label, lines in report.breakdowns():
        for name, value, previous in lines:
            rows.append(
                [
                    str(label),
                    str(name),
                    indicators.suppress(value),
                    indicators.suppress(previous),
                    None,
                    "",
                ]
            )
    return header, rows


def _title(report):
    return [
        _("Buurtwerk report: %(scope)s, %(period)s")
        % {"scope": report.scope.label, "period": report.period.label},
    ]


def _note():
    return [_("Counts from 1 to 4 are shown as < 5 (small-number suppression).")]


def as_csv(report):
    """The report as CSV text (UTF-8 with a byte-order mark, for Excel)."""
    header, rows = table(report)
    out = io.StringIO()
    out.write("\ufeff")
    writer = csv.writer(out)
    writer.writerow(_title(report))
    writer.writerow(_note())
    writer.writerow(header)
    for row in rows:
        writer.writerow(["" if cell is None else cell for cell in row])
    return out.getvalue()


def as_xlsx(report):
    """The report as the bytes of an XLSX workbook with one sheet."""
    from openpyxl import Workbook
    from openpyxl.styles import Font

    header, rows = table(report)
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = _("Report")[:31]
    sheet.append(_title(report))
    sheet["A1"].font = Font(bold=True)
    sheet.append(_note())
    sheet.append(header)
    for cell in sheet[3]:
        cell.font = Font(bold=True)
    for row in rows:
        sheet.append(row)
    for column, width in zip("ABCDEF", (22, 36, 14, 14, 10, 80), strict=True):
        sheet.column_dimensions[column].width = width
    sheet.freeze_panes = "C4"
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()
