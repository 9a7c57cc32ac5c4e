"""Conversations: the form opened from scratch, for a resident and from a door
knock, finding someone else by name, and the conversation page
(contacts.views.conversations and contacts.services.conversations)."""

import datetime
import re
import uuid

import pytest
import time_machine
from django.contrib.messages import get_messages
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from contacts.models import (
    Category,
    Consent,
    ConsentRecord,
    Conversation,
    DoorKnock,
    FollowUp,
    Need,
    Resident,
    Talent,
)
from contacts.services.conversations import conversation_create
from tests.contacts.factories import (
    CategoryFactory,
    ConversationFactory,
    DoorKnockFactory,
    FollowUpFactory,
    NeedFactory,
    ResidentFactory,
    RoundFactory,
    TalentFactory,
    ThemeFactory,
)
from tests.neighbourhoods.factories import AddressFactory, MembershipFactory, NeighbourhoodFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english_pages")]


@pytest.fixture
def round_(neighbourhood, worker, address):
    return RoundFactory(neighbourhood=neighbourhood, worker=worker, addresses=[address])


@pytest.fixture
def knock(round_, address, worker):
    """Someone answered the door at ``address`` during the round."""
    return DoorKnockFactory(
        address=address, round=round_, worker=worker, outcome=DoorKnock.Outcome.SPOKE
    )


@pytest.fixture
def empty_address(neighbourhood):
    """An address in the worker's neighbourhood where nobody is known."""
    return AddressFactory(street__neighbourhood=neighbourhood, house_number=40)


@pytest.fixture
def knock_at_empty_address(round_, empty_address, worker):
    round_.addresses.add(empty_address)
    return DoorKnockFactory(
        address=empty_address, round=round_, worker=worker, outcome=DoorKnock.Outcome.SPOKE
    )


@pytest.fixture
def theme():
    return ThemeFactory(name="Tuin", name_en="Garden")


def form_data(*, workers, residents=(), **overrides):
    """A valid submission of the conversation form, an hour ago at home."""
    # An hour of real time, then the local wall time: subtracting from the
    # local time itself gives the wall time an hour earlier, which does not
    # exist just after summer time begins (03:00 - 1 h = 02:00).
    an_hour_ago = timezone.localtime(timezone.now() - datetime.timedelta(hours=1))
    data = {
        "submission_token": str(uuid.uuid4()),
        "happened_at": an_hour_ago.strftime("%Y-%m-%dT%H:%M"),
        "place": Conversation.Place.HOME,
        "workers": [str(worker.pk) for worker in workers],
        "residents": [str(resident.pk) for resident in residents],
        "notes": "Over de tuin gepraat.",
        "new-consent_method": ConsentRecord.Method.SPOKEN,
        "save": "1",
    }
    data.update(overrides)
    return data


def messages_of(response):
    return [str(message) for message in get_messages(response.wsgi_request)]


def field_block(content, field_id):
    """The HTML of one field's wrapper (crispy's ``div_<id>``), to check an
    error is shown beside that field and not elsewhere."""
    start = content.index(f'id="div_{field_id}"')
    end = content.find('id="div_', start + 1)
    return content[start : end if end != -1 else None]


# --- The three ways in ------------------------------------------------------


def test_the_new_conversation_form_requires_login(client):
    response = client.get(reverse("contacts:conversation_create"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))


def test_the_new_conversation_form_offers_the_workers_team(client, worker, colleague, theme):
    client.force_login(worker)
    response = client.get(reverse("contacts:conversation_create"))
    assert response.status_code == 200
    content = response.content.decode()
    assert "Karim" in content  # a colleague of the team can be ticked
    assert "Garden" in content  # themes shown with their label
    # One neighbourhood: nothing to choose; at home by default; the worker ticked.
    assert 'name="neighbourhood" value=' in content
    assert 'type="hidden" name="neighbourhood"' in content
    assert re.search(rf'value="{worker.pk}"[^>]*checked', content)
    assert re.search(r'value="home"[^>]*checked', content)


def test_a_worker_with_several_neighbourhoods_chooses_one(
    client, worker, team, resident, colleague
):
    second = NeighbourhoodFactory(name="Noorderbuurt")
    team.neighbourhoods.add(second)
    client.force_login(worker)
    content = client.get(reverse("contacts:conversation_create")).content.decode()
    assert '<select name="neighbourhood"' in content
    assert "Noorderbuurt" in content
    response = client.post(
        reverse("contacts:conversation_create"),
        form_data(workers=[worker], residents=[resident], neighbourhood=str(second.pk)),
    )
    # Anna lives in Oosterbuurt, not in the neighbourhood chosen.
    assert response.status_code == 200
    assert "lives in another neighbourhood" in response.content.decode()
    response = client.post(
        reverse("contacts:conversation_create"),
        form_data(
            workers=[worker], residents=[resident], neighbourhood=str(resident.neighbourhood_id)
        ),
    )
    assert response.status_code == 302
    assert Conversation.objects.get().neighbourhood == resident.neighbourhood


def test_a_worker_of_another_team_cannot_log_a_conversation_with_our_resident(
    client, other_worker, resident
):
    client.force_login(other_worker)
    response = client.post(
        reverse("contacts:conversation_create"),
        form_data(workers=[other_worker], residents=[resident]),
    )
    assert response.status_code == 200
    assert "One of the ticked residents is not in your neighbourhoods." in field_block(
        response.content.decode(), "id_residents"
    )
    assert "Anna" not in response.content.decode()
    assert not Conversation.objects.exists()


