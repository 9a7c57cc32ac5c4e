"""The indicators of a period report, each defined once: its key, its
label, the definition shown on the page and in the exports, and the query
that computes it (set-based: one aggregate query per table, never a query
per row).

``compute(scope, period, today=...)`` returns a ``Figures`` (and
``compute_periods`` one for each of several periods, reading each table
once for them all): the value of every indicator and the breakdowns
(conversations by place and theme, referrals by organisation, matches ended
by outcome). The team lead's page shows the numbers as they are; exports
and the print view, meant for funders, show counts from 1 to 4 as "< 5"
(``suppress``).

Counting rules that hold for every indicator:

- A period is a half-open range of local days (``reports.periods``).
- Residents are counted once in a scope, however many neighbourhoods or
  conversations they appear in.
- Anonymised residents still count: their conversations and matches stay as
  anonymous rows, so the numbers of past periods do not change after an
  erasure."""

import dataclasses

from django.db import connections
from django.db.models import Count, DateField, Exists, F, Func, OuterRef, Q, Subquery, Sum
from django.db.models.functions import Coalesce, TruncMonth
from django.utils import timezone
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from contacts.models import (
    Activity,
    ActivityAttendance,
    Conversation,
    ConversationCount,
    DoorKnock,
    FollowUp,
    Initiative,
    InitiativeMember,
    KnockCount,
    KnockTotal,
    Need,
    Resident,
    Signal,
    SpokenResident,
    Talent,
    ThemeCount,
)
from matches.models import Match, MatchEvent
from neighbourhoods.models import Address
from reports.periods import add_months

#: Counts from 1 up to this one are shown as "< 5" in exports and print.
SUPPRESS_BELOW = 5
SUPPRESSED = "< 5"

#: How long a match must last to count as still lasting, in months.
LASTING_MONTHS = (3, 6, 12)


@dataclasses.dataclass(frozen=True)
class Indicator:
    key: str
    group: str
    label: str
    definition: str
    #: "count" (of people or events), "share" (a fraction of 1), "ratio".
    kind: str = "count"
    #: For a share or ratio: the keys of its numerator and denominator.
    of: tuple = ()

    @property
    def is_count(self):
        return self.kind == "count"


REACH = _("Reach")
CONVERSATIONS = _("Conversations")
HEARD = _("Talents and needs")
MATCHES = _("Matches")
INITIATIVES = _("Initiatives")
ACTIVITIES = _("Activities")
SHARING = _("Signals and referrals")
GIVERS = _("From receiver to giver")
FOLLOW_UPS = _("Follow-ups")


def _lasting(months):
    return [
        Indicator(
            f"matches_lasting_{months}m_cohort",
            MATCHES,
            format_lazy(_("Matches reaching {months} months"), months=months),
            format_lazy(
                _(
                    "Matches that started {months} months before a day in the period, so "
                    "that the period holds their {months}-month mark."
                ),
                months=months,
            ),
        ),
        Indicator(
            f"matches_lasting_{months}m",
            MATCHES,
            format_lazy(_("Still lasting at {months} months"), months=months),
            format_lazy(
                _(
                    "Of those, the matches not ended before their {months}-month mark, or "
                    "ended with the outcome lasting contact (the residents carry on alone)."
                ),
                months=months,
            ),
        ),
        Indicator(
            f"matches_lasting_{months}m_share",
            MATCHES,
            format_lazy(_("Share still lasting at {months} months"), months=months),
            format_lazy(
                _("Still lasting at {months} months, divided by the matches reaching it."),
                months=months,
            ),
            kind="share",
            of=(f"matches_lasting_{months}m", f"matches_lasting_{months}m_cohort"),
        ),
    ]


