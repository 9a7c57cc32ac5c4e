"""The lifecycle's transition table (matches.services.lifecycle.TRANSITIONS)
against what the services do: every declared step has a service that takes
it there, every service takes only declared steps, the statuses with a step
are the statuses in progress, ``allowed_actions`` offers each role what it
may do, and no other module records a transition."""

import inspect
import pathlib
import re
from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone, translation

from contacts.models import FollowUp, Need, Talent
from matches.models import Match, MatchEvent
from matches.models.matches import IN_PROGRESS
from matches.services import lifecycle
from neighbourhoods.models import Membership
from tests.accounts.factories import UserFactory
from tests.contacts.factories import NeedFactory, ResidentFactory, TalentFactory
from tests.matches.steps import OFFERED, match_in
from tests.neighbourhoods.factories import AddressFactory, MembershipFactory

Status = Match.Status
ROOT = pathlib.Path(__file__).resolve().parents[2]

#: Every (from, action, to) of the life of a match, written out here so a
#: change to the table shows up as a failing test.
DECLARED = {
    (Status.PROPOSED, "approve", Status.APPROVED),
    (Status.PROPOSED, "send_back", Status.SENT_BACK),
    (Status.PROPOSED, "reject", Status.REJECTED),
    (Status.PROPOSED, "stop", Status.REJECTED),
    (Status.SENT_BACK, "resubmit", Status.PROPOSED),
    (Status.SENT_BACK, "reject", Status.REJECTED),
    (Status.SENT_BACK, "stop", Status.REJECTED),
    (Status.APPROVED, "introduce", Status.INTRODUCED),
    (Status.APPROVED, "cancel", Status.ENDED),
    (Status.APPROVED, "stop", Status.ENDED),
    (Status.INTRODUCED, "start", Status.RUNNING),
    (Status.INTRODUCED, "cancel", Status.ENDED),
    (Status.INTRODUCED, "stop", Status.ENDED),
    (Status.RUNNING, "end", Status.ENDED),
    (Status.RUNNING, "stop", Status.ENDED),
}
ACTIONS = sorted({action for _from, action, _to in DECLARED})


def table():
    return {
        (source, action, to)
        for source, steps in lifecycle.TRANSITIONS.items()
        for action, to in steps.items()
    }


# The table itself


def test_the_table_declares_the_life_of_a_match():
    assert table() == DECLARED


def test_every_status_is_in_the_table_and_every_step_leads_to_a_status():
    assert set(lifecycle.TRANSITIONS) == set(Status)
    assert {to for _from, _action, to in table()} <= set(Status)


def test_the_statuses_with_a_step_are_the_statuses_in_progress():
    with_steps = {status for status, steps in lifecycle.TRANSITIONS.items() if steps}
    assert with_steps == set(IN_PROGRESS) == set(Status.in_progress())


def test_a_match_in_progress_can_always_be_stopped():
    assert set(lifecycle.statuses_allowing("stop")) == set(IN_PROGRESS)


def test_every_action_has_a_service_and_who_takes_it_and_nothing_else_does():
    assert set(lifecycle.SERVICES) == set(ACTIONS) == set(lifecycle.TAKEN_BY)
    assert set(lifecycle.TAKEN_BY.values()) == {lifecycle.WORKER, lifecycle.REVIEWER, None}


def test_every_service_of_the_lifecycle_takes_a_declared_action():
    """A new service that changes a status must be an action in the table
    (or say here why it is not)."""
    services = {
        name
        for name, function in inspect.getmembers(lifecycle, inspect.isfunction)
        if function.__module__.startswith(f"{lifecycle.__name__}.")
        and re.match(r"matche?s?_", name)
    }
    not_a_step = {
        "match_propose",  # creates a match, in FIRST_STATUS
        "matches_stop_for_resident",  # match_stop for each match of a resident
    }
    assert services - not_a_step == {f.__name__ for f in lifecycle.SERVICES.values()}
    assert lifecycle.FIRST_STATUS == Status.PROPOSED


def test_only_the_lifecycle_records_a_transition():
    """Every change of status records a MatchEvent, so a module that writes
    one is a second state machine. The demo (dev-only) writes its made-up
    history with COPY, but builds each event with ``transition_event``."""
    writers = set()
    for path in ROOT.glob("*/**/*.py"):
        relative = path.relative_to(ROOT)
        if relative.parts[0] in {".venv", "tests"} or "migrations" in relative.parts:
            continue
        source = path.read_text()
        if re.search(r"MatchEvent\.objects\.(bulk_)?create\b|(?<!class )\bMatchEvent\(", source):
            writers.add(str(relative))
    assert writers == {"matches/services/lifecycle/steps.py"}


