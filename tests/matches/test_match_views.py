"""The match pages (matches.views.matches): suggestions for a need and for a
talent, proposing, the match page and its steps, the list, and the team
lead's review queue. Each for the permitted user, a worker of another team
(404) and an anonymous visitor (login), with query counts."""

import datetime
import re
import uuid

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone, translation

from accounts.models import Role
from contacts.models import FollowUp, Resident
from matches import suggestions
from matches.models import Match, MatchEvent
from matches.reasons import Reason
from matches.services.lifecycle import (
    match_approve,
    match_introduce,
    match_propose,
    match_start,
)
from neighbourhoods.models import Membership
from tests.accounts.factories import UserFactory, add_totp
from tests.contacts.factories import (
    CategoryFactory,
    InitiativeFactory,
    NeedFactory,
    ResidentFactory,
    TalentFactory,
)
from tests.matches.factories import MatchFactory
from tests.neighbourhoods.factories import AddressFactory, MembershipFactory, NeighbourhoodFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english_pages")]

Status = Match.Status
LIST_URL = reverse("matches:match_list")
QUEUE_URL = reverse("matches:review_queue")


@pytest.fixture
def garden(db):
    return CategoryFactory(slug="tuin", name="Tuin en groen", name_en="Garden and green")


@pytest.fixture
def need(resident, garden):
    return NeedFactory(resident=resident, category=garden, text="Kan het gras niet meer maaien")


@pytest.fixture
def talent(helper, garden):
    return TalentFactory(resident=helper, category=garden, text="Werkte jaren als hovenier")


@pytest.fixture
def proposed(need, worker, helper, talent):
    return match_propose(
        need=need,
        by=worker,
        helper=helper,
        talent=talent,
        why="Hij werkte als hovenier.",
        first_meeting_plan="Koffie bij haar thuis.",
        reasons=[Reason("same_street")],
    )


def proposal(neighbourhood, *, by, days_ago=0, **kwargs):
    """A proposed match between two new residents of ``neighbourhood``."""
    need = NeedFactory(
        resident=ResidentFactory(address=AddressFactory(street__neighbourhood=neighbourhood)),
        text=f"Behoefte {uuid.uuid4().hex[:6]}",
    )
    return MatchFactory(
        need=need,
        proposed_by=by,
        proposed_at=timezone.now() - datetime.timedelta(days=days_ago),
        reasons=[{"code": "same_street", "params": {}}],
        **kwargs,
    )


def assert_login_required(client, url, method="get"):
    response = getattr(client, method)(url)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))


def transition(match, action):
    return reverse("matches:match_transition", args=[match.pk, action])


def detail(match):
    return reverse("matches:match_detail", args=[match.pk])


def propose_url(need, **query):
    url = reverse("matches:match_propose", args=[need.pk])
    return url + ("?" + "&".join(f"{k}={v}" for k, v in query.items()) if query else "")


def card(content, match):
    found = re.search(rf'<article[^>]*id="match-{match.pk}".*?</article>', content, re.DOTALL)
    assert found, f"no card for {match}"
    return found.group(0)


# need_suggestions


def test_the_suggestions_for_a_need_show_candidates_with_reasons(client, worker, need, talent):
    client.force_login(worker)
    response = client.get(reverse("matches:need_suggestions", args=[need.pk]))
    content = response.content.decode()
    assert "Kan het gras niet meer maaien" in content
    assert "Karim Hovenier" in content
    assert "Werkte jaren als hovenier" in content
    assert "same category: Garden and green" in content
    assert "same street" in content
    # The propose button names the candidate by opaque ids only.
    link = propose_url(need, resident=talent.resident_id, talent=talent.pk)
    assert f'href="{link.replace("&", "&amp;")}"' in content


def test_a_need_in_a_match_in_progress_links_to_it_instead(client, worker, need, proposed):
    client.force_login(worker)
    content = client.get(reverse("matches:need_suggestions", args=[need.pk])).content.decode()
    assert "already in a match in progress" in content
    assert detail(proposed) in content
    assert "Propose" not in content


