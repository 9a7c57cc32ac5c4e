import uuid

import pghistory
from django.db import models
from django.db.models import Exists, OuterRef
from django.utils.translation import gettext_lazy as _

from buurtwerk.models import CreatedByUser
from buurtwerk.versioning import Versioned
from neighbourhoods.scoping import ScopedQuerySet, visible_neighbourhood_ids


class InitiativeQuerySet(ScopedQuerySet):
    def limited_to(self, user):
        """Initiatives active in at least one of the user's neighbourhoods."""
        through = Initiative.neighbourhoods.through.objects.filter(
            initiative_id=OuterRef("pk"), neighbourhood_id__in=visible_neighbourhood_ids(user)
        )
        return self.filter(Exists(through))

    def active(self):
        return self.filter(is_active=True)


class InitiativeStage(models.TextChoices):
    """Where an initiative stands (``Initiative.Stage``); which step leads
    where is ``contacts.services.initiatives.STAGE_STEPS``. "Carries on
    without the worker" is the aim: make yourself redundant."""

    IDEA = "idea", _("idea")
    STARTING = "starting", _("starting")
    RUNNING = "running", _("running")
    INDEPENDENT = "independent", _("carries on without the worker")
    STOPPED = "stopped", _("stopped")


class Initiative(Versioned, CreatedByUser):
    """A resident-led group or activity: a women's group, a community
    garden, a dinner, a football tournament, a clean-up. What it offers and
    what it needs are Talents and Needs that belong to it."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    name = models.CharField(_("name"), max_length=120)
    description = models.TextField(_("description"), max_length=2000, blank=True)
    neighbourhoods = models.ManyToManyField(
        "neighbourhoods.Neighbourhood",
        related_name="initiatives",
        verbose_name=_("neighbourhoods"),
    )
    where = models.CharField(
        _("where and when"),
        max_length=200,
        blank=True,
        help_text=_("e.g. Buurthuis, Tuesdays 18:00"),
    )
    is_active = models.BooleanField(_("active"), default=True)
    stage = models.CharField(
        _("stage"),
        max_length=11,
        choices=InitiativeStage,
        default=InitiativeStage.RUNNING,
        db_default=InitiativeStage.RUNNING,
    )

    Stage = InitiativeStage

    objects = InitiativeQuerySet.as_manager()

    class Meta:
        db_table = "matches_initiative"  # moved from matches; the table kept its name
        verbose_name = _("initiative")
        verbose_name_plural = _("initiatives")
        ordering = ["name"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(stage__in=InitiativeStage.values),
                name="initiative_stage_valid",
            ),
        ]

    def __str__(self):
        return self.name


class InitiativeMemberRole(models.TextChoices):
    """The roles of an initiative's members (``InitiativeMember.Role``).
    At module level, so that the model's ``Meta`` constraints can use it."""

    ORGANISER = "organiser", _("organiser")
    MEMBER = "member", _("member")


class InitiativeMember(models.Model):
    Role = InitiativeMemberRole

    initiative = models.ForeignKey(
        Initiative, on_delete=models.CASCADE, related_name="members", verbose_name=_("initiative")
    )
    resident = models.ForeignKey(
        "contacts.Resident",
        on_delete=models.CASCADE,
        related_name="initiative_memberships",
        verbose_name=_("resident"),
    )
    role = models.CharField(_("role"), max_length=10, choices=Role, default=Role.MEMBER)
    joined_on = models.DateField(_("since"), null=True, blank=True)

    class Meta:
        db_table = "matches_initiativemember"  # moved from matches; the table kept its name
        verbose_name = _("initiative member")
        verbose_name_plural = _("initiative members")
        ordering = ["role", "resident__name"]
        constraints = [
            models.UniqueConstraint(
                fields=["initiative", "resident"], name="initiative_member_once"
            ),
            models.CheckConstraint(
                condition=models.Q(role__in=InitiativeMemberRole.values),
                name="initiative_member_role_valid",
            ),
        ]

    def __str__(self):
        return f"{self.resident}, {self.get_role_display()}"


#: The history of an initiative's stage: a row, by database trigger
#: (django-pghistory, like ``FollowUpEvent``), when it is created and
#: whenever its stage changes, with who changed it in the pghistory
#: context. The stage only, so nothing in it names a resident. The audit
#: app's ``InitiativeEvent`` leaves the stage out: this is its history.
InitiativeStageEvent = pghistory.create_event_model(
    Initiative,
    pghistory.InsertEvent("created"),
    pghistory.UpdateEvent("stage_changed"),
    fields=["stage"],
    obj_field=pghistory.ObjForeignKey(related_name="stage_history", related_query_name="+"),
    app_label="contacts",
    model_name="InitiativeStageEvent",
    abstract=False,
    meta={"verbose_name": _("initiative stage change")},
)
