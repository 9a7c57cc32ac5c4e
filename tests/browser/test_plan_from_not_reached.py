"""Planning a round from who is not reached, at a 360 x 740 phone (issue 13,
point 4): coverage of a neighbourhood, "not reached", two streets chosen,
their doors never knocked on or never answered ticked, a round planned of
them, its page in walking order."""

import datetime
import re

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from contacts.models import DoorKnock, Round
from tests.accounts.factories import DEFAULT_PASSWORD
from tests.contacts.factories import DoorKnockFactory
from tests.neighbourhoods.factories import AddressFactory, StreetFactory

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def streets(worker, neighbourhood):
    """Kastanjelaan 1-4 (1 answered, 2 never answered, 3 and 4 never knocked
    on) and Beukenlaan 1-2 (never knocked on)."""
    kastanjelaan = StreetFactory(neighbourhood=neighbourhood, name="Kastanjelaan")
    beukenlaan = StreetFactory(neighbourhood=neighbourhood, name="Beukenlaan")
    k = {n: AddressFactory(street=kastanjelaan, house_number=n) for n in range(1, 5)}
    for n in (1, 2):
        AddressFactory(street=beukenlaan, house_number=n)
    week_ago = timezone.now() - datetime.timedelta(days=7)
    DoorKnockFactory(address=k[1], worker=worker, outcome="spoke", knocked_at=week_ago)
    DoorKnockFactory(address=k[2], worker=worker, outcome="not_home", knocked_at=week_ago)
    return kastanjelaan, beukenlaan


def test_a_round_is_planned_from_the_addresses_not_reached(
    live_server, page, neighbourhood, streets
):
    page.goto(f"{live_server.url}/dekking/{neighbourhood.pk}/")
    page.get_by_label("Gebruikersnaam of e-mailadres").fill("werker")
    page.get_by_label("Wachtwoord").fill(DEFAULT_PASSWORD)
    page.get_by_role("button", name="Inloggen").click()

    page.get_by_role("link", name="Plan een ronde langs wie niet bereikt is").click()
    page.get_by_label(re.compile("Kastanjelaan")).check()
    page.get_by_label(re.compile("Beukenlaan")).check()
    page.get_by_role("button", name="Toon hun adressen").click()

    addresses = page.get_by_role("group", name="Kastanjelaan")
    expect(addresses.get_by_label(re.compile(r"Kastanjelaan\s+2\s"))).to_be_checked()
    expect(addresses.get_by_label(re.compile(r"Kastanjelaan\s+3\s"))).to_be_checked()
    expect(addresses.get_by_label(re.compile(r"Kastanjelaan\s+1\s"))).to_have_count(0)
    expect(page.get_by_text(re.compile("Voorstel voor de adressen waar nooit"))).to_be_visible()
    page.get_by_role("group", name="Beukenlaan").get_by_label(
        re.compile(r"Beukenlaan\s+2\s")
    ).uncheck()
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    page.get_by_role("button", name="Ronde plannen").click()

    expect(page.get_by_role("heading", name=re.compile("^Ronde"))).to_be_visible()
    round = Round.objects.get()
    assert sorted(
        (a.street.name, a.house_number) for a in round.addresses.select_related("street")
    ) == [("Beukenlaan", 1), ("Kastanjelaan", 2), ("Kastanjelaan", 3), ("Kastanjelaan", 4)]
    expect(page.get_by_text("0 van 4 gedaan")).to_be_visible()
    assert not DoorKnock.objects.filter(round=round).exists()