INDICATORS = [
    Indicator(
        "residents_spoken",
        REACH,
        _("Residents spoken to"),
        _(
            "Different residents who took part in a conversation in the period, each counted "
            "once, however many conversations or neighbourhoods."
        ),
    ),
    Indicator(
        "residents_new",
        REACH,
        _("New residents"),
        _("Residents first recorded in the period."),
    ),
    Indicator(
        "households_reached",
        REACH,
        _("Households reached"),
        _("Different addresses with a resident who took part in a conversation in the period."),
    ),
    Indicator(
        "addresses_reached",
        REACH,
        _("Addresses reached"),
        _(
            "Different addresses where a door was answered or a resident living there took "
            "part in a conversation, in the period."
        ),
    ),
    Indicator(
        "addresses",
        REACH,
        _("Addresses"),
        _("All addresses in the scope (today)."),
    ),
    Indicator(
        "addresses_reached_share",
        REACH,
        _("Share of addresses reached"),
        _("Addresses reached divided by all addresses."),
        kind="share",
        of=("addresses_reached", "addresses"),
    ),
    Indicator(
        "door_knocks",
        REACH,
        _("Door knocks"),
        _("Attempts at a door in the period, answered or not."),
    ),
    Indicator(
        "door_knocks_answered",
        REACH,
        _("Doors answered"),
        _("Door knocks with any outcome but not home."),
    ),
    Indicator(
        "door_knocks_answer_rate",
        REACH,
        _("Answer rate"),
        _("Doors answered divided by door knocks."),
        kind="share",
        of=("door_knocks_answered", "door_knocks"),
    ),
    Indicator(
        "conversations",
        CONVERSATIONS,
        _("Conversations"),
        _(
            "Conversations in the period in the scope's neighbourhoods, by place and theme "
            "below (a conversation can have several themes)."
        ),
    ),
    Indicator(
        "talents_heard",
        HEARD,
        _("Talents heard"),
        _("Talents of residents recorded in the period."),
    ),
    Indicator(
        "needs_heard",
        HEARD,
        _("Needs heard"),
        _("Needs of residents recorded in the period."),
    ),
    Indicator(
        "talents_per_need",
        HEARD,
        _("Talents per need"),
        _("Talents heard divided by needs heard: strengths first."),
        kind="ratio",
        of=("talents_heard", "needs_heard"),
    ),
    Indicator(
        "matches_proposed",
        MATCHES,
        _("Matches proposed"),
        _("Matches a worker proposed in the period."),
    ),
    Indicator(
        "matches_approved",
        MATCHES,
        _("Matches approved"),
        _("Matches a team lead approved in the period."),
    ),
    Indicator(
        "matches_started",
        MATCHES,
        _("Matches started"),
        _("Matches that started running in the period."),
    ),
    Indicator(
        "matches_ended",
        MATCHES,
        _("Matches ended"),
        _("Matches that ended in the period, by outcome below."),
    ),
    *[indicator for months in LASTING_MONTHS for indicator in _lasting(months)],
    Indicator(
        "initiatives_supported",
        INITIATIVES,
        _("Initiatives supported"),
        _(
            "Initiatives active in the scope that gained a member or started a match in the "
            "period."
        ),
    ),
    Indicator(
        "initiative_members",
        INITIATIVES,
        _("Initiative members"),
        _(
            "Different residents who were members or organisers of an initiative in the scope "
            "at the end of the period."
        ),
    ),
    Indicator(
        "initiative_organisers",
        INITIATIVES,
        _("Organisers who are residents"),
        _(
            "Different residents who organised an initiative in the scope at the end of "
            "the period."
        ),
    ),
    Indicator(
        "activities_held",
        ACTIVITIES,
        _("Activities held"),
        _(
            "Meetings of initiatives and one-off neighbourhood activities in the scope's "
            "neighbourhoods on a day in the period, up to today."
        ),
    ),
    Indicator(
        "activity_attendance",
        ACTIVITIES,
        _("Attendance at activities"),
        _(
            "Of those activities, everyone there added up: the residents named as there plus "
            "the count of others. Someone at two activities counts twice; a named resident "
            "who is erased later counts among the others."
        ),
    ),
    Indicator(
        "signals",
        SHARING,
        _("Signals"),
        _("Concerns shared with the district team in the period."),
    ),
    Indicator(
        "referrals",
        SHARING,
        _("Referrals"),
        _(
            "Referrals to an organisation in the period, by organisation below. Fewer "
            "referrals can be a success."
        ),
    ),
    Indicator(
        "receivers_to_givers",
        GIVERS,
        _("From receiver to giver"),
        _(
            "Residents who had a need met (a match of theirs started) and later, in the "
            "period, offered a talent, became an organiser of an initiative or became the "
            "helper in a match."
        ),
    ),
    Indicator(
        "follow_ups_due",
        FOLLOW_UPS,
        _("Follow-ups due"),
        _("Follow-ups due in the period."),
    ),
    Indicator(
        "follow_ups_on_time",
        FOLLOW_UPS,
        _("Done on time"),
        _("Of those, the ones done on or before their due day."),
    ),
    Indicator(
        "follow_ups_late",
        FOLLOW_UPS,
        _("Done late"),
        _("Of those, the ones done after their due day."),
    ),
    Indicator(
        "follow_ups_overdue",
        FOLLOW_UPS,
        _("Overdue"),
        _("Of those, the ones not done and past their due day today."),
    ),
]

