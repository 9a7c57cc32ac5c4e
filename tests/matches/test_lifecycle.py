"""The life of a match (matches.services.lifecycle): proposing, the team
lead's review, introduction, running with check-ins, and the end. Every
allowed and refused transition, the consent and self-review rules, and two
leads deciding at once."""

import datetime
import threading
import time

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, connection, transaction
from django.utils import timezone, translation

from accounts.models import Role
from contacts.models import FollowUp, Need, Resident, Talent
from matches.models import Match, MatchCheckIn, MatchEvent
from matches.reasons import Reason
from matches.services import lifecycle
from matches.services.lifecycle import (
    match_approve,
    match_end,
    match_introduce,
    match_propose,
    match_reject,
    match_resubmit,
    match_send_back,
    match_start,
)
from neighbourhoods.models import Membership
from tests.accounts.factories import UserFactory
from tests.contacts.factories import (
    CategoryFactory,
    InitiativeFactory,
    NeedFactory,
    ResidentFactory,
    TalentFactory,
)
from tests.matches.factories import MatchFactory
from tests.neighbourhoods.factories import MembershipFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english_messages")]

Status = Match.Status


@pytest.fixture
def category(db):
    return CategoryFactory(slug="tuin", name="Tuin en groen", name_en="Garden and green")


@pytest.fixture
def need(resident, category):
    return NeedFactory(resident=resident, category=category, text="Kan het gras niet meer maaien")


@pytest.fixture
def talent(helper, category):
    return TalentFactory(resident=helper, category=category, text="Werkte als hovenier")


@pytest.fixture
def other_lead(other_team):
    user = UserFactory(username="leiderwest", role=Role.TEAM_LEAD)
    MembershipFactory(team=other_team, user=user, role=Membership.Role.LEAD)
    return user


def propose(need, by, **kwargs):
    kwargs.setdefault("why", "Hij werkte als hovenier, zij kan het niet meer.")
    kwargs.setdefault("first_meeting_plan", "Koffie bij haar thuis, ik ben erbij.")
    return match_propose(need=need, by=by, **kwargs)


@pytest.fixture
def proposed(need, worker, helper, talent):
    return propose(need, worker, helper=helper, talent=talent)


@pytest.fixture
def approved(proposed, lead):
    return match_approve(match=proposed, by=lead)


@pytest.fixture
def introduced(approved, worker):
    return match_introduce(
        match=approved, by=worker, introduced_on=timezone.localdate(), worker_present=worker
    )


@pytest.fixture
def running(introduced, worker):
    return match_start(match=introduced, by=worker)


def refused(call, **kwargs):
    """The messages of the ValidationError ``call(**kwargs)`` raises."""
    with pytest.raises(ValidationError) as error:
        call(**kwargs)
    return " ".join(error.value.messages)


def events(match):
    return list(
        MatchEvent.objects.filter(match=match)
        .order_by("at", "pk")
        .values_list("from_status", "to_status")
    )


def days(n):
    return timezone.localdate() + datetime.timedelta(days=n)


# Proposing


def test_a_worker_proposes_a_match_for_a_need(need, worker, helper, talent):
    match = propose(
        need, worker, helper=helper, talent=talent, score=0.8, reasons=[Reason("same_street")]
    )
    match.refresh_from_db()
    assert match.status == Status.PROPOSED
    assert match.neighbourhood == need.resident.neighbourhood
    assert match.resident == need.resident
    assert (match.helper, match.talent, match.initiative) == (helper, talent, None)
    assert match.proposed_by == worker
    assert match.score == 0.8
    assert match.reasons == [{"code": "same_street", "params": {}}]
    event = match.events.get()
    assert (event.from_status, event.to_status, event.by) == ("", Status.PROPOSED, worker)
    assert event.note == match.why


def test_the_helper_follows_from_the_talent(need, worker, talent, helper):
    match = propose(need, worker, talent=talent)
    assert match.helper == helper


def test_an_initiative_can_meet_a_need(need, worker, neighbourhood):
    dinner = InitiativeFactory(name="Buurtmaaltijd", neighbourhoods=[neighbourhood])
    match = propose(need, worker, initiative=dinner)
    assert (match.helper, match.initiative) == (None, dinner)


