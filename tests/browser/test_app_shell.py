"""The app shell at a 360 x 740 phone (issue 13, points 6 and 7): a header
of one line at most 64 px high with the status slot, a menu that opens
without JavaScript, the number keypad for two-factor codes, a counter under
limited texts, and the round page and the conversation form used with the
keyboard alone."""

import datetime
import re

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from contacts.models import Conversation, DoorKnock
from tests.accounts.factories import DEFAULT_PASSWORD
from tests.contacts.factories import DoorKnockFactory, RoundFactory, ThemeFactory
from tests.neighbourhoods.factories import AddressFactory, StreetFactory

pytestmark = pytest.mark.django_db(transaction=True)

HEADER_MAX = 64


@pytest.fixture
def todays_round(worker, neighbourhood):
    ThemeFactory(name="Kennismaken", name_en="Getting acquainted")
    street = StreetFactory(neighbourhood=neighbourhood, name="Kastanjelaan")
    houses = [AddressFactory(street=street, house_number=n) for n in (1, 2, 3, 4)]
    round = RoundFactory(neighbourhood=neighbourhood, worker=worker, addresses=houses)
    an_hour_ago = timezone.now() - datetime.timedelta(hours=1)
    DoorKnockFactory(address=houses[0], round=round, worker=worker, knocked_at=an_hour_ago)
    DoorKnock.objects.filter(round=round).update(created_at=an_hour_ago)
    return round, houses


def log_in(page, url, username="werker"):
    page.goto(f"{url}/account/login/")
    page.get_by_label("Gebruikersnaam of e-mailadres").fill(username)
    page.get_by_label("Wachtwoord").fill(DEFAULT_PASSWORD)
    page.get_by_role("button", name="Inloggen").click()


def tab_to(page, target, limit=120):
    """Presses Tab until ``target`` has the focus; fails after ``limit``
    presses. Returns how many it took."""
    for presses in range(1, limit + 1):
        page.keyboard.press("Tab")
        if target.evaluate("element => element === document.activeElement"):
            return presses
    raise AssertionError(f"Tab never reached {target}")


def focus_is_visible(page):
    """The focused element draws an outline or a focus shadow."""
    return page.evaluate(
        """() => {
            const style = getComputedStyle(document.activeElement);
            return (style.outlineStyle !== "none" && parseFloat(style.outlineWidth) > 0)
                || style.boxShadow !== "none";
        }"""
    )


def test_the_header_is_one_line_and_its_menu_works_without_javascript(
    live_server, browser, browser_context_args, worker, neighbourhood
):
    context = browser.new_context(**browser_context_args, java_script_enabled=False)
    page = context.new_page()
    try:
        log_in(page, live_server.url)
        expect(page.get_by_role("heading", name="Hallo Wendy")).to_be_visible()
        header = page.locator("header.app-header")
        assert header.bounding_box()["height"] <= HEADER_MAX
        status = page.locator("#app-status")
        assert status.evaluate("e => getComputedStyle(e).display") != "none"
        assert status.evaluate("e => e.closest('header') !== null")
        # The sections are behind the menu button, which opens without script.
        coverage = header.get_by_role("link", name="Bereik")
        expect(coverage).to_be_hidden()
        page.get_by_text("Menu", exact=True).click()
        expect(coverage).to_be_visible()
        expect(page.get_by_role("button", name="Uitloggen")).to_be_visible()
        assert page.evaluate("document.documentElement.scrollWidth") <= 360
        coverage.click()
        expect(page.get_by_role("heading", name="Bereik", exact=True)).to_be_visible()
        assert header.bounding_box()["height"] <= HEADER_MAX
    finally:
        context.close()


def test_on_a_wide_screen_the_sections_are_in_the_header(
    live_server, browser, browser_context_args, worker
):
    context = browser.new_context(
        **{**browser_context_args, "viewport": {"width": 1440, "height": 900}}
    )
    page = context.new_page()
    try:
        log_in(page, live_server.url)
        expect(page.locator("header").get_by_role("link", name="Bereik")).to_be_visible()
        expect(page.get_by_text("Menu", exact=True)).to_be_hidden()
        assert page.locator("#app-status").evaluate("e => getComputedStyle(e).display") != "none"
    finally:
        context.close()


