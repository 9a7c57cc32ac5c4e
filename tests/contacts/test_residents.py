"""The resident pages: adding, editing (with the conflict guard), the
resident page itself, and recording consent from it."""

import datetime
import re
import uuid

import pytest
from django.urls import NoReverseMatch, reverse
from django.utils import timezone

from contacts.models import Consent, ConsentRecord, DoorKnock, InitiativeMember, Resident
from contacts.services.residents import consent_set, resident_create, resident_update
from tests.contacts.factories import (
    ConversationFactory,
    DoorKnockFactory,
    FollowUpFactory,
    InitiativeFactory,
    NeedFactory,
    OrganisationFactory,
    ResidentFactory,
    SignalFactory,
    TalentFactory,
    ThemeFactory,
)
from tests.neighbourhoods.factories import AddressFactory

pytestmark = pytest.mark.django_db

CREATE_URL = reverse("contacts:resident_create")


def detail_url(resident):
    return reverse("contacts:resident_detail", args=[resident.pk])


def edit_url(resident):
    return reverse("contacts:resident_edit", args=[resident.pk])


def consent_url(resident):
    return reverse("contacts:consent_update", args=[resident.pk])


@pytest.fixture(autouse=True)
def _postcode_1234ab(address):
    """The worker's address gets a postcode the tests can type."""
    address.postcode = "1234 AB"
    address.save()


def create_data(address, **overrides):
    data = {
        "name": "Fatima Amrani",
        "postcode": address.postcode,
        "house_number": address.house_number,
        "addition": address.addition,
        "languages": ["nld", "ara"],
        "reach_by": "phone",
        "phone": "06-12345678",
        "email": "",
        "consent_store": "yes",
        "consent_match": "yes",
        "consent_share": "unasked",
        "consent_method": "spoken",
        "submission_token": str(uuid.uuid4()),
    }
    data.update(overrides)
    return data


def edit_data(resident, **overrides):
    address = resident.address
    data = {
        "name": resident.name,
        "postcode": address.postcode,
        "house_number": address.house_number,
        "addition": address.addition,
        "languages": resident.languages,
        "reach_by": resident.reach_by,
        "phone": resident.phone,
        "email": resident.email,
        "status": resident.status,
        "version": resident.version,
    }
    if resident.is_connector:
        data["is_connector"] = "on"
    data.update(overrides)
    return data


# Adding a resident ------------------------------------------------------------


def test_the_add_form_opens_for_a_worker(worker_client):
    response = worker_client.get(CREATE_URL)
    assert response.status_code == 200
    form = response.context["form"]
    assert {"consent_store", "consent_match", "consent_share", "consent_method"} <= set(
        form.fields
    )
    assert "status" not in form.fields
    assert 'name="submission_token"' in response.content.decode()


def test_the_add_form_sends_an_anonymous_visitor_to_login(client, db):
    response = client.get(CREATE_URL)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))


def test_the_add_form_fills_in_an_address_from_its_id(worker_client, address, other_address):
    response = worker_client.get(CREATE_URL, {"address": address.pk})
    assert response.context["form"].initial["postcode"] == address.postcode
    # An address outside the worker's neighbourhoods is not filled in.
    response = worker_client.get(CREATE_URL, {"address": other_address.pk})
    assert "postcode" not in response.context["form"].initial


def test_adding_a_resident_stores_them_with_their_consents(worker_client, worker, address):
    response = worker_client.post(CREATE_URL, create_data(address, postcode="1234ab"))
    resident = Resident.objects.get(name="Fatima Amrani")
    assert response.status_code == 302
    assert response["Location"] == detail_url(resident)
    assert resident.address == address
    assert resident.phone == "+31612345678"
    assert resident.languages == ["nld", "ara"]
    assert (resident.may_store, resident.may_match, resident.may_share) == (True, True, False)
    records = ConsentRecord.objects.filter(resident=resident)
    assert {(r.purpose, r.given, r.recorded_by) for r in records} == {
        ("store", True, worker),
        ("match", True, worker),
    }


def test_the_same_submission_twice_stores_one_resident(worker_client, address):
    data = create_data(address)
    first = worker_client.post(CREATE_URL, data)
    second = worker_client.post(CREATE_URL, data)
    assert Resident.objects.filter(name="Fatima Amrani").count() == 1
    assert second.status_code == 302
    assert second["Location"] == first["Location"]


