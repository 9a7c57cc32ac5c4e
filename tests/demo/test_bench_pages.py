"""bench_pages on a little factory data, for a worker and a team lead:
every GET page of the URLconf is measured or listed with why not, the lead
gets past two-factor login, the figures are in the table and the JSON, and
no resident's name is printed. With --http (slow): gunicorn is started,
measured beside the trivial page, and stopped."""

import datetime
import json
import re
import socket
from io import StringIO
from zoneinfo import ZoneInfo

import pytest
from allauth.mfa.models import Authenticator
from django.conf import settings
from django.contrib.sessions.models import Session
from django.core.management import CommandError, call_command
from django.db import transaction

from accounts.models import Role
from buurtwerk.urlconf import named_patterns, takes
from contacts.models import DoorKnock, InitiativeMember
from demo.bench import catalogue
from matches.models import MatchEvent
from neighbourhoods.models import Membership
from tests.accounts.factories import UserFactory
from tests.accounts.helpers import clock
from tests.contacts.factories import (
    ConversationFactory,
    DoorKnockFactory,
    FollowUpFactory,
    InitiativeFactory,
    NeedFactory,
    ReportFactory,
    ResidentFactory,
    RoundFactory,
    SignalFactory,
    TalentFactory,
)
from tests.matches.factories import MatchFactory
from tests.neighbourhoods.factories import (
    AddressFactory,
    MembershipFactory,
    NeighbourhoodFactory,
    TeamFactory,
)

# A Monday morning in Amsterdam.
AT = datetime.datetime(2027, 3, 8, 10, 30, tzinfo=ZoneInfo("Europe/Amsterdam"))

NAMES = ["Jansje Proefpersoon", "Kees Voorbeeldman", "Fatima Testvrouw"]
#: Pages that must be measured for both roles on the data below.
MEASURED = [
    "home",
    "health (trivial page)",
    "account_login (logged out)",
    "contacts:resident_detail",
    "contacts:resident_detail [longest history]",
    "contacts:round_detail [largest round]",
    "contacts:conversation_detail [most residents]",
    "contacts:conversation_from_knock",
    "contacts:resident_search POST htmx, misspelt name",
    "contacts:conversation_resident_options POST htmx, typeahead",
    "contacts:category_propose POST htmx",
    "matches:match_detail [most events]",
    "contacts:initiative_detail [most members]",
]
LEAD_PAGES = [
    "matches:review_queue",
    "audit:resident_history [longest history]",
    "privacy:resident_export [longest history]",
    "mfa_reauthenticate",
]


def make_little_data():
    """A worker and a team lead who has not set up two-factor login yet (as
    in the demo data: without help every page would send them to the
    set-up), and a few of everything in their neighbourhood. Returns
    (worker, lead)."""
    neighbourhood = NeighbourhoodFactory(name="Oosterbuurt")
    team = TeamFactory(name="Team Oost", neighbourhoods=[neighbourhood])
    worker = UserFactory(username="werker")
    MembershipFactory(team=team, user=worker)
    lead = UserFactory(username="leider2", role=Role.TEAM_LEAD)
    MembershipFactory(team=team, user=lead, role=Membership.Role.LEAD)
    address = AddressFactory(street__neighbourhood=neighbourhood)
    with clock(AT - datetime.timedelta(days=3)):
        residents = [ResidentFactory(address=address, name=name) for name in NAMES]
        neighbour = AddressFactory(street=address.street)
        ConversationFactory(neighbourhood=neighbourhood, residents=residents, workers=[worker])
        ConversationFactory(neighbourhood=neighbourhood, residents=residents[:1], workers=[worker])
        round_ = RoundFactory(
            neighbourhood=neighbourhood, worker=worker, addresses=[address, neighbour]
        )
        DoorKnockFactory(
            address=address,
            round=round_,
            worker=worker,
            outcome=DoorKnock.Outcome.SPOKE,
            resident=residents[0],
        )
        FollowUpFactory(neighbourhood=neighbourhood, assigned_to=worker, resident=residents[0])
        ReportFactory(address=address, created_by=worker)
        SignalFactory(resident=residents[0], created_by=worker)
        talent = TalentFactory(resident=residents[1], text="Werkt graag in de tuin")
        NeedFactory(resident=residents[0], category=talent.category)
        match = MatchFactory(need__resident=residents[2], proposed_by=worker)
        MatchEvent.objects.create(
            match=match, to_status=match.status, by=worker, at=match.proposed_at
        )
        initiative = InitiativeFactory(neighbourhoods=[neighbourhood])
        InitiativeMember.objects.create(
            initiative=initiative, resident=residents[1], role=InitiativeMember.Role.MEMBER
        )
    return worker, lead


