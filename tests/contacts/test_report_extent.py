"""A report about several addresses: a run of house numbers (a stairwell,
a complex) or a whole street (Report.extent, Report.covered_addresses,
contacts.services.reports.report_create, the report form and page)."""

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone

from contacts.models import Report
from contacts.selectors import followups as selectors
from contacts.services.reports import report_create
from tests.contacts.factories import ReportFactory, ResidentFactory
from tests.contacts.test_reports import post_report as post_report_as_there
from tests.neighbourhoods.factories import AddressFactory, StreetFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english_pages", "english_messages")]


@pytest.fixture
def flats(neighbourhood):
    """Flatlaan 10, 12-A, 12-B, 14, 16 and 30, and Dwarsstraat 12 beside it."""
    street = StreetFactory(neighbourhood=neighbourhood, name="Flatlaan")
    numbers = [(10, ""), (12, "A"), (12, "B"), (14, ""), (16, ""), (30, "")]
    addresses = {
        f"{number}{addition}": AddressFactory(
            street=street, house_number=number, addition=addition, postcode="1234 AB"
        )
        for number, addition in numbers
    }
    other_street = StreetFactory(neighbourhood=neighbourhood, name="Dwarsstraat")
    addresses["other"] = AddressFactory(street=other_street, house_number=12, postcode="1234 AC")
    return addresses


LEAK = "Lekkage in het trappenhuis."


def create(flats, worker, **kwargs):
    return report_create(
        source=Report.Source.HOUSING,
        received_on=timezone.localdate(),
        description=LEAK,
        created_by=worker,
        address=flats["12A"],
        **kwargs,
    )


# Which addresses a report covers


def test_a_report_covers_its_one_address_by_default(flats, worker):
    report = create(flats, worker)
    assert report.extent == Report.Extent.ADDRESS
    assert list(report.covered_addresses()) == [flats["12A"]]
    assert report.place == str(flats["12A"])


def test_a_run_covers_the_numbers_from_its_address_up_to_the_last_with_additions(flats, worker):
    report = create(flats, worker, extent=Report.Extent.RANGE, house_number_to=14)
    assert set(report.covered_addresses()) == {flats["12A"], flats["12B"], flats["14"]}
    assert report.place == "Flatlaan 12 to 14"


def test_a_whole_street_covers_every_address_of_that_street_only(flats, worker):
    report = create(flats, worker, extent=Report.Extent.STREET, house_number_to=99)
    covered = set(report.covered_addresses())
    assert covered == {address for key, address in flats.items() if key != "other"}
    assert report.house_number_to is None  # only a run keeps its last number
    assert report.place == "Flatlaan (whole street)"


def test_a_report_about_a_resident_only_covers_no_address(worker, resident):
    report = report_create(
        source=Report.Source.GP,
        received_on=timezone.localdate(),
        description="Welzijn op Recept.",
        created_by=worker,
        resident=resident,
    )
    assert not report.covered_addresses().exists()
    assert report.place == "Anna de Vries"


# Refusals


def test_a_run_needs_its_last_house_number(flats, worker):
    with pytest.raises(ValidationError) as error:
        create(flats, worker, extent=Report.Extent.RANGE)
    assert "house_number_to" in error.value.message_dict
    assert not Report.objects.exists()


@pytest.mark.parametrize("last", [12, 11])
def test_a_runs_last_number_comes_after_the_first(flats, worker, last):
    with pytest.raises(ValidationError) as error:
        create(flats, worker, extent=Report.Extent.RANGE, house_number_to=last)
    assert "house_number_to" in error.value.message_dict
    assert not Report.objects.exists()


def test_a_street_needs_an_address_to_start_from(worker, resident):
    with pytest.raises(ValidationError) as error:
        report_create(
            source=Report.Source.HOUSING,
            received_on=timezone.localdate(),
            description="De hele straat.",
            created_by=worker,
            resident=resident,
            extent=Report.Extent.STREET,
        )
    assert "address" in error.value.message_dict


def test_the_database_refuses_a_run_without_its_last_number(flats, worker):
    report = ReportFactory(address=flats["10"], created_by=worker)
    with pytest.raises(IntegrityError), transaction.atomic():
        Report.objects.filter(pk=report.pk).update(extent=Report.Extent.RANGE)


# The form


def post_report(client, **data):
    """The report form of test_reports, about a leak at Flatlaan 12-A."""
    data = {"addition": "a", "extent": "address", "description": LEAK, **data}
    return post_report_as_there(client, **data)


