"""Reads for door-knocking rounds: the list of rounds, the round page with its
addresses in walking order and their latest attempts, and the choices of the
round form."""

import datetime
import itertools

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db.models import (
    Count,
    Exists,
    F,
    IntegerField,
    OuterRef,
    Prefetch,
    Subquery,
    Value,
)
from django.db.models.functions import Coalesce, NullIf
from django.utils import timezone

from contacts import next_try
from contacts.models import DoorKnock, Resident, Round
from contacts.models.rounds import months_before
from neighbourhoods.models import Address, Neighbourhood, Street
from neighbourhoods.scoping import get_visible_or_404

#: How far back the round list looks.
RECENT_WEEKS = 4

#: The round page shows this many attempts per door, newest first, and the
#: number of older ones: the page stays the same size however often a door
#: was rung (issue 12).
ATTEMPTS_SHOWN = 3


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


def round_and_address_or_404(*, user, pk, address_pk):
    """The round (``round_for_detail``) and one of its addresses with its
    street and neighbourhood, or Http404 when ``user`` may not see them or
    the address is not in the round. Two queries."""
    round = round_for_detail(user=user, pk=pk)
    address = get_visible_or_404(
        Address.objects.filter(rounds=round).select_related("street__neighbourhood"),
        user,
        pk=address_pk,
    )
    return round, address


def rounds_for_offline(*, user, today, limit=10):
    """``{round pk: [address pk, ...]}`` of today's rounds with ``user`` as
    worker or second worker (at most ``limit``), in the order of My day:
    what the phone keeps for offline use. Two queries."""
    rounds = list(
        Round.objects.visible_to(user)
        .for_worker(user)
        .filter(planned_for=today)
        .order_by("created_at", "pk")
        .values_list("pk", flat=True)[:limit]
    )
    doors = {pk: [] for pk in rounds}
    for round_pk, address_pk in (
        Round.addresses.through.objects.filter(round_id__in=rounds)
        .order_by("address_id")
        .values_list("round_id", "address_id")
    ):
        doors[round_pk].append(address_pk)
    return doors


def round_addresses(*, round, user):
    """The round's addresses in walking order (per street, odd side then even
    side), each with:

    - ``attempt_count``, the number of door knocks there ever, and
      ``answered_before``, whether anyone ever opened (annotations);
    - ``attempts``: the latest ``ATTEMPTS_SHOWN`` door knocks there, newest
      first, with ``worker_name`` and ``second_worker_name`` (first name or
      username; None without a second worker) and only the columns shown;
    - ``round_knocks``: the newest door knock there in this round (a list of
      at most one), which may be older than those in ``attempts`` when the
      door was rung again after the round;
    - ``unanswered``: every knock at a door where nobody ever opened, only
      ``knocked_at`` loaded (for ``next_try``), empty for other doors;
    - ``known_residents``: active residents, by name;
    - ``declined_at``: the latest "declined" recent enough to keep the door
      out of suggested rounds (``DoorKnock.objects.declined_resting``), or
      None (an annotation).

    Five queries: addresses with their streets and counts, the latest
    attempts, this round's knock, the unanswered knocks, residents."""
    knocks_here = DoorKnock.objects.filter(address=OuterRef("pk"))
    answered = DoorKnock.objects.exclude(outcome=DoorKnock.Outcome.NOT_HOME)
    newest_first = ("-knocked_at", "-pk")
    return (
        Address.objects.visible_to(user)
        .filter(rounds=round)
        .select_related("street")
        .in_walking_order()
        .annotate(
            attempt_count=_count_rows(knocks_here),
            answered_before=Exists(answered.filter(address=OuterRef("pk"))),
            declined_at=Subquery(
                DoorKnock.objects.declined_resting()
                .filter(address=OuterRef("pk"))
                .order_by("-knocked_at")
                .values("knocked_at")[:1]
            ),
        )
        .prefetch_related(
            Prefetch(
                "door_knocks",
                queryset=DoorKnock.objects.only("address", "knocked_at", "outcome")
                .annotate(
                    worker_name=_name_of("worker"), second_worker_name=_name_of("second_worker")
                )
                .order_by(*newest_first)[:ATTEMPTS_SHOWN],
                to_attr="attempts",
            ),
            Prefetch(
                "door_knocks",
                queryset=DoorKnock.objects.filter(round=round)
                .only("address", "knocked_at", "outcome", "created_at")
                .order_by(*newest_first)[:1],
                to_attr="round_knocks",
            ),
            Prefetch(
                "door_knocks",
                queryset=DoorKnock.objects.exclude(
                    Exists(answered.filter(address=OuterRef("address")))
                )
                .only("pk", "address_id", "knocked_at")
                .order_by(),
                to_attr="unanswered",
            ),
            Prefetch(
                "residents",
                queryset=Resident.objects.visible_to(user)
                .active()
                .only("address", "name")
                .order_by("name"),
                to_attr="known_residents",
            ),
        )
    )