@pytest.fixture
def little_data(db):
    return make_little_data()


def bench(tmp_path, **options):
    """Run bench_pages; (stdout, stderr, the JSON)."""
    out, err, path = StringIO(), StringIO(), tmp_path / "bench.json"
    with clock(AT):
        call_command("bench_pages", json=str(path), stdout=out, stderr=err, **options)
    return out.getvalue(), err.getvalue(), json.loads(path.read_text())


def by_label(figures, role):
    return {row["label"]: row for row in figures["roles"][role]["pages"]}


@pytest.fixture(scope="module")
def run(django_db_setup, django_db_blocker, tmp_path_factory):
    """One run for both roles on the little data, rolled back afterwards:
    (stdout, stderr, the JSON, what it left behind)."""
    with django_db_blocker.unblock(), transaction.atomic():
        _worker, lead = make_little_data()
        out, err, figures = bench(
            tmp_path_factory.mktemp("bench"), worker="werker", lead="leider2", repeat=2, sample=2
        )
        left = {
            "authenticators": Authenticator.objects.filter(user=lead).count(),
            "sessions": Session.objects.count(),
        }
        transaction.set_rollback(True)
    return out, err, figures, left


@pytest.mark.parametrize("role", ["worker", "lead"])
def test_every_get_page_of_the_urlconf_is_measured_or_listed_with_a_reason(run, role):
    _out, _err, figures, _left = run
    rows = figures["roles"][role]["pages"]
    covered = {row["url_name"] for row in rows if row["outcome"] != "unexpected"}
    takes_get = {name for name, pattern in named_patterns() if takes(pattern.callback, "get")}
    assert takes_get - covered == set()
    assert figures["not_in_benchmark"] == []
    assert all(row["detail"] for row in rows if row["outcome"] in ("skipped", "refused"))
    assert [row for row in rows if row["outcome"] == "unexpected"] == []


@pytest.mark.parametrize("role", ["worker", "lead"])
def test_the_pages_that_matter_are_measured_with_real_figures(run, role):
    _out, _err, figures, _left = run
    rows = by_label(figures, role)
    for label in MEASURED:
        row = rows[label]
        assert row["outcome"] == "measured", (label, row)
        assert row["requests"] == 2
        assert 0 < row["median_ms"] <= row["p95_ms"]
        assert 0 < row["queries_min"] <= row["queries_max"]
    assert rows["contacts:resident_detail [longest history]"]["kb"] > 1
    # The session, the user, and the request's transaction: SAVEPOINT and
    # RELEASE here, BEGIN and COMMIT on its own; as the tests count them.
    health = rows["health (trivial page)"]
    assert (health["queries_min"], health["queries_max"]) == (4, 4)


def test_the_lead_is_past_two_factor_login_and_gets_its_pages(run):
    _out, _err, figures, _left = run
    rows = by_label(figures, "lead")
    for label in LEAD_PAGES:
        assert rows[label]["outcome"] == "measured", (label, rows[label])


def test_the_pages_of_a_lead_are_refused_to_the_worker_as_designed(run):
    _out, _err, figures, _left = run
    rows = by_label(figures, "worker")
    assert rows["matches:review_queue"]["outcome"] == "refused"
    assert rows["matches:review_queue"]["detail"] == "HTTP 403, as designed"
    assert rows["audit:resident_history"]["detail"] == "HTTP 404, as designed"
    assert rows["privacy:resident_export_json [longest history]"]["outcome"] == "refused"


def test_it_prints_a_table_per_role_sorted_by_p95(run):
    out, _err, _figures, _left = run
    sections = out.split("\n\n")
    assert sections[0].startswith("Worker werker: ")
    lead = next(section for section in sections if section.startswith("Lead leider2: "))
    for section in (sections[0], lead):
        lines = section.splitlines()[1:]
        assert lines[0].split() == ["page", "median", "ms", "p95", "ms", "queries", "KB"]
        p95s = [float(line.split()[-3]) for line in lines[1:]]
        assert len(p95s) > 40
        assert p95s == sorted(p95s, reverse=True)
    assert "Not for this role (refused by design): " in out
    assert "admin:* (" in out


def test_no_resident_name_appears_in_the_output(run):
    out, err, figures, _left = run
    printed = out + err + json.dumps(figures)
    for word in " ".join(NAMES).split():
        assert word not in printed


