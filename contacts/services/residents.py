from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from buurtwerk.versioning import lock_at_version
from contacts.models import Consent, ConsentRecord, Resident
from contacts.models.heard import Heard
from contacts.services.activities import attendance_make_anonymous
from contacts.validators import normalise_phone

#: What may be stored about a resident who did not consent to storing data,
#: beyond the name and address needed to record the refusal: nothing.
_EXTRA_FIELDS = ("languages", "phone", "email", "is_connector", "reach_by")
_EDITABLE_FIELDS = ("name", "address", "neighbourhood", *_EXTRA_FIELDS, "external_ref", "status")


def _place(resident, address, neighbourhood):
    if address is not None:
        resident.address = address
        resident.neighbourhood = address.street.neighbourhood
    elif neighbourhood is not None:
        resident.address = None
        resident.neighbourhood = neighbourhood
    if resident.neighbourhood_id is None:
        raise ValidationError({"address": _("Choose an address or a neighbourhood.")})


def _refuse_extras_without_consent(resident):
    if resident.may_store:
        return
    errors = {}
    if resident.languages:
        errors["languages"] = _("Without consent to store data, leave this empty.")
    if resident.phone:
        errors["phone"] = _("Without consent to store data, leave this empty.")
    if resident.email:
        errors["email"] = _("Without consent to store data, leave this empty.")
    if resident.is_connector:
        errors["is_connector"] = _("Without consent to store data, leave this empty.")
    if resident.reach_by != Resident.ReachBy.WORKER:
        errors["reach_by"] = _("Without consent to store data, choose 'via the worker'.")
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def resident_create(
    *,
    name,
    created_by,
    address=None,
    neighbourhood=None,
    consents=None,
    consent_method=ConsentRecord.Method.SPOKEN,
    **fields,
):
    """A new resident with their consent answers.

    ``consents`` maps a ``Consent`` to True (given) or False (refused);
    purposes left out were not asked. ``fields`` are other Resident fields
    (languages, reach_by, phone, email, is_connector, external_ref)."""
    consents = dict(consents or {})
    if not consents.get(Consent.STORE):
        # Matching and sharing both need the data to be stored first.
        consents = dict.fromkeys(consents, False)
    resident = Resident(name=name.strip(), created_by=created_by, **fields)
    resident.phone = normalise_phone(resident.phone)
    _place(resident, address, neighbourhood)
    for purpose, given in consents.items():
        setattr(resident, Consent(purpose).flag, given)
    _refuse_extras_without_consent(resident)
    resident.full_clean()
    resident.save()
    now = timezone.now()
    ConsentRecord.objects.bulk_create(
        ConsentRecord(
            resident=resident,
            purpose=purpose,
            given=given,
            method=consent_method,
            recorded_by=created_by,
            recorded_at=now,
        )
        for purpose, given in consents.items()
    )
    return resident


@transaction.atomic
def resident_update(
    *, resident, expected_version, updated_by, address=None, neighbourhood=None, **fields
):
    """Save the changed ``fields`` of ``resident``, unless someone else saved
    it after the form was opened at ``expected_version``: then EditConflict,
    carrying the resident as it is now."""
    current = lock_at_version(resident, expected_version)
    unknown = set(fields) - set(_EDITABLE_FIELDS)
    if unknown:
        raise TypeError(f"resident_update() cannot change {', '.join(sorted(unknown))}")
    for field, value in fields.items():
        setattr(current, field, value)
    current.phone = normalise_phone(current.phone)
    if address is not None or neighbourhood is not None:
        _place(current, address, neighbourhood)
    _refuse_extras_without_consent(current)
    current.full_clean()
    current.save()
    return current


def _forget_what_was_heard(resident):
    """Without consent to store data, talents and needs go: deleted, or
    closed where a match refers to them (its history stays until the
    resident is anonymised)."""
    for heard in (resident.talents, resident.needs):
        heard.filter(matches__isnull=True).delete()
        heard.update(status=Heard.Status.CLOSED)


@transaction.atomic
def consent_set(*, resident, purpose, given, recorded_by, method=ConsentRecord.Method.SPOKEN):
    """Record a consent answer. Refusing a consent that was given withdraws
    it; withdrawing consent to store data also withdraws matching and
    sharing and removes all but the name and address (their attendance at
    activities becomes part of the headcount). Returns the record
    (a new one, the withdrawn one, or the unchanged current one)."""
    purpose = Consent(purpose)
    resident = Resident.objects.select_for_update().get(pk=resident.pk)
    if given and purpose != Consent.STORE and not resident.may_store:
        raise ValidationError(
            _("Record consent to store data first: %(purpose)s needs it.")
            % {"purpose": purpose.label}
        )
    current = ConsentRecord.objects.filter(
        resident=resident, purpose=purpose, given=True, withdrawn_at__isnull=True
    ).first()
    now = timezone.now()
    if given:
        record = current or ConsentRecord.objects.create(
            resident=resident,
            purpose=purpose,
            given=True,
            method=method,
            recorded_by=recorded_by,
            recorded_at=now,
        )
    elif current:
        current.withdrawn_at = now
        current.withdrawn_by = recorded_by
        current.save(update_fields=["withdrawn_at", "withdrawn_by"])
        record = current
    else:
        record = ConsentRecord.objects.create(
            resident=resident,
            purpose=purpose,
            given=False,
            method=method,
            recorded_by=recorded_by,
            recorded_at=now,
        )
    setattr(resident, purpose.flag, given)
    if purpose == Consent.STORE and not given:
        for dependent in (Consent.MATCH, Consent.SHARE):
            if getattr(resident, dependent.flag):
                consent_set(
                    resident=resident, purpose=dependent, given=False, recorded_by=recorded_by
                )
                setattr(resident, dependent.flag, False)
        _forget_what_was_heard(resident)
        attendance_make_anonymous(resident=resident)
        resident.languages, resident.phone, resident.email = [], "", ""
        resident.is_connector = False
        resident.reach_by = Resident.ReachBy.WORKER
    resident.version += 1
    resident.save()
    return record
