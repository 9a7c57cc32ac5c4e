"""The access matrix, generated from the URL configuration, so that a new
view is covered without anyone remembering.

For every named URL of the apps in ``APPS``:

- an anonymous visitor is sent to the login page, for GET and POST (a view
  may answer 405 first for a method it does not take);
- a view that takes an object is tried with a REAL object in another
  team's neighbourhood (built by ``OBJECT_BUILDERS``): a worker and a team
  lead who are not in that team get 404 for GET and POST (405 only for a
  method the view does not take), while an admin, who sees everything,
  gets the page (so the 404 is about access, not about a missing object);
- every view says which methods it takes (``require_safe``,
  ``require_POST``, ``require_http_methods``, read from the view's
  decorators); a view that takes only POST answers GET with 405, a view
  that only reads (GET and HEAD) answers POST with 405, and a view that
  takes GET and POST answers GET with a form (a small allow-list says why
  not); no GET writes anything (reads may only add to the read-access log).

A view that takes an object and has no builder fails
``test_every_view_that_takes_an_object_has_a_builder`` with what to add.
"""

import datetime
import types
import uuid

import pytest
from django.urls import URLPattern, get_resolver, reverse

from buurtwerk.urlconf import allowed_methods, named_patterns, takes
from contacts.models import ActivityAttendance, DoorKnock, InitiativeMember
from matches.models import Match, MatchCheckIn
from tests.contacts.factories import (
    ActivityFactory,
    ConversationFactory,
    DoorKnockFactory,
    FollowUpFactory,
    InitiativeFactory,
    NeedFactory,
    ReportFactory,
    RoundFactory,
    SignalFactory,
    TalentFactory,
)
from tests.fuzz.rows import changes, row_counts
from tests.matches.factories import MatchFactory

APPS = {"accounts", "contacts", "matches", "audit", "reports", "privacy"}

#: The matrix must not shrink unnoticed: 50 views when it was written
#: (45 of contacts and matches, 2 of audit, 3 of privacy).
MIN_VIEWS = 50


# --- The views, from the URL configuration -----------------------------------

VIEWS = sorted(
    ((name, pattern) for name, pattern in named_patterns() if name.split(":")[0] in APPS),
    key=lambda item: item[0],
)
#: The project's own named views outside the apps' namespaces: My day at "/",
#: the health check.
PROJECT_VIEWS = [
    (pattern.name, pattern)
    for pattern in get_resolver().url_patterns
    if isinstance(pattern, URLPattern) and pattern.name
]
NAMES = [name for name, _pattern in VIEWS]
WITH_OBJECT = [(name, p) for name, p in VIEWS if p.pattern.converters]
POST_ONLY = [(name, p) for name, p in VIEWS if not takes(p.callback, "get")]
GET_AND_POST = [
    (name, p)
    for name, p in VIEWS
    if allowed_methods(p.callback) is not None and {"GET", "POST"} <= allowed_methods(p.callback)
]
GET_ONLY = [
    (name, p)
    for name, p in [*PROJECT_VIEWS, *VIEWS]
    if allowed_methods(p.callback) is not None and "POST" not in allowed_methods(p.callback)
]
TAKES_GET = [(name, p) for name, p in VIEWS if takes(p.callback, "get")]


def ids(items):
    return [name for name, _pattern in items]


# --- Real objects in another team's neighbourhood ------------------------------
#
# Each builder takes ``place`` (neighbourhood, address, resident and a worker
# of the team working there) and returns the URL's keyword arguments.


def _resident(place):
    return {"pk": place.resident.pk}


def _neighbourhood(place):
    return {"pk": place.neighbourhood.pk}


def _round(place):
    round_ = RoundFactory(
        neighbourhood=place.neighbourhood, worker=place.worker, addresses=[place.address]
    )
    return round_


def _round_pk(place):
    return {"pk": _round(place).pk}


def _knock_record(place):
    return {"pk": _round(place).pk, "address_pk": place.address.pk}


def _knock(place):
    knock = DoorKnockFactory(
        address=place.address,
        round=_round(place),
        worker=place.worker,
        outcome=DoorKnock.Outcome.SPOKE,
        resident=place.resident,
    )
    return {"knock_pk": knock.pk}


def _conversation(place):
    conversation = ConversationFactory(
        neighbourhood=place.neighbourhood, residents=[place.resident], workers=[place.worker]
    )
    return {"pk": conversation.pk}


