"""Why a need has no suggestions, and what the worker can do.

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

Each comes with what the worker can do (``ACTIONS``)."""

from dataclasses import dataclass

from django.db.models import Count, Q
from django.utils.translation import gettext_lazy as _

from contacts.models import Resident, Talent
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


@dataclass
class WhyNone:
    """Why a need has no suggestions: ``code`` (see the module docstring),
    the ``count`` of residents it is about, the message and the actions."""

    code: str
    count: int
    message: str
    actions: list


def why_no_suggestions(need, *, user=None):
    """Why ``need`` (with ``resident`` or ``initiative`` loaded) has no
    suggestions, as a ``WhyNone``; None when it would have some (a candidate
    outside the category only). ``user``: as for the suggestions (None:
    everyone). One query."""
    if need.resident_id is not None:
        districts = Neighbourhood.objects.filter(pk=need.resident.neighbourhood_id)
    else:
        districts = Neighbourhood.objects.filter(initiatives=need.initiative_id)
    offering = (
        Talent.objects.open()
        .filter(
            category=need.category_id,
            resident__isnull=False,
            resident__neighbourhood__district__in=districts.values("district"),
        )
        .exclude(resident=need.resident_id)
    )
    matchable = Q(resident__in=Resident.objects.may_be_matched())
    untried = matchable & ~Q(
        resident__in=Match.objects.filter(need=need, helper__isnull=False).values("helper")
    )
    visible = untried
    if user is not None and not user.sees_everything:
        visible = untried & Q(resident__neighbourhood__in=visible_neighbourhood_ids(user))
    counts = offering.aggregate(
        nobody=Count("resident", distinct=True),
        no_consent=Count("resident", filter=matchable, distinct=True),
        all_tried=Count("resident", filter=untried, distinct=True),
        not_yours=Count("resident", filter=visible, distinct=True),
    )
    before = counts["nobody"]
    for code, left in counts.items():
        if not left:
            message = MESSAGES[code] % {"count": before, "category": need.category.label}
            return WhyNone(code, before, message, [str(action) for action in ACTIONS[code]])
        before = left
    return None
