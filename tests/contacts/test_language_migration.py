"""Migrating the languages from ISO 639-1 to ISO 639-3 (audit 0004,
after contacts 0020 widened the column): residents and the snapshots in
their change history are recoded, no history event is written, and the
way back drops only the codes that did not exist before."""

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from tests.migrating import latest, migrate

BEFORE = [
    ("audit", "0003_moved_models"),
    ("contacts", "0019_activities_attendance_initiative_stage"),
]


def languages_and_events():
    with connection.cursor() as cursor:
        cursor.execute("SELECT name, languages FROM contacts_resident ORDER BY name")
        residents = cursor.fetchall()
        cursor.execute("SELECT name, languages, pgh_label FROM audit_residentevent ORDER BY name")
        return residents, cursor.fetchall()


@pytest.fixture
def old_apps(transactional_db):
    try:
        migrate(BEFORE)
        yield MigrationExecutor(connection).loader.project_state(BEFORE).apps
    finally:
        migrate(latest())


def test_the_codes_become_iso_639_3_without_history_events(old_apps):
    Municipality = old_apps.get_model("neighbourhoods", "Municipality")
    District = old_apps.get_model("neighbourhoods", "District")
    Neighbourhood = old_apps.get_model("neighbourhoods", "Neighbourhood")
    Resident = old_apps.get_model("contacts", "Resident")
    municipality = Municipality.objects.create(code="GM0999", name="Proefstad")
    district = District.objects.create(code="WK099901", name="Wijk", municipality=municipality)
    neighbourhood = Neighbourhood.objects.create(
        code="BU09990101", name="Buurt", district=district
    )
    for name, codes in (("Ans", ["nl", "ar"]), ("Bas", []), ("Cem", ["tr", "en", "so"])):
        Resident.objects.create(
            name=name, neighbourhood=neighbourhood, may_store=bool(codes), languages=codes
        )

    migrate(latest())

    residents, events = languages_and_events()
    assert residents == [("Ans", ["nld", "ara"]), ("Bas", []), ("Cem", ["tur", "eng", "som"])]
    # The insert events only, recoded alike: the recoding is nobody's change.
    assert events == [
        ("Ans", ["nld", "ara"], "insert"),
        ("Bas", [], "insert"),
        ("Cem", ["tur", "eng", "som"], "insert"),
    ]

    with connection.cursor() as cursor:
        cursor.execute(
            "UPDATE contacts_resident SET languages = '{ary,nld,pap}' WHERE name = 'Ans'"
        )
    migrate(BEFORE)
    residents, _events = languages_and_events()
    # Moroccan Arabic and Papiamentu have no ISO 639-1 code.
    assert residents[0] == ("Ans", ["nl"])
