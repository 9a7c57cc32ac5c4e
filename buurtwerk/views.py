from django.shortcuts import redirect


def signup_closed(request):
    """Nobody signs up: accounts are made by an admin."""
    return redirect("account_login")