def test_an_unknown_address_is_an_error_beside_the_postcode(worker_client, address):
    response = worker_client.post(CREATE_URL, create_data(address, house_number=9999))
    assert response.status_code == 200
    form = response.context["form"]
    assert list(form.errors) == ["postcode"]
    assert "1234 AB 9999" in form.errors["postcode"][0]
    assert 'value="Fatima Amrani"' in response.content.decode()


def test_an_address_in_another_neighbourhood_is_not_found(worker_client, address, other_address):
    data = create_data(
        address, postcode=other_address.postcode, house_number=other_address.house_number
    )
    response = worker_client.post(CREATE_URL, data)
    assert "postcode" in response.context["form"].errors
    assert not Resident.objects.filter(name="Fatima Amrani").exists()


def test_reaching_by_phone_needs_a_number_beside_the_phone_field(worker_client, address):
    response = worker_client.post(CREATE_URL, create_data(address, phone=""))
    assert list(response.context["form"].errors) == ["phone"]


def test_an_invalid_phone_number_is_an_error_beside_the_phone_field(worker_client, address):
    response = worker_client.post(CREATE_URL, create_data(address, phone="06-1234"))
    form = response.context["form"]
    assert list(form.errors) == ["phone"]
    assert 'value="06-1234"' in response.content.decode()


def test_without_consent_to_store_the_extras_are_refused_beside_each(worker_client, address):
    data = create_data(address, consent_store="no", consent_match="unasked", is_connector="on")
    response = worker_client.post(CREATE_URL, data)
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert set(errors) == {"languages", "reach_by", "phone", "is_connector"}
    assert "consent to store data" in errors["phone"][0]
    content = response.content.decode()
    assert 'value="06-12345678"' in content  # what was typed is kept
    assert not Resident.objects.filter(name="Fatima Amrani").exists()


def test_the_same_token_can_be_sent_again_after_a_refusal(worker_client, address):
    data = create_data(address, consent_store="no", consent_match="unasked")
    worker_client.post(CREATE_URL, data)
    corrected = {**data, "languages": [], "reach_by": "worker", "phone": ""}
    response = worker_client.post(CREATE_URL, corrected)
    assert response.status_code == 302
    resident = Resident.objects.get(name="Fatima Amrani")
    assert resident.may_store is False


def test_matching_without_consent_to_store_is_an_error_beside_the_question(worker_client, address):
    data = create_data(address, consent_store="unasked", languages=[], reach_by="worker")
    response = worker_client.post(CREATE_URL, {**data, "phone": ""})
    assert list(response.context["form"].errors) == ["consent_match"]


# Editing ----------------------------------------------------------------------


def test_the_edit_form_opens_with_the_current_values(worker_client, resident):
    response = worker_client.get(edit_url(resident))
    assert response.status_code == 200
    form = response.context["form"]
    assert form["name"].value() == "Anna de Vries"
    assert form["postcode"].value() == "1234 AB"
    assert form["version"].value() == resident.version
    assert "consent_store" not in form.fields
    assert "submission_token" not in form.fields


def test_editing_is_404_for_a_worker_of_another_team(client, other_worker, resident):
    client.force_login(other_worker)
    assert client.get(edit_url(resident)).status_code == 404
    assert client.post(edit_url(resident), edit_data(resident)).status_code == 404


def test_editing_sends_an_anonymous_visitor_to_login(client, resident):
    response = client.get(edit_url(resident))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))


def test_editing_saves_and_raises_the_version(worker_client, resident, neighbourhood):
    new_address = AddressFactory(street__neighbourhood=neighbourhood, postcode="1234 CD")
    data = edit_data(
        resident,
        name="Anna de Vries-Bakker",
        postcode="1234cd",
        house_number=new_address.house_number,
        phone="0201234567",
        status="moved",
    )
    response = worker_client.post(edit_url(resident), data)
    assert response.status_code == 302
    assert response["Location"] == detail_url(resident)
    resident.refresh_from_db()
    assert resident.name == "Anna de Vries-Bakker"
    assert resident.address == new_address
    assert resident.phone == "+31201234567"
    assert resident.status == "moved"
    assert resident.version == 2


