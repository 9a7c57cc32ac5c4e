"""A worker on a phone (360 x 740) logs in, sees their neighbourhoods,
switches language and logs out, in Debian's Chromium."""

import re

import pytest
from playwright.sync_api import expect

from tests.accounts.factories import DEFAULT_PASSWORD
from tests.accounts.helpers import totp_code
from tests.browser.helpers import open_menu

# fresh_start (conftest) puts back what the migrations ship (themes, categories).
pytestmark = pytest.mark.django_db(transaction=True)


def test_a_worker_logs_in_and_out_on_a_phone(live_server, page, worker, address, other_address):
    page.goto(f"{live_server.url}/")
    expect(page).to_have_url(re.compile(r"/account/login/"))
    expect(page.get_by_role("heading", name="Inloggen")).to_be_visible()

    page.get_by_label("Gebruikersnaam of e-mailadres").fill("werker")
    page.get_by_label("Wachtwoord").fill(DEFAULT_PASSWORD)
    page.get_by_role("button", name="Inloggen").click()

    expect(page.get_by_role("heading", name="Hallo Wendy")).to_be_visible()
    expect(page.get_by_text("Oosterbuurt", exact=True)).to_be_visible()
    expect(page.get_by_text("Westerbuurt")).to_have_count(0)
    # One line of header; the sections, the language and logging out
    # behind the menu button; nothing runs off the side of the screen.
    assert page.locator("header.app-header").bounding_box()["height"] <= 64
    expect(page.get_by_role("button", name="Uitloggen")).to_be_hidden()
    assert page.evaluate("document.documentElement.scrollWidth") <= 360

    open_menu(page)
    page.get_by_role("button", name="English").click()
    expect(page.get_by_role("heading", name="Hello Wendy")).to_be_visible()
    open_menu(page)
    page.get_by_role("button", name="Nederlands").click()

    open_menu(page)
    page.get_by_role("button", name="Uitloggen").click()
    expect(page).to_have_url(re.compile(r"/account/login/"))
    page.goto(f"{live_server.url}/")
    expect(page).to_have_url(re.compile(r"/account/login/"))


def test_a_wrong_password_keeps_the_username(live_server, page, worker):
    page.goto(f"{live_server.url}/account/login/")
    page.get_by_label("Gebruikersnaam of e-mailadres").fill("werker")
    page.get_by_label("Wachtwoord").fill("niet-het-goede-wachtwoord")
    page.get_by_role("button", name="Inloggen").click()
    expect(page.get_by_role("alert")).to_be_visible()
    expect(page.get_by_label("Gebruikersnaam of e-mailadres")).to_have_value("werker")


def test_a_team_lead_logs_in_with_a_code_from_the_app(live_server, page, lead):
    page.goto(f"{live_server.url}/account/login/")
    page.get_by_label("Gebruikersnaam of e-mailadres").fill("leider")
    page.get_by_label("Wachtwoord").fill(DEFAULT_PASSWORD)
    page.get_by_role("button", name="Inloggen").click()
    expect(page).to_have_url(re.compile(r"/account/2fa/authenticate/"))
    page.get_by_label("Code").fill(totp_code())
    page.get_by_role("button", name="Inloggen").click()
    open_menu(page)
    expect(page.get_by_role("button", name="Uitloggen")).to_be_visible()
    assert page.evaluate("document.documentElement.scrollWidth") <= 360


def test_the_fifth_wrong_password_locks_out_on_the_login_page(live_server, page, worker):
    page.goto(f"{live_server.url}/account/login/")
    for _ in range(5):
        page.get_by_label("Gebruikersnaam of e-mailadres").fill("werker")
        page.get_by_label("Wachtwoord").fill("niet-het-goede-wachtwoord")
        page.get_by_role("button", name="Inloggen").click()
    expect(page.get_by_role("alert")).to_contain_text("15")
    expect(page.get_by_label("Gebruikersnaam of e-mailadres")).to_have_value("werker")
