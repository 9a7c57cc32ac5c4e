"""Made-up demo data for the contacts app: residents and their consents,
door-knocking rounds and door knocks, conversations, follow-ups,
organisations, signals, referrals and incoming reports. Called by
``manage.py seed_demo`` after ``demo.neighbourhoods``, whose addresses,
teams and workers it uses. Every name and text is invented (see
``demo_texts``) and every choice comes from the ``rng`` passed in: a fixed
seed gives the same residents on every run, and the same everything at the
same moment (dates are relative to now).

Scoping: every record lies in one neighbourhood and involves only workers
of the team that covers it, so a demo worker sees the data of their own
neighbourhoods and nothing else.

What it makes, on both scales:

- residents at about 60% (small) or 80% (large) of the addresses, in
  households of 1-4 sharing a background (names, languages); a few without
  an address. Consents: most store and match, some share, some refused
  (stored as name and address only), a few withdrawn; the cached flags follow
  the ConsentRecords. Residents who refused have no conversations.
- past rounds on one side of a street, with a door knock at every address
  (all outcomes); "spoke" often starts a conversation at the door. The
  addresses' door-knock summaries are made from the knocks by the
  door-knock service's function. Today a
  round for every worker with the first addresses already knocked, and a few
  rounds in the coming weeks.
- conversations on working days and hours, more in recent years, with 1-2
  residents, 1-2 workers, themes and a short note; some agree a follow-up.
- follow-ups done, overdue, due today and upcoming for every worker; a
  handful of organisations, signals and referrals (share consent only) and
  incoming reports, each with a follow-up.

Both scales take the same path and write with PostgreSQL's COPY (psycopg 3);
bulk_create is far too slow for a million conversations. Conversations are
generated day by day and written in chunks, so memory stays flat. While the
tables fill, their indexes and foreign keys are set aside and rebuilt after
(``_indexes_set_aside``); ``last_seen_at`` is set by one UPDATE at the end,
then the tables are analysed so the planner has statistics at once. The
large scale takes under two minutes on two cores.
"""

import bisect
import itertools
import uuid
from collections import defaultdict, deque
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime, time, timedelta
from importlib import import_module

from django.db import connection, transaction
from django.utils import timezone

from buurtwerk.sqlnames import tables
from contacts.models import (
    Consent,
    ConsentRecord,
    Conversation,
    DoorKnock,
    DoorKnockSummary,
    FollowUp,
    Organisation,
    Report,
    Resident,
    Round,
    Signal,
    Theme,
)
from contacts.models.period_counts import PERIOD_COUNTS
from contacts.services.period_counts import period_counts_set_aside
from contacts.services.rounds import door_knock_summaries_add
from contacts.validators import search_key
from demo import contacts_texts as texts
from demo.neighbourhood_names import SURNAME_PREFIXES, SURNAME_STEMS, SURNAME_SUFFIXES
from neighbourhoods.models import Membership, Team

CHUNK = 25_000  # conversations per COPY round trip; also the progress step
Outcome = DoorKnock.Outcome
Place = Conversation.Place


@dataclass(frozen=True)
class Size:
    residents: int
    conversations: int  # including those that start at a door knock
    history_days: int  # how far back conversations and rounds go
    rounds_per_worker_week: float
    follow_up_share: float  # of conversations that agree a follow-up
    signals: int  # per neighbourhood
    reports: int  # per neighbourhood
    upcoming_rounds: int  # per worker, in the coming two weeks


SCALES = {
    "small": Size(
        residents=1_800,
        conversations=4_000,
        history_days=365,
        rounds_per_worker_week=0.5,
        follow_up_share=0.12,
        signals=3,
        reports=3,
        upcoming_rounds=2,
    ),
    "large": Size(
        residents=100_000,
        conversations=1_000_000,
        history_days=5 * 365 + 1,
        rounds_per_worker_week=0.35,
        follow_up_share=0.1,
        signals=50,
        reports=40,
        upcoming_rounds=2,
    ),
}


@dataclass
class ContactsDemo:
    """What ``build`` wrote, for the builders that run after it (ids only:
    the rows are never loaded as model instances)."""

    counts: dict
    resident_ids: list  # UUIDs, in creation order
    matchable_resident_ids: list  # those who consented to being matched


@transaction.atomic
def build(*, scale, rng, made, progress=lambda line: None):
    """Write the contacts app's demo data for ``scale`` ("small" or
    "large"), in the neighbourhoods and teams ``made["neighbourhoods"]``
    holds. Returns a ``ContactsDemo``."""
    return generate(size=SCALES[scale], rng=rng, made=made, progress=progress)


