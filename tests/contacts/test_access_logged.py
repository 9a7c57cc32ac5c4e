"""The contacts pages that show residents write one access-log row per
view, listing exactly the residents shown (issue 11, point 8); a worker of
another team gets 404 and writes no row; a page that shows nobody writes
none. Each page's query count, access-log row included, is asserted here
or, for the pages that had one before, beside the page's other tests
(tests/contacts/test_<page>.py); none grows with the rows."""

import uuid

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from accesslog.models import AccessEvent
from contacts.models import DoorKnock, InitiativeMember, Resident
from tests.access_rows import access_log_inserts, ids, no_row, one_row
from tests.contacts.factories import (
    ConversationFactory,
    DoorKnockFactory,
    FollowUpFactory,
    InitiativeFactory,
    NeedFactory,
    ReportFactory,
    ResidentFactory,
    RoundFactory,
    TalentFactory,
)
from tests.neighbourhoods.factories import AddressFactory, MembershipFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english_pages")]

What = AccessEvent.What
HTMX = {"HX-Request": "true"}


def at(address, name, **kwargs):
    return ResidentFactory(address=address, name=name, **kwargs)


def seen(*residents):
    """Seen today: not among "not seen" on My day."""
    Resident.objects.filter(pk__in=ids(*residents)).update(last_seen_at=timezone.now())


def assert_404_without_row(client, other_worker, call):
    client.force_login(other_worker)
    response = no_row(call)
    assert response.status_code == 404


# --- My day ------------------------------------------------------------------


def test_my_day_logs_the_residents_of_its_follow_ups_conversations_and_not_seen(
    client, worker, neighbourhood, address, other_resident
):
    with_follow_up = at(address, "Fatima Opvolging")
    in_conversation = at(address, "Gerrit Gesprek")
    not_seen = at(address, "Hanna Nooitgezien")
    seen_only = at(address, "Ivo Gezien")
    seen(with_follow_up, in_conversation, seen_only)
    FollowUpFactory(neighbourhood=neighbourhood, assigned_to=worker, resident=with_follow_up)
    FollowUpFactory(neighbourhood=neighbourhood, assigned_to=worker, resident=None)
    ConversationFactory(neighbourhood=neighbourhood, residents=[in_conversation], workers=[worker])
    client.force_login(worker)
    response, row = one_row(lambda: client.get(reverse("home")))
    content = response.content.decode()
    assert "Ivo Gezien" not in content
    assert row.what == What.MY_DAY
    assert row.user == worker
    assert set(row.residents) == ids(with_follow_up, in_conversation, not_seen)
    assert row.object_id == ""


def test_my_day_logs_only_the_not_seen_it_shows(client, worker, address):
    residents = [at(address, f"Nooitgezien {n:02}") for n in range(11)]
    client.force_login(worker)
    response, row = one_row(lambda: client.get(reverse("home")))
    shown = response.context["not_seen"]
    assert len(shown) == 10
    assert set(row.residents) == ids(*shown)
    assert residents[-1].pk not in row.residents


def test_my_day_with_nobody_on_it_writes_no_row(client, worker):
    client.force_login(worker)
    assert no_row(lambda: client.get(reverse("home"))).status_code == 200


# --- Rounds ------------------------------------------------------------------


@pytest.fixture
def round_with_residents(neighbourhood, worker, address):
    """A round along three doors: two residents known at the first, one who
    moved away at the second, nobody at the third."""
    street = address.street
    second = AddressFactory(street=street, house_number=address.house_number + 2)
    third = AddressFactory(street=street, house_number=address.house_number + 4)
    known = [at(address, "Jan Bekend"), at(address, "Kees Bekend")]
    at(second, "Lies Verhuisd", status=Resident.Status.MOVED)
    round_ = RoundFactory(
        neighbourhood=neighbourhood, worker=worker, addresses=[address, second, third]
    )
    return round_, known, third


def test_the_round_page_logs_the_residents_known_here(client, worker, round_with_residents):
    round_, known, _empty = round_with_residents
    client.force_login(worker)
    response, row = one_row(lambda: client.get(reverse("contacts:round_detail", args=[round_.pk])))
    assert "Lies Verhuisd" not in response.content.decode()
    assert row.what == What.ROUND
    assert set(row.residents) == ids(*known)
    assert row.object_id == str(round_.pk)