def test_no_suggestions_for_a_resident_without_consent_to_be_matched(
    client, worker, address, garden, talent
):
    shy = ResidentFactory(address=address, name="Ria Zonder", may_match=False)
    need = NeedFactory(resident=shy, category=garden)
    client.force_login(worker)
    content = client.get(reverse("matches:need_suggestions", args=[need.pk])).content.decode()
    assert "Ria Zonder has not consented to being matched" in content
    assert "Karim Hovenier" not in content


def test_the_suggestions_of_another_teams_need_are_not_found(client, other_worker, need):
    client.force_login(other_worker)
    assert client.get(reverse("matches:need_suggestions", args=[need.pk])).status_code == 404


def test_the_suggestions_require_login(client, need):
    assert_login_required(client, reverse("matches:need_suggestions", args=[need.pk]))


def test_the_suggestions_page_makes_a_fixed_number_of_queries(
    client, worker, need, garden, resident, django_assert_num_queries
):
    client.force_login(worker)

    def add_helpers(count):
        for _ in range(count):
            TalentFactory(
                resident=ResidentFactory(address=AddressFactory(street=resident.address.street)),
                category=garden,
                text="Maait graag gras",
            )

    add_helpers(1)
    # savepoint, session, user, the need with resident/initiative/category,
    # a match in progress for it?, the engine's scoring query, the engine's
    # candidate talents (with residents and categories), their other open
    # talents, the access-log row, release savepoint
    with django_assert_num_queries(10):
        client.get(reverse("matches:need_suggestions", args=[need.pk]))
    add_helpers(6)
    with django_assert_num_queries(10):
        response = client.get(reverse("matches:need_suggestions", args=[need.pk]))
    assert len(response.context["rows"]) == 7


# talent_suggestions


def test_the_suggestions_for_a_talent_show_needs_it_could_meet(client, worker, need, talent):
    client.force_login(worker)
    content = client.get(reverse("matches:talent_suggestions", args=[talent.pk])).content.decode()
    assert "Werkte jaren als hovenier" in content
    assert "Anna de Vries" in content
    assert "Kan het gras niet meer maaien" in content
    link = propose_url(need, resident=talent.resident_id, talent=talent.pk)
    assert f'href="{link.replace("&", "&amp;")}"' in content


def test_an_initiatives_talent_proposes_the_initiative(
    client, worker, need, neighbourhood, garden
):
    garden_group = InitiativeFactory(name="Buurttuin", neighbourhoods=[neighbourhood])
    offer = TalentFactory(
        resident=None, initiative=garden_group, category=garden, text="Wij maaien gras"
    )
    client.force_login(worker)
    content = client.get(reverse("matches:talent_suggestions", args=[offer.pk])).content.decode()
    assert f'href="{propose_url(need, initiative=garden_group.pk)}"' in content


def test_no_suggestions_for_a_talent_of_someone_without_consent(client, worker, address, need):
    shy = ResidentFactory(address=address, name="Sem Zonder", may_match=False)
    talent = TalentFactory(resident=shy)
    client.force_login(worker)
    content = client.get(reverse("matches:talent_suggestions", args=[talent.pk])).content.decode()
    assert "Sem Zonder has not consented to being matched" in content
    assert "Kan het gras" not in content


def test_the_talent_suggestions_are_scoped_and_require_login(client, other_worker, talent):
    url = reverse("matches:talent_suggestions", args=[talent.pk])
    assert_login_required(client, url)
    client.force_login(other_worker)
    assert client.get(url).status_code == 404


def test_the_suggestion_pages_show_what_the_engine_gives(
    client, worker, need, talent, monkeypatch
):
    """Whatever the scoring, the page shows each candidate's reasons in order."""
    fake = suggestions.Candidate(
        resident=talent.resident,
        initiative=None,
        talent=talent,
        need=need,
        score=0.5,
        reasons=[Reason("shared_language", {"language": "ar"}), Reason("same_district")],
    )
    monkeypatch.setattr(suggestions, "suggest_for_need", lambda need, **kw: [fake])
    client.force_login(worker)
    content = client.get(reverse("matches:need_suggestions", args=[need.pk])).content.decode()
    assert content.index("shares language: Arabic") < content.index("same district")


