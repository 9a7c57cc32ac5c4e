from allauth.account.adapter import DefaultAccountAdapter

from buurtwerk.client_ip import client_ip


class AccountAdapter(DefaultAccountAdapter):
    """Accounts are created by an admin; nobody signs up."""

    def is_open_for_signup(self, request):
        return False

    def pre_authenticate(self, request, **credentials):
        """Failed password logins are counted by django-axes (per username and
        address, in the database, unlockable by an admin), not by allauth's
        cache-based ``login_failed`` limit, which would lock out on its own
        schedule, with its own message, and survive an unlock. That limit
        still guards the two-factor code form."""

    def get_client_ip(self, request):
        """The address shown in the session list: the same one the lockout
        and the access log use. ``0.0.0.0`` rather than an error when there is
        none (a request built by the test client's ``login``)."""
        return client_ip(request) or "0.0.0.0"  # noqa: S104 - an address, not a bind