BY_KEY = {indicator.key: indicator for indicator in INDICATORS}


def indicator_choices():
    """(key, label) of every count, for a target's field (a callable, so
    that a new indicator needs no migration)."""
    return [(i.key, i.label) for i in INDICATORS if i.is_count]


@dataclasses.dataclass
class Figures:
    values: dict
    #: name -> [(label, count)], for the breakdowns.
    breakdowns: dict


class AddMonths(Func):
    """``date + n months`` in SQL, clamped to the month's end like ``add_months``."""

    template = "(%(expressions)s + make_interval(months => %(months)d))::date"
    output_field = DateField()

    def __init__(self, expression, months):
        super().__init__(expression, months=int(months))


def _counted(model, scope, periods):
    """The rows of ``model`` (a count the database keeps per calendar
    period, ``contacts.models.period_counts``) of the calendar ``periods``
    (all of one length) in ``scope``."""
    rows = model.objects.filter(
        months=periods[0].months, starts_on__in=[period.start for period in periods]
    )
    return scope.filter(rows, "neighbourhood_id").order_by()


def _each(periods, aggregates):
    """The keyword arguments of one ``aggregate()`` that counts every
    period: ``aggregates(period, start, end)`` gives {key: aggregate} for
    one period (``start`` and ``end`` its moments); each key gets the
    period's place in ``periods`` (``_split`` takes it off again)."""
    return {
        f"{key}__{index}": aggregate
        for index, period in enumerate(periods)
        for key, aggregate in aggregates(period, *period.bounds()).items()
    }


def _split(values, periods):
    """The values of an ``aggregate(**_each(periods, ...))``, one dict per period."""
    split = [{} for _period in periods]
    for key, value in values.items():
        name, _sep, index = key.rpartition("__")
        split[int(index)][name] = value
    return split


def _days(periods):
    """(first day, day after the last) of ``periods`` together."""
    return min(period.start for period in periods), max(period.end for period in periods)


def _moments(periods):
    """(start, end) of ``periods`` together, as moments."""
    bounds = [period.bounds() for period in periods]
    return min(start for start, _end in bounds), max(end for _start, end in bounds)


# {spoken} and {answered} are the ORM's SQL: the residents spoken to
# (resident_key, address_key; a resident may come more than once) and the
# addresses of answered doors (address_key). Each count reads its rows in
# the order of an index (contacts.0024), so no count sorts or hashes the
# year's rows: the residents once each; the addresses of the households
# and of the answered doors once each, merged in address order (a full
# join): the households are the addresses on the left, the addresses
# reached all of them.
_REACH_SQL = """
SELECT residents.n, addresses.households, addresses.reached
FROM (SELECT count(*) AS n FROM (
          SELECT DISTINCT spoken.resident_key FROM ({spoken}) spoken
      ) a) residents,
     (SELECT count(households.address_key) AS households, count(*) AS reached
      FROM (
          SELECT DISTINCT spoken.address_key FROM ({spoken}) spoken
          WHERE spoken.address_key IS NOT NULL
      ) households
      FULL JOIN (
          SELECT DISTINCT answered.address_key FROM ({answered}) answered
      ) answered USING (address_key)
     ) addresses
"""


def _reach(spoken, answered):
    """(residents spoken to, their households, addresses reached): one
    query counting the residents spoken to once each, their addresses (an
    address counted once: its household), and the addresses reached either
    way (a household, or a door answered). The ORM cannot put three counts
    of distinct values over the same rows in one query, hence SQL; the
    rows, and so the scope and the period, still come from the ORM."""
    spoken_sql, spoken_params = spoken.query.sql_with_params()
    answered_sql, answered_params = answered.query.sql_with_params()
    sql = _REACH_SQL.format(spoken=spoken_sql, answered=answered_sql)
    # The database the router chose for these rows (a read replica, say).
    with connections[spoken.db].cursor() as cursor:
        cursor.execute(sql, [*spoken_params, *spoken_params, *answered_params])
        return cursor.fetchone()


