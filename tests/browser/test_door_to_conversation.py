"""The daily path at a 360 x 740 phone in Debian's Chromium: log in, open
today's round, record "not home" at one door and "spoke" at another, create
the resident who opened it, log the conversation, and find it on the
resident's page and on My day."""

import re

import pytest
from playwright.sync_api import expect

from contacts.models import Conversation, DoorKnock, Resident
from tests.accounts.factories import DEFAULT_PASSWORD
from tests.browser.helpers import open_menu
from tests.contacts.factories import RoundFactory, ThemeFactory
from tests.neighbourhoods.factories import AddressFactory, StreetFactory

# fresh_start (conftest) puts back what the migrations ship (themes, categories).
pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def todays_round(worker, neighbourhood):
    # A transactional test empties the tables, themes from the migration too.
    ThemeFactory(name="Kennismaken", name_en="Getting acquainted")
    street = StreetFactory(neighbourhood=neighbourhood, name="Kastanjelaan")
    houses = [AddressFactory(street=street, house_number=n) for n in (1, 2, 3)]
    return RoundFactory(neighbourhood=neighbourhood, worker=worker, addresses=houses)


def fits_the_screen(page):
    return page.evaluate("document.documentElement.scrollWidth") <= 360


def test_a_worker_goes_from_a_door_to_a_logged_conversation(live_server, page, todays_round):
    page.goto(f"{live_server.url}/")
    page.get_by_label("Gebruikersnaam of e-mailadres").fill("werker")
    page.get_by_label("Wachtwoord").fill(DEFAULT_PASSWORD)
    page.get_by_role("button", name="Inloggen").click()

    # My day shows today's round; open it.
    expect(page.get_by_role("heading", name="Rondes van vandaag")).to_be_visible()
    page.get_by_role("link", name=re.compile("Oosterbuurt")).first.click()
    expect(page).to_have_url(re.compile(rf"/rondes/{todays_round.pk}/"))
    assert fits_the_screen(page)

    # Nobody at number 1: one tap on "Niet thuis" (one form per card, the
    # button says which outcome); the page comes back at the next door, with
    # the confirmation above it and number 1 folded into "1 deur gedaan".
    first = page.locator(f"#adres-{todays_round.addresses.get(house_number=1).pk}")
    first.get_by_role("button", name="Niet thuis").click()
    expect(page).to_have_url(re.compile(rf"/rondes/{todays_round.pk}/#volgende$"))
    expect(page.get_by_role("status")).to_contain_text("Kastanjelaan 1: niet thuis.")
    expect(page.get_by_text("1 deur gedaan")).to_be_visible()
    expect(first.get_by_text("Deze ronde: niet thuis")).to_be_hidden()

    # Number 3 opens the door: one tap on "Gesproken".
    card = page.locator(f"#adres-{todays_round.addresses.get(house_number=3).pk}")
    card.get_by_role("button", name="Gesproken").click()
    expect(page.get_by_role("heading", name="Gesprek vastleggen")).to_be_visible()
    assert fits_the_screen(page)

    # She is new: her name and her consent, then what was talked about. Nobody
    # is known at this door yet, so the part for someone new is already open.
    name = page.get_by_label("Naam", exact=True)
    expect(name).to_be_visible()
    name.fill("Fenna Proefbewoner")
    page.get_by_role("group", name="Mogen we je gegevens opslaan?").get_by_text(
        "ja", exact=True
    ).click()
    page.get_by_role("group", name="Mogen we je koppelen aan buurtgenoten?").get_by_text(
        "ja", exact=True
    ).click()
    page.get_by_text("Kennismaken", exact=True).click()
    page.get_by_label("Aantekeningen").fill("Wil graag meedoen met de buurtmaaltijd.")
    page.get_by_role("button", name="Gesprek opslaan").click()

    # Back on the round, at the next door, with the confirmation in view.
    expect(page).to_have_url(re.compile(rf"/rondes/{todays_round.pk}/#volgende$"))
    expect(page.get_by_role("status").filter(has_text="Gesprek opgeslagen")).to_be_in_viewport()
    assert DoorKnock.objects.get(address__house_number=1).outcome == DoorKnock.Outcome.NOT_HOME
    knock = DoorKnock.objects.get(address__house_number=3)
    resident = Resident.objects.get(name="Fenna Proefbewoner")
    conversation = Conversation.objects.get()
    assert knock.outcome == DoorKnock.Outcome.SPOKE
    assert list(conversation.residents.all()) == [resident]
    assert resident.address == knock.address and resident.may_store and resident.may_match

    # Her door is folded with number 1 ("2 deuren gedaan"); opened, she is known there.
    page.get_by_text("2 deuren gedaan").click()
    card.locator("summary").first.click()
    page.get_by_role("link", name="Fenna Proefbewoner").click()
    expect(page.get_by_role("heading", name="Fenna Proefbewoner")).to_be_visible()
    expect(page.get_by_text("Wil graag meedoen met de buurtmaaltijd.")).to_be_visible()
    assert fits_the_screen(page)

    open_menu(page)
    page.get_by_role("link", name="Mijn dag").click()
    recent = page.locator(
        "section", has=page.get_by_role("heading", name="Mijn recente gesprekken")
    )
    expect(recent.get_by_text("Fenna Proefbewoner")).to_be_visible()
    assert fits_the_screen(page)
