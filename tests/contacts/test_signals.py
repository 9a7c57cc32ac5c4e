"""Signals to the district team and referrals to organisations: only with
the resident's consent to share, and always with a reason."""

import uuid

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from contacts.models import Signal
from contacts.services.signals import signal_create
from tests.contacts.factories import ConversationFactory, OrganisationFactory, ResidentFactory
from tests.neighbourhoods.factories import MunicipalityFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english_messages")]


@pytest.fixture
def sharing_resident(address):
    return ResidentFactory(address=address, name="Anna de Vries", may_share=True)


@pytest.fixture
def organisation(db):
    return OrganisationFactory(name="Schuldhulp Proefstad")


def url(resident):
    return reverse("contacts:signal_create", args=[resident.pk])


def signal_data(**overrides):
    return {
        "kind": "signal",
        "organisation": "",
        "reason": "Trap is onveilig, bewoner kan niet meer naar buiten.",
        "conversation": "",
        "submission_token": str(uuid.uuid4()),
        **overrides,
    }


# The service -------------------------------------------------------------------


def test_the_service_refuses_without_consent_to_share_and_says_why(resident, worker):
    with pytest.raises(ValidationError) as caught:
        signal_create(resident=resident, kind="signal", reason="Zorgen", created_by=worker)
    assert caught.value.messages == [
        "Anna de Vries has not agreed to sharing with the district team. "
        "Ask and record their consent first."
    ]
    assert not Signal.objects.exists()


def test_the_service_records_a_signal(sharing_resident, worker):
    signal = signal_create(
        resident=sharing_resident, kind="signal", reason="  Zorgen  ", created_by=worker
    )
    assert (signal.resident, signal.reason, signal.organisation) == (
        sharing_resident,
        "Zorgen",
        None,
    )


def test_a_referral_needs_an_active_organisation(sharing_resident, worker, organisation):
    with pytest.raises(ValidationError) as caught:
        signal_create(
            resident=sharing_resident, kind="referral", reason="Schulden", created_by=worker
        )
    assert set(caught.value.message_dict) == {"organisation"}
    organisation.is_active = False
    organisation.save()
    with pytest.raises(ValidationError):
        signal_create(
            resident=sharing_resident,
            kind="referral",
            reason="Schulden",
            organisation=organisation,
            created_by=worker,
        )


def test_a_signal_goes_to_no_organisation(sharing_resident, worker, organisation):
    with pytest.raises(ValidationError) as caught:
        signal_create(
            resident=sharing_resident,
            kind="signal",
            reason="Zorgen",
            organisation=organisation,
            created_by=worker,
        )
    assert set(caught.value.message_dict) == {"organisation"}


def test_a_blank_reason_is_refused(sharing_resident, worker):
    with pytest.raises(ValidationError) as caught:
        signal_create(resident=sharing_resident, kind="signal", reason="   ", created_by=worker)
    assert "reason" in caught.value.message_dict


def test_the_conversation_must_be_one_with_the_resident(
    sharing_resident, worker, neighbourhood, resident
):
    elsewhere = ConversationFactory(neighbourhood=neighbourhood, residents=[resident])
    with pytest.raises(ValidationError) as caught:
        signal_create(
            resident=sharing_resident,
            kind="signal",
            reason="Zorgen",
            conversation=elsewhere,
            created_by=worker,
        )
    assert set(caught.value.message_dict) == {"conversation"}


# The page ----------------------------------------------------------------------


def test_the_page_opens_for_a_worker(worker_client, sharing_resident, organisation):
    response = worker_client.get(url(sharing_resident))
    assert response.status_code == 200
    content = response.content.decode()
    assert "Schuldhulp Proefstad" in content
    assert "<fieldset >" in content or "<fieldset>" in content  # not disabled
    assert 'name="submission_token"' in content


def test_the_page_says_up_front_that_consent_is_missing(worker_client, resident):
    response = worker_client.get(url(resident))
    content = response.content.decode()
    assert "has not agreed to sharing with the district team" in content
    assert "<fieldset disabled>" in content


