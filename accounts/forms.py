from allauth.account.forms import LoginForm as AllauthLoginForm
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
