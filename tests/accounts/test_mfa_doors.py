"""Two-factor login cannot be skipped by any door: not the admin's own
login, not a password reset, not a role raised while logged in (by a form
or by a bulk update)."""

import re

import pytest
from django.core import mail
from django.core.cache import cache
from django.urls import reverse

from accounts.models import Role, User
from tests.accounts.factories import DEFAULT_PASSWORD, UserFactory
from tests.accounts.helpers import log_in

pytestmark = pytest.mark.django_db

# Pages a team lead may use and a worker may not: one is enough to tell.
LEAD_ONLY = "matches:review_queue"


@pytest.fixture(autouse=True)
def empty_cache():
    cache.clear()  # used TOTP codes and rate limits


def test_the_admin_login_with_only_a_password_logs_nobody_in(client, admin_user):
    response = client.post(
        reverse("admin:login"), {"username": admin_user.username, "password": DEFAULT_PASSWORD}
    )
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))
    assert "_auth_user_id" not in client.session
    assert client.get(reverse("admin:index")).status_code == 302


def test_the_password_alone_stops_at_the_code_for_an_admin(client, admin_user):
    response = log_in(client, admin_user.username)
    assert response["Location"] == reverse("mfa_authenticate")
    assert "_auth_user_id" not in client.session
    assert client.get(reverse("admin:index")).status_code == 302


def test_a_password_reset_does_not_log_in(client, admin_user, settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    client.post(reverse("account_reset_password"), {"email": admin_user.email})
    link = re.search(r"https?://[^/]+(/\S+)", mail.outbox[-1].body).group(1)
    form = client.get(link, follow=True)
    response = client.post(
        form.redirect_chain[-1][0] if form.redirect_chain else link,
        {"password1": "een-nieuw-lang-wachtwoord", "password2": "een-nieuw-lang-wachtwoord"},
    )
    assert response.status_code == 302
    assert "_auth_user_id" not in client.session
    assert client.get(reverse("admin:index")).status_code == 302


def test_a_worker_made_team_lead_in_a_form_is_logged_out_everywhere(client, worker):
    log_in(client, worker.username)
    assert client.get(reverse("home")).status_code == 200
    worker.role = Role.TEAM_LEAD
    worker.save()
    response = client.get(reverse(LEAD_ONLY))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))
    assert "_auth_user_id" not in client.session


def test_a_worker_made_team_lead_by_a_bulk_update_is_logged_out_at_the_next_page(client, worker):
    log_in(client, worker.username)
    assert client.get(reverse("home")).status_code == 200
    User.objects.filter(pk=worker.pk).update(role=Role.TEAM_LEAD)  # no signal
    response = client.get(reverse(LEAD_ONLY))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))
    assert "_auth_user_id" not in client.session


def test_a_worker_stays_logged_in_when_nothing_about_their_role_changes(client, worker):
    log_in(client, worker.username)
    worker.first_name = "Wim"
    worker.save()
    assert client.get(reverse("home")).status_code == 200
    assert "_auth_user_id" in client.session


def test_a_lead_who_gave_the_code_is_not_sent_away(client, lead):
    client.force_login(lead)  # as at the end of allauth's login, after the code
    assert client.get(reverse(LEAD_ONLY)).status_code == 200


def test_a_new_admin_made_in_a_shell_still_needs_the_code(client):
    admin = UserFactory(username="nieuw", role=Role.ADMIN, is_staff=True)
    assert log_in(client, admin.username)["Location"] != reverse(LEAD_ONLY)
    # Without an app: only the set-up is reachable.
    response = client.get(reverse(LEAD_ONLY))
    assert response.status_code == 302
    assert reverse("mfa_index") in response["Location"]
