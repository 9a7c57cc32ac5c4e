"""Two-factor login with allauth.mfa: an authenticator app (TOTP) plus
single-use recovery codes; required for team leads and admins."""

import time

import pytest
from allauth.mfa.adapter import get_adapter
from allauth.mfa.models import Authenticator
from allauth.mfa.recovery_codes.internal.auth import RecoveryCodes
from allauth.mfa.totp.internal.auth import SECRET_SESSION_KEY
from django.urls import reverse
from django.utils import timezone

from accounts.models import Role
from accounts.sessions import MFA_ENROLMENT_REQUIRED
from tests.accounts.factories import DEFAULT_PASSWORD, TOTP_SECRET, UserFactory, add_totp
from tests.accounts.helpers import clock, log_in, totp_code

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english_and_empty_cache")]

NEW_PAGES = [
    "mfa_index",
    "mfa_activate_totp",
    "mfa_deactivate_totp",
    "mfa_view_recovery_codes",
    "mfa_generate_recovery_codes",
    "mfa_download_recovery_codes",
    "usersessions_list",
]


@pytest.fixture
def new_lead(db):
    """A team lead who has not set up an authenticator app yet."""
    return UserFactory(username="nieuweleider", role=Role.TEAM_LEAD)


def authenticate(client, code):
    return client.post(reverse("mfa_authenticate"), {"code": code})


def reauthenticate(client, next_url=""):
    """allauth asks for the password again before any change to two-factor
    login, even right after logging in."""
    url = reverse("account_reauthenticate")
    return client.post(url, {"password": DEFAULT_PASSWORD, "next": next_url})


@pytest.mark.parametrize("name", NEW_PAGES)
def test_every_new_page_sends_an_anonymous_visitor_to_login(client, name):
    response = client.get(reverse(name))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))


def test_a_lead_with_an_app_is_asked_for_a_code_after_the_password(client, lead):
    response = log_in(client, "leider")
    assert response["Location"] == reverse("mfa_authenticate")
    assert "_auth_user_id" not in client.session
    page = client.get(reverse("mfa_authenticate"))
    assert page.status_code == 200
    assert 'autocomplete="one-time-code"' in page.content.decode()
    assert client.get(reverse("home")).status_code == 302  # not logged in yet

    response = authenticate(client, totp_code())
    assert response["Location"] == reverse("home")
    assert client.get(reverse("home")).status_code == 200


@pytest.mark.parametrize(
    ("steps_ago", "logs_in"), [(-1, True), (1, True), (2, False), (-2, False)]
)
def test_a_code_one_step_off_still_logs_in_two_steps_off_does_not(
    client, lead, steps_ago, logs_in
):
    """The code of the step before (typed just before it changed) or after
    (a phone's clock a little ahead) is accepted; two steps off is not."""
    with clock(timezone.now()):
        log_in(client, "leider")
        response = authenticate(client, totp_code(at=time.time() - 30 * steps_ago))
        assert ("_auth_user_id" in client.session) is logs_in
        if not logs_in:
            assert "Incorrect code." in response.content.decode()


def test_a_wrong_code_does_not_log_in(client, lead):
    log_in(client, "leider")
    wrong = "000000" if totp_code() != "000000" else "111111"
    response = authenticate(client, wrong)
    assert response.status_code == 200
    assert "Incorrect code." in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_a_recovery_code_logs_in_once(client, lead):
    code = RecoveryCodes(
        Authenticator.objects.get(user=lead, type="recovery_codes")
    ).get_unused_codes()[0]
    log_in(client, "leider")
    assert authenticate(client, code)["Location"] == reverse("home")
    client.post(reverse("account_logout"))

    log_in(client, "leider")
    response = authenticate(client, code)
    assert response.status_code == 200
    assert "Incorrect code." in response.content.decode()
    assert "_auth_user_id" not in client.session
    unused = RecoveryCodes(Authenticator.objects.get(user=lead, type="recovery_codes"))
    assert code not in unused.get_unused_codes()
    assert len(unused.get_unused_codes()) == 9


def test_a_lead_without_an_app_can_reach_only_the_setup(client, new_lead, resident):
    response = log_in(client, "nieuweleider")
    assert response["Location"] == reverse("home")
    assert client.session[MFA_ENROLMENT_REQUIRED] is True
    for url in [reverse("home"), reverse("admin:index"), reverse("usersessions_list")]:
        response = client.get(url)
        assert response.status_code == 302, url
        assert response["Location"] == reverse("mfa_activate_totp"), url
    page = client.get(reverse("mfa_activate_totp"), follow=True)
    assert page.redirect_chain[-1][0].startswith(reverse("account_reauthenticate"))
    assert "Your role requires two-factor authentication." in page.content.decode()
    response = reauthenticate(client, reverse("mfa_activate_totp"))
    assert response["Location"] == reverse("mfa_activate_totp")
    page = client.get(reverse("mfa_activate_totp"))
    assert page.status_code == 200
    assert 'src="data:image/svg+xml;base64,' in page.content.decode()
    assert client.get(reverse("mfa_index")).status_code == 200
    assert client.post(reverse("account_logout"))["Location"] == reverse("account_login")


