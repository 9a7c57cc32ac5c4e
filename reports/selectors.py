"""Reads for the period report: the figures of a period and the one before
it side by side, with the planned figures (targets) of the scope."""

import dataclasses
import datetime

from django.db.models import Exists, OuterRef, Q, Sum
from django.utils.formats import number_format

from neighbourhoods.models import Team
from reports import indicators
from reports.models import Target
from reports.stories import stories_for_report


def show(indicator, value):
    """A figure as the page shows it: a share as a percentage, a ratio with
    one decimal, a count as it is, nothing as a dash."""
    if value is None:
        return "\u2013"  # an en dash
    if value == indicators.SUPPRESSED:
        return value
    if indicator.kind == "share":
        return f"{value:.0%}"
    if indicator.kind == "ratio":
        return number_format(value, 1)
    return number_format(value, force_grouping=True)


@dataclasses.dataclass
class Row:
    indicator: indicators.Indicator
    value: object
    previous: object
    planned: object = None

    @property
    def shown(self):
        return show(self.indicator, self.value)

    @property
    def shown_previous(self):
        return show(self.indicator, self.previous)

    @property
    def change(self):
        """The difference with the previous period (counts only), or None."""
        if self.indicator.is_count and self.value is not None and self.previous is not None:
            return self.value - self.previous
        return None


@dataclasses.dataclass
class Report:
    scope: object
    period: object
    previous_period: object
    figures: indicators.Figures
    previous: indicators.Figures
    planned: dict
    #: [(month, conversations, door knocks)] of the period.
    trend: list
    #: The stories told in the period (``reports.stories``).
    stories: list

    def groups(self):
        """[(group label, [Row])] in the order of ``indicators.INDICATORS``."""
        groups = {}
        for indicator in indicators.INDICATORS:
            groups.setdefault(str(indicator.group), []).append(
                Row(
                    indicator,
                    self.figures.values.get(indicator.key),
                    self.previous.values.get(indicator.key),
                    self.planned.get(indicator.key),
                )
            )
        return list(groups.items())

    def breakdowns(self):
        """[(key, label, [(label, value, previous)])]: the breakdowns, the
        previous period's count beside each line (0 when it had none)."""
        result = []
        for key, label in indicators.BREAKDOWNS:
            now = self.figures.breakdowns.get(key, [])
            before = dict(self.previous.breakdowns.get(key, []))
            lines = [(name, value, before.pop(name, 0)) for name, value in now]
            lines += [(name, 0, value) for name, value in before.items()]
            result.append((key, label, lines))
        return result


def _year_share(period, year):
    """The part of ``year`` that ``period`` covers, as a fraction."""
    start = max(period.start, datetime.date(year, 1, 1))
    end = min(period.end, datetime.date(year + 1, 1, 1))
    days = (datetime.date(year + 1, 1, 1) - datetime.date(year, 1, 1)).days
    return max((end - start).days, 0) / days


def planned_figures(scope, period):
    """{indicator key: planned count} for ``scope`` and ``period``: the
    targets of the neighbourhoods in the scope and of the teams that work
    only inside it, summed, each year's target taking the part of the year
    the period covers (rounded). One query."""
    years = range(period.start.year, period.last_day.year + 1)
    targets = Target.objects.filter(year__in=list(years))
    if scope.neighbourhood_ids is not None:
        outside = Team.neighbourhoods.through.objects.filter(team=OuterRef("team")).exclude(
            neighbourhood__in=scope.neighbourhood_ids
        )
        targets = targets.filter(
            Q(neighbourhood__in=scope.neighbourhood_ids) | Q(team__isnull=False)
        ).exclude(Q(team__isnull=False) & Exists(outside))
    planned = {}
    for row in targets.values("indicator", "year").annotate(total=Sum("planned")).order_by():
        share = _year_share(period, row["year"])
        planned[row["indicator"]] = planned.get(row["indicator"], 0) + row["total"] * share
    return {key: round(value) for key, value in planned.items()}


def period_report(*, scope, period, today):
    """The figures of ``period`` and of the one before, and the planned
    ones, and the trend per month. ``indicators.compute_periods`` of both
    periods, one query for the targets, two for the trend, one for the
    stories."""
    previous_period = period.previous()
    figures, previous = indicators.compute_periods(scope, [period, previous_period], today=today)
    return Report(
        scope=scope,
        period=period,
        previous_period=previous_period,
        figures=figures,
        previous=previous,
        planned=planned_figures(scope, period),
        trend=indicators.trend(scope, period),
        stories=stories_for_report(scope, period),
    )