def generate(*, size, rng, made, progress=lambda line: None, now=None):
    """``build`` for any ``Size`` (tests use tiny ones), at ``now``."""
    now = now or timezone.now()
    world = _World(made["neighbourhoods"], now=now, days=size.history_days)
    counts = {}
    residents = _plan_residents(size, rng, world)
    rounds, knocks = _plan_rounds(size, rng, world, residents)
    # The period counts are counted once, after the indexes are back.
    with period_counts_set_aside(), _indexes_set_aside(_FILLED):
        counts["residents"] = _write_residents(residents)
        counts["consent records"] = _write_consents(rng, world, residents)
        progress(f"residents: {counts['residents']:,}, consents: {counts['consent records']:,}")
        counts["rounds"], counts["door knocks"] = _write_rounds(rounds, knocks)
        door_knock_summaries_add(knocks=DoorKnock.objects.all())
        progress(f"rounds: {counts['rounds']:,}, door knocks: {counts['door knocks']:,}")
        talks = _Conversations(size, rng, world, residents)
        counts["conversations"] = talks.write(knocks, progress)
        follow_ups = talks.follow_ups
        follow_ups += _knock_follow_ups(rng, world, knocks)
        follow_ups += _worker_follow_ups(rng, world, residents, talks.recent)
        organisations = _write_organisations(rng, world)
        counts["organisations"] = len(organisations)
        counts["signals"] = _write_signals(size, rng, world, talks.share_candidates, organisations)
        counts["reports"], report_follow_ups = _write_reports(size, rng, world, residents)
        follow_ups += report_follow_ups
        counts["follow-ups"] = _copy(FollowUp, _FOLLOW_UP_FIELDS, follow_ups)
        progress(f"follow-ups: {counts['follow-ups']:,}, signals: {counts['signals']:,}")
        _set_last_seen()
        progress("contacts: last seen set; rebuilding indexes and foreign keys")
    progress("contacts: period counts counted")
    _analyse()
    progress("contacts: tables analysed")
    return ContactsDemo(
        counts=counts,
        resident_ids=[r.id for r in residents],
        matchable_resident_ids=[r.id for r in residents if r.may_match],
    )


class _World:
    """Where and when: the neighbourhoods with their streets (addresses in
    walking order) and workers, and the days of the demo history."""

    def __init__(self, geo, *, now, days):
        self.now = now
        self.today = timezone.localtime(now).date()
        self.days = [self.today - timedelta(days=n) for n in range(days, -1, -1)]
        self._midnights = {}
        # Who works where: a team's workers (its members who do not lead
        # it, ``Membership.objects.leading()``) in the team's neighbourhoods.
        team_workers = defaultdict(list)
        leading = set(Membership.objects.leading().values_list("pk", flat=True))
        for membership in geo.memberships:
            if membership.pk not in leading:
                team_workers[membership.team.pk].append(membership.user.pk)
        self.workers = defaultdict(list)  # neighbourhood -> worker ids
        self.neighbourhoods_of = defaultdict(list)  # worker id -> neighbourhood ids
        covers = Team.neighbourhoods.through.objects.filter(
            neighbourhood__in=[n.pk for n in geo.neighbourhoods]
        )
        for team, neighbourhood in covers.order_by("pk").values_list("team", "neighbourhood"):
            for worker in team_workers[team]:
                if worker not in self.workers[neighbourhood]:
                    self.workers[neighbourhood].append(worker)
                    self.neighbourhoods_of[worker].append(neighbourhood)
        self.all_workers = [w.pk for w in geo.workers if w.pk in self.neighbourhoods_of]
        # Only neighbourhoods some team works in get data: nobody would see the rest.
        self.neighbourhoods = [n.pk for n in geo.neighbourhoods if self.workers[n.pk]]
        self.municipality_of = {n.pk: n.district.municipality for n in geo.neighbourhoods}
        self.municipalities = list(
            {
                self.municipality_of[n].pk: self.municipality_of[n] for n in self.neighbourhoods
            }.values()
        )
        self.centre_of = {
            n: texts.CENTRES[i % len(texts.CENTRES)] for i, n in enumerate(self.neighbourhoods)
        }
        doors = defaultdict(list)
        for address in geo.addresses:
            doors[address.street.pk].append(address)
        self.addresses = defaultdict(list)  # neighbourhood -> address ids
        self.streets = defaultdict(list)  # neighbourhood -> [(street name, odd, even)]
        self.neighbourhood_of_address = {}
        for street in geo.streets:
            neighbourhood = street.neighbourhood.pk
            if not self.workers[neighbourhood]:
                continue
            here = sorted(doors[street.pk], key=lambda a: (a.house_number, a.addition))
            self.addresses[neighbourhood] += [a.pk for a in here]
            self.neighbourhood_of_address.update((a.pk, neighbourhood) for a in here)
            odd = [a.pk for a in here if a.house_number % 2]
            even = [a.pk for a in here if not a.house_number % 2]
            self.streets[neighbourhood].append((street.name, odd, even))

    def midnight(self, day):
        """Local midnight at the start of ``day``, in UTC (cheap to add to)."""
        if day not in self._midnights:
            local = timezone.make_aware(datetime.combine(day, time.min))
            self._midnights[day] = local.astimezone(UTC)
        return self._midnights[day]

    @property
    def hours_today(self):
        """How many hours of today have passed."""
        return (self.now - self.midnight(self.today)).total_seconds() / 3600

    def at(self, day, hours):
        """``hours`` (a float) after local midnight of ``day``; never after now."""
        return min(self.midnight(day) + timedelta(hours=hours), self.now)


class _Resident:
    __slots__ = (
        "address",
        "email",
        "external_ref",
        "first_met",
        "first_name",
        "id",
        "is_connector",
        "languages",
        "may_match",
        "may_share",
        "may_store",
        "met_by",
        "name",
        "neighbourhood",
        "phone",
        "reach_by",
        "status",
        "weight",
    )


def _uuid(rng):
    return uuid.UUID(int=rng.getrandbits(128), version=4)


def _pick(rng, weighted):
    """One value from [(weight, value), ...]."""
    return rng.choices([v for _, v in weighted], [w for w, _ in weighted])[0]


