"""Made-up demo data for the matches app: talents and needs, initiatives
with their members, offers and needs, and matches in every state with their
events and check-ins. Called by ``manage.py seed_demo`` after
``demo.contacts``, whose residents, conversations and workers it uses. The
texts are Dutch and invented (``demo_texts``); every choice comes from the
``rng`` passed in, so a fixed seed gives the same data at the same moment
(dates are relative to now).

What it makes, on both scales:

- talents and needs of residents who consented to storing their data, in
  their own words, filed under the category the taxonomy proposes for the
  text; everyone with stored data has at least one talent, and there are
  more talents than needs (nobody needs what they offer themselves).
  Residents who talk with workers more often have more of them. Most were
  heard in one of the resident's latest conversations (linked to it), the
  rest written down on the resident page.
  Availability is a few parts of the week, or unknown. Most are open, some
  no longer relevant (all of a resident who moved); "matched" only while a
  match runs or after it ended as a lasting contact, as the lifecycle does.
- initiatives: a few per neighbourhood and one per team spanning two of its
  neighbourhoods, with organisers and members from those neighbourhoods,
  what they offer and what they need (Talent and Need rows of the
  initiative), a few no longer active. Residents have no gender, so the
  women's group takes its members by first name (``demo_texts.WOMEN``).
- matches in every state and every outcome, spread evenly over the
  neighbourhoods (so every team lead has a review queue): a resident's need
  met by a neighbour's talent in the same category, in the same street if
  possible, else the same neighbourhood, else elsewhere in the district
  within the team's neighbourhoods (where the suggestions look); a few
  through a shared interest, and a few with an initiative on either side
  (in every state at least one of each, where the data allows: the first
  two matches planned in each state are made for it). Both residents may
  be matched (``Resident.objects.may_be_matched()``). Proposed by a worker
  of the team, reviewed by one who leads it (``Membership.objects.leading()``;
  never the proposer), with a why and plan in Dutch. The score and reasons are the suggestions' own
  (``suggestions.score_pairs``: the suggestion query kept to that one
  candidate, on the talents and needs as heard, before any match); a
  candidate the suggestions would not propose is never matched. The steps
  are the lifecycle's way to the match's status (``lifecycle.path_to``),
  each a MatchEvent built by the lifecycle (``transition_event``), on a
  working day, in order, after the need and talent were heard; some
  proposals were sent back and resubmitted first. Running matches have
  their check-ins (``lifecycle.check_ins``: 2 and 6 weeks after the start)
  as follow-ups of the proposer, done, due or overdue; ended ones had
  theirs closed. A need has at most one match in progress; a need whose
  match was rejected or ended without a lasting contact may have a later
  one. Residents who joined an initiative through a match are members.

Both scales take the same path. Rows are written with COPY, with the
contacts builder's helpers, while the indexes of the big tables are set
aside (``demo.contacts._indexes_set_aside``): the talents and needs first
(then analysed, for the suggestions to score the matches on), then the
matches; what the matches did to their talents and needs is one UPDATE
after. Not through the lifecycle's services, which would take about half
a minute for the small scale's 200 matches (some 185 queries, 0.2 s, for
a match that runs to its end): ``tests/demo/test_matches.py`` checks every
row against the same rules instead. The small scale takes about a second;
the large one (300,000 talents and needs, 20,000 matches) about 65 seconds
on two busy cores, 35 of them planning the matches and scoring them (about
a millisecond a candidate on the server).
"""

import functools
import json
from collections import defaultdict, namedtuple
from dataclasses import dataclass
from datetime import timedelta
from importlib import import_module

from django.apps import apps
from django.db import connection, transaction
from django.utils import timezone, translation

from buurtwerk import languages as language_list
from buurtwerk.sqlnames import tables
from contacts import language
from contacts.models import (
    Availability,
    Category,
    Consent,
    Conversation,
    FollowUp,
    Initiative,
    InitiativeMember,
    Need,
    Resident,
    Talent,
)
from demo import contacts as contacts_demo
from demo import matches_texts as texts
from matches import suggestions
from matches.models import Match, MatchCheckIn, MatchEvent
from matches.services import lifecycle
from neighbourhoods.models import Membership, Team

Status = Match.Status
Outcome = Match.Outcome

_copy = contacts_demo._copy
_uuid = contacts_demo._uuid


@dataclass(frozen=True)
class Size:
    heard: int  # talents and needs in all, the initiatives' included
    talent_share: float  # of the residents' talents and needs; the rest are needs
    initiatives_per_neighbourhood: int
    initiatives_per_team: int  # each in two of the team's neighbourhoods
    members: tuple[int, int]  # per initiative, organisers included
    matches: int
    initiative_share: float  # of the matches, with an initiative on one side


SCALES = {
    "small": Size(
        heard=4_500,
        talent_share=0.6,
        initiatives_per_neighbourhood=2,
        initiatives_per_team=1,
        members=(5, 14),
        matches=200,
        initiative_share=0.08,
    ),
    "large": Size(
        heard=300_000,
        talent_share=0.62,
        initiatives_per_neighbourhood=2,
        initiatives_per_team=1,
        members=(8, 30),
        matches=20_000,
        initiative_share=0.05,
    ),
}

# How the matches divide over the states: (weight, status, outcome), in the
# order they are made (those that free their need again first).
STATES = [
    (7, Status.REJECTED, ""),
    (11, Status.ENDED, Outcome.STOPPED),
    (13, Status.ENDED, Outcome.NO_CLICK),
    (21, Status.ENDED, Outcome.LASTING),
    (23, Status.RUNNING, ""),
    (6, Status.INTRODUCED, ""),
    (5, Status.APPROVED, ""),
    (4, Status.SENT_BACK, ""),
    (10, Status.PROPOSED, ""),
]

