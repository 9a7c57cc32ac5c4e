import uuid

from django.conf import settings
from django.contrib.postgres.fields import ArrayField
from django.contrib.postgres.indexes import GinIndex
from django.db import models
from django.utils.translation import gettext_lazy as _

from buurtwerk import languages as language_list
from buurtwerk.models import CreatedByUser
from buurtwerk.versioning import Versioned
from contacts import validators
from neighbourhoods.scoping import ScopedQuerySet


class Consent(models.TextChoices):
    """The purposes a resident can consent to, each recorded separately."""

    STORE = "store", _("storing their data")
    MATCH = "match", _("being matched")
    SHARE = "share", _("sharing with the district team")

    @property
    def flag(self):
        """The name of the Resident field that caches this consent."""
        return f"may_{self.value}"


#: Why a resident cannot take part, per purpose (``Resident.why_not``):
#: because of their status (moved or anonymised), or for want of consent.
TAKE_PART_REFUSALS = {
    Consent.STORE: {
        "status": _(
            "%(name)s has moved or was anonymised, so nothing new can be recorded about them."
        ),
        "consent": _(
            "%(name)s has not agreed to storing their data, so nothing about them can be "
            "recorded. Ask and record their consent first."
        ),
    },
    Consent.MATCH: {
        "status": _("%(name)s has moved or was anonymised, so they can no longer be matched."),
        "consent": _(
            "%(name)s has not consented to being matched. Ask them first: a match tells "
            "another resident who they are and what they need or offer."
        ),
    },
    Consent.SHARE: {
        "status": _(
            "%(name)s has moved or was anonymised, so nothing about them can be shared "
            "with the district team."
        ),
        "consent": _(
            "%(name)s has not agreed to sharing with the district team. Ask and record "
            "their consent first."
        ),
    },
}


class ResidentQuerySet(ScopedQuerySet):
    neighbourhood_lookup = "neighbourhood"

    def active(self):
        return self.filter(status=Resident.Status.ACTIVE)

    def taking_part(self, purpose):
        """The residents who may take part in ``purpose`` (a ``Consent``):
        ``Resident.take_part_rule`` as a filter."""
        return self.filter(Resident.taking_part_q(purpose))

    def may_be_recorded(self):
        """Residents about whom something new may be recorded: a
        conversation, a talent or need, an initiative membership."""
        return self.taking_part(Consent.STORE)

    def may_be_matched(self):
        """Residents who may be matched and suggested."""
        return self.taking_part(Consent.MATCH)

    def may_be_shared(self):
        """Residents about whom a signal or referral may go to the district
        team (or an organisation)."""
        return self.taking_part(Consent.SHARE)

    def not_seen_since(self, moment):
        """Active residents whose last conversation is before ``moment``, or
        who never had one."""
        return self.active().filter(
            models.Q(last_seen_at__lt=moment) | models.Q(last_seen_at__isnull=True)
        )


class ResidentStatus(models.TextChoices):
    """Whether a resident is still here (``Resident.Status``).
    At module level, so that the model's ``Meta`` constraints can use it."""

    ACTIVE = "active", _("active")
    MOVED = "moved", _("moved")
    ANONYMISED = "anonymised", _("anonymised")


class ResidentReachBy(models.TextChoices):
    """How a resident prefers to be reached (``Resident.ReachBy``).
    At module level, so that the model's ``Meta`` constraints can use it."""

    PHONE = "phone", _("phone")
    EMAIL = "email", _("e-mail")
    WORKER = "worker", _("via the worker")


