"""factory-boy factories for accounts: users, and the login records of
django-axes and allauth (sessions, authenticators). Every name here is made
up."""

import factory
from django.utils import timezone

from accounts.models import Role, User

DEFAULT_PASSWORD = "een-lang-testwachtwoord"


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"gebruiker{n}")
    first_name = factory.Sequence(lambda n: f"Voornaam{n}")
    last_name = "Testpersoon"
    email = factory.LazyAttribute(lambda u: f"{u.username}@example.org")
    role = Role.WORKER
    password = factory.django.Password(DEFAULT_PASSWORD)


# A made-up base32 TOTP secret for tests; codes for it come from
# allauth.mfa.totp.internal.auth.hotp_value / format_hotp_value.
TOTP_SECRET = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"


def add_totp(user, secret=TOTP_SECRET):
    """Give ``user`` an authenticator app (encrypted like a real one) and
    recovery codes; returns the TOTP ``Authenticator``."""
    from allauth.mfa.recovery_codes.internal.auth import RecoveryCodes
    from allauth.mfa.totp.internal.auth import TOTP

    authenticator = TOTP.activate(user, secret).instance
    RecoveryCodes.activate(user)
    return authenticator


class AccessAttemptFactory(factory.django.DjangoModelFactory):
    """A failed-login record of django-axes (the admin's "Access attempts")."""

    class Meta:
        model = "axes.AccessAttempt"

    username = factory.Sequence(lambda n: f"gebruiker{n}")
    ip_address = "192.0.2.1"
    user_agent = "Testbrowser"
    get_data = ""
    post_data = "login=gebruiker"
    http_accept = "text/html"
    path_info = "/account/login/"
    failures_since_start = 1
    attempt_time = factory.LazyFunction(timezone.now)


class AccessLogFactory(factory.django.DjangoModelFactory):
    """A login record of django-axes (the admin's "Access logs")."""

    class Meta:
        model = "axes.AccessLog"

    username = factory.Sequence(lambda n: f"gebruiker{n}")
    ip_address = "192.0.2.1"
    user_agent = "Testbrowser"
    http_accept = "text/html"
    path_info = "/account/login/"


class AccessFailureLogFactory(AccessLogFactory):
    """A failed login as django-axes logs it (the admin's "Access failures")."""

    class Meta:
        model = "axes.AccessFailureLog"


class UserSessionFactory(factory.django.DjangoModelFactory):
    """A row of allauth's session list (without a real session behind it)."""

    class Meta:
        model = "usersessions.UserSession"

    user = factory.SubFactory(UserFactory)
    ip = "192.0.2.1"
    session_key = factory.Sequence(lambda n: f"sessie{n:034d}")
    user_agent = "Testbrowser"


class AuthenticatorFactory(factory.django.DjangoModelFactory):
    """An authenticator app (allauth.mfa), its secret encrypted like a real one."""

    class Meta:
        model = "mfa.Authenticator"

    user = factory.SubFactory(UserFactory)
    type = "totp"
    data = factory.LazyFunction(lambda: {"secret": _encrypt(TOTP_SECRET)})


def _encrypt(text):
    from allauth.mfa.utils import encrypt

    return encrypt(text)
