"""The history and access-log pages, and the access log written by the
pages that show residents."""

import uuid

import pytest
from django.urls import reverse

from accesslog.models import AccessEvent
from audit.models import ResidentEvent
from contacts.models import Resident
from tests.contacts.factories import ConversationFactory, NeedFactory, TalentFactory
from tests.matches.factories import MatchFactory

pytestmark = pytest.mark.django_db

IP = "198.51.100.4"


def history_url(resident):
    return reverse("audit:resident_history", args=[resident.pk])


def access_log_url(resident):
    return reverse("audit:resident_access_log", args=[resident.pk])


def the_only_log_row():
    [row] = AccessEvent.objects.all()
    return row


@pytest.mark.parametrize("url", [history_url, access_log_url])
def test_anonymous_visitors_are_sent_to_login(client, resident, url):
    response = client.get(url(resident))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))


@pytest.mark.parametrize("url", [history_url, access_log_url])
def test_a_worker_gets_404(login, worker, resident, url):
    assert login(worker).get(url(resident)).status_code == 404
    assert not AccessEvent.objects.exists()


@pytest.mark.parametrize("url", [history_url, access_log_url])
def test_the_lead_of_another_team_gets_404(login, other_lead, resident, url):
    assert login(other_lead).get(url(resident)).status_code == 404
    assert not AccessEvent.objects.exists()


@pytest.mark.parametrize("url", [history_url, access_log_url])
def test_changes_are_refused(login, lead, resident, url):
    assert login(lead).post(url(resident)).status_code == 405


def test_the_history_shows_who_changed_what_before_and_after(login, lead, admin_user, resident):
    Resident.objects.filter(pk=resident.pk).update(name="Anna Jansen", reach_by="worker")
    response = login(admin_user).get(history_url(resident))
    assert response.status_code == 200
    [entry] = [entry for entry in response.context["entries"] if entry.label == "changed"]
    assert entry.what == "resident"
    assert [(c.label, c.before, c.after) for c in entry.changes] == [
        ("name", "Anna de Vries", "Anna Jansen")
    ]
    content = response.content.decode()
    assert "Resident: changed" in content
    assert "Anna de Vries" in content and "Anna Jansen" in content


def test_the_history_records_the_user_of_a_change(login, lead, worker, resident):
    response = login(worker).post(
        reverse("contacts:consent_update", args=[resident.pk]),
        {
            "purpose": "share",
            "answer": "yes",
            "method": "spoken",
            "submission_token": str(uuid.uuid4()),
        },
    )
    assert response.status_code == 302
    response = login(lead).get(history_url(resident))
    [consent] = [entry for entry in response.context["entries"] if entry.what == "consent"]
    assert (consent.label, consent.who) == ("added", worker)
    assert ("given", "—", "yes") in [(c.label, c.before, c.after) for c in consent.changes]
    assert "by Wendy" in response.content.decode()


def test_viewing_the_history_is_logged(login, lead, resident):
    login(lead).get(history_url(resident), REMOTE_ADDR=IP)
    row = the_only_log_row()
    assert (row.user, row.role, row.what, row.residents, row.ip) == (
        lead,
        "team_lead",
        "history",
        [resident.pk],
        IP,
    )


def test_the_history_is_paginated_by_50(login, lead, resident):
    for n in range(55):
        Resident.objects.filter(pk=resident.pk).update(name=f"Anna {n}")
    client = login(lead)
    assert len(client.get(history_url(resident)).context["entries"]) == 50
    assert len(client.get(history_url(resident), {"page": 2}).context["entries"]) == 6


def test_the_history_page_query_count_does_not_grow(
    login, lead, worker, resident, django_assert_num_queries
):
    client = login(lead)

    def change(count):
        for n in range(count):
            Resident.objects.filter(pk=resident.pk).update(name=f"Anna {n}")
            TalentFactory(resident=resident, created_by=worker)

    change(1)
    # savepoint, session, user, the resident, the count of events, a page of
    # events with their diffs and context, the users named in them, the
    # access-log row, release
    with django_assert_num_queries(9):
        client.get(history_url(resident))
    change(10)
    with django_assert_num_queries(9):
        response = client.get(history_url(resident))
    assert len(response.context["entries"]) == 22


def test_the_access_log_shows_who_looked_newest_first(login, lead, worker, resident):
    login(worker).get(reverse("contacts:resident_detail", args=[resident.pk]), REMOTE_ADDR=IP)
    response = login(lead).get(access_log_url(resident))
    rows = response.context["rows"]
    assert [(row.user, row.what) for row in rows] == [(worker, "resident")]
    content = response.content.decode()
    assert "Wendy" in content and IP in content and "Resident page" in content


def test_viewing_the_access_log_is_logged(login, lead, resident):
    client = login(lead)
    client.get(access_log_url(resident), REMOTE_ADDR=IP)
    row = the_only_log_row()
    assert (row.user, row.role, row.what, row.residents, row.ip) == (
        lead,
        "team_lead",
        "access_log",
        [resident.pk],
        IP,
    )
    # The next look shows the first.
    rows = client.get(access_log_url(resident)).context["rows"]
    assert [row.what for row in rows] == ["access_log"]


