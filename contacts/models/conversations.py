import uuid

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from buurtwerk.models import Timestamped
from neighbourhoods.scoping import ScopedQuerySet


class Theme(models.Model):
    """What a conversation was about; a short list kept by the admin."""

    name = models.CharField(_("name (Dutch)"), max_length=60, unique=True)
    name_en = models.CharField(_("name (English)"), max_length=60)
    is_active = models.BooleanField(
        _("in use"), default=True, help_text=_("Retired themes stay on old conversations.")
    )
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    class Meta:
        verbose_name = _("theme")
        verbose_name_plural = _("themes")
        ordering = ["position", "name"]

    def __str__(self):
        return self.label

    @property
    def label(self):
        """The name in the active language."""
        return self.name_en if (get_language() or "nl").startswith("en") else self.name


class ConversationQuerySet(ScopedQuerySet):
    neighbourhood_lookup = "neighbourhood"

    def with_worker(self, user):
        return self.filter(workers=user)


class ConversationPlace(models.TextChoices):
    """Where a conversation took place (``Conversation.Place``).
    At module level, so that the model's ``Meta`` constraints can use it."""

    DOORSTEP = "doorstep", _("at the door")
    HOME = "home", _("at home")
    STREET = "street", _("in the street")
    COMMUNITY_CENTRE = "centre", _("community centre")
    PHONE = "phone", _("by phone")
    ACTIVITY = "activity", _("during an activity")


class Conversation(Timestamped):
    """A koffiegesprek, a doorstep talk, a phone call: one or more residents
    and one or more workers, and what was talked about."""

    Place = ConversationPlace

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    neighbourhood = models.ForeignKey(
        "neighbourhoods.Neighbourhood",
        on_delete=models.PROTECT,
        related_name="conversations",
        verbose_name=_("neighbourhood"),
    )
    happened_at = models.DateTimeField(_("when"), default=timezone.now)
    place = models.CharField(_("where"), max_length=10, choices=Place, default=Place.DOORSTEP)
    residents = models.ManyToManyField(
        "contacts.Resident", related_name="conversations", verbose_name=_("residents")
    )
    workers = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        through="ConversationWorker",
        related_name="conversations",
        verbose_name=_("workers"),
    )
    themes = models.ManyToManyField(
        Theme, related_name="conversations", blank=True, verbose_name=_("themes")
    )
    notes = models.TextField(_("notes"), max_length=2000, blank=True)
    door_knock = models.OneToOneField(
        "contacts.DoorKnock",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="conversation",
        verbose_name=_("door knock"),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("created by"),
    )

    objects = ConversationQuerySet.as_manager()

    class Meta:
        verbose_name = _("conversation")
        verbose_name_plural = _("conversations")
        ordering = ["-happened_at"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(place__in=ConversationPlace.values),
                name="conversation_place_valid",
            ),
        ]
        indexes = [
            models.Index(fields=["neighbourhood", "happened_at"], name="conversation_nbh_time"),
            # Also the period report's conversations, by place and per
            # month, from the index alone.
            models.Index(
                fields=["happened_at"],
                include=["neighbourhood", "place"],
                name="conversation_time_place",
            ),
        ]

    def __str__(self):
        return f"{self.get_place_display()}, {timezone.localtime(self.happened_at):%d-%m-%Y %H:%M}"


class ConversationWorker(models.Model):
    """A worker who took part in a conversation, with the conversation's
    time, so that "my latest conversations" reads the few newest rows of
    one index (``conversation_worker_recent``) instead of walking all
    conversations back in time. ``happened_at`` is the database's copy:
    triggers (migration 0005) set it on insert and follow every change of
    the conversation's time, whatever writes the rows."""

    conversation = models.ForeignKey(
        Conversation, on_delete=models.CASCADE, related_name="worker_links", db_index=False
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+", db_index=False
    )
    happened_at = models.DateTimeField(_("when"), editable=False)

    class Meta:
        db_table = "contacts_conversation_workers"
        verbose_name = _("worker in a conversation")
        verbose_name_plural = _("workers in conversations")
        # The unique pair also serves lookups by conversation.
        unique_together = [("conversation", "user")]
        indexes = [
            models.Index(
                fields=["user", "-happened_at", "conversation"], name="conversation_worker_recent"
            ),
        ]

    def __str__(self):
        return f"{self.user_id} @ {self.conversation_id}"
