"""A database made by the migrations of the last release (before talents,
needs, the taxonomy and initiatives moved to contacts and the access log to
accesslog) migrates forward without losing a row: the moves change Django's
state only, the tables keep their names."""

import datetime

import pytest
from django.contrib.auth.models import Permission
from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.utils import timezone

from accesslog.models import AccessEvent
from contacts.models import (
    Category,
    Conversation,
    ConversationWorker,
    Initiative,
    InitiativeMember,
    Need,
    Talent,
)
from matches.models import Match
from tests.contacts.knock_summaries import summaries_recomputed, summaries_stored
from tests.migrating import latest, migrate

# The newest migrations of each app before the move.
BEFORE_THE_MOVE = [
    ("contacts", "0002_themes"),
    ("matches", "0003_suggestion_indexes"),
    ("audit", "0002_access_log_plain_trigger"),
    ("accesslog", None),
]
MOVED = [Category, Talent, Need, Initiative, InitiativeMember, Initiative.neighbourhoods.through]


def count_rows():
    tables = [m._meta.db_table for m in [*MOVED, Match, AccessEvent, ConversationWorker]]
    with connection.cursor() as cursor:
        counts = {}
        for table in tables:
            cursor.execute(f'SELECT count(*) FROM "{table}"')  # noqa: S608 (names from _meta)
            counts[table] = cursor.fetchone()[0]
    return counts


@pytest.fixture
def old_apps(transactional_db):
    """The models as the last release's migrations left them."""
    try:
        migrate(BEFORE_THE_MOVE)
        nodes = [target for target in BEFORE_THE_MOVE if target[1] is not None]
        yield MigrationExecutor(connection).loader.project_state(nodes).apps
    finally:
        migrate(latest())  # also when the test failed half-way
        ContentType.objects.clear_cache()


def old_rows(old):
    """One of everything that moves, written with the old models."""
    get = old.get_model
    user = get("accounts", "User").objects.create(username="oud", role="worker")
    municipality = get("neighbourhoods", "Municipality").objects.create(
        code="GM9901", name="Proefstad"
    )
    district = get("neighbourhoods", "District").objects.create(
        municipality=municipality, code="WK990101", name="Wijk"
    )
    neighbourhood = get("neighbourhoods", "Neighbourhood").objects.create(
        district=district, code="BU99010101", name="Buurt"
    )
    Resident = get("contacts", "Resident")
    seeker, helper = (
        Resident.objects.create(neighbourhood=neighbourhood, name=name, may_store=True)
        for name in ("Zoeker", "Helper")
    )
    category = get("matches", "Category").objects.create(
        slug="tuin-oud", name="Tuin (oud)", name_en="Garden (old)", gift="hands"
    )
    need = get("matches", "Need").objects.create(resident=seeker, category=category, text="Gras")
    talent = get("matches", "Talent").objects.create(
        resident=helper, category=category, text="Tuinieren"
    )
    initiative = get("matches", "Initiative").objects.create(name="Kookclub")
    initiative.neighbourhoods.add(neighbourhood)
    get("matches", "InitiativeMember").objects.create(initiative=initiative, resident=seeker)
    match = get("matches", "Match").objects.create(
        need=need,
        resident=seeker,
        helper=helper,
        talent=talent,
        neighbourhood=neighbourhood,
        why="Buren",
        first_meeting_plan="Koffie",
        proposed_by=user,
        proposed_at=timezone.now(),
    )
    get("audit", "AccessEvent").objects.create(
        user=user, role="worker", what="resident", residents=[seeker.pk]
    )
    conversation = get("contacts", "Conversation").objects.create(
        neighbourhood=neighbourhood, happened_at=timezone.now() - datetime.timedelta(days=3)
    )
    conversation.workers.add(user)  # the table Django made, without the time
    # Door knocks from before their summaries: two at one address, one at another.
    Street = get("neighbourhoods", "Street")
    Address = get("neighbourhoods", "Address")
    street = Street.objects.create(neighbourhood=neighbourhood, name="Dorpsstraat")
    knocked = [
        Address.objects.create(street=street, house_number=n, postcode="9901 AA") for n in (1, 2)
    ]
    DoorKnock = get("contacts", "DoorKnock")
    for address, outcome, days_ago in [
        (knocked[0], "not_home", 5),
        (knocked[0], "spoke", 4),
        (knocked[1], "not_home", 3),
    ]:
        DoorKnock.objects.create(
            address=address,
            outcome=outcome,
            worker=user,
            knocked_at=timezone.now() - datetime.timedelta(days=days_ago),
        )
    return match, initiative


def test_migrating_forward_keeps_every_row_and_the_permissions(old_apps):
    match, initiative = old_rows(old_apps)
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
    assert moved.talent.category.slug == "tuin-oud"
    assert moved.need.resident.name == "Zoeker"
    # The residents' neighbourhood on their talents and needs (contacts 0007).
    neighbourhood = moved.need.resident.neighbourhood_id
    assert moved.talent.neighbourhood_id == moved.need.neighbourhood_id == neighbourhood
    assert Initiative.objects.get(pk=initiative.pk).neighbourhoods.get().name == "Buurt"
    assert Initiative.objects.get(pk=initiative.pk).version == 1  # added after the move
    conversation = Conversation.objects.get()
    assert ConversationWorker.objects.get().happened_at == conversation.happened_at  # filled
    assert summaries_stored() == summaries_recomputed()  # made from the knocks
    assert sorted(knocks for knocks, *_ in summaries_stored().values()) == [1, 2]
    permission.refresh_from_db()
    assert (permission.content_type.app_label, permission.content_type.model) == (
        "contacts",
        "talent",
    )
    old_access.refresh_from_db()
    assert old_access.app_label == "accesslog"
