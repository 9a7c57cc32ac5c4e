"""Made-up demo data for the neighbourhoods app: municipalities, districts,
neighbourhoods, streets, addresses, the demo users, their teams and
memberships. Called by ``manage.py seed_demo``; every name is invented, and
every value comes from the ``rng`` passed in, so a fixed seed gives the same
data on every run.

A neighbourhood gets a theme (birds, trees, painters, ...) and its streets
are named after it, as Dutch towns do. House numbers run odd up one side and
even up the other; each side is cut into postcodes of about 20 numbers, and
each neighbourhood has its own four postcode digits.
"""

import re
from dataclasses import dataclass, field

from django.contrib.auth.hashers import make_password
from django.db import transaction

from accounts.models import Role, User
from demo.neighbourhood_names import (
    DISTRICTS,
    FIRST_NAMES,
    MUNICIPALITIES,
    SURNAME_PREFIXES,
    SURNAME_STEMS,
    SURNAME_SUFFIXES,
    THEME_CYCLE,
    THEMES,
)
from neighbourhoods.models import (
    Address,
    District,
    Membership,
    Municipality,
    Neighbourhood,
    Street,
    Team,
)
from neighbourhoods.validators import UNUSED_POSTCODE_LETTERS

DEMO_PASSWORD = "buurtwerk-demo-2026"  # noqa: S105 (published in the README)
DEMO_EMAIL_DOMAIN = "demo.buurtwerk.example"
BATCH_SIZE = 5000


@dataclass(frozen=True)
class Scale:
    municipalities: int
    districts: int  # per municipality
    neighbourhoods: int  # per district
    addresses: int  # per neighbourhood
    house_numbers: tuple[int, int]  # range for an ordinary street; a hof or plein is shorter
    neighbourhoods_per_team: int
    workers: int  # spread evenly over the teams
    teams_per_lead: int = 2


SCALES = {
    "small": Scale(
        municipalities=1,
        districts=2,
        neighbourhoods=3,
        addresses=250,
        house_numbers=(16, 60),
        neighbourhoods_per_team=2,
        workers=8,
    ),
    "large": Scale(
        municipalities=4,
        districts=3,
        neighbourhoods=5,
        addresses=1000,
        house_numbers=(30, 120),
        neighbourhoods_per_team=3,
        workers=120,
    ),
}


@dataclass
class NeighbourhoodsDemo:
    """What ``build`` made, for the builders that run after it."""

    municipalities: list[Municipality] = field(default_factory=list)
    districts: list[District] = field(default_factory=list)
    neighbourhoods: list[Neighbourhood] = field(default_factory=list)
    streets: list[Street] = field(default_factory=list)
    addresses: list[Address] = field(default_factory=list)
    teams: list[Team] = field(default_factory=list)
    workers: list[User] = field(default_factory=list)
    leads: list[User] = field(default_factory=list)
    admins: list[User] = field(default_factory=list)
    memberships: list[Membership] = field(default_factory=list)

    @property
    def counts(self):
        return {
            "municipalities": len(self.municipalities),
            "districts": len(self.districts),
            "neighbourhoods": len(self.neighbourhoods),
            "streets": len(self.streets),
            "addresses": len(self.addresses),
            "teams": len(self.teams),
            "users": len(self.workers) + len(self.leads) + len(self.admins),
            "memberships": len(self.memberships),
        }


@dataclass(frozen=True)
class Login:
    username: str
    role: str
    teams: list[str]


@transaction.atomic
def build(*, scale, rng, made, progress=lambda line: None):
    """Write the neighbourhoods app's demo data for ``scale`` ("small" or
    "large") to the database; ``made`` (what earlier builders returned) is
    not needed here. Returns a ``NeighbourhoodsDemo``."""
    size = SCALES[scale]
    demo = build_geography(size=size, rng=rng, progress=progress)
    people = build_teams(size=size, rng=rng, neighbourhoods=demo.neighbourhoods, progress=progress)
    demo.teams, demo.workers, demo.leads, demo.admins, demo.memberships = people
    return demo