# match_propose


def test_the_proposal_form_shows_both_sides_and_the_reasons(client, worker, need, talent, garden):
    TalentFactory(resident=need.resident, category=garden, text="Bakt heerlijke taarten")
    client.force_login(worker)
    response = client.get(propose_url(need, resident=talent.resident_id, talent=talent.pk))
    content = response.content.decode()
    assert response.status_code == 200
    assert "Anna de Vries" in content and "Karim Hovenier" in content
    assert "Kan het gras niet meer maaien" in content
    assert "Werkte jaren als hovenier" in content
    assert "Bakt heerlijke taarten" in content  # her strengths too
    assert "same street" in content
    assert 'name="why"' in content and 'name="first_meeting_plan"' in content


def test_proposing_stores_the_match_with_its_reasons(client, worker, need, talent):
    client.force_login(worker)
    response = client.post(
        propose_url(need, resident=talent.resident_id, talent=talent.pk),
        {
            "why": "Hij werkte als hovenier.",
            "first_meeting_plan": "Koffie bij haar thuis.",
            "submission_token": str(uuid.uuid4()),
        },
    )
    match = Match.objects.get()
    assert response.status_code == 302
    assert response["Location"] == detail(match)
    assert (match.need, match.helper, match.talent) == (need, talent.resident, talent)
    assert match.status == Status.PROPOSED
    assert {"code": "same_street", "params": {}} in match.reasons
    assert match.score > 0


def test_a_proposal_submitted_twice_is_one_match(client, worker, need, talent):
    client.force_login(worker)
    url = propose_url(need, resident=talent.resident_id, talent=talent.pk)
    data = {
        "why": "Hij werkte als hovenier.",
        "first_meeting_plan": "Koffie bij haar thuis.",
        "submission_token": str(uuid.uuid4()),
    }
    first = client.post(url, data)
    second = client.post(url, data)
    assert Match.objects.count() == 1
    assert first["Location"] == second["Location"] == detail(Match.objects.get())


def test_a_proposal_without_why_keeps_what_was_typed(client, worker, need, talent):
    client.force_login(worker)
    response = client.post(
        propose_url(need, resident=talent.resident_id, talent=talent.pk),
        {
            "why": "",
            "first_meeting_plan": "Koffie bij haar thuis.",
            "submission_token": uuid.uuid4(),
        },
    )
    assert response.status_code == 200
    assert response.context["form"].errors["why"]
    assert "Koffie bij haar thuis." in response.content.decode()
    assert not Match.objects.exists()


def test_proposing_without_consent_says_who_and_shows_no_form(client, worker, address, garden):
    shy = ResidentFactory(address=address, name="Sem Zonder", may_match=False)
    need = NeedFactory(resident=ResidentFactory(address=address), category=garden)
    client.force_login(worker)
    url = propose_url(need, resident=shy.pk)
    content = client.get(url).content.decode()
    assert "Sem Zonder has not consented to being matched" in content
    assert 'name="why"' not in content
    response = client.post(
        url, {"why": "x", "first_meeting_plan": "y", "submission_token": uuid.uuid4()}
    )
    assert "Sem Zonder has not consented" in response.content.decode()
    assert not Match.objects.exists()


def test_proposing_for_a_need_in_a_match_in_progress_links_to_it(
    client, worker, need, proposed, address
):
    client.force_login(worker)
    content = client.get(
        propose_url(need, resident=ResidentFactory(address=address).pk)
    ).content.decode()
    assert "already in a match in progress" in content
    assert detail(proposed) in content


def test_the_proposal_form_is_scoped(client, other_worker, worker, need, other_resident, talent):
    client.force_login(other_worker)
    assert client.get(propose_url(need, resident=talent.resident_id)).status_code == 404
    client.force_login(worker)
    # A helper the worker cannot see, an unknown id, a talent not the helper's.
    assert client.get(propose_url(need, resident=other_resident.pk)).status_code == 404
    assert client.get(propose_url(need, resident="not-a-uuid")).status_code == 404
    other_talent = TalentFactory(resident=need.resident)
    assert (
        client.get(
            propose_url(need, resident=talent.resident_id, talent=other_talent.pk)
        ).status_code
        == 404
    )