# How many days ago a match in this state took its last step (low, high);
# None: any time after the need and talent were heard.
_LAST_STEP_AGE = {
    Status.PROPOSED: (0, 25),  # the review queue, oldest first
    Status.SENT_BACK: (0, 20),
    Status.REJECTED: None,
    Status.APPROVED: (0, 20),
    Status.INTRODUCED: (0, 40),  # over three weeks: introduced but never started
    Status.RUNNING: (1, 160),
    Status.ENDED: None,
}
# The share of introduced matches that stalled: introduced more than three
# weeks ago and never started (the lead's "needs attention"); drawn from the
# older part of their range, so that the demo has some at any instant (a
# draw from the whole range left none at some moments).
_STALLED = 0.5
_STALLED_AFTER_DAYS = 22
# Days between one step and the next, by the status it leads to.
_GAPS = {
    Status.SENT_BACK: (1, 6),
    Status.REJECTED: (1, 6),
    Status.APPROVED: (1, 6),
    Status.INTRODUCED: (2, 20),
    Status.RUNNING: (1, 10),
}
_RESUBMIT_GAP = (1, 6)
_RUNNING_DAYS = {
    Outcome.LASTING: (56, 280),
    Outcome.STOPPED: (14, 140),
    Outcome.NO_CLICK: (7, 42),
}
# Rounds of planning matches in place of those the suggestions would not
# propose (a shared interest in another neighbourhood, ...): few, and fewer
# each round.
_PLANNING_ROUNDS = 10
_RESUBMITTED = 0.15  # of proposals that reach approval: sent back and proposed again once
_REJECTED_AFTER_SENT_BACK = 0.25

# How often residents mention each category (the migration's slugs).
TALENT_WEIGHTS = {
    "tuin": 9, "boodschappen": 7, "vervoer": 5, "gezelschap": 10, "klussen": 9,
    "computer": 6, "taal": 6, "papierwerk": 4, "koken": 9, "bewegen": 6, "kinderen": 6,
    "huisdieren": 4, "creatief": 6, "organiseren": 5,
}  # fmt: skip
NEED_WEIGHTS = {
    "tuin": 7, "boodschappen": 6, "vervoer": 7, "gezelschap": 11, "klussen": 9,
    "computer": 9, "taal": 7, "papierwerk": 9, "koken": 4, "bewegen": 5, "kinderen": 6,
    "huisdieren": 3, "creatief": 3, "organiseren": 3,
}  # fmt: skip
_LINKED = 0.7  # of a resident's talents and needs heard in one of their latest conversations
_CLOSED = {"talent": 0.06, "need": 0.12}  # no longer relevant
_SHARED_INTEREST = 0.2  # of the matches for a need that is a gift of the heart
# The two sides an initiative can take in a match: the _Plan's methods that
# make one (a resident's need met by the initiative, or the initiative's need
# met by a resident).
_BY_INITIATIVE, _FOR_INITIATIVE = "_by_initiative", "_for_initiative"
_SLOTS = list(Availability.values)
_SLOT_WEIGHTS = [3, 3, 4, 2, 3, 1]


@dataclass
class MatchesDemo:
    """What ``build`` wrote (counts only: later builders query the rows)."""

    counts: dict


@transaction.atomic
def build(*, scale, rng, made, progress=lambda line: None):
    """Write the matches app's demo data for ``scale`` ("small" or "large")
    for the residents ``made["contacts"]`` wrote, in the neighbourhoods and
    teams of ``made["neighbourhoods"]``. Returns a ``MatchesDemo``."""
    return generate(size=SCALES[scale], rng=rng, made=made, progress=progress)


def generate(*, size, rng, made, progress=lambda line: None, now=None):
    """``build`` for any ``Size`` (tests use tiny ones), at ``now``."""
    plan = _Plan(size, rng, made, now=now or timezone.now())
    plan.initiatives()
    plan.heard()
    counts = {}
    # The talents and needs first, as they were heard: the suggestions score
    # the matches on them (``_Plan.matches``).
    with contacts_demo._indexes_set_aside(_HEARD):
        counts["initiatives"] = plan.write_initiatives()
        counts["talents"], counts["needs"] = plan.write_heard()
        progress(
            f"talents: {counts['talents']:,}, needs: {counts['needs']:,}, "
            f"initiatives: {counts['initiatives']:,}"
        )
    # Fresh statistics for the plans of the suggestions' query.
    _analyse([*_HEARD, Initiative, Initiative.neighbourhoods.through])
    plan.matches()
    progress(
        f"matches: {len(plan.match_list):,} planned, "
        f"{plan.scored:,} candidates scored by the suggestions"
    )
    plan.members()
    with contacts_demo._indexes_set_aside(_MATCHED):
        counts["matches"], counts["match events"], counts["check-ins"] = plan.write_matches()
        counts["initiative members"] = plan.write_members()
        progress(
            f"matches: {counts['matches']:,}, events: {counts['match events']:,}, "
            f"check-ins: {counts['check-ins']:,}"
        )
        progress("matches: rebuilding indexes and foreign keys")
    plan.write_settled()
    _analyse()
    progress("matches: tables analysed")
    return MatchesDemo(counts=counts)


# The tables written with their indexes set aside (the big ones): the
# talents and needs, then the matches.
_HEARD = [Talent, Need]
_MATCHED = [Match, MatchEvent, MatchCheckIn]
_FILLED = [*_HEARD, *_MATCHED]


class _Person:
    """A resident with stored data, as the matches need them."""

    __slots__ = (
        "address",
        "district",
        "first_name",
        "id",
        "languages",
        "matchable",
        "met_by",
        "name",
        "needs",
        "neighbourhood",
        "recordable",
        "since",
        "slots",
        "street",
        "talents",
        "talks",
    )  # fmt: skip


# Where an initiative's need is, for finding a helper near it.
_Place = namedtuple("_Place", ["street", "address", "neighbourhood", "district"])


class _Heard:
    """A talent or a need, of a person or an initiative."""

    __slots__ = (
        "conversation", "created_at", "created_by", "free_from", "id", "initiative", "person",
        "slots", "slug", "status", "taken", "text", "updated_at",
    )  # fmt: skip

    @property
    def owner_name(self):
        return self.person.name if self.person else self.initiative.name


class _Initiative:
    __slots__ = (
        "created_at", "created_by", "description", "for_women", "home", "id", "is_active",
        "members", "name", "needs", "neighbourhoods", "offers", "seekers", "slots", "where",
    )  # fmt: skip


