"""Journey 6 at a 360 x 740 phone in Debian's Chromium: a housing
corporation reports rubbish in a stairwell; the worker records the report,
links the conversations with the residents that came of it, plans a
clean-up afternoon from the report, records who was there (two residents
by name, from the report's conversations, and six others as a count), and
closes the report with what was done."""

import re

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from contacts.models import Activity, ActivityAttendance, Report
from tests.accounts.factories import DEFAULT_PASSWORD
from tests.contacts.factories import ConversationFactory, ResidentFactory
from tests.neighbourhoods.factories import AddressFactory, StreetFactory

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def stairwell(neighbourhood):
    street = StreetFactory(neighbourhood=neighbourhood, name="Kastanjelaan")
    return [
        AddressFactory(street=street, house_number=12, postcode="1234AB", addition=addition)
        for addition in ("A", "B")
    ]


def fits_the_screen(page):
    return page.evaluate("document.documentElement.scrollWidth") <= 360


def test_a_report_becomes_a_clean_up_and_is_closed_with_its_outcome(
    live_server, page, worker, neighbourhood, stairwell
):
    fatima = ResidentFactory(address=stairwell[0], name="Fatima Proefbewoner")
    joop = ResidentFactory(address=stairwell[1], name="Joop Proefbewoner")
    page.goto(f"{live_server.url}/meldingen/nieuw/")
    page.get_by_label("Gebruikersnaam of e-mailadres").fill("werker")
    page.get_by_label("Wachtwoord").fill(DEFAULT_PASSWORD)
    page.get_by_role("button", name="Inloggen").click()

    # The report: from the housing corporation, about the stairwell at 12-A.
    expect(page.get_by_label("Afkomstig van")).to_be_visible()
    assert fits_the_screen(page)
    page.get_by_label("Afkomstig van").select_option(Report.Source.HOUSING)
    page.get_by_label("Postcode").fill("1234 AB")
    page.get_by_role("spinbutton", name="Huisnummer*", exact=True).fill("12")
    page.get_by_label("Toevoeging").fill("A")
    page.get_by_label("Wat er gemeld is").fill("Afval en grofvuil in het trappenhuis.")
    page.get_by_role("button", name="Opslaan").click()
    expect(page.get_by_role("alert").first).to_contain_text("Melding opgeslagen")
    report = Report.objects.get()
    expect(page).to_have_url(re.compile(rf"/meldingen/{report.pk}/$"))

    # The worker rang the bells and talked with both (logged at the door);
    # those conversations came of the report.
    talks = [
        ConversationFactory(
            neighbourhood=neighbourhood, residents=[resident], workers=[worker], created_by=worker
        )
        for resident in (fatima, joop)
    ]
    page.reload()
    for talk in talks:
        page.get_by_text("Een gesprek, initiatief of activiteit koppelen").click()
        page.get_by_label("Een gesprek dat eruit voortkwam").select_option(str(talk.pk))
        page.get_by_role("button", name="Koppelen", exact=True).click()
        expect(page.get_by_role("alert").first).to_contain_text("Gekoppeld")
    expect(page.get_by_text("In behandeling")).to_be_visible()

    # They organise a clean-up afternoon together: planned from the report.
    page.get_by_role("link", name="Een activiteit plannen voor deze melding").click()
    expect(page.get_by_role("heading", name="Nieuwe activiteit")).to_be_visible()
    assert fits_the_screen(page)
    # "Wat" alone: the label's text is part of several others.
    page.locator("#id_title").fill("Schoonmaakmiddag")
    page.get_by_label("Datum").fill(timezone.localdate().isoformat())
    page.get_by_label("Tijd").fill("14:00")
    page.get_by_label("Plaats").fill("Trappenhuis Kastanjelaan 12")
    page.get_by_role("button", name="Opslaan").click()
    expect(page.get_by_role("alert").first).to_contain_text("De activiteit is opgeslagen")
    activity = Activity.objects.get()
    assert list(activity.reports.all()) == [report]
    assert fits_the_screen(page)

    # Who was there: both are suggested, from the report's conversations.
    for resident in (fatima, joop):
        suggestion = page.locator(f"#suggestion-{resident.pk}")
        expect(suggestion).to_contain_text(resident.name)
        suggestion.get_by_role("button", name="Was erbij").click()
        expect(page.get_by_role("alert").first).to_contain_text(f"{resident.name} was erbij.")
        expect(page.locator(f"#there-{resident.pk}")).to_be_visible()
    page.get_by_label("Anderen erbij, zonder naam").fill("6")
    page.get_by_role("button", name="Aantal opslaan").click()
    expect(page.get_by_role("alert").first).to_contain_text("Het aantal is opgeslagen")
    expect(page.get_by_role("heading", name=re.compile("Wie er waren"))).to_contain_text("8")
    assert ActivityAttendance.objects.filter(activity=activity).count() == 2

    # Back to the report: the clean-up is shown; close it with what was done.
    page.get_by_role("link", name=re.compile("woningcorporatie", re.IGNORECASE)).click()
    expect(page).to_have_url(re.compile(rf"/meldingen/{report.pk}/$"))
    came_of_it = page.get_by_role("region", name="Wat eruit voortkwam")
    expect(came_of_it.get_by_role("link", name="Schoonmaakmiddag")).to_be_visible()
    expect(came_of_it).to_contain_text("8 aanwezig")
    page.get_by_text("Melding afsluiten").first.click()
    page.get_by_label("Wat er is gedaan").fill(
        "Bewoners hebben samen het trappenhuis opgeruimd; grofvuil is opgehaald."
    )
    page.get_by_role("button", name="Melding afsluiten").click()
    expect(page.get_by_role("alert").first).to_contain_text("De melding is afgesloten")
    expect(page.get_by_text("Bewoners hebben samen het trappenhuis opgeruimd")).to_be_visible()
    assert fits_the_screen(page)
    report.refresh_from_db()
    assert report.status == Report.Status.CLOSED
    assert "trappenhuis opgeruimd" in report.outcome
