"""PostgreSQL backend that starts the embedded server on first connection,
and again when it died.

Used only when ``DATABASE_URL`` is unset. Starting the server lazily, here
rather than while settings are read, keeps commands that never touch the
database (``ruff``, ``check --deploy``) free of side effects.

When a connection fails, the server is checked and, if it is not running
(killed, crashed, stopped with ``make stop-db``), started again; then the
connection is tried once more. A query that was running when the server
died still fails (its transaction is lost; the form's token lets the user
send it again); the next connection, and so the next request, works.
"""

import logging
from pathlib import Path

import psycopg
from django.db.backends.postgresql import base, client

from buurtwerk import embedded_db

logger = logging.getLogger(__name__)


class DatabaseClient(client.DatabaseClient):
    def runshell(self, parameters):
        # Start the server and learn its socket before psql needs it.
        self.connection.ensure_connection()
        super().runshell(parameters)


class DatabaseWrapper(base.DatabaseWrapper):
    client_class = DatabaseClient

    @property
    def _data_dir(self):
        return Path(self.settings_dict["EMBEDDED_DATA_DIR"])

    def get_connection_params(self):
        socket_dir = self.settings_dict.get("HOST")
        if not socket_dir or not any(Path(socket_dir).glob(".s.PGSQL.*")):
            socket_dir = embedded_db.ensure_running(self._data_dir)
            name = self.settings_dict["NAME"]
            if name and not name.startswith("test_"):  # the test run creates its own
                embedded_db.ensure_database(socket_dir, name)
            # Stored for every later connection of this process and for dbshell.
            self.settings_dict["HOST"] = str(socket_dir)
        return super().get_connection_params()

    def get_new_connection(self, conn_params):
        try:
            return super().get_new_connection(conn_params)
        except psycopg.OperationalError as error:
            failure = error
        # Outside the except block, so a failure to start is not chained to
        # the connection error in the log.
        reason = str(failure).strip().splitlines()[0] if str(failure).strip() else "no reason"
        try:
            socket_dir = embedded_db.ensure_running(self._data_dir, after_failure=reason)
        except Exception:
            logger.exception("Could not start the embedded PostgreSQL server again")
            raise failure from None
        self.settings_dict["HOST"] = str(socket_dir)
        return super().get_new_connection({**conn_params, "host": str(socket_dir)})
