"""The read-access log: append-only at the database, purged only past the
cut-off, and written by ``log_access``."""

import datetime

import pytest
from django.db import DatabaseError, connection, transaction
from django.test import RequestFactory
from django.utils import timezone

from accesslog.models import AccessEvent
from accesslog.services import log_access, purge_access_log

pytestmark = pytest.mark.django_db


def event(user, *, at=None, residents=()):
    return AccessEvent.objects.create(
        user=user,
        role=user.role,
        what=AccessEvent.What.RESIDENT,
        residents=list(residents),
        at=at or timezone.now(),
    )


def run(sql, params=()):
    """Run raw SQL in a savepoint, so a refusal leaves the test usable."""
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.rowcount


def test_the_database_refuses_an_update(worker):
    row = event(worker)
    with pytest.raises(DatabaseError, match="append-only"):
        run("UPDATE audit_accessevent SET what = 'search' WHERE id = %s", [row.pk])
    row.refresh_from_db()
    assert row.what == "resident"


def test_the_database_refuses_a_delete(worker):
    row = event(worker)
    with pytest.raises(DatabaseError, match="append-only"):
        run("DELETE FROM audit_accessevent WHERE id = %s", [row.pk])
    assert AccessEvent.objects.filter(pk=row.pk).exists()


def test_pgtriggers_ignore_switch_does_not_lift_the_refusal(worker):
    """The trigger is plain SQL, not a pgtrigger one that a session could
    switch off by naming it in ``pgtrigger.ignore``."""
    row = event(worker)
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT tgname FROM pg_trigger WHERE tgrelid = 'audit_accessevent'::regclass"
            " AND NOT tgisinternal"
        )
        names = [name for (name,) in cursor.fetchall()]
    assert names == ["access_event_append_only"]
    with pytest.raises(DatabaseError, match="append-only"):
        run(
            "SELECT set_config('pgtrigger.ignore', %s, true);"
            " UPDATE audit_accessevent SET what = 'search' WHERE id = %s",
            ["{" + ",".join(names) + "}", row.pk],
        )
    row.refresh_from_db()
    assert row.what == "resident"


def test_the_database_refuses_deleting_an_old_row_without_the_cut_off(worker):
    row = event(worker, at=timezone.now() - datetime.timedelta(days=3650))
    with pytest.raises(DatabaseError, match="append-only"):
        run("DELETE FROM audit_accessevent WHERE id = %s", [row.pk])
    assert AccessEvent.objects.filter(pk=row.pk).exists()


def test_the_cut_off_allows_deleting_only_older_rows(worker):
    now = timezone.now()
    old = event(worker, at=now - datetime.timedelta(days=10))
    new = event(worker, at=now - datetime.timedelta(days=1))
    cut_off = (now - datetime.timedelta(days=5)).isoformat()
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("SET LOCAL buurtwerk.access_log_purge_before = %s", [cut_off])
        cursor.execute("DELETE FROM audit_accessevent WHERE id = %s", [old.pk])
        assert cursor.rowcount == 1
    with (
        pytest.raises(DatabaseError, match="append-only"),
        transaction.atomic(),
        connection.cursor() as cursor,
    ):
        cursor.execute("SET LOCAL buurtwerk.access_log_purge_before = %s", [cut_off])
        cursor.execute("DELETE FROM audit_accessevent WHERE id = %s", [new.pk])
    assert list(AccessEvent.objects.values_list("pk", flat=True)) == [new.pk]


def test_purging_deletes_the_rows_before_the_cut_off_and_nothing_else(worker):
    now = timezone.now()
    old = [event(worker, at=now - datetime.timedelta(days=d)) for d in (2000, 1900)]
    kept = event(worker, at=now - datetime.timedelta(days=10))
    assert purge_access_log(before=now - datetime.timedelta(days=1826)) == 2
    assert list(AccessEvent.objects.all()) == [kept]
    assert not AccessEvent.objects.filter(pk__in=[row.pk for row in old]).exists()


def test_after_purging_the_cut_off_no_longer_applies(worker):
    now = timezone.now()
    purge_access_log(before=now)
    old = event(worker, at=now - datetime.timedelta(days=3650))
    with pytest.raises(DatabaseError, match="append-only"):
        run("DELETE FROM audit_accessevent WHERE id = %s", [old.pk])


def test_truncate_is_not_blocked(worker):
    """Test database flushes empty tables with TRUNCATE."""
    event(worker)
    run("SET CONSTRAINTS ALL IMMEDIATE")  # the deferred user FK check, as at a commit
    run("TRUNCATE audit_accessevent")
    assert not AccessEvent.objects.exists()


def test_log_access_stores_who_role_what_residents_and_address(lead, resident, other_resident):
    request = RequestFactory().get("/", REMOTE_ADDR="192.0.2.7")
    request.user = lead
    row = log_access(
        request,
        AccessEvent.What.MATCH,
        residents=[resident, other_resident.pk, None, resident],
        obj=resident,
    )
    row.refresh_from_db()
    assert row.user == lead
    assert row.role == "team_lead"
    assert row.what == "match"
    assert row.residents == [resident.pk, other_resident.pk]
    assert row.object_id == str(resident.pk)
    assert row.ip == "192.0.2.7"
    assert AccessEvent.objects.about_resident(other_resident.pk).get() == row


def test_the_role_is_a_copy_at_the_time(worker, resident):
    request = RequestFactory().get("/")
    request.user = worker
    row = log_access(request, AccessEvent.What.RESIDENT, residents=[resident])
    worker.role = "team_lead"
    worker.save()
    row.refresh_from_db()
    assert row.role == "worker"


def test_a_page_that_shows_nobody_writes_no_row(worker):
    """An empty list or a search that found nobody: no empty row."""
    request = RequestFactory().get("/")
    request.user = worker
    assert log_access(request, AccessEvent.What.FOLLOW_UPS, residents=[]) is None
    assert log_access(request, AccessEvent.What.INITIATIVE, residents=[None, None]) is None
    assert not AccessEvent.objects.exists()