class _Match:
    __slots__ = (
        "candidate",  # (need, talent, shared need) ids, for the suggestions to score
        "check_ins",
        "end_reason",
        "ended_on",
        "events",
        "first_meeting_plan",
        "helper",
        "helper_view",
        "id",
        "initiative",
        "introduced_by",
        "introduced_on",
        "need",
        "neighbourhood",
        "outcome",
        "proposed_at",
        "proposed_by",
        "reasons",
        "review_note",
        "reviewed_at",
        "reviewed_by",
        "say",  # (what kind of match, names), for its texts once scored
        "score",
        "seeker",
        "seeker_view",
        "started_on",
        "status",
        "steps",
        "talent",
        "why",
    )  # fmt: skip


class _Plan:
    """Everything to write, planned in memory first."""

    def __init__(self, size, rng, made, *, now):
        self.size, self.rng = size, rng
        geo = made["neighbourhoods"]
        self.people = _load_people()
        start = min((p.since for p in self.people), default=now)
        days = max(1, (now - start).days + 1)
        self.world = contacts_demo._World(geo, now=now, days=days)
        world = self.world
        self.district_of = {n.pk: n.district_id for n in geo.neighbourhoods}
        self.name_of = {n.pk: n.name for n in geo.neighbourhoods}
        for p in self.people:
            p.district = self.district_of[p.neighbourhood]
        self.team_of, self.leads = _teams(world)
        self.categories = _categories()
        self.slugs = [s for s in texts.TALENTS if s in self.categories]
        _attach_talks(self.people)
        self.in_neighbourhood = defaultdict(list)
        for p in self.people:
            self.in_neighbourhood[p.neighbourhood].append(p)
        self.initiative_list, self.talents, self.needs = [], [], []
        self.match_list, self.follow_ups = [], []
        # The talents and needs whose status the matches changed, by id.
        self.settled = {Talent: {}, Need: {}}
        self.scored = 0  # candidates the suggestions scored
        # Who was matched with a need before (a need may have a second
        # match, never with the same helper: the suggestions leave them out).
        self.paired = defaultdict(set)

    # Initiatives.

    def initiatives(self):
        """A few per neighbourhood, one per team in two of its
        neighbourhoods; members are added by ``members`` (after the
        matches, which make some)."""
        rng, world = self.rng, self.world
        single = [t for t in texts.INITIATIVES if "{buurten}" not in t["name"]]
        double = [t for t in texts.INITIATIVES if "{buurten}" in t["name"]]
        places = []
        for n in world.neighbourhoods:
            if self.in_neighbourhood[n]:
                for template in rng.sample(single, self.size.initiatives_per_neighbourhood):
                    places.append((template, [n]))
        by_team = defaultdict(list)
        for n in world.neighbourhoods:
            if self.in_neighbourhood[n]:
                by_team[self.team_of[n]].append(n)
        for neighbourhoods in by_team.values():
            if len(neighbourhoods) >= 2:
                for template in rng.sample(double, self.size.initiatives_per_team):
                    places.append((template, sorted(rng.sample(neighbourhoods, 2))))
        span = max(1, len(world.days) - 60)
        for number, (template, neighbourhoods) in enumerate(places):
            i = _Initiative()
            i.id = _uuid(rng)
            names = [self.name_of[n] for n in neighbourhoods]
            i.name = template["name"].format(buurt=names[0], buurten=" en ".join(names))
            # The neighbourhood a match with it belongs to (the lifecycle's choice).
            i.home = min(neighbourhoods, key=lambda n: (self.name_of[n], n))
            centre = world.centre_of[i.home]
            i.where = template["where"].format(centre=centre)
            i.where = i.where[0].upper() + i.where[1:]
            i.description, i.slots = template["description"], template["slots"]
            i.for_women = template.get("for_women", False)
            i.neighbourhoods = neighbourhoods
            i.created_by = rng.choice(world.workers[i.home])
            i.created_at = world.at(world.days[rng.randrange(span)], rng.uniform(9, 17))
            i.is_active = number % 8 != 5  # one in eight stopped
            i.members = {}  # resident id -> (role, joined on)
            i.seekers = set()  # residents with a match with it that did not start
            i.offers = [self._initiative_heard(i, slug, text) for slug, text in template["offers"]]
            i.needs = [self._initiative_heard(i, slug, text) for slug, text in template["needs"]]
            self.talents += i.offers
            self.needs += i.needs
            self.initiative_list.append(i)

    def _initiative_heard(self, initiative, slug, text):
        h = _new_heard(slug, text)
        h.initiative, h.slots = initiative, initiative.slots
        h.created_by = initiative.created_by
        h.created_at = min(
            initiative.created_at + timedelta(days=self.rng.randint(0, 30)), self.world.now
        )
        h.status = Talent.Status.OPEN if initiative.is_active else Talent.Status.CLOSED
        return h

    # Talents and needs.

    def heard(self):
        """The residents' talents and needs: ``size.heard`` in all with the
        initiatives'. Everyone has a talent; who talks more has more."""
        rng, people = self.rng, self.people
        if not people:
            return
        total = max(0, self.size.heard - len(self.talents) - len(self.needs))
        talent_total = round(total * self.size.talent_share)
        need_total = total - talent_total
        everyone = range(len(people))
        weights = [1 + len(p.talks) for p in people]
        talent_counts = [0] * len(people)
        for i in everyone if talent_total >= len(people) else rng.sample(everyone, talent_total):
            talent_counts[i] = 1
        for i in rng.choices(everyone, weights, k=max(0, talent_total - len(people))):
            talent_counts[i] += 1
        need_counts = [0] * len(people)
        for i in rng.choices(everyone, weights, k=need_total):
            need_counts[i] += 1
        for p, talents, needs in zip(people, talent_counts, need_counts, strict=True):
            p.slots = _slots(rng)
            p.talents = self._for_person(p, "talent", talents)
            p.needs = self._for_person(p, "need", needs)
            self.talents += p.talents
            self.needs += p.needs

    def _for_person(self, p, kind, count):
        rng, world = self.rng, self.world
        table = texts.TALENTS if kind == "talent" else texts.NEEDS
        weights = dict(TALENT_WEIGHTS if kind == "talent" else NEED_WEIGHTS)
        if language_list.DUTCH not in p.languages:
            if kind == "need":
                weights["taal"] *= 5
        elif len(p.languages) > 1 and kind == "talent":
            weights["taal"] *= 3
        # Different categories where possible; never a need where they have a talent.
        own = {h.slug for h in p.talents} if kind == "need" else set()
        slugs = [s for s in self.slugs if s in weights and s not in own]
        chosen = []
        for _ in range(count):
            for _try in range(5):
                slug = rng.choices(slugs, [weights[s] for s in slugs])[0]
                if slug not in chosen:
                    break
            chosen.append(slug)
        endings = texts.TALENT_ENDINGS if kind == "talent" else texts.NEED_ENDINGS
        made = []
        for slug in chosen:
            ending = rng.choice(endings)
            text = rng.choice(table[slug])
            h = _new_heard(slug, f"{text}.{ending}" if ending else text)
            h.person = p
            h.slots = p.slots if rng.random() < 0.8 else _slots(rng)
            if p.talks and rng.random() < _LINKED:
                h.conversation, moment, h.created_by = rng.choice(p.talks)
                h.created_at = min(moment + timedelta(minutes=rng.randint(1, 30)), world.now)
            else:
                h.created_at = p.since + (world.now - p.since) * rng.random()
                h.created_by = p.met_by
            h.updated_at = h.created_at
            if not p.recordable or rng.random() < _CLOSED[kind]:
                h.status = Talent.Status.CLOSED
            made.append(h)
        return made

    # Matches.

    def matches(self):
        """``size.matches`` matches, divided over the states by ``STATES``
        and over the neighbourhoods in turn, each scored by the suggestions
        (``suggestions.score_pairs``, all at once): one they would not
        propose is left out, and another one planned in its place."""
        rng, world = self.rng, self.world
        self._index()
        order = [n for n in world.neighbourhoods if self.needs_in[n] and self.leads.get(n)]
        if not order:
            return
        rng.shuffle(order)
        counts = contacts_demo._spread(self.size.matches, [w for w, _, _ in STATES])
        # (status, outcome, the turn of the neighbourhoods, the initiative's
        # side or None). The first two of every state have an initiative on
        # either side, whatever the dice say: the rest take their chance.
        wanted = []
        for (_, status, outcome), count in zip(STATES, counts, strict=True):
            sides = [_BY_INITIATIVE, _FOR_INITIATIVE][:count]
            sides += [None] * (count - len(sides))
            wanted += [(status, outcome, len(wanted) + n, side) for n, side in enumerate(sides)]
        for _round in range(_PLANNING_ROUNDS):
            planned = []
            for want in wanted:
                match = self._planned(order, *want)
                if match is not None:
                    planned.append((match, want))
                    self._paired(match)
            # What a match left out did (a need or talent taken, a helper
            # paired) only keeps those from other matches.
            scores = suggestions.score_pairs([m.candidate for m, _ in planned])
            self.scored += len(planned)
            wanted = []
            for (match, want), scored in zip(planned, scores, strict=True):
                if scored is None:
                    wanted.append(want)
                    continue
                score, reasons = scored
                match.score, match.reasons = score, [reason.as_json() for reason in reasons]
                self._say(match)
                self.match_list.append(match)
            if not wanted:
                break
        self._settle()

    def _index(self):
        """Who could be matched, where: the open needs of consenting
        active residents per neighbourhood; open talents (and, for shared
        interests, needs) by category and street, neighbourhood, and team
        within the district; initiatives' open needs and offers."""
        self.needs_in = defaultdict(list)
        self.talents_near = defaultdict(list)
        self.needs_near = defaultdict(list)
        for h in self.needs:
            h.taken, h.free_from = False, _after(h.created_at)
            if h.person and _matchable(h):
                self.needs_in[h.person.neighbourhood].append(h)
                self._near(self.needs_near, h)
        for h in self.talents:
            h.taken = False
            if h.person and _matchable(h):
                self._near(self.talents_near, h)
        self.offers_in = defaultdict(list)  # (neighbourhood, slug) -> initiative talents
        self.initiative_needs_in = defaultdict(list)  # home neighbourhood -> needs
        for i in self.initiative_list:
            if not i.is_active:
                continue
            for h in i.offers:
                for n in i.neighbourhoods:
                    self.offers_in[(n, h.slug)].append(h)
            self.initiative_needs_in[i.home] += i.needs

    def _near(self, index, h):
        p = h.person
        if p.street is not None:
            index[("street", p.street, h.slug)].append(h)
        index[("neighbourhood", p.neighbourhood, h.slug)].append(h)
        index[("team", self.team_of[p.neighbourhood], p.district, h.slug)].append(h)

    def _planned(self, order, status, outcome, turn, side):
        """One match in ``status``, in the neighbourhood whose ``turn`` it
        is or the first after it that can have one; with an initiative on
        ``side`` where any neighbourhood can, else any match. None when no
        neighbourhood can."""
        for initiative_side in (side, None) if side else (None,):
            for attempt in range(len(order)):
                neighbourhood = order[(turn + attempt) % len(order)]
                if initiative_side is None:
                    match = self._one(neighbourhood, status, outcome)
                else:
                    match = getattr(self, initiative_side)(neighbourhood, status, outcome)
                if match is not None:
                    return match
        return None

    def _one(self, neighbourhood, status, outcome):
        """One match in ``status`` in ``neighbourhood``, or None when no
        need there can have one."""
        rng = self.rng
        if rng.random() < self.size.initiative_share:
            side = _BY_INITIATIVE if rng.random() < 0.6 else _FOR_INITIATIVE
            match = getattr(self, side)(neighbourhood, status, outcome)
            if match is not None:
                return match
        needs = self.needs_in[neighbourhood]
        for _ in range(25):
            need = rng.choice(needs)
            if need.taken:
                continue
            seeker = need.person
            gift = self.categories[need.slug].gift
            if gift == Category.Gift.HEART and rng.random() < _SHARED_INTEREST:
                other = self._nearby(self.needs_near, need, seeker)
                if other is None:
                    continue
                helper, talent, shared = other.person, None, other
                earliest = max(need.free_from, _after(other.created_at))
            else:
                talent = self._nearby(self.talents_near, need, seeker)
                if talent is None:
                    continue
                helper, shared = talent.person, None
                earliest = max(need.free_from, _after(talent.created_at))
            if helper.id in self.paired[need]:
                continue
            days = _timeline(rng, self.world, status, outcome, earliest)
            if days is None:
                continue
            match = self._new(neighbourhood, need, status, outcome, days)
            match.seeker, match.helper, match.talent = seeker, helper, talent
            match.candidate = (
                need.id,
                talent.id if talent else None,
                shared.id if shared else None,
            )
            match.say = ("neighbours", {"seeker": seeker.first_name, "helper": helper.first_name})
            if talent is not None:
                talent.taken = True
            return match
        return None

    def _say(self, m):
        """The texts of ``m``, once it is scored (the why names how near
        they live, as its reasons say)."""
        rng = self.rng
        kind, names = m.say
        if kind == "neighbours":
            why = [rng.choice(texts.WHY[m.need.slug])]
            proximity = next((r["code"] for r in m.reasons if r["code"] in _PLACES), None)
            why.append(rng.choice(texts.WHY_PROXIMITY[proximity]))
            why.append(rng.choice(texts.WHY_CLOSING))
            self._texts(m, " ".join(w for w in why if w), texts.FIRST_MEETINGS, names)
        elif kind == "by initiative":
            why = rng.choice(texts.WHY_INITIATIVE_OFFERS)
            self._texts(m, why, texts.FIRST_MEETINGS_INITIATIVE, names)
        else:
            why = rng.choice(texts.WHY_INITIATIVE_NEEDS)
            self._texts(m, why, texts.FIRST_MEETINGS_FOR_INITIATIVE, names)

    def _nearby(self, index, need, seeker, accept=None):
        """An untaken talent (or need) of the same category near ``seeker``
        (a person or a ``_Place``): in the same street, else neighbourhood,
        else the team's part of the district; never of the seeker's
        household; ``accept(person)`` when given."""
        rng = self.rng
        keys = [
            ("street", seeker.street, need.slug),
            ("neighbourhood", seeker.neighbourhood, need.slug),
            ("team", self.team_of[seeker.neighbourhood], seeker.district, need.slug),
        ]
        roll = rng.random()
        start = 0 if roll < 0.45 else 1 if roll < 0.8 else 2
        for key in keys[start:]:
            pool = index.get(key)
            if not pool:
                continue
            for _ in range(8):
                h = rng.choice(pool)
                p = h.person
                if h.taken or h is need or p is seeker:
                    continue
                if p.address is not None and p.address == seeker.address:
                    continue
                if accept is not None and not accept(p):
                    continue
                return h
        return None

    def _by_initiative(self, neighbourhood, status, outcome):
        """A resident's need met by an initiative that offers it."""
        rng = self.rng
        needs = self.needs_in[neighbourhood]
        for _ in range(25):
            need = rng.choice(needs)
            offers = self.offers_in.get((neighbourhood, need.slug))
            if need.taken or not offers:
                continue
            offer = rng.choice(offers)
            initiative = offer.initiative
            if not _welcome(initiative, need.person) or initiative.id in self.paired[need]:
                continue
            earliest = max(need.free_from, _after(offer.created_at))
            days = _timeline(rng, self.world, status, outcome, earliest)
            if days is None:
                continue
            match = self._new(neighbourhood, need, status, outcome, days)
            match.seeker, match.initiative = need.person, initiative
            match.candidate = (need.id, offer.id, None)
            initiative.seekers.add(need.person.id)
            names = _initiative_names(initiative, need.person)
            names["seeker"] = need.person.first_name
            match.say = ("by initiative", names)
            return match
        return None

    def _for_initiative(self, neighbourhood, status, outcome):
        """An initiative's need met by a resident's talent."""
        rng = self.rng
        needs = self.initiative_needs_in.get(neighbourhood)
        if not needs:
            return None
        for _ in range(10):
            need = rng.choice(needs)
            if need.taken:
                continue
            near = _Place(None, None, neighbourhood, self.district_of[neighbourhood])
            talent = self._nearby(
                self.talents_near, need, near, lambda p, i=need.initiative: _welcome(i, p)
            )
            if talent is None or talent.person.id in self.paired[need]:
                continue
            earliest = max(need.free_from, _after(talent.created_at))
            days = _timeline(rng, self.world, status, outcome, earliest)
            if days is None:
                continue
            match = self._new(neighbourhood, need, status, outcome, days)
            match.helper, match.talent = talent.person, talent
            match.candidate = (need.id, talent.id, None)
            names = _initiative_names(need.initiative, talent.person)
            names["helper"] = talent.person.first_name
            match.say = ("for initiative", names)
            talent.taken = True
            return match
        return None

    def _new(self, neighbourhood, need, status, outcome, days):
        """A match of ``need`` whose steps happen on ``days``; people,
        reasons and texts are filled in by the caller."""
        rng, world = self.rng, self.world
        m = _Match()
        m.id = _uuid(rng)
        m.neighbourhood, m.need, m.status, m.outcome = neighbourhood, need, status, outcome
        m.seeker = m.helper = m.talent = m.initiative = None
        team = world.workers[neighbourhood]
        heard_by = need.created_by if need.created_by in team else None
        m.proposed_by = heard_by if heard_by and rng.random() < 0.6 else rng.choice(team)
        # Never the proposer (the database refuses that too).
        m.reviewed_by = rng.choice(
            [lead for lead in self.leads[neighbourhood] if lead != m.proposed_by]
        )
        m.steps = [(step, day, _moment(rng, world, day)) for step, day in days]
        m.proposed_at = m.steps[0][2]
        m.introduced_on = m.introduced_by = m.started_on = m.ended_on = None
        m.check_ins = []
        for step, day, _at in m.steps:
            to = step.to_status
            if to == Status.INTRODUCED:
                m.introduced_on = day
                # Mostly the proposer is there; sometimes a colleague, or nobody.
                roll, others = rng.random(), [w for w in team if w != m.proposed_by]
                if roll < 0.8 or (roll < 0.9 and not others):
                    m.introduced_by = m.proposed_by
                else:
                    m.introduced_by = rng.choice(others) if roll < 0.9 else None
            elif to == Status.RUNNING:
                m.started_on = day
            elif to == Status.ENDED:
                m.ended_on = day
        need.taken = status in Status.in_progress() or outcome == Outcome.LASTING
        need.free_from = m.steps[-1][1] + timedelta(days=1)
        return m

    def _texts(self, m, why, plans, names):
        """The why, the plan and what was said at each step; a match with
        an initiative has texts of its own (``names`` has a "member")."""
        rng, world = self.rng, self.world
        names = {"centre": world.centre_of[m.neighbourhood], **names}
        notes = _NOTES_INITIATIVE if "member" in names else _NOTES
        m.why = why.format(**names)
        m.first_meeting_plan = rng.choice(plans).format(**names)
        m.review_note = ""
        m.reviewed_at = None
        m.end_reason = m.seeker_view = m.helper_view = ""
        said = []
        for step, _day, at in m.steps:
            note = ""
            if step.action == "resubmit":
                m.why = f"{m.why} {rng.choice(notes['resubmit']).format(**names)}"
                note = m.why
                m.review_note, m.reviewed_at = "", None  # cleared by the resubmission
            elif step.action == lifecycle.PROPOSE:
                note = m.why
            elif lifecycle.TAKEN_BY.get(step.action) == lifecycle.REVIEWER:
                note = rng.choice(notes[step.action]).format(**names)
                m.review_note, m.reviewed_at = note, at
            elif step.action == "end":
                note = rng.choice(notes["end"][m.outcome]).format(**names)
                m.end_reason = note
                m.seeker_view = rng.choice(texts.SEEKER_VIEWS[m.outcome])
                m.helper_view = rng.choice(texts.HELPER_VIEWS[m.outcome])
            said.append(note)
        # Each event as the lifecycle records it (``transition_event``).
        m.events = [
            lifecycle.transition_event(
                m.id,
                action=step.action,
                from_status=step.from_status,
                by=self._by(m, step),
                at=at,
                note=note,
            )
            for (step, _day, at), note in zip(m.steps, said, strict=True)
        ]
        if m.reviewed_at is None:
            m.reviewed_by = None

    def _by(self, m, step):
        """Who took ``step``: the reviewer a reviewer's step, the proposer
        the others (``lifecycle.TAKEN_BY``)."""
        if lifecycle.TAKEN_BY.get(step.action) == lifecycle.REVIEWER:
            return m.reviewed_by
        return m.proposed_by

    def _paired(self, match):
        """Remember ``match``'s helper (or initiative) for its need."""
        helper = match.helper or match.initiative
        self.paired[match.need].add(helper.id)

    def _settle(self):
        """What the lifecycle does besides the match: needs and talents
        matched while running (and after a lasting end), open again after
        another end; check-ins for the proposer; members for an
        initiative's match that started."""
        rng, world = self.rng, self.world
        for m in sorted(self.match_list, key=lambda m: m.proposed_at):
            started = next((e.at for e in m.events if e.to_status == Status.RUNNING), None)
            if started is None:
                continue
            ended = m.events[-1].at if m.status == Status.ENDED else None
            for model, h in ((Need, m.need), (Talent, m.talent)):
                if h is None:
                    continue
                if m.outcome in ("", Outcome.LASTING):
                    h.status, h.updated_at = Talent.Status.MATCHED, started
                else:
                    h.status, h.updated_at = Talent.Status.OPEN, ended
                self.settled[model][h.id] = h
            member = m.seeker if m.initiative else m.helper if m.need.initiative else None
            initiative = m.initiative or m.need.initiative
            joins = member is not None and member.neighbourhood in initiative.neighbourhoods
            if joins and m.outcome in ("", Outcome.LASTING):
                initiative.members[member.id] = (InitiativeMember.Role.MEMBER, m.started_on)
                initiative.seekers.discard(member.id)
            with translation.override("nl"):  # as a Dutch worker would have started it
                planned = lifecycle.check_ins(
                    started_on=m.started_on,
                    seeker=m.seeker.name if m.seeker else m.need.initiative.name,
                    helper=m.helper.name if m.helper else m.initiative.name,
                )
            for due, description in planned:
                cancelled = False
                if ended is None:
                    done = _check_in_done(rng, world, due, started, m.proposed_by)
                elif due < m.ended_on:
                    day = min(due + timedelta(days=rng.randint(-3, 3)), m.ended_on)
                    done = (min(max(_moment(rng, world, day), started), ended), m.proposed_by)
                else:  # cancelled when the match ended
                    done, cancelled = (ended, m.proposed_by), True
                follow_up = contacts_demo._follow_up(
                    rng,
                    world,
                    neighbourhood=m.neighbourhood,
                    description=description,
                    due=due,
                    worker=m.proposed_by,
                    created_at=started,
                    resident=m.seeker.id if m.seeker else None,
                    done=done,
                    cancelled=cancelled,
                )
                self.follow_ups.append(follow_up)
                m.check_ins.append(follow_up[0])

    def members(self):
        """Organisers (preferably residents who like organising) and
        members of each initiative, from its neighbourhoods; not those
        with a match with it that did not start (they are not members)."""
        rng, world = self.rng, self.world
        for i in self.initiative_list:
            nearby = [
                p
                for n in i.neighbourhoods
                for p in self.in_neighbourhood[n]
                if p.recordable and p.id not in i.seekers and _welcome(i, p)
            ]
            if not nearby:
                continue
            keen = [p for p in nearby if any(t.slug == "organiseren" for t in p.talents)] or nearby
            organisers = rng.sample(keen, min(rng.randint(1, 2), len(keen)))
            others = rng.sample(nearby, min(rng.randint(*self.size.members), len(nearby)))
            start = timezone.localtime(i.created_at).date()
            span = max(0, (world.today - start).days)
            for p in organisers:
                i.members[p.id] = (InitiativeMember.Role.ORGANISER, start)
            for p in others:
                joined = start + timedelta(days=rng.randint(0, span))
                i.members.setdefault(p.id, (InitiativeMember.Role.MEMBER, joined))

    # Writing.

    def write_initiatives(self):
        rows = [
            (i.id, i.name, i.description, i.where, i.is_active, i.created_by, i.created_at,
             i.created_at, 1)
            for i in self.initiative_list
        ]  # fmt: skip
        fields = ["id", "name", "description", "where", "is_active", "created_by"]
        count = _copy(Initiative, [*fields, "created_at", "updated_at", "version"], rows)
        _copy(
            Initiative.neighbourhoods.through,
            ["initiative", "neighbourhood"],
            ((i.id, n) for i in self.initiative_list for n in i.neighbourhoods),
        )
        return count

    def write_heard(self):
        for model, rows in ((Talent, self.talents), (Need, self.needs)):
            first = contacts_demo._reserve_ids(model, len(rows))
            for n, h in enumerate(rows):
                h.id = first + n
        categories = {slug: c.pk for slug, c in self.categories.items()}
        thesaurus = language.thesaurus()
        terms = functools.cache(lambda text: language.analyse(text, thesaurus))

        def values(rows):
            for h in rows:
                yield (
                    h.id,
                    h.person.id if h.person else None,
                    h.initiative.id if h.initiative else None,
                    categories[h.slug],
                    h.text,
                    terms(h.text),
                    h.slots,
                    h.status,
                    h.conversation,
                    h.created_by,
                    h.created_at,
                    h.updated_at or h.created_at,
                )

        return _copy(Talent, _HEARD_FIELDS, values(self.talents)), _copy(
            Need, _HEARD_FIELDS, values(self.needs)
        )

    def write_matches(self):
        _copy(FollowUp, contacts_demo._FOLLOW_UP_FIELDS, self.follow_ups)
        rows = (
            (
                m.id, m.neighbourhood, m.need.id, m.seeker and m.seeker.id,
                m.helper and m.helper.id, m.talent and m.talent.id,
                m.initiative and m.initiative.id, m.status, m.score, json.dumps(m.reasons),
                m.why, m.first_meeting_plan, m.proposed_by, m.proposed_at, m.reviewed_by,
                m.reviewed_at, m.review_note, m.introduced_on, m.introduced_by, m.started_on,
                m.ended_on, m.outcome, m.end_reason, m.seeker_view, m.helper_view,
                m.proposed_at, m.events[-1].at,
            )
            for m in self.match_list
        )  # fmt: skip
        count = _copy(Match, _MATCH_FIELDS, rows)
        events = _copy(
            MatchEvent,
            ["match", "from_status", "to_status", "by", "at", "note"],
            (
                (e.match_id, e.from_status, e.to_status, e.by_id, e.at, e.note)
                for m in self.match_list
                for e in m.events
            ),
        )
        check_ins = _copy(
            MatchCheckIn,
            ["match", "follow_up"],
            ((m.id, f) for m in self.match_list for f in m.check_ins),
        )
        return count, events, check_ins

    def write_settled(self):
        """The talents and needs as the matches left them (``_settle``),
        written as heard before the matches were scored: one UPDATE each."""
        for model, settled in self.settled.items():
            if not settled:
                continue
            heard = tables(model)[model.__name__]
            sql = f"""
                UPDATE {heard} AS h SET {heard.status} = v.status, {heard.updated_at} = v.at
                FROM unnest(%s::bigint[], %s::text[], %s::timestamptz[]) AS v(id, status, at)
                WHERE h.{heard.id} = v.id
            """  # noqa: S608 (names from the models, values as parameters)
            rows = list(settled.values())
            with connection.cursor() as cursor:
                cursor.execute(
                    sql,
                    [[h.id for h in rows], [h.status for h in rows], [h.updated_at for h in rows]],
                )

    def write_members(self):
        return _copy(
            InitiativeMember,
            ["initiative", "resident", "role", "joined_on"],
            (
                (i.id, resident, role, joined)
                for i in self.initiative_list
                for resident, (role, joined) in i.members.items()
            ),
        )


