"""The home page: a team lead's overview (reports.views.home.lead_home),
and a worker's My day with the decisions on their proposals."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format

from contacts.models import DoorKnock, Signal
from matches.models import Match, MatchEvent
from tests.accounts.factories import UserFactory
from tests.contacts.factories import (
    ConversationFactory,
    DoorKnockFactory,
    FollowUpFactory,
    NeedFactory,
    OrganisationFactory,
    ResidentFactory,
    SignalFactory,
)
from tests.matches.factories import MatchFactory
from tests.neighbourhoods.factories import AddressFactory, MembershipFactory

pytestmark = pytest.mark.django_db


def _match(resident, *, proposed_by, days_ago=0, **fields):
    need = NeedFactory(resident=resident)
    return MatchFactory(
        need=need,
        proposed_by=proposed_by,
        proposed_at=timezone.now() - datetime.timedelta(days=days_ago),
        **fields,
    )


def test_it_requires_login(client):
    response = client.get(reverse("home"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))


def test_a_lead_gets_the_overview_and_a_worker_my_day(client, lead, worker):
    client.force_login(lead)
    response = client.get(reverse("home"))
    assert response.templates[0].name == "reports/lead_home.html"
    client.force_login(worker)
    response = client.get(reverse("home"))
    assert response.templates[0].name == "contacts/my_day.html"


def test_a_lead_can_still_open_their_own_day(client, lead):
    client.force_login(lead)
    response = client.get(reverse("reports:my_day"))
    assert response.status_code == 200
    assert response.templates[0].name == "contacts/my_day.html"


def test_it_lists_the_proposals_waiting_oldest_first_in_the_leads_teams_only(
    client, lead, worker, resident, other_resident, other_worker
):
    newer = _match(resident, proposed_by=worker, days_ago=2)
    oldest = _match(resident, proposed_by=worker, days_ago=25)
    _match(other_resident, proposed_by=other_worker, days_ago=30)  # another team's
    client.force_login(lead)
    response = client.get(reverse("home"))
    assert response.context["proposal_count"] == 2
    assert response.context["proposals"] == [oldest, newer]
    assert reverse("matches:review_queue") in response.content.decode()


def test_it_counts_every_waiting_proposal_beyond_those_listed(client, lead, worker, resident):
    for days in range(12):
        _match(resident, proposed_by=worker, days_ago=days)
    client.force_login(lead)
    response = client.get(reverse("home"))
    assert response.context["proposal_count"] == 12
    assert len(response.context["proposals"]) == 10


def test_it_names_no_resident(client, lead, worker, resident):
    _match(resident, proposed_by=worker, days_ago=3)
    client.force_login(lead)
    content = client.get(reverse("home")).content.decode()
    assert resident.name not in content


def test_it_shows_overdue_follow_ups_and_workload_per_worker(
    client, lead, worker, team, neighbourhood, other_neighbourhood, other_worker
):
    today = timezone.localdate()
    FollowUpFactory(neighbourhood=neighbourhood, assigned_to=worker, due_on=today)  # not overdue
    for days in (1, 9):
        FollowUpFactory(
            neighbourhood=neighbourhood,
            assigned_to=worker,
            due_on=today - datetime.timedelta(days=days),
        )
    FollowUpFactory(  # another team's
        neighbourhood=other_neighbourhood,
        assigned_to=other_worker,
        due_on=today - datetime.timedelta(days=3),
    )
    address = AddressFactory(street__neighbourhood=neighbourhood)
    now = timezone.now()
    DoorKnockFactory(address=address, worker=worker, knocked_at=now - datetime.timedelta(days=3))
    DoorKnockFactory(  # longer ago than 4 weeks
        address=address, worker=worker, knocked_at=now - datetime.timedelta(days=29)
    )
    ConversationFactory(neighbourhood=neighbourhood, workers=[worker])
    client.force_login(lead)
    response = client.get(reverse("home"))
    assert response.context["overdue"] == [
        {"worker": worker, "count": 2, "oldest": today - datetime.timedelta(days=9)}
    ]
    rows = {row["worker"]: row for row in response.context["workload"]}
    assert set(rows) == {lead, worker}
    assert rows[worker]["conversations"] == 1
    assert rows[worker]["door_knocks"] == 1
    assert rows[worker]["open_follow_ups"] == 3
    assert DoorKnock.objects.count() == 2


def test_it_counts_the_signals_and_referrals_of_the_last_week(
    client, lead, worker, resident, other_resident
):
    organisation = OrganisationFactory(name="Schuldhulp Oost")
    SignalFactory(resident=resident, created_by=worker)
    SignalFactory(
        resident=resident,
        kind=Signal.Kind.REFERRAL,
        organisation=organisation,
        created_by=worker,
    )
    old = SignalFactory(resident=resident, created_by=worker)
    Signal.objects.filter(pk=old.pk).update(created_at=timezone.now() - datetime.timedelta(days=8))
    SignalFactory(resident=other_resident, created_by=worker)  # another team's
    client.force_login(lead)
    response = client.get(reverse("home"))
    assert response.context["signals"] == 1
    assert response.context["referrals"] == [("Schuldhulp Oost", 1)]


def test_the_leads_page_takes_as_many_queries_whatever_the_rows(
    client, lead, worker, team, neighbourhood, django_assert_num_queries
):
    def add_rows():
        resident = ResidentFactory(address=AddressFactory(street__neighbourhood=neighbourhood))
        _match(resident, proposed_by=worker, days_ago=1)
        helper = UserFactory()
        MembershipFactory(team=team, user=helper)
        FollowUpFactory(
            neighbourhood=neighbourhood,
            assigned_to=helper,
            due_on=timezone.localdate() - datetime.timedelta(days=2),
        )
        SignalFactory(resident=resident, created_by=helper)

    client.force_login(lead)
    add_rows()
    # session, user, pghistory's context, the first waiting proposals (the
    # lead's neighbourhoods are remembered in the session), the team's
    # workers, overdue follow-ups per worker, conversations, door knocks and
    # open follow-ups per worker, signals and referrals, matches needing
    # attention (overdue check-ins, the first ids: none, so not the
    # matches), pghistory's context again (ATOMIC_REQUESTS' end)
    client.get(reverse("home"))
    with django_assert_num_queries(13) as captured:
        client.get(reverse("home"))
    for _ in range(3):
        add_rows()
    with django_assert_num_queries(len(captured)):
        client.get(reverse("home"))


def test_a_worker_sees_the_decisions_on_their_proposals_until_marked_seen(
    client, worker, lead, resident
):
    approved = _match(resident, proposed_by=worker, days_ago=5, status=Match.Status.APPROVED)
    MatchEvent.objects.create(
        match=approved,
        from_status=Match.Status.PROPOSED,
        to_status=Match.Status.APPROVED,
        by=lead,
        at=timezone.now() - datetime.timedelta(days=1),
    )
    someone_else = _match(resident, proposed_by=lead, days_ago=5, status=Match.Status.REJECTED)
    MatchEvent.objects.create(
        match=someone_else,
        from_status=Match.Status.PROPOSED,
        to_status=Match.Status.REJECTED,
        by=worker,
        at=timezone.now(),
    )
    client.force_login(worker)
    response = client.get(reverse("home"))
    assert [event.match for event in response.context["decisions"]] == [approved]
    response = client.post(reverse("reports:decisions_seen"))
    assert response.status_code == 302
    assert client.get(reverse("home")).context["decisions"] == []


def test_marking_decisions_seen_needs_a_post_and_a_login(client, worker):
    assert client.post(reverse("reports:decisions_seen")).status_code == 302
    client.force_login(worker)
    assert client.get(reverse("reports:decisions_seen")).status_code == 405


@pytest.mark.usefixtures("english_pages")
def test_it_says_why_a_match_needs_attention(client, lead, worker, resident):
    """The same words as the review queue (``match_side.html#attention_reason``)."""
    reviewed_at = timezone.now() - datetime.timedelta(days=30)
    _match(
        resident,
        proposed_by=worker,
        days_ago=31,
        status=Match.Status.APPROVED,
        reviewed_by=lead,
        reviewed_at=reviewed_at,
    )
    client.force_login(lead)
    page = client.get(reverse("home")).content.decode()
    day = date_format(timezone.localtime(reviewed_at), "SHORT_DATE_FORMAT")
    assert f"Approved on {day}, not introduced yet" in page
