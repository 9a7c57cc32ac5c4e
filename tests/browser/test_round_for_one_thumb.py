"""The round page at a 360 x 740 phone (issue 13, points 1 and 2): on a
round of 32 doors with 12 done, the next door's buttons are on the first
screen; after a tap the worker lands on the next door with the confirmation
in view; a done door opens from its one line; an undo removes the attempt."""

import datetime
import re

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from contacts.models import DoorKnock
from tests.accounts.factories import DEFAULT_PASSWORD
from tests.contacts.factories import DoorKnockFactory, RoundFactory
from tests.neighbourhoods.factories import AddressFactory, StreetFactory

pytestmark = pytest.mark.django_db(transaction=True)

SCREEN_HEIGHT = 740


@pytest.fixture
def half_done_round(worker, neighbourhood):
    """32 doors of the Kastanjelaan; the first 12 in walking order (the odd
    numbers 1 to 23) done in this round, an hour ago (past the undo time),
    each with two earlier attempts."""
    street = StreetFactory(neighbourhood=neighbourhood, name="Kastanjelaan")
    houses = {n: AddressFactory(street=street, house_number=n) for n in range(1, 33)}
    round = RoundFactory(
        neighbourhood=neighbourhood, worker=worker, addresses=list(houses.values())
    )
    now = timezone.now()
    for house in houses.values():
        for weeks in (1, 2):
            DoorKnockFactory(
                address=house, worker=worker, knocked_at=now - datetime.timedelta(weeks=weeks)
            )
    an_hour_ago = now - datetime.timedelta(hours=1)
    for n in range(1, 24, 2):
        DoorKnockFactory(address=houses[n], round=round, worker=worker, knocked_at=an_hour_ago)
    DoorKnock.objects.filter(round=round).update(created_at=an_hour_ago)
    return round, houses


def log_in(page, live_server):
    page.goto(f"{live_server.url}/")
    page.get_by_label("Gebruikersnaam of e-mailadres").fill("werker")
    page.get_by_label("Wachtwoord").fill(DEFAULT_PASSWORD)
    page.get_by_role("button", name="Inloggen").click()
    expect(page.get_by_role("heading", name="Rondes van vandaag")).to_be_visible()


def buttons_bottom(card):
    """The lowest edge, in page pixels from the top, of a card's outcome buttons."""
    return max(
        box["y"] + box["height"]
        for box in (button.bounding_box() for button in card.locator("button[name=outcome]").all())
    )


def test_the_next_door_is_on_the_first_screen_and_a_tap_lands_on_the_next(
    live_server, page, half_done_round
):
    round, houses = half_done_round
    log_in(page, live_server)
    page.goto(f"{live_server.url}/rondes/{round.pk}/")
    expect(page.get_by_text("12 van 32 gedaan")).to_be_visible()
    assert page.evaluate("window.scrollY") == 0

    # Number 25 is next: all five of its buttons within the first 740 px.
    card = page.locator(f"#adres-{houses[25].pk}")
    expect(card.get_by_role("button", name="Niet thuis")).to_be_visible()
    assert card.locator("button[name=outcome]").count() == 5
    assert buttons_bottom(card) <= SCREEN_HEIGHT
    assert page.evaluate("document.documentElement.scrollWidth") <= 360

    # A done door is one line that opens to its card.
    done = page.locator(f"#adres-{houses[3].pk}")
    expect(done.get_by_role("button", name="Gesproken")).to_be_hidden()
    page.get_by_text(re.compile(r"12 deuren gedaan")).click()
    done.locator("summary").first.click()
    expect(done.get_by_role("button", name="Gesproken")).to_be_visible()

    # One tap at 25: back at the next door (27), the confirmation in view.
    card.get_by_role("button", name="later terugkomen").click()
    expect(page).to_have_url(re.compile(rf"/rondes/{round.pk}/#volgende$"))
    confirmation = page.get_by_role("status").filter(has_text="Kastanjelaan 25")
    expect(confirmation).to_be_in_viewport()
    following = page.locator(f"#adres-{houses[27].pk}")
    expect(following.get_by_role("button", name="Niet thuis")).to_be_in_viewport()
    expect(page.get_by_text("13 van 32 gedaan")).to_be_attached()

    # A mis-tap: undone, the attempt is gone and 25 is the next door again.
    knocks = DoorKnock.objects.filter(address=houses[25]).count()
    page.get_by_role("button", name="Kastanjelaan 25 ongedaan maken").click()
    expect(page.get_by_text("Kastanjelaan 25: ongedaan gemaakt")).to_be_visible()
    assert DoorKnock.objects.filter(address=houses[25]).count() == knocks - 1
    expect(page.get_by_text("12 van 32 gedaan")).to_be_attached()
