"""The objects the benchmarked pages are requested with, for one user: only
what that user may see (``visible_to(user)``), as URL arguments, query
strings and POST bodies (``Target``).

Two kinds per object page: a sample of ordinary objects (``size`` of them,
picked with a fixed seed; each request takes the next, so no single row
stays warm) and the worst one the user may see: the resident with the
longest history, the largest round, the conversation with the most
residents, the match with the most events, the initiative with the most
members, the neighbourhood with the most addresses. Each property runs its
queries once, when a page first asks for it.

Names, streets and texts are only sent to the pages (a misspelt surname to
the search, as a worker types it); nothing here is printed.
"""

import dataclasses
import random
from collections import Counter
from functools import cached_property

from django.db.models import Count, Exists, OuterRef, Q

from contacts.models import (
    Activity,
    Consent,
    Conversation,
    DoorKnock,
    FollowUp,
    Initiative,
    Need,
    Report,
    Resident,
    Round,
    Signal,
    Talent,
)
from matches.models import Match
from matches.selectors.matches import review_neighbourhoods
from matches.suggestions import suggest_for_need
from neighbourhoods.models import Neighbourhood, Street


@dataclasses.dataclass(frozen=True)
class Target:
    """What one request is made with: the URL's keyword arguments, a query
    string ("?show=done"), and for a POST its body."""

    kwargs: dict = dataclasses.field(default_factory=dict)
    query: str = ""
    data: dict | None = None


def misspelt(name):
    """The longest word of ``name`` with its middle letter dropped, the way
    it gets typed at a door."""
    word = max(name.split(), key=len)
    cut = len(word) // 2
    return word[:cut] + word[cut + 1 :]


def typed_start(name):
    """The first letters of the longest word of ``name``: what is typed
    before the typeahead answers."""
    return max(name.split(), key=len)[:4]