# Each step, through its service


@pytest.fixture
def need(resident):
    return NeedFactory(resident=resident, text="Het gras maaien")


@pytest.fixture
def talent(helper, need):
    return TalentFactory(resident=helper, category=need.category, text="Werkte als hovenier")


@pytest.fixture
def colleague(team):
    """A worker of the same team who did not propose the match."""
    user = UserFactory(username="collega")
    MembershipFactory(team=team, user=user, role=Membership.Role.WORKER)
    return user


@pytest.fixture
def make(need, helper, talent, worker, lead):
    """``make(status)``: the match of ``need`` and ``helper``, proposed by
    ``worker`` and reviewed by ``lead``, brought to ``status``."""
    return lambda status: match_in(
        status, need=need, helper=helper, talent=talent, worker=worker, lead=lead
    )


def take(action, match, *, worker, lead, helper):
    """Take ``action`` on ``match`` through the lifecycle's service, as the
    one who may: a reviewer's step by the lead, a worker's by the proposer,
    the stop as the lead erasing the helper would."""
    today = timezone.localdate()
    kwargs = {
        "approve": {"note": ""},
        "send_back": {"note": "Wie gaat er mee?"},
        "reject": {"note": "Liever niet."},
        "resubmit": {"why": "Zelfde straat.", "first_meeting_plan": "Ik ga mee."},
        "introduce": {"introduced_on": today, "worker_present": worker},
        "start": {"started_on": today},
        "end": {"outcome": Match.Outcome.NO_CLICK, "reason": "Geen klik."},
        "cancel": {"reason": "Ze wil toch niet."},
        "stop": {"leaving": helper},
    }[action]
    by = worker if lifecycle.TAKEN_BY[action] == lifecycle.WORKER else lead
    return lifecycle.SERVICES[action](match=match, by=by, **kwargs)


def last_event(match):
    event = MatchEvent.objects.filter(match=match).order_by("at", "pk").last()
    return event.from_status, event.to_status


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("source", "action", "to"), sorted(DECLARED), ids=lambda value: str(value)
)
def test_each_declared_step_leads_where_the_table_says(
    source, action, to, make, worker, lead, helper
):
    match = make(source)
    take(action, match, worker=worker, lead=lead, helper=helper)
    match.refresh_from_db()
    assert match.status == to
    assert last_event(match) == (source, to)


@pytest.mark.django_db
@pytest.mark.parametrize("status", list(Status))
def test_every_step_the_table_does_not_declare_is_refused(status, make, worker, lead, helper):
    match = make(status)
    events = match.events.count()
    undeclared = [
        action
        for action in ACTIONS
        if (status, action) not in {(source, step) for source, step, _to in DECLARED}
    ]
    assert undeclared
    for action in undeclared:
        with pytest.raises(ValidationError):
            take(action, match, worker=worker, lead=lead, helper=helper)
        match.refresh_from_db()
        assert match.status == status, action
        assert match.events.count() == events, action


@pytest.mark.django_db
def test_stopping_takes_a_resident_of_the_match(make, worker, lead, resident):
    match = make(Status.PROPOSED)
    stranger = ResidentFactory(address=AddressFactory(street=resident.address.street))
    with pytest.raises(ValueError, match="is not in match"):
        lifecycle.match_stop(match=match, by=lead, leaving=stranger)
    match.refresh_from_db()
    assert match.status == Status.PROPOSED


@pytest.mark.django_db
def test_stopping_frees_the_other_side_and_leaves_the_leaving_residents_own(
    make, lead, need, helper, talent
):
    match = make(Status.RUNNING)
    lifecycle.match_stop(match=match, by=lead, leaving=helper)
    need.refresh_from_db()
    talent.refresh_from_db()
    assert need.status == Need.Status.OPEN
    assert talent.status == Talent.Status.MATCHED  # the erasure closes it, not the stop
    assert not FollowUp.objects.open().filter(match_check_in__match=match).exists()


# What the match page offers


@pytest.fixture
def roles(worker, colleague, lead, admin_user):
    return {"proposer": worker, "colleague": colleague, "lead": lead, "admin": admin_user}