def test_a_conversation_from_scratch_goes_to_the_first_residents_page(
    client, worker, resident, theme
):
    client.force_login(worker)
    response = client.post(
        reverse("contacts:conversation_create"),
        form_data(workers=[worker], residents=[resident], themes=[str(theme.pk)]),
    )
    conversation = Conversation.objects.get()
    assert response["Location"] == reverse("contacts:resident_detail", args=[resident.pk])
    assert messages_of(response) == ["Conversation saved."]
    assert list(conversation.residents.all()) == [resident]
    assert list(conversation.workers.all()) == [worker]
    assert list(conversation.themes.all()) == [theme]
    assert conversation.place == Conversation.Place.HOME
    assert conversation.created_by == worker
    assert conversation.door_knock is None


def test_the_form_for_a_resident_has_them_ticked(client, worker, resident):
    client.force_login(worker)
    response = client.get(reverse("contacts:conversation_for_resident", args=[resident.pk]))
    assert response.status_code == 200
    content = response.content.decode()
    assert "Anna de Vries" in content
    assert re.search(rf'value="{resident.pk}"\s+checked', content)


def test_the_form_for_a_resident_saves_and_goes_to_their_page(client, worker, resident, colleague):
    housemate = ResidentFactory(address=resident.address, name="Aziz de Vries")
    client.force_login(worker)
    response = client.post(
        reverse("contacts:conversation_for_resident", args=[resident.pk]),
        form_data(workers=[worker, colleague], residents=[housemate, resident]),
    )
    # Anna, for whom the form was opened, goes first (Aziz sorts before her).
    assert response["Location"] == reverse("contacts:resident_detail", args=[resident.pk])
    conversation = Conversation.objects.get()
    assert set(conversation.residents.all()) == {resident, housemate}
    assert set(conversation.workers.all()) == {worker, colleague}


# When summer time ends, 02:00-03:00 comes twice: 02:40 CET, in the second
# pass, is an hour after 02:40 CEST.
SECOND_0240 = datetime.datetime(
    2027, 10, 31, 2, 40, tzinfo=datetime.timezone(datetime.timedelta(hours=1))
)


@pytest.fixture
def in_the_hour_that_comes_twice():
    """The clock stands at 02:40 in the second pass of the repeated hour."""
    with time_machine.travel(SECOND_0240, tick=False):
        yield


def test_in_the_hour_that_comes_twice_the_time_offered_is_saved_as_its_first_pass(
    in_the_hour_that_comes_twice, client, worker, resident
):
    client.force_login(worker)
    url = reverse("contacts:conversation_for_resident", args=[resident.pk])
    offered = re.search(
        r'name="happened_at"[^>]*value="([^"]*)"', client.get(url).content.decode()
    )
    assert offered[1] == "2027-10-31T02:40"
    data = form_data(workers=[worker], residents=[resident], happened_at=offered[1])
    response = client.post(url, data)
    assert response["Location"] == reverse("contacts:resident_detail", args=[resident.pk])
    # The first 02:40, in summer time: an hour ago, not in the future.
    assert Conversation.objects.get().happened_at == SECOND_0240 - datetime.timedelta(hours=1)


def test_a_time_skipped_when_summer_time_begins_is_refused_beside_the_field(
    client, worker, resident
):
    client.force_login(worker)
    response = client.post(
        reverse("contacts:conversation_for_resident", args=[resident.pk]),
        form_data(workers=[worker], residents=[resident], happened_at="2027-03-28T02:30"),
    )
    assert response.status_code == 200
    block = field_block(response.content.decode(), "id_happened_at")
    assert "2027-03-28 02:30:00 couldn" in block
    assert "be interpreted in time zone Europe/Amsterdam" in block
    assert not Conversation.objects.exists()


def test_the_form_for_a_resident_of_another_team_is_404(client, other_worker, resident):
    client.force_login(other_worker)
    url = reverse("contacts:conversation_for_resident", args=[resident.pk])
    assert client.get(url).status_code == 404
    assert client.post(url, form_data(workers=[other_worker])).status_code == 404
    assert not Conversation.objects.exists()


def test_the_form_for_a_resident_requires_login(client, resident):
    response = client.get(reverse("contacts:conversation_for_resident", args=[resident.pk]))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))


def test_the_form_from_a_door_knock_offers_the_household(client, worker, knock, resident):
    ResidentFactory(address=resident.address, name="Aziz de Vries")
    ResidentFactory(
        address=resident.address, name="Vertrokken Bewoner", status=Resident.Status.MOVED
    )
    client.force_login(worker)
    response = client.get(reverse("contacts:conversation_from_knock", args=[knock.pk]))
    assert response.status_code == 200
    content = response.content.decode()
    assert "Anna de Vries" in content
    assert "Aziz de Vries" in content
    assert "Vertrokken" not in content  # moved away: not in the household
    assert str(knock.address) in content
    assert re.search(r'value="doorstep"[^>]*checked', content)  # at the door by default
    # Known people live here: the new-resident part starts closed.
    assert not re.search(r"<details[^>]*\bopen\b", content)