def test_a_round_page_nobody_is_known_on_writes_no_row(client, worker, neighbourhood, address):
    round_ = RoundFactory(neighbourhood=neighbourhood, worker=worker, addresses=[address])
    client.force_login(worker)
    no_row(lambda: client.get(reverse("contacts:round_detail", args=[round_.pk])))


def test_the_round_page_of_another_team_is_404_and_logs_nothing(
    client, other_worker, round_with_residents
):
    round_, _known, _empty = round_with_residents
    url = reverse("contacts:round_detail", args=[round_.pk])
    assert_404_without_row(client, other_worker, lambda: client.get(url))


def knock(client, round_, address):
    return client.post(
        reverse("contacts:knock_record", args=[round_.pk, address.pk]),
        {"outcome": DoorKnock.Outcome.NOT_HOME, "submission_token": str(uuid.uuid4())},
        headers=HTMX,
    )


def test_a_knock_shows_nobody_and_the_page_it_leads_to_logs_who_is_known(
    client, worker, address, round_with_residents
):
    """A tap answers with a redirect to the round page (no names, no row);
    that page logs the residents known on its cards."""
    round_, known, _empty = round_with_residents
    client.force_login(worker)
    response = no_row(lambda: knock(client, round_, address))
    assert response.status_code == 200  # htmx: HX-Redirect
    _response, row = one_row(lambda: client.get(response["HX-Redirect"]))
    assert (row.what, row.object_id) == (What.ROUND, str(round_.pk))
    assert set(row.residents) == ids(*known)


def test_a_knock_on_a_round_of_another_team_is_404_and_logs_nothing(
    client, other_worker, address, round_with_residents
):
    round_, _known, _empty = round_with_residents
    assert_404_without_row(client, other_worker, lambda: knock(client, round_, address))


def test_a_knocks_query_count_does_not_grow_with_residents(
    client, worker, address, round_with_residents
):
    """The knock itself (claiming the token, validating and saving the door
    knock) takes the same queries however many residents live there, and
    writes no access-log row."""
    round_, _known, _empty = round_with_residents
    client.force_login(worker)
    with CaptureQueriesContext(connection) as few:
        assert knock(client, round_, address).status_code == 200
    for n in range(5):
        at(address, f"Huisgenoot {n}")
    # Another round at the door: a new attempt again, not a correction.
    again = RoundFactory(neighbourhood=round_.neighbourhood, worker=worker, addresses=[address])
    with CaptureQueriesContext(connection) as many:
        assert knock(client, again, address).status_code == 200
    assert len(few) == len(many)
    assert access_log_inserts(few) == access_log_inserts(many) == 0


# --- Follow-ups --------------------------------------------------------------


def test_the_follow_up_list_logs_the_residents_of_its_rows(
    client, worker, colleague, neighbourhood, resident, address
):
    other = at(address, "Mees Opvolging")
    FollowUpFactory(neighbourhood=neighbourhood, assigned_to=worker, resident=resident)
    FollowUpFactory(neighbourhood=neighbourhood, assigned_to=worker, resident=other)
    FollowUpFactory(neighbourhood=neighbourhood, assigned_to=worker, resident=None)
    someone_elses = at(address, "Noor Vancollega")
    FollowUpFactory(neighbourhood=neighbourhood, assigned_to=colleague, resident=someone_elses)
    client.force_login(worker)
    _response, row = one_row(lambda: client.get(reverse("contacts:followup_list")))
    assert row.what == What.FOLLOW_UPS
    assert set(row.residents) == ids(resident, other)
    _response, row = one_row(
        lambda: client.get(reverse("contacts:followup_list"), {"show": "open"})
    )
    assert set(row.residents) == ids(resident, other, someone_elses)


def test_an_empty_follow_up_list_writes_no_row(client, worker, neighbourhood):
    FollowUpFactory(neighbourhood=neighbourhood, assigned_to=worker, resident=None)
    client.force_login(worker)
    assert no_row(lambda: client.get(reverse("contacts:followup_list"))).status_code == 200


def toggle(client, follow_up, **extra):
    return client.post(
        reverse("contacts:followup_toggle", args=[follow_up.pk]), {"done": "1"}, **extra
    )


