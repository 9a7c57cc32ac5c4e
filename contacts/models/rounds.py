import calendar

from django.conf import settings
from django.contrib.postgres.fields import ArrayField
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from buurtwerk import languages as language_list
from neighbourhoods.scoping import ScopedQuerySet


class RoundQuerySet(ScopedQuerySet):
    neighbourhood_lookup = "neighbourhood"

    def for_worker(self, user):
        return self.filter(models.Q(worker=user) | models.Q(second_worker=user))


class Round(models.Model):
    """A planned door-knocking round: a set of addresses in one
    neighbourhood, on one date, by one or two workers, and perhaps an
    external coach (a name and the languages they speak: someone from
    outside the team, such as a mother who speaks Moroccan Arabic, who
    has no account)."""

    neighbourhood = models.ForeignKey(
        "neighbourhoods.Neighbourhood",
        on_delete=models.PROTECT,
        related_name="rounds",
        verbose_name=_("neighbourhood"),
    )
    planned_for = models.DateField(_("date"))
    addresses = models.ManyToManyField(
        "neighbourhoods.Address", related_name="rounds", verbose_name=_("addresses")
    )
    worker = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="rounds",
        verbose_name=_("worker"),
    )
    second_worker = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="second_rounds",
        null=True,
        blank=True,
        verbose_name=_("second worker"),
    )
    note = models.CharField(_("note"), max_length=200, blank=True)
    coach_name = models.CharField(
        _("coach"),
        max_length=100,
        blank=True,
        db_default="",
        help_text=_("Someone from outside the team who comes along, such as a language coach."),
    )
    coach_languages = ArrayField(
        models.CharField(max_length=3, choices=language_list.LANGUAGES),
        verbose_name=_("coach's languages"),
        default=list,
        db_default=[],  # rows written with COPY (the demo's writer) leave it out
        blank=True,
        validators=[language_list.validate_codes],
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("created by"),
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    objects = RoundQuerySet.as_manager()

    class Meta:
        verbose_name = _("door-knocking round")
        verbose_name_plural = _("door-knocking rounds")
        ordering = ["-planned_for"]
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(second_worker=models.F("worker")),
                name="round_two_different_workers",
            ),
            models.CheckConstraint(
                condition=~models.Q(coach_name="") | models.Q(coach_languages=[]),
                name="round_coach_languages_need_a_coach",
            ),
        ]
        indexes = [models.Index(fields=["worker", "planned_for"], name="round_worker_date")]

    def __str__(self):
        return f"{self.neighbourhood}, {self.planned_for:%d-%m-%Y}"

    @property
    def coach_language_names(self):
        """The coach's languages by name, in the active language."""
        return language_list.names(self.coach_languages)


def months_before(moment, months):
    """``moment`` (a date or datetime) ``months`` calendar months earlier,
    on the last day of that month when it is shorter."""
    month_index = moment.year * 12 + moment.month - 1 - months
    year, month = divmod(month_index, 12)
    month += 1
    days_in_month = calendar.monthrange(year, month)[1]
    return moment.replace(year=year, month=month, day=min(moment.day, days_in_month))


def declined_rest_start(now=None):
    """Since when a "declined" keeps its door out of suggested and planned
    rounds: ``DECLINED_REST_MONTHS`` calendar months before ``now`` (by
    default the present), in local time."""
    return months_before(timezone.localtime(now), settings.DECLINED_REST_MONTHS)


class DoorKnockQuerySet(ScopedQuerySet):
    neighbourhood_lookup = "address__street__neighbourhood"

    def declined_resting(self, now=None):
        """The "declined" knocks recent enough to keep their door out of
        suggested and planned rounds (the one place of that rule)."""
        return self.filter(
            outcome=DoorKnockOutcome.DECLINED, knocked_at__gte=declined_rest_start(now)
        )


class DoorKnockOutcome(models.TextChoices):
    """How a door knock went (``DoorKnock.Outcome``).
    At module level, so that the model's ``Meta`` constraints can use it."""

    NOT_HOME = "not_home", _("not home")
    SPOKE = "spoke", _("spoke")
    DECLINED = "declined", _("declined")
    COME_BACK = "come_back", _("come back later")
    MOVED = "moved", _("moved or empty")

    @property
    def answered(self):
        return self != self.NOT_HOME


