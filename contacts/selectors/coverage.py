"""Coverage: who is reached and who is not, per neighbourhood and per street.

An address is *reached* when a door knock there had the outcome "spoke" or
a resident living there took part in a conversation; it has *only
unanswered attempts* when it was knocked on, never with anything but "not
home", and nobody there took part in a conversation; its *last visit* is
its latest door knock or conversation.

"Took part in a conversation" is read from ``Resident.last_seen_at``, the
moment of the resident's latest conversation, which the conversation
service keeps: it turns the conversations into one indexed column per
resident, so coverage never scans the (millions of) conversations.

The door knocks are read the same way, from ``DoorKnockSummary``: one row
per address ever knocked on (how many knocks, whether one was "spoke",
whether one was anything but "not home", the latest), which the door-knock
service keeps, so coverage never groups the (hundreds of thousands of)
door knocks either.

Every figure is aggregated in the database: one query over the addresses
(their summary and their residents, grouped per address, then per street
or neighbourhood) and one GROUP BY over the residents' languages, whatever
the number of streets.
"""

from dataclasses import dataclass, field

from django.db import connection
from django.db.models import (
    BooleanField,
    CharField,
    Count,
    Exists,
    ExpressionWrapper,
    F,
    Func,
    OuterRef,
    Prefetch,
    Q,
    Value,
)
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.models import User
from buurtwerk import languages as language_list
from buurtwerk.sqlnames import tables
from contacts import next_try
from contacts.models import DoorKnock, DoorKnockSummary, Resident
from neighbourhoods.models import Address, Neighbourhood, Street

#: Residents with no language recorded are counted under this code.
UNKNOWN_LANGUAGE = ""


@dataclass
class Coverage:
    """The figures of one neighbourhood or street."""

    addresses: int = 0
    reached: int = 0
    unanswered_only: int = 0
    never_knocked: int = 0
    last_knock: object = None
    last_conversation: object = None
    languages: list = field(default_factory=list)

    @property
    def reached_percentage(self):
        """The share of addresses reached, in whole percents (0 without addresses)."""
        return round(100 * self.reached / self.addresses) if self.addresses else 0

    @property
    def last_visit(self):
        """The latest door knock or conversation, None if never visited."""
        moments = [m for m in (self.last_knock, self.last_conversation) if m is not None]
        return max(moments) if moments else None


# {DoorKnockSummary} and {Resident} are the tables, {Model.field} their
# columns (buurtwerk.sqlnames); {addresses} and {address_ids} the ORM's SQL.
_ADDRESS_FIGURES_SQL = """
SELECT address.key,
       count(*),
       count(*) FILTER (WHERE knocks.{DoorKnockSummary.spoke} OR seen.last_seen IS NOT NULL),
       count(*) FILTER (
           WHERE knocks.{DoorKnockSummary.address} IS NOT NULL
             AND NOT knocks.{DoorKnockSummary.answered}
             AND seen.address_id IS NULL
       ),
       count(*) FILTER (WHERE knocks.{DoorKnockSummary.address} IS NULL),
       max(knocks.{DoorKnockSummary.last_knock}),
       max(seen.last_seen)
FROM ({addresses}) address
LEFT JOIN {DoorKnockSummary} knocks ON knocks.{DoorKnockSummary.address} = address.address_id
LEFT JOIN (
    SELECT r.{Resident.address} AS address_id, max(r.{Resident.last_seen_at}) AS last_seen
    FROM {Resident} r
    WHERE r.{Resident.address} IN ({address_ids}) AND r.{Resident.last_seen_at} IS NOT NULL
    GROUP BY r.{Resident.address}
) seen ON seen.address_id = address.address_id
GROUP BY address.key
"""

_FIGURES = (
    "addresses",
    "reached",
    "unanswered_only",
    "never_knocked",
    "last_knock",
    "last_conversation",
)


