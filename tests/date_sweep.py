"""The date sweep: the date-sensitive tests with the clock at many instants
over a year, so the suite is green on every date (issue 10).

    .venv/bin/python tests/date_sweep.py [extra pytest options]

``make test-dates`` runs it, and ``.ci/run`` after ``make test``. It prints
one line per instant and a summary, and exits non-zero if any test failed.

Each group below runs in one pytest process, with ``BUURTWERK_TEST_NOW``
holding all of its instants: ``tests/conftest.py`` then runs every test once
per instant, grouped by instant, with the clock starting there and ticking
on, so factory defaults and demo data are made "then". (One process per
instant would start Django and pytest 45 times, about 3 s each.)

To stay within a few minutes (about 5 on a busy two-core machine), the
tests about dates and times run at every instant, and the demo data, which
takes seconds to seed, at the key ones: the clock changes, the turn of the
year, the leap day and just after midnight on a Monday. The first group
makes a fresh test database; the second reuses it. Every test rolls back
what it wrote (and ``shipped_data`` puts the migrations' rows back at each
instant, should a transactional test have emptied the tables), so one
instant leaves nothing for the next.
"""

import datetime
import os
import re
import resource
import subprocess
import sys
import tempfile
import time
import xml.etree.ElementTree as ET
from pathlib import Path
from zoneinfo import ZoneInfo

ROOT = Path(__file__).resolve().parent.parent
AMSTERDAM = ZoneInfo("Europe/Amsterdam")
EVERY, KEY = "every", "key"

# Local time in Europe/Amsterdam with its UTC offset: +01:00 in winter,
# +02:00 in summer. KEY instants also run the slower tests.
INSTANTS = [
    ("2026-12-02T10:00:00+01:00", EVERY),  # first: it also makes the test database
    ("2026-12-12T14:00:00+01:00", EVERY),
    ("2026-12-31T23:30:00+01:00", EVERY),  # New Year's Eve, half an hour before the turn
    ("2027-01-01T00:30:00+01:00", KEY),  # New Year's Day; still 2026 in UTC (23:30)
    ("2027-01-03T23:55:00+01:00", EVERY),  # Sunday night, winter (22:55 UTC)
    ("2027-01-04T00:15:00+01:00", EVERY),  # Monday 00:15; still Sunday in UTC (23:15)
    ("2027-01-15T09:00:00+01:00", EVERY),
    ("2027-01-31T11:00:00+01:00", EVERY),  # the last day of a 31-day month
    ("2027-02-08T17:30:00+01:00", EVERY),
    ("2027-02-20T11:00:00+01:00", EVERY),
    ("2027-03-10T20:00:00+01:00", EVERY),
    ("2027-03-27T23:55:00+01:00", EVERY),  # Saturday night before summer time begins
    ("2027-03-28T01:59:00+01:00", EVERY),  # summer time begins: the last minute of winter time
    ("2027-03-28T03:00:00+02:00", KEY),  # ... and its first minute; 02:00-03:00 never happens
    ("2027-03-28T12:00:00+02:00", EVERY),  # noon of a 23-hour day
    ("2027-03-28T23:55:00+02:00", EVERY),  # Sunday night, summer (21:55 UTC)
    ("2027-03-29T00:15:00+02:00", EVERY),  # Monday 00:15; still Sunday in UTC (22:15)
    ("2027-04-15T08:00:00+02:00", EVERY),
    ("2027-04-30T16:00:00+02:00", EVERY),  # the last day of a 30-day month
    ("2027-05-19T21:30:00+02:00", EVERY),
    ("2027-06-13T23:55:00+02:00", EVERY),  # Sunday night, summer (21:55 UTC)
    ("2027-06-14T00:15:00+02:00", KEY),  # Monday 00:15; still Sunday in UTC (22:15)
    ("2027-06-30T16:00:00+02:00", EVERY),
    ("2027-07-18T10:30:00+02:00", EVERY),  # a Sunday morning
    ("2027-08-06T19:00:00+02:00", EVERY),
    ("2027-08-31T23:55:00+02:00", EVERY),  # the last minutes of a month
    ("2027-09-15T07:45:00+02:00", EVERY),
    ("2027-10-05T12:15:00+02:00", EVERY),
    ("2027-10-31T01:59:00+02:00", EVERY),  # summer time ends: just before 02:00-03:00 comes twice
    ("2027-10-31T02:30:00+02:00", EVERY),  # ... the first pass of that hour (00:30 UTC)
    ("2027-10-31T02:59:00+02:00", EVERY),  # ... the last minute of summer time
    ("2027-10-31T02:00:00+01:00", EVERY),  # ... the second pass begins (01:00 UTC)
    ("2027-10-31T02:30:00+01:00", KEY),  # ... the middle of the second pass (01:30 UTC)
    ("2027-10-31T03:10:00+01:00", EVERY),  # ... after it: an hour ago was in the second pass
    ("2027-10-31T12:00:00+01:00", EVERY),  # noon of a 25-hour day
    ("2027-10-31T23:55:00+01:00", EVERY),  # Sunday night, winter again (22:55 UTC)
    ("2027-11-01T00:15:00+01:00", EVERY),  # Monday 00:15; still Sunday in UTC (23:15)
    ("2027-11-20T15:00:00+01:00", EVERY),
    ("2027-12-08T09:30:00+01:00", EVERY),
    ("2027-12-31T23:30:00+01:00", EVERY),  # New Year's Eve again
    ("2028-01-01T00:30:00+01:00", EVERY),  # New Year's Day; still 2027 in UTC
    ("2028-02-28T23:55:00+01:00", EVERY),  # the night before a leap day
    ("2028-02-29T00:15:00+01:00", KEY),  # leap day; still 28 February in UTC (23:15)
    ("2028-02-29T12:00:00+01:00", EVERY),  # leap day, noon: a year ago has no 29 February
    ("2028-03-01T00:15:00+01:00", EVERY),  # the day after; still 29 February in UTC
]


