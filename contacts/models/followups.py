import uuid

import pghistory
from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from buurtwerk.models import Timestamped
from neighbourhoods.scoping import ScopedQuerySet


class FollowUpQuerySet(ScopedQuerySet):
    neighbourhood_lookup = "neighbourhood"

    def open(self):
        return self.filter(done_at__isnull=True)

    def assigned_to(self, user):
        return self.filter(assigned_to=user)

    def overdue(self, today=None):
        return self.open().filter(due_on__lt=today or timezone.localdate())


class FollowUp(Timestamped):
    """Anything with a due date: call back, ring again, check in. Linked to
    what it follows up on; the worker's day starts from these."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    neighbourhood = models.ForeignKey(
        "neighbourhoods.Neighbourhood",
        on_delete=models.PROTECT,
        related_name="follow_ups",
        verbose_name=_("neighbourhood"),
    )
    description = models.CharField(_("what"), max_length=200)
    due_on = models.DateField(_("due"))
    assigned_to = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="follow_ups",
        verbose_name=_("assigned to"),
    )
    resident = models.ForeignKey(
        "contacts.Resident",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="follow_ups",
        verbose_name=_("resident"),
    )
    conversation = models.ForeignKey(
        "contacts.Conversation",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="follow_ups",
        verbose_name=_("conversation"),
    )
    door_knock = models.ForeignKey(
        "contacts.DoorKnock",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="follow_ups",
        verbose_name=_("door knock"),
    )
    report = models.ForeignKey(
        "contacts.Report",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="follow_ups",
        verbose_name=_("report"),
    )
    signal = models.ForeignKey(
        "contacts.Signal",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="follow_ups",
        verbose_name=_("signal or referral"),
    )
    done_at = models.DateTimeField(_("done at"), null=True, blank=True)
    done_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("done by"),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("created by"),
    )
    # Closed without being done (``done_at``/``done_by``: when and by whom it
    # was closed): a check-in of a match that ended before it was due.
    cancelled = models.BooleanField(
        _("cancelled"),
        default=False,
        db_default=False,
        help_text=_("Closed without being done, e.g. a check-in of a match that ended."),
    )

    objects = FollowUpQuerySet.as_manager()

    class Meta:
        verbose_name = _("follow-up")
        verbose_name_plural = _("follow-ups")
        ordering = ["due_on"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(done_at__isnull=True) | models.Q(done_by__isnull=False),
                name="follow_up_done_by_someone",
            ),
            models.CheckConstraint(
                condition=models.Q(cancelled=False) | models.Q(done_at__isnull=False),
                name="follow_up_cancelled_is_closed",
            ),
        ]
        indexes = [
            models.Index(
                fields=["assigned_to", "due_on"],
                condition=models.Q(done_at__isnull=True),
                name="follow_up_open_per_worker",
            ),
            # A neighbourhood's open follow-ups by due date: overdue check-ins
            # of matches, a team's overdue work.
            models.Index(
                fields=["neighbourhood", "due_on"],
                condition=models.Q(done_at__isnull=True),
                name="follow_up_open_per_nbh",
            ),
            # The lists of open and of done follow-ups in the order they show
            # (contacts.selectors.followups): a page is read off the index
            # from the top, keeping the user's neighbourhoods, without
            # sorting them all; and the number of done ones per neighbourhood
            # for the pages, from the index alone (or a page for a user with
            # few of them, then sorted).
            models.Index(
                fields=["due_on", "created_at", "id"],
                condition=models.Q(done_at__isnull=True),
                name="follow_up_open_by_due",
            ),
            models.Index(
                fields=["-done_at", "id"],
                condition=models.Q(done_at__isnull=False),
                name="follow_up_done_newest",
            ),
            models.Index(
                fields=["neighbourhood", "-done_at", "id"],
                condition=models.Q(done_at__isnull=False),
                name="follow_up_done_per_nbh",
            ),
            # The period report's follow-ups due, on time and late, from the
            # index alone.
            models.Index(
                fields=["due_on"], include=["neighbourhood", "done_at"], name="follow_up_due"
            ),
        ]

    def __str__(self):
        return self.description

    @property
    def is_closed(self):
        """Done or cancelled: no longer on anyone's list of work."""
        return self.done_at is not None

    @property
    def is_done(self):
        return self.done_at is not None and not self.cancelled

    def is_overdue(self, today=None):
        return not self.is_closed and self.due_on < (today or timezone.localdate())


#: The history of a follow-up's corrections (``contacts.services.corrections``):
#: a row, by database trigger (django-pghistory, like ``audit``), whenever
#: its due date or assignee changes, with who changed it in the pghistory
#: context. No free text, so nothing in it names a resident. Kept beside
#: the model (not in ``audit``, whose migrations are its own) because only
#: the follow-up's own page reads it.
FollowUpEvent = pghistory.create_event_model(
    FollowUp,
    pghistory.UpdateEvent("corrected"),
    fields=["due_on", "assigned_to"],
    obj_field=pghistory.ObjForeignKey(related_name="corrections", related_query_name="+"),
    app_label="contacts",
    model_name="FollowUpEvent",
    abstract=False,
    meta={"verbose_name": _("follow-up correction")},
)