def test_an_initiatives_need_takes_its_first_neighbourhood_the_worker_sees(
    worker, helper, neighbourhood, other_neighbourhood, category
):
    # Westerbuurt comes first by name, but the worker works in Oosterbuurt.
    garden = InitiativeFactory(neighbourhoods=[other_neighbourhood, neighbourhood])
    need = NeedFactory(resident=None, initiative=garden, category=category)
    match = propose(need, worker, helper=helper)
    assert match.neighbourhood == neighbourhood
    assert match.resident is None


def test_proposing_without_the_seekers_consent_is_refused_and_says_why(worker, helper, address):
    shy = ResidentFactory(address=address, name="Ria Zonder", may_match=False)
    need = NeedFactory(resident=shy)
    message = refused(propose, need=need, by=worker, helper=helper)
    assert "Ria Zonder has not consented to being matched" in message
    assert "tells another resident" in message
    assert not Match.objects.exists()


def test_proposing_a_helper_without_consent_is_refused(need, worker, address):
    shy = ResidentFactory(address=address, name="Sem Zonder", may_match=False)
    message = refused(propose, need=need, by=worker, helper=shy)
    assert "Sem Zonder has not consented to being matched" in message
    assert not Match.objects.exists()


def test_a_resident_who_moved_cannot_be_matched(need, worker, helper):
    Resident.objects.filter(pk=helper.pk).update(status=Resident.Status.MOVED)
    message = refused(propose, need=need, by=worker, helper=helper)
    assert (
        "Karim Hovenier has moved or was anonymised, so they can no longer be matched." in message
    )


def test_nobody_is_matched_with_themselves(need, worker, resident):
    message = refused(propose, need=need, by=worker, helper=resident)
    assert "cannot be matched with themselves" in message
    assert not Match.objects.exists()


def test_the_database_refuses_a_match_with_oneself(need, worker):
    own_talent = TalentFactory(resident=need.resident)
    with pytest.raises(IntegrityError), transaction.atomic():
        MatchFactory(need=need, talent=own_talent, helper=need.resident, proposed_by=worker)


def test_a_need_that_is_not_open_cannot_be_proposed(need, worker, helper):
    Need.objects.filter(pk=need.pk).update(status=Need.Status.CLOSED)
    need.refresh_from_db()
    message = refused(propose, need=need, by=worker, helper=helper)
    assert "This need is no longer relevant" in message


def test_a_need_outside_the_workers_neighbourhoods_cannot_be_proposed(other_worker, need, helper):
    message = refused(propose, need=need, by=other_worker, helper=helper)
    assert "You do not work in the neighbourhood of this need" in message


def test_a_helper_the_worker_cannot_see_is_refused(need, worker, other_resident):
    message = refused(propose, need=need, by=worker, helper=other_resident)
    assert "neighbourhood of the helping resident" in message


def test_a_talent_must_be_the_helpers(need, worker, helper, address):
    someone_elses = TalentFactory(resident=ResidentFactory(address=address))
    message = refused(propose, need=need, by=worker, helper=helper, talent=someone_elses)
    assert "not the helping resident's" in message


def test_a_proposal_needs_a_why_and_a_plan(need, worker, helper):
    with pytest.raises(ValidationError) as error:
        propose(need, worker, helper=helper, why="  ")
    assert "why" in error.value.message_dict
    with pytest.raises(ValidationError) as error:
        propose(need, worker, helper=helper, first_meeting_plan="")
    assert "first_meeting_plan" in error.value.message_dict
    assert not Match.objects.exists()


def test_a_need_in_a_match_in_progress_is_not_proposed_again(proposed, need, worker, address):
    another = ResidentFactory(address=address)
    message = refused(propose, need=need, by=worker, helper=another)
    assert "already in a match in progress" in message
    assert Match.objects.count() == 1


def test_the_database_allows_one_match_in_progress_per_need(proposed, need, worker):
    with pytest.raises(IntegrityError), transaction.atomic():
        MatchFactory(need=need, proposed_by=worker)


