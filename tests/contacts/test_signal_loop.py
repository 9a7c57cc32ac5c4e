"""Signals and referrals with a loop (issue 16): "went along" as a kind of
referral, a follow-up to check the answer, the status moving as the answer
comes (and the steps refused), the list for workers and team leads with
its filters and queries, and a referral from outside as a report source
with the referrer's organisation."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from contacts.models import FollowUp, Report, Signal
from contacts.services.reports import report_create
from contacts.services.signals import CHECK_ANSWER_DAYS, signal_create, signal_set_status
from privacy.services import resident_anonymise
from tests.contacts.factories import OrganisationFactory, ResidentFactory, SignalFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english_messages")]

Status = Signal.Status


@pytest.fixture
def sharing_resident(address):
    return ResidentFactory(address=address, name="Anna de Vries", may_share=True)


@pytest.fixture
def organisation(db):
    return OrganisationFactory(name="Schuldhulp Proefstad")


@pytest.fixture
def referral(sharing_resident, worker, organisation):
    return signal_create(
        resident=sharing_resident,
        kind=Signal.Kind.REFERRAL,
        reason="Schulden, wil hulp.",
        organisation=organisation,
        created_by=worker,
    )


def refused(**kwargs):
    with pytest.raises(ValidationError) as error:
        signal_set_status(**kwargs)
    return error.value


# Sending


def test_a_referral_is_sent_with_a_follow_up_to_check_the_answer(referral, worker):
    assert referral.status == Status.SENT
    follow_up = FollowUp.objects.get(signal=referral)
    assert follow_up.assigned_to == worker
    assert follow_up.resident_id == referral.resident_id
    assert follow_up.due_on == timezone.localdate() + datetime.timedelta(days=CHECK_ANSWER_DAYS)
    assert "Check the answer" in follow_up.description


def test_going_along_is_a_referral_that_names_its_organisation(
    sharing_resident, worker, organisation
):
    went = signal_create(
        resident=sharing_resident,
        kind=Signal.Kind.WENT_ALONG,
        reason="Samen naar het spreekuur.",
        organisation=organisation,
        created_by=worker,
    )
    assert str(went) == "Went along to Schuldhulp Proefstad"
    with pytest.raises(ValidationError) as error:
        signal_create(
            resident=sharing_resident,
            kind=Signal.Kind.WENT_ALONG,
            reason="Samen erheen.",
            created_by=worker,
        )
    assert "organisation" in error.value.message_dict


# The answer


def test_the_answer_moves_the_status_and_closes_the_check(referral, worker):
    signal_set_status(
        signal=referral, by=worker, status=Status.ACCEPTED, feedback=" Intake volgende week. "
    )
    referral.refresh_from_db()
    assert (referral.status, referral.feedback) == (Status.ACCEPTED, "Intake volgende week.")
    assert referral.status_changed_by == worker
    follow_up = FollowUp.objects.get(signal=referral)
    assert follow_up.done_by == worker and not follow_up.cancelled
    signal_set_status(signal=referral, by=worker, status=Status.DONE)
    referral.refresh_from_db()
    assert (referral.status, referral.feedback) == (Status.DONE, "Intake volgende week.")


def test_a_late_answer_after_no_answer_still_counts(referral, worker):
    signal_set_status(signal=referral, by=worker, status=Status.NO_ANSWER)
    signal_set_status(signal=referral, by=worker, status=Status.ACCEPTED, feedback="Toch gebeld.")
    referral.refresh_from_db()
    assert referral.status == Status.ACCEPTED


def test_done_is_the_end_and_a_step_back_is_refused(referral, worker):
    signal_set_status(signal=referral, by=worker, status=Status.DONE)
    error = refused(signal=referral, by=worker, status=Status.ACCEPTED)
    assert "It is done: it cannot become accepted." in error.messages
    error = refused(signal=referral, by=worker, status=Status.SENT)
    assert "status" in error.message_dict


def test_an_unknown_status_is_refused(referral, worker):
    assert "status" in refused(signal=referral, by=worker, status="lost").message_dict


def test_a_worker_elsewhere_cannot_record_the_answer(referral, other_worker):
    error = refused(signal=referral, by=other_worker, status=Status.DONE)
    assert "You do not work in the neighbourhood" in error.messages[0]
    referral.refresh_from_db()
    assert referral.status == Status.SENT


def test_erasure_empties_the_answer(referral, worker, lead):
    signal_set_status(
        signal=referral, by=worker, status=Status.ACCEPTED, feedback="Anna de Vries belt terug."
    )
    resident_anonymise(resident=referral.resident, by=lead)
    referral.refresh_from_db()
    assert referral.feedback == ""
    assert "Anna" not in referral.reason
    assert referral.status == Status.ACCEPTED  # still counts


# A referral from outside


def test_a_referral_from_a_gp_is_a_report_with_the_referrers_organisation(
    sharing_resident, worker
):
    practice = OrganisationFactory(name="Huisartsenpraktijk De Linde")
    report = report_create(
        source=Report.Source.GP,
        organisation=practice,
        received_on=timezone.localdate(),
        description="Welzijn op Recept: eenzaam, zoekt contact.",
        resident=sharing_resident,
        created_by=worker,
    )
    report.refresh_from_db()
    assert (report.source, report.organisation) == ("gp", practice)
    assert report.get_source_display() == "GP (Welzijn op Recept)"


# The pages


def list_url(**query):
    url = reverse("contacts:signal_list")
    return url + ("?" + "&".join(f"{k}={v}" for k, v in query.items()) if query else "")


def detail_url(signal):
    return reverse("contacts:signal_detail", args=[signal.pk])


@pytest.mark.usefixtures("english_pages")
def test_the_list_filters_by_status_and_organisation(
    client, referral, worker, lead, sharing_resident, organisation, other_resident
):
    signal = SignalFactory(resident=sharing_resident, created_by=lead)
    signal_set_status(signal=signal, by=lead, status=Status.NO_ANSWER)
    elsewhere = SignalFactory(
        resident=ResidentFactory(address=other_resident.address, may_share=True)
    )
    client.force_login(worker)
    content = client.get(list_url()).content.decode()
    assert f'id="signal-{referral.pk}"' in content and f'id="signal-{signal.pk}"' in content
    assert f'id="signal-{elsewhere.pk}"' not in content  # another team's neighbourhood
    content = client.get(list_url(status="no_answer")).content.decode()
    assert f'id="signal-{signal.pk}"' in content and f'id="signal-{referral.pk}"' not in content
    content = client.get(list_url(organisation=organisation.pk)).content.decode()
    assert f'id="signal-{referral.pk}"' in content and f'id="signal-{signal.pk}"' not in content
    content = client.get(list_url(mine="on")).content.decode()
    assert f'id="signal-{referral.pk}"' in content and f'id="signal-{signal.pk}"' not in content
    client.force_login(lead)
    assert f'id="signal-{referral.pk}"' in client.get(list_url()).content.decode()


@pytest.mark.usefixtures("english_pages")
def test_the_list_makes_a_fixed_number_of_queries(
    client, worker, sharing_resident, django_assert_num_queries
):
    SignalFactory(resident=sharing_resident, created_by=worker)
    client.force_login(worker)
    # session, user, history context, the organisations to filter by, the
    # count, the page (with resident, organisation and sender), then the
    # access-log row with its history context
    with django_assert_num_queries(8):
        client.get(list_url())
    for _ in range(5):
        SignalFactory(resident=sharing_resident, created_by=worker)
    with django_assert_num_queries(8):
        response = client.get(list_url())
    assert len(response.context["page"].object_list) == 6


@pytest.mark.usefixtures("english_pages")
def test_the_list_requires_login(client):
    response = client.get(list_url())
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))
    assert client.post(list_url()).status_code in (302, 405)


@pytest.mark.usefixtures("english_pages")
def test_the_answer_is_recorded_on_the_signals_page(client, referral, worker):
    client.force_login(worker)
    assert "Record the answer" in client.get(detail_url(referral)).content.decode()
    response = client.post(
        detail_url(referral), {"status": "accepted", "feedback": "Intake op dinsdag."}
    )
    assert response.status_code == 302
    referral.refresh_from_db()
    assert (referral.status, referral.feedback) == (Status.ACCEPTED, "Intake op dinsdag.")
    content = client.get(detail_url(referral)).content.decode()
    assert "Intake op dinsdag." in content


@pytest.mark.usefixtures("english_pages")
def test_the_signals_page_is_scoped(client, referral, other_worker):
    url = detail_url(referral)
    response = client.get(url)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))
    client.force_login(other_worker)
    assert client.get(url).status_code == 404
    assert client.post(url, {"status": "done"}).status_code == 404
    referral.refresh_from_db()
    assert referral.status == Status.SENT


@pytest.mark.usefixtures("english_pages")
def test_the_signals_page_makes_a_fixed_number_of_queries(
    client, referral, worker, django_assert_num_queries
):
    client.force_login(worker)
    # session, user, history context, the signal with its resident,
    # organisation, conversation, sender and who changed it, then the
    # access-log row with its history context
    with django_assert_num_queries(6):
        client.get(detail_url(referral))