def test_the_follow_up_row_after_done_logs_its_resident(client, worker, neighbourhood, resident):
    follow_up = FollowUpFactory(neighbourhood=neighbourhood, assigned_to=worker, resident=resident)
    client.force_login(worker)
    response, row = one_row(lambda: toggle(client, follow_up, headers=HTMX))
    assert "Anna de Vries" in response.content.decode()
    assert (row.what, row.object_id) == (What.FOLLOW_UPS, str(follow_up.pk))
    assert row.residents == [resident.pk]


def test_a_follow_up_row_without_resident_or_page_writes_no_row(
    client, worker, neighbourhood, resident
):
    client.force_login(worker)
    without = FollowUpFactory(neighbourhood=neighbourhood, assigned_to=worker, resident=None)
    no_row(lambda: toggle(client, without, headers=HTMX))
    with_resident = FollowUpFactory(
        neighbourhood=neighbourhood, assigned_to=worker, resident=resident
    )
    assert no_row(lambda: toggle(client, with_resident)).status_code == 302  # no page shown


def test_done_on_a_follow_up_of_another_team_is_404_and_logs_nothing(
    client, other_worker, worker, neighbourhood, resident
):
    follow_up = FollowUpFactory(neighbourhood=neighbourhood, assigned_to=worker, resident=resident)
    assert_404_without_row(client, other_worker, lambda: toggle(client, follow_up, headers=HTMX))


def test_the_follow_up_rows_query_count(
    client, worker, neighbourhood, resident, django_assert_num_queries
):
    follow_up = FollowUpFactory(neighbourhood=neighbourhood, assigned_to=worker, resident=resident)
    client.force_login(worker)
    # savepoint (ATOMIC_REQUESTS), session, user, the follow-up; the
    # service's savepoint, the follow-up locked, marking it done, release;
    # the row with resident, assignee and done-by, the access-log row,
    # release savepoint
    with django_assert_num_queries(11):
        toggle(client, follow_up, headers=HTMX)


def test_the_follow_up_form_for_a_resident_logs_them(client, worker, resident):
    client.force_login(worker)
    url = reverse("contacts:followup_for_resident", args=[resident.pk])
    _response, row = one_row(lambda: client.get(url))
    assert (row.what, row.residents) == (What.FOLLOW_UP_FORM, [resident.pk])
    no_row(lambda: client.get(reverse("contacts:followup_create")))


def test_the_follow_up_form_for_a_resident_of_another_team_is_404_and_logs_nothing(
    client, other_worker, resident
):
    url = reverse("contacts:followup_for_resident", args=[resident.pk])
    assert_404_without_row(client, other_worker, lambda: client.get(url))


def test_the_follow_up_forms_query_count_does_not_grow_with_workers(
    client, worker, team, resident, django_assert_num_queries
):
    client.force_login(worker)
    url = reverse("contacts:followup_for_resident", args=[resident.pk])
    # savepoint (ATOMIC_REQUESTS), session, user, the resident with their
    # neighbourhood, the access-log row, the workers to assign it to (read
    # twice while the select is rendered), release savepoint
    with django_assert_num_queries(8):
        client.get(url)
    for _ in range(4):
        MembershipFactory(team=team)
    with django_assert_num_queries(8):
        client.get(url)


# --- Reports -----------------------------------------------------------------


def test_the_report_list_logs_the_residents_its_reports_are_about(
    client, worker, neighbourhood, address, resident
):
    about_both = at(address, "Olga Melding")
    ReportFactory(address=address)
    ReportFactory(address=None, resident=resident, neighbourhood=neighbourhood)
    ReportFactory(address=address, resident=about_both)
    client.force_login(worker)
    _response, row = one_row(lambda: client.get(reverse("contacts:report_list")))
    assert row.what == What.REPORTS
    assert set(row.residents) == ids(resident, about_both)


def test_a_report_list_about_addresses_only_writes_no_row(client, worker, address):
    ReportFactory(address=address)
    client.force_login(worker)
    no_row(lambda: client.get(reverse("contacts:report_list")))


@pytest.fixture
def report(neighbourhood, worker, address, resident):
    report = ReportFactory(address=address, resident=resident)
    FollowUpFactory(neighbourhood=neighbourhood, report=report, assigned_to=worker, resident=None)
    return report