def test_a_race_to_the_constraint_becomes_a_message(proposed, need, worker, address, monkeypatch):
    """Should the checks miss a proposal saved meanwhile, the database's
    constraint still holds and the worker is told."""
    another = ResidentFactory(address=address)
    monkeypatch.setattr(
        lifecycle.propose, "_proposal_problems", lambda **kwargs: ([], kwargs["helper"])
    )
    message = refused(propose, need=need, by=worker, helper=another)
    assert "already in a match in progress" in message
    assert Match.objects.count() == 1


def test_proposal_problems_tells_without_changing_anything(need, worker, helper, resident):
    assert lifecycle.proposal_problems(need=need, by=worker, helper=helper) == []
    problems = lifecycle.proposal_problems(need=need, by=worker, helper=resident)
    assert problems == ["A resident cannot be matched with themselves."]
    assert not Match.objects.exists()


# Reviewing


def test_a_team_lead_approves_a_proposal(proposed, lead):
    match = match_approve(match=proposed, by=lead, note=" Mooi ")
    match.refresh_from_db()
    assert match.status == Status.APPROVED
    assert match.reviewed_by == lead
    assert match.reviewed_at is not None
    assert match.review_note == "Mooi"
    assert events(match) == [("", Status.PROPOSED), (Status.PROPOSED, Status.APPROVED)]


def test_an_admin_may_review_anywhere(proposed, admin_user):
    assert match_approve(match=proposed, by=admin_user).status == Status.APPROVED


def test_nobody_reviews_their_own_proposal(need, lead, helper):
    match = propose(need, lead, helper=helper)
    message = refused(match_approve, match=match, by=lead)
    assert "You proposed this match" in message
    message = refused(match_reject, match=match, by=lead, note="Toch niet")
    assert "You proposed this match" in message
    match.refresh_from_db()
    assert match.status == Status.PROPOSED
    assert match.reviewed_by is None


def test_not_even_an_admin_reviews_their_own_proposal(need, admin_user, helper):
    match = propose(need, admin_user, helper=helper)
    assert "You proposed this match" in refused(match_approve, match=match, by=admin_user)


def test_the_database_refuses_a_review_by_the_proposer(proposed, worker):
    with pytest.raises(IntegrityError), transaction.atomic():
        Match.objects.filter(pk=proposed.pk).update(reviewed_by=worker)


def test_a_worker_who_is_not_a_lead_cannot_review(proposed, worker, team):
    colleague = UserFactory()
    MembershipFactory(team=team, user=colleague)
    message = refused(match_approve, match=proposed, by=colleague)
    assert "Only a team lead of Oosterbuurt" in message
    proposed.refresh_from_db()
    assert proposed.status == Status.PROPOSED


def test_a_lead_of_another_team_cannot_review(proposed, other_lead):
    assert "Only a team lead" in refused(match_approve, match=proposed, by=other_lead)
    assert events(proposed) == [("", Status.PROPOSED)]


def test_sending_back_needs_a_note_and_the_worker_can_propose_again(proposed, lead, worker):
    with pytest.raises(ValidationError) as error:
        match_send_back(match=proposed, by=lead, note=" ")
    assert "note" in error.value.message_dict
    match = match_send_back(match=proposed, by=lead, note="Wie is erbij bij de kennismaking?")
    assert match.status == Status.SENT_BACK
    match = match_resubmit(
        match=match, by=worker, why="Zelfde straat.", first_meeting_plan="Ik ben erbij."
    )
    match.refresh_from_db()
    assert match.status == Status.PROPOSED
    assert (match.why, match.first_meeting_plan) == ("Zelfde straat.", "Ik ben erbij.")
    assert match.reviewed_by is None
    assert events(match) == [
        ("", Status.PROPOSED),
        (Status.PROPOSED, Status.SENT_BACK),
        (Status.SENT_BACK, Status.PROPOSED),
    ]
    # The lead who sent it back can approve it now.
    assert match_approve(match=match, by=lead).status == Status.APPROVED