def test_the_form_from_a_door_knock_opens_the_new_resident_where_nobody_is_known(
    client, worker, knock_at_empty_address, empty_address
):
    client.force_login(worker)
    content = client.get(
        reverse("contacts:conversation_from_knock", args=[knock_at_empty_address.pk])
    ).content.decode()
    assert re.search(r"<details[^>]*\bopen\b", content)
    assert f"Recorded at {empty_address}" in content


def test_the_form_from_a_door_knock_saves_and_goes_back_to_the_round(
    client, worker, knock, resident, round_
):
    client.force_login(worker)
    response = client.post(
        reverse("contacts:conversation_from_knock", args=[knock.pk]),
        form_data(workers=[worker], residents=[resident], place=Conversation.Place.DOORSTEP),
    )
    expected = reverse("contacts:round_detail", args=[round_.pk]) + "#volgende"
    assert response["Location"] == expected
    conversation = Conversation.objects.get()
    assert conversation.door_knock == knock
    knock.refresh_from_db()
    assert knock.resident == resident  # who opened the door


def test_a_door_knock_that_names_who_opened_keeps_them(client, worker, knock, resident):
    opener = ResidentFactory(address=resident.address, name="Aziz de Vries")
    DoorKnock.objects.filter(pk=knock.pk).update(resident=opener)
    client.force_login(worker)
    client.post(
        reverse("contacts:conversation_from_knock", args=[knock.pk]),
        form_data(workers=[worker], residents=[resident, opener]),
    )
    knock.refresh_from_db()
    assert knock.resident == opener


def test_a_door_knock_of_another_team_is_404(client, other_worker, knock):
    client.force_login(other_worker)
    url = reverse("contacts:conversation_from_knock", args=[knock.pk])
    assert client.get(url).status_code == 404
    assert client.post(url, form_data(workers=[other_worker])).status_code == 404


def test_a_door_knock_where_nobody_answered_has_no_conversation_form(client, worker, address):
    unanswered = DoorKnockFactory(address=address, worker=worker)
    client.force_login(worker)
    response = client.get(reverse("contacts:conversation_from_knock", args=[unanswered.pk]))
    assert response.status_code == 404


def test_the_form_from_a_door_knock_requires_login(client, knock):
    response = client.get(reverse("contacts:conversation_from_knock", args=[knock.pk]))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))


def test_a_door_knock_with_a_conversation_leads_to_it(client, worker, knock, resident):
    conversation = ConversationFactory(
        neighbourhood=resident.neighbourhood, door_knock=knock, residents=[resident]
    )
    client.force_login(worker)
    response = client.get(reverse("contacts:conversation_from_knock", args=[knock.pk]))
    assert response["Location"] == reverse("contacts:conversation_detail", args=[conversation.pk])
    # A second conversation for the same knock, posted anyway, is refused.
    response = client.post(
        reverse("contacts:conversation_from_knock", args=[knock.pk]),
        form_data(workers=[worker], residents=[resident]),
    )
    assert response.status_code == 200
    assert "already logged for this door knock" in response.content.decode()
    assert Conversation.objects.count() == 1


# --- Finding someone else by name ---------------------------------------------


def test_the_resident_options_need_a_post(client, worker):
    client.force_login(worker)
    response = client.get(reverse("contacts:conversation_resident_options"))
    assert response.status_code == 405


def test_the_resident_options_require_login(client):
    response = client.post(reverse("contacts:conversation_resident_options"), {"find": "anna"})
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))


def test_the_resident_options_find_by_name_in_the_workers_neighbourhoods(
    client, worker, resident, other_resident
):
    ResidentFactory(address=other_resident.address, name="Anna Westerman")
    client.force_login(worker)
    url = reverse("contacts:conversation_resident_options")
    content = client.post(url, {"find": "anna"}).content.decode()
    assert "Anna de Vries" in content
    assert f'value="{resident.pk}"' in content
    assert "Westerman" not in content  # another team's neighbourhood
    assert "<html" not in content  # a fragment for htmx
    # Accents and a typo are forgiven.
    assert "Anna de Vries" in client.post(url, {"find": "Ánna de Vires"}).content.decode()
    content = client.post(url, {"find": "westerman"}).content.decode()
    assert "Westerman" not in content
    assert "Nobody else found" in content


def test_the_resident_options_keep_the_ticked_and_skip_the_listed(client, worker, resident):
    anke = ResidentFactory(address=resident.address, name="Anke Visser")
    annet = ResidentFactory(address=resident.address, name="Annet Bos")
    client.force_login(worker)
    content = client.post(
        reverse("contacts:conversation_resident_options"),
        {"find": "an", "listed": [str(resident.pk)], "residents": [str(anke.pk)]},
    ).content.decode()
    assert "Anna de Vries" not in content  # already on the form
    assert re.search(rf'value="{anke.pk}"\s+checked', content)  # ticked earlier: kept
    assert re.search(rf'value="{annet.pk}"\s*>', content)  # found, not ticked


def test_the_resident_options_find_nobody_for_another_team(client, other_worker, resident):
    client.force_login(other_worker)
    content = client.post(
        reverse("contacts:conversation_resident_options"), {"find": "anna"}
    ).content.decode()
    assert "Anna" not in content