def test_the_proposal_form_without_a_candidate_goes_back_to_the_suggestions(client, worker, need):
    client.force_login(worker)
    response = client.get(propose_url(need))
    assert response.status_code == 302
    assert response["Location"] == reverse("matches:need_suggestions", args=[need.pk])


def test_the_proposal_form_requires_login(client, need, talent):
    assert_login_required(client, propose_url(need, resident=talent.resident_id))


# match_detail


def test_the_match_page_shows_both_sides_reasons_and_history(client, worker, proposed):
    client.force_login(worker)
    content = client.get(detail(proposed)).content.decode()
    assert "Anna de Vries" in content and "Karim Hovenier" in content
    assert "Kan het gras niet meer maaien" in content
    assert "Werkte jaren als hovenier" in content
    assert "same street" in content
    assert "Hij werkte als hovenier." in content
    assert "Proposed" in content
    # The proposer cannot review it.
    assert transition(proposed, "approve") not in content


def test_a_lead_sees_the_review_buttons(client, lead, proposed):
    client.force_login(lead)
    content = client.get(detail(proposed)).content.decode()
    for action in ("approve", "send_back", "reject"):
        assert transition(proposed, action) in content


def test_the_match_page_is_scoped_and_requires_login(client, other_worker, proposed):
    assert_login_required(client, detail(proposed))
    client.force_login(other_worker)
    assert client.get(detail(proposed)).status_code == 404


def test_the_match_page_makes_a_fixed_number_of_queries(
    client, lead, worker, proposed, garden, django_assert_num_queries
):
    client.force_login(lead)
    # savepoint, session, user, the match with its need and residents, its
    # neighbourhood, category, talent, talent's category, proposer (the
    # sides' rows, one query each), the history, the check-ins, both sides'
    # talents, their needs, is the user a lead there?, the access-log row,
    # release savepoint
    with django_assert_num_queries(16):
        client.get(detail(proposed))
    for _ in range(5):
        TalentFactory(resident=proposed.resident, category=garden)
        NeedFactory(resident=proposed.helper, category=garden)
        MatchEvent.objects.create(
            match=proposed, from_status="", to_status=Status.PROPOSED, by=worker, at=timezone.now()
        )
    with django_assert_num_queries(16):
        response = client.get(detail(proposed))
    assert len(response.context["match"].history) == 6


# match_transition


def test_the_steps_reject_get(client, lead, proposed):
    client.force_login(lead)
    for action in ("approve", "send_back", "reject", "resubmit", "introduce", "start", "end"):
        assert client.get(transition(proposed, action)).status_code == 405


def test_the_steps_are_scoped_and_require_login(client, other_worker, proposed):
    assert_login_required(client, transition(proposed, "approve"), method="post")
    client.force_login(other_worker)
    assert client.post(transition(proposed, "approve")).status_code == 404
    proposed.refresh_from_db()
    assert proposed.status == Status.PROPOSED


def test_an_unknown_step_is_not_found(client, lead, proposed):
    client.force_login(lead)
    assert client.post(transition(proposed, "delete")).status_code == 404


def test_a_lead_approves_from_the_match_page(client, lead, proposed):
    client.force_login(lead)
    response = client.post(transition(proposed, "approve"), {"note": "Goed plan"})
    assert response.status_code == 302
    assert response["Location"] == detail(proposed)
    proposed.refresh_from_db()
    assert (proposed.status, proposed.reviewed_by, proposed.review_note) == (
        Status.APPROVED,
        lead,
        "Goed plan",
    )


def test_sending_back_without_a_note_shows_the_error_beside_it(client, lead, proposed):
    client.force_login(lead)
    response = client.post(transition(proposed, "send_back"), {"note": ""})
    assert response.status_code == 200
    assert response.context["forms"]["review"].errors["note"] == ["Say what needs to change."]
    assert "Say what needs to change." in response.content.decode()
    proposed.refresh_from_db()
    assert proposed.status == Status.PROPOSED


