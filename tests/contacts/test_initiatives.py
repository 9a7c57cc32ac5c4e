"""Initiatives: the services (contacts.services.initiatives), the list and
the initiative page, adding and editing one, its members, what it offers and
needs, and the resident page's list of initiatives."""

import datetime
import uuid

import pytest
from django.core.exceptions import ValidationError
from django.template.loader import render_to_string
from django.urls import NoReverseMatch, reverse
from django.utils import timezone, translation

from buurtwerk.versioning import EditConflict
from contacts.models import Initiative, InitiativeMember, Need, Resident, Talent
from contacts.selectors.initiatives import memberships_for_resident
from contacts.services.initiatives import (
    initiative_create,
    initiative_member_add,
    initiative_member_remove,
    initiative_member_set_role,
    initiative_update,
)
from neighbourhoods.scoping import visible_neighbourhood_ids
from tests.contacts.factories import (
    CategoryFactory,
    InitiativeFactory,
    NeedFactory,
    ResidentFactory,
    TalentFactory,
)
from tests.neighbourhoods.factories import AddressFactory, NeighbourhoodFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english_pages", "english_messages")]

LIST_URL = reverse("contacts:initiative_list")
CREATE_URL = reverse("contacts:initiative_create")


def url(name, initiative, *args):
    return reverse(f"contacts:{name}", args=[initiative.pk, *args])


def token():
    return str(uuid.uuid4())


@pytest.fixture
def other_client(client, other_worker):
    client.force_login(other_worker)
    return client


# The taxonomy ships these (matches/migrations/0002_categories.py); the
# factory finds them by slug, or makes them again when a transactional test
# earlier in the run flushed the database.


@pytest.fixture
def garden(db):
    return CategoryFactory(
        slug="tuin", name="Tuin en groen", name_en="Garden and green", keywords=["gras", "maaien"]
    )


@pytest.fixture
def cooking(db):
    return CategoryFactory(
        slug="koken", name="Koken en samen eten", name_en="Cooking", keywords=["koken"]
    )


@pytest.fixture
def other(db):
    return CategoryFactory(slug="overig", name="Overig", name_en="Other", gift="heart")


@pytest.fixture
def dinner(neighbourhood):
    """An active initiative in the worker's neighbourhood."""
    return InitiativeFactory(
        name="Buurtmaaltijd", where="Buurthuis, dinsdag 18:00", neighbourhoods=[neighbourhood]
    )


@pytest.fixture
def women_group(neighbourhood, other_neighbourhood):
    """An initiative in both teams' neighbourhoods."""
    return InitiativeFactory(
        name="Vrouwengroep", neighbourhoods=[neighbourhood, other_neighbourhood]
    )


@pytest.fixture
def west_only(other_neighbourhood):
    return InitiativeFactory(name="Voetbaltoernooi West", neighbourhoods=[other_neighbourhood])


def member(initiative, resident, role=InitiativeMember.Role.MEMBER):
    return InitiativeMember.objects.create(initiative=initiative, resident=resident, role=role)


# initiative_create, initiative_update (services)


def test_an_initiative_is_created_in_the_users_neighbourhoods(worker, neighbourhood):
    initiative = initiative_create(
        name=" Buurtmaaltijd ",
        description="Samen eten",
        where="Buurthuis",
        neighbourhoods=[neighbourhood],
        created_by=worker,
    )
    assert initiative.name == "Buurtmaaltijd"
    assert initiative.is_active
    assert initiative.created_by == worker
    assert list(initiative.neighbourhoods.all()) == [neighbourhood]


def test_an_initiative_needs_one_of_the_users_own_neighbourhoods(
    worker, neighbourhood, other_neighbourhood
):
    with pytest.raises(ValidationError) as error:
        initiative_create(name="Iets", neighbourhoods=[], created_by=worker)
    assert "neighbourhoods" in error.value.message_dict
    with pytest.raises(ValidationError) as error:
        initiative_create(
            name="Iets", neighbourhoods=[neighbourhood, other_neighbourhood], created_by=worker
        )
    assert "neighbourhoods" in error.value.message_dict
    assert not Initiative.objects.exists()


