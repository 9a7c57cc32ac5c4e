"""Why a need has no suggestions, and what the worker can do; and, for the
board of needs and offers, whether a need or an offer has candidates at all.

The suggestions (``matches.suggestions``) look for residents of the need's
district with an open talent of its category (or sharing its words nearby).
When they find nobody, the page says which of these stopped them, counting
the residents of the district (other than the resident with the need) with
an open talent of the need's category, the first that applies:

- ``nobody``: there are none;
- ``no_consent``: there are, but none may be matched (no consent to
  matching, moved, anonymised);
- ``all_tried``: those who may be matched were all matched with this need
  before (a match rejected or ended);
- ``not_yours``: those left live in neighbourhoods outside the user's teams.

Each comes with what the worker can do (``ACTIONS``).

The board (``matches.selectors.board``) asks the same question of every
open need of a neighbourhood, as SQL (``need_has_candidates``): a need has
candidates when its resident may be matched and one of those residents is
left after the four steps above, or an active initiative of the district
that the resident has not joined, and was not matched with before, offers
its category, or (for a gift of the heart) a neighbour who may be matched
wants the same (a shared interest). Candidates through words alone
(another category, the same neighbourhood) are left out there: the
suggestions page may still find some. ``talent_has_candidates`` asks it
the other way round for an offer: an open need of its category in the
district, of a resident who may be matched, not taken by a match in
progress, that this talent's resident was not matched with before. Both
rules and the reasons are built from the same conditions below
(``_offering``, ``_steps``), so the board and the suggestions page cannot
disagree on who counts."""

from dataclasses import dataclass

from django.db.models import Count, Exists, IntegerField, OuterRef, Q, Subquery, Value
from django.db.models.functions import Coalesce
from django.utils.translation import gettext_lazy as _

from contacts.models import Category, Consent, InitiativeMember, Need, Resident, Talent
from matches.models import Match
from neighbourhoods.models import Neighbourhood
from neighbourhoods.scoping import visible_neighbourhood_ids

MESSAGES = {
    "nobody": _("Nobody in the district is known to offer %(category)s."),
    "no_consent": _(
        "%(count)s resident(s) in the district offer %(category)s, but none of them has "
        "consented to be matched (or they moved)."
    ),
    "all_tried": _(
        "Everyone in the district who offers %(category)s and may be matched was matched "
        "with this need before (%(count)s)."
    ),
    "not_yours": _(
        "%(count)s resident(s) who offer %(category)s live in neighbourhoods of the district "
        "outside your teams."
    ),
}
ACTIONS = {
    "nobody": [
        _("Widen the search to the municipality: ask colleagues of the other districts."),
        _("Ask a connector in the neighbourhood whether they know someone."),
        _("Listen for it on your next rounds and conversations."),
    ],
    "no_consent": [
        _("Ask those residents, at your next contact, whether they want to be matched."),
        _("Ask a connector in the neighbourhood whether they know someone."),
    ],
    "all_tried": [
        _("Widen the search to the municipality: ask colleagues of the other districts."),
        _("Ask a connector in the neighbourhood whether they know someone."),
    ],
    "not_yours": [
        _("Ask the team of that neighbourhood to propose a match."),
    ],
}
#: The steps, in order: each count is of those left after the steps before.
CODES = tuple(MESSAGES)


@dataclass
class WhyNone:
    """Why a need has no suggestions: ``code`` (see the module docstring),
    the ``count`` of residents it is about, the message and the actions."""

    code: str
    count: int
    message: str
    actions: list


def _offering(*, category, resident, in_district):
    """The open talents of ``category`` of residents (not initiatives) of the
    district, other than ``resident``; ``in_district`` is the Q that keeps
    them to the district (``_board_district``, or the resident's own
    neighbourhood for a single need)."""
    return (
        Talent.objects.open()
        .filter(in_district, category=category, resident__isnull=False)
        .exclude(resident=resident)
    )


def _steps(*, need, user):
    """The conditions on an offering talent of each step after ``nobody``,
    each including the ones before: {code: Q}. ``need`` is the need's id
    or an ``OuterRef`` to it (from the talents' subquery)."""
    matchable = Resident.taking_part_q(Consent.MATCH, through="resident")
    tried = Match.objects.filter(need=need, helper=OuterRef("resident_id"))
    untried = matchable & ~Exists(tried)
    visible = untried
    if user is not None and not user.sees_everything:
        visible = untried & Q(resident__neighbourhood__in=visible_neighbourhood_ids(user))
    return {"no_consent": matchable, "all_tried": untried, "not_yours": visible}


def _board_district(prefix=""):
    """The Q of ``_offering`` for a need (or talent) of the outer query: on
    the talent's (or need's) stored neighbourhood alone, which the database
    keeps equal to its resident's (contacts migration 0010). Read from the
    index of the open ones by neighbourhood and category, each resident then
    looked up by key; a second condition on the resident's own
    neighbourhood made the planner hash every matchable resident of the
    district once per row (the offers with candidates: 12.5 s for one
    neighbourhood on the large demo data, 53 ms without)."""
    district = OuterRef(f"{prefix}neighbourhood__district")
    return Q(neighbourhood__district=district)


def _message(code, count, category):
    return WhyNone(
        code,
        count,
        MESSAGES[code] % {"count": count, "category": category.label},
        [str(action) for action in ACTIONS[code]],
    )


