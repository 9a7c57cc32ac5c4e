"""The embedded PostgreSQL: started once and shared, stopped cleanly,
restarted after a crash. These start a second server in a temporary data
directory, so they leave the development server alone."""

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import psycopg
import pytest
from django.conf import settings

from buurtwerk import embedded_db


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
