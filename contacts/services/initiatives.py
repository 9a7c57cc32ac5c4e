"""Writes for initiatives: creating and changing one, and its members.

An initiative can span neighbourhoods of several teams. A worker chooses
among their own neighbourhoods only, and never takes an initiative away
from a neighbourhood they do not work in: those stay as they are."""

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from buurtwerk.versioning import lock_at_version
from contacts.models import Consent, Initiative, InitiativeMember, InitiativeStage, Resident
from neighbourhoods.models import Neighbourhood


def _own_neighbourhoods(*, user, neighbourhoods):
    """``neighbourhoods`` as a set of ids, all among ``user``'s and at least
    one; else a ValidationError on ``neighbourhoods``. One query."""
    chosen = {neighbourhood.pk for neighbourhood in neighbourhoods}
    if not chosen:
        raise ValidationError({"neighbourhoods": _("Choose at least one neighbourhood.")})
    allowed = set(
        Neighbourhood.objects.visible_to(user).filter(pk__in=chosen).values_list("pk", flat=True)
    )
    if chosen - allowed:
        raise ValidationError({"neighbourhoods": _("Choose only neighbourhoods you work in.")})
    return chosen


@transaction.atomic
def initiative_create(
    *, name, neighbourhoods, created_by, description="", where="", is_active=True
):
    """A new initiative in ``neighbourhoods`` (all among ``created_by``'s)."""
    chosen = _own_neighbourhoods(user=created_by, neighbourhoods=neighbourhoods)
    initiative = Initiative(
        name=name.strip(),
        description=description.strip(),
        where=where.strip(),
        is_active=is_active,
        stage=InitiativeStage.RUNNING if is_active else InitiativeStage.STOPPED,
        created_by=created_by,
    )
    initiative.full_clean()
    initiative.save()
    initiative.neighbourhoods.set(chosen)
    return initiative


@transaction.atomic
def initiative_update(
    *,
    initiative,
    updated_by,
    name,
    neighbourhoods,
    description="",
    where="",
    is_active=True,
    expected_version=None,
):
    """Save ``initiative`` with these values. ``neighbourhoods`` are those
    of ``updated_by``'s it is in now; the initiative stays in the
    neighbourhoods ``updated_by`` does not work in.

    With ``expected_version`` (when the form was opened) it refuses to
    overwrite someone else's save in between: EditConflict, carrying the
    initiative as it is now."""
    current = lock_at_version(initiative, expected_version)
    chosen = _own_neighbourhoods(user=updated_by, neighbourhoods=neighbourhoods)
    theirs = set(
        current.neighbourhoods.exclude(
            pk__in=Neighbourhood.objects.visible_to(updated_by).values("pk")
        ).values_list("pk", flat=True)
    )
    current.name = name.strip()
    current.description = description.strip()
    current.where = where.strip()
    if current.is_active != is_active:
        current.stage = _stage_for_active(current.stage, is_active)
    current.is_active = is_active
    current.full_clean()
    current.save()
    current.neighbourhoods.set(chosen | theirs)
    return current


#: The stage an initiative can go to from each stage: one place that says
#: which steps are allowed (the initiative page asks it which buttons to
#: show). Stopped is always possible until it has stopped; a stopped one can
#: start again; one that carries on without the worker can need them again.
STAGE_STEPS = {
    InitiativeStage.IDEA: (
        InitiativeStage.STARTING,
        InitiativeStage.RUNNING,
        InitiativeStage.STOPPED,
    ),
    InitiativeStage.STARTING: (InitiativeStage.RUNNING, InitiativeStage.STOPPED),
    InitiativeStage.RUNNING: (InitiativeStage.INDEPENDENT, InitiativeStage.STOPPED),
    InitiativeStage.INDEPENDENT: (InitiativeStage.RUNNING, InitiativeStage.STOPPED),
    InitiativeStage.STOPPED: (InitiativeStage.STARTING,),
}


