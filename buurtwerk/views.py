from django.http import HttpResponse
from django.shortcuts import redirect
from django.views.decorators.http import require_safe


def signup_closed(request):
    """Nobody signs up: accounts are made by an admin."""
    return redirect("account_login")


@require_safe
def health(request):
    """The process answers: for a load balancer's health check, and the
    trivial page of the same stack that ``bench_pages --http`` compares the
    pages' throughput with: every middleware and the transaction of
    ``ATOMIC_REQUESTS`` (so it needs the database), no query of its own.
    Open to anyone; says nothing but "ok"."""
    return HttpResponse("ok", content_type="text/plain; charset=utf-8")
