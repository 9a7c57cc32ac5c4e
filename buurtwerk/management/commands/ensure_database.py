import psycopg
from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import connection
from psycopg import sql


class Command(BaseCommand):
    help = (
        "Make sure the configured database exists: starts the embedded PostgreSQL "
        "(no DATABASE_URL) or creates the database named in DATABASE_URL on its server."
    )

    def handle(self, *args, **options):
        if not settings.DATABASE_URL:
            connection.ensure_connection()  # starts the server and creates the database
            self.stdout.write(f"Embedded PostgreSQL running (data in {settings.VAR_DIR}).")
            return
        db = connection.settings_dict
        params = {k: v for k, v in connection.get_connection_params().items() if v}
        params["dbname"] = "postgres"
        try:
            with psycopg.connect(**params, autocommit=True, connect_timeout=5) as conn:
                found = conn.execute(
                    "SELECT 1 FROM pg_database WHERE datname = %s", [db["NAME"]]
                ).fetchone()
                if not found:
                    conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(db["NAME"])))
                    self.stdout.write(f"Created database {db['NAME']}.")
        except psycopg.Error as exc:
            first_line = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc)
            raise CommandError(
                f"Cannot reach the PostgreSQL server of DATABASE_URL ({first_line}). "
                "Check host, port, user and password, or unset DATABASE_URL to use the "
                "embedded server."
            ) from None