def test_an_edit_conflict_keeps_the_input_and_shows_the_stored_values(
    worker_client, resident, lead
):
    data = edit_data(resident, name="Anna Vries", phone="0612345678")
    # Someone else saves while the worker is typing.
    resident_update(
        resident=resident,
        expected_version=resident.version,
        updated_by=lead,
        name="Anna de Vries-Jansen",
    )
    response = worker_client.post(edit_url(resident), data)
    assert response.status_code == 200
    content = response.content.decode()
    assert "Someone else changed this resident while you were editing" in content
    assert 'value="Anna Vries"' in content  # the worker's input
    helptext = re.search(r'id="id_name_helptext"[^>]*>(.*?)</div>', content, re.S).group(1)
    assert "Anna de Vries-Jansen" in helptext  # their version, beside the field
    phone_help = re.search(r'id="id_phone_helptext"[^>]*>(.*?)</div>', content, re.S)
    assert phone_help and "Saved by someone else" in phone_help.group(1)
    # Fields where nothing differs carry no note.
    assert 'id="id_email_helptext"' not in content
    assert 'name="version" value="2"' in content
    resident.refresh_from_db()
    assert resident.name == "Anna de Vries-Jansen"

    # Saving again, now on the current version, goes through.
    response = worker_client.post(edit_url(resident), {**data, "version": 2})
    assert response.status_code == 302
    resident.refresh_from_db()
    assert resident.name == "Anna Vries"
    assert resident.version == 3


def test_anonymising_is_not_a_status_to_pick_when_editing(worker_client, resident):
    response = worker_client.post(edit_url(resident), edit_data(resident, status="anonymised"))
    assert list(response.context["form"].errors) == ["status"]
    resident.refresh_from_db()
    assert resident.status == "active"


def test_without_consent_to_store_the_extras_cannot_be_edited(worker_client, worker, address):
    resident = resident_create(name="Kees Weigeraar", created_by=worker, address=address)
    response = worker_client.get(edit_url(resident))
    assert response.context["form"].fields["phone"].disabled
    data = edit_data(resident, phone="0612345678", reach_by="phone", name="Kees W.")
    response = worker_client.post(edit_url(resident), data)
    assert response.status_code == 302
    resident.refresh_from_db()
    assert resident.name == "Kees W."
    assert resident.phone == ""


# The resident page --------------------------------------------------------------


def test_the_resident_page_shows_who_they_are(worker_client, resident, address):
    housemate = ResidentFactory(address=address, name="Bert de Vries")
    ResidentFactory(address=address, name="Vertrokken Persoon", status=Resident.Status.MOVED)
    resident.languages = ["nld", "tur"]
    resident.is_connector = True
    resident.save()
    response = worker_client.get(detail_url(resident))
    assert response.status_code == 200
    content = response.content.decode()
    assert "Anna de Vries" in content
    assert "1234 AB" in content
    assert f'href="{detail_url(housemate)}"' in content
    assert "Vertrokken Persoon" not in content
    assert "Dutch, Turkish" in content
    assert "Connector" in content
    for name in ["conversation_for_resident", "followup_for_resident"]:
        try:
            url = reverse(f"contacts:{name}", args=[resident.pk])
        except NoReverseMatch:  # another area's page that is not there yet
            continue
        assert url in content
    assert reverse("contacts:signal_create", args=[resident.pk]) in content
    assert edit_url(resident) in content


def test_the_resident_page_of_someone_without_a_known_address_opens(
    worker_client, worker, neighbourhood
):
    resident = resident_create(name="Zonder Adres", created_by=worker, neighbourhood=neighbourhood)
    DoorKnockFactory(address=AddressFactory(street__neighbourhood=neighbourhood), worker=worker)
    response = worker_client.get(detail_url(resident))
    assert response.status_code == 200
    assert response.context["page"].household == []
    assert response.context["page"].timeline == []
    assert "unknown" in response.content.decode()


def test_the_resident_page_puts_strengths_before_needs_before_the_timeline(
    worker_client, resident
):
    content = worker_client.get(detail_url(resident)).content.decode()
    assert content.index('id="strengths"') < content.index('id="needs"')
    assert content.index('id="needs"') < content.index('id="timeline"')


def test_the_resident_page_is_404_for_a_worker_of_another_team(client, other_worker, resident):
    client.force_login(other_worker)
    assert client.get(detail_url(resident)).status_code == 404


def test_the_resident_page_sends_an_anonymous_visitor_to_login(client, resident):
    response = client.get(detail_url(resident))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))


