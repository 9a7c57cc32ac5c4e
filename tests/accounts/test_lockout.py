"""Lockout after 5 failed logins per account (or, when the login names no
account, per login typed) and address (django-axes), shown on the login
page, the same for real and made-up usernames."""

import re
from datetime import timedelta

import pytest
from axes.models import AccessAttempt
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from tests.accounts.helpers import clock, log_in

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english_and_empty_cache")]

WRONG = "niet-het-goede-wachtwoord"
LOCKED = "Too many failed login attempts. Try again in 15 minutes"


def fail(client, login, times, **extra):
    for _ in range(times):
        response = log_in(client, login, WRONG, **extra)
    return response


def form_error(response):
    match = re.search(
        r'<div class="alert alert-danger" role="alert">(.*?)</div>\s*</div>',
        response.content.decode(),
        re.S,
    )
    assert match, response.content.decode()
    return " ".join(match.group(1).split())


def test_four_failures_only_say_the_password_is_wrong(client, user):
    response = fail(client, "wendy", 4)
    assert response.status_code == 200
    assert LOCKED not in response.content.decode()
    assert log_in(client, "wendy")["Location"] == reverse("home")


def test_the_fifth_failure_locks_out_on_the_login_page_keeping_the_username(client, user):
    fail(client, "wendy", 4)
    response = log_in(client, "wendy", WRONG)
    assert response.status_code == 429
    content = response.content.decode()
    assert LOCKED in content
    assert 'class="alert alert-danger" role="alert"' in content
    assert 'value="wendy"' in content
    assert WRONG not in content


def test_a_locked_out_user_cannot_log_in_with_the_right_password(client, user):
    fail(client, "wendy", 5)
    response = log_in(client, "wendy")
    assert response.status_code == 429
    assert LOCKED in response.content.decode()
    assert "_auth_user_id" not in client.session
    assert client.get(reverse("home")).status_code == 302


def test_an_unknown_username_gets_the_same_lockout_message(client, user):
    known = fail(client, "wendy", 5)
    unknown = fail(client, "niemand", 5)
    assert unknown.status_code == known.status_code == 429
    assert form_error(unknown) == form_error(known)
    assert LOCKED in form_error(unknown)


def test_capitals_and_spaces_count_as_one_login(client, user):
    fail(client, "Wendy", 2)
    fail(client, "wendy ", 3)
    assert AccessAttempt.objects.get().username == "wendy"
    assert LOCKED in log_in(client, "wendy").content.decode()


ALTERNATING = ["wendy", "Wendy@Example.org", "wendy@example.org ", "WENDY", "wendy@example.org"]


@pytest.mark.parametrize(
    "logins",
    [["wendy"] * 5, ["wendy@example.org"] * 5, ALTERNATING],
    ids=["username", "email", "alternating"],
)
def test_alternating_username_and_email_locks_after_as_many_failures(client, user, logins):
    """One count per account (issue 11, point 7): the username and the
    e-mail address of one account no longer count apart (10 tries instead
    of 5)."""
    *first, last = logins
    for login in first:
        assert log_in(client, login, WRONG).status_code == 200
    assert log_in(client, last, WRONG).status_code == 429
    for login in ("wendy", "wendy@example.org"):
        response = log_in(client, login)
        assert response.status_code == 429, login
        assert LOCKED in response.content.decode()
    assert AccessAttempt.objects.get().username == "wendy"


def test_a_login_with_the_email_address_resets_the_accounts_count(client, user):
    fail(client, "wendy", 4)
    assert log_in(client, "wendy@example.org")["Location"] == reverse("home")
    client.post(reverse("account_logout"))
    response = fail(client, "wendy", 4)
    assert LOCKED not in response.content.decode()
    assert AccessAttempt.objects.get().failures_since_start == 4


def test_a_login_that_names_no_account_counts_what_was_typed(client, user):
    """Nothing is looked up beyond what the login form looks up, and a
    made-up login locks after the same 5 failures as a real one."""
    fail(client, "Niemand@example.org", 4)
    assert LOCKED in fail(client, "niemand@example.org", 1).content.decode()
    assert AccessAttempt.objects.get().username == "niemand@example.org"
    assert log_in(client, "wendy@example.org")["Location"] == reverse("home")


def test_the_lock_is_per_username_and_address(client, user):
    fail(client, "wendy", 5)
    other_address = log_in(client, "wendy", REMOTE_ADDR="192.0.2.7")
    assert other_address["Location"] == reverse("home")


def test_a_successful_login_resets_the_count(client, user):
    fail(client, "wendy", 4)
    log_in(client, "wendy")
    client.post(reverse("account_logout"))
    response = fail(client, "wendy", 4)
    assert LOCKED not in response.content.decode()
    assert AccessAttempt.objects.get().failures_since_start == 4


def test_the_lock_ends_after_15_minutes(client, user):
    start = timezone.now()
    with clock(start):
        fail(client, "wendy", 5)
    with clock(start + timedelta(minutes=14)):
        assert LOCKED in log_in(client, "wendy").content.decode()
    with clock(start + timedelta(minutes=15, seconds=1)):
        assert log_in(client, "wendy")["Location"] == reverse("home")


def test_attempts_during_the_lock_do_not_extend_it(client, user):
    start = timezone.now()
    with clock(start):
        fail(client, "wendy", 5)
    with clock(start + timedelta(minutes=10)):
        fail(client, "wendy", 3)
    with clock(start + timedelta(minutes=15, seconds=1)):
        assert log_in(client, "wendy")["Location"] == reverse("home")


def test_the_command_unlocks_a_username(client, user):
    fail(client, "wendy", 5)
    call_command("axes_reset_username", "wendy")
    assert log_in(client, "wendy")["Location"] == reverse("home")


def test_an_admin_unlocks_in_the_admin(client, user, admin_user):
    fail(client, "wendy", 5)
    attempt = AccessAttempt.objects.get(username="wendy")
    admin = client.__class__()
    admin.force_login(admin_user)
    changelist = admin.get(reverse("admin:axes_accessattempt_changelist"))
    assert "wendy" in changelist.content.decode()
    response = admin.post(
        reverse("admin:axes_accessattempt_delete", args=[attempt.pk]), {"post": "yes"}
    )
    assert response.status_code == 302
    assert log_in(client, "wendy")["Location"] == reverse("home")


def test_the_attempt_records_the_username_and_address_but_no_password(client, user):
    fail(client, "wendy", 1)
    attempt = AccessAttempt.objects.get()
    assert (attempt.username, attempt.ip_address) == ("wendy", "127.0.0.1")
    assert WRONG not in attempt.post_data


def test_behind_a_trusted_proxy_the_forwarded_address_counts(client, user, settings):
    settings.TRUSTED_PROXIES = 1
    fail(client, "wendy", 5, HTTP_X_FORWARDED_FOR="198.51.100.4")
    assert AccessAttempt.objects.get().ip_address == "198.51.100.4"
    response = log_in(client, "wendy", HTTP_X_FORWARDED_FOR="198.51.100.5")
    assert response["Location"] == reverse("home")


def test_the_admin_login_takes_no_password_it_sends_to_the_one_login(client, admin_user):
    """So the lockout (and two-factor login) of that one login hold there too."""
    response = client.post(
        reverse("admin:login"), {"username": "beheerder", "password": "een-lang-testwachtwoord"}
    )
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))
    assert "_auth_user_id" not in client.session
