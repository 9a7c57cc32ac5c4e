"""Activities: an initiative's meetings and one-off neighbourhood
activities (a clean-up afternoon, a street party), with who was there:
named residents, each only with their consent to store data, and a
headcount of everyone else, which names nobody."""

import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from buurtwerk.models import CreatedByUser
from buurtwerk.versioning import Versioned
from neighbourhoods.scoping import ScopedQuerySet


class ActivityQuerySet(ScopedQuerySet):
    neighbourhood_lookup = "neighbourhood"

    def held_by(self, day):
        """Activities on or before ``day``: those attendance can be recorded for."""
        return self.filter(held_on__lte=day)


class ActivityKind(models.TextChoices):
    """A meeting of an initiative or a one-off activity (``Activity.Kind``).
    At module level, so that the model's ``Meta`` constraints can use it."""

    MEETING = "meeting", _("meeting of an initiative")
    ACTIVITY = "activity", _("one-off neighbourhood activity")


class Activity(Versioned, CreatedByUser):
    """Something that happens on a day at a place: a meeting of an
    initiative (``initiative`` required) or a one-off activity in a
    neighbourhood (which may belong to an initiative too). Reports
    (meldingen) it came of link it (``Report.activities``)."""

    Kind = ActivityKind

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    kind = models.CharField(_("kind"), max_length=8, choices=Kind, default=Kind.ACTIVITY)
    initiative = models.ForeignKey(
        "contacts.Initiative",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="activities",
        verbose_name=_("initiative"),
    )
    neighbourhood = models.ForeignKey(
        "neighbourhoods.Neighbourhood",
        on_delete=models.PROTECT,
        related_name="activities",
        verbose_name=_("neighbourhood"),
    )
    title = models.CharField(_("what"), max_length=120, help_text=_("e.g. Clean-up afternoon"))
    held_on = models.DateField(_("date"))
    starts_at = models.TimeField(_("time"), null=True, blank=True)
    place = models.CharField(
        _("place"), max_length=200, blank=True, help_text=_("e.g. Buurthuis, the stairwell")
    )
    description = models.TextField(
        _("notes"),
        max_length=2000,
        blank=True,
        help_text=_("What was done, what was agreed. No names: who was there is below."),
    )
    headcount = models.PositiveIntegerField(
        _("others there"),
        default=0,
        db_default=0,
        help_text=_("Everyone there who is not named: a count only."),
    )

    objects = ActivityQuerySet.as_manager()

    class Meta:
        verbose_name = _("activity")
        verbose_name_plural = _("activities")
        ordering = ["-held_on", "-starts_at"]
        indexes = [
            # A neighbourhood's activities, latest first, and the period reports.
            models.Index(fields=["neighbourhood", "-held_on"], name="activity_per_nbh"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(kind__in=ActivityKind.values), name="activity_kind_valid"
            ),
            models.CheckConstraint(
                condition=~models.Q(kind=ActivityKind.MEETING)
                | models.Q(initiative__isnull=False),
                name="activity_meeting_has_initiative",
            ),
            models.CheckConstraint(
                condition=models.Q(title__regex=r"\S"), name="activity_has_title"
            ),
            models.CheckConstraint(
                condition=models.Q(headcount__gte=0), name="activity_headcount_not_negative"
            ),
        ]

    def __str__(self):
        return f"{self.title}, {self.held_on:%d-%m-%Y}"


class ActivityOrganiser(models.Model):
    """A resident who organises an activity (before or after it took
    place); recorded about them, so only with their consent to store data.
    A row of its own, not a many-to-many field, so that the activity itself
    points at nobody (the admin shows activities, never residents)."""

    activity = models.ForeignKey(
        Activity,
        on_delete=models.CASCADE,
        related_name="organisers",
        verbose_name=_("activity"),
    )
    resident = models.ForeignKey(
        "contacts.Resident",
        on_delete=models.CASCADE,
        related_name="activities_organised",
        verbose_name=_("resident"),
    )
    added_at = models.DateTimeField(_("added at"), auto_now_add=True)

    class Meta:
        verbose_name = _("organiser of an activity")
        verbose_name_plural = _("organisers of activities")
        constraints = [
            models.UniqueConstraint(
                fields=["activity", "resident"], name="activity_organised_once"
            ),
        ]

    def __str__(self):
        return f"{self.resident} @ {self.activity}"


class ActivityAttendance(models.Model):
    """A named resident who was at an activity; recorded about them, so only
    with their consent to store data (``Resident.may_be_recorded``)."""

    activity = models.ForeignKey(
        Activity,
        on_delete=models.CASCADE,
        related_name="attendances",
        verbose_name=_("activity"),
    )
    resident = models.ForeignKey(
        "contacts.Resident",
        on_delete=models.CASCADE,
        related_name="activity_attendances",
        verbose_name=_("resident"),
    )
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("added by"),
    )
    added_at = models.DateTimeField(_("added at"), auto_now_add=True)

    class Meta:
        verbose_name = _("attendance")
        verbose_name_plural = _("attendance")
        constraints = [
            models.UniqueConstraint(
                fields=["activity", "resident"], name="activity_attended_once"
            ),
        ]

    def __str__(self):
        return f"{self.resident} @ {self.activity}"
