"""The board of open needs and offers of one neighbourhood
(``matches.selectors.board``): filter by category, age and candidates; a
need without candidates says why (``matches.selectors.nobody``).

The neighbourhood is chosen with ``?buurt=<id>`` among the user's (the
first of them by default); any other id is a 404, as for an object outside
the user's neighbourhoods."""

from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import render
from django.urls import path
from django.views.decorators.http import require_safe

from accesslog.models import AccessEvent
from accesslog.services import log_access
from contacts.models import Consent
from contacts.selectors.heard import active_categories
from matches.forms.board import BoardFilterForm
from matches.selectors import board as selectors

PAGE_SIZE = 25


def _chosen_neighbourhood(request, neighbourhoods):
    """The neighbourhood of ``?buurt=`` among ``neighbourhoods`` (the first
    without it); Http404 for any other value, and when there are none."""
    value = request.GET.get("buurt", "")
    if not value:
        if not neighbourhoods:
            raise Http404
        return neighbourhoods[0]
    for neighbourhood in neighbourhoods:
        if str(neighbourhood.pk) == value:
            return neighbourhood
    raise Http404


@login_required
@require_safe
def board(request):
    user = request.user
    neighbourhoods = list(selectors.board_neighbourhoods(user=user))
    neighbourhood = _chosen_neighbourhood(request, neighbourhoods)
    filters = BoardFilterForm(
        request.GET or None, neighbourhoods=neighbourhoods, categories=active_categories()
    )
    # An invalid filter is shown beside its field; the valid ones still apply.
    chosen = {}
    if filters.is_bound:
        filters.is_valid()
        chosen = filters.cleaned_data
    kind = chosen.get("soort") or selectors.Kind.NEEDS
    state = chosen.get("staat") or None
    items = selectors.board_items(
        user=user,
        neighbourhood=neighbourhood,
        kind=kind,
        category=chosen.get("categorie"),
        age=chosen.get("leeftijd") or None,
        state=state,
    )
    page = selectors.board_page(items, request.GET.get("page"), per_page=PAGE_SIZE, state=state)
    rows = page.object_list
    reasons = selectors.board_reasons(rows, user=user)
    for item in rows:
        item.why_none = reasons.get(item.pk)
        item.refusal = item.resident.why_not(Consent.MATCH)
    query = request.GET.copy()
    query.pop("page", None)
    log_access(request, AccessEvent.What.BOARD, residents=[item.resident for item in rows])
    return render(
        request,
        "matches/board.html",
        {
            "neighbourhood": neighbourhood,
            "kind": kind,
            "is_needs": kind == selectors.Kind.NEEDS,
            "filters": filters,
            "page": page,
            "rows": rows,
            "page_query": f"{query.urlencode()}&" if query else "",
        },
    )


urlpatterns = [
    path("vraag-en-aanbod/", board, name="board"),
]