def test_the_two_factor_code_brings_up_the_number_keypad(live_server, page, lead):
    log_in(page, live_server.url, "leider")
    code = page.get_by_label("Code")
    expect(code).to_have_attribute("inputmode", "numeric")
    expect(code).to_have_attribute("autocomplete", "one-time-code")


def test_the_round_page_works_with_the_keyboard_alone(live_server, page, todays_round):
    round, houses = todays_round
    log_in(page, live_server.url)
    page.goto(f"{live_server.url}/rondes/{round.pk}/")
    # Walking order 1, 3, 2, 4; number 1 is done, so number 3 is next: Tab
    # reaches its "Niet thuis", Enter records it.
    card = page.locator(f"#adres-{houses[2].pk}")
    not_home = card.get_by_role("button", name="Niet thuis")
    tab_to(page, not_home)
    assert focus_is_visible(page)
    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile(rf"/rondes/{round.pk}/#volgende$"))
    expect(page.get_by_role("status")).to_contain_text("Kastanjelaan 3: niet thuis.")
    assert DoorKnock.objects.filter(round=round, address=houses[2]).exists()
    # The doors done fold into one line that opens with Enter.
    done = page.get_by_text("2 deuren gedaan")
    tab_to(page, page.locator("summary", has_text="2 deuren gedaan"))
    assert focus_is_visible(page)
    page.keyboard.press("Enter")
    expect(done.locator("xpath=..")).to_have_attribute("open", "")
    # Number 2 answers: Tab to "Gesproken", Enter opens the conversation form.
    spoke = page.locator(f"#adres-{houses[1].pk}").get_by_role("button", name="Gesproken")
    tab_to(page, spoke)
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", name="Gesprek vastleggen")).to_be_visible()


def test_the_conversation_form_works_with_the_keyboard_alone(live_server, page, todays_round):
    round, houses = todays_round
    log_in(page, live_server.url)
    page.goto(f"{live_server.url}/rondes/{round.pk}/")
    page.locator(f"#adres-{houses[2].pk}").get_by_role("button", name="Gesproken").click()
    expect(page.get_by_role("heading", name="Gesprek vastleggen")).to_be_visible()

    name = page.get_by_label("Naam", exact=True)
    tab_to(page, name)
    page.keyboard.type("Fenna Proefbewoner")
    for question in ("Mogen we je gegevens opslaan?", "Mogen we je koppelen aan buurtgenoten?"):
        group = page.get_by_role("group", name=question)
        tab_to(page, group.locator("input").first)
        yes = group.get_by_label("ja", exact=True)
        for _ in range(4):  # arrow keys move within a group of radio buttons
            if yes.is_checked():
                break
            page.keyboard.press("ArrowRight")
        expect(yes).to_be_checked()
    theme = page.get_by_label("Kennismaken", exact=True)
    tab_to(page, theme)
    assert focus_is_visible(page)
    page.keyboard.press("Space")
    expect(theme).to_be_checked()
    notes = page.get_by_label("Aantekeningen")
    tab_to(page, notes)
    page.keyboard.type("Wil graag meedoen met de buurtmaaltijd.")
    # The counter under the notes counts along.
    expect(page.locator("#id_notes-count")).to_have_text("39 van 2000 tekens")
    tab_to(page, page.get_by_role("button", name="Gesprek opslaan"))
    assert focus_is_visible(page)
    page.keyboard.press("Enter")

    expect(page).to_have_url(re.compile(rf"/rondes/{round.pk}/#volgende$"))
    conversation = Conversation.objects.get()
    assert conversation.notes == "Wil graag meedoen met de buurtmaaltijd."
    assert [r.name for r in conversation.residents.all()] == ["Fenna Proefbewoner"]