def test_only_a_sent_back_match_is_proposed_again(proposed, worker):
    message = refused(
        match_resubmit, match=proposed, by=worker, why="Nog eens", first_meeting_plan="Zo"
    )
    assert "cannot be proposed again" in message


def test_rejecting_needs_a_reason_and_frees_the_need(proposed, lead, need, worker, address):
    with pytest.raises(ValidationError) as error:
        match_reject(match=proposed, by=lead, note="")
    assert "note" in error.value.message_dict
    match = match_reject(match=proposed, by=lead, note="Te ver van elkaar.")
    assert match.status == Status.REJECTED
    assert match.review_note == "Te ver van elkaar."
    # Another proposal for the same need may follow.
    another = propose(need, worker, helper=ResidentFactory(address=address))
    assert another.status == Status.PROPOSED


def test_a_sent_back_proposal_can_be_rejected(proposed, lead):
    sent_back = match_send_back(match=proposed, by=lead, note="Waarom zij?")
    assert match_reject(match=sent_back, by=lead, note="Niet doorgezet").status == Status.REJECTED


def test_only_a_proposal_is_approved_or_sent_back(approved, lead, second_lead):
    message = refused(match_approve, match=approved, by=second_lead)
    assert message.startswith("Already approved by")
    assert "cannot be approved" in message
    assert "cannot be sent back" in refused(
        match_send_back, match=approved, by=second_lead, note="Hm"
    )


def test_two_leads_at_once_one_decision_wins_and_the_other_is_told(proposed, lead, second_lead):
    # Both opened the proposal; the first approves.
    seen_by_first = Match.objects.get(pk=proposed.pk)
    seen_by_second = Match.objects.get(pk=proposed.pk)
    match_approve(match=seen_by_first, by=lead)
    # The second still sees "proposed" and rejects.
    message = refused(match_reject, match=seen_by_second, by=second_lead, note="Liever niet")
    assert message.startswith(f"Already approved by {lead} at ")
    assert "cannot be rejected" in message
    current = Match.objects.get(pk=proposed.pk)
    assert current.status == Status.APPROVED
    assert current.reviewed_by == lead
    assert current.review_note == ""
    assert events(current) == [("", Status.PROPOSED), (Status.PROPOSED, Status.APPROVED)]


@pytest.mark.django_db(transaction=True)
def test_two_leads_deciding_at_the_same_moment_wait_for_each_other(proposed, lead, second_lead):
    """Really at once: the second decision waits for the first one's lock,
    then reads the row as the first left it."""
    first_holds_the_lock = threading.Event()
    let_first_commit = threading.Event()
    told = {}

    def first():
        try:
            with translation.override("en"), transaction.atomic():
                match_approve(match=proposed, by=lead)
                first_holds_the_lock.set()
                let_first_commit.wait(10)
        finally:
            connection.close()

    def second():
        first_holds_the_lock.wait(10)
        try:
            with translation.override("en"):
                match_reject(match=proposed, by=second_lead, note="Liever niet")
        except ValidationError as error:
            told["message"] = " ".join(error.messages)
        finally:
            connection.close()

    threads = [threading.Thread(target=first), threading.Thread(target=second)]
    for thread in threads:
        thread.start()
    first_holds_the_lock.wait(10)
    time.sleep(0.3)
    assert threads[1].is_alive(), "the second decision should wait for the lock"
    let_first_commit.set()
    for thread in threads:
        thread.join(10)
    assert told["message"].startswith(f"Already approved by {lead} at ")
    current = Match.objects.get(pk=proposed.pk)
    assert (current.status, current.reviewed_by) == (Status.APPROVED, lead)


def test_approval_is_refused_when_consent_was_withdrawn(proposed, lead, resident):
    Resident.objects.filter(pk=resident.pk).update(may_match=False)
    message = refused(match_approve, match=proposed, by=lead)
    assert "Anna de Vries has not consented to being matched" in message
    proposed.refresh_from_db()
    assert proposed.status == Status.PROPOSED


# Introduced