def _conversations_counted(scope, periods):
    """Per calendar period: [(place, n)], [(theme, n)] (most first), the
    door knocks and the answered ones, and the rows of the residents spoken
    to and of the answered doors (for ``_reach``). Three queries for all
    the periods, from the counts the database keeps."""
    index = {period.start: i for i, period in enumerate(periods)}
    places = [[] for _period in periods]
    themes = [[] for _period in periods]
    knocks = [{"knocks": 0, "answered": 0} for _period in periods]
    counted = _counted(ConversationCount, scope, periods).values("starts_on", "place")
    for row in counted.annotate(n=Sum("conversations")).order_by("-n", "place"):
        places[index[row["starts_on"]]].append((row["place"], row["n"]))
    counted = _counted(ThemeCount, scope, periods).values("starts_on", "theme__name")
    for row in counted.annotate(n=Sum("conversations")).order_by("-n", "theme__name"):
        themes[index[row["starts_on"]]].append((row["theme__name"], row["n"]))
    counted = _counted(KnockTotal, scope, periods).values("starts_on")
    for row in counted.annotate(knocks=Sum("knocks"), answered=Sum("answered")):
        knocks[index[row["starts_on"]]] = {"knocks": row["knocks"], "answered": row["answered"]}
    return [
        (
            places[i],
            themes[i],
            knocks[i],
            _counted(SpokenResident, scope, [period]).values(
                resident_key=F("resident_id"), address_key=F("address_id")
            ),
            _counted(KnockCount, scope, [period])
            .filter(answered__gt=0)
            .values(address_key=F("address_id")),
        )
        for i, period in enumerate(periods)
    ]


def _conversations_of_rows(scope, period):
    """What ``_conversations_counted`` gives for one period, for a range of
    days from the rows themselves (three queries, slower)."""
    start, end = period.bounds()
    conversations = scope.filter(
        Conversation.objects.filter(happened_at__gte=start, happened_at__lt=end),
        "neighbourhood_id",
    ).order_by()
    places = conversations.values("place").annotate(n=Count("*")).order_by("-n", "place")
    themes = (
        Conversation.themes.through.objects.filter(conversation__in=conversations.values("pk"))
        .values("theme__name")
        .annotate(n=Count("*"))
        .order_by("-n", "theme__name")
    )
    knocks = scope.filter(
        DoorKnock.objects.filter(knocked_at__gte=start, knocked_at__lt=end),
        "address__street__neighbourhood_id",
    ).order_by()
    spoken = Resident.objects.filter(
        pk__in=Conversation.residents.through.objects.filter(
            conversation__in=conversations.values("pk")
        ).values("resident_id")
    ).values(resident_key=F("pk"), address_key=F("address_id"))
    return (
        [(row["place"], row["n"]) for row in places],
        [(row["theme__name"], row["n"]) for row in themes],
        knocks.aggregate(
            knocks=Count("pk"), answered=Count("pk", filter=~Q(outcome=DoorKnock.Outcome.NOT_HOME))
        ),
        spoken,
        knocks.exclude(outcome=DoorKnock.Outcome.NOT_HOME).values(address_key=F("address_id")),
    )


def _conversations(scope, periods, today):
    """Conversations by place and theme, door knocks, and the reach. Of
    calendar periods from the counts the database keeps (four queries, and
    one per period for the reach), of ranges of days from the rows (four
    per period)."""
    if periods[0].months:
        counts = _conversations_counted(scope, periods)
    else:
        counts = [_conversations_of_rows(scope, period) for period in periods]
    addresses = scope.filter(Address.objects.all(), "street__neighbourhood_id").count()
    place_labels = dict(Conversation.Place.choices)
    results = []
    for places, themes, knocks, spoken, answered in counts:
        residents, households, reached = _reach(spoken, answered)
        values = {
            "residents_spoken": residents,
            "households_reached": households,
            # Each conversation has one place.
            "conversations": sum(n for _place, n in places),
            "door_knocks": knocks["knocks"],
            "door_knocks_answered": knocks["answered"],
            "addresses_reached": reached,
            "addresses": addresses,
        }
        breakdowns = {
            "conversations_by_place": [(place_labels.get(place, place), n) for place, n in places],
            "conversations_by_theme": themes,
        }
        results.append((values, breakdowns))
    return results


