"""Incoming reports (meldingen): each creates a follow-up
(contacts.services.reports, contacts.views.reports)."""

import datetime
import uuid

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from contacts.models import FollowUp, Report
from contacts.services.reports import add_working_days, report_create
from tests.contacts.factories import (
    ActivityFactory,
    FollowUpFactory,
    ReportFactory,
    ResidentFactory,
)
from tests.neighbourhoods.factories import AddressFactory, StreetFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english_pages")]


@pytest.fixture
def stairwell(neighbourhood):
    """Portiekweg 12-B, 1234 AB."""
    street = StreetFactory(neighbourhood=neighbourhood, name="Portiekweg")
    return AddressFactory(street=street, house_number=12, addition="B", postcode="1234 AB")


# report_create (service)


def test_working_days_skip_the_weekend():
    friday = datetime.date(2025, 6, 6)
    assert add_working_days(friday, 3) == datetime.date(2025, 6, 11)  # Wednesday
    monday = datetime.date(2025, 6, 9)
    assert add_working_days(monday, 3) == datetime.date(2025, 6, 12)  # Thursday
    saturday = datetime.date(2025, 6, 7)
    assert add_working_days(saturday, 3) == datetime.date(2025, 6, 11)


def test_a_report_creates_its_follow_up(worker, stairwell):
    report = report_create(
        source=Report.Source.HOUSING,
        reporter="Woonstichting",
        received_on=timezone.localdate(),
        address=stairwell,
        description="Afval in het trappenhuis.",
        created_by=worker,
    )
    assert report.neighbourhood == stairwell.street.neighbourhood
    follow_up = FollowUp.objects.get()
    assert follow_up.report == report
    assert follow_up.description == "Respond to report: Afval in het trappenhuis."
    assert follow_up.assigned_to == worker
    assert follow_up.created_by == worker
    assert follow_up.neighbourhood == report.neighbourhood
    assert follow_up.due_on == add_working_days(timezone.localdate(), 3)


def test_a_reports_follow_up_can_go_to_a_colleague(worker, colleague, stairwell):
    report_create(
        source=Report.Source.MUNICIPALITY,
        received_on=timezone.localdate(),
        address=stairwell,
        description="x" * 2000,
        created_by=worker,
        assigned_to=colleague,
    )
    follow_up = FollowUp.objects.get()
    assert follow_up.assigned_to == colleague
    assert len(follow_up.description) == 200


def test_a_report_and_its_follow_up_are_saved_together_or_not_at_all(
    worker, other_worker, stairwell
):
    with pytest.raises(ValidationError) as error:
        report_create(
            source=Report.Source.NEIGHBOUR,
            received_on=timezone.localdate(),
            address=stairwell,
            description="Geluidsoverlast.",
            created_by=worker,
            assigned_to=other_worker,  # works elsewhere
        )
    assert "assigned_to" in error.value.message_dict
    assert not Report.objects.exists()
    assert not FollowUp.objects.exists()


# report_create (view)


def post_report(client, **data):
    data = {
        "source": "housing",
        "reporter": "Woonstichting Oost",
        "received_on": timezone.localdate().isoformat(),
        "postcode": "1234ab",
        "house_number": "12",
        "addition": "b",
        "description": "Afval in het trappenhuis.",
        "submission_token": str(uuid.uuid4()),
        **data,
    }
    return client.post(reverse("contacts:report_create"), data)


def test_the_report_form_requires_login(client):
    response = client.get(reverse("contacts:report_create"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))


def test_the_report_form_defaults_to_today_and_me(client, worker, colleague):
    client.force_login(worker)
    response = client.get(reverse("contacts:report_create"))
    assert response.status_code == 200
    form = response.context["form"]
    assert form["received_on"].value() == timezone.localdate()
    assert form["assigned_to"].value() == worker.pk
    assert set(form.fields["assigned_to"].queryset) == {worker, colleague}
    assert 'type="hidden" name="submission_token"' in response.content.decode()


def test_a_report_is_created_from_the_address_typed_in(client, worker, colleague, stairwell):
    client.force_login(worker)
    response = post_report(client, assigned_to=colleague.pk)
    report = Report.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("contacts:report_detail", args=[report.pk])
    assert report.address == stairwell
    assert report.source == Report.Source.HOUSING
    assert report.reporter == "Woonstichting Oost"
    assert report.created_by == worker
    follow_up = report.follow_ups.get()
    assert follow_up.assigned_to == colleague
    assert follow_up.description.startswith("Respond to report: ")


def test_submitting_a_report_twice_stores_one(client, worker, stairwell):
    client.force_login(worker)
    token = str(uuid.uuid4())
    first = post_report(client, assigned_to=worker.pk, submission_token=token)
    second = post_report(client, assigned_to=worker.pk, submission_token=token)
    assert first.status_code == second.status_code == 302
    assert second["Location"] == first["Location"]
    assert Report.objects.count() == 1
    assert FollowUp.objects.count() == 1


def test_an_unknown_address_is_an_error_beside_the_postcode(client, worker, stairwell):
    client.force_login(worker)
    response = post_report(client, assigned_to=worker.pk, house_number="13")
    assert response.status_code == 200
    form = response.context["form"]
    assert list(form.errors) == ["postcode"]
    assert "There is no such address in your neighbourhoods" in form.errors["postcode"][0]
    content = response.content.decode()
    assert 'value="13"' in content
    assert "Afval in het trappenhuis." in content
    assert not Report.objects.exists()


