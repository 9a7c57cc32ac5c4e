"""Sessions: a new id at login, idle and absolute limits, ending sessions on
deactivation and password change, and the user's own session list."""

from datetime import timedelta
from importlib import import_module

import pytest
from allauth.usersessions.models import UserSession
from django.conf import settings as django_settings
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from accounts import sessions
from accounts.middleware import SessionLimitsMiddleware
from tests.accounts.factories import DEFAULT_PASSWORD
from tests.accounts.helpers import clock, log_in

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english_and_empty_cache")]

NEW_PASSWORD = "vier-nieuwe-woorden-hier"


def session_exists(key):
    return import_module(django_settings.SESSION_ENGINE).SessionStore().exists(key)


def logged_in_client(username, address="127.0.0.1"):
    client = Client(REMOTE_ADDR=address, HTTP_USER_AGENT=f"Testbrowser {address}")
    client.cookies[django_settings.LANGUAGE_COOKIE_NAME] = "en"
    assert log_in(client, username)["Location"] == reverse("home")
    return client


def is_logged_in(client):
    return client.get(reverse("home")).status_code == 200


def test_logging_in_gives_a_new_session_id(client, worker):
    session = client.session
    session["bezocht"] = True
    session.save()
    client.cookies[django_settings.SESSION_COOKIE_NAME] = session.session_key
    before = session.session_key
    log_in(client, "werker")
    assert client.session.session_key != before
    assert not session_exists(before)
    assert client.session["bezocht"] is True  # same data, new id


def test_login_starts_both_clocks(client, worker):
    log_in(client, "werker")
    assert client.session[sessions.LOGIN_AT] == client.session[sessions.SEEN_AT]


def test_an_idle_session_ends_after_30_minutes_with_a_message(client, worker):
    start = timezone.now()
    with clock(start):
        client.force_login(worker)
    with clock(start + timedelta(minutes=29)):
        assert is_logged_in(client)
    with clock(start + timedelta(minutes=29 + 30, seconds=1)):
        response = client.get(reverse("home"))
        assert response.status_code == 302
        assert response["Location"] == f"{reverse('account_login')}?next=/"
        page = client.get(response["Location"]).content.decode()
        assert "You were logged out after 30 minutes without activity." in page
        assert not is_logged_in(client)


def test_activity_keeps_a_session_alive_up_to_12_hours(client, worker):
    start = timezone.now()
    with clock(start):
        client.force_login(worker)
    at = start
    while at + timedelta(minutes=25) < start + timedelta(hours=12):
        at += timedelta(minutes=25)
        with clock(at):
            assert is_logged_in(client), at - start
    with clock(start + timedelta(hours=12, seconds=1)):
        response = client.get(reverse("home"))
        assert response["Location"].startswith(reverse("account_login"))
        page = client.get(response["Location"]).content.decode()
        assert "because you had been logged in for 12 hours" in page


def test_the_limits_come_from_the_settings(client, worker, settings):
    settings.SESSION_IDLE_MINUTES = 5
    start = timezone.now()
    with clock(start):
        client.force_login(worker)
    with clock(start + timedelta(minutes=5, seconds=1)):
        assert not is_logged_in(client)


def test_last_activity_is_written_at_most_once_a_minute(worker):
    client = logged_in_client("werker")
    start = timezone.now()
    with clock(start):
        client.get(reverse("home"))
    seen = client.session[sessions.SEEN_AT]
    with clock(start + timedelta(seconds=50)):
        client.get(reverse("home"))
    assert client.session[sessions.SEEN_AT] == seen
    with clock(start + timedelta(seconds=61)):
        client.get(reverse("home"))
    assert client.session[sessions.SEEN_AT] == (start + timedelta(seconds=61)).timestamp()
    assert UserSession.objects.get().last_seen_at == start + timedelta(seconds=61)


def test_a_request_within_the_minute_writes_nothing(worker, rf, django_assert_num_queries):
    client = Client()
    client.force_login(worker)
    request = rf.get("/")
    request.session = client.session
    assert sessions.LOGIN_AT in request.session  # loads it
    with clock(timezone.now() + timedelta(seconds=50)), django_assert_num_queries(0):
        # Nothing read or written beyond the (already loaded) session.
        response = SessionLimitsMiddleware(lambda request: "the page")(request)
    assert response == "the page"
    assert not request.session.modified


def test_deactivating_a_user_ends_all_their_sessions(worker):
    phone, laptop = (
        logged_in_client("werker", "192.0.2.1"),
        logged_in_client("werker", "192.0.2.2"),
    )
    keys = list(UserSession.objects.values_list("session_key", flat=True))
    assert len(keys) == 2
    worker.is_active = False
    worker.save(update_fields=["is_active"])
    assert not any(session_exists(key) for key in keys)
    assert not UserSession.objects.exists()
    assert not is_logged_in(phone) and not is_logged_in(laptop)


