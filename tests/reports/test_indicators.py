"""Every indicator on the hand-built data set of conftest.py, where the
right numbers are known; the periods and small-number suppression."""

import datetime

import pytest

from privacy.services import resident_anonymise
from reports import indicators, periods, scopes
from reports.indicators import SUPPRESSED, suppress
from tests.contacts.factories import ActivityFactory

pytestmark = pytest.mark.django_db

Q1 = periods.quarter(2026, 1)
TODAY = datetime.date(2026, 12, 2)


def figures(user, scope="alles", period=Q1):
    return indicators.compute(scopes.resolve(user, scope), period, today=TODAY).values


def test_every_indicator_for_the_quarter(known):
    values = figures(known.lead)
    expected = {
        "residents_spoken": 2,  # A once, though in two neighbourhoods
        "residents_new": 2,
        "households_reached": 1,  # A and B live together
        "addresses_reached": 2,  # their home, and C's door answered
        "addresses": 3,
        "door_knocks": 3,
        "door_knocks_answered": 1,
        "conversations": 2,
        "talents_heard": 1,
        "needs_heard": 1,
        "talents_per_need": 1.0,
        "matches_proposed": 1,
        "matches_approved": 0,
        "matches_started": 0,
        "matches_ended": 2,
        "matches_lasting_3m_cohort": 2,
        "matches_lasting_3m": 1,  # exactly 3 months lasts 3 months
        "matches_lasting_3m_share": 0.5,
        "matches_lasting_6m_cohort": 0,
        "matches_lasting_6m": 0,
        "matches_lasting_6m_share": None,
        "matches_lasting_12m_cohort": 0,
        "matches_lasting_12m": 0,
        "matches_lasting_12m_share": None,
        "initiatives_supported": 1,
        "initiative_members": 2,
        "initiative_organisers": 1,
        "activities_held": 2,  # the meeting and the clean-up, not the other team's
        "activity_attendance": 18,  # 2 named + 5, 1 named + 10
        "signals": 1,
        "referrals": 9,
        "receivers_to_givers": 1,  # A; B's talent came before B's match
        "follow_ups_due": 3,
        "follow_ups_on_time": 1,
        "follow_ups_late": 1,
        "follow_ups_overdue": 1,
    }
    assert values.pop("addresses_reached_share") == pytest.approx(2 / 3)
    assert values.pop("door_knocks_answer_rate") == pytest.approx(1 / 3)
    assert values == expected
    assert set(expected) | {"addresses_reached_share", "door_knocks_answer_rate"} == set(
        indicators.BY_KEY
    )


def test_the_previous_quarter(known):
    values = figures(known.lead, period=Q1.previous())
    assert values["residents_spoken"] == 1  # C, at 23:30 on 31 December
    assert values["conversations"] == 1
    assert values["residents_new"] == 1
    assert values["matches_started"] == 2
    assert values["matches_approved"] == 1
    assert values["talents_heard"] == 1
    assert values["needs_heard"] == 0
    assert values["talents_per_need"] is None
    assert values["initiative_members"] == 1
    assert values["receivers_to_givers"] == 0
    assert (values["activities_held"], values["activity_attendance"]) == (1, 3)


def test_the_breakdowns(known, english_messages):
    scope = scopes.resolve(known.lead, "alles")
    breakdowns = indicators.compute(scope, Q1, today=TODAY).breakdowns
    assert breakdowns["referrals_by_organisation"] == [
        ("Taalhuis Oost", 5),
        ("Schuldhulp Oost", 4),
    ]
    assert [str(label) for label, _n in breakdowns["conversations_by_place"]] == [
        "at the door",
        "at home",
    ]
    assert [(str(label), n) for label, n in breakdowns["matches_by_outcome"]] == [
        ("lasting contact", 0),
        ("stopped", 1),
        ("did not click", 1),
    ]


def test_a_neighbourhood_scope_counts_its_own(known):
    values = figures(known.lead, scope=f"buurt-{known.north.pk}")
    assert values["residents_spoken"] == 1
    assert values["conversations"] == 1
    assert values["addresses"] == 1


def test_an_admin_sees_the_other_team_too(known, admin_user):
    values = figures(admin_user)
    assert values["residents_spoken"] == 3
    assert values["signals"] == 2
    assert (values["activities_held"], values["activity_attendance"]) == (3, 38)


def test_attendance_is_counted_up_to_today_and_survives_an_erasure(known):
    assert figures(known.lead, period=Q1)["activity_attendance"] == 18
    resident_anonymise(resident=known.a, by=known.lead)
    # A's two attendances are now among the others: the total stays.
    assert figures(known.lead, period=Q1)["activity_attendance"] == 18
    ActivityFactory(neighbourhood=known.north, held_on=TODAY + datetime.timedelta(days=1))
    year = periods.Period("year", datetime.date(2026, 1, 1), datetime.date(2027, 1, 1))
    assert figures(known.lead, period=year)["activities_held"] == 2  # not the planned one


def test_the_query_count_does_not_grow_with_rows(known, django_assert_num_queries):
    scope = scopes.resolve(known.lead, "alles")
    # places, themes, knocks, reach, addresses, new residents, talents,
    # needs, matches, approvals, initiatives supported, members, signals,
    # givers, activities, follow-ups
    with django_assert_num_queries(16):
        indicators.compute(scope, Q1, today=TODAY)
    with django_assert_num_queries(16):  # from the rows
        indicators.compute(scope, periods.Period("range", Q1.start, Q1.end), today=TODAY)
    # A period and the one before: each table once, but the reach, the
    # signals and the givers once per period.
    with django_assert_num_queries(19):
        indicators.compute_periods(scope, [Q1, Q1.previous()], today=TODAY)


