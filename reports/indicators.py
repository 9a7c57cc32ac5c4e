"""The indicators of a period report, each defined once: its key, its
label, the definition shown on the page and in the exports, and the query
that computes it (set-based: one aggregate query per table, never a query
per row).

``compute(scope, period, today=...)`` returns a ``Figures``: the value of
every indicator and the breakdowns (conversations by place and theme,
referrals by organisation, matches ended by outcome). The team lead's page
shows the numbers as they are; exports and the print view, meant for
funders, show counts from 1 to 4 as "< 5" (``suppress``).

Counting rules that hold for every indicator:

- A period is a half-open range of local days (``reports.periods``).
- Residents are counted once in a scope, however many neighbourhoods or
  conversations they appear in.
- Anonymised residents still count: their conversations and matches stay as
  anonymous rows, so the numbers of past periods do not change after an
  erasure."""

import dataclasses

from django.db import connection
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


def _counted(model, scope, period):
    """The rows of ``model`` (a count the database keeps per calendar
    period, ``contacts.models.period_counts``) of ``period`` in ``scope``.
    A range of days (``period.months`` None) counts from the rows instead."""
    rows = model.objects.filter(months=period.months, starts_on=period.start)
    return scope.filter(rows, "neighbourhood_id").order_by()


# {spoken} and {answered} are the ORM's SQL: the residents spoken to
# (resident_key, address_key; a resident may come more than once) and the
# addresses of answered doors (address_key). Each count reads its own rows
# in the order of an index (contacts.0024), so no count sorts or hashes the
# year's rows: the addresses reached are the households plus the answered
# doors where no one was spoken to.
_REACH_SQL = """
SELECT residents.n, households.n, households.n + answered_only.n
FROM (SELECT count(*) AS n FROM (
          SELECT DISTINCT spoken.resident_key FROM ({spoken}) spoken
      ) a) residents,
     (SELECT count(*) AS n FROM (
          SELECT DISTINCT spoken.address_key FROM ({spoken}) spoken
          WHERE spoken.address_key IS NOT NULL
      ) b) households,
     (SELECT count(*) AS n FROM (
          SELECT DISTINCT answered.address_key FROM ({answered}) answered
          WHERE NOT EXISTS (
              SELECT FROM ({spoken}) spoken WHERE spoken.address_key = answered.address_key
          )
      ) c) answered_only
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
    with connection.cursor() as cursor:
        cursor.execute(sql, [*spoken_params, *spoken_params, *answered_params, *spoken_params])
        return cursor.fetchone()


def _conversations(scope, period, start, end):
    """Conversations by place and theme, door knocks, and the reach. For a
    calendar period from the counts the database keeps (five queries), for
    a range of days from the rows (five too, slower)."""
    if period.months:
        places = _counted(ConversationCount, scope, period).values("place")
        places = places.annotate(n=Sum("conversations"))
        themes = _counted(ThemeCount, scope, period).values("theme__name")
        themes = themes.annotate(n=Sum("conversations"))
        knock_totals = _counted(KnockCount, scope, period).aggregate(
            knocks=Coalesce(Sum("knocks"), 0), answered=Coalesce(Sum("answered"), 0)
        )
        spoken = _counted(SpokenResident, scope, period).values(
            resident_key=F("resident_id"), address_key=F("address_id")
        )
        answered = (
            _counted(KnockCount, scope, period)
            .filter(answered__gt=0)
            .values(address_key=F("address_id"))
        )
    else:
        conversations = scope.filter(
            Conversation.objects.filter(happened_at__gte=start, happened_at__lt=end),
            "neighbourhood_id",
        ).order_by()
        places = conversations.values("place").annotate(n=Count("*"))
        themes = (
            Conversation.themes.through.objects.filter(conversation__in=conversations.values("pk"))
            .values("theme__name")
            .annotate(n=Count("*"))
        )
        knocks = scope.filter(
            DoorKnock.objects.filter(knocked_at__gte=start, knocked_at__lt=end),
            "address__street__neighbourhood_id",
        ).order_by()
        knock_totals = knocks.aggregate(
            knocks=Count("pk"), answered=Count("pk", filter=~Q(outcome=DoorKnock.Outcome.NOT_HOME))
        )
        spoken = Resident.objects.filter(
            pk__in=Conversation.residents.through.objects.filter(
                conversation__in=conversations.values("pk")
            ).values("resident_id")
        ).values(resident_key=F("pk"), address_key=F("address_id"))
        answered = knocks.exclude(outcome=DoorKnock.Outcome.NOT_HOME).values(
            address_key=F("address_id")
        )
    place_labels = dict(Conversation.Place.choices)
    by_place = [
        (place_labels.get(row["place"], row["place"]), row["n"])
        for row in places.order_by("-n", "place")
    ]
    by_theme = [(row["theme__name"], row["n"]) for row in themes.order_by("-n", "theme__name")]
    residents, households, reached = _reach(spoken, answered)
    addresses = scope.filter(Address.objects.all(), "street__neighbourhood_id").count()
    return (
        {
            "residents_spoken": residents,
            "households_reached": households,
            # Each conversation has one place.
            "conversations": sum(n for _label, n in by_place),
            "door_knocks": knock_totals["knocks"],
            "door_knocks_answered": knock_totals["answered"],
            "addresses_reached": reached,
            "addresses": addresses,
        },
        {"conversations_by_place": by_place, "conversations_by_theme": by_theme},
    )


def _residents(scope, period, start, end):
    new = scope.filter(
        Resident.objects.filter(created_at__gte=start, created_at__lt=end), "neighbourhood_id"
    ).count()
    return {"residents_new": new}, {}


def _heard(scope, period, start, end):
    values = {}
    for key, model in (("talents_heard", Talent), ("needs_heard", Need)):
        values[key] = scope.filter(
            model.objects.filter(
                resident__isnull=False, created_at__gte=start, created_at__lt=end
            ),
            "neighbourhood_id",
        ).count()
    return values, {}


def _matches(scope, period, start, end):
    first, last = period.start, period.end
    matches = scope.filter(Match.objects.all(), "neighbourhood_id")
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
    values = matches.aggregate(**aggregates)
    by_outcome = [
        (outcome.label, values.pop(f"outcome_{outcome.value}")) for outcome in Match.Outcome
    ]
    values["matches_approved"] = (
        MatchEvent.objects.filter(
            to_status=Match.Status.APPROVED,
            at__gte=start,
            at__lt=end,
            match__in=matches.values("pk"),
        )
        .values("match_id")
        .distinct()
        .count()
    )
    return values, {"matches_by_outcome": by_outcome}


def _initiatives(scope, period, start, end):
    first, last = period.start, period.end
    initiatives = Initiative.objects.all()
    if scope.neighbourhood_ids is not None:
        initiatives = initiatives.filter(
            Exists(
                Initiative.neighbourhoods.through.objects.filter(
                    initiative=OuterRef("pk"), neighbourhood__in=scope.neighbourhood_ids
                )
            )
        )
    supported = initiatives.filter(
        Exists(
            InitiativeMember.objects.filter(
                initiative=OuterRef("pk"), joined_on__gte=first, joined_on__lt=last
            )
        )
        | Exists(
            Match.objects.filter(
                initiative=OuterRef("pk"), started_on__gte=first, started_on__lt=last
            )
        )
    ).count()
    members = InitiativeMember.objects.filter(
        Q(joined_on__isnull=True) | Q(joined_on__lt=last), initiative__in=initiatives.values("pk")
    ).aggregate(
        members=Count("resident_id", distinct=True),
        organisers=Count(
            "resident_id", distinct=True, filter=Q(role=InitiativeMember.Role.ORGANISER)
        ),
    )
    return {
        "initiatives_supported": supported,
        "initiative_members": members["members"],
        "initiative_organisers": members["organisers"],
    }, {}


def _activities(scope, period, start, end, today):
    named = (
        ActivityAttendance.objects.filter(activity=OuterRef("pk"))
        .order_by()
        .values("activity")
        .annotate(n=Count("pk"))
        .values("n")
    )
    held = scope.filter(
        Activity.objects.filter(
            held_on__gte=period.start, held_on__lt=period.end, held_on__lte=today
        ),
        "neighbourhood_id",
    )
    return (
        held.annotate(named=Coalesce(Subquery(named), 0)).aggregate(
            activities_held=Count("pk"),
            activity_attendance=Coalesce(Sum(F("named") + F("headcount")), 0),
        ),
        {},
    )


def _sharing(scope, period, start, end):
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
    return {
        "signals": sum(r["n"] for r in rows if r["kind"] == Signal.Kind.SIGNAL),
        "referrals": sum(n for _label, n in by_organisation),
    }, {"referrals_by_organisation": by_organisation}


def _givers(scope, period, start, end):
    """Residents whose first started match as the one with the need lies
    before a giving step of theirs in the period."""
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
    return {"receivers_to_givers": residents.count()}, {}


def _follow_ups(scope, period, start, end, today):
    due = scope.filter(
        FollowUp.objects.filter(due_on__gte=period.start, due_on__lt=period.end),
        "neighbourhood_id",
    )
    counts = due.aggregate(
        follow_ups_due=Count("pk"),
        follow_ups_on_time=Count("pk", filter=Q(done_at__date__lte=F("due_on"))),
        # Done late: done, not on time (one local date per row, not two).
        done=Count("done_at"),
        follow_ups_overdue=Count("pk", filter=Q(done_at__isnull=True, due_on__lt=today)),
    )
    counts["follow_ups_late"] = counts.pop("done") - counts["follow_ups_on_time"]
    return counts, {}


def trend(scope, period):
    """Conversations and door knocks per month of ``period``, as
    [(first day of the month, conversations, door knocks)], every month
    present (0 when none). Two queries: of a calendar period from the
    months' counts the database keeps, of a range of days from the rows."""
    counts = {}
    if period.months:
        for key, model, field in (
            (0, ConversationCount, "conversations"),
            (1, KnockCount, "knocks"),
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
    """Every indicator for ``scope`` in ``period``. A fixed number of queries
    (16), whatever the number of rows."""
    start, end = period.bounds()
    values, breakdowns = {}, {}
    for part in (_conversations, _residents, _heard, _matches, _initiatives, _sharing, _givers):
        more_values, more_breakdowns = part(scope, period, start, end)
        values.update(more_values)
        breakdowns.update(more_breakdowns)
    for part in (_activities, _follow_ups):
        more_values, _more = part(scope, period, start, end, today)
        values.update(more_values)
    return Figures(values=derive(values), breakdowns=breakdowns)


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
