from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render

from neighbourhoods import selectors


@login_required
def home(request):
    return render(
        request,
        "home.html",
        {
            "neighbourhoods": selectors.neighbourhoods_for_home(user=request.user),
            "teams": selectors.teams_for_home(user=request.user),
        },
    )


def signup_closed(request):
    """Nobody signs up: accounts are made by an admin."""
    return redirect("account_login")
