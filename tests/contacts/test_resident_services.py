"""The resident services: creating with consents, editing with the version
guard, and recording or withdrawing consent."""

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from buurtwerk.versioning import EditConflict
from contacts.models import Consent, ConsentRecord, Resident
from contacts.services.residents import (
    consent_set,
    resident_create,
    resident_update,
)

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english_messages")]


ALL_GIVEN = {Consent.STORE: True, Consent.MATCH: True, Consent.SHARE: True}


@pytest.fixture
def full_resident(address, worker):
    """A resident who consented to everything and gave their details."""
    return resident_create(
        name="Fatima Amrani",
        created_by=worker,
        address=address,
        consents=ALL_GIVEN,
        languages=["nld", "ara"],
        reach_by=Resident.ReachBy.PHONE,
        phone="06-12345678",
        email="fatima@example.org",
        is_connector=True,
    )


def test_a_refusal_keeps_only_the_name_and_address(address, worker):
    resident = resident_create(
        name="  Kees Weigeraar ",
        created_by=worker,
        address=address,
        consents={Consent.STORE: False, Consent.MATCH: True},
    )
    resident.refresh_from_db()
    assert resident.name == "Kees Weigeraar"
    assert resident.address == address
    assert resident.neighbourhood == address.street.neighbourhood
    assert (resident.may_store, resident.may_match, resident.may_share) == (False, False, False)
    assert resident.languages == []
    assert resident.phone == resident.email == ""
    assert resident.reach_by == Resident.ReachBy.WORKER
    # Matching was answered yes, but without storage it is recorded as refused.
    records = {r.purpose: r.given for r in resident.consent_records.all()}
    assert records == {"store": False, "match": False}


def test_a_refusal_with_extra_details_is_refused_field_by_field(address, worker):
    with pytest.raises(ValidationError) as caught:
        resident_create(
            name="Kees Weigeraar",
            created_by=worker,
            address=address,
            consents={Consent.STORE: False},
            phone="0612345678",
            languages=["nld"],
            is_connector=True,
        )
    assert set(caught.value.message_dict) == {"phone", "languages", "is_connector"}
    assert not Resident.objects.filter(name="Kees Weigeraar").exists()


def test_the_database_refuses_a_phone_without_consent_to_store(address, worker):
    resident = resident_create(name="Kees Weigeraar", created_by=worker, address=address)
    with pytest.raises(IntegrityError), transaction.atomic():
        Resident.objects.filter(pk=resident.pk).update(phone="+31612345678")


def test_withdrawing_consent_to_store_clears_the_extras_and_withdraws_the_others(
    full_resident, lead
):
    record = consent_set(
        resident=full_resident, purpose=Consent.STORE, given=False, recorded_by=lead
    )
    full_resident.refresh_from_db()
    assert record.withdrawn_by == lead
    assert (full_resident.may_store, full_resident.may_match, full_resident.may_share) == (
        False,
        False,
        False,
    )
    assert full_resident.languages == []
    assert full_resident.phone == full_resident.email == ""
    assert full_resident.is_connector is False
    assert full_resident.reach_by == Resident.ReachBy.WORKER
    assert full_resident.name == "Fatima Amrani"
    withdrawn = ConsentRecord.objects.filter(resident=full_resident, withdrawn_at__isnull=False)
    assert {r.purpose for r in withdrawn} == {"store", "match", "share"}
    assert not ConsentRecord.objects.filter(
        resident=full_resident, given=True, withdrawn_at__isnull=True
    ).exists()


def test_matching_needs_consent_to_store_first(address, worker):
    resident = resident_create(name="Kees Weigeraar", created_by=worker, address=address)
    with pytest.raises(ValidationError, match="store data first"):
        consent_set(resident=resident, purpose=Consent.MATCH, given=True, recorded_by=worker)
    resident.refresh_from_db()
    assert resident.may_match is False