def tests_in(path, *names):
    return [f"{path}::{name}" for name in names]


# (what, which instants, tests): the tests about the calendar and the time
# of day ("today", "now", due dates, dates typed in forms, factory defaults).
# A renamed test stops the sweep with "not found", so it is not lost.
GROUPS = [
    (
        "the date logic",
        {EVERY, KEY},
        [
            *tests_in(
                "tests/contacts/test_day.py",
                "test_it_lists_my_follow_ups_overdue_today_and_this_week",
                "test_an_overdue_follow_up_stands_out",
                "test_it_shows_todays_rounds_of_mine_with_how_far_they_got",
                "test_it_shows_my_last_ten_conversations_with_the_residents_names",
                "test_it_lists_residents_not_seen_for_the_configured_weeks",
                "test_it_shows_ten_not_seen_residents_and_how_many_more",
            ),
            *tests_in(
                "tests/contacts/test_followups.py",
                "test_a_follow_up_can_be_done_and_undone",
                "test_the_list_shows_my_open_follow_ups_overdue_first",
                "test_the_list_can_show_what_is_done",
                "test_the_form_defaults_to_me_and_a_week_from_now",
                "test_a_follow_up_can_be_created",
            ),
            *tests_in(
                "tests/contacts/test_reports.py",
                "test_working_days_skip_the_weekend",
                "test_a_report_creates_its_follow_up",
                "test_the_report_form_defaults_to_today_and_me",
                "test_a_report_cannot_be_received_in_the_future",
                "test_the_report_list_shows_newest_first_and_whether_it_was_answered",
            ),
            *tests_in(
                "tests/reports/test_home.py",
                "test_it_shows_overdue_follow_ups_and_workload_per_worker",
                "test_it_counts_the_signals_and_referrals_of_the_last_week",
                "test_a_worker_sees_the_decisions_on_their_proposals_until_marked_seen",
            ),
            *tests_in(
                "tests/reports/test_indicators.py",
                "test_last_quarter",
            ),
            *tests_in(
                "tests/contacts/test_rounds.py",
                "test_the_list_shows_upcoming_rounds_first_then_recent_ones",
                "test_a_worker_plans_part_of_a_street",
                "test_a_date_in_the_past_is_rejected",
                "test_the_round_page_shows_the_earlier_attempts_and_who_lives_there",
                "test_come_back_later_creates_a_follow_up",
            ),
            *tests_in(
                "tests/contacts/test_round_corrections.py",
                "test_an_undo_is_refused_after_the_undo_time",
                "test_after_the_undo_time_a_tap_is_a_new_attempt",
                "test_a_declined_door_says_so_on_its_card_and_is_left_out_of_planned_rounds",
                "test_months_before_keeps_the_day_or_takes_the_last_of_a_shorter_month",
            ),
            *tests_in(
                "tests/contacts/test_coverage_unreached.py",
                "test_the_chosen_streets_list_their_doors_never_knocked_or_never_answered",
                "test_a_round_is_planned_from_the_ticked_addresses",
            ),
            *tests_in(
                "tests/matches/test_lifecycle.py",
                "test_an_approved_match_is_introduced",
                "test_an_introduction_is_not_in_the_future_nor_before_the_proposal",
                "test_a_started_match_runs_and_schedules_check_ins",
                "test_check_ins_follow_the_start_date",
                "test_a_start_is_not_before_the_introduction",
                "test_a_match_that_stopped_frees_the_need_and_closes_the_check_ins",
                "test_a_check_in_already_done_keeps_who_did_it",
            ),
            *tests_in(
                "tests/matches/test_lifecycle_loops.py",
                "test_a_match_that_falls_through_before_it_started_is_cancelled",
                "test_a_lasting_end_asks_still_in_contact_at_3_6_and_12_months",
                "test_only_the_months_still_ahead_are_asked",
                "test_a_still_in_contact_answer_of_stopped_ends_the_lasting",
                "test_a_started_match_with_an_initiative_makes_the_resident_a_member",
            ),
            *tests_in(
                "tests/contacts/test_conversations.py",
                "test_the_form_for_a_resident_saves_and_goes_to_their_page",
                "test_in_the_hour_that_comes_twice_the_time_offered_is_saved_as_its_first_pass",
                "test_a_time_skipped_when_summer_time_begins_is_refused_beside_the_field",
                "test_saving_moves_last_seen_forward_but_never_back",
                "test_a_follow_up_agreed_is_assigned_to_the_worker",
                "test_the_service_refuses_a_conversation_in_the_future",
            ),
            "tests/contacts/test_next_try.py",
            "tests/buurtwerk/test_forms.py",
            *tests_in(
                "tests/demo/test_contacts.py",
                "test_todays_round_keeps_doors_to_do_however_short_its_street",
            ),
        ],
    ),
    (
        "the demo data (seeded for seconds at each instant)",
        {KEY},
        [
            "tests/demo/test_contacts.py::TestTheSmallDemo",
            "tests/demo/test_matches.py::TestTheSmallDemo",
        ],
    ),
]


