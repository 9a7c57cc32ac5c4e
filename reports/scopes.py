"""What a user may report on: the one rule.

Period reports and the team lead's home page are for team leads and admins
(``User.has_lead_rights``); for anyone else they do not exist (404). A team
lead reports on the neighbourhoods of the teams they lead
(``lead_neighbourhood_ids``), an admin on everything. Within that, a scope
narrows the report to one neighbourhood, district or team; a scope outside
the user's own is a 404 too, never an empty report."""

import dataclasses

from django.http import Http404
from django.utils.translation import gettext as _

from neighbourhoods.models import District, Neighbourhood, Team
from neighbourhoods.scoping import lead_neighbourhood_ids


def require_reporter(user):
    """404 unless ``user`` is an active team lead or admin."""
    if not (user.is_authenticated and user.is_active and user.has_lead_rights):
        raise Http404


@dataclasses.dataclass(frozen=True)
class Scope:
    code: str  # "alles", "buurt-<id>", "wijk-<id>", "team-<id>"
    label: str
    #: The neighbourhoods reported on; None: every neighbourhood (an admin's "everything").
    neighbourhood_ids: tuple | None

    def filter(self, queryset, lookup):
        """``queryset`` limited to this scope through ``lookup`` (the path to
        the neighbourhood's id, e.g. ``"neighbourhood_id"``)."""
        if self.neighbourhood_ids is None:
            return queryset
        return queryset.filter(**{f"{lookup}__in": self.neighbourhood_ids})


def _own_neighbourhood_ids(user):
    """The user's neighbourhoods as a tuple, None for an admin (all)."""
    if user.sees_everything:
        return None
    return tuple(lead_neighbourhood_ids(user))


def choices(user):
    """The scopes ``user`` may choose, as (group label, [(code, label)]).
    Three queries (neighbourhoods, districts, teams)."""
    own = _own_neighbourhood_ids(user)
    neighbourhoods = Neighbourhood.objects.order_by("name", "pk")
    districts = District.objects.order_by("name", "pk")
    teams = Team.objects.order_by("name", "pk")
    if own is not None:
        neighbourhoods = neighbourhoods.filter(pk__in=own)
        districts = districts.filter(neighbourhoods__in=own).distinct()
        teams = teams.filter(memberships__user=user, memberships__role="lead")
    return [
        (_("All"), [("alles", _("Everything I may see"))]),
        (_("Teams"), [(f"team-{t.pk}", t.name) for t in teams]),
        (_("Districts"), [(f"wijk-{d.pk}", d.name) for d in districts]),
        (_("Neighbourhoods"), [(f"buurt-{n.pk}", n.name) for n in neighbourhoods]),
    ]


def resolve(user, code):
    """The Scope for ``code`` within what ``user`` may see; Http404 for a
    code outside it or one that does not exist. One or two queries."""
    own = _own_neighbourhood_ids(user)
    code = code or "alles"
    if code == "alles":
        return Scope("alles", _("Everything I may see"), own)
    kind, _dash, pk = code.partition("-")
    if not pk.isdigit() or kind not in {"buurt", "wijk", "team"}:
        raise Http404
    pk = int(pk)
    if kind == "buurt":
        neighbourhood = Neighbourhood.objects.filter(pk=pk).first()
        if neighbourhood is None or (own is not None and pk not in own):
            raise Http404
        return Scope(code, neighbourhood.name, (pk,))
    if kind == "wijk":
        district = District.objects.filter(pk=pk).first()
        if district is None:
            raise Http404
        ids = Neighbourhood.objects.filter(district=district).values_list("pk", flat=True)
    else:
        team = Team.objects.filter(pk=pk).first()
        if team is None or (
            own is not None and not team.memberships.filter(user=user, role="lead").exists()
        ):
            raise Http404
        district = team
        ids = team.neighbourhoods.values_list("pk", flat=True)
    ids = set(ids)
    if own is not None:
        ids &= set(own)
        if not ids:
            raise Http404
    return Scope(code, district.name, tuple(sorted(ids)))