def test_an_address_of_another_team_is_not_found(client, worker, other_address):
    client.force_login(worker)
    response = post_report(
        client,
        assigned_to=worker.pk,
        postcode=other_address.postcode,
        house_number=other_address.house_number,
        addition="",
    )
    assert response.status_code == 200
    assert "postcode" in response.context["form"].errors
    assert not Report.objects.exists()


def test_a_report_cannot_be_received_in_the_future(client, worker, stairwell):
    client.force_login(worker)
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)
    response = post_report(client, assigned_to=worker.pk, received_on=tomorrow.isoformat())
    assert list(response.context["form"].errors) == ["received_on"]
    assert not Report.objects.exists()


def test_the_report_form_rejects_other_methods(client, worker):
    client.force_login(worker)
    assert client.put(reverse("contacts:report_create")).status_code == 405


# report_list


def test_the_report_list_requires_login(client):
    response = client.get(reverse("contacts:report_list"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))


def test_the_report_list_shows_newest_first_and_whether_it_was_answered(
    client, worker, stairwell, other_address
):
    today = timezone.localdate()
    old = ReportFactory(
        address=stairwell,
        received_on=today - datetime.timedelta(days=9),
        description="Oude melding",
    )
    new = ReportFactory(address=stairwell, received_on=today, description="Nieuwe melding")
    FollowUpFactory(
        neighbourhood=old.neighbourhood,
        report=old,
        assigned_to=worker,
        done_at=timezone.now(),
        done_by=worker,
    )
    FollowUpFactory(neighbourhood=new.neighbourhood, report=new, assigned_to=worker)
    ReportFactory(address=other_address, description="Melding elders")
    client.force_login(worker)
    content = client.get(reverse("contacts:report_list")).content.decode()

    # Texts with a space: a random nonce or token in the page never has one.
    assert content.index("Nieuwe melding") < content.index("Oude melding")
    new_item = content[content.index(str(new.pk)) : content.index("Nieuwe melding")]
    old_item = content[content.index(str(old.pk)) : content.index("Oude melding")]
    assert "open" in new_item
    assert "responded" in old_item
    assert "Melding elders" not in content


def test_the_report_lists_query_count_does_not_grow_with_rows(
    client, worker, stairwell, django_assert_num_queries
):
    client.force_login(worker)
    ReportFactory(address=stairwell, resident=ResidentFactory(address=stairwell))
    # savepoint (ATOMIC_REQUESTS), session, user, count for the paginator,
    # the page of reports with address, street, resident and whether a
    # follow-up is open, the access-log row, release savepoint
    with django_assert_num_queries(7):
        client.get(reverse("contacts:report_list"))
    for _ in range(10):
        report = ReportFactory(address=stairwell, resident=ResidentFactory(address=stairwell))
        FollowUpFactory(neighbourhood=report.neighbourhood, report=report, assigned_to=worker)
    with django_assert_num_queries(7):
        response = client.get(reverse("contacts:report_list"))
    assert len(response.context["page"].object_list) == 11


# report_detail


@pytest.fixture
def report(stairwell, worker):
    return ReportFactory(address=stairwell, created_by=worker, description="Afval bij de trap")


def test_the_report_page_requires_login(client, report):
    response = client.get(reverse("contacts:report_detail", args=[report.pk]))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))


def test_the_report_page_shows_its_follow_ups_and_the_residents_there(
    client, worker, report, stairwell, resident
):
    FollowUpFactory(
        neighbourhood=report.neighbourhood,
        report=report,
        assigned_to=worker,
        description="Reageren op de melding",
    )
    ResidentFactory(address=stairwell, name="Dirk Trapman")
    ResidentFactory(address=stairwell, name="Eva Verhuisd", status="moved")
    client.force_login(worker)
    content = client.get(reverse("contacts:report_detail", args=[report.pk])).content.decode()
    assert "Afval bij de trap" in content
    assert "Reageren op de melding" in content
    assert reverse("contacts:followup_toggle", args=[report.follow_ups.get().pk]) in content
    assert "Dirk Trapman" in content
    assert content.index("Dirk Trapman") < content.index("Eva Verhuisd")
    assert "Anna de Vries" not in content  # lives at another address


def test_another_teams_report_is_not_found(client, other_worker, report):
    client.force_login(other_worker)
    response = client.get(reverse("contacts:report_detail", args=[report.pk]))
    assert response.status_code == 404


def test_the_report_pages_query_count_does_not_grow_with_rows(
    client, worker, report, stairwell, django_assert_num_queries
):
    def add_rows():
        FollowUpFactory(neighbourhood=report.neighbourhood, report=report, assigned_to=worker)
        ResidentFactory(address=stairwell)
        report.activities.add(ActivityFactory(neighbourhood=report.neighbourhood))

    client.force_login(worker)
    add_rows()
    url = reverse("contacts:report_detail", args=[report.pk])
    # savepoint (ATOMIC_REQUESTS), session, user, the report with address,
    # street, resident and creator, its follow-ups with resident, assignee
    # and done-by, the conversations, initiatives and activities linked to
    # it, the residents at the address, the link form's conversations,
    # initiatives and activities to choose from, the access-log row,
    # release savepoint
    with django_assert_num_queries(14):
        client.get(url)
    for _ in range(5):
        add_rows()
    with django_assert_num_queries(14):
        response = client.get(url)
    assert len(response.context["report"].follow_up_rows) == 6
    assert len(response.context["report"].activity_rows) == 6
