import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from neighbourhoods.models import Address
from neighbourhoods.scoping import ScopedQuerySet


class Organisation(models.Model):
    """An agency on the sociale kaart: where a referral can go."""

    name = models.CharField(_("name"), max_length=120, unique=True)
    description = models.CharField(_("what they do"), max_length=300, blank=True)
    phone = models.CharField(_("phone"), max_length=30, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    website = models.URLField(_("website"), blank=True)
    address = models.CharField(_("address"), max_length=200, blank=True)
    municipalities = models.ManyToManyField(
        "neighbourhoods.Municipality",
        related_name="organisations",
        blank=True,
        verbose_name=_("municipalities"),
        help_text=_("Where they work; leave empty for everywhere."),
    )
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")
        ordering = ["name"]

    def __str__(self):
        return self.name


class SignalQuerySet(ScopedQuerySet):
    neighbourhood_lookup = "resident__neighbourhood"


class SignalKind(models.TextChoices):
    """A signal or a referral (``Signal.Kind``).
    At module level, so that the model's ``Meta`` constraints can use it."""

    SIGNAL = "signal", _("signal to the district team")
    REFERRAL = "referral", _("referral to an organisation")
    WENT_ALONG = "went_along", _("went along to an organisation (warm hand-over)")

    @classmethod
    def to_organisation(cls):
        """The kinds that go to an organisation (and so name one)."""
        return [cls.REFERRAL, cls.WENT_ALONG]


class SignalStatus(models.TextChoices):
    """Where a signal or referral stands (``Signal.Status``); which step
    leads where is ``contacts.services.signals.STATUS_STEPS``."""

    SENT = "sent", _("sent")
    ACCEPTED = "accepted", _("accepted")
    DONE = "done", _("done")
    NO_ANSWER = "no_answer", _("no answer")


class Signal(models.Model):
    """A concern shared with the district team, or a referral to an
    organisation. Either needs the resident's consent to share."""

    Kind = SignalKind
    Status = SignalStatus

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    resident = models.ForeignKey(
        "contacts.Resident",
        on_delete=models.CASCADE,
        related_name="signals",
        verbose_name=_("resident"),
    )
    kind = models.CharField(_("kind"), max_length=10, choices=Kind, default=Kind.SIGNAL)
    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="referrals",
        verbose_name=_("organisation"),
    )
    reason = models.TextField(_("why"), max_length=2000)
    conversation = models.ForeignKey(
        "contacts.Conversation",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="signals",
        verbose_name=_("conversation"),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("created by"),
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    status = models.CharField(
        _("status"),
        max_length=10,
        choices=Status,
        default=Status.SENT,
        db_default=Status.SENT,
    )
    feedback = models.TextField(
        _("their answer"),
        max_length=2000,
        blank=True,
        db_default="",
        help_text=_("What the district team or the organisation answered."),
    )
    status_changed_at = models.DateTimeField(_("status changed at"), null=True, blank=True)
    status_changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("status changed by"),
    )

    objects = SignalQuerySet.as_manager()

    class Meta:
        verbose_name = _("signal or referral")
        verbose_name_plural = _("signals and referrals")
        ordering = ["-created_at"]
        indexes = [
            # The list of signals and referrals, newest first.
            models.Index(fields=["-created_at", "id"], name="signal_newest"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(kind=SignalKind.SIGNAL, organisation__isnull=True)
                | models.Q(kind__in=SignalKind.to_organisation(), organisation__isnull=False),
                name="signal_referral_has_organisation",
            ),
            models.CheckConstraint(
                condition=models.Q(status__in=SignalStatus.values),
                name="signal_status_valid",
            ),
            models.CheckConstraint(
                condition=models.Q(reason__regex=r"\S"), name="signal_has_reason"
            ),
        ]

    def __str__(self):
        if self.kind == self.Kind.REFERRAL:
            return _("Referral to %(organisation)s") % {"organisation": self.organisation}
        if self.kind == self.Kind.WENT_ALONG:
            return _("Went along to %(organisation)s") % {"organisation": self.organisation}
        return str(_("Signal to the district team"))


class ReportQuerySet(ScopedQuerySet):
    neighbourhood_lookup = "neighbourhood"


class ReportSource(models.TextChoices):
    """Who a report comes from (``Report.Source``).
    At module level, so that the model's ``Meta`` constraints can use it."""

    HOUSING = "housing", _("housing corporation")
    MUNICIPALITY = "municipality", _("municipality")
    NEIGHBOUR = "neighbour", _("neighbour")
    GP = "gp", _("GP (Welzijn op Recept)")
    DISTRICT_TEAM = "district", _("district team")
    OTHER = "other", _("other")


class ReportStatus(models.TextChoices):
    """Where a report stands (``Report.Status``): new, in progress once
    something is linked to it, closed with what was done."""

    NEW = "new", _("new")
    IN_PROGRESS = "in_progress", _("in progress")
    CLOSED = "closed", _("closed")


class ReportExtent(models.TextChoices):
    """How much of the street a report covers (``Report.Extent``): its one
    address, a run of house numbers from it (a stairwell, a complex), or
    the whole street it is on."""

    ADDRESS = "address", _("this address")
    RANGE = "range", _("house numbers from this one up to")
    STREET = "street", _("the whole street")