def _follow_up(place):
    follow_up = FollowUpFactory(
        neighbourhood=place.neighbourhood, assigned_to=place.worker, resident=place.resident
    )
    return {"pk": follow_up.pk}


def _signal(place):
    place.resident.may_share = True
    place.resident.save()
    return {"pk": SignalFactory(resident=place.resident, created_by=place.worker).pk}


def _report(place):
    return {"pk": ReportFactory(address=place.address, created_by=place.worker).pk}


def _talent(place):
    return {"pk": TalentFactory(resident=place.resident).pk}


def _need(place):
    return {"pk": NeedFactory(resident=place.resident).pk}


def _match(place):
    return MatchFactory(need__resident=place.resident, proposed_by=place.worker)


def _match_pk(place):
    return {"pk": _match(place).pk}


def _ended_match_pk(place):
    match = _match(place)
    Match.objects.filter(pk=match.pk).update(
        status=Match.Status.ENDED,
        outcome=Match.Outcome.LASTING,
        started_on=datetime.date(2026, 1, 1),
        ended_on=datetime.date(2026, 3, 1),
    )
    return {"pk": match.pk}


def _match_transition(place):
    return {"pk": _match(place).pk, "action": "approve"}


def _match_check_in(place):
    match = _match(place)
    follow_up = FollowUpFactory(
        neighbourhood=place.neighbourhood, assigned_to=place.worker, resident=place.resident
    )
    check_in = MatchCheckIn.objects.create(match=match, follow_up=follow_up)
    return {"pk": match.pk, "check_in_pk": check_in.pk}


def _initiative(place):
    return InitiativeFactory(neighbourhoods=[place.neighbourhood])


def _initiative_pk(place):
    return {"pk": _initiative(place).pk}


def _activity(place):
    return {"pk": ActivityFactory(neighbourhood=place.neighbourhood).pk}


def _activity_attendee(place):
    activity = ActivityFactory(neighbourhood=place.neighbourhood)
    ActivityAttendance.objects.create(activity=activity, resident=place.resident)
    return {"pk": activity.pk, "resident_pk": place.resident.pk}


def _initiative_member(place):
    initiative = _initiative(place)
    InitiativeMember.objects.create(
        initiative=initiative, resident=place.resident, role=InitiativeMember.Role.MEMBER
    )
    return {"pk": initiative.pk, "resident_pk": place.resident.pk}


#: URL name -> builder of its keyword arguments. A new view that takes an
#: object needs a line here.
OBJECT_BUILDERS = {
    # contacts
    "contacts:resident_detail": _resident,
    "contacts:resident_edit": _resident,
    "contacts:consent_update": _resident,
    "contacts:signal_create": _resident,
    "contacts:conversation_for_resident": _resident,
    "contacts:followup_for_resident": _resident,
    "contacts:coverage_neighbourhood": _neighbourhood,
    "contacts:coverage_unreached": _neighbourhood,
    "contacts:round_detail": _round_pk,
    "contacts:knock_record": _knock_record,
    "contacts:knock_undo": _knock_record,
    "contacts:knock_moved": _knock_record,
    "contacts:conversation_at_door": _knock_record,
    "contacts:conversation_detail": _conversation,
    "contacts:conversation_from_knock": _knock,
    "contacts:followup_toggle": _follow_up,
    "contacts:followup_correct": _follow_up,
    "contacts:conversation_correct": _conversation,
    "contacts:report_detail": _report,
    "contacts:report_link": _report,
    "contacts:report_close": _report,
    "contacts:signal_detail": _signal,
    # matches
    "contacts:talent_create": _resident,
    "contacts:need_create": _resident,
    "contacts:talent_edit": _talent,
    "matches:talent_suggestions": _talent,
    "contacts:need_edit": _need,
    "matches:need_suggestions": _need,
    "matches:match_propose": _need,
    "matches:match_detail": _match_pk,
    "matches:match_transition": _match_transition,
    "matches:match_check_in": _match_check_in,
    "contacts:initiative_detail": _initiative_pk,
    "contacts:initiative_edit": _initiative_pk,
    "contacts:initiative_member_add": _initiative_pk,
    "contacts:initiative_offer_add": _initiative_pk,
    "contacts:initiative_need_add": _initiative_pk,
    "contacts:initiative_member_role": _initiative_member,
    "contacts:initiative_member_remove": _initiative_member,
    "contacts:initiative_stage": _initiative_pk,
    "contacts:activity_detail": _activity,
    "contacts:activity_attendee_add": _activity,
    "contacts:activity_attendee_remove": _activity_attendee,
    "contacts:activity_headcount": _activity,
    # audit
    "audit:resident_history": _resident,
    "audit:resident_access_log": _resident,
    # privacy
    "privacy:resident_export": _resident,
    "privacy:resident_export_json": _resident,
    "privacy:resident_anonymise": _resident,
    # reports
    "reports:story_for_conversation": _conversation,
    "reports:story_for_match": _ended_match_pk,
}