def test_find_without_javascript_shows_who_was_found_and_keeps_the_form(
    client, worker, knock, resident, theme
):
    far = ResidentFactory(address=AddressFactory(street=resident.address.street), name="Bert Ver")
    client.force_login(worker)
    data = form_data(
        workers=[worker],
        residents=[resident],
        themes=[str(theme.pk)],
        notes="Nog niet klaar",
        find="bert",
        find_resident="1",
    )
    del data["save"]
    data["workers"] = []  # would be an error when saving; not when finding
    response = client.post(reverse("contacts:conversation_from_knock", args=[knock.pk]), data)
    assert response.status_code == 200
    assert not Conversation.objects.exists()
    content = response.content.decode()
    assert f'value="{far.pk}"' in content  # Bert can now be ticked
    assert re.search(rf'value="{resident.pk}"\s+checked', content)  # still ticked
    assert "Nog niet klaar" in content
    assert re.search(rf'value="{theme.pk}"[^>]*checked', content)
    assert "invalid-feedback" not in content
    assert 'value="bert"' in content
    assert data["submission_token"] in content


# --- Saving -------------------------------------------------------------------


def test_the_same_submission_twice_stores_one_conversation(client, worker, resident):
    client.force_login(worker)
    data = form_data(
        workers=[worker],
        residents=[resident],
        **{"new-name": "Nieuwe Buur", "new-may_store": "yes"},
    )
    url = reverse("contacts:conversation_for_resident", args=[resident.pk])
    first = client.post(url, data)
    second = client.post(url, data)
    assert Conversation.objects.count() == 1
    assert Resident.objects.filter(name="Nieuwe Buur").count() == 1
    assert second.status_code == 302
    assert second["Location"] == first["Location"]


def test_saving_moves_last_seen_forward_but_never_back(client, worker, resident):
    seen_recently = ResidentFactory(address=resident.address, name="Aziz de Vries")
    later = timezone.now() + datetime.timedelta(minutes=1)
    Resident.objects.filter(pk=seen_recently.pk).update(last_seen_at=later)
    Resident.objects.filter(pk=resident.pk).update(
        last_seen_at=timezone.now() - datetime.timedelta(days=90)
    )
    client.force_login(worker)
    client.post(
        reverse("contacts:conversation_create"),
        form_data(workers=[worker], residents=[resident, seen_recently]),
    )
    happened_at = Conversation.objects.get().happened_at
    resident.refresh_from_db()
    seen_recently.refresh_from_db()
    assert resident.last_seen_at == happened_at
    assert seen_recently.last_seen_at == later


def test_a_new_resident_is_created_inline_with_their_consents(
    client, worker, knock_at_empty_address, empty_address
):
    client.force_login(worker)
    response = client.post(
        reverse("contacts:conversation_from_knock", args=[knock_at_empty_address.pk]),
        form_data(
            workers=[worker],
            **{
                "new-name": " Fatima Benali ",
                "new-may_store": "yes",
                "new-may_match": "yes",
                "new-may_share": "no",
                "new-consent_method": ConsentRecord.Method.WRITTEN,
                "new-languages": ["nld", "ara"],
            },
        ),
    )
    assert response.status_code == 302
    new = Resident.objects.get(name="Fatima Benali")
    assert new.address == empty_address
    assert new.neighbourhood == empty_address.street.neighbourhood
    assert (new.may_store, new.may_match, new.may_share) == (True, True, False)
    assert new.languages == ["nld", "ara"]
    assert new.created_by == worker
    records = {
        record.purpose: (record.given, record.method, record.recorded_by)
        for record in ConsentRecord.objects.filter(resident=new)
    }
    assert records == {
        Consent.STORE: (True, ConsentRecord.Method.WRITTEN, worker),
        Consent.MATCH: (True, ConsentRecord.Method.WRITTEN, worker),
        Consent.SHARE: (False, ConsentRecord.Method.WRITTEN, worker),
    }
    conversation = Conversation.objects.get()
    assert list(conversation.residents.all()) == [new]
    assert new.last_seen_at == conversation.happened_at
    knock_at_empty_address.refresh_from_db()
    assert knock_at_empty_address.resident == new


def test_a_new_resident_without_an_address_goes_in_the_neighbourhood(
    client, worker, resident, neighbourhood
):
    client.force_login(worker)
    client.post(
        reverse("contacts:conversation_for_resident", args=[resident.pk]),
        form_data(
            workers=[worker], residents=[resident], **{"new-name": "Gast", "new-may_store": "yes"}
        ),
    )
    guest = Resident.objects.get(name="Gast")
    assert guest.address is None
    assert guest.neighbourhood == neighbourhood
    assert set(Conversation.objects.get().residents.all()) == {resident, guest}


def test_a_refusal_is_recorded_without_a_conversation(
    client, worker, knock_at_empty_address, empty_address, round_
):
    client.force_login(worker)
    response = client.post(
        reverse("contacts:conversation_from_knock", args=[knock_at_empty_address.pk]),
        form_data(
            workers=[worker],
            follow_up_description="Nog eens aanbellen",
            follow_up_due_on=timezone.localdate().isoformat(),
            **{"new-name": "Meneer Nee", "new-may_store": "no"},
        ),
    )
    assert response["Location"] == (
        reverse("contacts:round_detail", args=[round_.pk]) + "#volgende"
    )
    assert messages_of(response) == [
        "Meneer Nee did not agree to storing their data: the refusal is recorded "
        "and no conversation was stored."
    ]
    refuser = Resident.objects.get(name="Meneer Nee")
    assert refuser.address == empty_address
    assert not refuser.may_store
    assert list(
        ConsentRecord.objects.filter(resident=refuser).values_list("purpose", "given")
    ) == [(Consent.STORE, False)]
    assert not Conversation.objects.exists()
    assert not FollowUp.objects.exists()
    assert refuser.last_seen_at is None
    knock_at_empty_address.refresh_from_db()
    assert knock_at_empty_address.resident == refuser  # who opened the door


