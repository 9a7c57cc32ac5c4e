"""Reads for door-knocking rounds: the list of rounds, the round page with its
addresses in walking order and every earlier attempt, and the choices of the
round form."""

import datetime
import itertools

from django.contrib.auth import get_user_model
from django.db.models import Count, F, IntegerField, OuterRef, Prefetch, Subquery, Value
from django.db.models.functions import Coalesce
from django.utils import timezone

from contacts import next_try
from contacts.models import DoorKnock, Resident, Round
from neighbourhoods.models import Address, Neighbourhood, Street
from neighbourhoods.scoping import get_visible_or_404

#: How far back the round list looks.
RECENT_WEEKS = 4


def _count_per_round(queryset, column):
    """A correlated subquery: the number of distinct ``column`` values among
    the rows of ``queryset`` that belong to the outer round, 0 if none."""
    counted = (
        queryset.filter(round_id=OuterRef("pk"))
        .order_by()
        .values("round_id")
        .annotate(n=Count(column, distinct=True))
        .values("n")
    )
    return Coalesce(Subquery(counted, output_field=IntegerField()), Value(0))


def rounds_for_list(*, user, today=None):
    """The rounds ``user`` may see, planned from ``RECENT_WEEKS`` ago onwards,
    oldest first, with their neighbourhood and workers, the name of their
    (first) street, the number of addresses and the number of addresses
    knocked on during the round. One query."""
    today = today or timezone.localdate()
    first_street = (
        Address.objects.filter(rounds=OuterRef("pk"))
        .order_by("street__name")
        .values("street__name")[:1]
    )
    return (
        Round.objects.visible_to(user)
        .filter(planned_for__gte=today - datetime.timedelta(weeks=RECENT_WEEKS))
        .select_related("neighbourhood", "worker", "second_worker")
        .annotate(
            street_name=Subquery(first_street),
            address_count=_count_per_round(Round.addresses.through.objects, "address_id"),
            knocked_count=_count_per_round(DoorKnock.objects, "address_id"),
        )
        .order_by("planned_for", "pk")
    )


def round_for_detail(*, user, pk):
    """The round with its neighbourhood and workers, or Http404 when ``user``
    may not see it. One query."""
    return get_visible_or_404(
        Round.objects.select_related("neighbourhood", "worker", "second_worker"), user, pk=pk
    )


def round_addresses(*, round, user):
    """The round's addresses in walking order (per street, odd side then even
    side), each with ``attempts`` (every door knock there, newest first, with
    its workers) and ``known_residents`` (active residents, by name). Three
    queries: addresses with their streets, door knocks, residents."""
    return (
        Address.objects.visible_to(user)
        .filter(rounds=round)
        .select_related("street")
        .in_walking_order()
        .prefetch_related(
            Prefetch(
                "door_knocks",
                queryset=DoorKnock.objects.select_related("worker", "second_worker").order_by(
                    "-knocked_at", "-pk"
                ),
                to_attr="attempts",
            ),
            Prefetch(
                "residents",
                queryset=Resident.objects.visible_to(user).active().order_by("name"),
                to_attr="known_residents",
            ),
        )
    )


def describe_addresses(addresses, *, round, today):
    """Prepare prefetched ``round_addresses`` for the page, without queries.

    Sets on each address: ``is_odd``; on each attempt ``part_of_day``; and
    ``knocked_in_round`` (the newest attempt in this round, or None) and
    ``next_try`` (a ``next_try.Suggestion`` when nobody ever answered, else
    None). Returns the addresses as a list."""
    addresses = list(addresses)
    for address in addresses:
        address.is_odd = address.house_number % 2 == 1
        unanswered = []
        for attempt in address.attempts:
            local = timezone.localtime(attempt.knocked_at)
            attempt.part_of_day = next_try.part_of_day(local)
            if attempt.outcome == DoorKnock.Outcome.NOT_HOME:
                unanswered.append(local)
        address.knocked_in_round = next(
            (attempt for attempt in address.attempts if attempt.round_id == round.pk), None
        )
        answered = len(unanswered) < len(address.attempts)
        address.next_try = None if answered else next_try.suggest_next_try(unanswered, today)
    return addresses


def group_by_side(addresses):
    """``[(street, is_odd, [address, ...]), ...]`` in walking order, for the
    headings "odd side" / "even side". ``addresses`` come from
    ``describe_addresses``."""
    return [
        (street, is_odd, list(group))
        for (street, is_odd), group in itertools.groupby(
            addresses, key=lambda address: (address.street, address.is_odd)
        )
    ]


def streets_for_round_form(*, user):
    """The streets in ``user``'s neighbourhoods, with their neighbourhood."""
    return (
        Street.objects.visible_to(user)
        .select_related("neighbourhood")
        .order_by("name", "neighbourhood__name")
    )


def workers_for_round_form(*, user):
    """Everybody in a team that covers one of ``user``'s neighbourhoods: who
    can walk a round there. Whether they cover the chosen street's
    neighbourhood is checked when the form is saved."""
    return (
        get_user_model()
        .objects.filter(
            is_active=True,
            memberships__team__neighbourhoods__in=Neighbourhood.objects.visible_to(user),
        )
        .distinct()
        .order_by("first_name", "last_name", "username")
    )


def addresses_for_round(*, street, number_from=None, number_to=None, side=""):
    """The addresses of ``street`` with a house number between ``number_from``
    and ``number_to`` (each optional, inclusive), on one ``side`` ("odd",
    "even") or both (""). Not evaluated."""
    addresses = Address.objects.filter(street=street)
    if number_from is not None:
        addresses = addresses.filter(house_number__gte=number_from)
    if number_to is not None:
        addresses = addresses.filter(house_number__lte=number_to)
    if side:
        addresses = addresses.annotate(odd=F("house_number") % 2).filter(
            odd=1 if side == "odd" else 0
        )
    return addresses
