"""Signals to the district team and referrals to organisations, with
their loop: each is sent with a follow-up to check the answer, and its
status moves as the answer comes (``STATUS_STEPS``, the one table of which
status may follow which)."""

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from contacts.models import Consent, FollowUp, Resident, Signal
from contacts.services.followups import can_be_assigned, followup_create

Status = Signal.Status

#: status -> the statuses it may move to. A late answer after "no answer"
#: still counts; "done" is the end.
STATUS_STEPS = {
    Status.SENT: [Status.ACCEPTED, Status.DONE, Status.NO_ANSWER],
    Status.ACCEPTED: [Status.DONE, Status.NO_ANSWER],
    Status.NO_ANSWER: [Status.ACCEPTED, Status.DONE],
    Status.DONE: [],
}

#: The follow-up to check the answer is due this many days after sending.
CHECK_ANSWER_DAYS = 14


def next_statuses(signal):
    """The statuses ``signal`` may move to now (what its page offers). No query."""
    return STATUS_STEPS[signal.status]


def signal_refusal(resident):
    """Why no signal or referral can be made for ``resident`` now, or None
    (``Resident.may_be_shared``: active, consent to sharing). No query."""
    return resident.why_not(Consent.SHARE)


@transaction.atomic
def signal_create(*, resident, kind, reason, organisation=None, conversation=None, created_by):
    """A signal to the district team, or a referral to ``organisation``
    (or having gone along there, a warm hand-over), sent: with a follow-up
    for ``created_by`` to check the answer in ``CHECK_ANSWER_DAYS`` (when
    they work in the resident's neighbourhood).

    Refused, saying why, unless the resident may be shared about (active,
    consent to sharing); the resident's row is locked so the consent cannot
    be withdrawn halfway."""
    resident = Resident.objects.select_for_update().get(pk=resident.pk)
    refusal = signal_refusal(resident)
    if refusal:
        raise ValidationError(refusal, code="no_share_consent")
    errors = {}
    if kind in Signal.Kind.to_organisation():
        if organisation is None:
            errors["organisation"] = _("Choose the organisation you refer them to.")
        elif not organisation.is_active:
            errors["organisation"] = _("This organisation is no longer in use.")
    elif organisation is not None:
        errors["organisation"] = _("A signal goes to the district team, not to an organisation.")
    if conversation is not None and not conversation.residents.filter(pk=resident.pk).exists():
        errors["conversation"] = _("Choose a conversation with this resident.")
    if errors:
        raise ValidationError(errors)
    signal = Signal(
        resident=resident,
        kind=kind,
        reason=(reason or "").strip(),
        organisation=organisation,
        conversation=conversation,
        created_by=created_by,
    )
    signal.full_clean()
    signal.save()
    if can_be_assigned(created_by, resident.neighbourhood):
        followup_create(
            description=_("Check the answer: %(what)s for %(name)s")
            % {"what": signal, "name": resident.name},
            due_on=timezone.localdate() + datetime.timedelta(days=CHECK_ANSWER_DAYS),
            assigned_to=created_by,
            created_by=created_by,
            resident=resident,
            signal=signal,
        )
    return signal


@transaction.atomic
def signal_set_status(*, signal, by, status, feedback=""):
    """Record the answer to ``signal``: its new ``status`` (one
    ``STATUS_STEPS`` allows from the current one) and what they answered
    (kept unless a new answer is given). The open follow-up to check the
    answer is done. Refused (``ValidationError``) for someone outside the
    resident's neighbourhoods or a step the table does not allow."""
    current = Signal.objects.select_for_update().select_related("resident").get(pk=signal.pk)
    if not Signal.objects.visible_to(by).filter(pk=current.pk).exists():
        raise ValidationError(_("You do not work in the neighbourhood of this resident."))
    if status not in STATUS_STEPS.get(current.status, []):
        raise ValidationError(
            {
                "status": _("It is %(now)s: it cannot become %(then)s.")
                % {
                    "now": current.get_status_display(),
                    "then": Status(status).label if status in Status.values else status,
                }
            }
        )
    now = timezone.now()
    current.status = status
    feedback = (feedback or "").strip()
    if feedback:
        current.feedback = feedback
    current.status_changed_at = now
    current.status_changed_by = by
    current.full_clean()
    current.save()
    FollowUp.objects.open().filter(signal=current).update(done_at=now, done_by=by, updated_at=now)
    return current