def test_the_page_is_404_for_a_worker_of_another_team(client, other_worker, sharing_resident):
    client.force_login(other_worker)
    assert client.get(url(sharing_resident)).status_code == 404
    assert client.post(url(sharing_resident), signal_data()).status_code == 404
    assert not Signal.objects.exists()


def test_the_page_sends_an_anonymous_visitor_to_login(client, sharing_resident):
    response = client.get(url(sharing_resident))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))


def test_the_page_offers_only_active_organisations_where_the_resident_lives(
    worker_client, sharing_resident, organisation
):
    OrganisationFactory(name="Opgeheven Stichting", is_active=False)
    elsewhere = OrganisationFactory(name="Buurtzorg Elders")
    elsewhere.municipalities.add(MunicipalityFactory(code="GM9902", name="Elders"))
    here = OrganisationFactory(name="Wijkteam Proefstad")
    here.municipalities.add(sharing_resident.neighbourhood.district.municipality)
    form = worker_client.get(url(sharing_resident)).context["form"]
    offered = {o.name for o in form.fields["organisation"].queryset}
    assert offered == {"Schuldhulp Proefstad", "Wijkteam Proefstad"}


def test_the_page_offers_the_residents_recent_conversations(
    worker_client, sharing_resident, resident, neighbourhood
):
    theirs = ConversationFactory(neighbourhood=neighbourhood, residents=[sharing_resident])
    ConversationFactory(neighbourhood=neighbourhood, residents=[resident])
    form = worker_client.get(url(sharing_resident)).context["form"]
    assert list(form.fields["conversation"].queryset) == [theirs]


def test_a_signal_is_recorded_and_leads_back_to_the_resident(
    worker_client, worker, sharing_resident, neighbourhood
):
    conversation = ConversationFactory(neighbourhood=neighbourhood, residents=[sharing_resident])
    response = worker_client.post(
        url(sharing_resident), signal_data(conversation=str(conversation.pk))
    )
    assert response.status_code == 302
    assert response["Location"] == reverse("contacts:resident_detail", args=[sharing_resident.pk])
    signal = Signal.objects.get()
    assert (signal.kind, signal.conversation, signal.created_by) == (
        "signal",
        conversation,
        worker,
    )


def test_a_referral_is_recorded_with_its_organisation(
    worker_client, sharing_resident, organisation
):
    response = worker_client.post(
        url(sharing_resident), signal_data(kind="referral", organisation=organisation.pk)
    )
    assert response.status_code == 302
    assert Signal.objects.get().organisation == organisation


def test_a_referral_without_organisation_is_an_error_beside_the_field(
    worker_client, sharing_resident
):
    response = worker_client.post(url(sharing_resident), signal_data(kind="referral"))
    assert response.status_code == 200
    form = response.context["form"]
    assert list(form.errors) == ["organisation"]
    assert "Trap is onveilig" in response.content.decode()  # what was typed is kept
    assert not Signal.objects.exists()


def test_a_signal_without_a_reason_is_an_error_beside_the_field(worker_client, sharing_resident):
    response = worker_client.post(url(sharing_resident), signal_data(reason=" "))
    assert list(response.context["form"].errors) == ["reason"]


def test_an_organisation_picked_before_switching_to_signal_is_dropped(
    worker_client, sharing_resident, organisation
):
    worker_client.post(url(sharing_resident), signal_data(organisation=organisation.pk))
    assert Signal.objects.get().organisation is None


def test_posting_without_consent_to_share_stores_nothing_and_says_why(worker_client, resident):
    response = worker_client.post(url(resident), signal_data())
    assert response.status_code == 200
    content = response.content.decode()
    assert content.count("has not agreed to sharing with the district team") == 1
    assert not Signal.objects.exists()


def test_the_same_submission_twice_stores_one_signal(worker_client, sharing_resident):
    data = signal_data()
    first = worker_client.post(url(sharing_resident), data)
    second = worker_client.post(url(sharing_resident), data)
    assert Signal.objects.count() == 1
    assert second.status_code == 302
    assert second["Location"] == first["Location"]
