"""The board of open needs and offers of a neighbourhood (matches.views.board,
matches.selectors.board): what is open, with or without candidates, the
reasons for a need without any (the same rule as the suggestions page), the
filters, the three people (the worker of the neighbourhood, a worker of
another team: 404, an anonymous visitor: login) and a query count that does
not grow with the rows."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from contacts.models import Need, Talent
from matches.selectors.board import Kind, State, board_items
from matches.suggestions import suggest_for_need
from tests.contacts.factories import (
    CategoryFactory,
    InitiativeFactory,
    NeedFactory,
    ResidentFactory,
    TalentFactory,
)
from tests.matches.factories import MatchFactory
from tests.neighbourhoods.factories import AddressFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english_pages")]

BOARD = reverse("matches:board")


@pytest.fixture
def garden(db):
    return CategoryFactory(slug="bordtuin", name="Bordtuin", name_en="Board garden")


@pytest.fixture
def cooking(db):
    return CategoryFactory(slug="bordkoken", name="Bordkoken", name_en="Board cooking")


def neighbour(resident, **fields):
    return ResidentFactory(address=AddressFactory(street=resident.address.street), **fields)


def board(client, **query):
    return client.get(BOARD, query)


def shown(response):
    return [item.text for item in response.context["rows"]]


def test_it_lists_the_open_needs_of_the_neighbourhood_oldest_first_with_where_they_stand(
    client, worker, resident, garden, cooking
):
    helper = neighbour(resident, name="Karim Hovenier")
    TalentFactory(resident=helper, category=garden, text="Werkte als hovenier")
    lawn = NeedFactory(resident=resident, category=garden, text="Gras maaien")
    NeedFactory(resident=resident, category=cooking, text="Wil samen eten")
    taken = NeedFactory(resident=neighbour(resident), category=garden, text="Heg knippen")
    match = MatchFactory(need=taken, talent__category=garden)
    NeedFactory(resident=resident, category=garden, text="Al gedaan", status=Need.Status.CLOSED)
    Need.objects.filter(pk=lawn.pk).update(created_at=timezone.now() - datetime.timedelta(days=9))
    client.force_login(worker)

    response = board(client)

    assert response.status_code == 200
    assert shown(response) == ["Gras maaien", "Wil samen eten", "Heg knippen"]
    rows = {item.text: item for item in response.context["rows"]}
    assert rows["Gras maaien"].has_candidates and rows["Gras maaien"].why_none is None
    assert not rows["Wil samen eten"].has_candidates
    assert rows["Wil samen eten"].why_none.code == "nobody"
    assert rows["Heg knippen"].match_id == match.pk
    content = response.content.decode()
    assert "Nobody in the district is known to offer Board cooking." in content
    assert reverse("matches:match_detail", args=[match.pk]) in content
    assert reverse("matches:need_suggestions", args=[lawn.pk]) in content
    assert reverse("contacts:resident_detail", args=[resident.pk]) in content


def test_a_need_without_candidates_says_why_as_the_suggestions_page_does(
    client, worker, resident, address, garden, cooking
):
    company = CategoryFactory(slug="bordpraatje", name="Bordpraatje", name_en="Board chat")
    no_consent = NeedFactory(resident=resident, category=garden, text="Gras maaien")
    shy = ResidentFactory(address=address, may_match=False)
    TalentFactory(resident=shy, category=garden)
    tried = NeedFactory(resident=resident, category=cooking, text="Koken")
    cook = neighbour(resident)
    cooks = TalentFactory(resident=cook, category=cooking, text="Kookt graag")
    MatchFactory(need=tried, helper=cook, talent=cooks, status="rejected")
    nobody = NeedFactory(resident=resident, category=company, text="Een praatje")
    client.force_login(worker)

    rows = {item.pk: item for item in board(client).context["rows"]}

    assert rows[no_consent.pk].why_none.code == "no_consent"
    assert rows[tried.pk].why_none.code == "all_tried"
    assert rows[nobody.pk].why_none.code == "nobody"
    assert not any(item.has_candidates for item in rows.values())
    # The suggestions page, for each: nobody, and the same reason.
    for need in (no_consent, tried, nobody):
        response = client.get(reverse("matches:need_suggestions", args=[need.pk]))
        assert response.context["rows"] == []
        assert response.context["why_none"].code == rows[need.pk].why_none.code


def test_with_candidates_agrees_with_the_suggestions(
    worker, resident, neighbourhood, other_resident, garden, cooking
):
    # A helper in the district, an initiative of the district, a helper in
    # another district (no candidate), the resident's own talent (none).
    NeedFactory(resident=resident, category=garden, text="Gras maaien")
    TalentFactory(resident=neighbour(resident), category=garden, text="Hovenier")
    NeedFactory(resident=resident, category=cooking, text="Samen eten")
    dinner = InitiativeFactory(name="Buurtmaaltijd", neighbourhoods=[neighbourhood])
    TalentFactory(resident=None, initiative=dinner, category=cooking, text="Elke vrijdag eten")
    sport = CategoryFactory(slug="bordsport", name="Bordsport", name_en="Board sport")
    NeedFactory(resident=resident, category=sport, text="Voetballen")
    TalentFactory(resident=other_resident, category=sport, text="Voetbaltrainer")
    TalentFactory(resident=resident, category=sport, text="Speelde zelf")

    items = list(board_items(user=worker, neighbourhood=neighbourhood))

    assert [item.has_candidates for item in items] == [True, True, False]
    for item in items:
        assert item.has_candidates == bool(suggest_for_need(item, user=worker)), item.text


def test_a_neighbour_who_wants_the_same_gift_of_the_heart_is_a_candidate(
    worker, resident, neighbourhood
):
    from contacts.models import Category

    company = CategoryFactory(
        slug="bordgezelschap",
        name="Bordgezelschap",
        name_en="Board company",
        gift=Category.Gift.HEART,
    )
    NeedFactory(resident=resident, category=company, text="Zit veel alleen")
    NeedFactory(resident=neighbour(resident), category=company, text="Zou graag koffie drinken")

    items = list(board_items(user=worker, neighbourhood=neighbourhood))

    assert [item.has_candidates for item in items] == [True, True]
    for item in items:
        assert [c.shared_need_text != "" for c in suggest_for_need(item, user=worker)] == [True]


def test_a_resident_who_may_not_be_matched_is_said_so(client, worker, resident, garden):
    TalentFactory(resident=neighbour(resident), category=garden)
    NeedFactory(resident=resident, category=garden)
    resident.may_match = False
    resident.save()
    client.force_login(worker)

    response = board(client)

    [item] = response.context["rows"]
    assert not item.has_candidates and item.why_none is None
    assert item.refusal in response.content.decode()


def test_the_filters_choose_category_age_and_state(client, worker, resident, garden, cooking):
    TalentFactory(resident=neighbour(resident), category=garden)
    NeedFactory(resident=resident, category=garden, text="Nieuw gras")
    old = NeedFactory(resident=resident, category=garden, text="Oud gras")
    Need.objects.filter(pk=old.pk).update(created_at=timezone.now() - datetime.timedelta(days=40))
    NeedFactory(resident=resident, category=cooking, text="Koken")
    taken = NeedFactory(resident=resident, category=cooking, text="Bezig")
    MatchFactory(need=taken, talent__category=garden)  # no cook in the district
    client.force_login(worker)

    assert shown(board(client, categorie=garden.pk)) == ["Oud gras", "Nieuw gras"]
    assert shown(board(client, leeftijd="1m")) == ["Oud gras"]
    assert shown(board(client, staat=State.WITH)) == ["Oud gras", "Nieuw gras"]
    assert shown(board(client, staat=State.WITHOUT)) == ["Koken"]
    assert shown(board(client, staat=State.TAKEN)) == ["Bezig"]
    assert shown(board(client, staat=State.WITHOUT, categorie=garden.pk)) == []


def test_a_bad_filter_is_shown_beside_its_field_and_the_others_still_apply(
    client, worker, resident, garden, cooking
):
    NeedFactory(resident=resident, category=garden, text="Gras")
    NeedFactory(resident=resident, category=cooking, text="Koken")
    client.force_login(worker)

    response = board(client, categorie=garden.pk, leeftijd="ooit")

    assert shown(response) == ["Gras"]
    assert "leeftijd" in response.context["filters"].errors
    content = response.content.decode()
    assert "Select a valid choice. ooit is not one of the available choices." in content
    assert 'name="categorie"' in content and f'value="{garden.pk}" selected' in content


def test_the_offers_show_whether_someone_asks_for_them(client, worker, resident, garden, cooking):
    NeedFactory(resident=neighbour(resident), category=garden)
    TalentFactory(resident=resident, category=garden, text="Hovenier")
    TalentFactory(resident=resident, category=cooking, text="Kookt")
    taken_need = NeedFactory(resident=neighbour(resident), category=cooking)
    MatchFactory(need=taken_need, talent__category=cooking)  # taken: asks no more
    client.force_login(worker)

    response = board(client, soort=Kind.OFFERS)

    rows = {item.text: item for item in response.context["rows"]}
    assert isinstance(rows["Hovenier"], Talent)
    assert rows["Hovenier"].has_candidates
    assert not rows["Kookt"].has_candidates
    assert "Nobody in the district asks for this now." in response.content.decode()
    assert shown(board(client, soort=Kind.OFFERS, staat=State.WITHOUT)) == ["Kookt"]


def test_a_neighbour_who_moves_out_of_the_district_is_no_candidate_either_way(
    client, worker, resident, other_neighbourhood, garden, cooking
):
    """The board keeps candidates to the district by the talent's or need's
    stored neighbourhood alone: the database moves it with its resident
    (contacts migration 0010)."""
    helper = neighbour(resident)
    TalentFactory(resident=helper, category=garden, text="Hovenier")
    NeedFactory(resident=resident, category=garden, text="Gras maaien")
    asker = neighbour(resident)
    NeedFactory(resident=asker, category=cooking, text="Wil leren koken")
    TalentFactory(resident=resident, category=cooking, text="Kookt")
    client.force_login(worker)

    def candidates(kind):
        rows = board(client, soort=kind).context["rows"]
        return {item.text: item.has_candidates for item in rows}

    assert candidates(Kind.NEEDS) == {"Gras maaien": True, "Wil leren koken": True}
    assert candidates(Kind.OFFERS) == {"Hovenier": True, "Kookt": True}

    for moving in (helper, asker):
        moving.address = AddressFactory(street__neighbourhood=other_neighbourhood)
        moving.neighbourhood = other_neighbourhood
        moving.save()

    assert candidates(Kind.NEEDS) == {"Gras maaien": False}
    assert candidates(Kind.OFFERS) == {"Kookt": False}


# The three people


def test_a_worker_of_another_team_gets_404_for_this_neighbourhood(
    client, other_worker, neighbourhood, resident, garden
):
    NeedFactory(resident=resident, category=garden, text="Gras maaien")
    client.force_login(other_worker)
    assert board(client, buurt=neighbourhood.pk).status_code == 404
    # Their own board shows their own neighbourhood only.
    response = board(client)
    assert response.status_code == 200
    assert "Gras maaien" not in response.content.decode()
    assert response.context["neighbourhood"] != neighbourhood


def test_the_board_requires_login_and_only_reads(client, worker):
    response = board(client)
    assert response.status_code == 302
    assert reverse("account_login") in response["Location"]
    client.force_login(worker)
    assert client.post(BOARD).status_code == 405


def test_a_worker_chooses_among_their_neighbourhoods(
    client, worker, team, resident, garden, other_neighbourhood
):
    from tests.neighbourhoods.factories import NeighbourhoodFactory

    second = NeighbourhoodFactory(name="Zuiderbuurt")
    team.neighbourhoods.add(second)
    there = ResidentFactory(address=AddressFactory(street__neighbourhood=second))
    NeedFactory(resident=there, category=garden, text="Daar")
    NeedFactory(resident=resident, category=garden, text="Hier")
    client.force_login(worker)

    assert shown(board(client)) == ["Hier"]  # Oosterbuurt comes first
    assert shown(board(client, buurt=second.pk)) == ["Daar"]
    assert board(client, buurt=other_neighbourhood.pk).status_code == 404
    assert board(client, buurt="x").status_code == 404


def test_the_board_is_in_the_menu(client, worker):
    from tests.buurtwerk.test_navigation import current_links

    client.force_login(worker)
    menu = board(client).content.decode().split("</nav>")[0]
    assert current_links(menu) == [BOARD]


def test_the_board_makes_a_fixed_number_of_queries(
    client, worker, resident, garden, cooking, django_assert_num_queries
):
    helper = neighbour(resident)
    TalentFactory(resident=helper, category=garden)
    client.force_login(worker)

    def add_needs(count):
        for number in range(count):
            NeedFactory(resident=neighbour(resident), category=garden, text=f"Gras {number}")
            NeedFactory(resident=neighbour(resident), category=cooking, text=f"Koken {number}")
            taken = NeedFactory(resident=neighbour(resident), category=garden)
            MatchFactory(need=taken, talent__category=garden)

    add_needs(1)
    # savepoint, session, user, the user's neighbourhoods, the categories,
    # the count, the page (with residents, categories, candidates and
    # matches in progress), the reasons of the needs without candidates,
    # the access-log row, release savepoint
    with django_assert_num_queries(10):
        board(client)
    add_needs(5)
    with django_assert_num_queries(10):
        response = board(client)
    assert len(response.context["rows"]) == 18


@pytest.mark.parametrize(("state", "queries"), [(State.WITH, 9), (State.WITHOUT, 10)])
def test_a_board_filtered_by_candidates_pages_in_order_with_a_fixed_number_of_queries(
    client, worker, resident, garden, cooking, django_assert_num_queries, state, queries
):
    """By candidates the board reads the ids of its items once and loads a
    page of them by id: every item on exactly one page, oldest first, and
    as many queries for two pages as for one."""
    TalentFactory(resident=neighbour(resident), category=garden)
    category = garden if state == State.WITH else cooking
    needs = [
        NeedFactory(resident=neighbour(resident), category=category, text=f"Vraag {number:02}")
        for number in range(27)
    ]
    NeedFactory(resident=neighbour(resident), category=cooking if category == garden else garden)
    client.force_login(worker)
    board(client, staat=state)
    # savepoint, session, user, the user's neighbourhoods, the categories,
    # the ids, the page's items, the reasons (only of needs without
    # candidates), the access-log row, release savepoint
    with django_assert_num_queries(queries):
        first = board(client, staat=state)
    with django_assert_num_queries(queries):
        second = board(client, staat=state, page=2)
    assert shown(first) + shown(second) == [need.text for need in needs]
    assert {item.has_candidates for item in first.context["rows"]} == {state == State.WITH}
    assert first.context["page"].paginator.count == 27
    assert len(shown(first)) == 25
