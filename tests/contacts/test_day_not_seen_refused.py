"""My day's "not seen" list leaves out residents who refused storing data:
no conversation can ever be logged with them (issue 16)."""

import datetime

import pytest
from django.utils import timezone

from contacts.selectors.day import residents_not_seen
from tests.contacts.factories import ResidentFactory
from tests.contacts.test_day import get_day, section

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english_pages")]


@pytest.fixture
def people(neighbourhood):
    seen_long_ago = timezone.now() - datetime.timedelta(weeks=30)
    never = ResidentFactory(address__street__neighbourhood=neighbourhood, name="Nooit Gezien")
    refused = ResidentFactory(
        address__street__neighbourhood=neighbourhood,
        name="Wil Niets",
        may_store=False,
        may_match=False,
        languages=[],
    )
    long_ago = ResidentFactory(
        address__street__neighbourhood=neighbourhood,
        name="Lang Geleden",
        last_seen_at=seen_long_ago,
    )
    return never, refused, long_ago


def test_the_selector_leaves_out_who_refused_storing_data(people, worker):
    never, _refused, long_ago = people
    since = timezone.now() - datetime.timedelta(weeks=4)
    rows, count = residents_not_seen(user=worker, since=since)
    assert rows == [never, long_ago]
    assert count == 2


def test_my_day_does_not_list_them(client, people, worker):
    content = section(get_day(client, worker), "not-seen-heading")
    assert "Nooit Gezien" in content and "Lang Geleden" in content
    assert "Wil Niets" not in content
    assert "2 residents in your neighbourhoods" in content
