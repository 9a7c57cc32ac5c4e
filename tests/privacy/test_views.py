"""Who reaches the privacy pages (team leads and admins, for residents they
see), and the erasure page: confirmation on GET, anonymisation on POST,
the error next to the checkbox, a harmless second POST."""

import pytest
from django.conf import settings
from django.urls import reverse

from accesslog.models import AccessEvent
from accounts.models import Role
from contacts.models import Resident
from neighbourhoods.models import Membership
from privacy.services import ANONYMISED_NAME
from tests.access_rows import no_row, one_row
from tests.accounts.factories import UserFactory, add_totp
from tests.contacts.factories import NeedFactory
from tests.matches.factories import MatchFactory
from tests.neighbourhoods.factories import MembershipFactory

pytestmark = pytest.mark.django_db

VIEWS = ["privacy:resident_export", "privacy:resident_export_json", "privacy:resident_anonymise"]


def url(name, resident):
    return reverse(name, args=[resident.pk])


@pytest.fixture
def other_lead(other_team):
    user = UserFactory(username="leiderwest", role=Role.TEAM_LEAD)
    MembershipFactory(team=other_team, user=user, role=Membership.Role.LEAD)
    add_totp(user)  # a lead without an authenticator app only reaches the set-up page
    return user


def logged_in(client, user):
    client.force_login(user)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return client


@pytest.mark.parametrize("name", VIEWS)
def test_a_lead_and_an_admin_reach_them(client, lead, admin_user, resident, name):
    for user in (lead, admin_user):
        assert logged_in(client, user).get(url(name, resident)).status_code == 200


@pytest.mark.parametrize("name", VIEWS)
def test_a_worker_gets_404_even_for_their_own_residents(client, worker, resident, name):
    assert logged_in(client, worker).get(url(name, resident)).status_code == 404


@pytest.mark.parametrize("name", VIEWS)
def test_a_lead_of_another_team_gets_404(client, other_lead, resident, name):
    assert logged_in(client, other_lead).get(url(name, resident)).status_code == 404


@pytest.mark.parametrize("name", VIEWS)
def test_an_anonymous_visitor_is_sent_to_login(client, resident, name):
    response = client.get(url(name, resident))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))


@pytest.mark.parametrize("name", ["privacy:resident_export", "privacy:resident_export_json"])
def test_the_exports_refuse_post(client, lead, resident, name):
    assert logged_in(client, lead).post(url(name, resident)).status_code == 405


def test_a_worker_cannot_anonymise_by_post(client, worker, resident):
    response = logged_in(client, worker).post(
        url("privacy:resident_anonymise", resident), {"confirm": "on"}
    )
    assert response.status_code == 404
    resident.refresh_from_db()
    assert resident.name == "Anna de Vries"


def test_the_resident_page_links_to_export_and_erasure_for_a_lead_only(
    client, lead, worker, resident
):
    detail = reverse("contacts:resident_detail", args=[resident.pk])
    content = logged_in(client, lead).get(detail).content.decode()
    for name in VIEWS:
        assert url(name, resident) in content
    content = logged_in(client, worker).get(detail).content.decode()
    assert url("privacy:resident_export", resident) not in content


# The erasure page


def test_get_shows_what_will_happen_and_changes_nothing(
    client, lead, resident, django_assert_num_queries
):
    MatchFactory(need=NeedFactory(resident=resident), proposed_by=lead)
    client = logged_in(client, lead)
    # savepoint, session, user, the resident with neighbourhood, the matches
    # in progress, the access-log row, release
    with django_assert_num_queries(7):
        response = client.get(url("privacy:resident_anonymise", resident))
    content = response.content.decode()
    assert "This cannot be undone." in content
    assert "1 match in progress is stopped." in content
    assert 'name="confirm"' in content
    resident.refresh_from_db()
    assert resident.status == Resident.Status.ACTIVE


def test_post_without_the_checkbox_shows_the_error_next_to_it(client, lead, resident):
    response = logged_in(client, lead).post(url("privacy:resident_anonymise", resident), {})
    assert response.status_code == 200
    assert response.context["form"].errors == {"confirm": ["Tick this box to confirm."]}
    assert 'id="error_1_id_confirm"' in response.content.decode()
    resident.refresh_from_db()
    assert resident.status == Resident.Status.ACTIVE


def test_post_anonymises_and_goes_back_to_the_resident_page(client, lead, resident):
    client = logged_in(client, lead)
    response = client.post(url("privacy:resident_anonymise", resident), {"confirm": "on"})
    detail = reverse("contacts:resident_detail", args=[resident.pk])
    assert response.status_code == 302
    assert response["Location"] == detail
    resident.refresh_from_db()
    assert (resident.name, resident.status) == (ANONYMISED_NAME, "anonymised")
    row = AccessEvent.objects.get(what="erasure")
    assert (row.user, row.residents, row.ip) == (lead, [resident.pk], "127.0.0.1")
    page = client.get(detail)
    assert "The resident is anonymised." in page.content.decode()
    assert ANONYMISED_NAME in page.content.decode()
    assert url("privacy:resident_anonymise", resident) not in page.content.decode()


def test_a_second_post_is_harmless(client, lead, resident):
    client = logged_in(client, lead)
    client.post(url("privacy:resident_anonymise", resident), {"confirm": "on"})
    response = client.post(url("privacy:resident_anonymise", resident), {"confirm": "on"})
    assert response.status_code == 302
    assert AccessEvent.objects.filter(what="erasure").count() == 1
    page = client.get(response["Location"])
    assert "This resident was already anonymised." in page.content.decode()


def test_get_after_anonymising_says_so(client, lead, resident):
    Resident.objects.filter(pk=resident.pk).update(status="anonymised")
    response = logged_in(client, lead).get(url("privacy:resident_anonymise", resident))
    assert "This resident is already anonymised." in response.content.decode()
    assert 'name="confirm"' not in response.content.decode()


def test_the_erasure_page_refuses_other_methods(client, lead, resident):
    response = logged_in(client, lead).put(url("privacy:resident_anonymise", resident))
    assert response.status_code == 405


# The erasure page in the access log: it shows the resident's name.


def test_the_erasure_page_writes_one_access_log_row(client, lead, resident):
    client = logged_in(client, lead)
    _response, row = one_row(lambda: client.get(url("privacy:resident_anonymise", resident)))
    assert (row.what, row.user, row.residents) == ("erasure_page", lead, [resident.pk])
    _response, row = one_row(lambda: client.post(url("privacy:resident_anonymise", resident)))
    assert row.what == "erasure_page"  # shown again with the error


def test_the_erasure_itself_writes_only_its_own_row(client, lead, resident):
    client = logged_in(client, lead)
    _response, row = one_row(
        lambda: client.post(url("privacy:resident_anonymise", resident), {"confirm": "on"})
    )
    assert row.what == "erasure"  # the page is not shown again: a redirect


@pytest.mark.parametrize("who", ["worker", "other_lead"])
def test_the_erasure_page_of_another_team_or_for_a_worker_is_404_and_logs_nothing(
    client, request, resident, who
):
    client = logged_in(client, request.getfixturevalue(who))
    response = no_row(lambda: client.get(url("privacy:resident_anonymise", resident)))
    assert response.status_code == 404