def build_geography(*, size, rng, progress=lambda line: None):
    """Municipalities down to addresses, written with bulk inserts. Returns a
    ``NeighbourhoodsDemo`` without teams and users."""
    demo = NeighbourhoodsDemo()
    for m_index, (code, name, postcode_digits) in enumerate(MUNICIPALITIES[: size.municipalities]):
        municipality = Municipality(code=code, name=name)
        demo.municipalities.append(municipality)
        street_names = _StreetNames(rng)
        neighbourhood_names = set()
        for d_index, district_name in enumerate(DISTRICTS[: size.districts]):
            district = District(
                municipality=municipality,
                code=f"WK{code[2:]}{d_index + 1:02d}",
                name=district_name,
            )
            demo.districts.append(district)
            for n_index in range(size.neighbourhoods):
                position = d_index * size.neighbourhoods + n_index
                theme = "common" if position == 0 else _theme(position - 1 + m_index)
                neighbourhood = Neighbourhood(
                    district=district,
                    code=f"BU{district.code[2:]}{n_index + 1:02d}",
                    name=_unique_name(THEMES[theme][0], district_name, neighbourhood_names),
                )
                demo.neighbourhoods.append(neighbourhood)
                streets, addresses = _plan_neighbourhood(
                    rng,
                    neighbourhood=neighbourhood,
                    street_names=street_names.of(theme),
                    size=size,
                    postcode_digits=postcode_digits + position,
                )
                demo.streets += streets
                demo.addresses += addresses

    for label, model, objects in [
        ("municipalities", Municipality, demo.municipalities),
        ("districts", District, demo.districts),
        ("neighbourhoods", Neighbourhood, demo.neighbourhoods),
        ("streets", Street, demo.streets),
    ]:
        model.objects.bulk_create(objects, batch_size=BATCH_SIZE)
        progress(f"{label}: {len(objects)}")
    total = len(demo.addresses)
    for start in range(0, total, BATCH_SIZE):
        Address.objects.bulk_create(demo.addresses[start : start + BATCH_SIZE])
        progress(f"addresses: {min(start + BATCH_SIZE, total)}/{total}")
    return demo


def build_teams(*, size, rng, neighbourhoods, progress=lambda line: None):
    """The demo users (all with ``DEMO_PASSWORD``), one team per
    ``size.neighbourhoods_per_team`` neighbourhoods of a municipality, each
    lead leading ``size.teams_per_lead`` teams of that municipality. Returns
    (teams, workers, leads, admins, memberships)."""
    by_municipality = {}
    for neighbourhood in neighbourhoods:
        municipality = neighbourhood.district.municipality
        by_municipality.setdefault(municipality.code, (municipality, []))[1].append(neighbourhood)
    teams, team_neighbourhoods, team_leads = [], [], []  # team_leads: index into leads
    lead_count = 0
    for municipality, group in by_municipality.values():
        prefix = f"{municipality.name} " if len(by_municipality) > 1 else ""
        for t, start in enumerate(range(0, len(group), size.neighbourhoods_per_team)):
            covered = group[start : start + size.neighbourhoods_per_team]
            teams.append(Team(name=f"Team {prefix}{covered[0].name}"))
            team_neighbourhoods.append(covered)
            if t % size.teams_per_lead == 0:
                lead_count += 1
            team_leads.append(lead_count - 1)
    Team.objects.bulk_create(teams)
    Team.neighbourhoods.through.objects.bulk_create(
        Team.neighbourhoods.through(team=team, neighbourhood=neighbourhood)
        for team, group in zip(teams, team_neighbourhoods, strict=True)
        for neighbourhood in group
    )
    progress(f"teams: {len(teams)}")

    password = make_password(DEMO_PASSWORD)  # once: hashing is slow on purpose
    names = _PersonNames(rng)
    workers = [
        _user(f"buurtwerker{i}", Role.WORKER, password, names) for i in range(1, size.workers + 1)
    ]
    for i, user in enumerate(workers):
        user.languages = list(WORKER_LANGUAGES[i % len(WORKER_LANGUAGES)])
    leads = [
        _user(f"teamleider{i}", Role.TEAM_LEAD, password, names) for i in range(1, lead_count + 1)
    ]
    admin = _user("beheerder", Role.ADMIN, password, names)
    admin.is_staff = admin.is_superuser = True
    User.objects.bulk_create([*workers, *leads, admin])
    progress(f"users: {len(workers) + len(leads) + 1}")

    memberships = [
        Membership(team=teams[i % len(teams)], user=worker, role=Membership.Role.WORKER)
        for i, worker in enumerate(workers)
    ] + [
        Membership(team=team, user=leads[lead], role=Membership.Role.LEAD)
        for team, lead in zip(teams, team_leads, strict=True)
    ]
    Membership.objects.bulk_create(memberships)
    progress(f"memberships: {len(memberships)}")
    return teams, workers, leads, [admin], memberships


def demo_logins():
    """The demo users in the database with their role and teams (a lead's
    teams marked), workers first, then leads, then admins. Two queries."""
    users = User.objects.filter(email__endswith=f"@{DEMO_EMAIL_DOMAIN}").prefetch_related(
        "memberships__team"
    )
    order = {Role.WORKER: 0, Role.TEAM_LEAD: 1, Role.ADMIN: 2}
    logins = [
        Login(
            username=user.username,
            role=user.role,
            teams=sorted(
                m.team.name + (" (lead)" if m.is_lead else "") for m in user.memberships.all()
            ),
        )
        for user in users
    ]
    return sorted(logins, key=lambda login: (order.get(login.role, 3), *_natural(login.username)))


def _natural(text):
    """``buurtwerker10`` after ``buurtwerker9``."""
    match = re.fullmatch(r"(.*?)(\d*)", text)
    return match[1], int(match[2] or 0)