def _plan_residents(size, rng, world):
    """Households at shuffled addresses until ``size.residents`` people are
    known, 3% of them without an address. Consent flags and what may be
    stored with them; ``first_met`` is a quarter at the start (imported from
    an older list), the rest spread over the history."""
    backgrounds = [(weight, key) for key, (weight, *_) in texts.BACKGROUNDS.items()]
    doors = [(n, a) for n in world.neighbourhoods for a in world.addresses[n]]
    rng.shuffle(doors)
    doors = iter(doors)
    residents = []
    start = world.midnight(world.days[0])
    span = (world.now - start).total_seconds()
    while len(residents) < size.residents:
        if rng.random() < 0.03:
            household_size, (neighbourhood, address) = 1, (rng.choice(world.neighbourhoods), None)
        else:
            household_size = _pick(rng, [(40, 1), (30, 2), (15, 3), (15, 4)])
            neighbourhood, address = next(doors, (None, None))
            if neighbourhood is None:
                raise RuntimeError("More demo residents than addresses can hold.")
        background = texts.BACKGROUNDS[_pick(rng, backgrounds)]
        surname = _surname(rng, background)
        for member in range(min(household_size, size.residents - len(residents))):
            r = _Resident()
            r.id = _uuid(rng)
            r.neighbourhood, r.address = neighbourhood, address
            r.first_name = rng.choice(background[1])
            if member and rng.random() < 0.25:
                surname = _surname(rng, background)
            r.name = f"{r.first_name} {surname}"
            imported = rng.random() < 0.25
            r.first_met = start + timedelta(
                seconds=rng.random() * (30 * 86400 if imported else span)
            )
            r.external_ref = f"import-{len(residents) + 1:06d}" if imported else ""
            r.met_by = rng.choice(world.workers[neighbourhood])
            r.status = Resident.Status.MOVED if rng.random() < 0.02 else Resident.Status.ACTIVE
            _consent_flags(rng, r, background)
            residents.append(r)
    return residents


def _surname(rng, background):
    surnames = background[2]
    if surnames:
        return rng.choice(surnames)
    stem = rng.choice(SURNAME_STEMS)
    if rng.random() < 0.4:
        return f"{rng.choice(SURNAME_PREFIXES)} {stem}"
    return stem + rng.choice(SURNAME_SUFFIXES)


def _consent_flags(rng, r, background):
    """The current consents and what they allow to be stored; a resident
    without consent to store data is a name and an address only."""
    r.may_store = rng.random() < 0.92
    r.may_match = r.may_store and rng.random() < 0.75
    r.may_share = r.may_store and rng.random() < 0.25
    r.languages, r.phone, r.email, r.reach_by = [], "", "", Resident.ReachBy.WORKER
    r.is_connector = False
    # Weight: how often this resident takes part in conversations.
    r.weight = 0.0
    if not r.may_store:
        return
    r.weight = 0.5 + rng.expovariate(1.0)
    r.languages = list(_pick(rng, background[3]))
    r.is_connector = rng.random() < 0.03
    if r.is_connector:
        r.weight *= 6
    if rng.random() < 0.45:
        if "eng" in r.languages and rng.random() < 0.5:
            r.phone = f"+447700900{rng.randrange(1000):03d}"  # Ofcom's range for drama
        else:
            r.phone = f"+31699{rng.randrange(10**6):06d}"  # 06-9 is not issued in NL
    if rng.random() < 0.15:
        local = "".join(c for c in search_key(r.first_name) if c.isascii() and c.isalpha())
        r.email = f"{local}{rng.randrange(10, 100)}@post.example"
    roll = rng.random()
    if r.phone and roll < 0.6:
        r.reach_by = Resident.ReachBy.PHONE
    elif r.email and roll < 0.8:
        r.reach_by = Resident.ReachBy.EMAIL


class _Round:
    __slots__ = (
        "addresses",
        "created_at",
        "id",
        "neighbourhood",
        "note",
        "planned_for",
        "second",
        "worker",
    )