# What workers and leads write at each step, for a match between residents
# and for one with an initiative.
_NOTES = {
    "resubmit": texts.RESUBMIT_NOTES,
    "approve": texts.APPROVE_NOTES,
    "send_back": texts.SEND_BACK_NOTES,
    "reject": texts.REJECT_NOTES,
    "end": texts.END_REASONS,
}
_NOTES_INITIATIVE = {
    "resubmit": texts.RESUBMIT_NOTES_INITIATIVE,
    "approve": texts.APPROVE_NOTES,
    "send_back": texts.SEND_BACK_NOTES_INITIATIVE,
    "reject": texts.REJECT_NOTES_INITIATIVE,
    "end": texts.END_REASONS_INITIATIVE,
}
_PLACES = ("same_street", "same_neighbourhood", "same_district")
_HEARD_FIELDS = [
    "id", "resident", "initiative", "category", "text", "terms", "availability", "status",
    "conversation", "created_by", "created_at", "updated_at",
]  # fmt: skip
_MATCH_FIELDS = [
    "id", "neighbourhood", "need", "resident", "helper", "talent", "initiative", "status",
    "score", "reasons", "why", "first_meeting_plan", "proposed_by", "proposed_at",
    "reviewed_by", "reviewed_at", "review_note", "introduced_on", "introduced_by",
    "started_on", "ended_on", "outcome", "end_reason", "seeker_view", "helper_view",
    "created_at", "updated_at",
]  # fmt: skip


