"""A team lead at a 360 x 740 phone opens last quarter's period report from
their home page, sees a chart and the table it is drawn from, and downloads
the XLSX: opened with openpyxl, it holds the same figures."""

import datetime
import io

import openpyxl
import pytest
from django.utils import timezone
from playwright.sync_api import expect

from reports import periods
from tests.accounts.factories import DEFAULT_PASSWORD
from tests.accounts.helpers import totp_code
from tests.contacts.factories import ConversationFactory, ResidentFactory
from tests.neighbourhoods.factories import AddressFactory

pytestmark = pytest.mark.django_db(transaction=True)


def test_a_lead_opens_last_quarters_report_and_downloads_it(
    live_server, page, lead, worker, neighbourhood
):
    quarter = periods.last_quarter(timezone.localdate())
    middle = datetime.datetime.combine(
        quarter.start + datetime.timedelta(days=40),
        datetime.time(11),
        tzinfo=timezone.get_current_timezone(),
    )
    for n in range(7):
        resident = ResidentFactory(address=AddressFactory(street__neighbourhood=neighbourhood))
        ConversationFactory(
            neighbourhood=neighbourhood,
            residents=[resident],
            workers=[worker],
            happened_at=middle + datetime.timedelta(days=n),
        )

    page.goto(f"{live_server.url}/account/login/")
    page.get_by_label("Gebruikersnaam of e-mailadres").fill("leider")
    page.get_by_label("Wachtwoord").fill(DEFAULT_PASSWORD)
    page.get_by_role("button", name="Inloggen").click()
    page.get_by_label("Code").fill(totp_code())
    page.get_by_role("button", name="Inloggen").click()
    page.get_by_role("link", name="Rapportage").first.click()

    expect(page.get_by_role("heading", name="Rapportage", exact=True)).to_be_visible()
    expect(page.get_by_text(quarter.label).first).to_be_visible()
    # A chart, drawn by Chart.js, and its table.
    chart = page.locator("canvas[data-chart-table='table-trend']")
    expect(chart).to_be_visible()
    drawn = "(canvas) => Boolean(window.Chart && window.Chart.getChart(canvas))"
    page.wait_for_function(
        f"() => ({drawn})(document.querySelector(\"canvas[data-chart-table='table-trend']\"))"
    )
    trend = page.locator("#table-trend")
    expect(trend).to_be_visible()
    monthly = [int(v) for v in trend.locator("tbody td:nth-of-type(1)").all_inner_texts()]
    assert sum(monthly) == 7
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    on_page = page.locator("#indicator-conversations td").first.inner_text()
    assert on_page == "7"

    with page.expect_download() as download:
        page.get_by_role("link", name="XLSX downloaden").click()
    with open(download.value.path(), "rb") as file:
        sheet = openpyxl.load_workbook(io.BytesIO(file.read())).active
    rows = {(row[0], row[1]): row for row in sheet.iter_rows(min_row=4, values_only=True)}
    assert rows[("Gesprekken", "Gesprekken")][2] == 7
    assert rows[("Bereik", "Bewoners gesproken")][2] == 7
    assert sheet.cell(row=3, column=3).value == quarter.label