def test_an_approved_match_is_introduced(approved, worker):
    match = match_introduce(
        match=approved, by=worker, introduced_on=days(0), worker_present=worker
    )
    match.refresh_from_db()
    assert match.status == Status.INTRODUCED
    assert (match.introduced_on, match.introduced_by) == (days(0), worker)
    assert events(match)[-1] == (Status.APPROVED, Status.INTRODUCED)


def test_an_introduction_without_a_worker_present_is_recorded(approved, worker):
    match = match_introduce(match=approved, by=worker, introduced_on=days(0))
    assert match.introduced_by is None


def test_only_an_approved_match_is_introduced(proposed, worker):
    message = refused(match_introduce, match=proposed, by=worker, introduced_on=days(0))
    assert "This match is proposed, so it cannot be introduced yet" in message


def test_an_introduction_is_not_in_the_future_nor_before_the_proposal(approved, worker):
    with pytest.raises(ValidationError) as error:
        match_introduce(match=approved, by=worker, introduced_on=days(1))
    assert "introduced_on" in error.value.message_dict
    with pytest.raises(ValidationError) as error:
        match_introduce(match=approved, by=worker, introduced_on=days(-30))
    assert "introduced_on" in error.value.message_dict
    approved.refresh_from_db()
    assert approved.status == Status.APPROVED


def test_the_worker_present_works_in_the_neighbourhood(approved, worker, other_worker):
    with pytest.raises(ValidationError) as error:
        match_introduce(
            match=approved, by=worker, introduced_on=days(0), worker_present=other_worker
        )
    assert "worker_present" in error.value.message_dict


def test_a_worker_of_another_team_cannot_take_a_step(approved, other_worker):
    message = refused(match_introduce, match=approved, by=other_worker, introduced_on=days(0))
    assert "You do not work in the neighbourhood of this match" in message


# Running


def test_a_started_match_runs_and_schedules_check_ins(introduced, worker, lead, need, talent):
    match = match_start(match=introduced, by=lead)
    match.refresh_from_db()
    assert match.status == Status.RUNNING
    assert match.started_on == days(0)
    need.refresh_from_db()
    talent.refresh_from_db()
    assert need.status == Need.Status.MATCHED
    assert talent.status == Talent.Status.MATCHED
    check_ins = FollowUp.objects.filter(match_check_in__match=match).order_by("due_on")
    assert [f.due_on for f in check_ins] == [days(14), days(42)]
    for follow_up in check_ins:
        assert follow_up.assigned_to == worker  # the proposer
        assert follow_up.resident == need.resident
        assert follow_up.created_by == lead
        assert "Check-in on the match of Anna de Vries and Karim Hovenier" in follow_up.description
        assert not follow_up.is_done
    assert MatchCheckIn.objects.filter(match=match).count() == 2


def test_check_ins_follow_the_start_date(approved, worker):
    Match.objects.filter(pk=approved.pk).update(
        proposed_at=timezone.now() - datetime.timedelta(days=20)
    )
    match_introduce(match=approved, by=worker, introduced_on=days(-10))
    match_start(match=approved, by=worker, started_on=days(-7))
    due = FollowUp.objects.filter(match_check_in__match=approved).order_by("due_on")
    assert [f.due_on for f in due] == [days(7), days(35)]


def test_check_ins_go_to_whoever_starts_it_when_the_proposer_left(introduced, worker, lead):
    Membership.objects.filter(user=worker).delete()
    match_start(match=introduced, by=lead)
    assert set(
        FollowUp.objects.filter(match_check_in__match=introduced).values_list(
            "assigned_to", flat=True
        )
    ) == {lead.pk}


def test_only_an_introduced_match_starts(approved, worker, need):
    message = refused(match_start, match=approved, by=worker)
    assert "cannot be started" in message
    need.refresh_from_db()
    assert need.status == Need.Status.OPEN
    assert not FollowUp.objects.exists()


def test_a_start_is_not_before_the_introduction(introduced, worker):
    with pytest.raises(ValidationError) as error:
        match_start(match=introduced, by=worker, started_on=days(-1))
    assert "started_on" in error.value.message_dict
    assert not MatchCheckIn.objects.exists()


# Ended


