"""The period of a report: a month, a quarter, a year or a range of days,
and the period before it of the same length (for the comparison).

A period is a half-open range of local dates ``[start, end)``; its
``bounds()`` are the aware datetimes of local midnight at both ends, so a
conversation at 23:59 on the last day counts and one at 00:00 the day
after does not, whatever the time of year."""

import dataclasses
import datetime
import re

from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _


def add_months(day, months):
    """``day`` moved by ``months`` (negative: back), clamped to the month's
    last day (31 January + 1 month is 28 or 29 February), as PostgreSQL's
    ``date + interval 'n months'`` does."""
    month_index = day.year * 12 + day.month - 1 + months
    year, month = divmod(month_index, 12)
    month += 1
    following = datetime.date(year + month // 12, month % 12 + 1, 1)
    last = (following - datetime.timedelta(days=1)).day
    return datetime.date(year, month, min(day.day, last))


@dataclasses.dataclass(frozen=True)
class Period:
    kind: str  # "month", "quarter", "year" or "range"
    start: datetime.date
    end: datetime.date  # exclusive

    @property
    def last_day(self):
        return self.end - datetime.timedelta(days=1)

    @property
    def days(self):
        return (self.end - self.start).days

    @property
    def months(self):
        """The length of a calendar month, quarter or year in months; None
        for a range of days."""
        return {"month": 1, "quarter": 3, "year": 12}.get(self.kind)

    def bounds(self):
        """The aware datetimes of local midnight at the start and the end."""
        zone = timezone.get_current_timezone()
        return (
            datetime.datetime.combine(self.start, datetime.time(), tzinfo=zone),
            datetime.datetime.combine(self.end, datetime.time(), tzinfo=zone),
        )

    def previous(self):
        """The period just before this one: the month, quarter or year
        before, or a range of as many days ending where this one starts."""
        if self.kind == "range":
            return Period("range", self.start - datetime.timedelta(days=self.days), self.start)
        return Period(self.kind, add_months(self.start, -self.months), self.start)

    @property
    def code(self):
        """The period as it goes in the URL: ``2026-03``, ``2026-K1``,
        ``2026``, or ``2026-01-01_2026-02-15`` (both days included)."""
        if self.kind == "month":
            return f"{self.start:%Y-%m}"
        if self.kind == "quarter":
            return f"{self.start.year}-K{(self.start.month - 1) // 3 + 1}"
        if self.kind == "year":
            return str(self.start.year)
        return f"{self.start.isoformat()}_{self.last_day.isoformat()}"

    @property
    def label(self):
        if self.kind == "month":
            return date_format(self.start, "F Y")
        if self.kind == "quarter":
            return _("Q%(quarter)s %(year)s") % {
                "quarter": (self.start.month - 1) // 3 + 1,
                "year": self.start.year,
            }
        if self.kind == "year":
            return str(self.start.year)
        return _("%(start)s to %(end)s") % {
            "start": date_format(self.start, "j M Y"),
            "end": date_format(self.last_day, "j M Y"),
        }


#: The longest range of days a report covers.
MAX_RANGE_DAYS = 366 * 5


def month(year, number):
    start = datetime.date(year, number, 1)
    return Period("month", start, add_months(start, 1))


def quarter(year, number):
    start = datetime.date(year, 3 * (number - 1) + 1, 1)
    return Period("quarter", start, add_months(start, 3))


def year(number):
    return Period("year", datetime.date(number, 1, 1), datetime.date(number + 1, 1, 1))


def last_quarter(today):
    """The last whole quarter before ``today``."""
    this = quarter(today.year, (today.month - 1) // 3 + 1)
    return this.previous()


def parse(code):
    """The Period for ``code`` (see ``Period.code``), or None."""
    code = (code or "").strip()
    try:
        if m := re.fullmatch(r"(\d{4})-(\d{2})", code):
            return month(int(m[1]), int(m[2]))
        if m := re.fullmatch(r"(\d{4})-[KkQq]([1-4])", code):
            return quarter(int(m[1]), int(m[2]))
        if m := re.fullmatch(r"(\d{4})", code):
            return year(int(m[1]))
        if m := re.fullmatch(r"(\d{4}-\d{2}-\d{2})_(\d{4}-\d{2}-\d{2})", code):
            start = datetime.date.fromisoformat(m[1])
            last = datetime.date.fromisoformat(m[2])
            return from_range(start, last)
    except ValueError:
        return None
    return None


def from_range(start, last):
    """The range of days from ``start`` to ``last``, both included, or None
    when it is empty or longer than MAX_RANGE_DAYS."""
    if last < start or (last - start).days >= MAX_RANGE_DAYS:
        return None
    if start.year < 1900 or last.year > 9000:
        return None
    return Period("range", start, last + datetime.timedelta(days=1))