def test_an_update_keeps_the_neighbourhoods_of_other_teams(
    worker, team, neighbourhood, other_neighbourhood, women_group
):
    second = NeighbourhoodFactory(name="Noorderbuurt")
    team.neighbourhoods.add(second)
    updated = initiative_update(
        initiative=women_group,
        updated_by=worker,
        name="Vrouwengroep Oost",
        neighbourhoods=[second],
        is_active=False,
    )
    assert updated.name == "Vrouwengroep Oost"
    assert not updated.is_active
    assert set(updated.neighbourhoods.all()) == {second, other_neighbourhood}


def test_an_update_refuses_to_overwrite_someone_elses_save(worker, neighbourhood, dinner):
    opened_at = dinner.version
    initiative_update(
        initiative=dinner,
        updated_by=worker,
        name="Eerst",
        neighbourhoods=[neighbourhood],
        expected_version=opened_at,
    )
    with pytest.raises(EditConflict) as conflict:
        initiative_update(
            initiative=dinner,
            updated_by=worker,
            name="Daarna",
            neighbourhoods=[neighbourhood],
            expected_version=opened_at,
        )
    assert conflict.value.current.name == "Eerst"
    dinner.refresh_from_db()
    assert dinner.name == "Eerst"


# initiative_member_add, _set_role, _remove (services)


def test_a_member_is_added_once(worker, resident, dinner):
    added = initiative_member_add(
        initiative=dinner,
        resident=resident,
        role=InitiativeMember.Role.ORGANISER,
        added_by=worker,
    )
    assert added.role == InitiativeMember.Role.ORGANISER
    assert added.joined_on == timezone.localdate()
    with pytest.raises(ValidationError) as error:
        initiative_member_add(initiative=dinner, resident=resident, added_by=worker)
    assert "already a member" in error.value.messages[0]
    assert InitiativeMember.objects.filter(initiative=dinner).count() == 1


def test_a_member_must_be_active_and_consent_to_storing_data(worker, address, dinner):
    moved = ResidentFactory(address=address, name="Verhuisd", status=Resident.Status.MOVED)
    refused = ResidentFactory(
        address=address, name="Zonder", may_store=False, may_match=False, languages=[]
    )
    for resident, reason in ((moved, "moved"), (refused, "storing their data")):
        with pytest.raises(ValidationError) as error:
            initiative_member_add(initiative=dinner, resident=resident, added_by=worker)
        assert reason in error.value.messages[0]
    assert not InitiativeMember.objects.exists()


def test_a_members_role_changes_and_they_can_be_removed_once(worker, resident, dinner):
    member(dinner, resident)
    changed = initiative_member_set_role(
        initiative=dinner,
        resident=resident,
        role=InitiativeMember.Role.ORGANISER,
        changed_by=worker,
    )
    assert changed.role == InitiativeMember.Role.ORGANISER
    initiative_member_remove(initiative=dinner, resident=resident, removed_by=worker)
    assert not InitiativeMember.objects.exists()
    with pytest.raises(ValidationError) as error:
        initiative_member_remove(initiative=dinner, resident=resident, removed_by=worker)
    assert "not a member" in error.value.messages[0]
    with pytest.raises(ValidationError):
        initiative_member_set_role(
            initiative=dinner, resident=resident, role="member", changed_by=worker
        )


# initiative_list


def test_the_list_requires_login(client):
    response = client.get(LIST_URL)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))


def test_the_list_shows_active_initiatives_in_my_neighbourhoods(
    worker_client, neighbourhood, dinner, women_group, west_only, resident, garden, cooking
):
    InitiativeFactory(name="Opgeheven", neighbourhoods=[neighbourhood], is_active=False)
    member(dinner, resident)
    member(dinner, ResidentFactory(address=AddressFactory(street__neighbourhood=neighbourhood)))
    TalentFactory(initiative=dinner, resident=None, category=cooking, text="Warme maaltijd")
    TalentFactory(initiative=dinner, resident=None, category=cooking, text="Soep")
    NeedFactory(initiative=dinner, resident=None, category=garden, text="Moestuin bijhouden")
    NeedFactory(
        initiative=dinner,
        resident=None,
        category=CategoryFactory(name_en="Long gone"),
        status=Need.Status.CLOSED,
    )
    content = worker_client.get(LIST_URL).content.decode()

    assert "Buurtmaaltijd" in content
    assert "Buurthuis, dinsdag 18:00" in content
    assert "Vrouwengroep" in content
    assert "Oosterbuurt" in content
    assert "2 members" in content
    # What it offers once per category; closed needs left out.
    assert content.count(cooking.name_en) == 1
    assert garden.name_en in content
    assert "Long gone" not in content
    assert "Opgeheven" not in content
    assert "Voetbaltoernooi West" not in content