def test_a_lead_sets_up_the_app_and_then_sees_recovery_codes_once(client, new_lead):
    log_in(client, "nieuweleider")
    reauthenticate(client)
    client.get(reverse("mfa_activate_totp"))
    secret = client.session[SECRET_SESSION_KEY]
    response = client.post(reverse("mfa_activate_totp"), {"code": totp_code(secret)})
    assert response["Location"] == reverse("mfa_view_recovery_codes")
    assert MFA_ENROLMENT_REQUIRED not in client.session
    assert client.get(reverse("home")).status_code == 200

    codes = RecoveryCodes(Authenticator.objects.get(user=new_lead, type="recovery_codes"))
    first = client.get(reverse("mfa_view_recovery_codes")).content.decode()
    assert codes.get_unused_codes()[0] in first
    second = client.get(reverse("mfa_view_recovery_codes")).content.decode()
    assert codes.get_unused_codes()[0] not in second


def test_a_wrong_setup_code_shows_an_error_beside_the_field(client, new_lead):
    log_in(client, "nieuweleider")
    reauthenticate(client)
    client.get(reverse("mfa_activate_totp"))
    secret = client.session[SECRET_SESSION_KEY]
    wrong = "000000" if totp_code(secret) != "000000" else "111111"
    response = client.post(reverse("mfa_activate_totp"), {"code": wrong})
    assert response.status_code == 200
    assert "is-invalid" in response.content.decode()
    assert not Authenticator.objects.filter(user=new_lead).exists()
    assert client.session[MFA_ENROLMENT_REQUIRED] is True


def test_an_admin_without_an_app_is_sent_to_set_one_up(client):
    UserFactory(username="nieuwebeheerder", role=Role.ADMIN, is_staff=True)
    log_in(client, "nieuwebeheerder")
    assert client.get(reverse("admin:index"))["Location"] == reverse("mfa_activate_totp")


def test_a_worker_is_not_forced_by_default(client, worker):
    assert log_in(client, "werker")["Location"] == reverse("home")
    assert client.get(reverse("home")).status_code == 200


def test_a_worker_is_forced_when_the_setting_says_so(client, worker, settings):
    settings.MFA_REQUIRED_FOR_WORKERS = True
    log_in(client, "werker")
    assert client.get(reverse("home"))["Location"] == reverse("mfa_activate_totp")


def test_the_secret_and_the_recovery_seed_are_encrypted_at_rest(lead):
    totp = Authenticator.objects.get(user=lead, type="totp")
    assert TOTP_SECRET not in str(totp.data)
    assert get_adapter().decrypt(totp.data["secret"]) == TOTP_SECRET
    seed = Authenticator.objects.get(user=lead, type="recovery_codes").data["seed"]
    assert len(get_adapter().decrypt(seed)) == 80  # 40 random bytes, hex
    assert get_adapter().decrypt(seed) not in str(seed)


def test_a_separate_mfa_key_can_be_set(lead, settings):
    settings.MFA_ENCRYPTION_KEY = "een-aparte-sleutel-voor-tweestapsverificatie"
    encrypted = get_adapter().encrypt("geheim")
    assert get_adapter().decrypt(encrypted) == "geheim"
    settings.MFA_ENCRYPTION_KEY = ""
    with pytest.raises(Exception):  # noqa: B017 - cryptography's InvalidToken
        get_adapter().decrypt(encrypted)


def test_an_old_secret_key_still_decrypts_after_rotation(settings):
    encrypted = get_adapter().encrypt("geheim")
    settings.SECRET_KEY_FALLBACKS = [settings.SECRET_KEY]
    settings.SECRET_KEY = "x" * 60
    assert get_adapter().decrypt(encrypted) == "geheim"


def test_a_lead_cannot_switch_off_the_app(client, lead):
    log_in(client, "leider")
    authenticate(client, totp_code())
    reauthenticate(client)
    page = client.get(reverse("mfa_deactivate_totp"))
    assert "Your role requires two-factor authentication" in page.content.decode()
    client.post(reverse("mfa_deactivate_totp"))
    assert Authenticator.objects.filter(user=lead, type="totp").exists()
    assert "Deactivate" not in client.get(reverse("mfa_index")).content.decode()


def test_a_worker_may_switch_off_an_app_they_chose_to_use(client, worker):
    add_totp(worker)
    log_in(client, "werker")
    authenticate(client, totp_code())
    reauthenticate(client)
    response = client.post(reverse("mfa_deactivate_totp"))
    assert response["Location"] == reverse("mfa_index")
    assert not Authenticator.objects.filter(user=worker).exists()