@pytest.mark.parametrize("kind", ["quarter", "range"])
def test_periods_counted_together_give_what_each_one_gives(known, admin_user, kind):
    """A report counts its period and the one before in one pass over each
    table: every figure and breakdown of each is what it is alone."""
    period = Q1 if kind == "quarter" else periods.Period("range", Q1.start, Q1.end)
    # The year before Q1 too, in quarters: the known rows lie in several.
    earlier = [period, period.previous(), period.previous().previous()]
    scope = scopes.resolve(admin_user, "alles")
    together = indicators.compute_periods(scope, earlier, today=TODAY)
    alone = [indicators.compute(scope, each, today=TODAY) for each in earlier]
    assert [figures.values for figures in together] == [figures.values for figures in alone]
    assert [f.breakdowns for f in together] == [f.breakdowns for f in alone]
    assert together[0].values["conversations"] > 0


def test_periods_of_different_kinds_are_not_counted_together(known, admin_user):
    scope = scopes.resolve(admin_user, "alles")
    with pytest.raises(ValueError, match="one kind"):
        indicators.compute_periods(
            scope, [Q1, periods.Period("range", Q1.start, Q1.end)], today=TODAY
        )


@pytest.mark.parametrize("scope", ["alles", "buurt-north", "buurt-home", "wijk-home"])
def test_a_calendar_period_counted_by_the_database_gives_what_the_rows_give(
    known, admin_user, neighbourhood, scope
):
    """A quarter reads the counts the database keeps per period
    (contacts.models.period_counts); the same days as a range count from
    the rows: every figure and breakdown is the same, for every scope."""
    scope = {
        "buurt-north": f"buurt-{known.north.pk}",
        "buurt-home": f"buurt-{neighbourhood.pk}",
        "wijk-home": f"wijk-{neighbourhood.district_id}",
    }.get(scope, scope)
    resolved = scopes.resolve(admin_user, scope)
    by_period = indicators.compute(resolved, Q1, today=TODAY)
    by_rows = indicators.compute(resolved, periods.Period("range", Q1.start, Q1.end), today=TODAY)
    assert by_period.values == by_rows.values
    assert by_period.breakdowns == by_rows.breakdowns
    assert by_period.values["conversations"] > 0
    assert indicators.trend(resolved, Q1) == indicators.trend(
        resolved, periods.Period("range", Q1.start, Q1.end)
    )


@pytest.mark.parametrize(
    ("count", "shown"), [(0, 0), (1, SUPPRESSED), (4, SUPPRESSED), (5, 5), (120, 120)]
)
def test_small_numbers_are_suppressed_below_five(count, shown):
    assert suppress(count) == shown


def test_a_share_of_a_suppressed_count_is_left_out():
    share = indicators.BY_KEY["door_knocks_answer_rate"]
    assert (
        indicators.suppressed_value(
            share, {"door_knocks_answered": 4, "door_knocks": 40, share.key: 0.1}
        )
        is None
    )
    assert (
        indicators.suppressed_value(
            share, {"door_knocks_answered": 5, "door_knocks": 40, share.key: 0.125}
        )
        == 0.125
    )


@pytest.mark.parametrize(
    ("code", "start", "end"),
    [
        ("2026-03", datetime.date(2026, 3, 1), datetime.date(2026, 4, 1)),
        ("2026-K4", datetime.date(2026, 10, 1), datetime.date(2027, 1, 1)),
        ("2025", datetime.date(2025, 1, 1), datetime.date(2026, 1, 1)),
        ("2026-01-15_2026-01-31", datetime.date(2026, 1, 15), datetime.date(2026, 2, 1)),
    ],
)
def test_periods_parse_from_their_code(code, start, end):
    period = periods.parse(code)
    assert (period.start, period.end) == (start, end)
    assert period.code == code


@pytest.mark.parametrize("code", ["", "2026-13", "2026-K5", "2026-02-10_2026-01-01", "x"])
def test_a_bad_period_code_is_none(code):
    assert periods.parse(code) is None


def test_the_previous_period_has_the_same_length():
    assert periods.parse("2026-03").previous().code == "2026-02"
    assert periods.parse("2026-K1").previous().code == "2025-K4"
    assert periods.parse("2026").previous().code == "2025"
    assert periods.parse("2026-01-15_2026-01-31").previous().code == "2025-12-29_2026-01-14"


def test_months_are_added_as_postgresql_adds_them():
    assert periods.add_months(datetime.date(2026, 1, 31), 1) == datetime.date(2026, 2, 28)
    assert periods.add_months(datetime.date(2026, 3, 31), -1) == datetime.date(2026, 2, 28)
    assert periods.add_months(datetime.date(2026, 1, 15), -3) == datetime.date(2025, 10, 15)
    assert periods.add_months(datetime.date(2028, 3, 31), -1) == datetime.date(2028, 2, 29)


def test_last_quarter():
    assert periods.last_quarter(datetime.date(2026, 1, 1)).code == "2025-K4"
    assert periods.last_quarter(datetime.date(2026, 12, 2)).code == "2026-K3"