def test_the_second_lead_is_told_who_decided_first(client, lead, second_lead, proposed):
    match_approve(match=proposed, by=lead)
    client.force_login(second_lead)
    response = client.post(transition(proposed, "reject"), {"note": "Liever niet"})
    content = response.content.decode()
    assert response.status_code == 200
    assert f"Already approved by {lead} at" in content
    proposed.refresh_from_db()
    assert proposed.status == Status.APPROVED


def test_a_worker_cannot_approve_their_own_proposal(client, worker, proposed):
    client.force_login(worker)
    response = client.post(transition(proposed, "approve"))
    assert "You proposed this match" in response.content.decode()
    proposed.refresh_from_db()
    assert proposed.status == Status.PROPOSED


def test_a_match_is_followed_through_its_life_on_its_page(client, worker, lead, proposed, need):
    client.force_login(lead)
    client.post(transition(proposed, "send_back"), {"note": "Wie gaat er mee?"})
    client.force_login(worker)
    content = client.get(detail(proposed)).content.decode()
    assert "Wie gaat er mee?" in content
    client.post(
        transition(proposed, "resubmit"),
        {"why": "Zelfde straat.", "first_meeting_plan": "Ik ga mee."},
    )
    client.force_login(lead)
    client.post(transition(proposed, "approve"))
    client.force_login(worker)
    today = timezone.localdate()
    client.post(
        transition(proposed, "introduce"),
        {"introduced_on": today.isoformat(), "worker_present": worker.pk},
    )
    client.post(transition(proposed, "start"), {"started_on": today.isoformat()})
    proposed.refresh_from_db()
    assert proposed.status == Status.RUNNING
    content = client.get(detail(proposed)).content.decode()
    assert content.count('id="check-in-') == 2  # the two check-ins
    response = client.post(
        transition(proposed, "end"),
        {
            "outcome": "lasting",
            "reason": "Ze doen het samen.",
            "seeker_view": "Blij",
            "helper_view": "",
            "ended_on": today.isoformat(),
        },
    )
    assert response.status_code == 302
    proposed.refresh_from_db()
    assert (proposed.status, proposed.outcome) == (Status.ENDED, "lasting")
    assert list(proposed.events.values_list("to_status", flat=True)) == [
        "proposed",
        "sent_back",
        "proposed",
        "approved",
        "introduced",
        "running",
        "ended",
    ]


def test_ending_a_match_that_never_started_is_refused_on_the_page(client, worker, lead, proposed):
    match_approve(match=proposed, by=lead)
    client.force_login(worker)
    response = client.post(
        transition(proposed, "end"),
        {"outcome": "stopped", "reason": "Niets", "ended_on": timezone.localdate().isoformat()},
    )
    assert "This match never started" in response.content.decode()
    proposed.refresh_from_db()
    assert proposed.status == Status.APPROVED


def test_a_step_goes_back_to_where_it_was_taken(client, lead, proposed):
    client.force_login(lead)
    response = client.post(transition(proposed, "approve"), {"next": QUEUE_URL + "?buurt=1"})
    assert response["Location"] == QUEUE_URL + "?buurt=1"
    response = client.post(transition(proposed, "reject"), {"next": "https://example.org/"})
    assert response.status_code == 200  # refused: already approved; no redirect elsewhere


# match_list


def test_the_list_shows_the_matches_in_my_neighbourhoods(
    client, worker, proposed, neighbourhood, other_neighbourhood, other_worker
):
    theirs = proposal(other_neighbourhood, by=other_worker)
    client.force_login(worker)
    content = client.get(LIST_URL).content.decode()
    assert detail(proposed) in content
    assert detail(theirs) not in content
    assert "Review proposals" not in content  # not a lead