#: Views that take GET and POST but do not answer GET with a form, and why.
GET_WITHOUT_FORM = {
    "matches:match_propose": "without a helper chosen (?resident=...) it sends to the suggestions",
}


@pytest.fixture
def place(other_neighbourhood, other_address, other_resident, other_worker):
    """Where the objects are: another team's neighbourhood."""
    return types.SimpleNamespace(
        neighbourhood=other_neighbourhood,
        address=other_address,
        resident=other_resident,
        worker=other_worker,
    )


def url_for(name, pattern, place):
    """The URL of ``name`` with real objects in ``place``."""
    if not pattern.pattern.converters:
        return reverse(name)
    if name not in OBJECT_BUILDERS:
        pytest.fail(missing_builder_message(name, pattern))
    return reverse(name, kwargs=OBJECT_BUILDERS[name](place))


def missing_builder_message(name, pattern):
    kwargs = ", ".join(f"`{kwarg}`" for kwarg in pattern.pattern.converters)
    return (
        f"New view {name} takes {kwargs}: add an object builder for it to OBJECT_BUILDERS "
        "in tests/buurtwerk/test_access_matrix.py (a real object in another team's "
        "neighbourhood), so the access matrix covers it."
    )


def is_login_redirect(response):
    return response.status_code == 302 and response["Location"].startswith(
        reverse("account_login")
    )


def is_account_redirect(response):
    """Sent to the login, or to the multi-factor or session pages."""
    return response.status_code == 302 and response["Location"].startswith("/account/")


# --- The matrix itself --------------------------------------------------------------


def test_the_matrix_covers_the_apps():
    assert len(VIEWS) > MIN_VIEWS, f"only {len(VIEWS)} views in the matrix"
    assert {name.split(":")[0] for name in NAMES} == APPS
    assert POST_ONLY and GET_AND_POST and GET_ONLY
    assert "home" in ids(PROJECT_VIEWS)


def test_every_view_says_which_methods_it_takes():
    """Without a method decorator a view takes any method: list pages
    answered POST with 200 (issue 11, point 7)."""
    unrestricted = [
        name
        for name, pattern in [*PROJECT_VIEWS, *VIEWS]
        if allowed_methods(pattern.callback) is None
    ]
    assert not unrestricted, (
        f"{unrestricted}: add @require_safe (pages that only read), @require_POST "
        "(changes) or @require_http_methods(['GET', 'POST']) (forms)"
    )


def test_every_view_that_takes_an_object_has_a_builder():
    missing = [
        missing_builder_message(name, pattern)
        for name, pattern in WITH_OBJECT
        if name not in OBJECT_BUILDERS
    ]
    assert not missing, "\n".join(missing)


def test_the_tables_name_only_views_that_exist():
    assert not set(GET_WITHOUT_FORM) - set(NAMES)
    assert not set(OBJECT_BUILDERS) - set(NAMES)


def test_the_method_rule_reads_the_decorators():
    """The rule behind the 405 tests, on views whose decorators are known."""
    by_name = dict(VIEWS)
    assert allowed_methods(by_name["contacts:consent_update"].callback) == {"POST"}
    assert allowed_methods(by_name["contacts:resident_edit"].callback) == {"GET", "POST"}
    assert allowed_methods(by_name["contacts:conversation_detail"].callback) == {"GET", "HEAD"}
    assert allowed_methods(by_name["contacts:resident_detail"].callback) == {"GET", "HEAD"}
    assert allowed_methods(by_name["contacts:resident_search"].callback) == {"GET", "POST"}
    assert allowed_methods(lambda request: None) is None