def _first_empty(counts, category):
    """The ``WhyNone`` of the first step that leaves nobody, or None."""
    before = counts["nobody"]
    for code in CODES:
        left = counts[code]
        if not left:
            return _message(code, before, category)
        before = left
    return None


def why_no_suggestions(need, *, user=None):
    """Why ``need`` (with ``resident`` or ``initiative`` loaded) has no
    suggestions, as a ``WhyNone``; None when it would have some (a candidate
    outside the category only). ``user``: as for the suggestions (None:
    everyone). One query."""
    if need.resident_id is not None:
        districts = Neighbourhood.objects.filter(pk=need.resident.neighbourhood_id)
    else:
        districts = Neighbourhood.objects.filter(initiatives=need.initiative_id)
    districts = districts.values("district")
    offering = _offering(
        category=need.category_id,
        resident=need.resident_id,
        in_district=Q(resident__neighbourhood__district__in=districts),
    )
    steps = _steps(need=need.pk, user=user)
    counts = offering.aggregate(
        nobody=Count("resident", distinct=True),
        **{code: Count("resident", filter=q, distinct=True) for code, q in steps.items()},
    )
    return _first_empty(counts, need.category)


def _count(talents):
    """The number of distinct residents of ``talents``, as a subquery."""
    counted = talents.order_by().values("category").annotate(n=Count("resident", distinct=True))
    return Coalesce(Subquery(counted.values("n")), Value(0), output_field=IntegerField())


def why_no_suggestions_for(needs, *, user):
    """``why_no_suggestions`` for many residents' needs at once (the board's
    page): {need id: WhyNone} for those of ``needs`` (with ``category``
    loaded) that have no candidate of their category. One query, none when
    ``needs`` is empty."""
    needs = [need for need in needs if need.resident_id is not None]
    if not needs:
        return {}
    offering = _offering(
        category=OuterRef("category_id"),
        resident=OuterRef("resident_id"),
        in_district=_board_district(),
    )
    steps = _steps(need=OuterRef(OuterRef("pk")), user=user)
    rows = (
        Need.objects.filter(pk__in=[need.pk for need in needs])
        .annotate(
            nobody=_count(offering),
            **{code: _count(offering.filter(q)) for code, q in steps.items()},
        )
        .values("pk", "nobody", *steps)
    )
    by_id = {need.pk: need for need in needs}
    found = {}
    for row in rows:
        why = _first_empty(row, by_id[row["pk"]].category)
        if why is not None:
            found[row["pk"]] = why
    return found


def need_has_candidates(*, user):
    """For a Need queryset of residents' needs (``.annotate(...)``): whether
    the need has a candidate of its category (see the module docstring), as
    an expression."""
    offering = _offering(
        category=OuterRef("category_id"),
        resident=OuterRef("resident_id"),
        in_district=_board_district(),
    )
    helpers = offering.filter(_steps(need=OuterRef(OuterRef("pk")), user=user)["not_yours"])
    initiatives = (
        Talent.objects.open()
        .filter(
            category=OuterRef("category_id"),
            initiative__is_active=True,
            initiative__neighbourhoods__district=OuterRef("neighbourhood__district"),
        )
        .exclude(
            Exists(
                InitiativeMember.objects.filter(
                    initiative=OuterRef("initiative_id"),
                    resident=OuterRef(OuterRef("resident_id")),
                )
            )
        )
        .exclude(
            Exists(
                Match.objects.filter(
                    need=OuterRef(OuterRef("pk")), initiative=OuterRef("initiative_id")
                )
            )
        )
    )
    # A shared interest: for a gift of the heart, a neighbour who wants the same.
    shared = (
        Need.objects.open()
        .filter(
            Resident.taking_part_q(Consent.MATCH, through="resident"),
            category=OuterRef("category_id"),
            category__gift=Category.Gift.HEART,
            neighbourhood=OuterRef("neighbourhood_id"),
            resident__neighbourhood=OuterRef("neighbourhood_id"),
        )
        .exclude(resident=OuterRef("resident_id"))
        .exclude(
            Exists(
                Match.objects.filter(need=OuterRef(OuterRef("pk")), helper=OuterRef("resident_id"))
            )
        )
    )
    if not user.sees_everything:
        initiatives = initiatives.filter(
            initiative__neighbourhoods__in=visible_neighbourhood_ids(user)
        )
        shared = shared.filter(resident__neighbourhood__in=visible_neighbourhood_ids(user))
    return Resident.taking_part_q(Consent.MATCH, through="resident") & (
        Exists(helpers) | Exists(initiatives) | Exists(shared)
    )


def talent_has_candidates(*, user):
    """For a Talent queryset of residents' talents (``.annotate(...)``):
    whether an open need of its category could use it (see the module
    docstring), as an expression."""
    asking = (
        Need.objects.open()
        .filter(
            _board_district(),
            Resident.taking_part_q(Consent.MATCH, through="resident"),
            category=OuterRef("category_id"),
            resident__isnull=False,
        )
        .exclude(resident=OuterRef("resident_id"))
        .exclude(Exists(Match.objects.in_progress().filter(need=OuterRef("pk"))))
        .exclude(
            Exists(
                Match.objects.filter(need=OuterRef("pk"), helper=OuterRef(OuterRef("resident_id")))
            )
        )
    )
    if not user.sees_everything:
        # The need's stored neighbourhood is its resident's (see _board_district).
        asking = asking.filter(neighbourhood__in=visible_neighbourhood_ids(user))
    return Resident.taking_part_q(Consent.MATCH, through="resident") & Exists(asking)