def test_a_refusal_leaves_them_out_of_a_conversation_with_others(client, worker, knock, resident):
    client.force_login(worker)
    response = client.post(
        reverse("contacts:conversation_from_knock", args=[knock.pk]),
        form_data(
            workers=[worker],
            residents=[resident],
            **{"new-name": "Meneer Nee", "new-may_store": "no"},
        ),
    )
    assert response.status_code == 302
    assert "only the refusal is recorded" in messages_of(response)[0]
    assert list(Conversation.objects.get().residents.all()) == [resident]
    assert not Resident.objects.get(name="Meneer Nee").may_store


@pytest.mark.parametrize(
    ("answers", "field", "error"),
    [
        (
            {"new-may_match": "yes"},
            "id_new-may_match",
            "Only possible when they agree to storing their details.",
        ),
        (
            {"new-languages": ["tur"]},
            "id_new-languages",
            "Without consent to store data, leave this empty.",
        ),
    ],
    ids=["consent to be matched", "languages"],
)
def test_someone_new_who_refuses_storing_gets_nothing_else_recorded(
    client, worker, resident, answers, field, error
):
    client.force_login(worker)
    response = client.post(
        reverse("contacts:conversation_for_resident", args=[resident.pk]),
        form_data(
            workers=[worker],
            residents=[resident],
            **{"new-name": "Meneer Nee", "new-may_store": "no", **answers},
        ),
    )
    assert response.status_code == 200
    assert error in field_block(response.content.decode(), field)
    # Nothing half-saved: neither the resident nor the conversation.
    assert not Resident.objects.filter(name="Meneer Nee").exists()
    assert not Conversation.objects.exists()


def test_an_invalid_form_keeps_everything_typed_and_says_why_beside_the_field(
    client, worker, knock, resident, theme
):
    client.force_login(worker)
    data = form_data(
        workers=[],
        residents=[resident],
        themes=[str(theme.pk)],
        notes="Lang gesprek over de buurt",
        follow_up_description="Terugbellen over de tuin",
        **{
            "new-name": "Fatima Benali",
            "new-may_store": "yes",
            "new-may_match": "no",
            "new-languages": ["ara"],
        },
    )
    response = client.post(reverse("contacts:conversation_from_knock", args=[knock.pk]), data)
    assert response.status_code == 200
    assert not Conversation.objects.exists()
    assert not Resident.objects.filter(name="Fatima Benali").exists()
    content = response.content.decode()
    assert "This field is required." in field_block(content, "id_workers")
    assert "When should it be done?" in field_block(content, "id_follow_up_due_on")
    assert "Lang gesprek over de buurt" in content
    assert 'value="Terugbellen over de tuin"' in content
    assert 'value="Fatima Benali"' in content
    assert re.search(r'name="new-may_store" value="yes"[^>]*checked', content)
    assert re.search(r'name="new-may_match" value="no"[^>]*checked', content)
    assert re.search(r'<option value="ara" selected>', content)
    assert re.search(rf'value="{resident.pk}"\s+checked', content)
    assert re.search(rf'value="{theme.pk}"[^>]*checked', content)
    assert data["submission_token"] in content  # the same token, for the corrected form
    assert re.search(r"<details[^>]*\bopen\b", content)  # the new resident stays visible


def test_nobody_taking_part_is_an_error_beside_the_residents(client, worker):
    client.force_login(worker)
    response = client.post(reverse("contacts:conversation_create"), form_data(workers=[worker]))
    assert response.status_code == 200
    assert "Tick at least one resident who took part." in field_block(
        response.content.decode(), "id_residents"
    )


def test_a_resident_of_another_neighbourhood_posted_is_refused(
    client, worker, resident, other_resident
):
    client.force_login(worker)
    response = client.post(
        reverse("contacts:conversation_for_resident", args=[resident.pk]),
        form_data(workers=[worker], residents=[resident, other_resident]),
    )
    assert response.status_code == 200
    content = response.content.decode()
    assert "One of the ticked residents is not in your neighbourhoods." in field_block(
        content, "id_residents"
    )
    assert "Bram" not in content
    assert not Conversation.objects.exists()


def test_a_resident_without_consent_to_store_cannot_take_part(client, worker, resident):
    Resident.objects.filter(pk=resident.pk).update(may_store=False, may_match=False, languages=[])
    client.force_login(worker)
    url = reverse("contacts:conversation_for_resident", args=[resident.pk])
    content = client.get(url).content.decode()
    assert "Anna de Vries has not agreed to storing their data" in content
    assert re.search(rf'value="{resident.pk}"\s+checked\s+disabled', content)
    response = client.post(url, form_data(workers=[worker], residents=[resident]))
    assert response.status_code == 200
    assert "Anna de Vries has not agreed to storing their data" in field_block(
        response.content.decode(), "id_residents"
    )
    assert not Conversation.objects.exists()


