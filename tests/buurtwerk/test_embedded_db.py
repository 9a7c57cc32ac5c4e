"""The embedded PostgreSQL: started once and shared, stopped cleanly,
restarted after a crash. These start a second server in a temporary data
directory, so they leave the development server alone."""

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import psutil
import psycopg
import pytest
from django.conf import settings
from django.db import OperationalError
from django.db.utils import ConnectionHandler

from buurtwerk import embedded_db
from tests.manage import run_manage


def query_one(socket_dir, sql):
    with psycopg.connect(host=str(socket_dir), user="postgres", dbname="postgres") as conn:
        return conn.execute(sql).fetchone()[0]


@pytest.fixture
def data_dir(tmp_path):
    path = tmp_path / "postgres"
    yield path
    if embedded_db.is_running(path):
        embedded_db.stop(path)


def test_a_pid_file_of_a_dead_process_is_stale(tmp_path):
    (tmp_path / "postmaster.pid").write_text("999999999\n")
    assert embedded_db._pid_file_is_stale(tmp_path)


def test_a_pid_file_naming_another_program_is_stale(tmp_path):
    # After a reboot the pid may belong to any process; here, this test run.
    (tmp_path / "postmaster.pid").write_text(f"{os.getpid()}\n")
    assert embedded_db._pid_file_is_stale(tmp_path)


def test_no_pid_file_is_not_stale(tmp_path):
    assert not embedded_db._pid_file_is_stale(tmp_path)


@pytest.mark.slow
def test_it_starts_is_shared_stops_and_recovers_from_a_crash(data_dir):
    socket_dir = embedded_db.ensure_running(data_dir)
    assert query_one(socket_dir, "SELECT 1") == 1
    pid = int((data_dir / "postmaster.pid").read_text().split()[0])

    # Another process (runserver's autoreloaded child, a management command,
    # a test run) finds the same server instead of starting a second one.
    code = (
        "import sys; from buurtwerk import embedded_db; "
        "print(embedded_db.ensure_running(sys.argv[1]))"
    )
    other = subprocess.run(
        [sys.executable, "-c", code, str(data_dir)],
        cwd=settings.BASE_DIR,
        capture_output=True,
        text=True,
        check=True,
        timeout=60,
    )
    assert other.stdout.strip() == str(socket_dir)
    assert int((data_dir / "postmaster.pid").read_text().split()[0]) == pid

    assert embedded_db.stop(data_dir)
    assert not embedded_db.is_running(data_dir)
    assert not embedded_db.stop(data_dir)

    # Crash: kill the server hard, leaving its pid file behind.
    embedded_db.ensure_running(data_dir)
    pid = int((data_dir / "postmaster.pid").read_text().split()[0])
    os.kill(pid, signal.SIGKILL)
    for _ in range(50):
        try:
            os.kill(pid, 0)
        except ProcessLookupError:
            break
        time.sleep(0.1)
    assert (data_dir / "postmaster.pid").exists()
    socket_dir = embedded_db.ensure_running(data_dir)
    assert query_one(socket_dir, "SELECT 1") == 1


@pytest.mark.skipif(bool(settings.DATABASE_URL), reason="runs on the embedded server only")
def test_the_test_run_uses_the_embedded_server_with_its_extensions(db):
    from django.db import connection

    connection.ensure_connection()
    assert any(Path(connection.settings_dict["HOST"]).glob(".s.PGSQL.*"))
    with connection.cursor() as cursor:
        cursor.execute("SELECT extname FROM pg_extension ORDER BY extname")
        extensions = {row[0] for row in cursor.fetchall()}
    assert {"pg_trgm", "unaccent"} <= extensions


# --- Recovering from a crash while the app runs (issue 11, point 4) -----------


def kill_postmaster(data_dir):
    """SIGKILL the server, as the OOM killer or ``kill -9`` would, and wait
    until it is gone. Returns its pid."""
    pid = int((data_dir / "postmaster.pid").read_text().split()[0])
    os.kill(pid, signal.SIGKILL)
    for _ in range(100):
        try:
            os.kill(pid, 0)
        except ProcessLookupError:
            return pid
        time.sleep(0.05)
    pytest.fail(f"postmaster {pid} did not die")


@pytest.fixture
def embedded_connection(django_db_blocker):
    """A function giving a connection of the embedded backend to the server
    in a data directory, configured as settings configure the default one
    (outside pytest-django's test database, so unblocked)."""
    connections = []

    def connect(data_dir):
        connections.append(_embedded_connection(data_dir))
        return connections[-1]

    with django_db_blocker.unblock():
        yield connect
        for connection in connections:
            connection.close()


def _embedded_connection(data_dir):
    handler = ConnectionHandler(
        {
            "default": {
                "ENGINE": "buurtwerk.dbbackend",
                "NAME": "postgres",
                "USER": "postgres",
                "HOST": "",
                "EMBEDDED_DATA_DIR": str(data_dir),
                "CONN_MAX_AGE": 60,
                "CONN_HEALTH_CHECKS": True,
            }
        }
    )
    return handler["default"]