def _plan_rounds(size, rng, world, residents):
    """Past rounds (each worker on some working days) with a door knock at
    every address; today a round per worker with the first addresses done;
    a few rounds ahead. A "spoke" at a door picks someone of the household
    and, if they were not known yet, is where the worker met them. Returns
    (rounds, knocks); a knock is a list [id, address, round, knocked_at,
    outcome, worker, second worker, resident or None]."""
    households = defaultdict(list)
    for r in residents:
        if r.address is not None:
            households[r.address].append(r)
    rounds, knocks = [], []
    chance = size.rounds_per_worker_week / 6
    for day in world.days[:-1]:
        weekday = day.weekday()
        if weekday == 6:
            continue
        for worker in world.all_workers:
            if rng.random() < chance * (0.5 if weekday == 5 else 1):
                rnd = _new_round(rng, world, rounds, worker, day)
                start = rng.choice([9.5, 10, 11, 13, 14, 15, 16, 17, 18, 19])
                _knock(rng, world, rnd, rnd.addresses, start, knocks, households)
    # Today every worker goes back to doors of one of their last rounds
    # (one no teammate takes today), so the round page shows earlier tries.
    taken, last_rounds = set(), defaultdict(list)
    for rnd in rounds:
        last_rounds[rnd.worker].append(rnd)
    # A round of one door cannot be half done, so today's has at least two.
    for worker in world.all_workers:
        again = next(
            (
                r
                for r in reversed(last_rounds[worker][-6:])
                if len(r.addresses) >= 2 and r.addresses[0] not in taken
            ),
            None,
        )
        rnd = _new_round(rng, world, rounds, worker, world.today, again=again, min_doors=2)
        taken.add(rnd.addresses[0])
        # The first two fifths of the street (at least two doors), walked
        # until now or 17:00; at least one door is still to do.
        doors = len(rnd.addresses)
        done = rnd.addresses[: min(max(2, doors * 2 // 5), doors - 1)]
        end = min(world.hours_today, 17.0)
        start = max(0.0, end - len(done) * 0.11)  # about 6 minutes a door
        _knock(rng, world, rnd, done, start, knocks, households)
    for worker in world.all_workers:
        for _ in range(size.upcoming_rounds):
            day = world.today + timedelta(days=rng.randint(1, 14))
            _new_round(rng, world, rounds, worker, day)
    knocks.sort(key=lambda knock: knock[3])
    return rounds, knocks


def _new_round(rng, world, rounds, worker, day, again=None, min_doors=1):
    """A round of ``worker`` on ``day``: the doors of round ``again``, or a
    street with at least ``min_doors`` doors in one of their neighbourhoods
    (the last street of a neighbourhood may have only one or two)."""
    rnd = _Round()
    rnd.id = len(rounds)  # an index until the ids are reserved
    if again is not None:
        rnd.neighbourhood, rnd.addresses = again.neighbourhood, again.addresses
    else:
        rnd.neighbourhood = rng.choice(world.neighbourhoods_of[worker])
        streets = world.streets[rnd.neighbourhood]
        if min_doors > 1:
            streets = [s for s in streets if len(s[1]) + len(s[2]) >= min_doors]
        _, odd, even = rng.choice(streets)
        # A short street in one go, a long one a side at a time.
        rnd.addresses = odd + even if len(odd) + len(even) <= 30 else rng.choice([odd, even])
    team = [w for w in world.workers[rnd.neighbourhood] if w != worker]
    rnd.worker = worker
    rnd.second = rng.choice(team) if team and rng.random() < 0.25 else None
    rnd.planned_for = day
    rnd.note = rng.choice(texts.ROUND_NOTES)
    rnd.created_at = world.at(day - timedelta(days=rng.randint(1, 14)), rng.uniform(9, 17))
    rounds.append(rnd)
    return rnd


_OUTCOMES = [Outcome.NOT_HOME, Outcome.SPOKE, Outcome.DECLINED, Outcome.COME_BACK, Outcome.MOVED]
_KNOWN_DOOR = [42, 33, 8, 14, 3]  # weights of _OUTCOMES where a household is known
_UNKNOWN_DOOR = [55, 0, 22, 15, 8]


def _knock(rng, world, rnd, addresses, start, knocks, households):
    """A knock at each of ``addresses`` from ``start`` hours after midnight."""
    hours = start
    evening = start >= 17 or rnd.planned_for.weekday() == 5
    for address in addresses:
        household = households.get(address)
        weights = _KNOWN_DOOR if household else _UNKNOWN_DOOR
        if evening:  # more people at home
            weights = [weights[0] * 0.7, *weights[1:]]
        outcome = rng.choices(_OUTCOMES, weights)[0]
        at = world.at(rnd.planned_for, hours)
        resident = None
        if outcome == Outcome.SPOKE:
            resident = rng.choice(household)
            if resident.first_met > at:
                resident.first_met, resident.met_by = at, rnd.worker
            hours += rng.uniform(0.08, 0.25)
        knocks.append([None, address, rnd.id, at, outcome, rnd.worker, rnd.second, resident])
        hours += rng.uniform(0.02, 0.08)


_RESIDENT_FIELDS = [
    "id", "neighbourhood", "address", "name", "search_name", "languages", "reach_by", "phone",
    "email", "is_connector", "external_ref", "status", "may_store", "may_match", "may_share",
    "version", "created_by", "created_at", "updated_at",
]  # fmt: skip


def _write_residents(residents):
    return _copy(
        Resident,
        _RESIDENT_FIELDS,
        (
            (
                r.id,
                r.neighbourhood,
                r.address,
                r.name,
                search_key(r.name),
                r.languages,
                r.reach_by,
                r.phone,
                r.email,
                r.is_connector,
                r.external_ref,
                r.status,
                r.may_store,
                r.may_match,
                r.may_share,
                1,
                r.met_by,
                r.first_met,
                r.first_met,
            )
            for r in residents
        ),
    )


def _write_consents(rng, world, residents):
    """The answers behind the cached flags: given, refused, or given and
    later withdrawn (the flag is then off). Matching and sharing were asked
    only after storing was agreed."""

    def records():
        for r in residents:
            method = (
                ConsentRecord.Method.WRITTEN if r.external_ref else ConsentRecord.Method.SPOKEN
            )
            yield (r.id, Consent.STORE, r.may_store, method, r.met_by, r.first_met, None, None)
            if not r.may_store:
                continue
            for purpose, given, asked in [
                (Consent.MATCH, r.may_match, 0.6),
                (Consent.SHARE, r.may_share, 0.25),
            ]:
                if given:
                    yield (r.id, purpose, True, method, r.met_by, r.first_met, None, None)
                    continue
                roll = rng.random()
                if roll < 0.15:  # given once, withdrawn later
                    later = r.first_met + (world.now - r.first_met) * rng.random()
                    yield (r.id, purpose, True, method, r.met_by, r.first_met, later, r.met_by)
                elif roll < 0.15 + asked:
                    yield (r.id, purpose, False, method, r.met_by, r.first_met, None, None)

    fields = ["resident", "purpose", "given", "method", "recorded_by", "recorded_at"]
    return _copy(ConsentRecord, [*fields, "withdrawn_at", "withdrawn_by"], records())


_ROUND_FIELDS = ["id", "neighbourhood", "planned_for", "worker", "second_worker", "note"]
_KNOCK_FIELDS = ["id", "address", "round", "knocked_at", "outcome", "worker", "second_worker"]


def _write_rounds(rounds, knocks):
    """Rounds, their addresses and the knocks, with ids reserved from the
    tables' sequences (COPY cannot return them)."""
    first_round = _reserve_ids(Round, len(rounds))
    for rnd in rounds:
        rnd.id += first_round
    first_knock = _reserve_ids(DoorKnock, len(knocks))
    for n, knock in enumerate(knocks):
        knock[0] = first_knock + n
        knock[2] += first_round
    _copy(
        Round,
        [*_ROUND_FIELDS, "created_by", "created_at", "updated_at"],
        (
            (
                r.id,
                r.neighbourhood,
                r.planned_for,
                r.worker,
                r.second,
                r.note,
                r.worker,
                r.created_at,
                r.created_at,
            )
            for r in rounds
        ),
    )
    _copy(
        Round.addresses.through,
        ["round", "address"],
        ((r.id, address) for r in rounds for address in r.addresses),
    )
    _copy(
        DoorKnock,
        [*_KNOCK_FIELDS, "resident", "created_at"],
        ((*k[:7], k[7] and k[7].id, k[3]) for k in knocks),
    )
    return len(rounds), len(knocks)


_CONVERSATION_FIELDS = [
    "id", "neighbourhood", "happened_at", "place", "notes", "door_knock", "created_by",
    "created_at", "updated_at",
]  # fmt: skip
_FOLLOW_UP_FIELDS = [
    "id", "neighbourhood", "description", "due_on", "assigned_to", "resident", "conversation",
    "door_knock", "report", "done_at", "done_by", "created_by", "created_at", "updated_at",
    "cancelled",
]  # fmt: skip
_PLACES = [(15, Place.DOORSTEP), (30, Place.HOME), (15, Place.STREET)]
_PLACES += [(20, Place.COMMUNITY_CENTRE), (10, Place.PHONE), (10, Place.ACTIVITY)]
_WEEKDAY_WEIGHTS = [1, 1, 1, 1, 1, 0.35, 0.1]


class _Conversations:
    """Writes the conversations, day by day, in COPY chunks; collects the
    follow-ups they agree, the latest ones per worker and conversations
    with residents who may be shared about (for signals)."""

    def __init__(self, size, rng, world, residents):
        self.size, self.rng, self.world = size, rng, world
        self.theme_ids = _theme_ids()
        talkers = sorted((r for r in residents if r.weight), key=lambda r: r.first_met)
        self.talkers = talkers
        self.met = [r.first_met for r in talkers]
        self.cumulative = list(itertools.accumulate(r.weight for r in talkers))
        self.households = defaultdict(list)
        self.in_neighbourhood = defaultdict(list)
        for r in talkers:
            self.in_neighbourhood[r.neighbourhood].append(r)
            if r.address is not None:
                self.households[r.address].append(r)
        self.follow_ups = []
        self.recent = defaultdict(lambda: deque(maxlen=3))  # worker -> [(id, resident)]
        self.share_candidates = []  # (conversation id, resident, happened_at, worker)

    def write(self, knocks, progress):
        """All conversations: the talks that began at a knock plus enough
        others, spread over the days, to reach ``size.conversations``."""
        rng, world = self.rng, self.world
        at_door = defaultdict(list)
        for knock in knocks:
            resident = knock[7]
            if resident is not None and resident.may_store and rng.random() < 0.85:
                at_door[timezone.localtime(knock[3]).date()].append(knock)
        others = max(0, self.size.conversations - sum(map(len, at_door.values())))
        if not self.talkers:
            others = 0
        per_day = _spread(others, [self._day_weight(n, day) for n, day in enumerate(world.days)])
        rows, written = _Rows(), 0
        for day, count in zip(world.days, per_day, strict=True):
            talks = [(k[3], k) for k in at_door.get(day, [])]
            talks += [(self._moment(day), None) for _ in range(count)]
            talks.sort(key=lambda talk: talk[0])
            for moment, knock in talks:
                self._one(rows, moment, knock)
            if len(rows.conversations) >= CHUNK or day == world.today:
                written += rows.flush()
                progress(f"conversations: {written:,}/{self.size.conversations:,}")
        return written

    def _day_weight(self, n, day):
        """More on weekdays, growing over the years, quieter at Christmas."""
        quiet = 0.3 if (day.month, day.day) >= (12, 24) or (day.month, day.day) <= (1, 1) else 1
        growth = 0.6 + 0.4 * n / len(self.world.days)
        return (
            _WEEKDAY_WEIGHTS[day.weekday()]
            * growth
            * quiet
            * (0.5 if day == self.world.today else 1)
        )

    def _moment(self, day):
        """Working hours, 9:00-21:00; today, only the hours already past."""
        u = self.rng.random()
        if day == self.world.today:
            past = self.world.hours_today
            start, end = min(9, past), min(21, past)
            return self.world.at(day, start + (end - start) * u)
        return self.world.at(day, 9 + 12 * u)

    def _one(self, rows, moment, knock):
        rng, world = self.rng, self.world
        if knock is not None:
            first, place = knock[7], Place.DOORSTEP
            workers = [knock[5]] + ([knock[6]] if knock[6] else [])
            themes, note = rng.choice(texts.DOORSTEP_NOTES)
        else:
            known = max(1, bisect.bisect_right(self.met, moment))
            spot = rng.random() * self.cumulative[known - 1]
            first = self.talkers[bisect.bisect_right(self.cumulative, spot)]
            place = _pick(rng, _PLACES)
            team = world.workers[first.neighbourhood]
            lead = first.met_by if rng.random() < 0.6 else rng.choice(team)
            workers = [lead]
            if len(team) > 1 and rng.random() < 0.2:
                workers.append(rng.choice([w for w in team if w != lead]))
            themes, note = rng.choice(texts.NOTES)
        people = [first]
        other = self._companion(first, place, moment)
        if other is not None:
            people.append(other)
        neighbourhood = first.neighbourhood
        note = note.format(first=first.first_name, centre=world.centre_of[neighbourhood])
        talk = _uuid(rng)
        knock_id = knock[0] if knock else None
        rows.conversations.append(
            (talk, neighbourhood, moment, place, note, knock_id, workers[0], moment, moment)
        )
        rows.residents += [(talk, r.id) for r in people]
        rows.workers += [(talk, w) for w in workers]
        rows.themes += [(talk, self.theme_ids[t]) for t in themes if t in self.theme_ids]
        self.recent[workers[0]].append((talk, first))
        if first.may_share and rng.random() < 0.1:
            self.share_candidates.append((talk, first, moment, workers[0]))
        if rng.random() < self.size.follow_up_share:
            due = timezone.localtime(moment).date() + timedelta(days=rng.randint(3, 21))
            self.follow_ups.append(
                _follow_up(
                    rng,
                    world,
                    neighbourhood=neighbourhood,
                    description=rng.choice(texts.FOLLOW_UPS),
                    due=due,
                    worker=workers[0],
                    created_at=moment,
                    resident=first.id,
                    conversation=talk,
                )
            )

    def _companion(self, first, place, moment):
        """Sometimes a housemate joins, or someone else at the community centre."""
        rng = self.rng
        if place in (Place.HOME, Place.DOORSTEP) and rng.random() < 0.35:
            housemates = [r for r in self.households.get(first.address, []) if r is not first]
            if first.address is not None and housemates:
                other = rng.choice(housemates)
                return other if other.first_met <= moment else None
        elif place in (Place.COMMUNITY_CENTRE, Place.ACTIVITY) and rng.random() < 0.25:
            other = rng.choice(self.in_neighbourhood[first.neighbourhood])
            return other if other is not first and other.first_met <= moment else None
        return None


def _theme_ids():
    """The themes by Dutch name. ``manage.py flush`` (which seed_demo asks
    for) also empties the list the migration started with: then put it back."""
    if not Theme.objects.exists():
        starting = import_module("contacts.migrations.0002_themes").THEMES
        Theme.objects.bulk_create(
            Theme(name=name, name_en=name_en, position=position)
            for position, (name, name_en) in enumerate(starting)
        )
    return dict(Theme.objects.values_list("name", "pk"))


class _Rows:
    """Conversations and their many-to-many rows waiting for the next COPY."""

    def __init__(self):
        self.conversations, self.residents, self.workers, self.themes = [], [], [], []

    def flush(self):
        written = _copy(Conversation, _CONVERSATION_FIELDS, self.conversations)
        _copy(Conversation.residents.through, ["conversation", "resident"], self.residents)
        _copy(Conversation.workers.through, ["conversation", "user"], self.workers)
        _copy(Conversation.themes.through, ["conversation", "theme"], self.themes)
        self.__init__()
        return written


def _spread(total, weights):
    """``total`` split over ``weights`` in whole numbers (largest remainders)."""
    whole = sum(weights)
    shares = [total * w / whole for w in weights]
    counts = [int(s) for s in shares]
    by_remainder = sorted(range(len(shares)), key=lambda i: counts[i] - shares[i])
    for i in by_remainder[: total - sum(counts)]:
        counts[i] += 1
    return counts


def _done(rng, world, due, created_at, worker):
    """(done_at, done_by) for a follow-up due on ``due``: almost all old
    ones are done, some recent ones are overdue, a few are done early."""
    days_left = (due - world.today).days
    roll = rng.random()
    if days_left < -14:
        chance = 0.98
    elif days_left < 0:
        chance = 0.6
    else:
        chance = 0.05
    if roll >= chance:
        return None, None
    day = min(due + timedelta(days=rng.randint(-3, 3)), world.today)
    done_at = max(world.at(day, rng.uniform(9, 17)), created_at)
    return done_at, worker


def _follow_up(
    rng,
    world,
    *,
    neighbourhood,
    description,
    due,
    worker,
    created_at,
    resident=None,
    conversation=None,
    door_knock=None,
    report=None,
    done=None,
    cancelled=False,
):
    """A follow-up row (``_FOLLOW_UP_FIELDS``), assigned to and created by
    ``worker``; ``done`` is (done_at, done_by), else decided by ``_done``;
    ``cancelled``: closed at ``done`` without being done."""
    done_at, done_by = done or _done(rng, world, due, created_at, worker)
    return (
        _uuid(rng), neighbourhood, description, due, worker, resident, conversation,
        door_knock, report, done_at, done_by, worker, created_at, done_at or created_at,
        cancelled and done_at is not None,
    )  # fmt: skip


def _knock_follow_ups(rng, world, knocks):
    """Follow-ups to ring again at some of the doors where they asked to
    come back later."""
    rows = []
    for knock in knocks:
        if knock[4] == Outcome.COME_BACK and rng.random() < 0.3:
            knock_id, address, _, at, _, worker, *_ = knock
            rows.append(
                _follow_up(
                    rng,
                    world,
                    neighbourhood=world.neighbourhood_of_address[address],
                    description=rng.choice(texts.KNOCK_FOLLOW_UPS),
                    due=timezone.localtime(at).date() + timedelta(days=rng.randint(2, 10)),
                    worker=worker,
                    created_at=at,
                    door_knock=knock_id,
                )
            )
    return rows


def _worker_follow_ups(rng, world, residents, recent):
    """So that every worker's day has something in it: per worker two
    overdue follow-ups, two due today, one done today and two ahead, about
    their latest conversations (or someone in their neighbourhoods)."""
    known = defaultdict(list)
    for r in residents:
        if r.may_store:
            known[r.neighbourhood].append(r)
    rows = []
    for worker in world.all_workers:
        links = list(recent[worker]) or [
            (None, rng.choice(known[n])) for n in world.neighbourhoods_of[worker] if known[n]
        ]
        if not links:
            continue
        plan = [(-rng.randint(1, 10), False)] * 2 + [(0, False)] * 2 + [(0, True)]
        plan += [(rng.randint(1, 10), False)] * 2
        for n, (days, done) in enumerate(plan):
            talk, resident = links[n % len(links)]
            due = world.today + timedelta(days=days)
            created_at = world.at(min(due, world.today) - timedelta(days=7), rng.uniform(9, 17))
            # Done earlier today: after local midnight, even just after it.
            done_at = max(
                world.now - timedelta(minutes=rng.randint(5, 120)),
                world.midnight(world.today),
                created_at,
            )
            rows.append(
                _follow_up(
                    rng,
                    world,
                    neighbourhood=resident.neighbourhood,
                    description=rng.choice(texts.FOLLOW_UPS),
                    due=due,
                    worker=worker,
                    created_at=created_at,
                    resident=resident.id,
                    conversation=talk,
                    done=(done_at, worker) if done else (None, None),
                )
            )
    return rows


class _Organisation:
    __slots__ = ("key", "municipality", "pk")


def _write_organisations(rng, world):
    """The sociale kaart: each municipality's agencies and one corporation
    working everywhere, with made-up contact details (domains under
    .example, phone numbers in 06-99, which is not issued)."""
    objects, made = [], []
    for key, name, description in texts.ORGANISATIONS:
        places = world.municipalities if "{m}" in name else [None]
        for municipality in places:
            full_name = name.format(m=municipality.name if municipality else "")
            domain = "-".join(search_key(full_name).replace("'", "").split()) + ".example"
            digits = f"{rng.randrange(10**6):06d}"
            home = municipality or world.municipalities[0]
            neighbourhood = next(
                n for n in world.neighbourhoods if world.municipality_of[n] == home
            )
            street = rng.choice(world.streets[neighbourhood])[0]
            objects.append(
                Organisation(
                    name=full_name,
                    description=description,
                    phone=f"06 99 {digits[:2]} {digits[2:4]} {digits[4:]}",
                    email=f"info@{domain}",
                    website=f"https://www.{domain}/",
                    address=f"{street} {rng.randint(1, 40)}, {home.name}",
                )
            )
            made.append((key, municipality))
    Organisation.objects.bulk_create(objects)
    Organisation.municipalities.through.objects.bulk_create(
        Organisation.municipalities.through(organisation=o, municipality=m)
        for o, (_, m) in zip(objects, made, strict=True)
        if m is not None
    )
    result = []
    for o, (key, municipality) in zip(objects, made, strict=True):
        org = _Organisation()
        org.pk, org.key, org.municipality = o.pk, key, municipality
        result.append(org)
    return result


def _write_signals(size, rng, world, candidates, organisations):
    """Signals to the district team and referrals to an organisation
    working in the resident's municipality, after a conversation with a
    resident who consented to sharing."""
    count = min(size.signals * len(world.neighbourhoods), len(candidates))
    rows = []
    for talk, resident, moment, worker in sorted(
        rng.sample(candidates, count), key=lambda c: c[2]
    ):
        municipality = world.municipality_of[resident.neighbourhood]
        if rng.random() < 0.55:
            org = rng.choice([o for o in organisations if o.municipality in (None, municipality)])
            kind, reason = Signal.Kind.REFERRAL, texts.REFERRAL_REASONS[org.key]
            rows.append((_uuid(rng), resident.id, kind, org.pk, reason, talk, worker, moment))
        else:
            reason = rng.choice(texts.SIGNAL_REASONS)
            rows.append(
                (_uuid(rng), resident.id, Signal.Kind.SIGNAL, None, reason, talk, worker, moment)
            )
    fields = ["id", "resident", "kind", "organisation", "reason", "conversation"]
    return _copy(Signal, [*fields, "created_by", "created_at"], rows)


def _write_reports(size, rng, world, residents):
    """Incoming reports about an address (and sometimes a known resident
    there), more of them recent; each made a follow-up. The texts are dealt
    from a shuffled deck, so each is used (and every source appears) before
    any comes again, whatever the rng did before. Returns (count, follow-up
    rows)."""
    at_address = defaultdict(list)
    for r in residents:
        if r.may_store and r.address is not None:
            at_address[r.address].append(r)
    deck = []
    reports, follow_ups = [], []
    for neighbourhood in world.neighbourhoods:
        municipality = world.municipality_of[neighbourhood]
        team = world.workers[neighbourhood]
        for _ in range(size.reports):
            if not deck:
                deck = rng.sample(texts.REPORTS, len(texts.REPORTS))
            source, reporter, description = deck.pop()
            received = world.today - timedelta(days=int(len(world.days) * rng.random() ** 2))
            address = rng.choice(world.addresses[neighbourhood])
            people = at_address.get(address)
            resident = rng.choice(people) if people and rng.random() < 0.3 else None
            worker = rng.choice(team)
            created_at = world.at(received, rng.uniform(9, 16))
            report = _uuid(rng)
            reporter = reporter.format(m=municipality.name)
            resident = resident and resident.id
            reports.append(
                (
                    report,
                    neighbourhood,
                    source,
                    reporter,
                    received,
                    address,
                    resident,
                    description,
                    worker,
                    created_at,
                )
            )
            follow_ups.append(
                _follow_up(
                    rng,
                    world,
                    neighbourhood=neighbourhood,
                    description=rng.choice(texts.REPORT_FOLLOW_UPS),
                    due=received + timedelta(days=rng.randint(2, 10)),
                    worker=worker,
                    created_at=created_at,
                    resident=resident,
                    report=report,
                )
            )
    fields = ["id", "neighbourhood", "source", "reporter", "received_on", "address", "resident"]
    count = _copy(Report, [*fields, "description", "created_by", "created_at"], reports)
    return count, follow_ups


# The tables written with COPY, and the door-knock summaries, which the
# door-knock service's own function fills from the knocks in one statement.
_FILLED = [
    Resident, ConsentRecord, Round, Round.addresses.through, DoorKnock, DoorKnockSummary,
    Conversation, Conversation.residents.through, Conversation.workers.through,
    Conversation.themes.through, FollowUp, Signal, Report,
]  # fmt: skip


@contextmanager
def _indexes_set_aside(models):
    """Drop the indexes, unique constraints and foreign keys (not the
    primary keys) of ``models``' tables, which must be empty (else
    RuntimeError, changing nothing), while they are filled, and put them
    back as they were after: building an index once is far faster than
    updating it a million times, and checking a foreign key for a whole
    table at once far faster than row by row at commit (the advice of
    PostgreSQL's "Populating a Database"). DDL is transactional, so if
    anything fails, the rollback restores them too."""
    quote = connection.ops.quote_name
    tables = [m._meta.db_table for m in models]
    with connection.cursor() as cursor:
        # Only ever on tables this seed fills from empty: lock them, so nobody
        # writes while their constraints are away, and refuse if one has rows.
        cursor.execute(
            f"LOCK TABLE {', '.join(quote(t) for t in tables)} IN ACCESS EXCLUSIVE MODE"
        )
        for table in tables:
            cursor.execute(f"SELECT EXISTS (SELECT FROM {quote(table)})")  # noqa: S608 (a model's table)
            if cursor.fetchone()[0]:
                raise RuntimeError(
                    f"{table} already holds rows: the demo sets aside indexes and constraints "
                    "only of empty tables."
                )
        # A table with pending deferred checks (from the builders before this
        # one) cannot lose a foreign key that refers to it: run them now.
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
        cursor.execute("SET CONSTRAINTS ALL DEFERRED")
        cursor.execute(
            "SELECT conrelid::regclass::text, conname, pg_get_constraintdef(oid)"
            " FROM pg_constraint WHERE conrelid = ANY(%s::regclass[]) AND contype IN ('u', 'f')"
            " ORDER BY contype DESC, conrelid::regclass::text, conname",  # unique first
            [tables],
        )
        constraints = cursor.fetchall()
        cursor.execute(
            "SELECT indexrelid::regclass::text, pg_get_indexdef(indexrelid) FROM pg_index"
            " WHERE indrelid = ANY(%s::regclass[]) AND NOT indisprimary AND NOT EXISTS"
            " (SELECT FROM pg_constraint WHERE conindid = indexrelid)"
            " ORDER BY indexrelid::regclass::text",
            [tables],
        )
        indexes = cursor.fetchall()
        for table, name, _ in constraints:
            cursor.execute(f"ALTER TABLE {table} DROP CONSTRAINT {quote(name)}")
        for name, _ in indexes:
            cursor.execute(f"DROP INDEX {name}")
    yield
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL maintenance_work_mem = '256MB'")
        for _, definition in indexes:
            cursor.execute(definition)
        for table, name, definition in constraints:
            cursor.execute(f"ALTER TABLE {table} ADD CONSTRAINT {quote(name)} {definition}")


def _set_last_seen():
    """Every resident's last conversation, in one UPDATE."""
    sql = """
        UPDATE {Resident} AS r SET {Resident.last_seen_at} = seen.last
        FROM (
            SELECT p.{Conversation_residents.resident} AS id,
                   max(c.{Conversation.happened_at}) AS last
            FROM {Conversation_residents} AS p
            JOIN {Conversation} AS c
              ON c.{Conversation.id} = p.{Conversation_residents.conversation}
            GROUP BY 1
        ) AS seen
        WHERE r.{Resident.id} = seen.id
    """.format(**tables(Resident, Conversation, Conversation.residents.through))  # noqa: S608 (names from the models, no input)
    with connection.cursor() as cursor:
        cursor.execute(sql)


def _analyse():
    """Fresh planner statistics for the contacts tables."""
    tables = [m._meta.db_table for m in [*_FILLED, Organisation, *PERIOD_COUNTS]]
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE " + ", ".join(connection.ops.quote_name(t) for t in tables))


def _copy(model, fields, rows):
    """Write ``rows`` (tuples of values in the order of ``fields``, which
    are field names) to ``model``'s table with COPY. Returns how many."""
    quote = connection.ops.quote_name
    columns = ", ".join(quote(model._meta.get_field(f).column) for f in fields)
    statement = f"COPY {quote(model._meta.db_table)} ({columns}) FROM STDIN"
    count = 0
    with connection.cursor() as cursor, cursor.copy(statement) as copy:
        for row in rows:
            copy.write_row(row)
            count += 1
    return count


def _reserve_ids(model, count):
    """The first of ``count`` consecutive ids taken from ``model``'s id
    sequence, so rows written with COPY can be referred to."""
    if not count:
        return 0
    table, column = model._meta.db_table, model._meta.pk.column
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT setval(pg_get_serial_sequence(%s, %s),"
            " nextval(pg_get_serial_sequence(%s, %s)) + %s - 1)",
            [table, column, table, column, count],
        )
        last = cursor.fetchone()[0]
    return last - count + 1