def test_deactivating_in_the_admin_ends_the_sessions(worker, admin_user):
    phone = logged_in_client("werker")
    admin = Client()
    admin.force_login(admin_user)
    url = reverse("admin:accounts_user_change", args=[worker.pk])
    form = admin.get(url).context["adminform"].form
    data = {k: v for k, v in form.initial.items() if v is not None and k != "password"}
    data.update(
        {
            "is_active": "",
            "last_login_0": "",
            "last_login_1": "",
            "date_joined_0": worker.date_joined.strftime("%Y-%m-%d"),
            "date_joined_1": worker.date_joined.strftime("%H:%M:%S"),
            "groups": [],
            "user_permissions": [],
            "memberships-TOTAL_FORMS": "0",
            "memberships-INITIAL_FORMS": "0",
        }
    )
    data.pop("is_active")
    response = admin.post(url, data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    worker.refresh_from_db()
    assert not worker.is_active
    assert not is_logged_in(phone)


def test_changing_your_password_ends_your_other_sessions(worker):
    phone, laptop = (
        logged_in_client("werker", "192.0.2.1"),
        logged_in_client("werker", "192.0.2.2"),
    )
    response = laptop.post(
        reverse("account_change_password"),
        {"oldpassword": DEFAULT_PASSWORD, "password1": NEW_PASSWORD, "password2": NEW_PASSWORD},
    )
    assert response.status_code == 302
    assert is_logged_in(laptop)
    assert not is_logged_in(phone)
    remaining = UserSession.objects.purge_and_list(worker)
    assert [session.ip for session in remaining] == ["192.0.2.2"]


def test_an_admin_setting_a_password_ends_all_the_users_sessions(worker, admin_user):
    phone = logged_in_client("werker")
    admin = Client()
    admin.force_login(admin_user)
    url = reverse("admin:auth_user_password_change", args=[worker.pk])
    response = admin.post(
        url, {"password1": NEW_PASSWORD, "password2": NEW_PASSWORD, "usable_password": "true"}
    )
    assert response.status_code == 302
    assert not is_logged_in(phone)
    assert not UserSession.objects.filter(user=worker).exists()
    assert admin.get(reverse("admin:index")).status_code == 200


def test_saving_a_user_otherwise_ends_nothing(worker):
    phone = logged_in_client("werker")
    worker.first_name = "Wanda"
    worker.save()
    assert is_logged_in(phone)


def test_the_session_list_shows_each_session(worker):
    _phone, laptop = (
        logged_in_client("werker", "192.0.2.1"),
        logged_in_client("werker", "192.0.2.2"),
    )
    response = laptop.get(reverse("usersessions_list"))
    assert response.status_code == 200
    content = response.content.decode()
    assert "192.0.2.1" in content and "192.0.2.2" in content
    assert "Testbrowser 192.0.2.1" in content
    assert content.count("Current\n") == 1  # the badge, on the laptop's own row
    assert "Sign Out Other Sessions" in content


def test_the_session_list_ends_the_other_sessions(worker):
    phone, laptop = (
        logged_in_client("werker", "192.0.2.1"),
        logged_in_client("werker", "192.0.2.2"),
    )
    response = laptop.post(reverse("usersessions_list"))
    assert response.status_code == 302
    assert is_logged_in(laptop)
    assert not is_logged_in(phone)
    assert UserSession.objects.filter(user=worker).count() == 1


def test_one_other_session_can_be_ended_from_the_list(worker):
    phone, tablet, laptop = (
        logged_in_client("werker", "192.0.2.1"),
        logged_in_client("werker", "192.0.2.3"),
        logged_in_client("werker", "192.0.2.2"),
    )
    content = laptop.get(reverse("usersessions_list")).content.decode()
    assert content.count('name="end"') == 2  # a button on each other session's row
    phone_session = UserSession.objects.get(user=worker, ip="192.0.2.1")
    response = laptop.post(reverse("accounts:session_end"), {"end": phone_session.pk})
    assert response.status_code == 302
    assert response["Location"] == reverse("usersessions_list")
    assert not is_logged_in(phone)
    assert is_logged_in(tablet) and is_logged_in(laptop)


def test_ending_your_current_session_logs_you_out(worker):
    laptop = logged_in_client("werker", "192.0.2.2")
    current = UserSession.objects.get(user=worker)
    response = laptop.post(reverse("accounts:session_end"), {"end": current.pk})
    assert response["Location"] == reverse("account_login")
    assert not is_logged_in(laptop)


@pytest.mark.parametrize("end", ["other", "", "x", "999999"])
def test_another_users_or_an_unknown_session_is_404(worker, other_worker, end):
    theirs = logged_in_client("anderewerker", "198.51.100.9")
    mine = logged_in_client("werker")
    if end == "other":
        end = UserSession.objects.get(user=other_worker).pk
    assert mine.post(reverse("accounts:session_end"), {"end": end}).status_code == 404
    assert is_logged_in(theirs)


def test_ending_a_session_is_post_only_and_needs_a_login(client, worker):
    assert logged_in_client("werker").get(reverse("accounts:session_end")).status_code == 405
    response = client.post(reverse("accounts:session_end"), {"end": 1})
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))


def test_the_session_list_shows_only_your_own(worker, other_worker):
    logged_in_client("anderewerker", "198.51.100.9")
    content = logged_in_client("werker").get(reverse("usersessions_list")).content.decode()
    assert "198.51.100.9" not in content


def test_the_menu_links_to_the_session_list(worker):
    content = logged_in_client("werker").get(reverse("home")).content.decode()
    assert f'href="{reverse("usersessions_list")}"' in content