def backend_pid(connection):
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_backend_pid()")
        return cursor.fetchone()[0]


@pytest.mark.slow
def test_a_connection_after_the_server_was_killed_starts_it_again(
    data_dir, embedded_connection, caplog
):
    connection = embedded_connection(data_dir)
    first_backend = backend_pid(connection)
    killed = kill_postmaster(data_dir)

    # The query running on the dead server's connection fails ...
    with pytest.raises(OperationalError):
        backend_pid(connection)
    # ... and at the start of the next request Django drops that connection
    # (CONN_HEALTH_CHECKS); the new one finds the server gone and starts it.
    connection.close_if_unusable_or_obsolete()
    assert backend_pid(connection) != first_backend
    assert embedded_db.is_running(data_dir)
    assert int((data_dir / "postmaster.pid").read_text().split()[0]) != killed
    assert "started it again" in caplog.text


@pytest.mark.slow
def test_a_failed_connection_to_a_running_server_is_not_hidden(data_dir, embedded_connection):
    """The retry is for a server that died: a server that refuses for
    another reason (here: no such database) still answers with its error."""
    embedded_db.ensure_running(data_dir)
    connection = embedded_connection(data_dir)
    connection.settings_dict["NAME"] = "test_no_such_database"
    with pytest.raises(OperationalError, match="does not exist"):
        connection.ensure_connection()


@pytest.mark.slow
def test_processes_that_notice_the_crash_at_once_start_one_server(data_dir):
    embedded_db.ensure_running(data_dir)
    kill_postmaster(data_dir)
    code = (
        "import sys; from buurtwerk import embedded_db; "
        "print(embedded_db.ensure_running(sys.argv[1]))"
    )
    starters = [
        subprocess.Popen(
            [sys.executable, "-c", code, str(data_dir)],
            cwd=settings.BASE_DIR,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for _ in range(3)
    ]
    results = [starter.communicate(timeout=60) for starter in starters]
    assert all(starter.returncode == 0 for starter in starters), results
    assert len({stdout for stdout, _stderr in results}) == 1
    pid = int((data_dir / "postmaster.pid").read_text().split()[0])
    servers = [
        process
        for process in psutil.process_iter(["name", "cmdline"])
        if process.info["name"] == "postgres"
        and str(data_dir) in " ".join(process.info["cmdline"] or [])
    ]
    assert [process.pid for process in servers] == [pid]


# Through Django's WSGI handler, as gunicorn calls it: request_started closes
# a connection that fails its health check (the test client skips that).
REQUEST_AFTER_A_CRASH = """
import json, os, signal, sys, time
from pathlib import Path
from django.conf import settings
from django.core.handlers.wsgi import WSGIHandler
from django.core.management import call_command
from django.test import Client

call_command("migrate", verbosity=0)
from accounts.models import User
client = Client()
client.force_login(User.objects.create_user("werker"))
cookie = f"{settings.SESSION_COOKIE_NAME}={client.cookies[settings.SESSION_COOKIE_NAME].value}"
application = WSGIHandler()

def get(path):
    environ = {"REQUEST_METHOD": "GET", "PATH_INFO": path, "SERVER_NAME": "localhost",
               "SERVER_PORT": "80", "HTTP_HOST": "localhost", "HTTP_COOKIE": cookie,
               "wsgi.input": sys.stdin.buffer, "wsgi.url_scheme": "http"}
    statuses = []
    body = b"".join(application(environ, lambda status, headers: statuses.append(status)))
    return int(statuses[0].split()[0])

pid_file = Path(settings.DATABASES["default"]["EMBEDDED_DATA_DIR"]) / "postmaster.pid"
killed = int(pid_file.read_text().split()[0])
before = get("/")
os.kill(killed, signal.SIGKILL)
while True:
    try:
        os.kill(killed, 0)
        time.sleep(0.05)
    except ProcessLookupError:
        break
after = get("/")
print(json.dumps({"before": before, "after": after,
                  "new_server": int(pid_file.read_text().split()[0]) != killed}))
"""


@pytest.mark.slow
def test_the_next_request_after_the_server_was_killed_succeeds(tmp_path):
    result = run_manage(
        "shell",
        "-c",
        REQUEST_AFTER_A_CRASH,
        BUURTWERK_VAR_DIR=str(tmp_path),
        ALLOWED_HOSTS="localhost",
        LOG_LEVEL="WARNING",
    )
    try:
        assert result.returncode == 0, result.stderr
        outcome = json.loads(result.stdout.strip().splitlines()[-1])
        assert outcome == {"before": 200, "after": 200, "new_server": True}, result.stderr
        assert "started it again" in result.stderr
    finally:
        embedded_db.stop(tmp_path / "postgres")