class Resident(Versioned, CreatedByUser):
    """A person in the neighbourhood, as a worker came to know them.

    Deliberately no fields for ethnicity, religion or health (special
    categories under the AVG). Without consent to store data a resident is
    only a name, an address and the refusal: the database refuses more."""

    Status = ResidentStatus
    ReachBy = ResidentReachBy

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    neighbourhood = models.ForeignKey(
        "neighbourhoods.Neighbourhood",
        on_delete=models.PROTECT,
        related_name="residents",
        verbose_name=_("neighbourhood"),
    )
    address = models.ForeignKey(
        "neighbourhoods.Address",
        on_delete=models.PROTECT,
        related_name="residents",
        null=True,
        blank=True,
        verbose_name=_("address"),
        help_text=_("The residents of one address form a household."),
    )
    name = models.CharField(_("name"), max_length=200, help_text=_("As they give it."))
    search_name = models.CharField(max_length=200, editable=False, default="")
    languages = ArrayField(
        models.CharField(max_length=3, choices=language_list.LANGUAGES),
        verbose_name=_("languages spoken"),
        default=list,
        blank=True,
        validators=[language_list.validate_codes],
    )
    reach_by = models.CharField(
        _("how to reach them"), max_length=10, choices=ReachBy, default=ReachBy.WORKER
    )
    phone = models.CharField(
        _("phone"), max_length=20, blank=True, validators=[validators.validate_phone]
    )
    email = models.EmailField(_("e-mail"), blank=True)
    is_connector = models.BooleanField(
        _("connector"),
        default=False,
        help_text=_("A sleutelfiguur: knows many people and brings them together."),
    )
    external_ref = models.CharField(
        _("external reference"),
        max_length=64,
        blank=True,
        help_text=_("The resident's reference in an imported file."),
    )
    status = models.CharField(_("status"), max_length=12, choices=Status, default=Status.ACTIVE)
    # The current consents, kept in step with ConsentRecord by the consent service.
    may_store = models.BooleanField(_("may store data"), default=False, editable=False)
    may_match = models.BooleanField(_("may be matched"), default=False, editable=False)
    may_share = models.BooleanField(
        _("may share with district team"), default=False, editable=False
    )
    # The moment of the latest conversation, kept by the conversation service.
    last_seen_at = models.DateTimeField(_("last seen"), null=True, blank=True, editable=False)

    objects = ResidentQuerySet.as_manager()

    class Meta:
        verbose_name = _("resident")
        verbose_name_plural = _("residents")
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(
                fields=["external_ref"],
                condition=~models.Q(external_ref=""),
                name="resident_external_ref_unique",
            ),
            models.CheckConstraint(
                condition=models.Q(status__in=ResidentStatus.values),
                name="resident_status_valid",
            ),
            models.CheckConstraint(
                condition=models.Q(phone="") | models.Q(phone__regex=validators.PHONE_RE),
                name="resident_phone_normalised",
            ),
            models.CheckConstraint(
                condition=~models.Q(reach_by=ResidentReachBy.PHONE, phone="")
                & ~models.Q(reach_by=ResidentReachBy.EMAIL, email=""),
                name="resident_reach_by_has_contact",
            ),
            models.CheckConstraint(
                condition=models.Q(may_store=True)
                | models.Q(
                    phone="",
                    email="",
                    languages=[],
                    is_connector=False,
                    reach_by="worker",
                    may_match=False,
                    may_share=False,
                ),
                name="resident_minimal_without_consent",
            ),
        ]
        indexes = [
            GinIndex(
                fields=["search_name"], opclasses=["gin_trgm_ops"], name="resident_search_trgm"
            ),
            models.Index(fields=["neighbourhood", "last_seen_at"], name="resident_nbh_last_seen"),
            # "Not seen for a while" on My day and its list: the count from
            # the index alone, the oldest first without reading the rows of
            # residents who are not active or did not consent to storing.
            models.Index(
                fields=["neighbourhood", "last_seen_at"],
                include=["name"],
                condition=models.Q(may_store=True, status="active"),
                name="resident_not_seen",
            ),
            # Coverage, read from the index alone: who at an address took
            # part in a conversation, and the languages of the active
            # residents per neighbourhood.
            models.Index(
                fields=["address", "last_seen_at"],
                condition=models.Q(last_seen_at__isnull=False),
                name="resident_address_seen",
            ),
            models.Index(
                fields=["neighbourhood"],
                include=["languages"],
                condition=models.Q(status="active"),
                name="resident_active_languages",
            ),
            # The period report's new residents, from the index alone.
            models.Index(
                fields=["created_at"], include=["neighbourhood"], name="resident_created"
            ),
        ]

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        # A derived column, not business logic: it must follow the name everywhere.
        self.search_name = validators.search_key(self.name)
        if kwargs.get("update_fields") is not None and "name" in kwargs["update_fields"]:
            kwargs["update_fields"] = {*kwargs["update_fields"], "search_name"}
        super().save(*args, **kwargs)

    def consents(self):
        """The current consent per purpose, from the cached flags (no query)."""
        return [(purpose, getattr(self, purpose.flag)) for purpose in Consent]

    # May this resident take part? One rule per purpose, and one message
    # per purpose for why not. Services, forms, views, commands and the
    # suggestion SQL (``matches.suggestions``) ask these, never the status
    # and consent flags themselves.

    @staticmethod
    def take_part_rule(purpose):
        """Who may take part in ``purpose`` (a ``Consent``), as {field name:
        value it must have}: still here (active: not moved or anonymised)
        and consenting to ``purpose``. Storing data is consent to being
        recorded at all (conversations, talents and needs, initiative
        membership); matching and sharing need that as well, which the
        database guarantees (``resident_minimal_without_consent``).

        The status comes first: of a moved or anonymised resident that is
        what ``why_not`` says."""
        return {"status": Resident.Status.ACTIVE, Consent(purpose).flag: True}

    @classmethod
    def taking_part_q(cls, purpose, *, through=""):
        """``take_part_rule`` as a Q, on the resident itself or on the one
        reached through the lookup ``through`` (``"resident"`` for needs)."""
        prefix = f"{through}__" if through else ""
        return models.Q(
            **{f"{prefix}{name}": value for name, value in cls.take_part_rule(purpose).items()}
        )

    def takes_part(self, purpose):
        """Whether this resident may take part in ``purpose`` now, as the
        instance was read: no query (the rule's fields must not be deferred)."""
        return all(
            getattr(self, name) == value for name, value in self.take_part_rule(purpose).items()
        )

    @property
    def may_be_recorded(self):
        """See ``ResidentQuerySet.may_be_recorded``. No query."""
        return self.takes_part(Consent.STORE)

    @property
    def may_be_matched(self):
        """See ``ResidentQuerySet.may_be_matched``. No query."""
        return self.takes_part(Consent.MATCH)

    @property
    def may_be_shared(self):
        """See ``ResidentQuerySet.may_be_shared``. No query."""
        return self.takes_part(Consent.SHARE)

    def why_not(self, purpose):
        """Why this resident cannot take part in ``purpose`` (a ``Consent``),
        as the message to show, or None when they can. No query."""
        purpose = Consent(purpose)
        for name, value in self.take_part_rule(purpose).items():
            if getattr(self, name) != value:
                reason = "status" if name == "status" else "consent"
                return TAKE_PART_REFUSALS[purpose][reason] % {"name": self.name}
        return None


