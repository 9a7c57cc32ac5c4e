"""``{% load rounds %}``: what the round page writes for every door, as tags
written in Python. ``{% attempts_summary address %}``: how many attempts
so far and the last one; ``{% attempt_line knock %}``: one of them, with
the day, the time, the part of the day, the outcome and who knocked;
``{% older_attempts address %}``: how many earlier ones are not listed;
``{% outcome_legend address %}``: the name of the door's outcome buttons
for a screen reader; ``{% outcome_label knock %}`` and ``{% clock knock %}``:
a knock's outcome and its time ("14:05"), as ``get_outcome_display`` and
``|time:"H:i"`` give them. A large round shows about 70 doors and 200 attempts;
as template nodes each line took a dozen, and the lines were most of the
page's time. No query (the selector loads the streets and the workers' names and sets
``part_of_day``, ``attempt_count`` and ``older_attempt_count``:
``contacts.selectors.rounds``)."""

import functools

from django import template
from django.utils import timezone
from django.utils.dates import WEEKDAYS_ABBR
from django.utils.html import format_html
from django.utils.translation import get_language, gettext, ngettext

from contacts import next_try
from contacts.models import DoorKnock

register = template.Library()


@functools.lru_cache(maxsize=16)
def _words(language):
    """The words every line repeats, translated once per language (each
    lazy label translated again on every use was a tenth of the page's
    time): the outcomes by value, the parts of the day by key and the
    short weekday names (as the date filter's "D" writes them)."""
    return (
        {outcome.value: str(outcome.label) for outcome in DoorKnock.Outcome},
        {part.key: str(part.label) for part in next_try.PARTS_OF_DAY},
        [str(WEEKDAYS_ABBR[day]) for day in range(7)],
    )


def _outcome(knock):
    return _words(get_language())[0][knock.outcome]


@register.simple_tag
def outcome_label(knock):
    return _outcome(knock)


def _hours_minutes(at):
    return f"{at.hour:02}:{at.minute:02}"


@register.simple_tag
def clock(knock):
    return _hours_minutes(timezone.localtime(knock.knocked_at))


@register.simple_tag
def attempt_line(knock):
    outcomes, parts, weekdays = _words(get_language())
    at = timezone.localtime(knock.knocked_at)
    workers = knock.worker_name
    if knock.second_worker_name:
        workers = f"{workers}, {knock.second_worker_name}"
    # The date filter's "D j-n-Y" and "H:i", without its parser per call.
    return format_html(
        '{} {}-{}-{} {} ({}) · <span class="fw-semibold text-nowrap">{}</span> · {}',
        weekdays[at.weekday()],
        at.day,
        at.month,
        at.year,
        _hours_minutes(at),
        parts[knock.part_of_day.key],
        outcomes[knock.outcome],
        workers,
    )


@register.simple_tag
def attempts_summary(address):
    count = address.attempt_count
    last = address.attempts[0]
    attempts = ngettext("%(counter)s attempt so far", "%(counter)s attempts so far", count) % {
        "counter": count
    }
    at = timezone.localtime(last.knocked_at)
    return format_html("{} · {}-{} {}", attempts, at.day, at.month, _outcome(last))


@register.simple_tag
def older_attempts(address):
    count = address.older_attempt_count
    return ngettext(
        "and %(counter)s earlier attempt", "and %(counter)s earlier attempts", count
    ) % {"counter": count}


@register.simple_tag
def outcome_legend(address):
    return gettext("Outcome at %(street)s %(number)s") % {
        "street": address.street.name,
        "number": address.house_number,
    }
