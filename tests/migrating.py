"""Moving the test database along the migrations, for the tests of a
migration: back to the state before it, then forward again."""

from django.db import connection
from django.db.migrations.executor import MigrationExecutor


def migrate(targets):
    """Migrate to ``targets``: (app label, migration name) pairs; a name of
    None unapplies all of that app's migrations."""
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)


def latest():
    """The newest migration of every app, to migrate back to afterwards."""
    return MigrationExecutor(connection).loader.graph.leaf_nodes()
