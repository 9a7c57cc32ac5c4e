import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from buurtwerk.models import Timestamped
from neighbourhoods.scoping import ScopedQuerySet


class MatchStatus(models.TextChoices):
    """The states of a match (``Match.Status``). At module level so that
    ``IN_PROGRESS`` can follow it and ``Match.Meta``'s constraints can use both."""

    PROPOSED = "proposed", _("proposed")
    SENT_BACK = "sent_back", _("sent back")
    REJECTED = "rejected", _("rejected")
    APPROVED = "approved", _("approved")
    INTRODUCED = "introduced", _("introduced")
    RUNNING = "running", _("running")
    ENDED = "ended", _("ended")

    @classmethod
    def in_progress(cls):
        """The states in which the need is taken: not offered to others
        (``IN_PROGRESS``, as a new list)."""
        return list(IN_PROGRESS)


#: The states in which a match's need is taken: not offered to others. The
#: one definition: ``Match.Status.in_progress()``, the partial unique index
#: ``match_one_in_progress_per_need`` and the suggestions' SQL use it. A
#: tuple, in this order, because the constraint's condition is compared with
#: the migrations' by value: another order would be a migration.
IN_PROGRESS = (
    MatchStatus.PROPOSED,
    MatchStatus.SENT_BACK,
    MatchStatus.APPROVED,
    MatchStatus.INTRODUCED,
    MatchStatus.RUNNING,
)


class MatchQuerySet(ScopedQuerySet):
    neighbourhood_lookup = "neighbourhood"

    def in_progress(self):
        return self.filter(status__in=Match.Status.in_progress())

    def lasting(self):
        """Ended as a lasting contact, and no "still in contact?" check-in
        since answered *stopped*: the one definition of a lasting match."""
        stopped = MatchCheckIn.objects.filter(
            match=models.OuterRef("pk"),
            kind=MatchCheckIn.Kind.STILL_IN_CONTACT,
            answer=MatchCheckIn.Answer.STOPPED,
        )
        return self.filter(status=MatchStatus.ENDED, outcome=Match.Outcome.LASTING).exclude(
            models.Exists(stopped)
        )


class Match(Timestamped):
    """A koppeling: a need met by a resident (through their talent, or a
    shared interest) or by an initiative. Every change of status goes
    through ``matches.services.lifecycle`` and is recorded as a MatchEvent.

    A suggestion is not stored: a match exists from the moment a worker
    proposes it."""

    Status = MatchStatus

    class Outcome(models.TextChoices):
        LASTING = "lasting", _("lasting contact")
        STOPPED = "stopped", _("stopped")
        NO_CLICK = "no_click", _("did not click")

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    neighbourhood = models.ForeignKey(
        "neighbourhoods.Neighbourhood",
        on_delete=models.PROTECT,
        related_name="matches",
        verbose_name=_("neighbourhood"),
        help_text=_("Of the resident with the need; decides who sees the match."),
    )
    need = models.ForeignKey(
        "contacts.Need", on_delete=models.PROTECT, related_name="matches", verbose_name=_("need")
    )
    # The side with the need: the need's resident (None when an initiative needs something).
    resident = models.ForeignKey(
        "contacts.Resident",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="matches_as_seeker",
        verbose_name=_("resident with the need"),
    )
    # The side that helps: a resident (perhaps through a talent) or an initiative.
    helper = models.ForeignKey(
        "contacts.Resident",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="matches_as_helper",
        verbose_name=_("helping resident"),
    )
    talent = models.ForeignKey(
        "contacts.Talent",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="matches",
        verbose_name=_("talent"),
    )
    initiative = models.ForeignKey(
        "contacts.Initiative",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="matches",
        verbose_name=_("initiative"),
    )
    status = models.CharField(_("status"), max_length=10, choices=Status, default=Status.PROPOSED)
    score = models.FloatField(_("score"), null=True, blank=True)
    # The suggestion's reasons when proposed, as [{"code": ..., "params": {...}}].
    reasons = models.JSONField(_("reasons"), default=list, blank=True)
    why = models.TextField(_("why this match"), max_length=2000)
    first_meeting_plan = models.TextField(_("plan for the first meeting"), max_length=2000)
    proposed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="proposed_matches",
        verbose_name=_("proposed by"),
    )
    proposed_at = models.DateTimeField(_("proposed at"))
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="reviewed_matches",
        verbose_name=_("reviewed by"),
    )
    reviewed_at = models.DateTimeField(_("reviewed at"), null=True, blank=True)
    review_note = models.TextField(_("review note"), max_length=2000, blank=True)
    introduced_on = models.DateField(_("introduced on"), null=True, blank=True)
    introduced_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("worker present"),
    )
    started_on = models.DateField(_("running since"), null=True, blank=True)
    ended_on = models.DateField(_("ended on"), null=True, blank=True)
    outcome = models.CharField(_("outcome"), max_length=10, choices=Outcome, blank=True)
    end_reason = models.TextField(_("why it ended"), max_length=2000, blank=True)
    seeker_view = models.TextField(_("how the resident with the need saw it"), blank=True)
    helper_view = models.TextField(_("how the helper saw it"), blank=True)

    objects = MatchQuerySet.as_manager()

    class Meta:
        verbose_name = _("match")
        verbose_name_plural = _("matches")
        ordering = ["-proposed_at"]
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(resident=models.F("helper")), name="match_not_with_oneself"
            ),
            models.CheckConstraint(
                condition=models.Q(helper__isnull=False, initiative__isnull=True)
                | models.Q(helper__isnull=True, initiative__isnull=False, talent__isnull=True),
                name="match_helper_or_initiative",
            ),
            models.CheckConstraint(
                condition=~models.Q(reviewed_by=models.F("proposed_by")),
                name="match_not_reviewed_by_proposer",
            ),
            models.CheckConstraint(
                condition=models.Q(status__in=MatchStatus.values),
                name="match_status_valid",
            ),
            models.CheckConstraint(
                condition=~models.Q(status=MatchStatus.ENDED) | ~models.Q(outcome=""),
                name="match_ended_with_outcome",
            ),
            models.UniqueConstraint(
                fields=["need"],
                condition=models.Q(status__in=list(IN_PROGRESS)),
                name="match_one_in_progress_per_need",
            ),
        ]
        indexes = [
            models.Index(fields=["status", "proposed_at"], name="match_status_proposed"),
            models.Index(fields=["neighbourhood", "status"], name="match_nbh_status"),
            # The match list, newest first, stops after one page.
            models.Index(fields=["-proposed_at", "id"], name="match_proposed_newest"),
            # The period report: matches started in a period (initiatives
            # supported, the receivers who became givers).
            models.Index(
                fields=["started_on"],
                condition=models.Q(started_on__isnull=False),
                name="match_started_on",
            ),
        ]

    def __str__(self):
        helper = self.helper or self.initiative
        return f"{self.resident or self.need.initiative} ↔ {helper}"

    @property
    def is_in_progress(self):
        """Whether this match takes its need now (``IN_PROGRESS``). No query."""
        return self.status in IN_PROGRESS

    @property
    def never_started(self):
        """Ended before it ran: cancelled, or stopped before the start."""
        return self.status == self.Status.ENDED and self.started_on is None