def test_every_status_says_what_it_offers():
    assert set(OFFERED) == set(Status)


@pytest.mark.django_db
@pytest.mark.parametrize("status", list(Status))
def test_allowed_actions_offers_each_role_its_steps(status, make, roles):
    match = make(status)
    for role, user in roles.items():
        assert lifecycle.allowed_actions(user, match) == OFFERED[status][role], role


@pytest.mark.django_db
@pytest.mark.parametrize("status", list(Status))
def test_allowed_actions_asks_the_database_only_about_a_review(
    status, make, lead, django_assert_num_queries
):
    match = make(status)
    # is the lead a lead in the match's neighbourhood? (only where a review step is possible)
    expected = 1 if status in (Status.PROPOSED, Status.SENT_BACK) else 0
    with django_assert_num_queries(expected):
        lifecycle.allowed_actions(lead, match)


# Made-up histories (the demo): the table's ways to each status


def walk(steps):
    return [(step.action, step.from_status, step.to_status) for step in steps]


def test_path_to_takes_the_fewest_page_steps_from_the_proposal():
    propose = ("propose", "", Status.PROPOSED)
    assert walk(lifecycle.path_to(Status.PROPOSED)) == [propose]
    assert walk(lifecycle.path_to(Status.REJECTED)) == [
        propose,
        ("reject", Status.PROPOSED, Status.REJECTED),
    ]
    assert walk(lifecycle.path_to(Status.ENDED)) == [
        propose,
        ("approve", Status.PROPOSED, Status.APPROVED),
        ("introduce", Status.APPROVED, Status.INTRODUCED),
        ("start", Status.INTRODUCED, Status.RUNNING),
        ("end", Status.RUNNING, Status.ENDED),
    ]


def test_path_to_goes_by_way_of_a_status_when_asked():
    assert [step.action for step in lifecycle.path_to(Status.PROPOSED, via=Status.SENT_BACK)] == [
        "propose",
        "send_back",
        "resubmit",
    ]
    assert [step.action for step in lifecycle.path_to(Status.REJECTED, via=Status.SENT_BACK)] == [
        "propose",
        "send_back",
        "reject",
    ]
    assert [step.action for step in lifecycle.path_to(Status.RUNNING, via=Status.SENT_BACK)] == [
        "propose",
        "send_back",
        "resubmit",
        "approve",
        "introduce",
        "start",
    ]
    with pytest.raises(ValueError, match="No way"):
        lifecycle.path_to(Status.PROPOSED, via=Status.ENDED)


@pytest.mark.parametrize("status", list(Status))
def test_every_path_is_a_walk_in_the_table(status):
    steps = lifecycle.path_to(status)
    assert steps[-1].to_status == status
    for before, step in zip([None, *steps], steps, strict=False):
        assert step.from_status == (before.to_status if before else "")
        assert lifecycle.next_status(step.from_status, step.action) == step.to_status
        assert step.action == "propose" or lifecycle.TAKEN_BY[step.action] is not None


def test_an_event_records_only_a_step_of_the_table(worker):
    event = lifecycle.transition_event(
        "c0ffee00-0000-4000-8000-000000000000",
        action="send_back",
        from_status=Status.PROPOSED,
        by=worker.pk,
        at=timezone.now(),
        note="Wie gaat er mee?",
    )
    assert (event.from_status, event.to_status, event.by_id) == (
        Status.PROPOSED,
        Status.SENT_BACK,
        worker.pk,
    )
    assert event.pk is None  # not saved
    for from_status, action in [
        (Status.APPROVED, "end"),
        (Status.ENDED, "start"),
        ("", "approve"),
        (Status.PROPOSED, "propose"),
    ]:
        with pytest.raises(ValueError, match="No step"):
            lifecycle.transition_event(
                "c0ffee00-0000-4000-8000-000000000000",
                action=action,
                from_status=from_status,
                by=worker.pk,
                at=timezone.now(),
            )


def test_check_ins_are_due_the_weeks_after_the_start_in_the_active_language():
    started = timezone.localdate()
    with translation.override("nl"):
        planned = lifecycle.check_ins(started_on=started, seeker="Ans", helper="Erik")
    assert [due for due, _text in planned] == [
        started + timedelta(weeks=weeks) for weeks in lifecycle.CHECK_IN_WEEKS
    ]
    assert planned[0][1] == "Check-in bij de koppeling van Ans en Erik (2 weken)"