def test_the_report_page_logs_its_resident_the_residents_there_and_of_its_follow_ups(
    client, worker, neighbourhood, address, report, resident
):
    housemate = at(address, "Piet Huisgenoot")
    elsewhere = ResidentFactory(
        address=AddressFactory(street__neighbourhood=neighbourhood), name="Roos Elders"
    )
    FollowUpFactory(
        neighbourhood=neighbourhood, report=report, assigned_to=worker, resident=elsewhere
    )
    client.force_login(worker)
    response, row = one_row(
        lambda: client.get(reverse("contacts:report_detail", args=[report.pk]))
    )
    assert "Roos Elders" in response.content.decode()
    assert (row.what, row.object_id) == (What.REPORT, str(report.pk))
    assert set(row.residents) == ids(resident, housemate, elsewhere)


def test_the_report_page_of_another_team_is_404_and_logs_nothing(client, other_worker, report):
    url = reverse("contacts:report_detail", args=[report.pk])
    assert_404_without_row(client, other_worker, lambda: client.get(url))


# --- Initiatives -------------------------------------------------------------


@pytest.fixture
def initiative(neighbourhood, other_neighbourhood, resident, other_resident):
    initiative = InitiativeFactory(neighbourhoods=[neighbourhood, other_neighbourhood])
    for member in (resident, other_resident):
        InitiativeMember.objects.create(
            initiative=initiative, resident=member, role=InitiativeMember.Role.MEMBER
        )
    return initiative


def test_the_initiative_page_logs_the_members_it_shows(client, worker, initiative, resident):
    client.force_login(worker)
    response, row = one_row(
        lambda: client.get(reverse("contacts:initiative_detail", args=[initiative.pk]))
    )
    assert "Bram Westerman" not in response.content.decode()  # only counted
    assert (row.what, row.object_id) == (What.INITIATIVE, str(initiative.pk))
    assert row.residents == [resident.pk]


def test_an_initiative_page_without_visible_members_writes_no_row(
    client, other_worker, initiative
):
    """The other team sees Westerman, not Anna: its own row."""
    client.force_login(other_worker)
    _response, row = one_row(
        lambda: client.get(reverse("contacts:initiative_detail", args=[initiative.pk]))
    )
    assert row.residents == [initiative.members.get(resident__name="Bram Westerman").resident_id]
    alone = InitiativeFactory(neighbourhoods=[initiative.neighbourhoods.first()])
    no_row(lambda: client.get(reverse("contacts:initiative_detail", args=[alone.pk])))


def test_the_initiative_page_of_another_team_is_404_and_logs_nothing(
    client, other_worker, neighbourhood
):
    initiative = InitiativeFactory(neighbourhoods=[neighbourhood])
    url = reverse("contacts:initiative_detail", args=[initiative.pk])
    assert_404_without_row(client, other_worker, lambda: client.get(url))


def member_search(client, initiative, term, **extra):
    return client.post(
        reverse("contacts:initiative_member_add", args=[initiative.pk]), {"q": term}, **extra
    )


def test_the_member_search_logs_the_residents_found(
    client, worker, neighbourhood, address, resident
):
    initiative = InitiativeFactory(neighbourhoods=[neighbourhood])
    found = [at(address, "Sara Zoekmij"), at(address, "Tom Zoekmij")]
    client.force_login(worker)
    no_row(lambda: client.get(reverse("contacts:initiative_member_add", args=[initiative.pk])))
    _response, row = one_row(lambda: member_search(client, initiative, "Zoekmij", headers=HTMX))
    assert (row.what, row.object_id) == (What.MEMBER_SEARCH, str(initiative.pk))
    assert set(row.residents) == ids(*found)
    no_row(lambda: member_search(client, initiative, "Niemandhier"))


def test_the_member_search_of_another_teams_initiative_is_404_and_logs_nothing(
    client, other_worker, neighbourhood, resident
):
    initiative = InitiativeFactory(neighbourhoods=[neighbourhood])
    assert_404_without_row(client, other_worker, lambda: member_search(client, initiative, "Anna"))


