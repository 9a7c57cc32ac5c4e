"""The retention job (privacy.services.retention, ``apply_retention``) with a
frozen clock: who is anonymised, what is purged, and a dry run that
changes nothing."""

import datetime
import io
import uuid

import pytest
import time_machine
from axes.models import AccessLog as AxesAccessLog
from django.contrib.sessions.models import Session
from django.core.management import call_command

from accesslog.models import AccessEvent
from accounts.models import Role
from buurtwerk.models import FormSubmission
from contacts.models import ConsentRecord, DoorKnock, Resident
from privacy.services import ANONYMISED_NAME
from privacy.services.retention import (
    RETENTION_USERNAME,
    months_before,
    residents_due,
    retention_apply,
)
from tests.contacts.factories import (
    ConversationFactory,
    FollowUpFactory,
    NeedFactory,
    ResidentFactory,
)
from tests.matches.factories import MatchFactory

pytestmark = pytest.mark.django_db

NOW = datetime.datetime(2031, 3, 31, 12, 0, tzinfo=datetime.UTC)
CUTOFF = datetime.datetime(2029, 3, 31, 12, 0, tzinfo=datetime.UTC)  # 24 months earlier
ACCESS_CUTOFF = datetime.datetime(2026, 3, 31, 12, 0, tzinfo=datetime.UTC)  # 5 years
DAY = datetime.timedelta(days=1)


def resident(address, name, *, seen=None, created=CUTOFF - 400 * DAY, **fields):
    """A resident last seen at ``seen`` (None: never), added at ``created``."""
    made = ResidentFactory(address=address, name=name, **fields)
    Resident.objects.filter(pk=made.pk).update(last_seen_at=seen, created_at=created)
    made.refresh_from_db()
    return made


@pytest.fixture
def people(address, worker, neighbourhood):
    """Who goes and who stays, by name."""
    gone = {
        "seen long ago": resident(address, "Oud Gezien", seen=CUTOFF - DAY),
        "never seen, added long ago": resident(address, "Nooit Gezien"),
        "moved long ago": resident(address, "Lang Verhuisd", seen=CUTOFF - DAY, status="moved"),
    }
    staying = {
        "seen recently": resident(address, "Pas Gezien", seen=CUTOFF + DAY),
        "added recently": resident(address, "Pas Erbij", created=CUTOFF + DAY),
        "open follow-up": resident(address, "Open Afspraak", seen=CUTOFF - DAY),
        "door knock since": resident(address, "Deur Open", seen=CUTOFF - DAY),
        "consent since": resident(address, "Pas Toestemming", seen=CUTOFF - DAY),
        "match in progress": resident(address, "Lopende Koppeling", seen=CUTOFF - DAY),
    }
    FollowUpFactory(
        resident=staying["open follow-up"], neighbourhood=neighbourhood, assigned_to=worker
    )
    DoorKnock.objects.create(
        address=address,
        knocked_at=CUTOFF + DAY,
        outcome="spoke",
        worker=worker,
        resident=staying["door knock since"],
    )
    ConsentRecord.objects.create(
        resident=staying["consent since"],
        purpose="store",
        given=True,
        recorded_by=worker,
        recorded_at=CUTOFF + DAY,
    )
    MatchFactory(
        need=NeedFactory(resident=resident(address, "Zoekt Hulp", seen=CUTOFF + DAY)),
        talent__resident=staying["match in progress"],
        proposed_by=worker,
    )
    already = resident(address, ANONYMISED_NAME, seen=CUTOFF - DAY, status="anonymised")
    return gone, staying, already


@pytest.fixture
def access_rows(worker):
    def row(at):
        return AccessEvent.objects.create(
            user=worker, role=Role.WORKER, what="resident", residents=[uuid.uuid4()], at=at
        )

    return row(ACCESS_CUTOFF - DAY), row(ACCESS_CUTOFF + DAY)


@pytest.fixture
def submissions(worker):
    def submission(age):
        made = FormSubmission.objects.create(token=uuid.uuid4(), user=worker)
        FormSubmission.objects.filter(pk=made.pk).update(created_at=NOW - age)
        return made

    return submission(31 * DAY), submission(29 * DAY)


@pytest.fixture
def sessions():
    def session(expires):
        return Session.objects.create(
            session_key=uuid.uuid4().hex, session_data="", expire_date=expires
        )

    return session(NOW - DAY), session(NOW + DAY)


def test_months_before_keeps_the_day_or_takes_the_last_of_the_month():
    assert months_before(NOW, 24) == CUTOFF
    assert months_before(NOW, 1) == datetime.datetime(2031, 2, 28, 12, tzinfo=datetime.UTC)
    assert months_before(NOW, 14) == datetime.datetime(2030, 1, 31, 12, tzinfo=datetime.UTC)


