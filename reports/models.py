import uuid

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from buurtwerk.models import Timestamped
from neighbourhoods.scoping import ScopedQuerySet
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


class StoryQuerySet(ScopedQuerySet):
    neighbourhood_lookup = "neighbourhood"


class Story(Timestamped):
    """A story beside the numbers: a short text a worker writes for the
    report about a conversation or the end of a match, anonymised by them
    (no names, addresses or details that point at someone), told with the
    resident's consent to share it. The period report lists the stories of
    its period. An erasure of the resident, or of anyone in the
    conversation or match, deletes the story
    (``privacy.services.anonymise``)."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    neighbourhood = models.ForeignKey(
        "neighbourhoods.Neighbourhood",
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("neighbourhood"),
    )
    resident = models.ForeignKey(
        "contacts.Resident",
        on_delete=models.CASCADE,
        related_name="stories",
        verbose_name=_("resident who agreed"),
    )
    conversation = models.ForeignKey(
        "contacts.Conversation",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("conversation"),
    )
    match = models.ForeignKey(
        "matches.Match",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("match"),
    )
    told_on = models.DateField(_("date"))
    text = models.TextField(_("story"), max_length=1000)
    consent_to_share = models.BooleanField(_("the resident agreed to share it"))
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("written by"),
    )

    objects = StoryQuerySet.as_manager()

    class Meta:
        verbose_name = _("story")
        verbose_name_plural = _("stories")
        ordering = ["-told_on", "-created_at"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(conversation__isnull=False, match__isnull=True)
                | models.Q(conversation__isnull=True, match__isnull=False),
                name="story_about_conversation_or_match",
            ),
            models.CheckConstraint(
                condition=models.Q(consent_to_share=True), name="story_shared_with_consent"
            ),
            models.CheckConstraint(condition=models.Q(text__regex=r"\S"), name="story_has_text"),
        ]
        indexes = [models.Index(fields=["neighbourhood", "told_on"], name="story_nbh_day")]

    def __str__(self):
        return f"{self.told_on:%Y-%m-%d}: {self.text[:40]}"