class DoorKnock(models.Model):
    """One attempt at one door, by one or two workers, with its outcome."""

    Outcome = DoorKnockOutcome

    address = models.ForeignKey(
        "neighbourhoods.Address",
        on_delete=models.PROTECT,
        related_name="door_knocks",
        verbose_name=_("address"),
    )
    round = models.ForeignKey(
        Round,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="door_knocks",
        verbose_name=_("round"),
    )
    knocked_at = models.DateTimeField(_("when"))
    outcome = models.CharField(_("outcome"), max_length=10, choices=Outcome)
    worker = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="door_knocks",
        verbose_name=_("worker"),
    )
    second_worker = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
        verbose_name=_("second worker"),
    )
    resident = models.ForeignKey(
        "contacts.Resident",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="door_knocks",
        verbose_name=_("resident"),
        help_text=_("Who opened the door, when known."),
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    objects = DoorKnockQuerySet.as_manager()

    class Meta:
        verbose_name = _("door knock")
        verbose_name_plural = _("door knocks")
        ordering = ["-knocked_at"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(outcome__in=DoorKnockOutcome.values),
                name="door_knock_outcome_valid",
            ),
            models.CheckConstraint(
                condition=~models.Q(second_worker=models.F("worker")),
                name="door_knock_two_different_workers",
            ),
        ]
        indexes = [
            models.Index(fields=["address", "knocked_at"], name="door_knock_address_time"),
            # A worker's knocks of the last weeks (the team lead's home page).
            models.Index(fields=["worker", "knocked_at"], name="door_knock_worker_time"),
            # The period report's knocks, answered ones and their addresses.
            models.Index(
                fields=["knocked_at"],
                include=["address", "outcome"],
                name="door_knock_time",
            ),
        ]

    def __str__(self):
        return f"{self.address}: {self.get_outcome_display()}"


class DoorKnockSummary(models.Model):
    """The door knocks at one address, summed up: how many, whether anyone
    spoke or answered, the latest. One row per address that was ever
    knocked on, so coverage reads one row per address instead of grouping
    every knock at every request.

    Kept by ``contacts.services.rounds.door_knock_summaries_add``, in the
    transaction that writes the knocks: every service that writes door
    knocks calls it, and the demo calls it after loading its knocks. Door
    knocks never change address or time; the round's undo, which deletes a
    knock or changes its outcome, recomputes the summary of that address
    (``door_knock_summary_recompute``)."""

    address = models.OneToOneField(
        "neighbourhoods.Address",
        on_delete=models.CASCADE,
        primary_key=True,
        related_name="door_knock_summary",
        verbose_name=_("address"),
    )
    knocks = models.PositiveIntegerField(_("door knocks"))
    # Whether a knock had the outcome "spoke"; any outcome but "not home".
    spoke = models.BooleanField(_("spoke"))
    answered = models.BooleanField(_("answered"))
    last_knock = models.DateTimeField(_("last door knock"))

    class Meta:
        verbose_name = _("door-knock summary")
        verbose_name_plural = _("door-knock summaries")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(knocks__gte=1), name="door_knock_summary_knocked"
            ),
            models.CheckConstraint(
                condition=models.Q(spoke=False) | models.Q(answered=True),
                name="door_knock_summary_spoke_answered",
            ),
        ]

    def __str__(self):
        return f"{self.address}: {self.knocks}"


class DoorKnockCorrectionAction(models.TextChoices):
    """What a correction did to a door knock (``DoorKnockCorrection.Action``)."""

    UNDONE = "undone", _("undone")
    CHANGED = "changed", _("outcome changed")


class DoorKnockCorrection(models.Model):
    """The log of a door knock corrected through the round's undo: undone
    (the knock deleted) or its outcome changed, by whom and when, with the
    knock as it was. Written by ``contacts.services.rounds``, never changed.

    The knock's id is kept as a number, not a foreign key: an undone knock
    no longer exists."""

    Action = DoorKnockCorrectionAction

    door_knock_id = models.BigIntegerField(_("door knock"))
    address = models.ForeignKey(
        "neighbourhoods.Address",
        on_delete=models.PROTECT,
        related_name="door_knock_corrections",
        verbose_name=_("address"),
    )
    round = models.ForeignKey(
        Round,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="door_knock_corrections",
        verbose_name=_("round"),
    )
    action = models.CharField(_("action"), max_length=10, choices=Action)
    outcome_before = models.CharField(_("outcome before"), max_length=10, choices=DoorKnockOutcome)
    outcome_after = models.CharField(
        _("outcome after"), max_length=10, choices=DoorKnockOutcome, blank=True
    )
    knocked_at = models.DateTimeField(_("knocked at"))
    knocked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("knocked by"),
    )
    corrected_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("corrected by"),
    )
    corrected_at = models.DateTimeField(_("corrected at"))

    class Meta:
        verbose_name = _("door-knock correction")
        verbose_name_plural = _("door-knock corrections")
        ordering = ["-corrected_at"]
        constraints = [
            models.CheckConstraint(
                condition=(
                    models.Q(action=DoorKnockCorrectionAction.UNDONE, outcome_after="")
                    | models.Q(action=DoorKnockCorrectionAction.CHANGED)
                    & ~models.Q(outcome_after="")
                ),
                name="door_knock_correction_outcome_after",
            ),
        ]

    def __str__(self):
        return f"{self.address}: {self.get_action_display()}"