def test_a_follow_up_agreed_is_assigned_to_the_worker(client, worker, resident):
    due = timezone.localdate() + datetime.timedelta(days=7)
    client.force_login(worker)
    client.post(
        reverse("contacts:conversation_for_resident", args=[resident.pk]),
        form_data(
            workers=[worker],
            residents=[resident],
            follow_up_description="Tuingereedschap brengen",
            follow_up_due_on=due.isoformat(),
        ),
    )
    conversation = Conversation.objects.get()
    follow_up = FollowUp.objects.get()
    assert follow_up.description == "Tuingereedschap brengen"
    assert follow_up.due_on == due
    assert follow_up.assigned_to == worker
    assert follow_up.created_by == worker
    assert follow_up.conversation == conversation
    assert follow_up.resident == resident
    assert follow_up.neighbourhood == conversation.neighbourhood


def test_a_worker_of_another_team_cannot_be_posted(client, worker, resident, other_worker):
    client.force_login(worker)
    response = client.post(
        reverse("contacts:conversation_for_resident", args=[resident.pk]),
        form_data(workers=[worker, other_worker], residents=[resident]),
    )
    assert response.status_code == 200
    assert "Select a valid choice" in field_block(response.content.decode(), "id_workers")


# --- Talents and needs heard -------------------------------------------------


def rows(prefix, *texts, total=2, **fields):
    """Rows of talents or needs as posted: ``texts`` in the first rows,
    ``fields`` (e.g. ``{"1-category": "5"}``) added with the prefix."""
    data = {f"{prefix}-TOTAL_FORMS": str(total), f"{prefix}-INITIAL_FORMS": "0"}
    for index, text in enumerate(texts):
        data[f"{prefix}-{index}-text"] = text
    data.update({f"{prefix}-{name}": value for name, value in fields.items()})
    return data


def test_the_form_asks_for_talents_before_needs(client, worker, resident):
    client.force_login(worker)
    content = client.get(
        reverse("contacts:conversation_for_resident", args=[resident.pk])
    ).content.decode()
    assert content.index("What can they do or like to do?") < content.index(
        "What would help them?"
    )
    assert content.index('name="talents-0-text"') < content.index('name="needs-0-text"')
    assert 'name="talents-1-text"' in content and 'name="talents-2-text"' not in content
    assert 'name="talents-TOTAL_FORMS" value="2"' in content
    assert f'hx-post="{reverse("contacts:category_propose")}"' in content
    assert "&quot;prefix&quot;: &quot;needs-1&quot;" in content  # hx-vals


def test_talents_and_needs_are_saved_with_the_conversation(client, worker, resident):
    company = Category.objects.get(slug="gezelschap")
    client.force_login(worker)
    data = form_data(
        workers=[worker],
        residents=[resident],
        **rows(
            "talents",
            "Werkt graag in de tuin",
            "",
            **{"0-availability": ["weekend_morning", "weekday_morning"]},
        ),
        **rows(
            "needs",
            "Kan de brieven van de gemeente niet lezen",
            "Kookt graag",
            **{
                "1-category": str(company.pk),
            },
        ),
    )
    response = client.post(reverse("contacts:conversation_for_resident", args=[resident.pk]), data)
    assert response.status_code == 302
    conversation = Conversation.objects.get()
    talent = Talent.objects.get()
    assert (talent.resident, talent.conversation, talent.created_by) == (
        resident,
        conversation,
        worker,
    )
    assert talent.category.slug == "tuin"  # proposed when saving
    assert talent.availability == ["weekday_morning", "weekend_morning"]
    needs = {need.text: need for need in Need.objects.filter(conversation=conversation)}
    assert needs["Kan de brieven van de gemeente niet lezen"].category.slug == "papierwerk"
    assert needs["Kookt graag"].category == company  # chosen by hand
    assert {need.resident for need in needs.values()} == {resident}


def test_the_talents_belong_to_the_resident_the_form_was_opened_for(
    client, worker, resident, address
):
    housemate = ResidentFactory(address=address, name="Aaron Eerst")
    client.force_login(worker)
    data = form_data(
        workers=[worker],
        residents=[housemate, resident],
        **rows("talents", "Speelt piano"),
    )
    client.post(reverse("contacts:conversation_for_resident", args=[resident.pk]), data)
    assert Talent.objects.get().resident == resident


def test_a_new_residents_talents_are_theirs_when_nobody_else_took_part(
    client, worker, knock_at_empty_address
):
    client.force_login(worker)
    data = form_data(
        workers=[worker],
        **{"new-name": "Nieuwe Buur", "new-may_store": "yes"},
        **rows("talents", "Repareert fietsen"),
    )
    client.post(
        reverse("contacts:conversation_from_knock", args=[knock_at_empty_address.pk]), data
    )
    assert Talent.objects.get().resident.name == "Nieuwe Buur"


def test_a_refusal_stores_no_talents_and_says_so(client, worker, knock_at_empty_address):
    client.force_login(worker)
    data = form_data(
        workers=[worker],
        **{"new-name": "Meneer Nee", "new-may_store": "no"},
        **rows("talents", "Repareert fietsen"),
    )
    response = client.post(
        reverse("contacts:conversation_from_knock", args=[knock_at_empty_address.pk]), data
    )
    assert not Talent.objects.exists()
    assert "Their talents and needs were not stored either." in messages_of(response)[0]


