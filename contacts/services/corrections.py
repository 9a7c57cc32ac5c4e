"""Corrections: a saved conversation or follow-up changed afterwards by
its author or a team lead (the resident's right to correction, a typo in
the notes, a follow-up moved or handed to a colleague).

``may_correct`` is the one rule for who may; the services check it again.
The change history is kept by the database: conversations and who took
part are tracked in ``audit`` (django-pghistory, before → after on the
resident's history page), a follow-up's due date and assignee in
``contacts.FollowUpEvent`` (the same triggers, no free text)."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from contacts.models import Conversation, FollowUp
from contacts.services.conversations import _resident_errors
from contacts.services.followups import can_be_assigned


def may_correct(user, record):
    """Whether ``user`` may correct ``record`` (a conversation or a
    follow-up they can see): its author, or a team lead or admin. No
    query."""
    return user.is_active and (record.created_by_id == user.pk or user.has_lead_rights)


def _require_may_correct(user, record):
    if not may_correct(user, record):
        raise PermissionDenied(_("Only who wrote it or a team lead may correct this."))


@transaction.atomic
def conversation_correct(*, conversation, by, notes, themes, residents):
    """Correct ``conversation``: its notes, themes and who took part (at
    least one). A resident added must be one who could take part in a new
    conversation there (``_resident_errors``); one removed is simply no
    longer linked (their talents and needs heard stay theirs). Refused
    with PermissionDenied for anyone but the author or a team lead, with
    ValidationError (by field) otherwise. Returns the conversation."""
    current = Conversation.objects.select_for_update().get(pk=conversation.pk)
    _require_may_correct(by, current)
    residents, themes = list(residents), list(themes)
    was = set(current.residents.values_list("pk", flat=True))
    errors = {}
    if not residents:
        errors["residents"] = [_("Tick at least one resident who took part.")]
    else:
        added = [resident for resident in residents if resident.pk not in was]
        if added:
            problems = _resident_errors(
                created_by=by, neighbourhood=current.neighbourhood, residents=added
            )
            if problems:
                errors["residents"] = problems
    if errors:
        raise ValidationError(errors)
    current.notes = (notes or "").strip()
    current.full_clean()
    current.save(update_fields=["notes", "updated_at"])
    current.themes.set(themes)
    current.residents.set(residents)
    return current


@transaction.atomic
def followup_correct(*, follow_up, by, due_on, assigned_to):
    """Move ``follow_up`` to ``due_on`` and/or hand it to ``assigned_to``
    (a member of a team working in its neighbourhood). Only an open one:
    a closed follow-up is history. Refused with PermissionDenied for anyone
    but its author or a team lead, with ValidationError (by field)
    otherwise. Returns the follow-up."""
    current = (
        FollowUp.objects.select_for_update().select_related("neighbourhood").get(pk=follow_up.pk)
    )
    _require_may_correct(by, current)
    if current.is_closed:
        raise ValidationError(_("This follow-up is closed; it can no longer be moved."))
    if due_on is None:
        raise ValidationError({"due_on": _("When is it due?")})
    if due_on < timezone.localdate() and due_on != current.due_on:
        raise ValidationError({"due_on": _("Move it to today or later.")})
    if not can_be_assigned(assigned_to, current.neighbourhood):
        raise ValidationError(
            {
                "assigned_to": _("%(user)s does not work in %(neighbourhood)s.")
                % {"user": assigned_to, "neighbourhood": current.neighbourhood}
            }
        )
    current.due_on = due_on
    current.assigned_to = assigned_to
    current.full_clean()
    current.save(update_fields=["due_on", "assigned_to", "updated_at"])
    return current