def _residents(scope, periods, today):
    start, end = _moments(periods)
    new = scope.filter(
        Resident.objects.filter(created_at__gte=start, created_at__lt=end), "neighbourhood_id"
    ).aggregate(
        **_each(
            periods,
            lambda period, start, end: {
                "residents_new": Count(
                    "created_at", filter=Q(created_at__gte=start, created_at__lt=end)
                )
            },
        )
    )
    return [(values, {}) for values in _split(new, periods)]


def _heard(scope, periods, today):
    span_start, span_end = _moments(periods)
    values = [{} for _period in periods]
    for key, model in (("talents_heard", Talent), ("needs_heard", Need)):
        counts = scope.filter(
            model.objects.filter(
                resident__isnull=False, created_at__gte=span_start, created_at__lt=span_end
            ),
            "neighbourhood_id",
        ).aggregate(
            **_each(
                periods,
                lambda period, start, end, key=key: {
                    key: Count("created_at", filter=Q(created_at__gte=start, created_at__lt=end))
                },
            )
        )
        for period_values, more in zip(values, _split(counts, periods), strict=True):
            period_values.update(more)
    return [(period_values, {}) for period_values in values]


def _match_counts(period, start, end):
    """The counts of one period over the matches (``_matches``)."""
    first, last = period.start, period.end
    ended = Q(ended_on__gte=first, ended_on__lt=last)
    aggregates = {
        "matches_proposed": Count("pk", filter=Q(proposed_at__gte=start, proposed_at__lt=end)),
        "matches_started": Count("pk", filter=Q(started_on__gte=first, started_on__lt=last)),
        "matches_ended": Count("pk", filter=ended),
    }
    for outcome in Match.Outcome:
        aggregates[f"outcome_{outcome.value}"] = Count("pk", filter=ended & Q(outcome=outcome))
    for months in LASTING_MONTHS:
        cohort = Q(
            started_on__gte=add_months(first, -months), started_on__lt=add_months(last, -months)
        )
        aggregates[f"matches_lasting_{months}m_cohort"] = Count("pk", filter=cohort)
        aggregates[f"matches_lasting_{months}m"] = Count(
            "pk",
            filter=cohort
            & (
                Q(ended_on__isnull=True)
                | Q(ended_on__gte=AddMonths(F("started_on"), months))
                | Q(outcome=Match.Outcome.LASTING)
            ),
        )
    return aggregates


def _matches(scope, periods, today):
    matches = scope.filter(Match.objects.all(), "neighbourhood_id")
    counts = _split(matches.aggregate(**_each(periods, _match_counts)), periods)
    span_start, span_end = _moments(periods)
    approved = MatchEvent.objects.filter(
        to_status=Match.Status.APPROVED,
        at__gte=span_start,
        at__lt=span_end,
        match__in=matches.values("pk"),
    ).aggregate(
        **_each(
            periods,
            lambda period, start, end: {
                "matches_approved": Count(
                    "match_id", distinct=True, filter=Q(at__gte=start, at__lt=end)
                )
            },
        )
    )
    results = []
    for values, more in zip(counts, _split(approved, periods), strict=True):
        values.update(more)
        by_outcome = [
            (outcome.label, values.pop(f"outcome_{outcome.value}")) for outcome in Match.Outcome
        ]
        results.append((values, {"matches_by_outcome": by_outcome}))
    return results


def _initiatives(scope, periods, today):
    initiatives = Initiative.objects.all()
    if scope.neighbourhood_ids is not None:
        initiatives = initiatives.filter(
            Exists(
                Initiative.neighbourhoods.through.objects.filter(
                    initiative=OuterRef("pk"), neighbourhood__in=scope.neighbourhood_ids
                )
            )
        )

    def supported(period, start, end):
        first, last = period.start, period.end
        members_joined = InitiativeMember.objects.filter(
            initiative=OuterRef("pk"), joined_on__gte=first, joined_on__lt=last
        )
        matches_started = Match.objects.filter(
            initiative=OuterRef("pk"), started_on__gte=first, started_on__lt=last
        )
        return {
            "initiatives_supported": Count(
                "pk", filter=Q(Exists(members_joined)) | Q(Exists(matches_started))
            )
        }

    def members(period, start, end):
        joined = Q(joined_on__isnull=True) | Q(joined_on__lt=period.end)
        return {
            "initiative_members": Count("resident_id", distinct=True, filter=joined),
            "initiative_organisers": Count(
                "resident_id",
                distinct=True,
                filter=joined & Q(role=InitiativeMember.Role.ORGANISER),
            ),
        }

    _first, last = _days(periods)
    counts = _split(initiatives.aggregate(**_each(periods, supported)), periods)
    member_counts = InitiativeMember.objects.filter(
        Q(joined_on__isnull=True) | Q(joined_on__lt=last), initiative__in=initiatives.values("pk")
    ).aggregate(**_each(periods, members))
    results = []
    for values, more in zip(counts, _split(member_counts, periods), strict=True):
        values.update(more)
        results.append((values, {}))
    return results


