from django.conf import settings
from django.core.exceptions import ObjectDoesNotExist, ValidationError
from django.db import models
from django.db.models.functions import Length
from django.utils.translation import gettext_lazy as _

from buurtwerk.models import Timestamped
from neighbourhoods import validators

#: Bumped whenever a membership or a team's neighbourhoods change (signals
#: in ``neighbourhoods.apps``), so a scope remembered on a user object is
#: read again after a change made in this process. Other processes need
#: nothing: a request's user object lives as long as the request.
_scope_version = [0]


def scope_changed(**kwargs):
    _scope_version[0] += 1


def neighbourhood_ids_of(user, *, leading=False):
    """The ids of the neighbourhoods of the teams ``user`` (a user, a pk or
    ``OuterRef``) belongs to, or only of those they lead: a query of
    distinct ids, not evaluated. The one definition behind the scope, read
    on its own (``visible_neighbourhood_ids``) or with the user
    (``neighbourhoods.backends``)."""
    # One filter() call: both conditions on the same membership row; the
    # lead condition is Membership.objects.leading()'s.
    same_membership = {"team__memberships__user": user}
    if leading:
        same_membership["team__memberships__role"] = Membership.Role.LEAD
    return (
        Team.neighbourhoods.through.objects.filter(**same_membership)
        .values_list("neighbourhood_id", flat=True)
        .distinct()
        .order_by("neighbourhood_id")
    )


def remembered_scope(user, attribute, *, leading=False):
    """``neighbourhood_ids_of(user)`` as a list, remembered on the user
    object under ``attribute`` until the next change of who works where."""
    cached = getattr(user, attribute, None)
    if cached is not None and cached[0] == _scope_version[0]:
        return cached[1]
    ids = list(neighbourhood_ids_of(user, leading=leading))
    setattr(user, attribute, (_scope_version[0], ids))
    return ids


def visible_neighbourhood_ids(user):
    """The ids of the neighbourhoods ``user`` works in, as a sorted list.

    Read with the user at the start of a request (``neighbourhoods.
    backends``), else once per user object, and passed to queries as a
    plain list, so the planner filters by it first instead of joining
    everything and then checking a subquery."""
    return remembered_scope(user, SCOPE_ATTRIBUTE)


SCOPE_ATTRIBUTE = "_buurtwerk_scope"
LEAD_SCOPE_ATTRIBUTE = "_buurtwerk_lead_scope"


class ScopedQuerySet(models.QuerySet):
    """Limits rows to the neighbourhoods of the user's teams; see
    ``neighbourhoods.scoping``."""

    #: Lookup path from this model to its Neighbourhood; "" for Neighbourhood itself.
    neighbourhood_lookup = None

    def visible_to(self, user):
        if not (user.is_authenticated and user.is_active):
            return self.none()
        if user.sees_everything:
            return self
        return self.limited_to(user)

    def limited_to(self, user):
        """What a worker or team lead sees: rows in their neighbourhoods.
        A model whose rows belong to users rather than places overrides this."""
        if self.neighbourhood_lookup is None:
            raise NotImplementedError(f"{type(self).__name__} must set neighbourhood_lookup")
        lookup = f"{self.neighbourhood_lookup}__in" if self.neighbourhood_lookup else "pk__in"
        return self.filter(**{lookup: visible_neighbourhood_ids(user)})


class Municipality(models.Model):
    code = models.CharField(
        _("CBS code"),
        max_length=6,
        unique=True,
        validators=[validators.validate_municipality_code],
        help_text=_("e.g. GM0363"),
    )
    name = models.CharField(_("name"), max_length=100)

    class Meta:
        verbose_name = _("municipality")
        verbose_name_plural = _("municipalities")
        ordering = ["name"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(code__regex=validators.MUNICIPALITY_CODE_RE),
                name="municipality_code_cbs",
            ),
        ]

    def __str__(self):
        return self.name


class WithinParentRegion(models.Model):
    """A district or neighbourhood: its CBS code continues the digits of the
    region it lies in (``parent_field``)."""

    parent_field = None

    class Meta:
        abstract = True

    def clean(self):
        parent_id = getattr(self, f"{self.parent_field}_id")
        if parent_id and self.code:
            try:
                validators.validate_code_within(self.code, getattr(self, self.parent_field).code)
            except ValidationError as error:
                raise ValidationError({"code": error}) from None


