"""The suggestions page for a need (matches.views.matches.need_suggestions):
one card per person with their other talents and a link to their page,
and, when nobody is suggested, why (matches.selectors.nobody) with what
the worker can do. Each for the permitted user, a worker of another team
(404) and an anonymous visitor (login)."""

import pytest
from django.urls import reverse

from contacts.models import Category
from tests.contacts.factories import (
    CategoryFactory,
    InitiativeFactory,
    NeedFactory,
    ResidentFactory,
    TalentFactory,
)
from tests.matches.factories import MatchFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english_pages")]


@pytest.fixture
def garden(db):
    return CategoryFactory(slug="tuin", name="Tuin en groen", name_en="Garden and green")


@pytest.fixture
def need(resident, garden):
    return NeedFactory(resident=resident, category=garden, text="Kan het gras niet meer maaien")


def page(client, need):
    return client.get(reverse("matches:need_suggestions", args=[need.pk]))


def test_a_person_has_one_card_with_their_other_talents_and_a_link(
    client, worker, need, helper, garden
):
    TalentFactory(resident=helper, category=garden, text="Werkte jaren als hovenier")
    TalentFactory(resident=helper, category=garden, text="Snoeit graag heggen")
    cooking = CategoryFactory(slug="koken", name="Koken", name_en="Cooking")
    TalentFactory(resident=helper, category=cooking, text="Kookt voor de buren")
    client.force_login(worker)
    response = page(client, need)
    rows = response.context["rows"]
    assert [row["candidate"].resident for row in rows] == [helper]
    shown = rows[0]["candidate"].talent.text
    others = {t.text for t in rows[0]["other_talents"]}
    assert shown not in others
    assert others | {shown} == {
        "Werkte jaren als hovenier",
        "Snoeit graag heggen",
        "Kookt voor de buren",
    }
    content = response.content.decode()
    assert "Also offers:" in content and "Kookt voor de buren" in content
    assert reverse("contacts:resident_detail", args=[helper.pk]) in content


def test_an_initiative_that_offers_the_help_is_suggested_with_a_link(
    client, worker, neighbourhood, resident
):
    company = Category.objects.get(slug="gezelschap")
    need = NeedFactory(
        resident=resident, category=company, text="Zit de hele dag alleen, eet graag met anderen"
    )
    dinner = InitiativeFactory(name="Buurtmaaltijd", neighbourhoods=[neighbourhood])
    TalentFactory(
        resident=None, initiative=dinner, category=company, text="Elke vrijdag samen eten"
    )
    client.force_login(worker)
    response = page(client, need)
    assert [row["candidate"].initiative for row in response.context["rows"]] == [dinner]
    assert reverse("contacts:initiative_detail", args=[dinner.pk]) in response.content.decode()


def test_nobody_in_the_district_says_so_with_what_to_do(client, worker, need):
    client.force_login(worker)
    response = page(client, need)
    assert response.context["why_none"].code == "nobody"
    content = response.content.decode()
    assert "Nobody in the district is known to offer Garden and green" in content
    assert "ask a connector" in content.lower()


def test_candidates_without_consent_are_named_as_the_reason(client, worker, need, address, garden):
    shy = ResidentFactory(address=address, may_match=False)
    TalentFactory(resident=shy, category=garden, text="Hovenier")
    client.force_login(worker)
    why = page(client, need).context["why_none"]
    assert (why.code, why.count) == ("no_consent", 1)


def test_candidates_all_tried_before_are_named_as_the_reason(client, worker, need, helper, garden):
    talent = TalentFactory(resident=helper, category=garden, text="Hovenier")
    MatchFactory(need=need, helper=helper, talent=talent, status="rejected")
    client.force_login(worker)
    why = page(client, need).context["why_none"]
    assert (why.code, why.count) == ("all_tried", 1)
    assert "matched with this need before" in why.message


def test_the_reasons_are_kept_to_the_workers_neighbourhoods(client, other_worker, need):
    client.force_login(other_worker)
    assert page(client, need).status_code == 404


def test_the_page_requires_login(client, need):
    response = page(client, need)
    assert response.status_code == 302
    assert reverse("account_login") in response["Location"]


def test_the_reasons_take_one_query(need, django_assert_num_queries):
    from matches.selectors.nobody import why_no_suggestions

    with django_assert_num_queries(1):
        why = why_no_suggestions(need)
    assert why.code == "nobody"
