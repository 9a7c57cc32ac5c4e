"""Meldingen with an outcome (issue 16): conversations and initiatives
that came of a report are linked to it (a new report is then in progress)
and shown on its page; closing it records what was done, for the
reporter; erasure leaves no name in it."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from contacts.models import Report
from contacts.services.reports import report_close, report_link
from privacy.redaction import REDACTED
from privacy.services import resident_anonymise
from tests.contacts.factories import ConversationFactory, InitiativeFactory, ReportFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english_messages")]

Status = Report.Status


@pytest.fixture
def report(address, worker):
    return ReportFactory(address=address, created_by=worker)


@pytest.fixture
def conversation(neighbourhood, resident, worker):
    return ConversationFactory(
        neighbourhood=neighbourhood, residents=[resident], workers=[worker], created_by=worker
    )


@pytest.fixture
def clean_up(neighbourhood):
    return InitiativeFactory(name="Schoonmaakmiddag", neighbourhoods=[neighbourhood])


def test_linking_what_came_of_it_puts_the_report_in_progress(
    report, worker, conversation, clean_up
):
    report_link(report=report, by=worker, conversation=conversation)
    report.refresh_from_db()
    assert report.status == Status.IN_PROGRESS
    report_link(report=report, by=worker, initiative=clean_up)
    assert list(report.conversations.all()) == [conversation]
    assert list(report.initiatives.all()) == [clean_up]


def test_something_of_another_neighbourhood_is_not_linked(
    report, worker, other_neighbourhood, other_resident
):
    elsewhere = ConversationFactory(neighbourhood=other_neighbourhood, residents=[other_resident])
    with pytest.raises(ValidationError) as error:
        report_link(report=report, by=worker, conversation=elsewhere)
    assert "conversation" in error.value.message_dict
    with pytest.raises(ValidationError):
        report_link(report=report, by=worker)
    report.refresh_from_db()
    assert report.status == Status.NEW


def test_closing_records_what_was_done(report, worker):
    report_close(report=report, by=worker, outcome=" Trappenhuis samen opgeruimd. ")
    report.refresh_from_db()
    assert (report.status, report.outcome, report.closed_by) == (
        Status.CLOSED,
        "Trappenhuis samen opgeruimd.",
        worker,
    )


def test_closing_needs_what_was_done_and_happens_once(report, worker, conversation):
    with pytest.raises(ValidationError) as error:
        report_close(report=report, by=worker, outcome=" ")
    assert "outcome" in error.value.message_dict
    report_close(report=report, by=worker, outcome="Opgelost.")
    with pytest.raises(ValidationError):
        report_close(report=report, by=worker, outcome="Nog eens.")
    with pytest.raises(ValidationError):
        report_link(report=report, by=worker, conversation=conversation)


def test_a_worker_elsewhere_cannot_close_it(report, other_worker):
    with pytest.raises(ValidationError):
        report_close(report=report, by=other_worker, outcome="Weg.")
    report.refresh_from_db()
    assert report.status == Status.NEW


def test_erasure_leaves_no_name_in_what_was_done(resident, worker, lead):
    report = ReportFactory(address=resident.address, resident=resident, created_by=worker)
    report_close(report=report, by=worker, outcome=f"Met {resident.name} opgelost.")
    resident_anonymise(resident=resident, by=lead)
    report.refresh_from_db()
    assert report.outcome == REDACTED


# The page


@pytest.mark.usefixtures("english_pages")
def test_the_page_links_shows_and_closes(
    client, report, worker, conversation, clean_up, django_assert_num_queries
):
    client.force_login(worker)
    page = reverse("contacts:report_detail", args=[report.pk])
    response = client.post(
        reverse("contacts:report_link", args=[report.pk]), {"conversation": conversation.pk}
    )
    assert response.status_code == 302
    client.post(reverse("contacts:report_link", args=[report.pk]), {"initiative": clean_up.pk})
    content = client.get(page).content.decode()
    assert reverse("contacts:conversation_detail", args=[conversation.pk]) in content
    assert "Schoonmaakmiddag" in content
    response = client.post(
        reverse("contacts:report_close", args=[report.pk]), {"outcome": "Samen opgeruimd."}
    )
    assert response.status_code == 302
    # closed: no link form; savepoint, session, user, the report, its
    # follow-ups, conversations, initiatives, activities, residents at the
    # address, the access-log row, release savepoint
    with django_assert_num_queries(11):
        content = client.get(page).content.decode()
    assert "Samen opgeruimd." in content
    assert reverse("contacts:report_close", args=[report.pk]) not in content


@pytest.mark.usefixtures("english_pages")
def test_linking_and_closing_are_scoped_and_post_only(client, report, worker, other_worker):
    for name in ("contacts:report_link", "contacts:report_close"):
        url = reverse(name, args=[report.pk])
        response = client.post(url, {"outcome": "x"})
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("account_login"))
        client.force_login(other_worker)
        assert client.post(url, {"outcome": "x"}).status_code == 404
        client.force_login(worker)
        assert client.get(url).status_code == 405
        client.logout()
    report.refresh_from_db()
    assert report.status == Status.NEW


@pytest.mark.usefixtures("english_pages")
def test_closing_without_an_outcome_says_so_beside_the_field(client, report, worker):
    client.force_login(worker)
    response = client.post(reverse("contacts:report_close", args=[report.pk]), {"outcome": ""})
    assert response.status_code == 200
    assert response.context["close_form"].errors["outcome"]
