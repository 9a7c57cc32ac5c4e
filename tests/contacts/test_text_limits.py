"""Limited texts and typed postcodes on a phone (issue 13, point 6): a note
over its limit is refused with a message beside it and shown back whole
(never cut, by the browser or the server), every limited text has a visible
counter, and a malformed postcode says so instead of "no such address"."""

import re

import pytest
from django.urls import reverse

from contacts.models import Conversation, Report, Resident
from tests.contacts.test_conversations import field_block, form_data
from tests.contacts.test_reports import post_report
from tests.contacts.test_residents import create_data
from tests.neighbourhoods.factories import StreetFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english_pages")]

CREATE_RESIDENT = reverse("contacts:resident_create")


@pytest.fixture
def knock(worker, address):
    from contacts.models import DoorKnock
    from tests.contacts.factories import DoorKnockFactory, RoundFactory

    round_ = RoundFactory(neighbourhood=address.street.neighbourhood, worker=worker)
    round_.addresses.add(address)
    return DoorKnockFactory(
        address=address, round=round_, worker=worker, outcome=DoorKnock.Outcome.SPOKE
    )


def test_notes_over_the_limit_are_refused_and_shown_back_whole(client, worker, resident, knock):
    client.force_login(worker)
    notes = "Lang verhaal over de tuin." + " En nog meer." * 152  # 2,002 characters
    response = client.post(
        reverse("contacts:conversation_from_knock", args=[knock.pk]),
        form_data(workers=[worker], residents=[resident], notes=notes),
    )
    assert response.status_code == 200
    assert not Conversation.objects.exists()
    content = response.content.decode()
    block = field_block(content, "id_notes")
    assert len(notes) == 2002
    assert "at most 2000 characters (it has 2002)" in block
    assert notes.strip() in content


def test_limited_texts_have_a_counter_and_no_maxlength_that_cuts(client, worker, knock):
    client.force_login(worker)
    content = client.get(reverse("contacts:conversation_from_knock", args=[knock.pk])).content
    content = content.decode()
    notes = re.search(r"<textarea[^>]*name=\"notes\"[^>]*>", content).group(0)
    assert "maxlength" not in notes
    assert 'data-max-length="2000"' in notes
    assert 'aria-describedby="id_notes_helptext id_notes-count"' in notes or (
        "id_notes-count" in notes
    )
    assert '<div class="char-count" id="id_notes-count"' in content
    assert "At most 2000 characters." in content
    follow_up = re.search(r"<input[^>]*name=\"follow_up_description\"[^>]*>", content).group(0)
    assert "maxlength" not in follow_up
    assert 'data-max-length="200"' in follow_up


def test_the_round_forms_note_has_a_counter(client, worker):
    client.force_login(worker)
    content = client.get(reverse("contacts:round_create")).content.decode()
    assert 'id="id_note-count"' in content


@pytest.mark.parametrize("typed", ["1234", "ABCD 12", "12345 AB", "1234 A"])
def test_a_malformed_postcode_says_so_beside_the_field(client, worker, address, typed):
    client.force_login(worker)
    response = client.post(CREATE_RESIDENT, create_data(address, postcode=typed))
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert list(errors) == ["postcode"]
    assert errors["postcode"] == [
        f"“{typed}” is not a correct postcode. A Dutch postcode is four digits and two "
        "letters, like 1234 AB."
    ]
    assert "There is no address" not in response.content.decode()
    assert not Resident.objects.filter(name="Fatima Amrani").exists()


def test_a_well_formed_postcode_without_the_address_is_not_found(client, worker, address):
    client.force_login(worker)
    response = client.post(CREATE_RESIDENT, create_data(address, postcode="9999zz"))
    assert "There is no address 9999 ZZ" in response.context["form"].errors["postcode"][0]


def test_a_report_with_a_malformed_postcode_says_so(client, worker, neighbourhood):
    StreetFactory(neighbourhood=neighbourhood)
    client.force_login(worker)
    response = post_report(client, postcode="ABCD 12")
    assert response.status_code == 200
    assert response.context["form"].errors["postcode"] == [
        "“ABCD 12” is not a correct postcode. A Dutch postcode is four digits and two "
        "letters, like 1234 AB."
    ]
    assert not Report.objects.exists()