def test_the_form_creates_a_report_about_a_run_of_numbers(client, worker, flats):
    client.force_login(worker)
    response = post_report(client, extent="range", house_number_to="16", assigned_to=worker.pk)
    report = Report.objects.get()
    assert response.status_code == 302
    assert report.extent == Report.Extent.RANGE
    assert report.house_number_to == 16
    assert report.address == flats["12A"]


@pytest.mark.parametrize(
    ("last", "message"),
    [("", "Give the last house number."), ("12", "The last house number comes after the first.")],
)
def test_a_wrong_last_number_is_an_error_beside_it_and_keeps_what_was_typed(
    client, worker, flats, last, message
):
    client.force_login(worker)
    response = post_report(client, extent="range", house_number_to=last, assigned_to=worker.pk)
    assert response.status_code == 200
    form = response.context["form"]
    assert form.errors == {"house_number_to": [message]}
    content = response.content.decode()
    assert f"{LEAK}</textarea>" in content
    assert 'name="house_number" value="12"' in content
    assert not Report.objects.exists()


def test_a_last_number_without_a_run_is_ignored(client, worker, flats):
    client.force_login(worker)
    post_report(client, extent="address", house_number_to="20", assigned_to=worker.pk)
    report = Report.objects.get()
    assert report.extent == Report.Extent.ADDRESS
    assert report.house_number_to is None


# The page


def test_the_page_names_the_residents_of_every_covered_address_only(client, worker, flats):
    report = ReportFactory(
        address=flats["12A"],
        created_by=worker,
        extent=Report.Extent.RANGE,
        house_number_to=14,
    )
    ResidentFactory(address=flats["12B"], name="Bram Boven")
    ResidentFactory(address=flats["14"], name="Cor Hoek")
    ResidentFactory(address=flats["16"], name="Dina Verder")
    ResidentFactory(address=flats["other"], name="Els Dwars")
    client.force_login(worker)
    response = client.get(reverse("contacts:report_detail", args=[report.pk]))
    content = response.content.decode()
    assert "Flatlaan 12 to 14" in content
    assert "Residents known at these addresses" in content
    assert "Bram Boven" in content and "Cor Hoek" in content
    assert "Dina Verder" not in content  # number 16, after the run
    assert "Els Dwars" not in content  # the same number in another street


def test_the_page_names_at_most_fifty_and_says_how_many_more(client, worker, flats, monkeypatch):
    monkeypatch.setattr(selectors, "REPORT_RESIDENTS_SHOWN", 3)
    report = ReportFactory(address=flats["10"], created_by=worker, extent=Report.Extent.STREET)
    for number in range(5):
        ResidentFactory(address=flats["30"], name=f"Bewoner {number}")
    client.force_login(worker)
    response = client.get(reverse("contacts:report_detail", args=[report.pk]))
    assert len(response.context["residents"]) == 3
    assert response.context["residents_total"] == 5
    assert "…and 2 more residents." in response.content.decode()


def test_another_teams_worker_does_not_find_a_street_report(client, other_worker, worker, flats):
    report = ReportFactory(address=flats["10"], created_by=worker, extent=Report.Extent.STREET)
    client.force_login(other_worker)
    response = client.get(reverse("contacts:report_detail", args=[report.pk]))
    assert response.status_code == 404


def test_a_street_reports_page_query_count_does_not_grow_with_residents(
    client, worker, flats, django_assert_num_queries
):
    report = ReportFactory(address=flats["10"], created_by=worker, extent=Report.Extent.STREET)
    client.force_login(worker)
    url = reverse("contacts:report_detail", args=[report.pk])
    ResidentFactory(address=flats["14"])
    # as tests/contacts/test_reports.py counts for one address: the
    # residents of the covered addresses are one query while fewer than
    # the page names
    with django_assert_num_queries(14):
        client.get(url)
    for key in ("10", "12B", "16", "30"):
        ResidentFactory(address=flats[key])
    with django_assert_num_queries(14):
        response = client.get(url)
    assert len(response.context["residents"]) == 5


def test_the_list_names_a_run_by_its_numbers(client, worker, flats):
    ReportFactory(
        address=flats["12A"], created_by=worker, extent=Report.Extent.RANGE, house_number_to=30
    )
    client.force_login(worker)
    content = client.get(reverse("contacts:report_list")).content.decode()
    assert "Flatlaan 12 to 30" in content