def _welcome(initiative, person):
    """Whether ``person`` can join ``initiative`` (the women's group: by
    first name, see ``demo_texts.WOMEN``)."""
    return not initiative.for_women or person.first_name in texts.WOMEN


def _initiative_names(initiative, member):
    where = initiative.where
    return {
        "initiative": initiative.name,
        "member": member.first_name,
        "where": where[0].lower() + where[1:],
    }


def _new_heard(slug, text):
    h = _Heard()
    h.slug, h.text = slug, text
    h.person = h.initiative = h.conversation = h.updated_at = None
    h.status = Talent.Status.OPEN
    h.taken, h.free_from = False, None
    return h


def _matchable(h):
    """An open talent or need of a resident who may be matched."""
    return h.status == Talent.Status.OPEN and h.person.matchable


def _after(moment):
    """The first day after ``moment``'s (local) day."""
    return timezone.localtime(moment).date() + timedelta(days=1)


def _moment(rng, world, day):
    """A moment in working hours on ``day``; today, one already past."""
    if day == world.today:
        past = world.hours_today
        return world.at(day, min(9, past) + (min(17, past) - min(9, past)) * rng.random())
    return world.at(day, rng.uniform(9, 17))


def _check_in_done(rng, world, due, created_at, worker):
    """(done_at, done_by) of a check-in on a running match: most past ones
    done around their day, some overdue (for the list of matches needing
    attention), more so recent ones; a few ahead done early."""
    days_left = (due - world.today).days
    chance = 0.9 if days_left < -21 else 0.6 if days_left < 0 else 0.03
    if rng.random() >= chance:
        return None, None
    day = min(due + timedelta(days=rng.randint(-3, 3)), world.today)
    return max(_moment(rng, world, day), created_at), worker


