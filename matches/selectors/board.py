"""The board of open needs and offers of one neighbourhood (issue 16,
point 6): what is asked and offered there, which of it has candidates, and
for a need without any the reasons why (``matches.selectors.nobody``, the
same rule as the suggestions page).

A board is always of one neighbourhood: a worker chooses among those of
their teams. That keeps every query to the rows of one neighbourhood (a
few hundred open needs where the city has 100,000 residents), read from
the index of the open ones by neighbourhood and category
(``need_open_nbh_category``, ``talent_open_nbh_category``); whether each
row has candidates is one EXISTS per row, from the same indexes, so the
filter on it and the page's count stay cheap. Only residents' needs and
offers are on it: an initiative's are on its own page."""

import datetime

from django.core.paginator import Paginator
from django.db.models import BooleanField, ExpressionWrapper, OuterRef, Subquery, TextChoices
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from contacts.models import Need, Resident, Talent
from matches.models import Match
from matches.selectors.nobody import (
    need_has_candidates,
    talent_has_candidates,
    why_no_suggestions_for,
)
from neighbourhoods.models import Neighbourhood


class Kind(TextChoices):
    """What the board lists (the value is the URL's)."""

    NEEDS = "vraag", _("Needs")
    OFFERS = "aanbod", _("Offers")


class State(TextChoices):
    """Where a need or offer stands (the values are the URL's)."""

    WITH = "met", _("with candidates")
    WITHOUT = "zonder", _("without candidates")
    TAKEN = "bezig", _("match in progress")


#: Age filters: value -> (label, days).
AGES = {
    "2w": (_("older than 2 weeks"), 14),
    "1m": (_("older than a month"), 30),
    "3m": (_("older than 3 months"), 91),
}


def board_neighbourhoods(*, user):
    """The neighbourhoods ``user`` may choose a board of, by name. One query
    (not evaluated)."""
    return Neighbourhood.objects.visible_to(user).order_by("name", "pk")


def _in_progress(model):
    """The id of the match in progress of a need, or (for a talent) the
    first one using it, as a subquery."""
    field = "need" if model is Need else "talent"
    return Subquery(
        Match.objects.in_progress()
        .filter(**{field: OuterRef("pk")})
        .order_by("proposed_at", "pk")
        .values("pk")[:1]
    )


def _rows(model):
    """The open needs (or talents) of active residents as the board shows
    them: the resident and the category loaded, ``match_id`` annotated."""
    return (
        model.objects.open()
        .filter(resident__status=Resident.Status.ACTIVE)
        .select_related("resident", "category")
        .defer("search_vector", "terms")
        .annotate(match_id=_in_progress(model))
    )


def board_items(*, user, neighbourhood, kind=Kind.NEEDS, category=None, age=None, state=None):
    """The open needs (or offers, ``kind``) of residents of ``neighbourhood``
    (one the user may see: ``board_neighbourhoods``), oldest first, each
    with ``has_candidates`` and ``match_id`` (a match in progress: for a
    need, the one that takes it; for a talent, one that uses it), the
    resident and the category loaded. ``category``: a category id;
    ``age``: a key of ``AGES``; ``state``: a ``State``. A QuerySet (one
    query for a page, one for its count)."""
    model = Need if kind == Kind.NEEDS else Talent
    has_candidates = (need_has_candidates if model is Need else talent_has_candidates)(user=user)
    items = (
        _rows(model)
        .filter(neighbourhood=neighbourhood)
        .annotate(has_candidates=ExpressionWrapper(has_candidates, output_field=BooleanField()))
    )
    if category is not None:
        items = items.filter(category=category)
    if age in AGES:
        items = items.filter(created_at__lt=timezone.now() - datetime.timedelta(days=AGES[age][1]))
    if state == State.TAKEN:
        items = items.filter(match_id__isnull=False)
    elif state == State.WITH:
        items = items.filter(match_id__isnull=True, has_candidates=True)
    elif state == State.WITHOUT:
        items = items.filter(match_id__isnull=True, has_candidates=False)
    return items.order_by("created_at", "pk")


def board_page(items, number, *, per_page, state=None):
    """Page ``number`` of ``items`` (``board_items`` with ``state``), its
    ``object_list`` the items of the page. When the state asks for
    candidates or none, the candidates decide which items are on the board
    at all: their ids are read once, in order (one query testing every
    item), and the page's items loaded by id (one query testing those),
    instead of a page and a count that would each test every item. The
    page's items are not tested again: the ids say what they have (testing
    cost more in planning, about 15 ms on the large data, than the page
    itself took to read)."""
    if state not in (State.WITH, State.WITHOUT):
        page = Paginator(items, per_page).get_page(number)
        page.object_list = list(page.object_list)
        return page
    page = Paginator(list(items.values_list("pk", flat=True)), per_page).get_page(number)
    # An item taken or closed since the ids were read is left out.
    by_pk = _rows(items.model).filter(match_id__isnull=True).in_bulk(page.object_list)
    page.object_list = [by_pk[pk] for pk in page.object_list if pk in by_pk]
    for item in page.object_list:
        item.has_candidates = state == State.WITH
    return page


def board_reasons(items, *, user):
    """For the needs of a board's page: {need id: WhyNone} of those without
    candidates and without a match in progress whose resident may be
    matched (of one who may not, the page says that instead). One query,
    none when there are none."""
    without = [
        item
        for item in items
        if isinstance(item, Need)
        and not item.has_candidates
        and item.match_id is None
        and item.resident.may_be_matched
    ]
    return why_no_suggestions_for(without, user=user)
