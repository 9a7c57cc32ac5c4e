"""``manage.py screenshots`` (demo): the README's four screenshots at 360 x 740."""

import struct
import threading
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.db import connections

from contacts.models import DoorKnock
from tests.accounts.factories import DEFAULT_PASSWORD
from tests.contacts.factories import DoorKnockFactory, RoundFactory
from tests.neighbourhoods.factories import AddressFactory

pytestmark = pytest.mark.django_db(transaction=True)


def png_size(path):
    header = path.read_bytes()[:24]
    assert header[:8] == b"\x89PNG\r\n\x1a\n"
    return struct.unpack(">II", header[16:24])


def test_it_takes_the_four_screenshots_at_a_phones_size(tmp_path, worker, neighbourhood):
    address = AddressFactory(street__neighbourhood=neighbourhood)
    round = RoundFactory(neighbourhood=neighbourhood, worker=worker, addresses=[address])
    DoorKnockFactory(address=address, round=round, worker=worker, outcome=DoorKnock.Outcome.SPOKE)
    out = StringIO()
    # In a thread of its own: the command runs Playwright's sync API, which
    # refuses a thread where another test's browser loop may be running.
    errors = []

    def run():
        try:
            call_command(
                "screenshots",
                username="werker",
                password=DEFAULT_PASSWORD,
                out=str(tmp_path),
                stdout=out,
            )
        except Exception as error:  # reported below, in the test's thread
            errors.append(error)
        finally:
            connections.close_all()

    thread = threading.Thread(target=run)
    thread.start()
    thread.join(timeout=120)
    assert not errors, errors
    names = sorted(path.name for path in tmp_path.iterdir())
    assert names == ["conversation-form.png", "coverage.png", "my-day.png", "round.png"]
    for name in names:
        assert png_size(tmp_path / name) == (360, 740), name
    assert "my-day.png: My day" in out.getvalue()


def test_it_needs_the_demo_data(tmp_path, db):
    with pytest.raises(CommandError, match="No user buurtwerker1"):
        call_command("screenshots", out=str(tmp_path))