def _theme(index):
    return THEME_CYCLE[index % len(THEME_CYCLE)]


def _unique_name(name, district_name, taken):
    """``name``, else ``name-District``, else numbered."""
    candidates = [name, f"{name}-{district_name}"]
    candidates += [f"{name}-{district_name} {n}" for n in range(2, 100)]
    unique = next(candidate for candidate in candidates if candidate not in taken)
    taken.add(unique)
    return unique


class _StreetNames:
    """Street names, unique within one municipality. A theme's names come
    in a shuffled order; when a theme runs out, another theme's names are
    used rather than repeating one."""

    def __init__(self, rng):
        self.pools = {}
        for theme, (_, stems, suffixes) in THEMES.items():
            stems = stems[:]
            rng.shuffle(stems)
            first_round, later = [], []
            for stem in stems:
                order = suffixes[:]
                if rng.random() < 0.3:  # mostly the theme's usual suffix
                    rng.shuffle(order)
                first_round.append(stem + order[0])
                later += [stem + suffix for suffix in order[1:]]
            self.pools[theme] = (first_round + later)[::-1]  # pop() takes from the end

    def of(self, theme):
        while True:
            pool = self.pools[theme] or next((p for p in self.pools.values() if p), None)
            if pool is None:
                raise RuntimeError("Ran out of demo street names; add names to THEMES.")
            yield pool.pop()


def _plan_neighbourhood(rng, *, neighbourhood, street_names, size, postcode_digits):
    """Unsaved streets and addresses with exactly ``size.addresses`` doors."""
    postcodes = _postcodes(postcode_digits)
    streets, addresses = [], []
    while len(addresses) < size.addresses:
        street = Street(neighbourhood=neighbourhood, name=next(street_names))
        short = street.name.endswith(("hof", "plein"))
        length = rng.randint(8, 30) if short else rng.randint(*size.house_numbers)
        doors = [
            (number, addition) for number in range(1, length + 1) for addition in _additions(rng)
        ][: size.addresses - len(addresses)]
        postcode_of = {}
        for side in (1, 0):  # odd numbers up one side, even numbers down the other
            numbers = list(dict.fromkeys(n for n, _ in doors if n % 2 == side))
            while numbers:  # a postcode per ~20 numbers
                cut = rng.randint(16, 24)
                postcode_of.update(dict.fromkeys(numbers[:cut], next(postcodes)))
                numbers = numbers[cut:]
        streets.append(street)
        addresses += [
            Address(street=street, house_number=n, addition=a, postcode=postcode_of[n])
            for n, a in doors
        ]
    return streets, addresses


def _additions(rng):
    """The doors at one house number: mostly one, sometimes split or with a
    flat upstairs."""
    roll = rng.random()
    if roll < 0.86:
        return [""]
    if roll < 0.91:
        return ["", "A"]
    if roll < 0.94:
        return ["A", "B"]
    if roll < 0.96:
        return ["", "bis"]
    if roll < 0.985:
        return ["", "1-hoog"]
    return ["", "1-hoog", "2-hoog"]


def _postcodes(digits):
    """``6841 AA``, ``6841 AB``, ... skipping letter pairs PostNL never uses."""
    letters = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"
    for first in letters:
        for second in letters:
            if first + second not in UNUSED_POSTCODE_LETTERS:
                yield f"{digits} {first}{second}"
    raise RuntimeError(f"Postcode area {digits} is full; give the neighbourhood fewer doors.")


class _PersonNames:
    """Made-up full names (first name + an invented Dutch-looking surname),
    never the same one twice."""

    def __init__(self, rng):
        self.rng = rng
        self.taken = set()

    def next(self):
        while True:
            first = self.rng.choice(FIRST_NAMES)
            stem = self.rng.choice(SURNAME_STEMS)
            if self.rng.random() < 0.4:
                last = f"{self.rng.choice(SURNAME_PREFIXES)} {stem}"
            else:
                last = stem + self.rng.choice(SURNAME_SUFFIXES)
            if (first, last) not in self.taken:
                self.taken.add((first, last))
                return first, last


#: The languages of the demo's workers, in turn (``User.languages``), so
#: that a team speaks some of its residents' languages and not others
#: (Somali, Tigrinya, Ukrainian, Levantine Arabic: coverage shows the gap).
WORKER_LANGUAGES = [
    ("nld", "eng"),
    ("nld", "ary", "tzm"),
    ("nld", "eng", "tur"),
    ("nld", "srn"),
    ("nld", "eng", "pol"),
    ("nld", "pap", "spa"),
    ("nld", "ara", "eng", "fra"),
    ("nld",),
]


def _user(username, role, password, names):
    first_name, last_name = names.next()
    return User(
        username=username,
        first_name=first_name,
        last_name=last_name,
        email=f"{username}@{DEMO_EMAIL_DOMAIN}",
        role=role,
        password=password,
    )