def test_the_resident_page_shows_consent_at_a_glance(worker_client, worker, address):
    resident = resident_create(
        name="Fatima Amrani",
        created_by=worker,
        address=address,
        consents={Consent.STORE: True, Consent.MATCH: False},
        consent_method=ConsentRecord.Method.WRITTEN,
    )
    response = worker_client.get(detail_url(resident))
    states = {s.purpose: s.state for s in response.context["page"].consents}
    assert states == {Consent.STORE: "given", Consent.MATCH: "refused", Consent.SHARE: "unasked"}
    content = response.content.decode()
    assert "text-bg-success" in content
    assert "text-bg-danger" in content
    assert "text-bg-secondary" in content
    assert "Wendy" in content  # who recorded it
    assert "written" in content  # how


def test_the_timeline_merges_everything_newest_first(
    worker_client, worker, resident, address, neighbourhood
):
    now = timezone.now()
    today = timezone.localdate()
    DoorKnockFactory(
        address=address,
        worker=worker,
        outcome=DoorKnock.Outcome.NOT_HOME,
        knocked_at=now - datetime.timedelta(days=30),
    )
    conversation = ConversationFactory(
        neighbourhood=neighbourhood,
        residents=[resident],
        workers=[worker],
        happened_at=now - datetime.timedelta(days=20),
        notes="Wil graag helpen in de moestuin.",
    )
    SignalFactory(
        resident=resident,
        kind="referral",
        organisation=OrganisationFactory(name="Schuldhulp Proefstad"),
        created_by=worker,
    )
    FollowUpFactory(
        neighbourhood=neighbourhood,
        resident=resident,
        assigned_to=worker,
        description="Terugbellen over de moestuin",
        due_on=today - datetime.timedelta(days=3),
    )
    FollowUpFactory(
        neighbourhood=neighbourhood,
        resident=resident,
        assigned_to=worker,
        description="Koffie drinken",
        due_on=today + datetime.timedelta(days=3),
    )
    # Not theirs: a knock elsewhere, someone else's conversation.
    DoorKnockFactory(address=AddressFactory(street__neighbourhood=neighbourhood), worker=worker)
    ConversationFactory(neighbourhood=neighbourhood, notes="Iemand anders")

    response = worker_client.get(detail_url(resident))
    kinds = [entry.kind for entry in response.context["page"].timeline]
    assert kinds == ["followup", "signal", "followup", "conversation", "knock"]
    content = response.content.decode()
    assert "Wil graag helpen in de moestuin." in content
    assert "Iemand anders" not in content
    assert "Referral to Schuldhulp Proefstad" in content
    overdue = re.search(
        r'<li class="list-group-item list-group-item-danger">(.*?)</li>', content, re.S
    )
    assert "Terugbellen over de moestuin" in overdue.group(1)
    open_item = re.search(
        r'<li class="list-group-item list-group-item-warning">(.*?)</li>', content, re.S
    )
    assert "Koffie drinken" in open_item.group(1)
    try:
        conversation_url = reverse("contacts:conversation_detail", args=[conversation.pk])
    except NoReverseMatch:  # the conversations area's page is not there yet
        conversation_url = None
    if conversation_url:
        assert conversation_url in content


def test_the_resident_page_runs_a_fixed_number_of_queries(
    worker_client, worker, lead, resident, address, neighbourhood, django_assert_num_queries
):
    def add_rows(count):
        for _ in range(count):
            ResidentFactory(address=address)
            conversation = ConversationFactory(
                neighbourhood=neighbourhood, residents=[resident], workers=[worker, lead]
            )
            conversation.themes.add(ThemeFactory())
            DoorKnockFactory(address=address, worker=worker, second_worker=lead)
            DoorKnockFactory(address=AddressFactory(), worker=worker, resident=resident)
            FollowUpFactory(neighbourhood=neighbourhood, resident=resident, assigned_to=worker)
            SignalFactory(
                resident=resident,
                kind="referral",
                organisation=OrganisationFactory(),
                created_by=worker,
            )
            consent_set(resident=resident, purpose=Consent.SHARE, given=True, recorded_by=lead)
            consent_set(resident=resident, purpose=Consent.SHARE, given=False, recorded_by=lead)
            # Each in its own category.
            TalentFactory(resident=resident, availability=["weekday_morning"])
            NeedFactory(resident=resident, status="matched")
            InitiativeMember.objects.create(
                initiative=InitiativeFactory(neighbourhoods=[neighbourhood]), resident=resident
            )

    def assert_queries():
        # savepoint (ATOMIC_REQUESTS), session, user, the resident with address,
        # street and neighbourhood, the household, the latest consent record per
        # purpose with who recorded/withdrew it, talents with their categories,
        # needs with their categories, the needs' matches, conversations, their
        # workers, their themes, signals with organisation and author, follow-ups
        # with the assigned worker, door knocks with workers and address, the
        # initiatives the resident takes part in, the access-log row, release
        with django_assert_num_queries(18):
            response = worker_client.get(detail_url(resident))
        assert response.status_code == 200
        return response

    add_rows(1)
    response = assert_queries()
    assert len(response.context["page"].timeline) == 5
    add_rows(9)
    response = assert_queries()
    # 50 entries: the newest 20 are shown, and a link to the older ones.
    assert len(response.context["page"].timeline) == 20
    assert response.context["page"].older is not None
    assert len(response.context["page"].talents) == len(response.context["page"].needs) == 10
    assert len(response.context["page"].household) == 10
    assert len(response.context["initiative_memberships"]) == 10
    assert "Buurtinitiatief" in response.content.decode()