class District(WithinParentRegion):
    municipality = models.ForeignKey(
        Municipality,
        on_delete=models.PROTECT,
        related_name="districts",
        verbose_name=_("municipality"),
    )
    code = models.CharField(
        _("CBS code"),
        max_length=8,
        unique=True,
        validators=[validators.validate_district_code],
        help_text=_("e.g. WK036300"),
    )
    name = models.CharField(_("name"), max_length=100)

    parent_field = "municipality"

    class Meta:
        verbose_name = _("district")
        verbose_name_plural = _("districts")
        ordering = ["name"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(code__regex=validators.DISTRICT_CODE_RE),
                name="district_code_cbs",
            ),
        ]

    def __str__(self):
        return self.name


class NeighbourhoodQuerySet(ScopedQuerySet):
    neighbourhood_lookup = ""


class Neighbourhood(WithinParentRegion):
    district = models.ForeignKey(
        District,
        on_delete=models.PROTECT,
        related_name="neighbourhoods",
        verbose_name=_("district"),
    )
    code = models.CharField(
        _("CBS code"),
        max_length=10,
        unique=True,
        validators=[validators.validate_neighbourhood_code],
        help_text=_("e.g. BU03630000"),
    )
    name = models.CharField(_("name"), max_length=100)

    objects = NeighbourhoodQuerySet.as_manager()
    parent_field = "district"

    class Meta:
        verbose_name = _("neighbourhood")
        verbose_name_plural = _("neighbourhoods")
        ordering = ["name"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(code__regex=validators.NEIGHBOURHOOD_CODE_RE),
                name="neighbourhood_code_cbs",
            ),
        ]

    def __str__(self):
        return self.name


class StreetQuerySet(ScopedQuerySet):
    neighbourhood_lookup = "neighbourhood"


class Street(models.Model):
    """A street within one neighbourhood. A street that crosses a
    neighbourhood boundary is one Street per neighbourhood, so every
    address belongs to exactly one neighbourhood through its street."""

    neighbourhood = models.ForeignKey(
        Neighbourhood,
        on_delete=models.PROTECT,
        related_name="streets",
        verbose_name=_("neighbourhood"),
    )
    name = models.CharField(_("name"), max_length=100)

    objects = StreetQuerySet.as_manager()

    class Meta:
        verbose_name = _("street")
        verbose_name_plural = _("streets")
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(
                fields=["neighbourhood", "name"], name="street_unique_per_neighbourhood"
            ),
            models.CheckConstraint(
                condition=models.Q(name__regex=r"\S"), name="street_name_not_blank"
            ),
        ]

    def __str__(self):
        return self.name


class PostcodeField(models.CharField):
    """A Dutch postcode, stored normalised as ``1234 AB``."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("max_length", 7)
        super().__init__(*args, **kwargs)
        self.validators.append(validators.validate_postcode)

    def to_python(self, value):
        return validators.normalise_postcode(super().to_python(value))

    def pre_save(self, model_instance, add):
        value = validators.normalise_postcode(getattr(model_instance, self.attname))
        setattr(model_instance, self.attname, value)
        return value


class AddressQuerySet(ScopedQuerySet):
    neighbourhood_lookup = "street__neighbourhood"

    def in_walking_order(self):
        """Odd numbers up one side of the street, then even numbers."""
        # even_side is 0 for an odd number and 1 for an even one, so odd sort first.
        return self.annotate(even_side=1 - models.F("house_number") % 2).order_by(
            "street__name", "even_side", "house_number", Length("addition"), "addition"
        )


class Address(models.Model):
    """A door. Addresses exist before anyone living there is known."""

    street = models.ForeignKey(
        Street, on_delete=models.PROTECT, related_name="addresses", verbose_name=_("street")
    )
    house_number = models.PositiveIntegerField(_("house number"))
    addition = models.CharField(
        _("addition"), max_length=10, blank=True, help_text=_("e.g. A, 2-hoog, bis")
    )
    postcode = PostcodeField(_("postcode"))

    objects = AddressQuerySet.as_manager()

    class Meta:
        verbose_name = _("address")
        verbose_name_plural = _("addresses")
        ordering = ["street__name", "house_number", "addition"]
        constraints = [
            models.UniqueConstraint(
                fields=["postcode", "house_number", "addition"], name="address_unique_postcode"
            ),
            models.CheckConstraint(
                condition=models.Q(postcode__regex=validators.POSTCODE_RE),
                name="address_postcode_dutch",
            ),
            models.CheckConstraint(
                condition=models.Q(house_number__gte=1), name="address_house_number_positive"
            ),
        ]
        indexes = [models.Index(fields=["street", "house_number"], name="address_street_number")]

    def __str__(self):
        return f"{self.street.name} {self.number}, {self.postcode}"

    @property
    def number(self):
        """The house number with its addition, as on the door: "12" or "12-A"."""
        return f"{self.house_number}-{self.addition}" if self.addition else str(self.house_number)

    def clean(self):
        self.addition = self.addition.strip()


class TeamQuerySet(ScopedQuerySet):
    def limited_to(self, user):
        """The teams ``user`` belongs to (an admin sees all)."""
        return self.filter(memberships__user=user)


class Team(Timestamped):
    name = models.CharField(_("name"), max_length=100, unique=True)
    neighbourhoods = models.ManyToManyField(
        Neighbourhood, related_name="teams", blank=True, verbose_name=_("neighbourhoods")
    )
    members = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        through="Membership",
        related_name="teams",
        verbose_name=_("members"),
    )

    objects = TeamQuerySet.as_manager()

    class Meta:
        verbose_name = _("team")
        verbose_name_plural = _("teams")
        ordering = ["name"]

    def __str__(self):
        return self.name


class MembershipQuerySet(models.QuerySet):
    def leading(self):
        """The memberships that lead their team: the one filter for "leads
        a team". The database guarantees that their users are team leads or
        admins (see ``Membership``)."""
        return self.filter(role=Membership.Role.LEAD)


class MembershipRole(models.TextChoices):
    """A member's role in a team (``Membership.Role``).
    At module level, so that the model's ``Meta`` constraints can use it."""

    WORKER = "worker", _("worker")
    LEAD = "lead", _("team lead")


