"""Journey 2 (PRODUCT.md, seed 001) at a 360 x 740 phone in Debian's
Chromium: an elderly lady, poorly mobile, wants to go to the community
dinner but has no transport. The worker finds her needs on the board of
needs and offers, proposes a neighbour who drives for the one and the
dinner initiative for the other; the team lead approves both; the worker
records the first meeting and the start of each; the lady is then a member
of the dinner, and her needs show their matches instead of suggestions."""

import re

import pytest
from playwright.sync_api import expect

from contacts.models import Category, InitiativeMember
from matches.models import Match
from tests.accounts.factories import DEFAULT_PASSWORD
from tests.accounts.helpers import totp_code
from tests.browser.helpers import open_menu
from tests.contacts.factories import (
    InitiativeFactory,
    NeedFactory,
    ResidentFactory,
    TalentFactory,
)
from tests.neighbourhoods.factories import AddressFactory

# fresh_start (conftest) puts back what the migrations ship (themes, categories).
pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def journey(neighbourhood):
    """The lady with her two needs, the neighbour who drives, and the dinner."""
    lady = ResidentFactory(
        name="Truus Proefmans", address=AddressFactory(street__neighbourhood=neighbourhood)
    )
    driver = ResidentFactory(
        name="Henk Rijdersma", address=AddressFactory(street=lady.address.street)
    )
    transport = Category.objects.get(slug="vervoer")
    company = Category.objects.get(slug="gezelschap")
    TalentFactory(
        resident=driver,
        category=transport,
        text="Heeft een auto en rijdt buren graag naar het buurthuis",
    )
    ride = NeedFactory(
        resident=lady,
        category=transport,
        text="Slecht ter been, kan niet zelf naar het buurthuis komen",
    )
    dinner_need = NeedFactory(
        resident=lady, category=company, text="Zit veel alleen, wil graag samen eten"
    )
    dinner = InitiativeFactory(name="Buurtmaaltijd Oost", neighbourhoods=[neighbourhood])
    TalentFactory(
        resident=None,
        initiative=dinner,
        category=company,
        text="Elke vrijdag samen eten in het buurthuis",
    )
    return lady, driver, ride, dinner_need, dinner


def log_in(page, url, username, *, code=False):
    page.goto(f"{url}/account/login/")
    page.get_by_label("Gebruikersnaam of e-mailadres").fill(username)
    page.get_by_label("Wachtwoord").fill(DEFAULT_PASSWORD)
    page.get_by_role("button", name="Inloggen").click()
    if code:
        page.get_by_label("Code").fill(totp_code())
        page.get_by_role("button", name="Inloggen").click()


def log_out(page):
    open_menu(page)  # logging out is behind the header's menu button
    with page.expect_navigation():
        page.get_by_role("button", name="Uitloggen").click()


def fits_the_screen(page):
    return page.evaluate("document.documentElement.scrollWidth") <= 360


def propose(page, card, why):
    card.get_by_role("link", name="Voorstellen").click()
    page.get_by_label("Waarom deze koppeling").fill(why)
    page.get_by_label("Plan voor de eerste ontmoeting").fill("De eerste keer breng ik haar zelf.")
    page.get_by_role("button", name="Voorstellen aan de teamleider").click()
    expect(page.get_by_text(re.compile("Nu is een teamleider aan zet"))).to_be_visible()


def test_the_lady_gets_a_ride_to_the_dinner_and_becomes_a_member(
    live_server, page, worker, lead, journey
):
    lady, driver, ride, dinner_need, dinner = journey

    # The worker finds her needs on the board, oldest first, with candidates.
    log_in(page, live_server.url, "werker")
    open_menu(page)
    page.get_by_role("link", name="Vraag en aanbod").click()
    expect(page.get_by_role("heading", name="Vraag en aanbod")).to_be_visible()
    ride_row = page.locator("li", has_text="Slecht ter been")
    expect(ride_row.get_by_text("met kandidaten")).to_be_visible()
    assert fits_the_screen(page)

    # The ride: the neighbour who drives comes first.
    ride_row.get_by_role("link", name="Suggesties").click()
    card = page.locator("li.card").first
    expect(card.get_by_role("link", name="Henk Rijdersma")).to_be_visible()
    assert fits_the_screen(page)
    propose(page, card, "Henk rijdt toch al naar het buurthuis; Truus kan niet lopen.")

    # The dinner: the initiative that offers it.
    page.goto(f"{live_server.url}/bewoners/{lady.pk}/")
    page.locator(f'a[href="/behoeften/{dinner_need.pk}/suggesties/"]').click()
    card = page.locator("li.card", has_text="Buurtmaaltijd Oost").first
    expect(card.get_by_text("initiatief", exact=True)).to_be_visible()
    propose(page, card, "Ze wil graag samen eten; de buurtmaaltijd is op vrijdag.")
    matches = {match.need_id: match for match in Match.objects.all()}
    assert (matches[ride.pk].helper, matches[dinner_need.pk].initiative) == (driver, dinner)

    # Proposed: her page shows both matches, no suggestions for them.
    page.goto(f"{live_server.url}/bewoners/{lady.pk}/")
    needs = page.locator("#needs")
    expect(needs.get_by_role("link", name="Koppeling: voorgesteld")).to_have_count(2)
    expect(needs.get_by_role("link", name="Suggesties")).to_have_count(0)

    # The team lead approves both from the review queue.
    log_out(page)
    log_in(page, live_server.url, "leider", code=True)
    open_menu(page)
    page.get_by_role("link", name="Koppelingen").first.click()
    page.get_by_role("link", name="Voorstellen beoordelen").click()
    for text in ("Henk rijdt toch al", "Ze wil graag samen eten"):
        proposal = page.locator("article", has_text=text).first
        proposal.get_by_role("button", name="Goedkeuren").click()
        expect(page.get_by_text("Koppeling goedgekeurd.", exact=True)).to_be_visible()
    assert {match.status for match in Match.objects.all()} == {Match.Status.APPROVED}

    # The worker was there the first time; then it runs, for each match,
    # reached from the lady's page.
    log_out(page)
    log_in(page, live_server.url, "werker")
    for need in (ride, dinner_need):
        page.goto(f"{live_server.url}/bewoners/{lady.pk}/")
        page.locator("#needs li", has_text=need.text).get_by_role(
            "link", name="Koppeling: goedgekeurd"
        ).click()
        page.get_by_role("button", name="Ze hebben kennisgemaakt").click()
        expect(page.get_by_text("Kennismaking opgeslagen.", exact=True)).to_be_visible()
        page.get_by_role("button", name="De koppeling loopt").click()
        expect(page.get_by_text("De koppeling loopt.", exact=True)).to_be_visible()
        assert fits_the_screen(page)
    assert {match.status for match in Match.objects.all()} == {Match.Status.RUNNING}

    # She is a member of the dinner now, and her needs show their matches.
    assert InitiativeMember.objects.filter(initiative=dinner, resident=lady).exists()
    page.goto(f"{live_server.url}/bewoners/{lady.pk}/")
    expect(page.locator("#initiatives").get_by_text("Buurtmaaltijd Oost")).to_be_visible()
    needs = page.locator("#needs")
    expect(needs.get_by_role("link", name="Koppeling: loopt")).to_have_count(2)
    expect(needs.get_by_role("link", name="Suggesties")).to_have_count(0)
    assert fits_the_screen(page)

    # And the board no longer counts them as waiting for candidates.
    open_menu(page)
    page.get_by_role("link", name="Vraag en aanbod").click()
    expect(page.get_by_text("Niets open dat hierbij past.", exact=True)).to_be_visible()
