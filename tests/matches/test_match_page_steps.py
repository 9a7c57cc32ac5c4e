"""The match page and the review queue offer exactly the steps the
lifecycle allows (``lifecycle.allowed_actions``): a button for each, for
every status and every role, and none it does not allow."""

from html.parser import HTMLParser

import pytest
from django.urls import resolve, reverse

from matches.models import Match
from matches.services import lifecycle
from matches.views import matches as match_views
from neighbourhoods.models import Membership
from tests.accounts.factories import UserFactory
from tests.contacts.factories import NeedFactory, ResidentFactory, TalentFactory
from tests.matches.steps import OFFERED, match_in
from tests.neighbourhoods.factories import AddressFactory, MembershipFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english_pages")]

Status = Match.Status


class StepButtons(HTMLParser):
    """The step each submit button of the page posts to: its
    ``formaction``, or its form's ``action``, when that is a step of a
    match (``matches:match_transition``)."""

    def __init__(self):
        super().__init__()
        self.form_action = None
        self.steps = []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form":
            self.form_action = attrs.get("action")
        elif tag == "button" and attrs.get("type", "submit") == "submit":
            url = attrs.get("formaction") or self.form_action
            if url:
                match = resolve(url)
                if match.view_name == "matches:match_transition":
                    self.steps.append((url, match.kwargs["action"]))

    def handle_endtag(self, tag):
        if tag == "form":
            self.form_action = None


def steps_on_page(client, match, url=None):
    """The steps of ``match`` with a button on its page (or on ``url``)."""
    response = client.get(url or reverse("matches:match_detail", args=[match.pk]))
    assert response.status_code == 200
    parser = StepButtons()
    parser.feed(response.content.decode())
    prefix = f"/{match.pk}/"
    return [step for url, step in parser.steps if prefix in url]


@pytest.fixture
def roles(worker, team, lead, admin_user):
    colleague = UserFactory(username="collega")
    MembershipFactory(team=team, user=colleague, role=Membership.Role.WORKER)
    return {"proposer": worker, "colleague": colleague, "lead": lead, "admin": admin_user}


@pytest.fixture
def match_for(resident, worker, lead):
    helper = ResidentFactory(address=AddressFactory(street=resident.address.street))
    need = NeedFactory(resident=resident, text="Het gras maaien")
    talent = TalentFactory(resident=helper, category=need.category)
    return lambda status: match_in(
        status, need=need, helper=helper, talent=talent, worker=worker, lead=lead
    )


@pytest.mark.parametrize("status", list(Status))
def test_the_page_shows_a_button_for_each_allowed_step_and_no_other(
    status, client, roles, match_for
):
    match = match_for(status)
    for role, user in roles.items():
        client.force_login(user)
        shown = steps_on_page(client, match)
        allowed = lifecycle.allowed_actions(user, match)
        assert sorted(shown) == sorted(allowed), role
        assert sorted(shown) == sorted(OFFERED[status][role]), role


@pytest.mark.parametrize(
    "steps", [["reject"], ["approve"], ["send_back", "reject"], ["start"], []]
)
def test_the_page_asks_the_lifecycle_which_buttons_to_show(
    steps, client, worker, match_for, monkeypatch
):
    """Whatever ``allowed_actions`` says, even for a proposal the worker
    cannot review: the page keeps no rule of its own."""
    match = match_for(Status.PROPOSED)
    monkeypatch.setattr(lifecycle, "allowed_actions", lambda user, match: list(steps))
    client.force_login(worker)
    assert sorted(steps_on_page(client, match)) == sorted(steps)


# The review queue


def test_the_review_queue_shows_the_review_steps_allowed_and_none_on_ones_own(
    client, roles, match_for, lead
):
    match = match_for(Status.PROPOSED)
    queue = reverse("matches:review_queue")
    for role in ("lead", "admin"):
        client.force_login(roles[role])
        assert steps_on_page(client, match, queue) == OFFERED[Status.PROPOSED][role], role
    # A proposal of the lead's own, for another need.
    mine = match_in(
        Status.PROPOSED,
        need=NeedFactory(resident=match.resident, text="De heg knippen"),
        helper=match.helper,
        worker=lead,
        lead=roles["admin"],
    )
    client.force_login(lead)
    assert f'id="match-{mine.pk}"' in client.get(queue).content.decode()
    assert steps_on_page(client, mine, queue) == []


def test_the_review_queue_asks_the_lifecycle_which_buttons_to_show(
    client, lead, match_for, monkeypatch
):
    match = match_for(Status.PROPOSED)
    monkeypatch.setattr(lifecycle, "allowed_actions", lambda user, match, **kwargs: ["reject"])
    client.force_login(lead)
    assert steps_on_page(client, match, reverse("matches:review_queue")) == ["reject"]


def test_the_page_has_a_form_for_every_step_taken_on_it_and_no_other():
    on_the_page = {action for action, taken_by in lifecycle.TAKEN_BY.items() if taken_by}
    assert set(match_views.ACTIONS) == on_the_page
    assert set(match_views.REVIEW_ACTIONS) == {"approve", "send_back", "reject"}