# The timeline, 20 entries at a time -----------------------------------------


def local(*args):
    return timezone.make_aware(datetime.datetime(*args))


def older_link(content):
    """The "older entries" link's cursor, or None."""
    match = re.search(r'href="[^"]*\?ouder=([^"#]+)#timeline">Older entries</a>', content)
    return match.group(1) if match else None


def test_the_timeline_query_count_is_the_same_for_3_and_40_conversations(
    worker_client, worker, resident, neighbourhood, django_assert_num_queries
):
    def add_conversations(count):
        for _ in range(count):
            conversation = ConversationFactory(
                neighbourhood=neighbourhood, residents=[resident], workers=[worker]
            )
            conversation.themes.add(ThemeFactory())

    def get():
        # savepoint (ATOMIC_REQUESTS), session, user, the resident with address,
        # street and neighbourhood, the household, the latest consent records,
        # talents, needs, conversations (at most 21), their workers, their
        # themes, signals, follow-ups, door knocks (each at most 21), the
        # initiatives, the access-log row, release
        with django_assert_num_queries(17):
            response = worker_client.get(detail_url(resident))
        assert response.status_code == 200
        return response

    add_conversations(3)
    few = get()
    assert len(few.context["page"].timeline) == 3
    assert older_link(few.content.decode()) is None
    add_conversations(37)
    many = get()
    assert len(many.context["page"].timeline) == 20
    cursor = older_link(many.content.decode())
    assert cursor
    with django_assert_num_queries(17):
        older = worker_client.get(detail_url(resident), {"ouder": cursor})
    assert len(older.context["page"].timeline) == 20
    assert older.context["page"].is_older_page
    assert older_link(older.content.decode()) is None  # 40: exactly two pages


def test_paging_back_shows_every_entry_once_in_order(
    worker_client, worker, resident, address, neighbourhood
):
    """Entries at the same moment (of one kind and across kinds, a knock at
    the very start of a follow-up's due date) are neither lost nor shown
    twice between pages."""
    same_time = local(2025, 9, 22, 10, 15)
    day_start = local(2025, 9, 10, 0, 0)
    expected = set()
    for n in range(12):
        conversation = ConversationFactory(
            neighbourhood=neighbourhood,
            residents=[resident],
            workers=[worker],
            happened_at=same_time if n < 6 else local(2025, 8, n, 9),
        )
        expected.add(("conversation", conversation.pk))
    for n in range(12):
        knock = DoorKnockFactory(
            address=address,
            worker=worker,
            knocked_at=same_time if n < 4 else (day_start if n < 8 else local(2025, 7, n, 9)),
        )
        expected.add(("knock", knock.pk))
    for n in range(12):
        follow_up = FollowUpFactory(
            neighbourhood=neighbourhood,
            resident=resident,
            assigned_to=worker,
            due_on=datetime.date(2025, 9, 10) if n < 7 else datetime.date(2025, 6, n),
        )
        expected.add(("followup", follow_up.pk))
    for n in range(9):
        signal = SignalFactory(resident=resident, created_by=worker)
        signal.created_at = same_time if n < 3 else local(2025, 5, n + 1, 9)
        signal.save(update_fields=["created_at"])
        expected.add(("signal", signal.pk))

    seen, keys, cursor, pages = [], [], None, 0
    while True:
        response = worker_client.get(detail_url(resident), {"ouder": cursor} if cursor else {})
        page = response.context["page"]
        seen += [(entry.kind, entry.item.pk) for entry in page.timeline]
        keys += [entry.key() for entry in page.timeline]
        pages += 1
        cursor = older_link(response.content.decode())
        if cursor is None:
            break
        assert str(page.older) == cursor
        assert pages < 10

    assert pages == 3  # 45 entries: 20, 20, 5
    assert len(seen) == len(set(seen)) == 45
    assert set(seen) == expected
    assert keys == sorted(keys, reverse=True)


