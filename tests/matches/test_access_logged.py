"""The match pages that had no access-log row write one per view, listing
exactly the residents shown (issue 11, point 8): the match list, the
review queue and the proposal page. Someone of another team gets 404 (the
proposal page) or sees none of these matches and writes no row (the
lists). Their query counts, access-log row included, are asserted in
tests/matches/test_match_views.py."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from accesslog.models import AccessEvent
from matches.models import Match
from matches.services.lifecycle import match_approve
from tests.access_rows import ids, no_row, one_row
from tests.contacts.factories import NeedFactory, ResidentFactory, TalentFactory
from tests.matches.factories import MatchFactory
from tests.neighbourhoods.factories import AddressFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english_pages")]

What = AccessEvent.What
LIST_URL = reverse("matches:match_list")
QUEUE_URL = reverse("matches:review_queue")


def match_in(neighbourhood, *, by, **kwargs):
    """A proposed match between two new residents of ``neighbourhood``."""
    seeker = ResidentFactory(address=AddressFactory(street__neighbourhood=neighbourhood))
    return MatchFactory(need=NeedFactory(resident=seeker), proposed_by=by, **kwargs)


def sides(*matches):
    return ids(*(pk for match in matches for pk in (match.resident_id, match.helper_id)))


def test_the_match_list_logs_both_sides_of_the_matches_on_its_page(
    client, worker, neighbourhood, other_neighbourhood, other_worker
):
    shown = [match_in(neighbourhood, by=worker) for _ in range(3)]
    match_in(other_neighbourhood, by=other_worker)
    client.force_login(worker)
    _response, row = one_row(lambda: client.get(LIST_URL))
    assert row.what == What.MATCHES
    assert set(row.residents) == sides(*shown)


def test_the_match_list_logs_only_the_page_it_shows(client, worker, neighbourhood):
    for _ in range(26):
        match_in(neighbourhood, by=worker)
    client.force_login(worker)
    response, row = one_row(lambda: client.get(LIST_URL))
    page = response.context["page"].object_list
    assert len(page) == 25
    assert set(row.residents) == sides(*page)
    assert len(row.residents) == 50


def test_an_empty_match_list_writes_no_row(client, worker, other_neighbourhood, other_worker):
    """Another team's matches are not shown: nothing to log."""
    match_in(other_neighbourhood, by=other_worker)
    client.force_login(worker)
    assert no_row(lambda: client.get(LIST_URL)).status_code == 200
    assert no_row(lambda: client.get(LIST_URL, {"status": "running"})).status_code == 200


def test_the_review_queue_logs_the_proposals_and_the_matches_needing_attention(
    client, lead, worker, neighbourhood, other_neighbourhood, other_worker
):
    proposals = [match_in(neighbourhood, by=worker) for _ in range(2)]
    stale = match_in(neighbourhood, by=worker)
    match_approve(match=stale, by=lead)
    Match.objects.filter(pk=stale.pk).update(
        reviewed_at=timezone.now() - datetime.timedelta(days=30)
    )
    fresh = match_in(neighbourhood, by=worker)
    match_approve(match=fresh, by=lead)  # approved today: not in the queue
    match_in(other_neighbourhood, by=other_worker)
    client.force_login(lead)
    response, row = one_row(lambda: client.get(QUEUE_URL))
    assert list(response.context["attention"]) == [Match.objects.get(pk=stale.pk)]
    assert row.what == What.REVIEW_QUEUE
    assert set(row.residents) == sides(*proposals, stale)


def test_an_empty_review_queue_writes_no_row(client, lead, other_neighbourhood, other_worker):
    match_in(other_neighbourhood, by=other_worker)
    client.force_login(lead)
    assert no_row(lambda: client.get(QUEUE_URL)).status_code == 200


def test_the_review_queue_of_a_worker_is_403_and_logs_nothing(client, worker, neighbourhood):
    """The queue takes no id: a worker is refused (403, see matches/views),
    a lead of another team sees an empty queue (above)."""
    match_in(neighbourhood, by=worker)
    client.force_login(worker)
    assert no_row(lambda: client.get(QUEUE_URL)).status_code == 403


@pytest.fixture
def need(resident):
    return NeedFactory(resident=resident, text="Zoekt hulp in de tuin")


@pytest.fixture
def helper(address):
    return ResidentFactory(address=address, name="Karim Hovenier")


def propose_url(need, helper):
    return reverse("matches:match_propose", args=[need.pk]) + f"?resident={helper.pk}"


def test_the_proposal_page_logs_both_sides(client, worker, need, resident, helper):
    TalentFactory(resident=helper)
    client.force_login(worker)
    _response, row = one_row(lambda: client.get(propose_url(need, helper)))
    assert (row.what, row.object_id) == (What.PROPOSAL, str(need.pk))
    assert row.residents == [resident.pk, helper.pk]


def test_the_proposal_page_without_a_helper_redirects_and_logs_nothing(client, worker, need):
    client.force_login(worker)
    url = reverse("matches:match_propose", args=[need.pk])
    assert no_row(lambda: client.get(url)).status_code == 302


def test_the_proposal_page_of_another_team_is_404_and_logs_nothing(
    client, other_worker, need, helper
):
    client.force_login(other_worker)
    assert no_row(lambda: client.get(propose_url(need, helper))).status_code == 404
