"""When to ring a door that was never answered: a slot unlike the earlier tries.

People are home at different times: someone who works days is never in on a
weekday morning, someone else only on Saturdays. Ringing at the same time
again finds the same empty house, so for an address where nobody opened the
next try should fall on a part of day, and then a weekday, that was not tried
yet (journey 5 of the product brief: "on varying days and times").

``suggest_next_try(attempts, today)`` is pure: no database, no clock, the
same answer for the same input. A *slot* is a weekday (Monday to Saturday;
nobody rings doors on Sunday) and a part of day:

=========  ===========
morning    09:00-12:00
afternoon  12:00-17:00
evening    17:00-20:00
=========  ===========

An attempt outside those hours counts for the nearest part (before nine is
morning, after eight is evening); an attempt on a Sunday counts for its part
of day but tries no weekday that can be suggested.

The candidates are the six slots' days in the week after ``today`` (from
tomorrow up to a week ahead: today's attempt has just failed and the function
does not know the time, so it never suggests a part of today that may have
passed). Each candidate is scored, lowest first:

1. how many attempts fell in its part of day (an untried part wins);
2. how many attempts fell on its weekday (then an untried weekday);
3. how many attempts fell in exactly that slot (when everything was tried,
   a combination not tried yet);
4. its date (the nearest upcoming day);
5. the order of the parts of day (morning before afternoon before evening).

Counting rather than yes/no makes the rule carry on sensibly once every part
and every weekday has been tried: the least tried wins.
"""

import datetime
from collections import Counter
from typing import NamedTuple

from django.utils.translation import gettext_lazy as _


class PartOfDay(NamedTuple):
    key: str
    start_hour: int
    end_hour: int
    label: str


MORNING = PartOfDay("morning", 9, 12, _("morning"))
AFTERNOON = PartOfDay("afternoon", 12, 17, _("afternoon"))
EVENING = PartOfDay("evening", 17, 20, _("evening"))
PARTS_OF_DAY = (MORNING, AFTERNOON, EVENING)

#: Monday to Saturday, as ``date.weekday()`` numbers them.
WORKING_WEEKDAYS = range(6)


class Suggestion(NamedTuple):
    """The next try: a date, its weekday (Monday is 0) and a part of day."""

    date: datetime.date
    weekday: int
    part_of_day: PartOfDay

    @property
    def label(self):
        """The part of day's translated name, e.g. "evening"."""
        return self.part_of_day.label


def part_of_day(moment):
    """The part of day of a time or datetime; hours outside 9-20 count for
    the nearest part."""
    if moment.hour < AFTERNOON.start_hour:
        return MORNING
    if moment.hour < EVENING.start_hour:
        return AFTERNOON
    return EVENING


def suggest_next_try(attempts, today):
    """The slot least like ``attempts`` in the week after ``today``.

    ``attempts`` are the datetimes, in local time, of earlier attempts where
    nobody answered; ``today`` is a date. Returns a ``Suggestion`` (a
    ``(date, weekday, part_of_day)`` tuple). See the module docstring for the
    rule."""
    attempts = list(attempts)
    per_part = Counter(part_of_day(moment).key for moment in attempts)
    per_weekday = Counter(moment.weekday() for moment in attempts)
    per_slot = Counter((moment.weekday(), part_of_day(moment).key) for moment in attempts)

    candidates = []
    for offset in range(1, 8):
        day = today + datetime.timedelta(days=offset)
        if day.weekday() not in WORKING_WEEKDAYS:
            continue
        for position, part in enumerate(PARTS_OF_DAY):
            score = (
                per_part[part.key],
                per_weekday[day.weekday()],
                per_slot[(day.weekday(), part.key)],
                day,
                position,
            )
            candidates.append((score, Suggestion(day, day.weekday(), part)))
    return min(candidates, key=lambda candidate: candidate[0])[1]
