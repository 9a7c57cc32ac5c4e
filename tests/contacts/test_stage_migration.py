"""The migration that brings activities and the initiative's stage: an
initiative that was no longer active has stopped, the others run."""

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from contacts.models import Initiative
from tests.migrating import latest, migrate

BEFORE = [("contacts", "0018_heard_terms_empty_in_the_database")]


@pytest.fixture
def old_apps(transactional_db):
    try:
        migrate(BEFORE)
        yield MigrationExecutor(connection).loader.project_state(BEFORE).apps
    finally:
        migrate(latest())


def test_inactive_initiatives_have_stopped_and_active_ones_run(old_apps):
    old = old_apps.get_model("contacts", "Initiative")
    running = old.objects.create(name="Buurtmaaltijd", is_active=True)
    stopped = old.objects.create(name="Oud clubje", is_active=False)
    migrate(latest())
    stages = dict(Initiative.objects.values_list("pk", "stage"))
    assert stages == {running.pk: Initiative.Stage.RUNNING, stopped.pk: Initiative.Stage.STOPPED}
