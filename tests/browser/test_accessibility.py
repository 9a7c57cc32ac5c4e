"""axe-core on every page of the worker's and the team lead's journeys at
a 360 x 740 phone (issue 13, point 7), with every ``<details>`` opened
(tests/browser/axe.py): no serious or critical violation, and nothing runs
off the side of the screen. Each journey visits all its pages before it
fails, so one run names every page at fault.

The pages are loaded with the Content-Security-Policy bypassed, so that
axe can be added as a script tag; nothing else about them changes."""

import datetime

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from contacts.models import DoorKnock
from tests.accounts.factories import DEFAULT_PASSWORD
from tests.accounts.helpers import totp_code
from tests.browser import axe
from tests.contacts.factories import (
    ConversationFactory,
    DoorKnockFactory,
    FollowUpFactory,
    InitiativeFactory,
    NeedFactory,
    ReportFactory,
    ResidentFactory,
    RoundFactory,
    SignalFactory,
    TalentFactory,
)
from tests.matches.factories import MatchFactory
from tests.neighbourhoods.factories import AddressFactory, StreetFactory

pytestmark = pytest.mark.django_db(transaction=True)

WIDTH = 360


@pytest.fixture
def page(browser, browser_context_args):
    """A phone page on which axe may be injected (CSP bypassed)."""
    context = browser.new_context(**browser_context_args, bypass_csp=True)
    page = context.new_page()
    yield page
    context.close()


@pytest.fixture
def journey(worker, lead, neighbourhood):
    """Something on every page: a round with done and open doors, residents
    with talents, needs and languages, a conversation, a follow-up, a
    proposed match, an initiative, an incoming report and a signal."""
    worker.languages = ["nld", "ary"]
    worker.save()
    street = StreetFactory(neighbourhood=neighbourhood, name="Kastanjelaan")
    houses = [AddressFactory(street=street, house_number=n) for n in range(1, 9)]
    anna = ResidentFactory(
        address=houses[0], name="Anna de Vries", languages=["nld", "ary"], is_connector=True
    )
    bram = ResidentFactory(address=houses[1], name="Bram Proef", languages=["tir"])
    ResidentFactory(address=houses[2], name="Cem Yilmaz", languages=["tur", "nld"])
    need = NeedFactory(resident=anna, text="Kan het gras niet meer maaien")
    TalentFactory(resident=bram, text="Werkt graag in de tuin")
    match = MatchFactory(need=need, talent__resident=bram, proposed_by=worker)
    round = RoundFactory(
        neighbourhood=neighbourhood,
        worker=worker,
        addresses=houses,
        coach_name="Fatima",
        coach_languages=["ary", "tzm"],
    )
    an_hour_ago = timezone.now() - datetime.timedelta(hours=1)
    knock = DoorKnockFactory(
        address=houses[0],
        round=round,
        worker=worker,
        outcome=DoorKnock.Outcome.SPOKE,
        knocked_at=an_hour_ago,
    )
    DoorKnockFactory(address=houses[1], round=round, worker=worker, knocked_at=an_hour_ago)
    open_door = DoorKnockFactory(
        address=houses[4],
        round=round,
        worker=worker,
        outcome=DoorKnock.Outcome.SPOKE,
        knocked_at=an_hour_ago,
    )
    conversation = ConversationFactory(
        neighbourhood=neighbourhood, residents=[anna], workers=[worker], door_knock=knock
    )
    FollowUpFactory(
        neighbourhood=neighbourhood,
        resident=anna,
        assigned_to=worker,
        description="Terugbellen over de tuin",
        due_on=timezone.localdate(),
    )
    initiative = InitiativeFactory(neighbourhoods=[neighbourhood], name="Buurtmaaltijd")
    report = ReportFactory(address=houses[3], created_by=worker)
    SignalFactory(resident=anna, created_by=worker)
    return {
        "round": round,
        "knock": knock,
        "open_door": open_door,
        "anna": anna,
        "need": need,
        "match": match,
        "conversation": conversation,
        "initiative": initiative,
        "report": report,
        "neighbourhood": neighbourhood,
    }