class Objects:
    """The targets for ``user``; ``size`` ordinary objects per kind."""

    def __init__(self, user, *, size=20, seed=1):
        self.user = user
        self.size = size
        self.rng = random.Random(seed)  # noqa: S311 - picks a sample, not a secret

    def _sample(self, queryset):
        """Up to ``size`` primary keys of ``queryset``, the same ones for
        the same seed. One query (the keys, in order)."""
        keys = list(queryset.order_by("pk").values_list("pk", flat=True))
        return self.rng.sample(keys, min(self.size, len(keys)))

    @staticmethod
    def _pks(keys, name="pk"):
        return [Target(kwargs={name: key}) for key in keys]

    @staticmethod
    def _top(queryset, count, name="pk"):
        """The object with the highest ``count`` annotation, as a target
        (none when the queryset is empty). One query."""
        row = queryset.annotate(n=count).order_by("-n", "pk").values_list("pk", flat=True).first()
        return [] if row is None else [Target(kwargs={name: row})]

    # --- Residents ------------------------------------------------------------

    @cached_property
    def visible_residents(self):
        return Resident.objects.visible_to(self.user).active()

    @cached_property
    def resident_rows(self):
        """(pk, name, street name, neighbourhood id) of the sampled
        residents. Two queries."""
        keys = self._sample(self.visible_residents)
        return list(
            Resident.objects.filter(pk__in=keys)
            .order_by("pk")
            .values_list("pk", "name", "address__street__name", "neighbourhood_id")
        )

    @cached_property
    def residents(self):
        return self._pks(row[0] for row in self.resident_rows)

    @cached_property
    def longest_history(self):
        """The resident with the most entries in their timeline:
        conversations, door knocks, follow-ups and signals. Four grouped
        queries, one per kind."""
        counts = Counter()
        for model in (Conversation.residents.through, DoorKnock, FollowUp, Signal):
            rows = (
                model.objects.filter(resident__in=self.visible_residents)
                .order_by()
                .values("resident_id")
                .annotate(n=Count("pk"))
                .values_list("resident_id", "n")
            )
            counts.update(dict(rows))
        if not counts:
            return []
        most = max(counts.values())
        return self._pks([min(pk for pk, n in counts.items() if n == most)])

    @cached_property
    def searches_by_name(self):
        return [Target(data={"q": misspelt(name)}) for _pk, name, _s, _n in self.resident_rows]

    @cached_property
    def searches_by_street(self):
        return [
            Target(data={"q": street}) for _pk, _name, street, _n in self.resident_rows if street
        ]

    @cached_property
    def typeahead(self):
        """What the conversation form sends while a name is typed."""
        return [
            Target(data={"find": typed_start(name), "neighbourhood": str(neighbourhood)})
            for _pk, name, _s, neighbourhood in self.resident_rows
        ]

    # --- Rounds and door knocks -----------------------------------------------

    @cached_property
    def rounds(self):
        """The user's own rounds if they have any, else any they may see."""
        visible = Round.objects.visible_to(self.user)
        own = visible.filter(Q(worker=self.user) | Q(second_worker=self.user))
        return self._pks(self._sample(own) or self._sample(visible))

    @cached_property
    def largest_round(self):
        return self._top(Round.objects.visible_to(self.user), Count("addresses"))

    @cached_property
    def knocks_to_log(self):
        """Door knocks "spoke" without a conversation yet: the conversation
        form that follows the button."""
        knocks = DoorKnock.objects.visible_to(self.user).filter(
            outcome=DoorKnock.Outcome.SPOKE, conversation__isnull=True
        )
        return self._pks(self._sample(knocks), name="knock_pk")

    @cached_property
    def round_doors(self):
        """Doors of the user's rounds (or any they may see): the conversation
        form the phone keeps for offline use. Two queries."""
        rounds = self._sample(
            Round.objects.visible_to(self.user).filter(
                Q(worker=self.user) | Q(second_worker=self.user)
            )
        ) or self._sample(Round.objects.visible_to(self.user))
        doors = (
            Round.addresses.through.objects.filter(round_id__in=rounds)
            .order_by("round_id", "address_id")
            .values_list("round_id", "address_id")
        )
        pairs = list(doors)
        picked = self.rng.sample(pairs, min(self.size, len(pairs)))
        return [Target(kwargs={"pk": round_pk, "address_pk": pk}) for round_pk, pk in picked]

    # --- Conversations, reports, neighbourhoods ---------------------------------

    @cached_property
    def conversations(self):
        return self._pks(self._sample(Conversation.objects.visible_to(self.user)))

    @cached_property
    def busiest_conversation(self):
        return self._top(Conversation.objects.visible_to(self.user), Count("residents"))

    @cached_property
    def reports(self):
        return self._pks(self._sample(Report.objects.visible_to(self.user)))

    def _correctable(self, queryset):
        """What the user may correct: their own, or all they see as a lead."""
        if self.user.has_lead_rights:
            return queryset
        return queryset.filter(created_by=self.user)

    @cached_property
    def conversations_to_correct(self):
        return self._pks(
            self._sample(self._correctable(Conversation.objects.visible_to(self.user)))
        )

    @cached_property
    def follow_ups_to_move(self):
        return self._pks(
            self._sample(self._correctable(FollowUp.objects.visible_to(self.user).open()))
        )

    @cached_property
    def signals(self):
        return self._pks(self._sample(Signal.objects.visible_to(self.user)))

    @cached_property
    def neighbourhoods(self):
        return self._pks(self._sample(Neighbourhood.objects.visible_to(self.user)))

    @cached_property
    def largest_neighbourhood(self):
        return self._top(Neighbourhood.objects.visible_to(self.user), Count("streets__addresses"))

    @cached_property
    def unreached_selections(self):
        """Coverage's unreached page of the largest neighbourhood with its ten
        streets that have the most addresses not reached chosen: the page at
        its fullest (up to its cap of addresses). Two queries."""
        top = self.largest_neighbourhood
        if not top:
            return []
        pk = top[0].kwargs["pk"]
        not_reached = Q(addresses__door_knock_summary__isnull=True) | Q(
            addresses__door_knock_summary__answered=False
        )
        streets = (
            Street.objects.filter(neighbourhood_id=pk)
            .annotate(n=Count("addresses", filter=not_reached))
            .order_by("-n", "pk")
            .values_list("pk", flat=True)[:10]
        )
        query = "?" + "&".join(f"straat={street}" for street in streets)
        return [Target(kwargs={"pk": pk}, query=query)]

    @cached_property
    def not_seen_filters(self):
        """The not-seen list filtered by the street with the most residents
        and a language, and by connectors only. One query."""
        street = (
            Street.objects.visible_to(self.user)
            .annotate(n=Count("addresses__residents"))
            .order_by("-n", "pk")
            .values_list("pk", flat=True)
            .first()
        )
        targets = [Target(query="?sleutelfiguur=1")]
        if street is not None:
            targets.append(Target(query=f"?straat={street}&taal=ary"))
        return targets

    @cached_property
    def review_filters(self):
        """The review queue narrowed to one neighbourhood (``?buurt=``): one
        the user reviews, or for anyone else one they see."""
        if self.user.has_lead_rights:
            keys = self._sample(review_neighbourhoods(user=self.user))
        else:
            keys = self._sample(Neighbourhood.objects.visible_to(self.user))
        return [Target(query=f"?buurt={key}") for key in keys]

    # --- Talents, needs, suggestions ------------------------------------------

    @cached_property
    def talents(self):
        return self._pks(self._sample(Talent.objects.visible_to(self.user)))

    @cached_property
    def needs(self):
        return self._pks(self._sample(Need.objects.visible_to(self.user)))

    @cached_property
    def open_need_keys(self):
        """Open needs suggestions are made for: of a resident who may be
        matched or of an active initiative, with no match in progress."""
        taken = Match.objects.in_progress().filter(need=OuterRef("pk"))
        needs = (
            Need.objects.visible_to(self.user)
            .open()
            .filter(
                Resident.taking_part_q(Consent.MATCH, through="resident")
                | Q(initiative__is_active=True)
            )
            .exclude(Exists(taken))
        )
        return self._sample(needs)

    @cached_property
    def open_needs(self):
        return self._pks(self.open_need_keys)

    @cached_property
    def open_talents(self):
        talents = (
            Talent.objects.visible_to(self.user)
            .open()
            .filter(
                Resident.taking_part_q(Consent.MATCH, through="resident")
                | Q(initiative__is_active=True)
            )
        )
        return self._pks(self._sample(talents))

    @cached_property
    def proposals(self):
        """The proposal form for a need and its best suggestion, as the
        suggestions page links to it. One suggestion run per sampled need."""
        targets = []
        needs = Need.objects.in_bulk(self.open_need_keys)
        for key in self.open_need_keys:
            best = next(iter(suggest_for_need(needs[key], user=self.user, limit=1)), None)
            if best is None:
                continue
            if best.initiative is not None:
                query = f"?initiative={best.initiative.pk}"
            else:
                query = f"?resident={best.resident.pk}"
                if best.talent is not None:
                    query += f"&talent={best.talent.pk}"
            targets.append(Target(kwargs={"pk": key}, query=query))
        return targets

    @cached_property
    def category_texts(self):
        """The words of talents and needs, as the proposal of a category is
        asked for while they are typed (no prefix: the talent or need form)."""
        texts = [
            *Talent.objects.filter(pk__in=[t.kwargs["pk"] for t in self.talents]).values_list(
                "text", flat=True
            ),
            *Need.objects.filter(pk__in=[t.kwargs["pk"] for t in self.needs]).values_list(
                "text", flat=True
            ),
        ]
        return [
            Target(data={"prefix": "", "text": text, "category": "", "category_proposed": ""})
            for text in sorted(texts)
        ]

    # --- Matches and initiatives ------------------------------------------------

    @cached_property
    def matches(self):
        return self._pks(self._sample(Match.objects.visible_to(self.user)))

    @cached_property
    def ended_matches(self):
        """Ended matches: a story for the report is told about one."""
        return self._pks(
            self._sample(Match.objects.visible_to(self.user).filter(status=Match.Status.ENDED))
        )

    @cached_property
    def match_most_events(self):
        return self._top(Match.objects.visible_to(self.user), Count("events"))

    @cached_property
    def initiatives(self):
        return self._pks(self._sample(Initiative.objects.visible_to(self.user)))

    @cached_property
    def initiative_most_members(self):
        return self._top(Initiative.objects.visible_to(self.user), Count("members"))

    @cached_property
    def activities(self):
        return self._pks(self._sample(Activity.objects.visible_to(self.user)))

    @cached_property
    def activity_most_there(self):
        return self._top(Activity.objects.visible_to(self.user), Count("attendances"))

    @cached_property
    def attendee_searches(self):
        """The search for who was there at an activity, for a surname as typed."""
        activities = [target.kwargs for target in self.activities]
        if not activities:
            return []
        return [
            Target(kwargs=activities[i % len(activities)], data={"q": typed_start(name)})
            for i, (_pk, name, _s, _n) in enumerate(self.resident_rows)
        ]

    @cached_property
    def member_searches(self):
        """The member search of an initiative, for a surname as typed."""
        initiatives = [target.kwargs for target in self.initiatives]
        if not initiatives:
            return []
        return [
            Target(kwargs=initiatives[i % len(initiatives)], data={"q": typed_start(name)})
            for i, (_pk, name, _s, _n) in enumerate(self.resident_rows)
        ]