def _activities(scope, periods, today):
    named = (
        ActivityAttendance.objects.filter(activity=OuterRef("pk"))
        .order_by()
        .values("activity")
        .annotate(n=Count("pk"))
        .values("n")
    )
    first, last = _days(periods)
    held = scope.filter(
        Activity.objects.filter(held_on__gte=first, held_on__lt=last, held_on__lte=today),
        "neighbourhood_id",
    )

    def counts(period, start, end):
        in_period = Q(held_on__gte=period.start, held_on__lt=period.end)
        return {
            "activities_held": Count("pk", filter=in_period),
            "activity_attendance": Coalesce(Sum(F("named") + F("headcount"), filter=in_period), 0),
        }

    values = held.annotate(named=Coalesce(Subquery(named), 0)).aggregate(**_each(periods, counts))
    return [(period_values, {}) for period_values in _split(values, periods)]


def _sharing(scope, periods, today):
    """Signals and referrals by organisation: a query per period (each
    ordered by the database, most referrals first)."""
    results = []
    for period in periods:
        start, end = period.bounds()
        signals = scope.filter(
            Signal.objects.filter(created_at__gte=start, created_at__lt=end),
            "resident__neighbourhood_id",
        )
        rows = list(
            signals.order_by()
            .values("kind", "organisation__name")
            .annotate(n=Count("pk"))
            .order_by("-n", "organisation__name")
        )
        by_organisation = [
            (row["organisation__name"], row["n"])
            for row in rows
            if row["kind"] == Signal.Kind.REFERRAL
        ]
        values = {
            "signals": sum(r["n"] for r in rows if r["kind"] == Signal.Kind.SIGNAL),
            "referrals": sum(n for _label, n in by_organisation),
        }
        results.append((values, {"referrals_by_organisation": by_organisation}))
    return results


def _givers(scope, periods, today):
    """Residents whose first started match as the one with the need lies
    before a giving step of theirs in the period: a query per period."""
    return [(_givers_of(scope, period), {}) for period in periods]


def _givers_of(scope, period):
    start, end = period.bounds()
    seekers = scope.filter(
        Match.objects.filter(
            started_on__isnull=False, resident__isnull=False, started_on__lt=period.end
        ),
        "neighbourhood_id",
    )
    first_start = (
        Match.objects.filter(resident=OuterRef("pk"), started_on__isnull=False)
        .order_by("started_on")
        .values("started_on")[:1]
    )
    residents = (
        Resident.objects.filter(pk__in=seekers.values("resident_id"))
        .annotate(first_start=first_start)
        .filter(
            Exists(
                Talent.objects.filter(
                    resident=OuterRef("pk"),
                    created_at__gte=start,
                    created_at__lt=end,
                    created_at__date__gt=OuterRef("first_start"),
                )
            )
            | Exists(
                InitiativeMember.objects.filter(
                    resident=OuterRef("pk"),
                    role=InitiativeMember.Role.ORGANISER,
                    joined_on__gte=period.start,
                    joined_on__lt=period.end,
                    joined_on__gt=OuterRef("first_start"),
                )
            )
            | Exists(
                Match.objects.filter(
                    helper=OuterRef("pk"),
                    proposed_at__gte=start,
                    proposed_at__lt=end,
                    proposed_at__date__gt=OuterRef("first_start"),
                )
            )
        )
    )
    return {"receivers_to_givers": residents.count()}


def _follow_ups(scope, periods, today):
    first, last = _days(periods)
    due = scope.filter(
        FollowUp.objects.filter(due_on__gte=first, due_on__lt=last), "neighbourhood_id"
    )

    def counts(period, start, end):
        in_period = Q(due_on__gte=period.start, due_on__lt=period.end)
        return {
            "follow_ups_due": Count("due_on", filter=in_period),
            "follow_ups_on_time": Count(
                "due_on", filter=in_period & Q(done_at__date__lte=F("due_on"))
            ),
            # Done late: done, not on time (one local date per row, not two).
            "done": Count("done_at", filter=in_period),
            "follow_ups_overdue": Count(
                "due_on", filter=in_period & Q(done_at__isnull=True, due_on__lt=today)
            ),
        }

    results = []
    for values in _split(due.aggregate(**_each(periods, counts)), periods):
        values["follow_ups_late"] = values.pop("done") - values["follow_ups_on_time"]
        results.append((values, {}))
    return results


