"""A database made by the migrations of the last release (before talents,
needs, the taxonomy and initiatives moved to contacts and the access log to
accesslog) migrates forward without losing a row: the moves change Django's
state only, the tables keep their names."""

import pytest
from django.contrib.auth.models import Permission
from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from accesslog.models import AccessEvent
from contacts.models import Category, Initiative, InitiativeMember, Need, Talent
from matches.models import Match
from tests.factories import InitiativeFactory, MatchFactory, UserFactory
from tests.shipped import load_shipped_rows

# The newest migrations of each app before the move.
BEFORE_THE_MOVE = [
    ("contacts", "0002_themes"),
    ("matches", "0003_suggestion_indexes"),
    ("audit", "0002_access_log_plain_trigger"),
    ("accesslog", None),
]
MOVED = [Category, Talent, Need, Initiative, InitiativeMember, Initiative.neighbourhoods.through]


def migrate(targets):
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)


def latest():
    return MigrationExecutor(connection).loader.graph.leaf_nodes()


def count_rows():
    tables = [m._meta.db_table for m in [*MOVED, Match, AccessEvent]]
    with connection.cursor() as cursor:
        counts = {}
        for table in tables:
            cursor.execute(f'SELECT count(*) FROM "{table}"')  # noqa: S608 (names from _meta)
            counts[table] = cursor.fetchone()[0]
    return counts


@pytest.fixture
def at_the_last_release(transactional_db):
    migrate(BEFORE_THE_MOVE)
    yield
    migrate(latest())  # also when the test failed half-way
    ContentType.objects.clear_cache()
    load_shipped_rows()  # the transactional test empties every table


# serialized_rollback like every transactional test here: a flush without it
# makes new content types, which the next test with it cannot restore over.
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_migrating_forward_keeps_every_row_and_the_permissions(at_the_last_release):
    # The tables are the same before and after, so today's factories write
    # rows that the old schema holds.
    match = MatchFactory()
    initiative = InitiativeFactory(neighbourhoods=[match.neighbourhood])
    InitiativeMember.objects.create(initiative=initiative, resident=match.resident)
    AccessEvent.objects.create(
        user=UserFactory(), role="worker", what="resident", residents=[match.resident_id]
    )
    # What the admin gave away on the old app label must follow the models.
    ContentType.objects.filter(app_label__in=["contacts", "accesslog"]).delete()
    old_talent = ContentType.objects.create(app_label="matches", model="talent")
    old_access = ContentType.objects.create(app_label="audit", model="accessevent")
    permission = Permission.objects.create(
        content_type=old_talent, codename="view_talent", name="Can view talent"
    )
    before = count_rows()
    assert all(before.values()), before

    migrate(latest())

    assert count_rows() == before
    moved = Match.objects.select_related("talent__category", "need__resident").get(pk=match.pk)
    assert moved.talent.category.slug == match.talent.category.slug
    assert moved.need.resident_id == match.resident_id
    assert list(initiative.neighbourhoods.all()) == [match.neighbourhood]
    permission.refresh_from_db()
    assert (permission.content_type.app_label, permission.content_type.model) == (
        "contacts",
        "talent",
    )
    old_access.refresh_from_db()
    assert old_access.app_label == "accesslog"
