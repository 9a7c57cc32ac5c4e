"""ensure_database and embedded_db, the commands `make run` and
`make stop-db` call. They run ``manage.py`` in a subprocess so that each
gets its own DATABASE_URL."""

import os
import socket
import subprocess
import sys
import uuid
from pathlib import Path

import psycopg
import pytest

from tests.manage import ROOT
from tests.manage import run_manage as manage

LOCAL_SERVER = ("127.0.0.1", 5432)


def local_server_runs():
    with socket.socket() as sock:
        sock.settimeout(0.5)
        return sock.connect_ex(LOCAL_SERVER) == 0


needs_local_server = pytest.mark.skipif(
    not local_server_runs(), reason="no PostgreSQL server on 127.0.0.1:5432"
)


@needs_local_server
def test_ensure_database_creates_the_database_of_database_url_once():
    name = f"buurtwerk_ensure_{uuid.uuid4().hex[:8]}"
    url = f"postgres://postgres@127.0.0.1:5432/{name}"
    try:
        first = manage("ensure_database", DATABASE_URL=url)
        second = manage("ensure_database", DATABASE_URL=url)
        assert first.returncode == 0, first.stderr
        assert f"Created database {name}." in first.stdout
        assert second.returncode == 0, second.stderr
        assert "Created" not in second.stdout
    finally:
        with psycopg.connect(
            host="127.0.0.1", user="postgres", dbname="postgres", autocommit=True
        ) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}"')


def test_ensure_database_explains_an_unreachable_server_in_one_line():
    result = manage("ensure_database", DATABASE_URL="postgres://postgres@127.0.0.1:1/buurtwerk")
    assert result.returncode == 1
    assert "Cannot reach the PostgreSQL server of DATABASE_URL" in result.stderr
    assert "Traceback" not in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1


def test_embedded_db_refuses_when_database_url_is_set():
    result = manage("embedded_db", "status", DATABASE_URL="postgres://postgres@localhost/x")
    assert result.returncode == 1
    assert "DATABASE_URL is set" in result.stderr


def test_embedded_db_status_and_start(tmp_path):
    """On a data directory of its own: not running, started, running, stopped."""
    env = {"BUURTWERK_VAR_DIR": str(tmp_path)}
    try:
        assert manage("embedded_db", "status", **env).stdout.strip() == "Not running."
        started = manage("embedded_db", "start", **env)
        assert started.returncode == 0, started.stderr
        assert started.stdout.startswith("Running; socket in")
        assert manage("embedded_db", "status", **env).stdout.strip() == "Running."
    finally:
        assert manage("embedded_db", "stop", **env).stdout.strip() in {"Stopped.", "Not running."}
    assert manage("embedded_db", "status", **env).stdout.strip() == "Not running."


@pytest.mark.skipif(bool(os.environ.get("DATABASE_URL")), reason="embedded server only")
def test_dbshell_reaches_the_embedded_server(db):
    from django.conf import settings

    result = subprocess.run(
        [sys.executable, "manage.py", "dbshell", "--", "-tAc", "SHOW data_directory"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    expected = Path(settings.DATABASES["default"]["EMBEDDED_DATA_DIR"]).resolve()
    assert Path(result.stdout.strip()) == expected