def test_a_bad_row_keeps_everything_typed_and_saves_nothing(client, worker, resident, theme):
    client.force_login(worker)
    data = form_data(
        workers=[worker],
        residents=[resident],
        themes=[str(theme.pk)],
        notes="Lang gesprek over de buurt",
        **rows("talents", "Werkt graag in de tuin"),
        # The second need has a part of the week but no words.
        **rows("needs", "Wil graag aanspraak", "", **{"1-availability": ["weekend_evening"]}),
    )
    response = client.post(reverse("contacts:conversation_for_resident", args=[resident.pk]), data)
    assert response.status_code == 200
    assert not Conversation.objects.exists()
    assert not Talent.objects.exists() and not Need.objects.exists()
    content = response.content.decode()
    assert "Write down what they said, or clear this row." in field_block(
        content, "id_needs-1-text"
    )
    assert "Werkt graag in de tuin" in content
    assert "Wil graag aanspraak" in content
    assert "Lang gesprek over de buurt" in content
    assert re.search(
        r'name="needs-1-availability"\s+value="weekend_evening"\s+id="[^"]+"\s+checked', content
    )
    assert re.search(r'<details[^>]*id="needs-rows"[^>]*open', content)
    assert data["submission_token"] in content


def test_a_row_the_service_refuses_rolls_back_the_whole_conversation(
    client, worker, resident, monkeypatch
):
    from contacts.services import heard

    def refuse(**kwargs):
        raise ValidationError({"text": "Niet zo."})

    monkeypatch.setattr(heard, "need_create", refuse)
    client.force_login(worker)
    data = form_data(
        workers=[worker],
        residents=[resident],
        follow_up_description="Terugbellen",
        follow_up_due_on=timezone.localdate().isoformat(),
        **rows("talents", "Werkt graag in de tuin"),
        **rows("needs", "Wil graag aanspraak"),
    )
    url = reverse("contacts:conversation_for_resident", args=[resident.pk])
    response = client.post(url, data)
    assert response.status_code == 200
    assert "Niet zo." in field_block(response.content.decode(), "id_needs-0-text")
    assert not Conversation.objects.exists()
    assert not Talent.objects.exists()
    assert not FollowUp.objects.exists()
    # The token was not used up: the corrected form can be sent again.
    monkeypatch.undo()
    assert client.post(url, data).status_code == 302
    assert Need.objects.get().text == "Wil graag aanspraak"


def test_another_row_without_javascript_keeps_everything_and_saves_nothing(
    client, worker, resident
):
    client.force_login(worker)
    data = form_data(
        workers=[],  # would be an error when saving; not when adding a row
        residents=[resident],
        notes="Nog niet klaar",
        more_rows="talents",
        **rows("talents", "Werkt graag in de tuin", "Kookt graag"),
    )
    del data["save"]
    response = client.post(reverse("contacts:conversation_for_resident", args=[resident.pk]), data)
    assert response.status_code == 200
    assert not Conversation.objects.exists()
    content = response.content.decode()
    assert 'name="talents-TOTAL_FORMS" value="3"' in content
    assert 'name="talents-2-text"' in content
    assert "Kookt graag" in content and "Nog niet klaar" in content
    assert "invalid-feedback" not in content
    assert re.search(r'<details[^>]*id="talents-rows"[^>]*open', content)


def test_find_without_javascript_keeps_the_rows(client, worker, resident):
    client.force_login(worker)
    data = form_data(
        workers=[worker],
        residents=[resident],
        find="bert",
        find_resident="1",
        **rows("needs", "", "", **{"0-availability": ["weekday_morning"]}),
    )
    del data["save"]
    content = client.post(
        reverse("contacts:conversation_for_resident", args=[resident.pk]), data
    ).content.decode()
    assert "invalid-feedback" not in content
    assert re.search(
        r'name="needs-0-availability"\s+value="weekday_morning"\s+id="[^"]+"\s+checked', content
    )


def test_the_same_submission_twice_stores_the_talents_once(client, worker, resident):
    client.force_login(worker)
    data = form_data(
        workers=[worker], residents=[resident], **rows("talents", "Werkt graag in de tuin")
    )
    url = reverse("contacts:conversation_for_resident", args=[resident.pk])
    client.post(url, data)
    client.post(url, data)
    assert Talent.objects.count() == 1


# --- The service ----------------------------------------------------------------


def test_the_service_refuses_whom_it_cannot_store(worker, resident, other_resident, neighbourhood):
    moved = ResidentFactory(address=resident.address, status=Resident.Status.MOVED, name="Weg")
    with pytest.raises(ValidationError) as error:
        conversation_create(
            created_by=worker,
            neighbourhood=neighbourhood,
            happened_at=timezone.now(),
            place=Conversation.Place.HOME,
            residents=[moved, other_resident],
            workers=[],
        )
    messages = error.value.message_dict
    assert messages["residents"] == [
        "Weg has moved or was anonymised, so nothing new can be recorded about them.",
        "One of the residents is not in your neighbourhoods.",
    ]
    assert messages["workers"] == ["Tick at least one worker."]
    assert not Conversation.objects.exists()