def _address_figures(addresses, group_by):
    """One query: per value of ``group_by`` (a lookup from Address), the
    Coverage figures of ``addresses`` (a dict of dicts).

    Each address's door knocks come summed up from its DoorKnockSummary
    (kept by the door-knock service), its residents are summed up here;
    then both are counted per street or neighbourhood: GROUP BY over a
    GROUP BY, which the ORM cannot write, hence SQL. The addresses, and so
    the user's scope, still come from the ORM."""
    scope = addresses.order_by()
    address_sql, address_params = scope.values(
        address_id=F("pk"), key=F(group_by)
    ).query.sql_with_params()
    ids_sql, ids_params = scope.values("pk").query.sql_with_params()
    sql = _ADDRESS_FIGURES_SQL.format(
        **tables(DoorKnockSummary, Resident), addresses=address_sql, address_ids=ids_sql
    )
    params = [*address_params, *ids_params]
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return {key: dict(zip(_FIGURES, figures, strict=True)) for key, *figures in cursor}


class _UnnestLanguages(Func):
    """One row per language a resident speaks; UNKNOWN_LANGUAGE for a
    resident with none recorded."""

    template = (
        "unnest(CASE WHEN cardinality(%(expressions)s) = 0 "
        "THEN ARRAY['']::varchar[] ELSE %(expressions)s END)"
    )
    output_field = CharField()


@dataclass
class LanguageCount:
    """How many active residents speak a language, and who on the teams of
    their neighbourhood speaks it too (``speakers``, names)."""

    code: str
    residents: int
    speakers: list = field(default_factory=list)

    @property
    def team_speaks(self):
        """Whether someone on the team can talk to these residents in their
        language: Dutch always (the team works in Dutch, whether or not a
        worker ticked it), another language when a member speaks it; None
        for residents whose language is not known."""
        if self.code == UNKNOWN_LANGUAGE:
            return None
        return self.code == language_list.DUTCH or bool(self.speakers)

    @property
    def label(self):
        if self.code == UNKNOWN_LANGUAGE:
            return _("not known")
        return language_list.name(self.code)


def _language_figures(residents, group_by):
    """One query: per value of ``group_by``, a list of LanguageCount (how
    many active residents speak each language), most spoken first, the
    unknown last."""
    rows = (
        residents.active()
        .order_by()
        .annotate(language=_UnnestLanguages(F("languages")))
        .values(group_by, "language")
        .annotate(residents=Count("*"))  # not a column: read from the index alone
    )
    figures = {}
    for row in rows:
        figures.setdefault(row[group_by], []).append(
            LanguageCount(code=row["language"], residents=row["residents"])
        )
    for languages in figures.values():
        languages.sort(
            key=lambda item: (item.code == UNKNOWN_LANGUAGE, -item.residents, item.code)
        )
    return figures


def _team_speakers(neighbourhood_ids):
    """One query: per neighbourhood (of ``neighbourhood_ids``), per language,
    the names of the active members of the teams that work there who speak
    it (``User.languages``), each once, by name."""
    rows = (
        User.objects.filter(is_active=True, teams__neighbourhoods__in=neighbourhood_ids)
        .exclude(languages=[])
        .values_list("teams__neighbourhoods", "pk", "first_name", "username", "languages")
        .distinct()
        .order_by("first_name", "username", "pk")
    )
    speakers = {}
    for neighbourhood_id, _pk, first_name, username, codes in rows:
        per_language = speakers.setdefault(neighbourhood_id, {})
        for code in codes:
            names = per_language.setdefault(code, [])
            if (first_name or username) not in names:
                names.append(first_name or username)
    return speakers


def _with_speakers(language_counts, speakers):
    for count in language_counts:
        count.speakers = speakers.get(count.code, [])
    return language_counts


