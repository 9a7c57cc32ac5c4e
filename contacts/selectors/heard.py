"""Reads for talents and needs: the resident or item a form is about, the
categories to choose from, and the prefetches the resident page uses."""

from django.db.models import Case, IntegerField, Prefetch, Value, When

from contacts.models import Availability, Category, Need, Resident, Talent
from contacts.models.heard import Heard
from neighbourhoods.scoping import get_visible_or_404

#: Open first, then matched, then no longer relevant.
STATUS_ORDER = Case(
    When(status=Heard.Status.OPEN, then=Value(0)),
    When(status=Heard.Status.MATCHED, then=Value(1)),
    default=Value(2),
    output_field=IntegerField(),
)


def resident_for_heard(*, user, pk):
    """The resident a talent or need is added for, with their
    neighbourhood; Http404 when ``user`` may not see them. One query."""
    return get_visible_or_404(Resident.objects.select_related("neighbourhood"), user, pk=pk)


def heard_for_edit(*, user, model, pk):
    """The talent or need (``model``) to edit, with its resident or
    initiative and category; Http404 when ``user`` may not see it. One
    query."""
    queryset = model.objects.select_related("resident", "initiative", "category").defer(
        "search_vector"
    )
    return get_visible_or_404(queryset, user, pk=pk)


def active_categories():
    """The categories a worker chooses from, in their order, as a list:
    one query."""
    return list(Category.objects.filter(is_active=True).order_by("position", "name"))


def availability_labels(item):
    """The parts of the week of a talent or need, as words."""
    return [Availability(code).label for code in item.availability if code in Availability.values]


def _heard(model, lookup, to_attr, *, also=()):
    return Prefetch(
        lookup,
        queryset=model.objects.select_related("category")
        .prefetch_related(*also)
        .defer("search_vector")
        .order_by(STATUS_ORDER, "-created_at", "-pk"),
        to_attr=to_attr,
    )


def resident_heard_prefetches():
    """Prefetches for a Resident queryset: ``talent_list`` and
    ``need_list``, each with its category, open ones first, newest first;
    the needs with their matches (for ``Need.match_in_progress``). Three
    queries whatever the number of rows (two when there are no needs)."""
    return [
        _heard(Talent, "talents", "talent_list"),
        _heard(Need, "needs", "need_list", also=["matches"]),
    ]