def test_the_service_refuses_a_conversation_in_the_future(worker, resident, neighbourhood):
    with pytest.raises(ValidationError) as error:
        conversation_create(
            created_by=worker,
            neighbourhood=neighbourhood,
            happened_at=timezone.now() + datetime.timedelta(hours=2),
            place=Conversation.Place.HOME,
            residents=[resident],
            workers=[worker],
        )
    assert list(error.value.message_dict) == ["happened_at"]


def test_the_service_refuses_a_worker_of_another_neighbourhood(
    worker, other_worker, resident, neighbourhood
):
    with pytest.raises(ValidationError) as error:
        conversation_create(
            created_by=worker,
            neighbourhood=neighbourhood,
            happened_at=timezone.now(),
            place=Conversation.Place.HOME,
            residents=[resident],
            workers=[worker, other_worker],
        )
    assert "is not in a team that works in Oosterbuurt" in error.value.message_dict["workers"][0]


# --- The conversation page ------------------------------------------------------


@pytest.fixture
def conversation(knock, resident, worker, theme):
    conversation = ConversationFactory(
        neighbourhood=resident.neighbourhood,
        residents=[resident],
        workers=[worker],
        door_knock=knock,
        notes="Wil graag helpen in de tuin.",
        created_by=worker,
    )
    conversation.themes.add(theme)
    FollowUpFactory(
        neighbourhood=resident.neighbourhood,
        conversation=conversation,
        resident=resident,
        assigned_to=worker,
        description="Buurman voorstellen",
    )
    return conversation


def test_the_conversation_page_shows_what_was_logged(client, worker, conversation, round_):
    client.force_login(worker)
    response = client.get(reverse("contacts:conversation_detail", args=[conversation.pk]))
    assert response.status_code == 200
    content = response.content.decode()
    assert "Anna de Vries" in content
    assert reverse("contacts:resident_detail", args=[conversation.residents.get().pk]) in content
    assert "Wendy" in content  # the worker
    assert "Garden" in content
    assert "Wil graag helpen in de tuin." in content
    assert "Buurman voorstellen" in content
    assert "at the door" in content
    assert reverse("contacts:round_detail", args=[round_.pk]) in content


def test_the_conversation_page_of_another_team_is_404(client, other_worker, conversation):
    client.force_login(other_worker)
    response = client.get(reverse("contacts:conversation_detail", args=[conversation.pk]))
    assert response.status_code == 404


def test_the_conversation_page_requires_login(client, conversation):
    response = client.get(reverse("contacts:conversation_detail", args=[conversation.pk]))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))


def test_the_conversation_page_query_count_does_not_grow(
    client, worker, conversation, colleague, django_assert_num_queries
):
    url = reverse("contacts:conversation_detail", args=[conversation.pk])
    client.force_login(worker)
    # savepoint (ATOMIC_REQUESTS), session, user, the conversation with its
    # neighbourhood, creator and door knock (address, street, round, worker),
    # its residents with addresses, workers, themes, follow-ups with their
    # assignees, talents and needs heard with category and resident, the
    # access-log row, release
    with django_assert_num_queries(12):
        client.get(url)
    for n in range(4):
        extra = ResidentFactory(
            address=AddressFactory(street__neighbourhood=conversation.neighbourhood)
        )
        conversation.residents.add(extra)
        conversation.themes.add(ThemeFactory())
        FollowUpFactory(
            neighbourhood=conversation.neighbourhood,
            conversation=conversation,
            assigned_to=colleague if n % 2 else worker,
        )
        TalentFactory(resident=extra, conversation=conversation, text=f"Fietst graag {n}")
        NeedFactory(resident=extra, conversation=conversation, text=f"Zoekt gezelschap {n}")
    conversation.workers.add(colleague)
    with django_assert_num_queries(12):
        response = client.get(url)
    assert response.content.decode().count("Terugbellen") == 4
    assert response.content.decode().count("Fietst graag") == 4
    assert response.content.decode().count("Zoekt gezelschap") == 4


def test_the_form_from_a_door_knock_query_count_does_not_grow(
    client, worker, knock, resident, colleague, theme, django_assert_num_queries
):
    url = reverse("contacts:conversation_from_knock", args=[knock.pk])
    client.force_login(worker)
    # savepoint (ATOMIC_REQUESTS), session, user, the door knock with its
    # address, street, neighbourhood, round and any conversation, the
    # categories for the talents and needs rows, the residents offered, the
    # access-log row, the workers, the themes, release savepoint
    with django_assert_num_queries(10):
        client.get(url)
    for n in range(4):
        ResidentFactory(address=resident.address, name=f"Huisgenoot {n}")
        ThemeFactory()
        MembershipFactory(team=colleague.memberships.get().team)
        CategoryFactory()
    with django_assert_num_queries(10):
        response = client.get(url)
    assert response.content.decode().count('name="listed"') == 5


def test_the_new_conversation_form_query_count(client, worker, django_assert_num_queries):
    client.force_login(worker)
    # savepoint, session, user, the categories for the talents and needs
    # rows, the user's neighbourhoods, the workers, the themes, release
    # savepoint (no residents offered: no query for them)
    with django_assert_num_queries(8):
        client.get(reverse("contacts:conversation_create"))