def test_the_access_log_is_paginated_by_50(login, lead, resident):
    AccessEvent.objects.bulk_create(
        AccessEvent(user=lead, role=lead.role, what="resident", residents=[resident.pk])
        for _ in range(60)
    )
    client = login(lead)
    assert len(client.get(access_log_url(resident)).context["rows"]) == 50
    # 60, and the first look at the page
    assert len(client.get(access_log_url(resident), {"page": 2}).context["rows"]) == 11


def test_the_access_log_page_query_count_does_not_grow(
    login, lead, worker, resident, django_assert_num_queries
):
    client = login(lead)
    AccessEvent.objects.create(
        user=worker, role="worker", what="resident", residents=[resident.pk]
    )
    # savepoint, session, user, the resident, the count, a page of rows with
    # their users, the access-log row, release
    with django_assert_num_queries(8):
        client.get(access_log_url(resident))
    AccessEvent.objects.bulk_create(
        AccessEvent(user=user, role=user.role, what="resident", residents=[resident.pk])
        for user in [worker, lead] * 10
    )
    with django_assert_num_queries(8):
        response = client.get(access_log_url(resident))
    assert len(response.context["rows"]) == 22


def test_the_resident_page_links_to_both_pages_for_a_lead_only(login, lead, worker, resident):
    url = reverse("contacts:resident_detail", args=[resident.pk])
    content = login(lead).get(url).content.decode()
    assert history_url(resident) in content and access_log_url(resident) in content
    content = login(worker).get(url).content.decode()
    assert history_url(resident) not in content


# The pages that show residents each write one row.


def test_the_resident_page_is_logged(login, worker, resident):
    login(worker).get(reverse("contacts:resident_detail", args=[resident.pk]), REMOTE_ADDR=IP)
    row = the_only_log_row()
    assert (row.user, row.role, row.what, row.residents, row.object_id, row.ip) == (
        worker,
        "worker",
        "resident",
        [resident.pk],
        "",
        IP,
    )


def test_the_edit_form_is_logged_as_a_read_of_the_resident(login, worker, resident):
    login(worker).get(reverse("contacts:resident_edit", args=[resident.pk]), REMOTE_ADDR=IP)
    row = the_only_log_row()
    assert (row.user, row.what, row.residents, row.ip) == (worker, "resident", [resident.pk], IP)


def test_a_resident_page_that_is_not_shown_is_not_logged(login, worker, other_resident):
    url = reverse("contacts:resident_detail", args=[other_resident.pk])
    assert login(worker).get(url).status_code == 404
    assert not AccessEvent.objects.exists()


def test_the_conversation_page_is_logged_with_its_residents(login, worker, resident, address):
    housemate = Resident.objects.create(
        neighbourhood=resident.neighbourhood, address=address, name="Kees de Vries"
    )
    conversation = ConversationFactory(
        neighbourhood=resident.neighbourhood, residents=[resident, housemate]
    )
    login(worker).get(reverse("contacts:conversation_detail", args=[conversation.pk]))
    row = the_only_log_row()
    assert row.what == "conversation"
    assert row.object_id == str(conversation.pk)
    assert set(row.residents) == {resident.pk, housemate.pk}


def test_the_match_page_is_logged_with_both_sides(login, lead, worker, resident):
    match = MatchFactory(need=NeedFactory(resident=resident), proposed_by=worker)
    login(lead).get(reverse("matches:match_detail", args=[match.pk]))
    row = the_only_log_row()
    assert (row.user, row.what, row.object_id) == (lead, "match", str(match.pk))
    assert row.residents == [resident.pk, match.helper_id]


def test_a_search_logs_the_residents_on_the_page(login, worker, resident, other_resident):
    client = login(worker)
    client.get(reverse("contacts:resident_search"))
    assert not AccessEvent.objects.exists()
    client.post(reverse("contacts:resident_search"), {"q": "Anna", "page": 1})
    row = the_only_log_row()
    assert (row.what, row.residents) == ("search", [resident.pk])


def test_the_suggestions_are_logged_with_subject_and_candidates(login, worker, resident, address):
    need = NeedFactory(resident=resident, text="Kan het gras niet meer maaien")
    helper = Resident.objects.create(
        neighbourhood=resident.neighbourhood,
        address=address,
        name="Kees de Vries",
        may_store=True,
        may_match=True,
    )
    talent = TalentFactory(resident=helper, category=need.category, text="Maait graag gras")
    login(worker).get(reverse("matches:need_suggestions", args=[need.pk]))
    row = AccessEvent.objects.get()
    assert row.what == "suggestions"
    assert row.residents[0] == resident.pk
    assert helper.pk in row.residents

    login(worker).get(reverse("matches:talent_suggestions", args=[talent.pk]))
    latest = AccessEvent.objects.order_by("-pk").first()
    assert latest.what == "suggestions"
    assert latest.residents[0] == helper.pk
    assert resident.pk in latest.residents


def test_a_change_to_a_row_older_than_the_history_shows_its_values(login, lead, resident):
    ResidentEvent.objects.filter(pgh_obj_id=resident.pk).delete()  # as if made before
    Resident.objects.filter(pk=resident.pk).update(name="Anna Jansen")
    response = login(lead).get(history_url(resident))
    [entry] = response.context["entries"]
    assert ("name", "—", "Anna Jansen") in [(c.label, c.before, c.after) for c in entry.changes]