def test_a_match_that_stopped_frees_the_need_and_closes_the_check_ins(
    running, worker, need, talent
):
    match = match_end(
        match=running,
        by=worker,
        outcome=Match.Outcome.STOPPED,
        reason="Hij kreeg werk.",
        seeker_view="Jammer",
        helper_view="Fijn gedaan",
    )
    match.refresh_from_db()
    assert match.status == Status.ENDED
    assert (match.outcome, match.end_reason, match.ended_on) == (
        "stopped",
        "Hij kreeg werk.",
        days(0),
    )
    assert (match.seeker_view, match.helper_view) == ("Jammer", "Fijn gedaan")
    need.refresh_from_db()
    talent.refresh_from_db()
    assert need.status == Need.Status.OPEN
    assert talent.status == Talent.Status.OPEN
    check_ins = FollowUp.objects.filter(match_check_in__match=match)
    assert check_ins.count() == 2
    # Closed as cancelled, never as done: nobody checked in.
    assert all(f.done_by == worker and f.cancelled and not f.is_done for f in check_ins)
    assert events(match)[-1] == (Status.RUNNING, Status.ENDED)


def test_a_lasting_contact_keeps_the_need_matched(running, worker, need):
    match_end(match=running, by=worker, outcome=Match.Outcome.LASTING, reason="Ze doen het zelf.")
    need.refresh_from_db()
    assert need.status == Need.Status.MATCHED
    running_check_ins = FollowUp.objects.filter(
        match_check_in__match=running, match_check_in__kind=MatchCheckIn.Kind.RUNNING
    )
    assert not running_check_ins.open().exists()
    assert all(f.cancelled for f in running_check_ins)


def test_a_check_in_already_done_keeps_who_did_it(running, worker, lead):
    first = FollowUp.objects.filter(match_check_in__match=running).order_by("due_on").first()
    FollowUp.objects.filter(pk=first.pk).update(done_at=timezone.now(), done_by=lead)
    match_end(match=running, by=worker, outcome=Match.Outcome.NO_CLICK, reason="Geen klik.")
    first.refresh_from_db()
    assert first.done_by == lead
    assert not first.cancelled


def test_a_match_that_never_started_cannot_end(introduced, worker):
    message = refused(
        match_end, match=introduced, by=worker, outcome=Match.Outcome.STOPPED, reason="Niets"
    )
    assert "This match never started" in message
    assert "only a running match can end" in message
    introduced.refresh_from_db()
    assert introduced.status == Status.INTRODUCED


def test_an_ended_match_does_not_end_again(running, worker, lead):
    match_end(match=running, by=lead, outcome=Match.Outcome.STOPPED, reason="Klaar")
    message = refused(
        match_end, match=running, by=worker, outcome=Match.Outcome.STOPPED, reason="Nog eens"
    )
    assert message.startswith(f"Already ended by {lead} at ")


def test_an_end_needs_an_outcome_and_a_reason(running, worker):
    with pytest.raises(ValidationError) as error:
        match_end(match=running, by=worker, outcome="", reason="Klaar")
    assert "outcome" in error.value.message_dict
    with pytest.raises(ValidationError) as error:
        match_end(match=running, by=worker, outcome=Match.Outcome.STOPPED, reason=" ")
    assert "reason" in error.value.message_dict
    running.refresh_from_db()
    assert running.status == Status.RUNNING
    assert FollowUp.objects.open().filter(match_check_in__match=running).count() == 2


def test_the_database_refuses_an_ended_match_without_outcome(running):
    with pytest.raises(IntegrityError), transaction.atomic():
        Match.objects.filter(pk=running.pk).update(status=Status.ENDED)


def test_the_whole_life_is_in_the_history(running, worker):
    match_end(match=running, by=worker, outcome=Match.Outcome.LASTING, reason="Gaat vanzelf.")
    assert events(running) == [
        ("", Status.PROPOSED),
        (Status.PROPOSED, Status.APPROVED),
        (Status.APPROVED, Status.INTRODUCED),
        (Status.INTRODUCED, Status.RUNNING),
        (Status.RUNNING, Status.ENDED),
    ]