def test_an_update_on_a_stale_version_raises_edit_conflict(full_resident, worker, lead):
    opened_at = full_resident.version
    resident_update(
        resident=full_resident, expected_version=opened_at, updated_by=lead, name="Fatima A."
    )
    with pytest.raises(EditConflict) as caught:
        resident_update(
            resident=full_resident,
            expected_version=opened_at,
            updated_by=worker,
            name="Fatima Amrani-Bakker",
        )
    assert caught.value.current.name == "Fatima A."
    assert caught.value.current.version == opened_at + 1
    full_resident.refresh_from_db()
    assert full_resident.name == "Fatima A."


def test_an_update_on_the_current_version_raises_the_version(full_resident, worker):
    updated = resident_update(
        resident=full_resident,
        expected_version=full_resident.version,
        updated_by=worker,
        phone="020 - 123 45 67",
    )
    assert updated.version == full_resident.version + 1
    assert updated.phone == "+31201234567"


def test_a_consent_answer_changes_the_version_so_an_open_form_conflicts(full_resident, worker):
    opened_at = full_resident.version
    consent_set(resident=full_resident, purpose=Consent.SHARE, given=False, recorded_by=worker)
    with pytest.raises(EditConflict):
        resident_update(
            resident=full_resident, expected_version=opened_at, updated_by=worker, name="X"
        )


def test_there_is_one_current_consent_per_purpose(full_resident, worker, lead):
    first = ConsentRecord.objects.get(resident=full_resident, purpose=Consent.MATCH)
    again = consent_set(
        resident=full_resident, purpose=Consent.MATCH, given=True, recorded_by=lead
    )
    assert again == first
    assert ConsentRecord.objects.filter(resident=full_resident, purpose="match").count() == 1
    with pytest.raises(IntegrityError), transaction.atomic():
        ConsentRecord.objects.create(
            resident=full_resident,
            purpose=Consent.MATCH,
            given=True,
            recorded_by=lead,
            recorded_at=timezone.now(),
        )


def test_consent_given_again_after_withdrawal_is_a_new_record(full_resident, worker):
    consent_set(resident=full_resident, purpose=Consent.SHARE, given=False, recorded_by=worker)
    record = consent_set(
        resident=full_resident,
        purpose=Consent.SHARE,
        given=True,
        recorded_by=worker,
        method=ConsentRecord.Method.WRITTEN,
    )
    full_resident.refresh_from_db()
    assert full_resident.may_share is True
    assert record.method == ConsentRecord.Method.WRITTEN
    assert ConsentRecord.objects.filter(resident=full_resident, purpose="share").count() == 2


def test_the_phone_number_is_stored_normalised(full_resident):
    full_resident.refresh_from_db()
    assert full_resident.phone == "+31612345678"


@pytest.mark.parametrize("phone", ["12345", "06-1234", "bel maar aan"])
def test_an_invalid_phone_number_is_rejected(address, worker, phone):
    with pytest.raises(ValidationError) as caught:
        resident_create(
            name="Piet Puk",
            created_by=worker,
            address=address,
            consents={Consent.STORE: True},
            phone=phone,
        )
    assert "phone" in caught.value.message_dict


def test_reaching_by_phone_needs_a_phone_number(address, worker):
    with pytest.raises(ValidationError):
        resident_create(
            name="Piet Puk",
            created_by=worker,
            address=address,
            consents={Consent.STORE: True},
            reach_by=Resident.ReachBy.PHONE,
        )


def test_withdrawing_consent_to_store_removes_talents_and_needs(worker, resident):
    from contacts.models import Consent
    from contacts.services.residents import consent_set
    from tests.contacts.factories import NeedFactory, TalentFactory
    from tests.matches.factories import MatchFactory

    TalentFactory(resident=resident)
    kept = NeedFactory(resident=resident)
    MatchFactory(need=kept)
    consent_set(resident=resident, purpose=Consent.STORE, given=False, recorded_by=worker)
    assert not resident.talents.exists()
    assert list(resident.needs.values_list("pk", "status")) == [(kept.pk, "closed")]
