"""The suggestion for the next try at a door nobody opened (contacts.next_try).
Pure functions: no database."""

import datetime

from contacts.next_try import AFTERNOON, EVENING, MORNING, part_of_day, suggest_next_try

# A Wednesday; the week after it runs Thursday 2 ... Wednesday 8 October 2025.
TODAY = datetime.date(2025, 10, 1)
MONDAY = datetime.date(2025, 10, 6)


def at(day, hour, minute=0):
    return datetime.datetime.combine(day, datetime.time(hour, minute))


def test_without_attempts_it_suggests_tomorrow_morning():
    suggestion = suggest_next_try([], TODAY)
    assert suggestion.date == datetime.date(2025, 10, 2)
    assert suggestion.weekday == 3  # Thursday
    assert suggestion.part_of_day == MORNING


def test_it_returns_date_weekday_and_part_of_day():
    date, weekday, part = suggest_next_try([], TODAY)
    assert (date, weekday, part.key) == (datetime.date(2025, 10, 2), 3, "morning")


def test_after_only_mornings_it_suggests_another_part_of_day():
    attempts = [at(TODAY - datetime.timedelta(days=days), 10) for days in range(1, 15)]
    suggestion = suggest_next_try(attempts, TODAY)
    assert suggestion.part_of_day != MORNING
    # Every weekday was tried in the morning: the nearest afternoon.
    assert suggestion.part_of_day == AFTERNOON
    assert suggestion.date == datetime.date(2025, 10, 2)


def test_after_a_morning_it_avoids_that_weekday_and_that_part():
    thursday_morning = at(datetime.date(2025, 9, 25), 9, 30)
    suggestion = suggest_next_try([thursday_morning], TODAY)
    assert suggestion.part_of_day == AFTERNOON
    assert suggestion.weekday != 3  # not a Thursday again
    assert suggestion.date == datetime.date(2025, 10, 3)  # Friday, the nearest other day


def test_after_every_part_of_one_weekday_it_suggests_another_weekday():
    attempts = [at(MONDAY, 10), at(MONDAY, 14), at(MONDAY, 18)]
    suggestion = suggest_next_try(attempts, datetime.date(2025, 10, 12))  # a Sunday
    assert suggestion.weekday != 0
    assert suggestion.date == datetime.date(2025, 10, 14)  # Tuesday, skipping Monday


def test_it_prefers_an_untried_part_of_day_over_an_untried_weekday():
    # Mornings and afternoons tried on several days; evenings never.
    attempts = [at(MONDAY, 10), at(MONDAY, 15), at(MONDAY + datetime.timedelta(days=1), 11)]
    suggestion = suggest_next_try(attempts, TODAY)
    assert suggestion.part_of_day == EVENING
    assert suggestion.weekday not in (0, 1)


def test_it_never_suggests_sunday_or_today():
    saturday = datetime.date(2025, 10, 4)
    for days in range(14):
        today = saturday + datetime.timedelta(days=days)
        attempts = [at(today - datetime.timedelta(days=n), 9 + n) for n in range(days % 7)]
        suggestion = suggest_next_try(attempts, today)
        assert suggestion.weekday != 6
        assert suggestion.date.weekday() == suggestion.weekday
        assert today < suggestion.date <= today + datetime.timedelta(days=7)


def test_it_is_deterministic():
    attempts = [at(MONDAY, 10), at(MONDAY, 18), at(datetime.date(2025, 10, 8), 13)]
    first = suggest_next_try(attempts, TODAY)
    assert all(suggest_next_try(attempts, TODAY) == first for _ in range(5))
    # The order of the attempts does not matter.
    assert suggest_next_try(list(reversed(attempts)), TODAY) == first
    # A generator is consumed once and gives the same answer.
    assert suggest_next_try(iter(attempts), TODAY) == first


def test_hours_outside_the_parts_count_for_the_nearest_part():
    assert part_of_day(datetime.time(7, 30)) == MORNING
    assert part_of_day(datetime.time(11, 59)) == MORNING
    assert part_of_day(datetime.time(12, 0)) == AFTERNOON
    assert part_of_day(datetime.time(16, 59)) == AFTERNOON
    assert part_of_day(datetime.time(17, 0)) == EVENING
    assert part_of_day(datetime.time(21, 15)) == EVENING


def test_it_accepts_aware_datetimes_in_local_time():
    zone = datetime.timezone(datetime.timedelta(hours=2))
    attempts = [datetime.datetime(2025, 10, 2, 19, 0, tzinfo=zone)]
    suggestion = suggest_next_try(attempts, TODAY)
    assert suggestion.part_of_day == MORNING
    assert suggestion.weekday != 3
