"""The period report's pages and exports: who may see them (a team lead
their own teams, an admin everything, anyone else 404), what they show,
their query counts, suppression in the exports and the access log."""

import csv
import io

import openpyxl
import pytest
from django.urls import reverse

from accesslog.models import AccessEvent
from tests.contacts.factories import ConversationFactory, ResidentFactory
from tests.neighbourhoods.factories import AddressFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english_pages")]

Q1 = {"periode": "2026-K1"}
PAGES = ["reports:report", "reports:report_print", "reports:report_csv", "reports:report_xlsx"]


@pytest.mark.parametrize("name", PAGES)
def test_it_requires_login(client, name):
    response = client.get(reverse(name))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))


@pytest.mark.parametrize("name", PAGES)
def test_a_worker_gets_404(client, worker, name):
    client.force_login(worker)
    assert client.get(reverse(name), Q1).status_code == 404


@pytest.mark.parametrize("name", PAGES)
def test_another_teams_scope_is_404_for_a_lead(
    client, known, other_neighbourhood, other_team, name
):
    client.force_login(known.lead)
    for scope in (f"buurt-{other_neighbourhood.pk}", f"team-{other_team.pk}", "buurt-999999", "x"):
        assert client.get(reverse(name), {**Q1, "bereik": scope}).status_code == 404


@pytest.mark.parametrize("name", PAGES)
def test_a_changing_request_is_refused(client, known, name):
    client.force_login(known.lead)
    assert client.post(reverse(name), Q1).status_code == 405


def test_the_lead_sees_the_quarter_beside_the_previous_one(client, known, team):
    client.force_login(known.lead)
    response = client.get(reverse("reports:report"), {**Q1, "bereik": f"team-{team.pk}"})
    assert response.status_code == 200
    report = response.context["report"]
    assert report.figures.values["residents_spoken"] == 2
    assert report.previous.values["residents_spoken"] == 1
    content = response.content.decode()
    assert "Q1 2026" in content
    assert "Q4 2025" in content
    # each indicator with its definition
    assert "Different residents who took part in a conversation" in content
    # counts only, no names
    for resident in (known.a, known.b, known.c, known.d):
        assert resident.name not in content
    scopes = [
        code for _group, options in response.context["scope_choices"] for code, _l in options
    ]
    assert f"team-{team.pk}" in scopes
    assert f"buurt-{known.north.pk}" in scopes
    assert not any(
        code.endswith(f"-{known.d.neighbourhood_id}") and code.startswith("buurt")
        for code in scopes
    )


def test_a_range_of_days_is_a_period(client, known):
    client.force_login(known.lead)
    response = client.get(
        reverse("reports:report"), {"periode": "eigen", "van": "2026-01-01", "tot": "2026-01-31"}
    )
    report = response.context["report"]
    assert report.period.code == "2026-01-01_2026-01-31"
    assert report.figures.values["conversations"] == 1


def test_the_report_page_takes_as_many_queries_whatever_the_rows(
    client, known, neighbourhood, django_assert_num_queries
):
    client.force_login(known.lead)
    client.get(reverse("reports:report"), Q1)
    # session, user, pghistory's context (the lead's neighbourhoods are
    # remembered), the 19 queries of the indicators of the period and the
    # one before, the targets, the trend (conversations, door knocks per
    # month), the stories, the scope choices (neighbourhoods, districts,
    # teams), pghistory's context again
    with django_assert_num_queries(30) as captured:
        client.get(reverse("reports:report"), Q1)
    for _ in range(5):
        resident = ResidentFactory(address=AddressFactory(street__neighbourhood=neighbourhood))
        ConversationFactory(
            neighbourhood=neighbourhood, residents=[resident], workers=[known.worker]
        )
    with django_assert_num_queries(len(captured)):
        client.get(reverse("reports:report"), Q1)


def _csv_rows(response):
    return list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))


def test_the_csv_suppresses_small_numbers_and_is_logged(client, known):
    client.force_login(known.lead)
    response = client.get(reverse("reports:report_csv"), Q1)
    assert response.status_code == 200
    assert response["Content-Disposition"] == 'attachment; filename="rapportage-2026-K1-alles.csv"'
    rows = {(row[0], row[1]): row for row in _csv_rows(response)[3:]}
    assert rows[("Signals and referrals", "Referrals")][2] == "9"
    assert rows[("Signals and referrals", "Signals")][2] == "< 5"
    assert rows[("Referrals by organisation", "Taalhuis Oost")][2] == "5"
    assert rows[("Referrals by organisation", "Schuldhulp Oost")][2] == "< 5"
    assert rows[("Reach", "Answer rate")][2] == ""  # of a suppressed count
    assert rows[("Reach", "Residents spoken to")][2] == "< 5"
    content = response.content.decode("utf-8-sig")
    for resident in (known.a, known.b, known.c, known.d):
        assert resident.name not in content
    (event,) = AccessEvent.objects.all()
    assert (event.user, event.what, event.residents) == (known.lead, "export", [])
    assert event.object_id == "rapportage:csv:2026-K1:alles"


def test_the_xlsx_holds_the_same_figures_as_the_csv(client, known):
    client.force_login(known.lead)
    csv_rows = _csv_rows(client.get(reverse("reports:report_csv"), Q1))
    response = client.get(reverse("reports:report_xlsx"), Q1)
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    xlsx_rows = [
        ["" if cell is None else str(cell) for cell in row]
        for row in sheet.iter_rows(values_only=True)
    ]
    assert xlsx_rows[3:] == csv_rows[3:]
    assert (
        AccessEvent.objects.filter(what="export", object_id__startswith="rapportage:xlsx").count()
        == 1
    )


def test_the_print_view_is_suppressed_and_logged(client, known):
    client.force_login(known.lead)
    response = client.get(reverse("reports:report_print"), Q1)
    assert response.status_code == 200
    assert "&lt; 5" in response.content.decode()
    assert AccessEvent.objects.filter(object_id="rapportage:print:2026-K1:alles").exists()


def test_the_report_shows_planned_against_realised(client, known, team, neighbourhood, other_team):
    from reports.models import Target

    Target.objects.create(
        indicator="residents_spoken", year=2026, neighbourhood=neighbourhood, planned=400
    )
    Target.objects.create(indicator="residents_spoken", year=2026, team=team, planned=100)
    Target.objects.create(indicator="residents_spoken", year=2026, team=other_team, planned=9000)
    Target.objects.create(indicator="residents_spoken", year=2025, team=team, planned=9000)
    client.force_login(known.lead)
    report = client.get(reverse("reports:report"), Q1).context["report"]
    # Q1 2026 is 90 of the year's 365 days.
    assert report.planned == {"residents_spoken": round(500 * 90 / 365)}
    row = next(
        row
        for _g, rows in report.groups()
        for row in rows
        if row.indicator.key == "residents_spoken"
    )
    assert (row.value, row.planned) == (2, 123)
    north_only = client.get(reverse("reports:report"), {**Q1, "bereik": f"buurt-{known.north.pk}"})
    assert north_only.context["report"].planned == {}


def test_an_admin_edits_targets_in_the_admin(admin_client):
    assert admin_client.get(reverse("admin:reports_target_add")).status_code == 200
    assert admin_client.get(reverse("admin:reports_target_changelist")).status_code == 200