def test_the_list_can_include_inactive_initiatives(worker_client, neighbourhood, dinner):
    InitiativeFactory(name="Opgeheven", neighbourhoods=[neighbourhood], is_active=False)
    content = worker_client.get(LIST_URL, {"show": "all"}).content.decode()
    assert "Opgeheven" in content
    assert "stopped" in content
    assert content.index("Buurtmaaltijd") < content.index("Opgeheven")


def test_another_team_does_not_see_my_initiatives(other_client, dinner, women_group):
    content = other_client.get(LIST_URL, {"show": "all"}).content.decode()
    assert "Buurtmaaltijd" not in content
    assert "Vrouwengroep" in content


def test_the_list_takes_the_same_number_of_queries_for_more_initiatives(
    worker_client, neighbourhood, django_assert_num_queries
):
    def add_initiatives(count):
        for _ in range(count):
            initiative = InitiativeFactory(neighbourhoods=[neighbourhood])
            member(initiative, ResidentFactory(address__street__neighbourhood=neighbourhood))
            TalentFactory(initiative=initiative, resident=None)
            NeedFactory(initiative=initiative, resident=None)

    add_initiatives(1)
    # savepoint (ATOMIC_REQUESTS), session, user, count for the paginator,
    # the page of initiatives with their member count, their neighbourhoods,
    # their open talents with categories, their open needs with categories,
    # release savepoint
    with django_assert_num_queries(9):
        worker_client.get(LIST_URL)
    add_initiatives(5)
    with django_assert_num_queries(9):
        response = worker_client.get(LIST_URL, {"show": "all"})
    assert len(response.context["page"].object_list) == 6


# initiative_detail


def test_the_page_requires_login(client, dinner):
    response = client.get(url("initiative_detail", dinner))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))


def test_another_team_gets_404_for_an_initiative_outside_its_neighbourhoods(other_client, dinner):
    assert other_client.get(url("initiative_detail", dinner)).status_code == 404


def test_the_page_shows_the_initiative_its_members_offers_and_needs(
    worker_client, dinner, resident, address, cooking, garden
):
    dinner.description = "Elke week samen koken en eten."
    dinner.save()
    member(dinner, resident, role=InitiativeMember.Role.ORGANISER)
    member(dinner, ResidentFactory(address=address, name="Youssef Amrani"))
    moved = ResidentFactory(address=address, name="Piet Verhuisd", status=Resident.Status.MOVED)
    member(dinner, moved)
    talent = TalentFactory(
        initiative=dinner,
        resident=None,
        category=cooking,
        text="Een warme maaltijd",
        availability=["weekday_evening"],
    )
    need = NeedFactory(initiative=dinner, resident=None, category=garden, text="Iemand die rijdt")
    response = worker_client.get(url("initiative_detail", dinner))
    content = response.content.decode()

    assert response.status_code == 200
    assert "Buurtmaaltijd" in content
    assert "Elke week samen koken en eten." in content
    assert "Buurthuis, dinsdag 18:00" in content
    assert "Oosterbuurt" in content
    assert reverse("contacts:resident_detail", args=[resident.pk]) in content
    assert "Anna de Vries" in content
    assert "Youssef Amrani" in content
    assert content.index("Anna de Vries") < content.index("Youssef Amrani")  # organisers first
    # A member who moved is still shown (so they can be taken off), but not counted.
    assert "Piet Verhuisd" in content
    assert ">moved</span>" in content
    assert response.context["page"].member_count == 2
    assert "organiser" in content
    assert "Een warme maaltijd" in content
    assert "weekday evenings" in content
    assert "Iemand die rijdt" in content
    assert cooking.name_en in content
    # Links to the suggestions, once those pages exist (another area builds them).
    for name, item in (("talent_suggestions", talent), ("need_suggestions", need)):
        try:
            suggestions = reverse(f"matches:{name}", args=[item.pk])
        except NoReverseMatch:
            continue
        assert suggestions in content