def coverage_per_neighbourhood(*, user):
    """The visible neighbourhoods, each with its ``coverage``. Four
    queries: neighbourhoods, address figures, language figures, the
    languages of the teams' members."""
    neighbourhoods = list(
        Neighbourhood.objects.visible_to(user)
        .select_related("district")
        .order_by("district__name", "name")
    )
    address_figures = _address_figures(Address.objects.visible_to(user), "street__neighbourhood")
    language_figures = _language_figures(Resident.objects.visible_to(user), "neighbourhood")
    speakers = _team_speakers([neighbourhood.pk for neighbourhood in neighbourhoods])
    for neighbourhood in neighbourhoods:
        neighbourhood.coverage = Coverage(
            **address_figures.get(neighbourhood.pk, {}),
            languages=_with_speakers(
                language_figures.get(neighbourhood.pk, []), speakers.get(neighbourhood.pk, {})
            ),
        )
    return neighbourhoods


def coverage_per_street(*, neighbourhood, with_languages=True):
    """The streets of ``neighbourhood``, each with its ``coverage``, never
    visited first (by name), then the longest unvisited; and the
    neighbourhood's languages (``[]`` without ``with_languages``), with who
    on the team speaks them. Four queries: streets, address figures,
    language figures, the team's languages (two without)."""
    streets = list(Street.objects.filter(neighbourhood=neighbourhood).order_by("name"))
    address_figures = _address_figures(
        Address.objects.filter(street__neighbourhood=neighbourhood), "street"
    )
    for street in streets:
        street.coverage = Coverage(**address_figures.get(street.pk, {}))
    streets.sort(
        key=lambda street: (
            street.coverage.last_visit is not None,
            street.coverage.last_visit or 0,
        )
    )
    if not with_languages:
        return streets, []
    languages = _language_figures(
        Resident.objects.filter(neighbourhood=neighbourhood), "neighbourhood"
    ).get(neighbourhood.pk, [])
    speakers = _team_speakers([neighbourhood.pk]).get(neighbourhood.pk, {})
    return streets, _with_speakers(languages, speakers)


#: A round planned from coverage holds at most this many doors: a day's walk,
#: and a page that stays small.
UNREACHED_SHOWN = 150


def unreached_addresses(*, neighbourhood, streets, limit=UNREACHED_SHOWN):
    """The addresses of ``streets`` (in ``neighbourhood``) that are not
    reached, as coverage counts them: never knocked on (no door-knock
    summary), or only ever unanswered (knocked, never anything but "not
    home", and nobody there in a conversation). In walking order (per
    street, odd side then even), at most ``limit``, each with
    ``never_knocked`` and ``knocks`` (annotations) and, for those only ever
    unanswered, ``unanswered`` (their knocks, only ``knocked_at`` loaded,
    for ``next_try``). A door where someone declined is answered, so never
    here. Returns (the addresses, their total). Three queries: the
    addresses, their count, their knocks."""
    seen_here = Resident.objects.filter(address=OuterRef("pk"), last_seen_at__isnull=False)
    unreached = (
        Address.objects.filter(street__neighbourhood=neighbourhood, street__in=streets)
        .filter(
            Q(door_knock_summary__isnull=True)
            | Q(door_knock_summary__answered=False) & ~Exists(seen_here)
        )
        .annotate(
            never_knocked=ExpressionWrapper(
                Q(door_knock_summary__isnull=True), output_field=BooleanField()
            ),
            knocks=Coalesce(F("door_knock_summary__knocks"), Value(0)),
        )
    )
    rows = list(
        unreached.select_related("street")
        .in_walking_order()
        .prefetch_related(
            Prefetch(
                "door_knocks",
                queryset=DoorKnock.objects.only("pk", "address_id", "knocked_at").order_by(),
                to_attr="unanswered",
            )
        )[:limit]
    )
    total = len(rows) if len(rows) < limit else unreached.count()
    return rows, total


def suggest_for_unanswered(addresses, today):
    """One slot (a ``next_try.Suggestion``) for ringing ``addresses`` from
    ``unreached_addresses``: the least tried day and part of day over all
    their unanswered knocks together, or None when none was ever knocked.
    No queries."""
    moments = [
        timezone.localtime(knock.knocked_at)
        for address in addresses
        for knock in address.unanswered
    ]
    return next_try.suggest_next_try(moments, today) if moments else None
