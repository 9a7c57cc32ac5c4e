"""The test suite through PgBouncer in transaction mode (issue 12, point 5).

    .venv/bin/python tests/through_pgbouncer.py [pytest options and paths]

``make test-pgbouncer`` runs it, and ``.ci/run`` instead of a second plain
run against the same PostgreSQL server. It starts Debian's ``pgbouncer``
(``make pgbouncer`` installs it) on a free loopback port in front of the
server at ``--server`` (127.0.0.1:5432, trust authentication for
``postgres``), with a configuration written to a temporary directory, runs
pytest with ``DATABASE_URL`` pointing at PgBouncer and
``DATABASE_PGBOUNCER=true``, prints PgBouncer's transaction count for the
test database, stops PgBouncer and exits with pytest's status.

The configuration makes any reliance on a database session beyond a
transaction fail every time, not only when PgBouncer happens to hand the
next transaction to another server connection: after every transaction it
sends the server ``DISCARD ALL`` (``server_reset_query_always``), which
drops prepared statements, session ``SET``s, advisory locks, ``LISTEN``,
temporary tables and open cursors, as PgBouncer's documentation suggests
for finding such code. The parameters PgBouncer keeps per client (the
time zone Django sets, ``application_name``, ``client_encoding``) it sets
again on the next transaction. Idle server connections close after a
second, so that a run without ``--reuse-db`` can drop its test database at
the end (PostgreSQL waits up to five seconds for the other sessions to
leave); with it, as configured, the next ``--create-db`` drops it.
pytest-django creates the test database through PgBouncer too: every
database name reaches the server (``*`` in ``[databases]``), ``postgres``
for CREATE DATABASE and DROP DATABASE included.
"""

import argparse
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import psycopg

ROOT = Path(__file__).resolve().parent.parent
USER = "postgres"
PREFERRED_PORT = 6432
CONFIG = """\
[databases]
* = host={server_host} port={server_port}

[pgbouncer]
listen_addr = 127.0.0.1
listen_port = {port}
unix_socket_dir =
auth_type = trust
auth_file = {directory}/userlist.txt
admin_users = {user}
pool_mode = transaction
max_client_conn = 200
default_pool_size = 10
server_reset_query = DISCARD ALL
server_reset_query_always = 1
server_idle_timeout = 1
log_connections = 0
log_disconnections = 0
"""


def free_port():
    """PREFERRED_PORT if nothing listens there, else any free loopback port."""
    for port in (PREFERRED_PORT, 0):
        with socket.socket() as probe:
            try:
                probe.bind(("127.0.0.1", port))
            except OSError:
                continue
            return probe.getsockname()[1]
    raise RuntimeError("No free port on 127.0.0.1.")


def check_server(server):
    host, _, port = server.rpartition(":")
    try:
        psycopg.connect(host=host, port=port, user=USER, dbname="postgres").close()
    except psycopg.OperationalError as error:
        sys.exit(f"No PostgreSQL server for PgBouncer at {server}: {error}")


def listening(port):
    with socket.socket() as probe:
        return probe.connect_ex(("127.0.0.1", port)) == 0


def start(directory, *, pgbouncer, server, port):
    """Start PgBouncer with its configuration in ``directory``; return the process."""
    host, _, server_port = server.rpartition(":")
    (directory / "pgbouncer.ini").write_text(
        CONFIG.format(
            server_host=host,
            server_port=server_port,
            port=port,
            directory=directory,
            user=USER,
        )
    )
    # With trust authentication the user must still be listed.
    (directory / "userlist.txt").write_text(f'"{USER}" ""\n')
    directory.chmod(0o755)  # readable by the user PgBouncer runs as
    command = [pgbouncer, str(directory / "pgbouncer.ini")]
    if os.geteuid() == 0:  # PgBouncer refuses to run as root
        command[1:1] = ["-u", "nobody"]
    log = (directory / "pgbouncer.log").open("w")
    process = subprocess.Popen(command, stdout=log, stderr=subprocess.STDOUT)
    deadline = time.monotonic() + 10
    while not listening(port):
        if process.poll() is not None or time.monotonic() > deadline:
            stop(process)
            sys.exit("PgBouncer did not start:\n" + (directory / "pgbouncer.log").read_text())
        time.sleep(0.1)
    return process


def stop(process):
    if process.poll() is None:
        process.send_signal(signal.SIGINT)  # a safe shutdown: no client is left
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def transactions(port, database):
    """How many transactions PgBouncer passed on for ``database``."""
    with psycopg.connect(
        host="127.0.0.1", port=port, user=USER, dbname="pgbouncer", autocommit=True
    ) as admin:
        for row in admin.execute("SHOW STATS").fetchall():
            if row[0] == database:
                return int(row[1])
    return 0


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--server", default="127.0.0.1:5432", help="PostgreSQL's HOST:PORT")
    parser.add_argument("--pgbouncer", default=shutil.which("pgbouncer") or "/usr/sbin/pgbouncer")
    parser.add_argument("--database", default="buurtwerk", help="pytest makes test_<this>")
    options, pytest_args = parser.parse_known_args()
    if not shutil.which(options.pgbouncer):
        sys.exit(f"No {options.pgbouncer}: make pgbouncer installs Debian's package.")
    check_server(options.server)
    port = free_port()
    with tempfile.TemporaryDirectory(prefix="buurtwerk-pgbouncer-") as name:
        directory = Path(name)
        process = start(directory, pgbouncer=options.pgbouncer, server=options.server, port=port)
        try:
            print(
                f"--- through PgBouncer (transaction mode) on 127.0.0.1:{port} "
                f"in front of {options.server}",
                flush=True,
            )
            environment = os.environ | {
                "DATABASE_URL": f"postgres://{USER}@127.0.0.1:{port}/{options.database}",
                "DATABASE_PGBOUNCER": "true",
            }
            status = subprocess.call(
                [sys.executable, "-m", "pytest", *pytest_args], cwd=ROOT, env=environment
            )
            try:
                count = transactions(port, f"test_{options.database}")
            except psycopg.Error as error:
                count = f"an unknown number of ({error})"
            print(f"--- PgBouncer passed on {count} transactions of test_{options.database}")
        finally:
            stop(process)
    return status


if __name__ == "__main__":
    sys.exit(main())