def test_members_from_other_neighbourhoods_are_counted_not_named(
    client, worker, other_worker, women_group, resident, other_resident, other_address
):
    member(women_group, resident)
    member(women_group, other_resident, role=InitiativeMember.Role.ORGANISER)
    member(women_group, ResidentFactory(address=other_address, name="Carla Westerveld"))
    member(
        women_group,
        ResidentFactory(address=other_address, name="Verhuisd", status=Resident.Status.MOVED),
    )
    client.force_login(worker)
    content = client.get(url("initiative_detail", women_group)).content.decode()
    assert "Anna de Vries" in content
    assert "Bram Westerman" not in content
    assert "Carla Westerveld" not in content
    assert str(other_resident.pk) not in content
    assert "And 2 members from neighbourhoods of other teams." in content

    # And the other way round.
    client.force_login(other_worker)
    content = client.get(url("initiative_detail", women_group)).content.decode()
    assert "Bram Westerman" in content
    assert "Anna de Vries" not in content
    assert "And 1 member from a neighbourhood of another team." in content


def test_an_admin_sees_every_member_by_name(
    client, admin_user, women_group, resident, other_resident
):
    member(women_group, resident)
    member(women_group, other_resident)
    client.force_login(admin_user)
    content = client.get(url("initiative_detail", women_group)).content.decode()
    assert "Anna de Vries" in content
    assert "Bram Westerman" in content
    assert 'id="members-elsewhere"' not in content


def test_the_page_takes_the_same_number_of_queries_for_more_rows(
    worker_client, women_group, neighbourhood, other_address, django_assert_num_queries
):
    def add_rows(count):
        for _ in range(count):
            member(women_group, ResidentFactory(address__street__neighbourhood=neighbourhood))
            member(women_group, ResidentFactory(address=other_address))
            TalentFactory(initiative=women_group, resident=None)
            NeedFactory(initiative=women_group, resident=None)

    add_rows(1)
    # savepoint (ATOMIC_REQUESTS), session, user, the initiative with the
    # count of members in other neighbourhoods, its neighbourhoods, the
    # visible members with resident and neighbourhood, its talents with
    # categories, its needs with categories, the access-log row, its latest
    # meetings and activities, its stage history, release savepoint
    with django_assert_num_queries(12):
        worker_client.get(url("initiative_detail", women_group))
    add_rows(5)
    with django_assert_num_queries(12):
        response = worker_client.get(url("initiative_detail", women_group))
    assert len(response.context["page"].members) == 6
    assert response.context["page"].hidden_member_count == 6


# initiative_create


def create_data(neighbourhood, **overrides):
    return {
        "name": "Schoonmaakmiddag",
        "description": "Samen het trappenhuis opruimen.",
        "where": "Trappenhuis, zaterdag 14:00",
        "neighbourhoods": [neighbourhood.pk],
        "is_active": "on",
        "submission_token": token(),
        **overrides,
    }


def test_the_create_form_requires_login(client):
    response = client.get(CREATE_URL)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))


def test_the_create_form_offers_only_my_neighbourhoods(
    worker_client, neighbourhood, other_neighbourhood
):
    response = worker_client.get(CREATE_URL)
    content = response.content.decode()
    assert response.status_code == 200
    assert "Oosterbuurt" in content
    assert "Westerbuurt" not in content
    assert 'name="submission_token"' in content
    # The worker's only neighbourhood is ticked for them.
    assert response.context["form"]["neighbourhoods"].value() == [neighbourhood.pk]


def test_an_initiative_is_created_from_the_form(worker_client, worker, neighbourhood):
    response = worker_client.post(CREATE_URL, create_data(neighbourhood))
    initiative = Initiative.objects.get()
    assert response.status_code == 302
    assert response["Location"] == url("initiative_detail", initiative)
    assert initiative.name == "Schoonmaakmiddag"
    assert initiative.where == "Trappenhuis, zaterdag 14:00"
    assert initiative.created_by == worker
    assert list(initiative.neighbourhoods.all()) == [neighbourhood]


def test_the_same_create_form_posted_twice_makes_one_initiative(worker_client, neighbourhood):
    data = create_data(neighbourhood)
    first = worker_client.post(CREATE_URL, data)
    second = worker_client.post(CREATE_URL, data)
    assert Initiative.objects.count() == 1
    assert second.status_code == 302
    assert second["Location"] == first["Location"]


def test_another_teams_neighbourhood_is_refused_beside_the_field(other_client, neighbourhood):
    data = create_data(neighbourhood, name="")
    response = other_client.post(CREATE_URL, data)
    form = response.context["form"]
    assert response.status_code == 200
    assert "neighbourhoods" in form.errors
    assert "name" in form.errors
    content = response.content.decode()
    assert 'id="error_1_id_neighbourhoods"' in content or "invalid-feedback" in content
    assert f'value="{data["submission_token"]}"' in content
    assert not Initiative.objects.exists()