class ConsentRecordQuerySet(ScopedQuerySet):
    neighbourhood_lookup = "resident__neighbourhood"


class ConsentRecord(models.Model):
    """One answer to one consent question: given or refused, and how.
    Withdrawing a given consent sets ``withdrawn_at``; the record stays."""

    class Method(models.TextChoices):
        SPOKEN = "spoken", _("spoken at the door")
        WRITTEN = "written", _("written")

    resident = models.ForeignKey(
        Resident,
        on_delete=models.CASCADE,
        related_name="consent_records",
        verbose_name=_("resident"),
    )
    purpose = models.CharField(_("purpose"), max_length=10, choices=Consent)
    given = models.BooleanField(_("given"))
    method = models.CharField(_("how"), max_length=10, choices=Method, default=Method.SPOKEN)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("recorded by"),
    )
    recorded_at = models.DateTimeField(_("recorded at"))
    withdrawn_at = models.DateTimeField(_("withdrawn at"), null=True, blank=True)
    withdrawn_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
        verbose_name=_("withdrawn by"),
    )

    objects = ConsentRecordQuerySet.as_manager()

    class Meta:
        verbose_name = _("consent record")
        verbose_name_plural = _("consent records")
        ordering = ["-recorded_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["resident", "purpose"],
                condition=models.Q(given=True, withdrawn_at__isnull=True),
                name="consent_one_current_per_purpose",
            ),
            models.CheckConstraint(
                condition=models.Q(purpose__in=Consent.values),
                name="consent_purpose_valid",
            ),
            models.CheckConstraint(
                condition=models.Q(withdrawn_at__isnull=True)
                | models.Q(given=True, withdrawn_by__isnull=False),
                name="consent_withdrawal_of_given",
            ),
        ]

    def __str__(self):
        return f"{self.get_purpose_display()}: {_('yes') if self.is_current else _('no')}"

    @property
    def is_current(self):
        return self.given and self.withdrawn_at is None
