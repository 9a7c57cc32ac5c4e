from allauth.account.forms import LoginForm as AllauthLoginForm
from allauth.mfa.base import forms as mfa_forms
from allauth.mfa.totp import forms as totp_forms
from django.core.exceptions import ValidationError

from accounts.lockout import lockout_message


class LoginForm(AllauthLoginForm):
    """Allauth's login form; when django-axes refused the attempt (this one
    was the last allowed, or the username and address are locked out), the
    form error says so, in words that are the same for every username."""

    def clean(self):
        try:
            return super().clean()
        except ValidationError:
            if getattr(self.request, "axes_locked_out", False):
                raise ValidationError(lockout_message(), code="locked_out") from None
            raise


class CodeKeypadMixin:
    """A two-factor code field (``code``) that brings up the number keypad
    on a phone and lets the phone offer a code it received
    (``autocomplete="one-time-code"``). Authenticator codes and allauth's
    recovery codes (``MFA_RECOVERY_CODE_DIGITS``) are digits alike."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["code"].widget.attrs.update(
            {
                "inputmode": "numeric",
                "autocomplete": "one-time-code",
                "autocapitalize": "off",
                "spellcheck": "false",
            }
        )


class AuthenticateForm(CodeKeypadMixin, mfa_forms.AuthenticateForm):
    pass


class ReauthenticateForm(CodeKeypadMixin, mfa_forms.ReauthenticateForm):
    pass


class ActivateTOTPForm(CodeKeypadMixin, totp_forms.ActivateTOTPForm):
    pass