# initiative_edit


def test_the_edit_form_requires_login(client, dinner):
    response = client.get(url("initiative_edit", dinner))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))


def test_another_team_gets_404_on_the_edit_form(other_client, dinner, neighbourhood):
    assert other_client.get(url("initiative_edit", dinner)).status_code == 404
    response = other_client.post(url("initiative_edit", dinner), create_data(neighbourhood))
    assert response.status_code == 404


def test_an_initiative_is_edited_and_keeps_the_other_teams_neighbourhood(
    worker_client, women_group, neighbourhood, other_neighbourhood
):
    response = worker_client.get(url("initiative_edit", women_group))
    content = response.content.decode()
    assert 'value="Vrouwengroep"' in content
    assert "Also in neighbourhoods of other teams" in content
    assert "Westerbuurt" in content
    version = response.context["form"].initial["version"]

    response = worker_client.post(
        url("initiative_edit", women_group),
        {
            "name": "Vrouwengroep Oost",
            "description": "",
            "where": "Buurthuis",
            "neighbourhoods": [neighbourhood.pk],
            "version": version,
        },
    )
    assert response.status_code == 302
    women_group.refresh_from_db()
    assert women_group.name == "Vrouwengroep Oost"
    assert not women_group.is_active
    assert set(women_group.neighbourhoods.all()) == {neighbourhood, other_neighbourhood}


def test_an_edit_over_someone_elses_save_is_shown_not_saved(
    worker_client, worker, dinner, neighbourhood
):
    version = worker_client.get(url("initiative_edit", dinner)).context["form"].initial["version"]
    initiative_update(
        initiative=dinner,
        updated_by=worker,
        name="Door een collega",
        neighbourhoods=[neighbourhood],
    )
    data = {"name": "Mijn versie", "neighbourhoods": [neighbourhood.pk], "version": version}
    response = worker_client.post(url("initiative_edit", dinner), data)
    assert response.status_code == 200
    assert "Someone else changed this initiative" in response.content.decode()
    dinner.refresh_from_db()
    assert dinner.name == "Door een collega"
    # Saving again (with the version the form now carries) goes through.
    data["version"] = response.context["form"].data["version"]
    assert worker_client.post(url("initiative_edit", dinner), data).status_code == 302
    dinner.refresh_from_db()
    assert dinner.name == "Mijn versie"


# initiative_member_add


def test_adding_a_member_requires_login(client, dinner):
    response = client.get(url("initiative_member_add", dinner))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))


def test_another_team_gets_404_adding_a_member(other_client, dinner, other_resident):
    assert other_client.get(url("initiative_member_add", dinner)).status_code == 404
    response = other_client.post(
        url("initiative_member_add", dinner),
        {"resident": other_resident.pk, "role": "member", "submission_token": token()},
    )
    assert response.status_code == 404
    assert not InitiativeMember.objects.exists()


def test_the_search_finds_residents_of_my_neighbourhoods_only(
    worker_client, women_group, resident, other_resident, address
):
    member(women_group, ResidentFactory(address=address, name="Anna Bakker"))
    ResidentFactory(address=address, name="Anna Verhuisd", status=Resident.Status.MOVED)
    response = worker_client.post(url("initiative_member_add", women_group), {"q": "anna"})
    content = response.content.decode()
    assert response.status_code == 200
    assert "Anna de Vries" in content
    assert "Add as organiser" in content
    assert "already a member" in content
    assert "Anna Verhuisd" in content
    assert "moved" in content
    # Not the other team's resident, though the initiative is in their neighbourhood too.
    response = worker_client.post(url("initiative_member_add", women_group), {"q": "Bram"})
    assert response.context["results"] == []
    assert "Bram Westerman" not in response.content.decode()


def test_the_search_answers_htmx_with_the_results_only(worker_client, dinner, resident):
    response = worker_client.post(
        url("initiative_member_add", dinner), {"q": "Anna"}, headers={"HX-Request": "true"}
    )
    content = response.content.decode()
    assert content.lstrip().startswith('<section id="member-results"')
    assert "Anna de Vries" in content


