"""``{% load rounds %}``: what the round page writes for every door, as tags
written in Python. ``{% attempts_summary address %}``: how many attempts
so far and the last one; ``{% attempt_line knock %}``: one of them, with
the day, the time, the part of the day, the outcome and who knocked;
``{% older_attempts address %}``: how many earlier ones are not listed;
``{% outcome_legend address %}``: the name of the door's outcome buttons
for a screen reader. A large round shows about 70 doors and 200 attempts;
as template nodes each line took a dozen, and the lines were most of the
page's time. No query (the selector loads the streets and the workers' names and sets
``part_of_day``, ``attempt_count`` and ``older_attempt_count``:
``contacts.selectors.rounds``)."""

from django import template
from django.utils import timezone
from django.utils.formats import date_format, time_format
from django.utils.html import format_html
from django.utils.translation import gettext, ngettext

from contacts.models import DoorKnock

register = template.Library()


def _outcome(knock):
    # What get_outcome_display() gives, without building a dict of the
    # choices (and translating every one) on each call.
    return DoorKnock.Outcome(knock.outcome).label


@register.simple_tag
def attempt_line(knock):
    at = timezone.localtime(knock.knocked_at)
    workers = knock.worker_name
    if knock.second_worker_name:
        workers = f"{workers}, {knock.second_worker_name}"
    return format_html(
        '{} {} ({}) · <span class="fw-semibold text-nowrap">{}</span> · {}',
        date_format(at, "D j-n-Y"),
        time_format(at, "H:i"),
        knock.part_of_day.label,
        _outcome(knock),
        workers,
    )


@register.simple_tag
def attempts_summary(address):
    count = address.attempt_count
    last = address.attempts[0]
    attempts = ngettext("%(counter)s attempt so far", "%(counter)s attempts so far", count) % {
        "counter": count
    }
    return format_html(
        "{} · {} {}",
        attempts,
        date_format(timezone.localtime(last.knocked_at), "j-n"),
        _outcome(last),
    )


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
