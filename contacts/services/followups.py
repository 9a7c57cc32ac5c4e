from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from contacts.models import FollowUp
from neighbourhoods.models import Team


def _neighbourhood_of(*, resident, conversation, door_knock, report, neighbourhood):
    """The neighbourhood a follow-up belongs to: that of what it is linked
    to, in this order, else the one given. May query the door knock's street."""
    if resident is not None:
        return resident.neighbourhood
    if conversation is not None:
        return conversation.neighbourhood
    if door_knock is not None:
        return door_knock.address.street.neighbourhood
    if report is not None:
        return report.neighbourhood
    return neighbourhood


def can_be_assigned(user, neighbourhood):
    """Whether ``user`` may hold a follow-up in ``neighbourhood``: a member
    of a team working there, or someone who sees everything. One query
    unless the user sees everything."""
    if user.sees_everything:
        return True
    return Team.objects.filter(neighbourhoods=neighbourhood, memberships__user=user).exists()


@transaction.atomic
def followup_create(
    *,
    description,
    due_on,
    assigned_to,
    created_by,
    resident=None,
    conversation=None,
    door_knock=None,
    report=None,
    neighbourhood=None,
    signal=None,
):
    """A follow-up for ``assigned_to``, in the neighbourhood of what it is
    linked to (``neighbourhood`` only counts when it is linked to nothing;
    ``signal``: to check its answer, with its ``resident``).
    The assigned worker must work in that neighbourhood."""
    neighbourhood = _neighbourhood_of(
        resident=resident,
        conversation=conversation,
        door_knock=door_knock,
        report=report,
        neighbourhood=neighbourhood,
    )
    if neighbourhood is None:
        raise ValidationError({"neighbourhood": _("Choose a neighbourhood.")})
    if not can_be_assigned(assigned_to, neighbourhood):
        raise ValidationError(
            {
                "assigned_to": _("%(user)s does not work in %(neighbourhood)s.")
                % {"user": assigned_to, "neighbourhood": neighbourhood}
            }
        )
    follow_up = FollowUp(
        neighbourhood=neighbourhood,
        description=description.strip(),
        due_on=due_on,
        assigned_to=assigned_to,
        created_by=created_by,
        resident=resident,
        conversation=conversation,
        door_knock=door_knock,
        report=report,
        signal=signal,
    )
    follow_up.full_clean()
    follow_up.save()
    return follow_up


@transaction.atomic
def followup_set_done(*, follow_up, done, by):
    """Mark ``follow_up`` done by ``by`` (now), or open again. Marking a
    done follow-up done again keeps who did it first, so a double tap is
    harmless. Returns the follow-up as saved."""
    current = FollowUp.objects.select_for_update().get(pk=follow_up.pk)
    if done and current.done_at is None:
        current.done_at = timezone.now()
        current.done_by = by
    elif not done:
        current.done_at = None
        current.done_by = None
        current.cancelled = False
    else:
        return current
    current.save(update_fields=["done_at", "done_by", "cancelled", "updated_at"])
    return current