def test_the_member_searchs_query_count_does_not_grow_with_results(
    client, worker, neighbourhood, address, django_assert_num_queries
):
    initiative = InitiativeFactory(neighbourhoods=[neighbourhood])
    client.force_login(worker)

    def assert_queries(found):
        # savepoint (ATOMIC_REQUESTS), session, user, the initiative, the
        # addresses on streets matching the words, the residents found with
        # address, street, neighbourhood and whether they are members, the
        # access-log row, release savepoint
        with django_assert_num_queries(8):
            response = member_search(client, initiative, "Zoekmij", headers=HTMX)
        assert response.content.decode().count('id="result-') == found

    at(address, "Zoekmij 0")
    assert_queries(1)
    for n in range(1, 6):
        at(address, f"Zoekmij {n}")
    assert_queries(6)


# --- Conversations -------------------------------------------------------------


def test_the_conversation_form_for_a_resident_logs_them(client, worker, resident):
    client.force_login(worker)
    url = reverse("contacts:conversation_for_resident", args=[resident.pk])
    _response, row = one_row(lambda: client.get(url))
    assert (row.what, row.residents) == (What.CONVERSATION_FORM, [resident.pk])


def test_the_conversation_form_from_a_door_knock_logs_the_household(
    client, worker, neighbourhood, address, resident
):
    housemate = at(address, "Umar Huisgenoot")
    at(address, "Vera Verhuisd", status=Resident.Status.MOVED)
    round_ = RoundFactory(neighbourhood=neighbourhood, worker=worker, addresses=[address])
    knock_ = DoorKnockFactory(
        address=address, round=round_, worker=worker, outcome=DoorKnock.Outcome.SPOKE
    )
    client.force_login(worker)
    url = reverse("contacts:conversation_from_knock", args=[knock_.pk])
    response, row = one_row(lambda: client.get(url))
    assert "Vera Verhuisd" not in response.content.decode()
    assert set(row.residents) == ids(resident, housemate)


def test_the_new_conversation_form_shows_nobody_and_writes_no_row(client, worker, resident):
    client.force_login(worker)
    no_row(lambda: client.get(reverse("contacts:conversation_create")))


def test_find_without_javascript_logs_who_was_found(client, worker, neighbourhood, address):
    found = at(address, "Wim Vindbaar")
    client.force_login(worker)
    _response, row = one_row(
        lambda: client.post(
            reverse("contacts:conversation_create"),
            {"find_resident": "1", "find": "Vindbaar", "neighbourhood": neighbourhood.pk},
        )
    )
    assert (row.what, row.residents) == (What.CONVERSATION_FORM, [found.pk])


def test_the_conversation_forms_of_another_team_are_404_and_log_nothing(
    client, other_worker, worker, neighbourhood, address, resident
):
    knock_ = DoorKnockFactory(address=address, worker=worker, outcome=DoorKnock.Outcome.SPOKE)
    for url in (
        reverse("contacts:conversation_for_resident", args=[resident.pk]),
        reverse("contacts:conversation_from_knock", args=[knock_.pk]),
    ):
        assert_404_without_row(client, other_worker, lambda url=url: client.get(url))


def options(client, term, **data):
    return client.post(
        reverse("contacts:conversation_resident_options"), {"find": term, **data}, headers=HTMX
    )


def test_the_names_found_while_typing_are_logged(client, worker, address, resident):
    found = at(address, "Xander Typer")
    client.force_login(worker)
    _response, row = one_row(lambda: options(client, "Typer", residents=[str(resident.pk)]))
    assert row.what == What.FOUND_BY_NAME
    assert set(row.residents) == ids(resident, found)  # ticked before, and found


def test_typing_a_name_nobody_has_writes_no_row(client, worker, resident):
    client.force_login(worker)
    no_row(lambda: options(client, "Niemandhier"))


def test_a_resident_of_another_team_is_not_found_while_typing(client, worker, other_resident):
    """The options take no id in the URL: the other team's resident is
    simply not found, and not logged."""
    client.force_login(worker)
    no_row(lambda: options(client, "Westerman", residents=[str(other_resident.pk)]))


