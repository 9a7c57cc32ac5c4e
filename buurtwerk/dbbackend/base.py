from pathlib import Path

from django.db.backends.postgresql import base, client

from buurtwerk import embedded_db


class DatabaseClient(client.DatabaseClient):
    def runshell(self, parameters):
        # Start the server and learn its socket before psql needs it.
        self.connection.ensure_connection()
        super().runshell(parameters)


class DatabaseWrapper(base.DatabaseWrapper):
    client_class = DatabaseClient

    def get_connection_params(self):
        socket_dir = self.settings_dict.get("HOST")
        if not socket_dir or not any(Path(socket_dir).glob(".s.PGSQL.*")):
            data_dir = Path(self.settings_dict["EMBEDDED_DATA_DIR"])
            socket_dir = embedded_db.ensure_running(data_dir)
            name = self.settings_dict["NAME"]
            if name and not name.startswith("test_"):  # the test run creates its own
                embedded_db.ensure_database(socket_dir, name)
            # Stored for every later connection of this process and for dbshell.
            self.settings_dict["HOST"] = str(socket_dir)
        return super().get_connection_params()
