from django.db.models import Count, Prefetch

from neighbourhoods.models import Membership, Neighbourhood, Team


def neighbourhoods_for_home(*, user):
    """The user's neighbourhoods with their district and municipality and
    the number of addresses in each. One query."""
    return (
        Neighbourhood.objects.visible_to(user)
        .select_related("district__municipality")
        .annotate(address_count=Count("streets__addresses"))
        .order_by("district__name", "name")
    )


def teams_for_home(*, user):
    """The user's teams with their neighbourhoods and leads. Three queries
    (teams, neighbourhoods, lead memberships with their users)."""
    return (
        Team.objects.visible_to(user)
        .prefetch_related(
            Prefetch("neighbourhoods", queryset=Neighbourhood.objects.order_by("name")),
            Prefetch(
                "memberships",
                queryset=Membership.objects.leading().select_related("user"),
                to_attr="lead_memberships",
            ),
        )
        .order_by("name")
    )
