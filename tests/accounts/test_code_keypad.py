"""Two-factor code fields bring up the number keypad on a phone
(accounts.forms, settings.MFA_FORMS)."""

import pytest

from accounts.forms import AuthenticateForm, ReauthenticateForm

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("form_class", [AuthenticateForm, ReauthenticateForm])
def test_the_code_field_asks_for_digits_and_a_one_time_code(form_class, lead):
    html = str(form_class(user=lead)["code"])
    assert 'inputmode="numeric"' in html
    assert 'autocomplete="one-time-code"' in html


def test_allauth_uses_these_forms(settings):
    assert settings.MFA_FORMS == {
        "authenticate": "accounts.forms.AuthenticateForm",
        "reauthenticate": "accounts.forms.ReauthenticateForm",
        "activate_totp": "accounts.forms.ActivateTOTPForm",
    }