def log_in(page, url, username, *, code=False):
    page.goto(f"{url}/account/login/")
    axe.check(page)
    page.get_by_label("Gebruikersnaam of e-mailadres").fill(username)
    page.get_by_label("Wachtwoord").fill(DEFAULT_PASSWORD)
    page.get_by_role("button", name="Inloggen").click()
    if code:
        expect(page.get_by_label("Code")).to_be_visible()
        axe.check(page)
        page.get_by_label("Code").fill(totp_code())
        page.get_by_role("button", name="Inloggen").click()
    expect(page.get_by_role("link", name="Buurtwerk")).to_be_visible()


_TOO_WIDE = """() => Array.from(document.querySelectorAll("body *"))
    .filter(e => e.getBoundingClientRect().right > document.documentElement.clientWidth + 0.5)
    .filter(e => !Array.from(e.children).some(
        c => c.getBoundingClientRect().right > document.documentElement.clientWidth + 0.5))
    .slice(0, 5)
    .map(e => e.tagName.toLowerCase() + (e.id ? "#" + e.id : "")
              + (e.className ? "." + String(e.className).trim().split(/\\s+/).join(".") : ""))"""


def too_wide(page):
    """The innermost elements that reach past the right edge of the screen."""
    return page.evaluate(_TOO_WIDE)


def visit_all(page, url, paths):
    """Visits every path; returns what was wrong on each (empty: nothing)."""
    problems = []
    for path in paths:
        response = page.goto(f"{url}{path}")
        if response.status >= 400:
            problems.append(f"{path}: HTTP {response.status}")
            continue
        width = page.evaluate("document.documentElement.scrollWidth")
        if width > WIDTH:
            problems.append(f"{path}: {width} px wide: {', '.join(too_wide(page))}")
        found = axe.violations(page)
        if found:
            problems.append(f"{path}:\n{axe.describe(found)}")
    return problems


def test_the_workers_journey_has_no_serious_accessibility_problem(
    live_server, page, worker, journey
):
    j = journey
    log_in(page, live_server.url, "werker")
    anna, round = j["anna"], j["round"]
    paths = [
        "/",
        "/rondes/",
        "/rondes/nieuw/",
        f"/rondes/{round.pk}/",
        f"/aanbellen/{j['open_door'].pk}/gesprek/",
        f"/aanbellen/{j['knock'].pk}/gesprek/",  # logged already: its conversation
        f"/bewoners/{anna.pk}/gesprek/",
        "/gesprekken/nieuw/",
        f"/gesprekken/{j['conversation'].pk}/",
        "/mijn-gesprekken/",
        "/bewoners/zoeken/?q=anna",
        f"/bewoners/{anna.pk}/",
        "/bewoners/nieuw/",
        f"/bewoners/{anna.pk}/wijzigen/",
        f"/bewoners/{anna.pk}/talent/",
        f"/bewoners/{anna.pk}/opvolging/",
        "/bewoners/niet-gezien/",
        "/opvolging/",
        "/opvolging/nieuw/",
        f"/behoeften/{j['need'].pk}/suggesties/",
        "/koppelingen/",
        f"/koppelingen/{j['match'].pk}/",
        "/initiatieven/",
        f"/initiatieven/{j['initiative'].pk}/",
        "/initiatieven/nieuw/",
        "/meldingen/",
        "/meldingen/nieuw/",
        f"/meldingen/{j['report'].pk}/",
        "/signalen/",
        "/dekking/",
        f"/dekking/{j['neighbourhood'].pk}/",
        f"/dekking/{j['neighbourhood'].pk}/niet-bereikt/",
        "/account/sessions/",
        "/account/password/change/",
    ]
    problems = visit_all(page, live_server.url, paths)
    assert not problems, "\n".join(problems)


def test_the_team_leads_journey_has_no_serious_accessibility_problem(
    live_server, page, lead, journey
):
    j = journey
    log_in(page, live_server.url, "leider", code=True)
    anna = j["anna"]
    paths = [
        "/",
        "/koppelingen/beoordelen/",
        f"/koppelingen/{j['match'].pk}/",
        "/rapportage/",
        "/dekking/",
        f"/dekking/{j['neighbourhood'].pk}/",
        f"/bewoners/{anna.pk}/",
        f"/bewoners/{anna.pk}/geschiedenis/",
        f"/bewoners/{anna.pk}/inzage/",
        f"/bewoners/{anna.pk}/export/",
        "/signalen/",
        "/account/2fa/",
        "/account/sessions/",
    ]
    problems = visit_all(page, live_server.url, paths)
    assert not problems, "\n".join(problems)