def test_the_list_filters_by_status(client, worker, lead, proposed, neighbourhood):
    approved = proposal(neighbourhood, by=worker)
    match_approve(match=approved, by=lead)
    client.force_login(lead)
    content = client.get(LIST_URL, {"status": "approved"}).content.decode()
    assert detail(approved) in content
    assert detail(proposed) not in content
    assert QUEUE_URL in content  # a lead gets the way to the queue


def test_the_list_requires_login(client):
    assert_login_required(client, LIST_URL)


def test_the_list_makes_a_fixed_number_of_queries(
    client, worker, neighbourhood, django_assert_num_queries
):
    client.force_login(worker)
    proposal(neighbourhood, by=worker)
    # savepoint, session, user, count for the paginator, the page of matches
    # with need and residents, their neighbourhoods, categories, talents,
    # talents' categories, proposers, the count per status, the access-log
    # row, release savepoint (whether the user reviews is their role: no query)
    with django_assert_num_queries(13):
        client.get(LIST_URL)
    for _ in range(7):
        proposal(neighbourhood, by=worker)
    with django_assert_num_queries(13):
        response = client.get(LIST_URL)
    assert len(response.context["page"].object_list) == 8


# review_queue


def test_the_queue_shows_proposals_oldest_first_with_both_sides(
    client, lead, worker, proposed, neighbourhood
):
    older = proposal(neighbourhood, by=worker, days_ago=3)
    client.force_login(lead)
    response = client.get(QUEUE_URL)
    content = response.content.decode()
    assert [p["match"] for p in response.context["proposals"]] == [older, proposed]
    ours = card(content, proposed)
    assert "Anna de Vries" in ours and "Karim Hovenier" in ours
    assert "Kan het gras niet meer maaien" in ours
    assert "Werkte jaren als hovenier" in ours
    assert "same street" in ours
    assert "Hij werkte als hovenier." in ours
    assert 'name="note"' in ours
    for action in ("approve", "send_back", "reject"):
        assert transition(proposed, action) in ours


def test_the_queue_filters_by_neighbourhood(client, lead, worker, team, neighbourhood):
    elsewhere = NeighbourhoodFactory(name="Noorderbuurt")
    team.neighbourhoods.add(elsewhere)
    here = proposal(neighbourhood, by=worker)
    there = proposal(elsewhere, by=worker)
    client.force_login(lead)
    response = client.get(QUEUE_URL, {"buurt": elsewhere.pk})
    assert [p["match"] for p in response.context["proposals"]] == [there]
    response = client.get(QUEUE_URL)
    assert {p["match"] for p in response.context["proposals"]} == {here, there}


def test_the_queue_holds_only_the_leads_neighbourhoods(
    client, lead, worker, proposed, other_neighbourhood, other_team, other_worker
):
    theirs = proposal(other_neighbourhood, by=other_worker)
    client.force_login(lead)
    response = client.get(QUEUE_URL)
    assert [p["match"] for p in response.context["proposals"]] == [proposed]
    # Filtering on a neighbourhood the lead does not lead shows their own, not that one.
    response = client.get(QUEUE_URL, {"buurt": other_neighbourhood.pk})
    assert theirs not in [p["match"] for p in response.context["proposals"]]


def test_the_lead_of_another_team_does_not_see_our_proposals(
    client, proposed, other_team, other_neighbourhood
):
    other_lead = UserFactory(role=Role.TEAM_LEAD)
    MembershipFactory(team=other_team, user=other_lead, role=Membership.Role.LEAD)
    add_totp(other_lead)
    client.force_login(other_lead)
    response = client.get(QUEUE_URL)
    assert response.status_code == 200
    assert response.context["proposals"] == []
    assert detail(proposed) not in response.content.decode()


def test_an_admin_reviews_everywhere(client, admin_user, proposed):
    client.force_login(admin_user)
    response = client.get(QUEUE_URL)
    assert [p["match"] for p in response.context["proposals"]] == [proposed]


def test_the_queue_is_for_leads_only(client, worker, proposed):
    assert_login_required(client, QUEUE_URL)
    client.force_login(worker)
    assert client.get(QUEUE_URL).status_code == 403