def _slots(rng):
    """A few parts of the week, in the choices' order; unknown for some."""
    if rng.random() < 0.15:
        return []
    chosen = set(rng.choices(_SLOTS, _SLOT_WEIGHTS, k=rng.randint(1, 3)))
    return [slot for slot in _SLOTS if slot in chosen]


def _path(rng, status):
    """The lifecycle's steps to ``status`` (``lifecycle.path_to``): some
    proposals were sent back first, then proposed again, or rejected."""
    via = None
    if status == Status.REJECTED:
        if rng.random() < _REJECTED_AFTER_SENT_BACK:
            via = Status.SENT_BACK
    elif status != Status.SENT_BACK and rng.random() < _RESUBMITTED:
        via = Status.SENT_BACK
    return lifecycle.path_to(status, via=via)


def _timeline(rng, world, status, outcome, earliest):
    """The steps to ``status`` (``lifecycle.Step``) with the day of each,
    [(step, day)], the first on or after ``earliest`` and the last as long
    ago as ``_LAST_STEP_AGE`` says; None when they do not fit."""
    steps = _path(rng, status)
    gaps = [0]
    for step in steps[1:]:
        if step.action == "end":
            gaps.append(None)  # the running time, below
        elif step.action == "resubmit":
            gaps.append(rng.randint(*_RESUBMIT_GAP))
        elif step.from_status == Status.SENT_BACK:  # rejected after sending back
            gaps.append(rng.randint(3, 14))
        else:
            gaps.append(rng.randint(*_GAPS[step.to_status]))
    room = (world.today - earliest).days - sum(g for g in gaps if g)  # for the last step's age
    if None in gaps:
        low, high = _RUNNING_DAYS[outcome]
        high = min(high, room - 1)
        if high < low:
            return None
        running = rng.randint(low, high)
        gaps[gaps.index(None)] = running
        room -= running
    low, high = _LAST_STEP_AGE[status] or (1, room)
    if status == Status.INTRODUCED and rng.random() < _STALLED:
        low = _STALLED_AFTER_DAYS  # needs attention: introduced weeks ago, never started
    high = min(high, room)
    if high < low:
        return None
    day = world.today - timedelta(days=rng.randint(low, high) + sum(gaps))
    timeline = []
    for step, gap in zip(steps, gaps, strict=True):
        day += timedelta(days=gap)
        timeline.append((step, day))
    return timeline