class MatchEvent(models.Model):
    """One transition of a match: who, when, from what to what, and why."""

    match = models.ForeignKey(
        Match, on_delete=models.CASCADE, related_name="events", verbose_name=_("match")
    )
    from_status = models.CharField(_("from"), max_length=10, choices=Match.Status, blank=True)
    to_status = models.CharField(_("to"), max_length=10, choices=Match.Status)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("by")
    )
    at = models.DateTimeField(_("at"))
    note = models.TextField(_("note"), max_length=2000, blank=True)

    class Meta:
        verbose_name = _("match event")
        verbose_name_plural = _("match events")
        ordering = ["at", "pk"]
        indexes = [
            # The period report's matches approved in a period. Partial, so
            # a worker's own decisions (My day) keep going by their matches.
            models.Index(
                fields=["at"],
                include=["match"],
                condition=models.Q(to_status="approved"),
                name="match_event_approved_at",
            ),
        ]

    def __str__(self):
        return f"{self.get_from_status_display()} → {self.get_to_status_display()}"


class MatchCheckIn(models.Model):
    """A check-in on a match, kept as a follow-up on the worker's day: on a
    running match (how is it going?), or after a lasting end ("still in
    contact?"). Answered through ``matches.services.lifecycle.check_in_record``
    with a short note and, if heard, how each side sees it."""

    class Kind(models.TextChoices):
        RUNNING = "running", _("check-in")
        STILL_IN_CONTACT = "contact", _("still in contact?")

    class Answer(models.TextChoices):
        GOING_WELL = "going_well", _("going well")
        NEEDS_ATTENTION = "attention", _("needs attention")
        STOPPED = "stopped", _("stopped")

    match = models.ForeignKey(
        Match, on_delete=models.CASCADE, related_name="check_ins", verbose_name=_("match")
    )
    follow_up = models.OneToOneField(
        "contacts.FollowUp",
        on_delete=models.CASCADE,
        related_name="match_check_in",
        verbose_name=_("follow-up"),
    )
    kind = models.CharField(
        _("kind"), max_length=10, choices=Kind, default=Kind.RUNNING, db_default=Kind.RUNNING
    )
    answer = models.CharField(
        _("answer"), max_length=10, choices=Answer, blank=True, db_default=""
    )
    note = models.TextField(_("note"), max_length=2000, blank=True, db_default="")
    seeker_view = models.TextField(
        _("how the resident with the need sees it"), max_length=2000, blank=True, db_default=""
    )
    helper_view = models.TextField(
        _("how the helper sees it"), max_length=2000, blank=True, db_default=""
    )
    answered_at = models.DateTimeField(_("answered at"), null=True, blank=True)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("answered by"),
    )

    class Meta:
        verbose_name = _("check-in")
        verbose_name_plural = _("check-ins")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(answer="", answered_at__isnull=True)
                | (~models.Q(answer="") & models.Q(answered_at__isnull=False)),
                name="match_check_in_answered_when",
            ),
        ]

    def __str__(self):
        return str(self.follow_up)
