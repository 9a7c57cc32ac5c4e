from allauth.account.adapter import DefaultAccountAdapter


class AccountAdapter(DefaultAccountAdapter):
    """Accounts are created by an admin; nobody signs up."""

    def is_open_for_signup(self, request):
        return False
