"""The resident's neighbourhood on their talents and needs
(``Heard.neighbourhood``), kept by the database's triggers (contacts
migration 0007) however the rows are written: the suggestions find their
candidates by it."""

import pytest
from django.db import connection

from contacts.models import Need, Talent
from contacts.services.heard import heard_update, need_create, talent_create
from contacts.services.initiatives import initiative_update
from contacts.services.residents import resident_update
from tests.contacts.factories import (
    CategoryFactory,
    InitiativeFactory,
    NeedFactory,
    ResidentFactory,
    TalentFactory,
)
from tests.neighbourhoods.factories import AddressFactory

pytestmark = pytest.mark.django_db

MODELS = [Talent, Need]


def stored(item):
    """The neighbourhood the database holds for ``item`` (the instance is
    not refreshed by the trigger)."""
    return type(item).objects.values_list("neighbourhood", flat=True).get(pk=item.pk)


@pytest.fixture
def category():
    return CategoryFactory(slug="proefklus", name="Proefklus")


def copy_rows(model, rows):
    """Write ``rows`` ({field name: value}) to ``model``'s table with COPY,
    as the demo does."""
    quote = connection.ops.quote_name
    fields = list(rows[0])
    columns = ", ".join(quote(model._meta.get_field(name).column) for name in fields)
    with (
        connection.cursor() as cursor,
        cursor.copy(f"COPY {quote(model._meta.db_table)} ({columns}) FROM STDIN") as copy,
    ):
        for row in rows:
            copy.write_row([row[name] for name in fields])


def test_a_new_talent_or_need_of_a_resident_gets_their_neighbourhood(resident, worker):
    talent = talent_create(resident=resident, text="Houdt de heg bij", created_by=worker)
    need = need_create(resident=resident, text="Kan het gras niet maaien", created_by=worker)
    assert stored(talent) == stored(need) == resident.neighbourhood_id
    assert stored(TalentFactory(resident=resident)) == resident.neighbourhood_id


@pytest.mark.parametrize("model", MODELS)
def test_rows_written_with_copy_get_it_too(model, resident, other_resident, category):
    copy_rows(
        model,
        [
            {"resident": owner.pk, "category": category.pk, "text": text, "status": "open"}
            | {"availability": [], "created_at": "2026-01-05", "updated_at": "2026-01-05"}
            for owner, text in ((resident, "Kookt graag"), (other_resident, "Fietst graag"))
        ],
    )
    found = dict(model.objects.values_list("resident", "neighbourhood"))
    assert found == {
        resident.pk: resident.neighbourhood_id,
        other_resident.pk: other_resident.neighbourhood_id,
    }


def test_when_a_resident_moves_their_talents_and_needs_follow(
    resident, other_address, worker, lead
):
    items = [
        TalentFactory(resident=resident),
        TalentFactory(resident=resident, status=Talent.Status.CLOSED),
        NeedFactory(resident=resident),
    ]
    neighbour = ResidentFactory(address=AddressFactory(street=resident.address.street))
    stays = TalentFactory(resident=neighbour)
    before = resident.neighbourhood_id

    resident_update(
        resident=resident,
        expected_version=resident.version,
        updated_by=worker,
        address=other_address,
    )

    moved_to = other_address.street.neighbourhood_id
    assert [stored(item) for item in items] == [moved_to] * 3
    assert stored(stays) == before


def test_a_talent_or_need_given_to_another_resident_gets_theirs(resident, other_resident):
    for factory in (TalentFactory, NeedFactory):
        item = factory(resident=resident)
        type(item).objects.filter(pk=item.pk).update(resident=other_resident)
        assert stored(item) == other_resident.neighbourhood_id


def test_the_neighbourhood_cannot_be_set_to_another(resident, other_neighbourhood, worker):
    talent = TalentFactory(resident=resident)
    Talent.objects.filter(pk=talent.pk).update(neighbourhood=other_neighbourhood)
    assert stored(talent) == resident.neighbourhood_id
    # Nor by saving an instance that never read it.
    assert talent.neighbourhood_id is None
    heard_update(
        item=talent, text="Snoeit hagen", category=None, availability=(), status="open", by=worker
    )
    talent.save()
    assert stored(talent) == resident.neighbourhood_id


def test_an_initiatives_talents_and_needs_have_none_wherever_it_is_active(
    neighbourhood, other_neighbourhood, worker, admin_user
):
    """An initiative can be active in several districts: the suggestions
    find its talents and needs through its neighbourhoods."""
    initiative = InitiativeFactory(neighbourhoods=[neighbourhood])
    items = [
        factory(resident=None, initiative=initiative) for factory in (TalentFactory, NeedFactory)
    ]
    initiative_update(
        initiative=initiative,
        updated_by=admin_user,
        name=initiative.name,
        neighbourhoods=[neighbourhood, other_neighbourhood],
    )
    assert [stored(item) for item in items] == [None, None]