def check(instants):
    """Every instant is written with Amsterdam's offset at that moment."""
    for value, _ in instants:
        at = datetime.datetime.fromisoformat(value)
        if at.utcoffset() != at.astimezone(AMSTERDAM).utcoffset():
            sys.exit(f"{value}: Amsterdam is not at that offset then.")


def describe(value):
    at = datetime.datetime.fromisoformat(value)
    local, utc = at.astimezone(AMSTERDAM), at.astimezone(datetime.UTC)
    return f"{local:%a %d %b %Y %H:%M} {local.tzname():<4} = {utc:%a %H:%M} UTC"


def run(tests, instants, *, create_db, extra, report):
    """Run ``tests`` at ``instants`` in one pytest process. Returns
    ({instant: [passed, failed, skipped, [failed test ids]]}, pytest's output)."""
    env = dict(os.environ, BUURTWERK_TEST_NOW=" ".join(instants))
    # This script chooses whether the test database is made afresh.
    addopts = env.get("PYTEST_ADDOPTS", "").split()
    env["PYTEST_ADDOPTS"] = " ".join(a for a in addopts if a not in ("--create-db", "--reuse-db"))
    command = [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider"]
    command += ["--create-db" if create_db else "--reuse-db", f"--junitxml={report}"]
    command += [*extra, *tests]
    done = subprocess.run(command, cwd=ROOT, env=env, capture_output=True, text=True, check=False)
    output = done.stdout + done.stderr
    results = {at: [0, 0, 0, []] for at in instants}
    if not Path(report).exists():
        return None, output
    for case in ET.parse(report).iter("testcase"):  # noqa: S314 (pytest wrote it)
        name = case.get("name", "")
        # With one instant, conftest runs the tests at it without an id.
        at = (
            next((at for at in instants if at in name), None) if len(instants) > 1 else instants[0]
        )
        if at is None:  # a collection error, say
            return None, output
        outcome = {child.tag for child in case}
        if outcome & {"failure", "error"}:
            results[at][1] += 1
            test = re.sub(rf"\[{re.escape(at)}\]|-{re.escape(at)}|{re.escape(at)}-", "", name)
            results[at][3].append(f"{case.get('classname')}.{test}")
        elif "skipped" in outcome:
            results[at][2] += 1
        else:
            results[at][0] += 1
    if done.returncode not in (0, 1):  # 1: some tests failed; more: pytest could not run
        return None, output
    return results, output


def main(extra):
    check(INSTANTS)
    started = time.monotonic()
    failed_instants, runs = set(), 0
    with tempfile.TemporaryDirectory() as tmp:
        for n, (what, tiers, tests) in enumerate(GROUPS):
            instants = [value for value, tier in INSTANTS if tier in tiers]
            print(f"Date sweep: {what}, at {len(instants)} instants ...", flush=True)
            group_started = time.monotonic()
            report = Path(tmp) / f"group{n}.xml"
            results, output = run(tests, instants, create_db=n == 0, extra=extra, report=report)
            if results is None:
                print(output)
                print("Date sweep: pytest did not run the tests (see above).")
                return 2
            for at in instants:
                passed, failed, skipped, names = results[at]
                runs += passed + failed
                status = "FAILED" if failed or not passed else "ok"
                counts = f"{passed} passed" + (f", {failed} failed" if failed else "")
                counts += f", {skipped} skipped" if skipped else ""
                print(f"  {status:<6} {at}  {describe(at)}  {counts}")
                for name in names:
                    print(f"           {name}")
                if status != "ok":
                    failed_instants.add(at)
            if any(results[at][1] for at in instants):
                start = output.find("= FAILURES =")
                print(output[output.rfind("\n", 0, start) + 1 :] if start >= 0 else output)
            print(f"  ({time.monotonic() - group_started:.0f} s)", flush=True)
    seconds = time.monotonic() - started
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    summary = f"{len(INSTANTS)} instants, {runs} test runs, {seconds / 60:.1f} min"
    summary += f" (pytest used {(usage.ru_utime + usage.ru_stime) / 60:.1f} min of CPU)"
    if failed_instants:
        print(f"Date sweep FAILED at {len(failed_instants)} of {summary}.")
        return 1
    print(f"Date sweep passed: {summary}.")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