class Report(models.Model):
    """An incoming melding from a housing corporation, the municipality or
    a neighbour, about an address or a resident. Creates a follow-up; the
    conversations, initiatives and activities that came of it are linked to it, and
    closing it records what was done, for the reporter."""

    Source = ReportSource
    Status = ReportStatus
    Extent = ReportExtent

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    neighbourhood = models.ForeignKey(
        "neighbourhoods.Neighbourhood",
        on_delete=models.PROTECT,
        related_name="reports",
        verbose_name=_("neighbourhood"),
    )
    source = models.CharField(_("from"), max_length=12, choices=Source)
    reporter = models.CharField(
        _("reported by"),
        max_length=120,
        blank=True,
        help_text=_("An organisation or department; a neighbour's name only if needed."),
    )
    received_on = models.DateField(_("received on"))
    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="reports",
        verbose_name=_("referrer's organisation"),
        help_text=_("For a referral from outside: the practice, corporation or team."),
    )
    address = models.ForeignKey(
        "neighbourhoods.Address",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="reports",
        verbose_name=_("address"),
    )
    extent = models.CharField(
        _("covers"),
        max_length=7,
        choices=Extent,
        default=Extent.ADDRESS,
        db_default=Extent.ADDRESS,
    )
    house_number_to = models.PositiveIntegerField(
        _("up to house number"),
        null=True,
        blank=True,
        help_text=_("The last house number of the stairwell or complex, additions included."),
    )
    resident = models.ForeignKey(
        "contacts.Resident",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="reports",
        verbose_name=_("resident"),
    )
    description = models.TextField(_("what is reported"), max_length=2000)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("created by"),
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    status = models.CharField(
        _("status"), max_length=11, choices=Status, default=Status.NEW, db_default=Status.NEW
    )
    conversations = models.ManyToManyField(
        "contacts.Conversation",
        related_name="reports",
        blank=True,
        verbose_name=_("conversations that came of it"),
    )
    initiatives = models.ManyToManyField(
        "contacts.Initiative",
        related_name="reports",
        blank=True,
        verbose_name=_("initiatives that came of it"),
    )
    activities = models.ManyToManyField(
        "contacts.Activity",
        related_name="reports",
        blank=True,
        verbose_name=_("activities that came of it"),
    )
    outcome = models.TextField(
        _("what was done"),
        max_length=2000,
        blank=True,
        db_default="",
        help_text=_("For the reporter: what came of it."),
    )
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("closed by"),
    )

    objects = ReportQuerySet.as_manager()

    class Meta:
        verbose_name = _("report")
        verbose_name_plural = _("reports")
        ordering = ["-received_on"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(source__in=ReportSource.values),
                name="report_source_valid",
            ),
            models.CheckConstraint(
                condition=models.Q(address__isnull=False) | models.Q(resident__isnull=False),
                name="report_about_address_or_resident",
            ),
            models.CheckConstraint(
                condition=models.Q(status__in=ReportStatus.values),
                name="report_status_valid",
            ),
            models.CheckConstraint(
                condition=models.Q(extent__in=ReportExtent.values),
                name="report_extent_valid",
            ),
            # A run of numbers has its last one; a street or a run starts
            # from an address.
            models.CheckConstraint(
                condition=models.Q(extent=ReportExtent.RANGE, house_number_to__isnull=False)
                | (~models.Q(extent=ReportExtent.RANGE) & models.Q(house_number_to__isnull=True)),
                name="report_range_has_last_number",
            ),
            models.CheckConstraint(
                condition=models.Q(extent=ReportExtent.ADDRESS) | models.Q(address__isnull=False),
                name="report_extent_from_address",
            ),
            models.CheckConstraint(
                condition=~models.Q(status=ReportStatus.CLOSED)
                | (models.Q(closed_at__isnull=False) & models.Q(outcome__regex=r"\S")),
                name="report_closed_with_outcome",
            ),
        ]

    def __str__(self):
        return f"{self.get_source_display()}, {self.received_on:%d-%m-%Y}"

    @property
    def place(self):
        """What the report is about, as its page and the list name it:
        the address, "Kerkstraat 12 t/m 48", "Kerkstraat (hele straat)",
        else the resident's name. Needs ``address__street`` and
        ``resident`` selected."""
        if self.address_id is None:
            return self.resident.name if self.resident_id else ""
        if self.extent == self.Extent.STREET:
            return _("%(street)s (whole street)") % {"street": self.address.street.name}
        if self.extent == self.Extent.RANGE:
            return _("%(street)s %(first)s to %(last)s") % {
                "street": self.address.street.name,
                "first": self.address.house_number,
                "last": self.house_number_to,
            }
        return str(self.address)

    def covered_addresses(self):
        """The addresses this report is about (none without an address).
        A query of ``neighbourhoods.Address``."""
        if self.address_id is None:
            return Address.objects.none()
        if self.extent == self.Extent.STREET:
            return Address.objects.filter(street_id=self.address.street_id)
        if self.extent == self.Extent.RANGE:
            return Address.objects.filter(
                street_id=self.address.street_id,
                house_number__range=(self.address.house_number, self.house_number_to),
            )
        return Address.objects.filter(pk=self.address_id)