def test_the_names_found_while_typing_query_count_does_not_grow(
    client, worker, address, django_assert_num_queries
):
    client.force_login(worker)

    def assert_queries(found):
        # savepoint (ATOMIC_REQUESTS), session, user, the residents found
        # with their address and street, the access-log row, release
        # savepoint (nothing ticked: no query for them)
        with django_assert_num_queries(6):
            response = options(client, "Typer")
        assert response.content.decode().count('name="residents"') == found

    at(address, "Typer 0")
    assert_queries(1)
    for n in range(1, 6):
        at(address, f"Typer {n}")
    assert_queries(6)


# --- Signals, talents and needs -------------------------------------------------


def test_the_signal_form_logs_its_resident(client, worker, resident):
    client.force_login(worker)
    url = reverse("contacts:signal_create", args=[resident.pk])
    _response, row = one_row(lambda: client.get(url))
    assert (row.what, row.residents) == (What.SIGNAL_FORM, [resident.pk])


def test_the_signal_form_of_another_teams_resident_is_404_and_logs_nothing(
    client, other_worker, resident
):
    url = reverse("contacts:signal_create", args=[resident.pk])
    assert_404_without_row(client, other_worker, lambda: client.get(url))


def test_the_signal_forms_query_count_does_not_grow_with_conversations(
    client, worker, neighbourhood, resident, django_assert_num_queries
):
    client.force_login(worker)
    url = reverse("contacts:signal_create", args=[resident.pk])
    # savepoint (ATOMIC_REQUESTS), session, user, the resident with their
    # neighbourhood and district, the access-log row, the organisations, the
    # latest conversations, release savepoint
    with django_assert_num_queries(8):
        client.get(url)
    for _ in range(4):
        ConversationFactory(neighbourhood=neighbourhood, residents=[resident], workers=[worker])
    with django_assert_num_queries(8):
        client.get(url)


@pytest.mark.parametrize("kind", ["talent", "need"])
def test_the_talent_and_need_forms_log_their_resident(client, worker, resident, kind):
    client.force_login(worker)
    _response, row = one_row(
        lambda: client.get(reverse(f"contacts:{kind}_create", args=[resident.pk]))
    )
    assert (row.what, row.residents, row.object_id) == (What.HEARD_FORM, [resident.pk], "")
    item = (TalentFactory if kind == "talent" else NeedFactory)(resident=resident)
    _response, row = one_row(lambda: client.get(reverse(f"contacts:{kind}_edit", args=[item.pk])))
    assert (row.what, row.residents, row.object_id) == (
        What.HEARD_FORM,
        [resident.pk],
        str(item.pk),
    )


@pytest.mark.parametrize("kind", ["talent", "need"])
def test_an_initiatives_talent_or_need_shows_no_resident_and_writes_no_row(
    client, worker, neighbourhood, kind
):
    initiative = InitiativeFactory(neighbourhoods=[neighbourhood])
    item = (TalentFactory if kind == "talent" else NeedFactory)(
        initiative=initiative, resident=None
    )
    client.force_login(worker)
    no_row(lambda: client.get(reverse(f"contacts:{kind}_edit", args=[item.pk])))


@pytest.mark.parametrize("kind", ["talent", "need"])
def test_the_talent_and_need_forms_of_another_team_are_404_and_log_nothing(
    client, other_worker, resident, kind
):
    item = (TalentFactory if kind == "talent" else NeedFactory)(resident=resident)
    for url in (
        reverse(f"contacts:{kind}_create", args=[resident.pk]),
        reverse(f"contacts:{kind}_edit", args=[item.pk]),
    ):
        assert_404_without_row(client, other_worker, lambda url=url: client.get(url))


# --- The resident page -----------------------------------------------------------


def test_the_resident_page_logs_the_household_it_shows(client, worker, address, resident):
    housemate = at(address, "Yara Huisgenoot")
    at(address, "Zeno Verhuisd", status=Resident.Status.MOVED)
    client.force_login(worker)
    response, row = one_row(
        lambda: client.get(reverse("contacts:resident_detail", args=[resident.pk]))
    )
    assert "Zeno Verhuisd" not in response.content.decode()
    assert row.what == What.RESIDENT
    assert row.residents == [resident.pk, housemate.pk]


def test_the_resident_page_of_another_team_is_404_and_logs_nothing(client, other_worker, resident):
    url = reverse("contacts:resident_detail", args=[resident.pk])
    assert_404_without_row(client, other_worker, lambda: client.get(url))