def test_a_leads_own_proposal_is_shown_without_buttons(client, lead, need, helper):
    own = match_propose(
        need=need, by=lead, helper=helper, why="Zelf gezien.", first_meeting_plan="Koffie."
    )
    client.force_login(lead)
    ours = card(client.get(QUEUE_URL).content.decode(), own)
    assert "Your own proposal" in ours
    assert transition(own, "approve") not in ours


def test_the_queue_lists_matches_needing_attention(client, lead, worker, neighbourhood):
    today = timezone.localdate()

    def approved_match(days_ago):
        match = proposal(neighbourhood, by=worker, days_ago=40)
        match_approve(match=match, by=lead)
        Match.objects.filter(pk=match.pk).update(
            reviewed_at=timezone.now() - datetime.timedelta(days=days_ago)
        )
        return match

    stale_approved = approved_match(20)
    fresh_approved = approved_match(2)
    stale_introduced = approved_match(30)
    match_introduce(
        match=stale_introduced,
        by=worker,
        introduced_on=today - datetime.timedelta(days=20),
    )
    overdue = approved_match(30)
    match_introduce(match=overdue, by=worker, introduced_on=today - datetime.timedelta(days=25))
    match_start(match=overdue, by=worker, started_on=today - datetime.timedelta(days=21))
    on_time = approved_match(30)
    match_introduce(match=on_time, by=worker, introduced_on=today)
    match_start(match=on_time, by=worker)

    client.force_login(lead)
    response = client.get(QUEUE_URL)
    attention = response.context["attention"]
    assert set(attention) == {stale_approved, stale_introduced, overdue}
    assert fresh_approved not in attention and on_time not in attention
    content = response.content.decode()
    assert "Check-in overdue since" in content
    assert "never started" in content
    assert "not introduced yet" in content
    assert FollowUp.objects.filter(match_check_in__match=overdue, due_on__lt=today).exists()


def test_the_queue_makes_a_fixed_number_of_queries(
    client, lead, worker, neighbourhood, django_assert_num_queries
):
    def add(count):
        for _ in range(count):
            proposal(neighbourhood, by=worker, days_ago=1)
            # And one approved long ago and never introduced: it needs attention.
            waiting = proposal(neighbourhood, by=worker, days_ago=40)
            match_approve(match=waiting, by=lead)
            Match.objects.filter(pk=waiting.pk).update(
                reviewed_at=timezone.now() - datetime.timedelta(days=30)
            )

    client.force_login(lead)
    add(2)
    # savepoint, session, user, the lead's neighbourhoods, count for the
    # paginator, the page of proposals with need and residents, their
    # neighbourhoods, categories, talents, talents' categories, proposers,
    # both sides' talents, their needs, the overdue check-ins, the ids of
    # the matches needing attention, those matches with the names of their
    # sides, the access-log row, release savepoint
    with django_assert_num_queries(18):
        client.get(QUEUE_URL)
    add(6)
    with django_assert_num_queries(18):
        response = client.get(QUEUE_URL)
    assert len(response.context["proposals"]) == 8
    assert len(response.context["attention"]) == 8
    # Their names are on the page, without a query each.
    waiting = response.context["attention"][0]
    assert waiting.resident.name in response.content.decode()


def test_helpers_without_consent_never_reach_the_queue_unnoticed(client, lead, proposed, helper):
    """Consent withdrawn after proposing: approving is refused, with the name."""
    Resident.objects.filter(pk=helper.pk).update(may_match=False)
    client.force_login(lead)
    response = client.post(transition(proposed, "approve"), {"next": QUEUE_URL})
    assert "Karim Hovenier has not consented to being matched" in response.content.decode()


def test_a_team_with_two_leads_each_sees_the_others_proposal(
    client, lead, second_lead, need, helper
):
    theirs = match_propose(
        need=need, by=second_lead, helper=helper, why="Gezien.", first_meeting_plan="Koffie."
    )
    client.force_login(lead)
    ours = card(client.get(QUEUE_URL).content.decode(), theirs)
    assert transition(theirs, "approve") in ours


