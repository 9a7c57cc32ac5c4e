from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from buurtwerk.models import Timestamped
from reports.indicators import indicator_choices


class DecisionsSeen(models.Model):
    """When a worker last marked the decisions on their proposals as seen:
    My day lists the ones decided after it."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        primary_key=True,
        related_name="+",
        verbose_name=_("user"),
    )
    seen_at = models.DateTimeField(_("seen at"), default=timezone.now)

    class Meta:
        verbose_name = _("decisions seen")
        verbose_name_plural = _("decisions seen")

    def __str__(self):
        return f"{self.user_id}: {self.seen_at:%Y-%m-%d %H:%M}"


class Target(Timestamped):
    """A planned figure for one indicator, one year, and one neighbourhood
    or one team: the period report shows planned against realised. Set by
    an admin in Django admin. The planned figure of a report's scope is the
    sum of the targets of the neighbourhoods and teams inside it; a month or
    quarter gets its part of the year by days."""

    indicator = models.CharField(_("indicator"), max_length=60, choices=indicator_choices)
    year = models.PositiveSmallIntegerField(_("year"))
    neighbourhood = models.ForeignKey(
        "neighbourhoods.Neighbourhood",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("neighbourhood"),
    )
    team = models.ForeignKey(
        "neighbourhoods.Team",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("team"),
    )
    planned = models.PositiveIntegerField(_("planned"))

    class Meta:
        verbose_name = _("target")
        verbose_name_plural = _("targets")
        ordering = ["-year", "indicator"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(neighbourhood__isnull=False, team__isnull=True)
                | models.Q(neighbourhood__isnull=True, team__isnull=False),
                name="target_neighbourhood_or_team",
            ),
            models.CheckConstraint(
                condition=models.Q(year__gte=2000, year__lte=2100), name="target_year_sensible"
            ),
            models.UniqueConstraint(
                fields=["indicator", "year", "neighbourhood"],
                condition=models.Q(neighbourhood__isnull=False),
                name="target_once_per_neighbourhood",
            ),
            models.UniqueConstraint(
                fields=["indicator", "year", "team"],
                condition=models.Q(team__isnull=False),
                name="target_once_per_team",
            ),
        ]

    def __str__(self):
        return f"{self.get_indicator_display()} {self.year}: {self.planned}"
