"""The match page's new steps (issue 16): cancelling a match that never
started and answering its check-ins; scoped (another team's worker gets
404, an anonymous visitor the login page), POST only, and the page's
queries do not grow with its check-ins."""

import pytest
from django.urls import reverse
from django.utils import timezone

from contacts.models import FollowUp, Need
from matches.models import Match, MatchCheckIn
from matches.services.lifecycle import match_end
from tests.contacts.factories import NeedFactory, TalentFactory
from tests.matches.steps import match_in

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english_pages")]

Status = Match.Status


@pytest.fixture
def match_for(resident, helper, worker, lead):
    need = NeedFactory(resident=resident, text="Het gras maaien")
    talent = TalentFactory(resident=helper, category=need.category)
    return lambda status: match_in(
        status, need=need, helper=helper, talent=talent, worker=worker, lead=lead
    )


def detail(match):
    return reverse("matches:match_detail", args=[match.pk])


def cancel_url(match):
    return reverse("matches:match_transition", args=[match.pk, "cancel"])


def check_in_url(check_in):
    return reverse("matches:match_check_in", args=[check_in.match_id, check_in.pk])


def first_check_in(match):
    return (
        MatchCheckIn.objects.filter(match=match)
        .select_related("follow_up")
        .order_by("follow_up__due_on")
        .first()
    )


# Cancelling


def test_a_worker_cancels_an_approved_match_on_its_page(client, worker, match_for):
    match = match_for(Status.APPROVED)
    client.force_login(worker)
    assert "It does not go ahead" in client.get(detail(match)).content.decode()
    response = client.post(cancel_url(match), {"reason": "Ze wil toch niet."})
    assert response.status_code == 302
    match.refresh_from_db()
    assert (match.status, match.end_reason) == (Status.ENDED, "Ze wil toch niet.")
    assert Need.objects.get(pk=match.need_id).status == Need.Status.OPEN
    page = client.get(detail(match)).content.decode()
    assert "Cancelled" in page and "before it started" in page


def test_cancelling_without_a_reason_says_so_beside_the_field(client, worker, match_for):
    match = match_for(Status.INTRODUCED)
    client.force_login(worker)
    response = client.post(cancel_url(match), {"reason": ""})
    assert response.status_code == 200
    assert response.context["forms"]["cancel"].errors["reason"]
    match.refresh_from_db()
    assert match.status == Status.INTRODUCED


def test_cancelling_is_scoped_and_post_only(client, worker, other_worker, match_for):
    match = match_for(Status.APPROVED)
    response = client.post(cancel_url(match), {"reason": "x"})
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))
    client.force_login(other_worker)
    assert client.post(cancel_url(match), {"reason": "x"}).status_code == 404
    client.force_login(worker)
    assert client.get(cancel_url(match)).status_code == 405
    match.refresh_from_db()
    assert match.status == Status.APPROVED


# Check-ins


def test_a_worker_answers_a_check_in_on_the_match_page(client, worker, match_for):
    match = match_for(Status.RUNNING)
    check_in = first_check_in(match)
    client.force_login(worker)
    page = client.get(detail(match)).content.decode()
    assert check_in_url(check_in) in page
    response = client.post(
        check_in_url(check_in),
        {
            "answer": "attention",
            "note": "Hij komt minder vaak.",
            "seeker_view": "Ze mist hem",
            "helper_view": "",
        },
    )
    assert response.status_code == 302
    check_in.refresh_from_db()
    assert (check_in.answer, check_in.note, check_in.answered_by) == (
        "attention",
        "Hij komt minder vaak.",
        worker,
    )
    page = client.get(detail(match)).content.decode()
    assert "needs attention" in page
    assert "Hij komt minder vaak." in page and "Ze mist hem" in page
    assert check_in_url(check_in) not in page  # answered: no form any more


def test_a_check_in_without_an_answer_is_refused_beside_the_field(client, worker, match_for):
    match = match_for(Status.RUNNING)
    check_in = first_check_in(match)
    client.force_login(worker)
    response = client.post(check_in_url(check_in), {"answer": "", "note": "?"})
    assert response.status_code == 200
    forms = [c.form for c in response.context["check_ins"] if c.pk == check_in.pk]
    assert forms[0].errors["answer"]
    assert FollowUp.objects.get(pk=check_in.follow_up_id).done_at is None


def test_a_check_in_closed_meanwhile_is_refused_on_top(client, worker, match_for):
    match = match_for(Status.RUNNING)
    check_in = first_check_in(match)
    match_end(match=match, by=worker, outcome=Match.Outcome.STOPPED, reason="Verhuisd.")
    client.force_login(worker)
    response = client.post(check_in_url(check_in), {"answer": "going_well"})
    assert response.status_code == 200
    assert "This check-in was cancelled on" in response.content.decode()
    check_in.refresh_from_db()
    assert check_in.answer == ""


def test_answering_a_check_in_is_scoped_and_post_only(
    client, worker, lead, other_worker, helper, match_for
):
    match = match_for(Status.RUNNING)
    check_in = first_check_in(match)
    url = check_in_url(check_in)
    response = client.post(url, {"answer": "going_well"})
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))
    client.force_login(other_worker)
    assert client.post(url, {"answer": "going_well"}).status_code == 404
    client.force_login(worker)
    assert client.get(url).status_code == 405
    other = match_in(
        Status.APPROVED,
        need=NeedFactory(resident=match.resident, text="De heg knippen"),
        helper=helper,
        worker=worker,
        lead=lead,
    )
    wrong = reverse("matches:match_check_in", args=[other.pk, check_in.pk])
    assert client.post(wrong, {"answer": "going_well"}).status_code == 404
    check_in.refresh_from_db()
    assert check_in.answer == ""


def test_the_match_page_queries_do_not_grow_with_check_ins(
    client, worker, match_for, django_assert_num_queries
):
    match = match_for(Status.RUNNING)
    client.force_login(worker)
    # session, user, history context, the match with its need and
    # residents, its neighbourhood, category, talent, talent's category,
    # proposer, worker present, the history, the check-ins (one query, with
    # follow-up, holder, closer and answerer), both sides' talents, their
    # needs, history context and the access-log row
    with django_assert_num_queries(16) as first:
        client.get(detail(match))
    for check_in in MatchCheckIn.objects.filter(match=match):
        follow_up = check_in.follow_up
        follow_up.pk = None
        follow_up.id = None
        follow_up._state.adding = True
        follow_up.save()
        MatchCheckIn.objects.create(match=match, follow_up=follow_up, kind="running")
    first_ci = first_check_in(match)
    MatchCheckIn.objects.filter(pk=first_ci.pk).update(
        answer="going_well", answered_at=timezone.now(), answered_by=worker
    )
    with django_assert_num_queries(len(first.captured_queries)):
        response = client.get(detail(match))
    assert len(response.context["check_ins"]) == 4