def _load_people():
    """The residents with stored data (who consented to it, also those who
    moved since), in id order, with whether they may be recorded and
    matched now (``Resident.objects.may_be_recorded()``, ``may_be_matched()``)."""
    recordable = set(Resident.objects.may_be_recorded().values_list("pk", flat=True))
    matchable = set(Resident.objects.may_be_matched().values_list("pk", flat=True))
    rows = (
        Resident.objects.filter(**{Consent.STORE.flag: True})
        .order_by("pk")
        .values_list(
            "pk", "neighbourhood_id", "address_id", "address__street_id", "name", "languages",
            "created_at", "created_by_id",
        )
    )  # fmt: skip
    people = []
    for pk, neighbourhood, address, street, name, languages, since, met_by in rows:
        p = _Person()
        p.id, p.neighbourhood, p.address, p.street = pk, neighbourhood, address, street
        p.name, p.first_name, p.languages = name, name.split(" ")[0], languages
        p.recordable, p.matchable = pk in recordable, pk in matchable
        p.since, p.met_by = since, met_by
        p.talks, p.talents, p.needs, p.slots = [], [], [], []
        people.append(p)
    return people


def _attach_talks(people):
    """Each person's latest three conversations: (id, when, worker)."""
    sql = """
        SELECT resident, id, happened_at, created_by FROM (
            SELECT p.{Conversation_residents.resident} AS resident, c.{Conversation.id} AS id,
                   c.{Conversation.happened_at} AS happened_at,
                   c.{Conversation.created_by} AS created_by,
                   row_number() OVER (
                       PARTITION BY p.{Conversation_residents.resident}
                       ORDER BY c.{Conversation.happened_at} DESC, c.{Conversation.id}
                   ) AS n
            FROM {Conversation_residents} AS p JOIN {Conversation} AS c
              ON c.{Conversation.id} = p.{Conversation_residents.conversation}
        ) AS latest
        WHERE n <= 3
        ORDER BY resident, happened_at, id
    """.format(**tables(Conversation, Conversation.residents.through))  # noqa: S608 (names from the models, no input)
    by_id = {p.id: p for p in people}
    with connection.cursor() as cursor:
        cursor.execute(sql)
        for resident_id, talk, happened_at, created_by in cursor.fetchall():
            person = by_id.get(resident_id)
            if person is not None:
                person.talks.append((talk, happened_at, created_by))


