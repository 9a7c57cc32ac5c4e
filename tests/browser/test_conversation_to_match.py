"""The heart of the product at a 360 x 740 phone in Debian's Chromium: a
worker logs a conversation in which a talent and a need are heard, opens the
need's suggestions, proposes the neighbour who can help; the team lead logs
in and approves it."""

import re

import pytest
from playwright.sync_api import expect

from contacts.models import Category, Consent, Need, Talent
from matches.models import Match
from tests.accounts.factories import DEFAULT_PASSWORD
from tests.accounts.helpers import totp_code
from tests.browser.helpers import open_menu
from tests.contacts.factories import ResidentFactory, TalentFactory
from tests.neighbourhoods.factories import AddressFactory

# fresh_start (conftest) puts back what the migrations ship (themes, categories).
pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def neighbours(neighbourhood):
    """Two residents in one street who agreed to be matched; the second
    already told a worker she loves gardening."""
    anton = ResidentFactory(
        name="Anton Proefhuis", address=AddressFactory(street__neighbourhood=neighbourhood)
    )
    karin = ResidentFactory(
        name="Karin Groenhart", address=AddressFactory(street=anton.address.street)
    )
    TalentFactory(
        resident=karin,
        category=Category.objects.get(slug="tuin"),
        text="Werkt graag in de tuin, heeft vroeger als hovenier gewerkt",
    )
    assert anton.may_match and karin.may_match, Consent.MATCH
    return anton, karin


def log_in(page, url, username):
    page.goto(f"{url}/account/login/")
    page.get_by_label("Gebruikersnaam of e-mailadres").fill(username)
    page.get_by_label("Wachtwoord").fill(DEFAULT_PASSWORD)
    page.get_by_role("button", name="Inloggen").click()


def fits_the_screen(page):
    return page.evaluate("document.documentElement.scrollWidth") <= 360


def test_a_need_heard_at_the_door_becomes_an_approved_match(
    live_server, page, worker, lead, neighbours
):
    anton, karin = neighbours
    log_in(page, live_server.url, "werker")
    page.goto(f"{live_server.url}/bewoners/{anton.pk}/gesprek/")
    expect(page.get_by_role("heading", name="Gesprek vastleggen")).to_be_visible()

    # Talents are asked first, then needs.
    page.get_by_text("Wat kan iemand, of wat doet iemand graag?").click()
    page.locator("#id_talents-0-text").fill("Speelt graag schaak met de buren")
    page.get_by_text("Waarmee zou iemand geholpen zijn?").click()
    page.locator("#id_needs-0-text").fill("Kan het gras en de heg niet meer bijhouden")
    page.get_by_label("Aantekeningen").fill("Koffie gedronken, over zijn tuin gepraat.")
    page.get_by_role("button", name="Gesprek opslaan").click()

    expect(page.get_by_role("heading", name="Anton Proefhuis")).to_be_visible()
    need = Need.objects.get(resident=anton)
    assert need.category.slug == "tuin"
    assert Talent.objects.filter(resident=anton, text__startswith="Speelt graag schaak").exists()
    assert fits_the_screen(page)

    # The need's suggestions put the gardener first, with reasons.
    page.locator(f'a[href="/behoeften/{need.pk}/suggesties/"]').click()
    first = page.locator("li", has_text="Karin Groenhart").first
    expect(first).to_be_visible()
    expect(first.get_by_text(re.compile("zelfde straat", re.IGNORECASE))).to_be_visible()
    assert fits_the_screen(page)
    first.get_by_role("link", name="Voorstellen").click()

    page.get_by_label("Waarom deze koppeling").fill("Zij tuiniert graag, hij kan het niet meer.")
    page.get_by_label("Plan voor de eerste ontmoeting").fill("Samen koffie bij hem, ik ben erbij.")
    page.get_by_role("button", name="Voorstellen aan de teamleider").click()
    match = Match.objects.get()
    assert (match.need, match.helper, match.status) == (need, karin, Match.Status.PROPOSED)
    assert match.reasons

    # The team lead approves it from the review queue.
    open_menu(page)
    page.get_by_role("button", name="Uitloggen").click()
    log_in(page, live_server.url, "leider")
    page.get_by_label("Code").fill(totp_code())
    page.get_by_role("button", name="Inloggen").click()
    open_menu(page)
    page.get_by_role("link", name="Koppelingen").first.click()
    page.get_by_role("link", name="Voorstellen beoordelen").click()
    proposal = page.locator("article", has_text="Karin Groenhart").first
    expect(proposal.get_by_text("Zij tuiniert graag, hij kan het niet meer.")).to_be_visible()
    assert fits_the_screen(page)
    proposal.get_by_role("button", name="Goedkeuren").click()
    expect(page.get_by_text(re.compile("goedgekeurd", re.IGNORECASE)).first).to_be_visible()
    match.refresh_from_db()
    assert (match.status, match.reviewed_by) == (Match.Status.APPROVED, lead)