def test_a_member_is_added_from_the_search(worker_client, dinner, resident):
    data = {"resident": resident.pk, "role": "organiser", "q": "Anna", "submission_token": token()}
    response = worker_client.post(url("initiative_member_add", dinner), data)
    assert response.status_code == 302
    assert response["Location"] == url("initiative_detail", dinner) + "#members"
    added = InitiativeMember.objects.get()
    assert (added.initiative, added.resident, added.role) == (dinner, resident, "organiser")
    # The same button tapped twice: one membership, and no complaint.
    again = worker_client.post(url("initiative_member_add", dinner), data)
    assert again.status_code == 302
    assert InitiativeMember.objects.count() == 1


def test_adding_the_same_person_twice_is_refused_with_a_message(worker_client, dinner, resident):
    member(dinner, resident)
    data = {"resident": resident.pk, "role": "member", "q": "Anna", "submission_token": token()}
    response = worker_client.post(url("initiative_member_add", dinner), data)
    content = response.content.decode()
    assert response.status_code == 200
    assert "Anna de Vries is already a member of Buurtmaaltijd." in content
    assert InitiativeMember.objects.count() == 1


def test_a_resident_without_consent_is_refused_with_a_message(worker_client, dinner, address):
    refused = ResidentFactory(
        address=address, name="Zonder Toestemming", may_store=False, may_match=False, languages=[]
    )
    data = {"resident": refused.pk, "role": "member", "q": "", "submission_token": token()}
    response = worker_client.post(url("initiative_member_add", dinner), data)
    assert response.status_code == 200
    assert "has not agreed to storing their data" in response.content.decode()
    assert not InitiativeMember.objects.exists()


def test_a_resident_of_another_team_cannot_be_added(worker_client, dinner, other_resident):
    data = {"resident": other_resident.pk, "role": "member", "submission_token": token()}
    response = worker_client.post(url("initiative_member_add", dinner), data)
    assert response.status_code == 200
    assert "not in your neighbourhoods" in response.content.decode()
    assert not InitiativeMember.objects.exists()


# initiative_member_role, initiative_member_remove


@pytest.mark.parametrize("name", ["initiative_member_role", "initiative_member_remove"])
def test_member_changes_are_post_only(worker_client, dinner, resident, name):
    member(dinner, resident)
    assert worker_client.get(url(name, dinner, resident.pk)).status_code == 405


@pytest.mark.parametrize("name", ["initiative_member_role", "initiative_member_remove"])
def test_member_changes_require_login(client, dinner, resident, name):
    response = client.post(url(name, dinner, resident.pk), {"role": "organiser"})
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))


@pytest.mark.parametrize("name", ["initiative_member_role", "initiative_member_remove"])
def test_another_team_gets_404_changing_members(
    other_client, dinner, women_group, resident, other_resident, name
):
    member(dinner, resident)
    member(women_group, resident)
    # Not their initiative; their initiative but not their resident.
    assert (
        other_client.post(url(name, dinner, resident.pk), {"role": "organiser"}).status_code == 404
    )
    response = other_client.post(url(name, women_group, resident.pk), {"role": "organiser"})
    assert response.status_code == 404
    assert InitiativeMember.objects.filter(role="member").count() == 2


def test_a_members_role_is_changed(worker_client, dinner, resident):
    member(dinner, resident)
    response = worker_client.post(
        url("initiative_member_role", dinner, resident.pk), {"role": "organiser"}, follow=True
    )
    assert InitiativeMember.objects.get().role == "organiser"
    assert "Anna de Vries is now organiser." in response.content.decode()


def test_a_member_is_removed_and_removing_again_says_so(worker_client, dinner, resident):
    member(dinner, resident)
    response = worker_client.post(url("initiative_member_remove", dinner, resident.pk))
    assert response.status_code == 302
    assert response["Location"] == url("initiative_detail", dinner) + "#members"
    assert not InitiativeMember.objects.exists()
    again = worker_client.post(url("initiative_member_remove", dinner, resident.pk), follow=True)
    assert "Anna de Vries is not a member of Buurtmaaltijd." in again.content.decode()


# initiative_offer_add, initiative_need_add


HEARD_VIEWS = [("initiative_offer_add", Talent), ("initiative_need_add", Need)]


@pytest.mark.parametrize(("name", "model"), HEARD_VIEWS)
def test_offers_and_needs_require_login(client, dinner, name, model):
    response = client.get(url(name, dinner))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))