@pytest.mark.django_db
@pytest.mark.parametrize("method", ["get", "post"])
@pytest.mark.parametrize(("name", "pattern"), VIEWS, ids=ids(VIEWS))
def test_an_anonymous_visitor_is_sent_to_login(client, place, name, pattern, method):
    url = url_for(name, pattern, place)
    response = getattr(client, method)(url)
    if response.status_code == 405 and not takes(pattern.callback, method):
        return
    assert is_login_redirect(response), (name, method, response.status_code)


@pytest.mark.django_db
@pytest.mark.parametrize("method", ["get", "post"])
@pytest.mark.parametrize("who", ["worker", "lead"])
@pytest.mark.parametrize(("name", "pattern"), WITH_OBJECT, ids=ids(WITH_OBJECT))
def test_someone_of_another_team_gets_404(client, request, place, name, pattern, who, method):
    """``worker`` and ``lead`` are of Team Oost; the object is in Westerbuurt."""
    client.force_login(request.getfixturevalue(who))
    url = url_for(name, pattern, place)
    response = getattr(client, method)(url)
    if response.status_code == 405 and not takes(pattern.callback, method):
        return
    assert response.status_code == 404, (name, who, method, response.status_code)


ADMIN_CASES = [
    pytest.param(name, pattern, method, id=f"{name}-{method}")
    for name, pattern in WITH_OBJECT
    for method in ("get", "post")
    if takes(pattern.callback, method)
]


@pytest.mark.django_db
@pytest.mark.parametrize(("name", "pattern", "method"), ADMIN_CASES)
def test_an_admin_gets_the_same_object(client, admin_user, place, name, pattern, method):
    """The other side of the 404s above: the object is real and the view
    works, for someone who may see it (an empty POST is refused by the form
    or does what the button does)."""
    client.force_login(admin_user)
    response = getattr(client, method)(url_for(name, pattern, place))
    assert response.status_code < 400, (name, method, response.status_code)
    assert not is_account_redirect(response), (name, method, response["Location"])


@pytest.mark.django_db
@pytest.mark.parametrize(("name", "pattern"), POST_ONLY, ids=ids(POST_ONLY))
def test_get_on_a_post_only_view_is_405(client, admin_user, place, name, pattern):
    client.force_login(admin_user)
    url = url_for(name, pattern, place)
    before = row_counts()
    response = client.get(url)
    assert response.status_code == 405
    assert "POST" in response["Allow"]
    assert changes(before, row_counts()) == {}


@pytest.mark.django_db
@pytest.mark.parametrize(("name", "pattern"), GET_AND_POST, ids=ids(GET_AND_POST))
def test_a_view_that_takes_get_and_post_answers_get_with_a_form(
    client, request, place, name, pattern
):
    """A view that changes things on POST may take GET only to show its
    form; anything else that changes things is ``require_POST``."""
    user = request.getfixturevalue("admin_user" if pattern.pattern.converters else "worker")
    client.force_login(user)
    url = url_for(name, pattern, place)
    response = client.get(url)
    if name in GET_WITHOUT_FORM:
        assert response.status_code in (200, 302)
        return
    assert response.status_code == 200, (name, response.status_code)
    assert b'method="post"' in response.content.lower(), f"{name}: no form on GET"


@pytest.mark.django_db
@pytest.mark.parametrize(("name", "pattern"), TAKES_GET, ids=ids(TAKES_GET))
def test_get_writes_nothing(client, request, place, name, pattern):
    """Reads are safe: no row anywhere in the project's tables (the
    read-access log aside) changes on GET."""
    user = request.getfixturevalue("admin_user" if pattern.pattern.converters else "worker")
    client.force_login(user)
    url = url_for(name, pattern, place)
    before = row_counts()
    response = client.get(url)
    assert response.status_code < 500
    assert changes(before, row_counts()) == {}, name


@pytest.mark.django_db
@pytest.mark.parametrize(("name", "pattern"), GET_ONLY, ids=ids(GET_ONLY))
def test_post_on_a_view_that_only_reads_is_405(client, request, place, name, pattern):
    """List and detail pages answer POST with 405 and write nothing, for
    someone who may see them."""
    user = request.getfixturevalue("admin_user" if pattern.pattern.converters else "worker")
    client.force_login(user)
    url = url_for(name, pattern, place)
    before = row_counts()
    response = client.post(url, {"submission_token": str(uuid.uuid4())})
    assert response.status_code == 405, (name, response.status_code)
    assert response["Allow"] == "GET, HEAD"
    assert changes(before, row_counts()) == {}, name
