"""Database connections: Django's psycopg pool (DATABASE_POOL), and nothing
kept in a database session beyond a transaction, as PgBouncer in
transaction mode requires (DATABASE_PGBOUNCER; issue 12, point 5).

``tests/through_pgbouncer.py`` runs the whole suite through PgBouncer, with
every session emptied after each transaction, which catches code that
relies on session state; the test here catches the other half, session
state that would reach the next client of the same server connection."""

import datetime
import json
import urllib.parse

import pghistory
import pytest
from django.db import connection, transaction
from django.urls import reverse
from django.utils import timezone

from accesslog.models import PURGE_SETTING
from accesslog.services import purge_access_log
from contacts.models import Resident
from matches.suggestions import suggest_for_need
from tests.contacts.factories import NeedFactory, ResidentFactory, TalentFactory
from tests.manage import run_manage

#: The settings of our own and of the libraries' triggers (pg_settings does
#: not show such custom settings): each set for one transaction only.
CUSTOM_SETTINGS = [
    PURGE_SETTING,
    "pghistory.context_id",
    "pghistory.context_metadata",
    "pgtrigger.ignore",
]
#: What a session holds beyond a transaction, one row per thing.
SESSION_STATE = """
SELECT 'setting ' || name FROM pg_settings WHERE source = 'session'
UNION ALL SELECT 'setting ' || name || ' = ' || current_setting(name, true)
    FROM unnest(%s::text[]) AS name WHERE current_setting(name, true) <> ''
UNION ALL SELECT 'prepared ' || name FROM pg_prepared_statements
UNION ALL SELECT 'cursor ' || name FROM pg_cursors
UNION ALL SELECT 'advisory lock ' || objid FROM pg_locks
    WHERE locktype = 'advisory' AND pid = pg_backend_pid()
UNION ALL SELECT 'temporary table ' || relname FROM pg_class
    WHERE relnamespace = pg_my_temp_schema()
UNION ALL SELECT 'listening on ' || pg_listening_channels()
"""


def session_state():
    with connection.cursor() as cursor:
        cursor.execute(SESSION_STATE, [CUSTOM_SETTINGS])
        return sorted(thing for (thing,) in cursor.fetchall())


@pytest.mark.django_db(transaction=True)
def test_nothing_outlives_a_transaction(client, worker, resident, monkeypatch):
    """A request (sessions, the lockout, the access log, pghistory's context
    on every write), a change under pghistory's context, a purge of the
    access log and suggestions leave the session as they found it. Django's
    own time zone, set once per connection, is in the state before: PgBouncer
    keeps it per client."""
    monkeypatch.setitem(connection.settings_dict, "TRANSACTION_POOLING", True)
    need = NeedFactory(resident=resident)
    TalentFactory(
        resident=ResidentFactory(address=resident.address, name="Piet Hof"),
        category=need.category,
    )
    connection.ensure_connection()
    before = session_state()

    client.force_login(worker)
    response = client.get(reverse("contacts:resident_detail", args=[resident.pk]))
    assert response.status_code == 200
    with pghistory.context(user=worker.pk):
        Resident.objects.filter(pk=resident.pk).update(name="Anna Hof")
    purge_access_log(before=timezone.now() - datetime.timedelta(days=3650))
    with transaction.atomic():
        assert [c.owner.name for c in suggest_for_need(need)] == ["Piet Hof"]

    assert session_state() == before


def database_url():
    """The test database's URL, as DATABASE_URL would give it."""
    db = connection.settings_dict
    user = urllib.parse.quote(db["USER"], safe="")
    password = ":" + urllib.parse.quote(db["PASSWORD"], safe="") if db["PASSWORD"] else ""
    if db["HOST"].startswith("/"):  # a socket directory: the embedded server
        query = "?" + urllib.parse.urlencode({"host": db["HOST"]})
        return f"postgres://{user}{password}@/{db['NAME']}{query}"
    port = f":{db['PORT']}" if db["PORT"] else ""
    return f"postgres://{user}{password}@{db['HOST']}{port}/{db['NAME']}"


#: Three "requests" in one process: each uses the database and ends as a
#: request ends (connection.close(), which gives the connection back).
THREE_REQUESTS = """
import json
from django.db import connection
from accounts.models import User
for _ in range(3):
    User.objects.count()
    connection.close()
pool = connection.pool
print(json.dumps({
    "conn_max_age": connection.settings_dict["CONN_MAX_AGE"],
    "sizes": [pool.min_size, pool.max_size],
    "opened": pool.get_stats()["connections_num"],
}))
"""


@pytest.mark.slow
def test_the_pool_keeps_one_connection_for_many_requests(db, tmp_path):
    """With DATABASE_POOL=true a request takes a connection from the pool and
    gives it back: three requests open one connection. Through PgBouncer too
    when the suite runs through it (DATABASE_PGBOUNCER is passed on)."""
    connection.ensure_connection()  # the embedded server's socket is known
    result = run_manage(
        "shell",
        "--no-imports",
        "-c",
        THREE_REQUESTS,
        BUURTWERK_VAR_DIR=str(tmp_path),
        DATABASE_URL=database_url(),
        DATABASE_POOL="true",
        DATABASE_POOL_MAX_SIZE="1",
        DATABASE_PGBOUNCER=str(bool(connection.settings_dict.get("TRANSACTION_POOLING"))).lower(),
    )
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout) == {"conn_max_age": 0, "sizes": [1, 1], "opened": 1}