def trend(scope, period):
    """Conversations and door knocks per month of ``period``, as
    [(first day of the month, conversations, door knocks)], every month
    present (0 when none). Two queries: of a calendar period from the
    months' counts the database keeps, of a range of days from the rows."""
    counts = {}
    if period.months:
        for key, model, field in (
            (0, ConversationCount, "conversations"),
            (1, KnockTotal, "knocks"),
        ):
            rows = scope.filter(
                model.objects.filter(
                    months=1, starts_on__gte=period.start, starts_on__lt=period.end
                ),
                "neighbourhood_id",
            )
            for row in rows.order_by().values("starts_on").annotate(n=Sum(field)):
                counts.setdefault(row["starts_on"], [0, 0])[key] = row["n"]
    else:
        start, end = period.bounds()
        zone = timezone.get_current_timezone()
        for key, queryset, lookup, moment in (
            (0, Conversation.objects.all(), "neighbourhood_id", "happened_at"),
            (1, DoorKnock.objects.all(), "address__street__neighbourhood_id", "knocked_at"),
        ):
            rows = (
                scope.filter(
                    queryset.filter(**{f"{moment}__gte": start, f"{moment}__lt": end}), lookup
                )
                .annotate(month=TruncMonth(moment, tzinfo=zone))
                .order_by()
                .values("month")
                .annotate(n=Count("*"))
            )
            for row in rows:
                counts.setdefault(row["month"].date(), [0, 0])[key] = row["n"]
    months = []
    month = period.start.replace(day=1)
    while month < period.end:
        months.append((month, *counts.get(month, (0, 0))))
        month = add_months(month, 1)
    return months


def derive(values):
    """The shares and ratios from their counts (None when dividing by 0)."""
    for indicator in INDICATORS:
        if indicator.kind != "count":
            numerator, denominator = (values.get(key) for key in indicator.of)
            values[indicator.key] = numerator / denominator if denominator else None
    return values


def compute(scope, period, *, today):
    """Every indicator for ``scope`` in ``period`` (``compute_periods``)."""
    return compute_periods(scope, [period], today=today)[0]


def compute_periods(scope, periods, *, today):
    """Every indicator for ``scope`` in each of ``periods`` (a report's
    period and the one before: calendar periods of one length, or ranges of
    days), a ``Figures`` each. A fixed number of queries, whatever the
    number of rows: each table is read once for all the periods, counting
    each period apart (19 queries for two calendar periods, 16 for one)."""
    if len({period.months for period in periods}) != 1:
        raise ValueError("Periods of one kind and length only.")
    figures = [Figures(values={}, breakdowns={}) for _period in periods]
    parts = (
        _conversations,
        _residents,
        _heard,
        _matches,
        _initiatives,
        _activities,
        _sharing,
        _givers,
        _follow_ups,
    )
    for part in parts:
        for figure, (values, breakdowns) in zip(figures, part(scope, periods, today), strict=True):
            figure.values.update(values)
            figure.breakdowns.update(breakdowns)
    for figure in figures:
        derive(figure.values)
    return figures


def suppress(value):
    """A count for funders: from 1 to SUPPRESS_BELOW - 1 it is "< 5"."""
    if isinstance(value, int) and 0 < value < SUPPRESS_BELOW:
        return SUPPRESSED
    return value


def suppressed_value(indicator, values):
    """``values[indicator.key]`` as an export shows it: counts suppressed,
    a share or ratio left out (None) when either of its counts is."""
    value = values.get(indicator.key)
    if indicator.is_count:
        return suppress(value)
    if any(suppress(values.get(key)) == SUPPRESSED for key in indicator.of):
        return None
    return value


BREAKDOWNS = [
    ("conversations_by_place", _("Conversations by place")),
    ("conversations_by_theme", _("Conversations by theme")),
    ("matches_by_outcome", _("Matches ended, by outcome")),
    ("referrals_by_organisation", _("Referrals by organisation")),
]
