"""Reads for conversations: the conversation page, where a conversation form
starts (a door knock, a resident), and the residents and workers it offers."""

from django.contrib.auth import get_user_model
from django.contrib.postgres.search import TrigramWordSimilarity
from django.db.models import Prefetch, Q

from contacts.models import Conversation, DoorKnock, FollowUp, Resident, Theme
from contacts.validators import search_key
from neighbourhoods.models import Neighbourhood
from neighbourhoods.scoping import get_visible_or_404

#: At most this many residents are offered for one search.
OPTIONS_LIMIT = 8
#: Fewer characters than this find nobody (every name contains "a").
OPTIONS_MIN_LENGTH = 2
#: How alike a word in the name must be to count as a typo of the search.
OPTIONS_SIMILARITY = 0.4


def heard_queryset(related_name):
    """Talents or needs heard in a conversation, with category and owner."""
    model = Conversation._meta.get_field(related_name).related_model
    return model.objects.select_related("category", "resident").order_by("pk")


def conversation_for_detail(*, user, pk):
    """The conversation with its neighbourhood, creator and door knock (with
    its address, street and round) and, prefetched, its residents (with their
    addresses), workers, themes and follow-ups (with who they are assigned
    to), and the talents and needs heard in it (with their categories and
    owners), or Http404 when ``user`` may not see it. Seven queries."""
    return get_visible_or_404(
        Conversation.objects.select_related(
            "neighbourhood",
            "created_by",
            "door_knock__address__street",
            "door_knock__round",
            "door_knock__worker",
        ).prefetch_related(
            Prefetch("residents", queryset=Resident.objects.select_related("address__street")),
            Prefetch("workers", queryset=get_user_model().objects.order_by("first_name")),
            Prefetch("themes", queryset=Theme.objects.order_by("position", "name")),
            Prefetch(
                "follow_ups",
                queryset=FollowUp.objects.select_related("assigned_to").order_by("due_on"),
            ),
            Prefetch("talents", queryset=heard_queryset("talents")),
            Prefetch("needs", queryset=heard_queryset("needs")),
        ),
        user,
        pk=pk,
    )


def knock_for_conversation(*, user, pk):
    """A door knock with outcome "spoke" that ``user`` may see, with its
    address, street, neighbourhood, round and any conversation already
    logged for it; else Http404. One query."""
    return get_visible_or_404(
        DoorKnock.objects.filter(outcome=DoorKnock.Outcome.SPOKE).select_related(
            "address__street__neighbourhood", "round", "resident", "conversation"
        ),
        user,
        pk=pk,
    )


def resident_for_conversation(*, user, pk):
    """A resident ``user`` may see, with their neighbourhood and address;
    else Http404. One query."""
    return get_visible_or_404(
        Resident.objects.select_related("neighbourhood", "address__street"), user, pk=pk
    )


def neighbourhoods_for_conversation(*, user):
    """The neighbourhoods ``user`` may log a conversation in. Not evaluated."""
    return Neighbourhood.objects.visible_to(user).order_by("name")


def residents_offered(*, user, address=None, pks=()):
    """The residents a conversation form offers as checkboxes: the active
    residents living at ``address`` and the residents with the given
    ``pks`` (pre-ticked, ticked or found), all limited to what ``user``
    may see, by name, with their addresses. One query (none when there is
    nothing to look for)."""
    pks = [pk for pk in pks if pk]
    if address is None and not pks:
        return Resident.objects.none()
    condition = Q(pk__in=pks)
    if address is not None:
        condition |= Q(address=address, status=Resident.Status.ACTIVE)
    return (
        Resident.objects.visible_to(user)
        .filter(condition)
        .select_related("address__street")
        .order_by("name", "pk")
    )


def resident_options(*, user, query, neighbourhood_id=None, exclude=()):
    """Active residents in ``user``'s neighbourhoods (narrowed to
    ``neighbourhood_id`` when given) whose name contains ``query``, or has
    a word much like it (a typo), ignoring accents and case; best match
    first, at most ``OPTIONS_LIMIT``. One query; none for a too short
    query."""
    key = search_key(query)
    if len(key) < OPTIONS_MIN_LENGTH:
        return Resident.objects.none()
    residents = Resident.objects.visible_to(user).active().exclude(pk__in=list(exclude))
    if neighbourhood_id is not None:
        residents = residents.filter(neighbourhood_id=neighbourhood_id)
    return (
        residents.annotate(similarity=TrigramWordSimilarity(key, "search_name"))
        .filter(Q(search_name__contains=key) | Q(similarity__gte=OPTIONS_SIMILARITY))
        .select_related("address__street")
        .order_by("-similarity", "name", "pk")[:OPTIONS_LIMIT]
    )


def workers_for_conversation(*, user, neighbourhoods):
    """Who can be ticked as a worker: ``user`` and the members of the teams
    working in ``neighbourhoods`` (a QuerySet or list of them), by name.
    Not evaluated."""
    return (
        get_user_model()
        .objects.filter(
            Q(pk=user.pk) | Q(memberships__team__neighbourhoods__in=neighbourhoods),
            is_active=True,
        )
        .distinct()
        .order_by("first_name", "last_name", "username")
    )


def active_themes():
    """The themes a new conversation can have. Not evaluated."""
    return Theme.objects.filter(is_active=True).order_by("position", "name")