def _teams(world):
    """The team working in each neighbourhood, and who reviews there: the
    active users with lead rights who lead a team working there
    (``Membership.objects.leading()``, as ``can_review`` asks), in order."""
    leads_of_team = defaultdict(list)
    for membership in Membership.objects.leading().select_related("user").order_by("pk"):
        if membership.user.is_active and membership.user.has_lead_rights:
            leads_of_team[membership.team_id].append(membership.user_id)
    team_of, leads = {}, {}
    covers = Team.neighbourhoods.through.objects.filter(neighbourhood__in=world.neighbourhoods)
    for team, neighbourhood in covers.order_by("pk").values_list("team", "neighbourhood"):
        team_of.setdefault(neighbourhood, team)
        leads.setdefault(neighbourhood, [])
        leads[neighbourhood] += [
            lead for lead in leads_of_team[team] if lead not in leads[neighbourhood]
        ]
    return team_of, leads


def _categories():
    """The categories by slug. ``manage.py flush`` (which seed_demo asks for)
    also empties the taxonomy the migration shipped: then put it back."""
    if not Category.objects.exists():
        import_module("matches.migrations.0002_categories").add_categories(apps, None)
    return {c.slug: c for c in Category.objects.filter(is_active=True)}


def _analyse(models=None):
    """Fresh planner statistics for the matches tables (or ``models``')."""
    if models is None:
        models = [*_FILLED, Initiative, Initiative.neighbourhoods.through]
        models += [InitiativeMember, FollowUp]
    tables = ", ".join(connection.ops.quote_name(m._meta.db_table) for m in models)
    with connection.cursor() as cursor:
        cursor.execute(f"ANALYZE {tables}")