class Membership(models.Model):
    """A user in a team, as a worker or as its lead.

    Being a team lead is ``accounts.User.role`` (that is what decides the
    review queue, auditing and the second factor); a lead membership says
    *which* team they lead, and so which proposals they review
    (``neighbourhoods.scoping``). The database keeps the two in step, for
    every writer (forms, bulk updates, a shell, raw SQL), with two triggers
    from migration 0002:

    - ``membership_lead_is_team_lead`` (BEFORE INSERT, or UPDATE of role or
      user, of a lead membership) refuses it unless the user's role is team
      lead or administrator (``Role.leading``); it holds a share lock on the
      user's row, so a demotion running at the same time waits for it or it
      for the demotion;
    - ``user_demoted_leads_no_team`` (AFTER UPDATE of ``accounts_user.role``
      to worker) turns that user's lead memberships into worker ones, in the
      same statement. Demoting rather than refusing lets the user admin save
      a demotion and the changed memberships in one form (Django saves the
      user before its inlines); the form itself still asks the admin to
      change the memberships explicitly (``clean``).

    These are plain SQL rather than django-pgtrigger triggers, so that
    ``pgtrigger.ignore`` cannot switch them off."""

    Role = MembershipRole

    team = models.ForeignKey(
        Team, on_delete=models.CASCADE, related_name="memberships", verbose_name=_("team")
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="memberships",
        verbose_name=_("user"),
    )
    role = models.CharField(
        _("role in team"),
        max_length=10,
        choices=Role,
        default=Role.WORKER,
        help_text=_("Only a user with the role team lead or administrator can lead a team."),
    )

    objects = MembershipQuerySet.as_manager()

    class Meta:
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")
        constraints = [
            models.UniqueConstraint(fields=["team", "user"], name="membership_unique_user"),
            models.CheckConstraint(
                condition=models.Q(role__in=MembershipRole.values), name="membership_role_valid"
            ),
        ]

    def __str__(self):
        return f"{self.user}, {self.team} ({self.get_role_display()})"

    @property
    def is_lead(self):
        return self.role == self.Role.LEAD

    def clean(self):
        """The message for what the database refuses anyway. ``self.user``
        may not be saved yet, or be changed and not saved yet: the user
        admin's inline checks its memberships against the user as the same
        form is about to save them (a new user included), so a promotion and
        a lead membership go together, and a demotion that leaves a lead
        membership is refused here rather than by the database."""
        if not self.is_lead:
            return
        try:
            user = self.user
        except ObjectDoesNotExist:
            return  # the user field reports that it is missing
        if not user.may_lead_a_team:
            message = _("Only a user with the role team lead or administrator can lead a team.")
            raise ValidationError({"role": message})