def test_the_talent_suggestions_page_makes_a_fixed_number_of_queries(
    client, worker, talent, garden, resident, django_assert_num_queries
):
    client.force_login(worker)
    url = reverse("matches:talent_suggestions", args=[talent.pk])

    def add_needs(count):
        for _ in range(count):
            NeedFactory(
                resident=ResidentFactory(address=AddressFactory(street=resident.address.street)),
                category=garden,
                text="Krijgt het gras niet meer gemaaid",
            )

    add_needs(1)
    with CaptureQueriesContext(connection) as first:
        client.get(url)
    add_needs(6)
    with CaptureQueriesContext(connection) as more:
        response = client.get(url)
    assert len(response.context["rows"]) >= 7
    # savepoint, session, user, the talent with resident/initiative/category,
    # the engine's scoring query, the engine's candidate needs (with residents
    # and categories), the access-log row, release savepoint
    assert len(first) == len(more) == 8, [q["sql"][:80] for q in more]


def test_the_proposal_form_makes_a_fixed_number_of_queries(
    client, worker, need, talent, garden, resident
):
    client.force_login(worker)
    url = propose_url(need, resident=talent.resident.pk, talent=talent.pk)
    with CaptureQueriesContext(connection) as first:
        client.get(url)
    for n in range(5):
        TalentFactory(resident=talent.resident, text=f"Snoeit graag {n}", category=garden)
        NeedFactory(resident=need.resident, text=f"Zoekt hulp {n}", category=garden)
    with CaptureQueriesContext(connection) as more:
        response = client.get(url)
    assert response.status_code == 200
    # savepoint, session, user, the need, its resident, the chosen talent, is
    # the need visible, its match in progress, is the helper visible, the
    # helper, the engine's scoring query, the engine's candidate talents
    # (to find this one's reasons), the helper's open talents and needs, the
    # resident's open talents and needs, the access-log row, release savepoint
    assert len(first) == len(more) == 18


def test_the_queue_shows_four_talents_and_needs_per_side_with_the_ones_in_the_match(
    client, lead, proposed, helper, garden
):
    for n in range(6):
        TalentFactory(resident=helper, category=garden, text=f"Ander talent {n}")
    client.force_login(lead)
    with translation.override("en"):
        content = client.get(QUEUE_URL).content.decode()
    assert "Werkte jaren als hovenier" in content  # the talent in the match, always
    assert sum(f"Ander talent {n}" in content for n in range(6)) == 3
    assert "and 3 more" in content
    # The match page shows them all.
    detail_page = client.get(detail(proposed)).content.decode()
    assert all(f"Ander talent {n}" in detail_page for n in range(6))


def test_the_queue_and_the_match_page_show_an_initiatives_talents_and_needs(
    client, lead, worker, neighbourhood
):
    """An initiative on either side of a proposal: its own talents and needs
    beside it, as a resident's are (``with_heard_sides``)."""
    group = InitiativeFactory(name="Buurttuin", neighbourhoods=[neighbourhood])
    TalentFactory(resident=None, initiative=group, text="Wij maaien gras")
    NeedFactory(resident=None, initiative=group, text="Zoekt een penningmeester")
    helped_by_group = proposal(
        neighbourhood, by=worker, talent=None, helper=None, initiative=group
    )
    group_asks = MatchFactory(
        need=NeedFactory(resident=None, initiative=group, text="Zoekt iemand met een aanhanger"),
        resident=None,
        neighbourhood=neighbourhood,
        talent=TalentFactory(
            resident=ResidentFactory(address=AddressFactory(street__neighbourhood=neighbourhood)),
            text="Heeft een aanhanger",
        ),
        proposed_by=worker,
    )
    client.force_login(lead)
    queue = client.get(QUEUE_URL).content.decode()
    for match in (helped_by_group, group_asks):
        page = client.get(detail(match)).content.decode()
        for content in (queue, page):
            assert "Wij maaien gras" in content
            assert "Zoekt een penningmeester" in content
    assert "Heeft een aanhanger" in queue
    assert "Heeft een aanhanger" in client.get(detail(group_asks)).content.decode()