def test_a_conversation_since_the_cut_off_keeps_a_resident(address, worker, neighbourhood):
    kept = resident(address, "Net Gesproken", seen=CUTOFF - DAY)
    ConversationFactory(neighbourhood=neighbourhood, residents=[kept], workers=[worker])
    # The conversation service keeps last_seen_at; a conversation since the
    # cut-off moves it past the cut-off.
    Resident.objects.filter(pk=kept.pk).update(last_seen_at=CUTOFF + DAY)
    assert kept not in residents_due(cutoff=CUTOFF)


def test_a_dry_run_lists_the_right_residents_and_changes_nothing(
    people, access_rows, submissions, sessions
):
    gone, _staying, already = people
    report = retention_apply(now=NOW, dry_run=True)

    assert set(report.residents) == {r.pk for r in gone.values()}
    assert (report.access_events, report.form_submissions, report.sessions) == (1, 1, 1)
    assert not Resident.objects.filter(status="anonymised").exclude(pk=already.pk).exists()
    assert AccessEvent.objects.count() == 2
    assert FormSubmission.objects.count() == 2
    assert Session.objects.count() == 2


def test_a_run_anonymises_exactly_the_old_ones_and_purges_old_rows(
    people, access_rows, submissions, sessions
):
    gone, staying, already = people
    report = retention_apply(now=NOW)

    assert set(report.residents) == {r.pk for r in gone.values()}
    assert report.failed == []
    anonymised = Resident.objects.filter(status="anonymised").exclude(pk=already.pk)
    assert set(anonymised.values_list("pk", flat=True)) == set(report.residents)
    assert not anonymised.exclude(name=ANONYMISED_NAME).exists()
    for kept in staying.values():
        kept_now = Resident.objects.get(pk=kept.pk)
        assert (kept_now.name, kept_now.status) == (kept.name, kept.status)
    # Old access rows go, young ones stay; the erasures are logged by the system user.
    old, young = access_rows
    assert not AccessEvent.objects.filter(pk=old.pk).exists()
    assert AccessEvent.objects.filter(pk=young.pk).exists()
    erasures = AccessEvent.objects.filter(what="erasure")
    assert erasures.count() == 3
    assert {e.user.username for e in erasures} == {RETENTION_USERNAME}
    assert not erasures.first().user.is_active
    assert report.access_events == 1
    assert list(FormSubmission.objects.all()) == [submissions[1]]
    assert list(Session.objects.all()) == [sessions[1]]
    # A second run finds nothing more.
    again = retention_apply(now=NOW)
    assert (again.residents, again.access_events, again.form_submissions) == ([], 0, 0)


def test_the_command_dry_run_prints_ids_and_counts_but_no_names(people, access_rows):
    gone, _staying, _already = people
    out = io.StringIO()
    with time_machine.travel(NOW, tick=False):
        call_command("apply_retention", "--dry-run", stdout=out)
    output = out.getvalue()
    assert "would be anonymised: 3" in output
    for person in gone.values():
        assert str(person.pk) in output
        assert person.name not in output
    assert "would be purged: 1" in output
    assert Resident.objects.filter(status="anonymised").count() == 1


def test_the_command_applies_the_rules(people, access_rows):
    out = io.StringIO()
    with time_machine.travel(NOW, tick=False):
        call_command("apply_retention", stdout=out)
    assert "anonymised: 3" in out.getvalue()
    assert "would be" not in out.getvalue()
    assert Resident.objects.filter(status="anonymised").count() == 4
    assert AccessEvent.objects.filter(at__lt=ACCESS_CUTOFF).count() == 0


def test_the_periods_come_from_the_settings(settings, people):
    _gone, staying, _already = people
    settings.RETENTION_MONTHS = 12 * 10
    assert retention_apply(now=NOW, dry_run=True).residents == []
    settings.RETENTION_MONTHS = 1
    due = set(retention_apply(now=NOW, dry_run=True).residents)
    assert staying["seen recently"].pk in due


def test_login_records_older_than_the_access_log_period_are_purged(worker):
    old_cutoff = months_before(NOW, 12 * 5)
    old, young = (
        AxesAccessLog.objects.create(username=worker.username, ip_address="192.0.2.1")
        for _ in range(2)
    )
    # attempt_time is set on creation; move them to either side of the cut-off.
    AxesAccessLog.objects.filter(pk=old.pk).update(attempt_time=old_cutoff - DAY)
    AxesAccessLog.objects.filter(pk=young.pk).update(attempt_time=old_cutoff + DAY)
    assert retention_apply(now=NOW, dry_run=True).logins == 1
    assert AxesAccessLog.objects.count() == 2
    assert retention_apply(now=NOW).logins == 1
    assert list(AxesAccessLog.objects.all()) == [young]