def stages_after(stage):
    """The stages an initiative at ``stage`` can go to next."""
    return STAGE_STEPS[InitiativeStage(stage)]


def _stage_for_active(stage, is_active):
    """The stage an initiative at ``stage`` goes to when the edit form's
    "active" is ticked or unticked: stopped, or starting again (both steps
    of ``STAGE_STEPS``)."""
    to = InitiativeStage.STARTING if is_active else InitiativeStage.STOPPED
    return to if to in stages_after(stage) else stage


@transaction.atomic
def initiative_set_stage(*, initiative, stage, by):
    """Move ``initiative`` to ``stage`` (one of ``STAGE_STEPS``); the stage
    history (``InitiativeStageEvent``) records it, with ``by`` from the
    request's history context. A stopped initiative is no longer active;
    one that starts again is. Refused: someone outside its neighbourhoods,
    an unknown stage, or a step ``STAGE_STEPS`` does not allow (the same
    stage included)."""
    current = Initiative.objects.select_for_update().get(pk=initiative.pk)
    if not Initiative.objects.visible_to(by).filter(pk=current.pk).exists():
        raise ValidationError(_("You do not work in the neighbourhoods of this initiative."))
    if stage not in InitiativeStage.values:
        raise ValidationError({"stage": _("Choose a stage.")})
    if stage not in stages_after(current.stage):
        raise ValidationError(
            {
                "stage": _("From %(from)s it cannot go to %(to)s.")
                % {
                    "from": current.get_stage_display(),
                    "to": InitiativeStage(stage).label,
                }
            }
        )
    current.stage = stage
    current.is_active = stage != InitiativeStage.STOPPED
    current.version += 1
    current.save(update_fields=["stage", "is_active", "version", "updated_at"])
    return current


def _refuse_as_member(resident):
    """A membership is recorded about the resident: ``may_be_recorded``."""
    problem = resident.why_not(Consent.STORE)
    if problem:
        raise ValidationError(problem)


@transaction.atomic
def initiative_member_add(
    *, initiative, resident, added_by, role=InitiativeMember.Role.MEMBER, joined_on=None
):
    """Make ``resident`` (active, with consent to store data) a member or
    organiser of ``initiative``. Adding someone who is already a member is
    refused; change their role instead."""
    resident = Resident.objects.get(pk=resident.pk)
    _refuse_as_member(resident)
    member = InitiativeMember(
        initiative=initiative,
        resident=resident,
        role=role,
        joined_on=joined_on or timezone.localdate(),
    )
    member.full_clean(validate_constraints=False)
    already = _("%(name)s is already a member of %(initiative)s.") % {
        "name": resident.name,
        "initiative": initiative.name,
    }
    if InitiativeMember.objects.filter(initiative=initiative, resident=resident).exists():
        raise ValidationError(already)
    try:
        # Two workers adding the same person at once: the constraint decides.
        with transaction.atomic():
            member.save()
    except IntegrityError:
        raise ValidationError(already) from None
    return member


@transaction.atomic
def initiative_member_set_role(*, initiative, resident, role, changed_by):
    """Make a member an organiser, or an organiser a member."""
    member = (
        InitiativeMember.objects.select_for_update()
        .filter(initiative=initiative, resident=resident)
        .first()
    )
    if member is None:
        raise ValidationError(
            _("%(name)s is not a member of %(initiative)s.")
            % {"name": resident.name, "initiative": initiative.name}
        )
    member.role = role
    member.full_clean(validate_constraints=False)
    member.save(update_fields=["role"])
    return member


@transaction.atomic
def initiative_member_remove(*, initiative, resident, removed_by):
    """``resident`` is no longer part of ``initiative``. Removing someone
    who is not (or no longer) a member is refused."""
    deleted, _rows = InitiativeMember.objects.filter(
        initiative=initiative, resident=resident
    ).delete()
    if not deleted:
        raise ValidationError(
            _("%(name)s is not a member of %(initiative)s.")
            % {"name": resident.name, "initiative": initiative.name}
        )