def test_it_leaves_no_session_and_no_authenticator_behind(run):
    *_output, left = run
    assert left == {"authenticators": 0, "sessions": 0}


def test_a_lead_with_an_app_keeps_it(tmp_path, lead):
    bench(tmp_path, role="lead", lead="leider", repeat=1, sample=1, only="home")
    assert Authenticator.objects.filter(user=lead, type=Authenticator.Type.TOTP).exists()


def test_a_page_that_answers_otherwise_is_reported_not_measured(
    tmp_path, little_data, monkeypatch
):
    def broken(**kwargs):
        raise RuntimeError("kapot")

    monkeypatch.setattr("contacts.selectors.rounds.rounds_for_list", broken)
    out, _err, figures = bench(
        tmp_path, role="worker", worker="werker", repeat=1, sample=1, only="round_list"
    )
    row = by_label(figures, "worker")["contacts:round_list"]
    assert row["outcome"] == "unexpected"
    assert row["detail"] == "HTTP 500 on request 1 (RuntimeError); expected 200"
    assert "Unexpected answers (not measured): 1" in out
    assert "kapot" not in out


def test_a_lead_page_that_a_worker_gets_is_reported(tmp_path, little_data, monkeypatch):
    monkeypatch.setitem(
        catalogue.CATALOGUE, "contacts:round_list", catalogue.Measure(lead_only=True)
    )
    _out, _err, figures = bench(
        tmp_path, role="worker", worker="werker", repeat=1, sample=1, only="round_list"
    )
    row = by_label(figures, "worker")["contacts:round_list"]
    assert row["outcome"] == "unexpected"
    assert row["detail"].startswith("HTTP 200 on request 1; expected (403, 404)")


def test_a_get_page_missing_from_the_catalogue_is_named(tmp_path, little_data, monkeypatch):
    monkeypatch.delitem(catalogue.CATALOGUE, "contacts:round_list")
    out, _err, figures = bench(
        tmp_path, role="worker", worker="werker", repeat=1, sample=1, only="home"
    )
    assert figures["not_in_benchmark"] == ["contacts:round_list"]
    assert out.startswith("Not in the benchmark (add them to demo/bench/catalogue.py): ")


def test_it_says_what_is_missing_for_an_unknown_user(db):
    with pytest.raises(CommandError, match="seed_demo"):
        call_command("bench_pages", worker="niemand", role="worker")


def test_it_refuses_a_worker_given_as_the_lead(worker):
    with pytest.raises(CommandError, match="werker is not a lead"):
        call_command("bench_pages", lead="werker", role="lead")


@pytest.mark.slow
@pytest.mark.django_db(transaction=True)
def test_http_measures_requests_per_second_beside_the_trivial_page(
    tmp_path, little_data, session_clock
):
    if session_clock is not None:
        pytest.skip("gunicorn runs on the machine's clock, the session on the test's")
    if not settings.DATABASE_URL:
        pytest.skip("--http needs a server gunicorn reaches too (DATABASE_URL), not the embedded")
    out, err, path = StringIO(), StringIO(), tmp_path / "http.json"
    call_command(
        "bench_pages",
        http=True,
        worker="werker",
        lead="leider2",
        seconds=0.3,
        threads=2,
        sample=2,
        only="contacts:resident_detail",
        json=str(path),
        stdout=out,
        stderr=err,
    )
    figures = json.loads(path.read_text())["http"]
    assert figures["gunicorn_workers"] == 2
    for role in ("worker", "lead"):
        rows = {row["label"]: row for row in figures["roles"][role]["pages"]}
        assert set(rows) == {
            "health (trivial page)",
            "health (trivial page) (again)",
            "contacts:resident_detail",
            "contacts:resident_detail [longest history]",
        }
        assert all(row["outcome"] == "measured" for row in rows.values()), rows
        assert all(row["requests_per_s"] > 0 for row in rows.values())
        assert rows["contacts:resident_detail"]["ratio"] > 0
        assert figures["roles"][role]["trivial_requests_per_s"] > 0
    printed, progress = out.getvalue(), err.getvalue()
    assert re.search(r"^health \(trivial page\)\s+[\d.]+\s+[\d.]+ %", printed, re.MULTILINE)
    assert "starting gunicorn (2 sync workers)" in progress
    port = int(re.search(r"on 127\.0\.0\.1:(\d+)", progress).group(1))
    with socket.socket() as probe:
        assert probe.connect_ex(("127.0.0.1", port)) != 0  # stopped again
