from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from contacts.models import Consent, Resident, Signal


def signal_refusal(resident):
    """Why no signal or referral can be made for ``resident`` now, or None
    (``Resident.may_be_shared``: active, consent to sharing). No query."""
    return resident.why_not(Consent.SHARE)


@transaction.atomic
def signal_create(*, resident, kind, reason, organisation=None, conversation=None, created_by):
    """A signal to the district team or a referral to ``organisation``.

    Refused, saying why, unless the resident may be shared about (active,
    consent to sharing); the resident's row is locked so the consent cannot
    be withdrawn halfway."""
    resident = Resident.objects.select_for_update().get(pk=resident.pk)
    refusal = signal_refusal(resident)
    if refusal:
        raise ValidationError(refusal, code="no_share_consent")
    errors = {}
    if kind == Signal.Kind.REFERRAL:
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
    return signal