def test_the_older_link_holds_a_moment_and_an_id_only(worker_client, worker, resident):
    for n in range(21):
        DoorKnockFactory(
            address=resident.address, worker=worker, knocked_at=local(2025, 9, 1 + n, 10)
        )
    content = worker_client.get(detail_url(resident)).content.decode()
    cursor = older_link(content)
    oldest_shown = DoorKnock.objects.order_by("knocked_at")[1]
    assert cursor == f"{int(local(2025, 9, 2, 10).timestamp())}000000.k{oldest_shown.pk}"
    assert resident.name not in cursor
    content = worker_client.get(detail_url(resident), {"ouder": cursor}).content.decode()
    assert "Back to the newest entries" in content
    assert older_link(content) is None


@pytest.mark.parametrize(
    "cursor", ["", "x", "12.k", "12.q5", "12.cnot-a-uuid", "-5.k1", "9" * 40 + ".k1"]
)
def test_a_malformed_cursor_shows_the_newest_entries(worker_client, worker, resident, cursor):
    DoorKnockFactory(address=resident.address, worker=worker)
    response = worker_client.get(detail_url(resident), {"ouder": cursor})
    assert response.status_code == 200
    assert response.context["page"].is_older_page is False
    assert len(response.context["page"].timeline) == 1


def test_an_older_page_is_404_for_a_worker_of_another_team(client, other_worker, resident):
    client.force_login(other_worker)
    response = client.get(detail_url(resident), {"ouder": "1758528900000000.k1"})
    assert response.status_code == 404


def test_an_older_page_sends_an_anonymous_visitor_to_login(client, resident):
    response = client.get(detail_url(resident), {"ouder": "1758528900000000.k1"})
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))


# Consent from the resident page ------------------------------------------------


def consent_data(purpose, answer, **overrides):
    return {
        "purpose": purpose,
        "answer": answer,
        "method": "spoken",
        "submission_token": str(uuid.uuid4()),
        **overrides,
    }


def test_the_consent_change_rejects_get(worker_client, resident):
    assert worker_client.get(consent_url(resident)).status_code == 405


def test_the_consent_change_sends_an_anonymous_visitor_to_login(client, resident):
    response = client.post(consent_url(resident), consent_data("share", "yes"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))
    resident.refresh_from_db()
    assert resident.may_share is False


def test_the_consent_change_is_404_for_a_worker_of_another_team(client, other_worker, resident):
    client.force_login(other_worker)
    response = client.post(consent_url(resident), consent_data("share", "yes"))
    assert response.status_code == 404
    resident.refresh_from_db()
    assert resident.may_share is False


def test_giving_consent_records_it_and_goes_back(worker_client, worker, resident):
    response = worker_client.post(
        consent_url(resident), consent_data("share", "yes", method="written")
    )
    assert response.status_code == 302
    assert response["Location"] == detail_url(resident) + "#consent"
    resident.refresh_from_db()
    assert resident.may_share is True
    record = ConsentRecord.objects.get(resident=resident, purpose="share")
    assert (record.given, record.method, record.recorded_by) == (True, "written", worker)


def test_the_same_consent_submission_twice_records_once(worker_client, resident):
    data = consent_data("match", "no")
    worker_client.post(consent_url(resident), data)
    worker_client.post(consent_url(resident), data)
    assert ConsentRecord.objects.filter(resident=resident, purpose="match").count() == 1


def test_a_refused_consent_change_is_explained(worker_client, worker, address):
    resident = resident_create(name="Kees Weigeraar", created_by=worker, address=address)
    response = worker_client.post(consent_url(resident), consent_data("match", "yes"), follow=True)
    assert "Record consent to store data first" in response.content.decode()
    resident.refresh_from_db()
    assert resident.may_match is False


def test_withdrawing_consent_to_store_clears_their_details(worker_client, resident):
    response = worker_client.post(consent_url(resident), consent_data("store", "no"))
    assert response.status_code == 302
    resident.refresh_from_db()
    assert resident.may_store is False
    assert resident.languages == []
