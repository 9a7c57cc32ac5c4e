"""Reads for initiatives: the list, the initiative page and a resident's
memberships. Members who live in neighbourhoods the user does not work in
are counted, never loaded: their names stay out of the page."""

import dataclasses

from django.db.models import Case, Count, Exists, OuterRef, Prefetch, Q, Value, When
from django.shortcuts import get_object_or_404

from contacts.models import Availability, Initiative, InitiativeMember, Need, Resident, Talent
from neighbourhoods.models import Neighbourhood

SHOW_ACTIVE = "active"
SHOW_ALL = "all"
SHOWS = (SHOW_ACTIVE, SHOW_ALL)


def _active_members(**extra):
    return Q(members__resident__status=Resident.Status.ACTIVE, **extra)


def _neighbourhoods():
    return Prefetch("neighbourhoods", queryset=Neighbourhood.objects.order_by("name"))


# Open first, then matched, then no longer relevant.
_STATUS_ORDER = Case(
    When(status=Talent.Status.OPEN, then=Value(0)),
    When(status=Talent.Status.MATCHED, then=Value(1)),
    default=Value(2),
)

_ORGANISERS_FIRST = Case(
    When(role=InitiativeMember.Role.ORGANISER, then=Value(0)), default=Value(1)
)


def _heard(model, *, to_attr, only_open=False):
    """Prefetch an initiative's talents or needs with their categories, open
    ones first."""
    heard = model.objects.select_related("category").defer("search_vector")
    if only_open:
        heard = heard.open()
    return Prefetch(
        "talents" if model is Talent else "needs",
        queryset=heard.order_by(_STATUS_ORDER, "category__position", "category__name", "pk"),
        to_attr=to_attr,
    )


def initiatives_for_list(*, user, show=SHOW_ACTIVE):
    """The initiatives in ``user``'s neighbourhoods (only active ones unless
    ``show`` is SHOW_ALL), by name, each with ``member_count`` (active
    residents), its neighbourhoods and its open talents (``offers``) and
    needs (``needs_open``) with their categories. A page of them takes four
    queries: the initiatives with the count, neighbourhoods, talents, needs."""
    initiatives = Initiative.objects.visible_to(user)
    if show == SHOW_ALL:
        initiatives = initiatives.order_by("-is_active", "name", "pk")
    else:
        initiatives = initiatives.active().order_by("name", "pk")
    return initiatives.annotate(
        member_count=Count("members", filter=_active_members())
    ).prefetch_related(
        _neighbourhoods(),
        _heard(Talent, to_attr="offers", only_open=True),
        _heard(Need, to_attr="needs_open", only_open=True),
    )


def category_labels(heard):
    """The distinct category labels of ``heard`` (talents or needs), in order."""
    return list(dict.fromkeys(item.category.label for item in heard))


def availability_labels(heard):
    """The parts of the week of a talent or need, as labels (no query)."""
    return [Availability(code).label for code in heard.availability]


@dataclasses.dataclass
class InitiativePage:
    initiative: Initiative
    neighbourhoods: list
    #: The members the user may see (with their resident), organisers first.
    members: list
    #: How many active members live outside the user's neighbourhoods.
    hidden_member_count: int
    offers: list
    needs: list

    @property
    def member_count(self):
        """Active members, as in the list (a moved member is still shown)."""
        active = [m for m in self.members if m.resident.status == Resident.Status.ACTIVE]
        return len(active) + self.hidden_member_count


def initiative_page(*, user, pk):
    """Everything the initiative page shows, in five queries whatever the
    number of rows: the initiative with the count of members ``user`` may
    not see; its neighbourhoods; the members ``user`` may see, with their
    resident and neighbourhood; its talents and its needs with their
    categories. Http404 when ``user`` may not see the initiative."""
    visible_residents = Resident.objects.visible_to(user)
    initiative = get_object_or_404(
        Initiative.objects.visible_to(user)
        .annotate(
            hidden_member_count=Count(
                "members", filter=_active_members() & ~Q(members__resident__in=visible_residents)
            )
        )
        .prefetch_related(
            _neighbourhoods(),
            Prefetch(
                "members",
                queryset=InitiativeMember.objects.filter(resident__in=visible_residents)
                .select_related("resident__neighbourhood")
                .order_by(_ORGANISERS_FIRST, "resident__name", "pk"),
                to_attr="visible_members",
            ),
            _heard(Talent, to_attr="talent_list"),
            _heard(Need, to_attr="need_list"),
        ),
        pk=pk,
    )
    for item in (*initiative.talent_list, *initiative.need_list):
        item.availability_labels = availability_labels(item)
    return InitiativePage(
        initiative=initiative,
        neighbourhoods=list(initiative.neighbourhoods.all()),
        members=initiative.visible_members,
        hidden_member_count=initiative.hidden_member_count,
        offers=initiative.talent_list,
        needs=initiative.need_list,
    )


def memberships_for_resident(resident, *, user=None):
    """``resident``'s InitiativeMember rows with their initiatives, active
    initiatives first (one query). Each row's ``can_open`` tells whether
    ``user`` may open the initiative's page (always True without ``user``);
    an initiative only in other neighbourhoods is shown by name."""
    memberships = InitiativeMember.objects.filter(resident=resident).select_related("initiative")
    if user is None:
        can_open = Value(True)
    else:
        can_open = Exists(Initiative.objects.visible_to(user).filter(pk=OuterRef("initiative_id")))
    return memberships.annotate(can_open=can_open).order_by(
        "-initiative__is_active", "initiative__name", "pk"
    )