def _name_of(user_field):
    """The first name of the user in ``user_field``, or the username when
    it is empty (None without a user): a column, not a user object per
    attempt (a round of 70 doors shows about 200 attempts by a few people)."""
    return Coalesce(
        NullIf(F(f"{user_field}__first_name"), Value("")), F(f"{user_field}__username")
    )


def _count_rows(queryset):
    """The number of rows of a correlated ``queryset``, 0 if none."""
    counted = queryset.order_by().values("address_id").annotate(n=Count("pk")).values("n")
    return Coalesce(Subquery(counted, output_field=IntegerField()), Value(0))


def describe_addresses(addresses, *, round, today, now=None):
    """Prepare prefetched ``round_addresses`` for the page, without queries.

    Sets on each address: ``is_odd``; on each shown attempt ``part_of_day``;
    ``older_attempt_count`` (attempts not shown); ``knocked_in_round`` (the
    newest attempt in this round, or None); ``correctable`` (whether that
    attempt can still be undone or changed); ``declined_until`` (until when
    a recent "declined" keeps the door out of suggested rounds, or None)
    and ``next_try`` (a ``next_try.Suggestion`` when nobody ever answered,
    else None). Returns the addresses as a list."""
    addresses = list(addresses)
    now = now or timezone.now()
    undo_since = now - datetime.timedelta(minutes=settings.KNOCK_UNDO_MINUTES)
    for address in addresses:
        address.declined_until = (
            months_before(timezone.localtime(address.declined_at), -settings.DECLINED_REST_MONTHS)
            if address.declined_at
            else None
        )
        address.is_odd = address.house_number % 2 == 1
        for attempt in address.attempts:
            attempt.part_of_day = next_try.part_of_day(timezone.localtime(attempt.knocked_at))
        address.older_attempt_count = address.attempt_count - len(address.attempts)
        address.knocked_in_round = address.round_knocks[0] if address.round_knocks else None
        address.correctable = bool(
            address.knocked_in_round and address.knocked_in_round.created_at >= undo_since
        )
        if address.answered_before:
            address.next_try = None
        else:
            unanswered = [timezone.localtime(knock.knocked_at) for knock in address.unanswered]
            address.next_try = next_try.suggest_next_try(unanswered, today)
    return addresses


def group_by_side(addresses):
    """``[(street, is_odd, segments), ...]`` in walking order, for the
    headings "odd side" / "even side". ``addresses`` come from
    ``describe_addresses``. ``segments`` split a side into runs of doors
    done in this round (``done`` True: the page folds a run into one line)
    and of doors still to do: ``[(done, [address, ...]), ...]``."""
    return [
        (
            street,
            is_odd,
            [
                (done, list(run))
                for done, run in itertools.groupby(
                    group, key=lambda address: address.knocked_in_round is not None
                )
            ],
        )
        for (street, is_odd), group in itertools.groupby(
            addresses, key=lambda address: (address.street, address.is_odd)
        )
    ]


def next_door(addresses):
    """The first address in walking order not knocked on in this round, or
    None when every door is done."""
    return next((address for address in addresses if address.knocked_in_round is None), None)


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
    "even") or both (""), except doors where someone recently declined
    (``DoorKnock.objects.declined_resting``). Not evaluated."""
    addresses = Address.objects.filter(street=street).exclude(
        Exists(DoorKnock.objects.declined_resting().filter(address=OuterRef("pk")))
    )
    if number_from is not None:
        addresses = addresses.filter(house_number__gte=number_from)
    if number_to is not None:
        addresses = addresses.filter(house_number__lte=number_to)
    if side:
        addresses = addresses.annotate(odd=F("house_number") % 2).filter(
            odd=1 if side == "odd" else 0
        )
    return addresses