@pytest.mark.parametrize(("name", "model"), HEARD_VIEWS)
def test_another_team_gets_404_for_offers_and_needs(other_client, dinner, cooking, name, model):
    assert other_client.get(url(name, dinner)).status_code == 404
    data = {"text": "Koken", "category": cooking.pk, "submission_token": token()}
    assert other_client.post(url(name, dinner), data).status_code == 404
    assert not model.objects.exists()


@pytest.mark.parametrize(("name", "model"), HEARD_VIEWS)
def test_an_offer_or_need_is_added_once(worker_client, worker, dinner, cooking, name, model):
    assert worker_client.get(url(name, dinner)).status_code == 200
    data = {
        "text": "Samen  koken",
        "category": cooking.pk,
        "availability": ["weekday_evening", "weekend_afternoon"],
        "submission_token": token(),
    }
    first = worker_client.post(url(name, dinner), data)
    second = worker_client.post(url(name, dinner), data)
    heard = model.objects.get()
    assert first.status_code == second.status_code == 302
    assert second["Location"] == first["Location"]
    assert heard.initiative == dinner
    assert heard.resident is None
    assert heard.text == "Samen koken"
    assert heard.category == cooking
    assert sorted(heard.availability) == ["weekday_evening", "weekend_afternoon"]


@pytest.mark.parametrize(("name", "model"), HEARD_VIEWS)
def test_an_empty_category_is_proposed_from_the_words(worker_client, dinner, garden, name, model):
    data = {"text": "Wij maaien het gras", "category": "", "submission_token": token()}
    response = worker_client.post(url(name, dinner), data, follow=True)
    assert model.objects.get().category == garden
    assert f"Saved, under {garden.name_en}." in response.content.decode()


@pytest.mark.parametrize(("name", "model"), HEARD_VIEWS)
def test_words_without_a_category_go_under_other_or_ask_for_one(
    worker_client, dinner, other, name, model
):
    data = {"text": "Xyzzy", "category": "", "submission_token": token()}
    assert worker_client.post(url(name, dinner), data).status_code == 302
    assert model.objects.get().category == other

    # Without "Overig" (an admin removed it) the worker is asked, beside the field.
    model.objects.all().delete()
    other.delete()
    response = worker_client.post(url(name, dinner), {**data, "submission_token": token()})
    assert response.status_code == 200
    assert "category" in response.context["form"].errors
    assert "Xyzzy" in response.content.decode()
    assert not model.objects.exists()


# The resident page's list of initiatives


def test_a_residents_initiatives_with_role_and_only_mine_linked(
    worker, resident, dinner, west_only, django_assert_num_queries
):
    member(dinner, resident, role=InitiativeMember.Role.ORGANISER)
    member(west_only, resident)
    stopped = InitiativeFactory(name="Oud clubje", is_active=False, neighbourhoods=[])
    member(stopped, resident)
    visible_neighbourhood_ids(worker)  # a request's user has them (neighbourhoods.backends)
    with django_assert_num_queries(1):
        memberships = list(memberships_for_resident(resident, user=worker))
    assert [m.initiative.name for m in memberships] == [
        "Buurtmaaltijd",
        "Voetbaltoernooi West",
        "Oud clubje",
    ]
    assert [m.can_open for m in memberships] == [True, False, False]
    with translation.override("en"):
        html = render_to_string(
            "contacts/resident_initiatives.html", {"initiative_memberships": memberships}
        )
    assert url("initiative_detail", dinner) in html
    assert url("initiative_detail", west_only) not in html
    assert "Voetbaltoernooi West" in html
    assert "organiser" in html
    assert all(m.can_open for m in memberships_for_resident(resident))


def test_a_resident_in_no_initiative_says_so(resident):
    with translation.override("en"):
        html = render_to_string(
            "contacts/resident_initiatives.html",
            {"initiative_memberships": memberships_for_resident(resident)},
        )
    assert "Not part of an initiative yet." in html
    assert "<a " not in html


def test_the_date_a_member_joined_is_shown_the_dutch_way(resident, dinner):
    joined = member(dinner, resident)
    joined.joined_on = datetime.date(2024, 3, 5)
    joined.save()
    with translation.override("nl"):
        html = render_to_string(
            "contacts/resident_initiatives.html",
            {"initiative_memberships": memberships_for_resident(resident)},
        )
    assert "5-3-2024" in html
