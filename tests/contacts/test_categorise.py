"""The shipped taxonomy and the category proposed from what a resident said
(matches/migrations/0002_categories.py and contacts.categorise)."""

import importlib
import json
from pathlib import Path

import pytest
from django.urls import reverse

from contacts import categorise
from contacts.categorise import OTHER_SLUG, other_category, propose_category, rank_categories
from contacts.models import Category
from tests.contacts.factories import CategoryFactory

pytestmark = pytest.mark.django_db

SAMPLE = Path("/work/shared/matching/sample.json")


def test_the_taxonomy_ships_with_gifts_of_head_hands_and_heart():
    categories = Category.objects.all()
    assert len(categories) >= 15
    assert {c.gift for c in categories} == {"head", "hands", "heart"}
    for category in categories:
        assert category.name and category.name_en
        if category.slug != OTHER_SLUG:
            assert len(category.keywords) >= 20, category.slug


def test_other_is_the_last_category_and_has_no_keywords():
    other = other_category()
    assert other.name_en == "Other"
    assert other.keywords == []
    assert list(Category.objects.all())[-1] == other


@pytest.mark.parametrize(
    ("text", "slug"),
    [
        ("Mijn heg moet nodig gesnoeid worden", "tuin"),
        ("Heeft groene vingers en kweekt tomaten op het balkon", "tuin"),
        ("Kan niet meer zelf naar de supermarkt", "boodschappen"),
        ("Moet volgende week naar het ziekenhuis en heeft geen auto", "vervoer"),
        ("Zou graag iemand hebben die meegaat naar de tandarts", "vervoer"),
        ("Mevrouw zit de hele dag alleen thuis", "gezelschap"),
        ("Drinkt graag een kopje thee met de buurvrouw", "gezelschap"),
        ("Kan de kraan niet meer maken, die lekt", "klussen"),
        ("Was vroeger timmerman", "klussen"),
        ("Weet niet hoe videobellen werkt met de kleinkinderen", "computer"),
        ("Moet inloggen met DigiD maar dat lukt niet", "computer"),
        ("Spreekt nog weinig Nederlands en wil dat leren", "taal"),
        ("Begrijpt de brieven van de gemeente niet", "papierwerk"),
        ("Heeft schulden en ziet door de rekeningen het overzicht niet meer", "papierwerk"),
        ("Zou graag af en toe samen eten met anderen", "koken"),
        ("Bakt elke week een taart", "koken"),
        ("Wandelt elke ochtend een rondje door het park", "bewegen"),
        ("Geeft bijles wiskunde aan scholieren", "kinderen"),
        ("Kan de hond niet meer uitlaten door haar heup", "huisdieren"),
        ("Speelt gitaar en zingt in een koor", "creatief"),
        ("Wil een buurtfeest organiseren", "organiseren"),
        ("Kan een lekke band plakken", "klussen"),
    ],
)
def test_it_proposes_the_category_a_worker_would_choose(text, slug):
    assert propose_category(text).slug == slug


@pytest.mark.parametrize("text", ["Het weer is vandaag mooi", "", "   ", "de het een"])
def test_it_proposes_nothing_when_no_keyword_occurs(text):
    assert propose_category(text) is None


def test_it_stems_in_postgresql_so_other_forms_of_a_keyword_match():
    # "snoeien" is a keyword; "snoei" and "hovenierswerk" are not.
    assert propose_category("Ik snoei graag").slug == "tuin"


def test_a_keyword_with_quotes_or_operators_cannot_break_the_query():
    CategoryFactory(slug="raar", keywords=["it's", "a & b | !c", "(", "<->", "\\", "'"])
    assert propose_category("Helpt graag met de computer").slug == "computer"
    assert propose_category("a b c").slug == "raar"


def test_a_phrase_is_a_stronger_hit_than_a_single_word():
    ranked = rank_categories("Kan een lekke band plakken, speelt ook in een band")
    assert [c.slug for c in ranked[:2]] == ["klussen", "creatief"]
    assert ranked[0].weight > ranked[1].weight


def test_the_tie_break_is_deterministic():
    first = CategoryFactory(slug="a-eerst", position=1, keywords=["zeppelin"])
    CategoryFactory(slug="b-later", position=2, keywords=["zeppelin"])
    assert propose_category("Bouwt een zeppelin") == first


def test_an_inactive_category_is_never_proposed():
    Category.objects.filter(slug="tuin").update(is_active=False)
    assert propose_category("Werkt graag in de tuin") is None


def test_an_admin_edit_of_the_keywords_counts_at_once():
    Category.objects.filter(slug="huisdieren").update(keywords=["paard", "pony"])
    assert propose_category("Verzorgt een pony").slug == "huisdieren"


def test_it_runs_one_query(django_assert_num_queries):
    with django_assert_num_queries(3):  # the thesaurus, the keywords (once); the ranking
        propose_category("Kan het gras niet meer maaien")
    with django_assert_num_queries(1):
        propose_category("Kan het gras niet meer maaien")
    with django_assert_num_queries(0):
        propose_category("")


@pytest.fixture
def fresh_ranking():
    """The ranking query built anew from the models, before and after."""
    categorise._ranking.cache_clear()
    yield
    categorise._ranking.cache_clear()


def test_the_ranking_follows_the_models_when_every_table_and_column_is_renamed(
    fresh_ranking, renamed_tables
):
    text = "Mijn heg moet nodig gesnoeid worden, en de laptop doet raar"
    expected = [(c.pk, c.slug, c.weight, c.rank) for c in rank_categories(text)]
    assert len(expected) >= 2

    renamed_tables("neighbourhoods", "contacts", "matches")
    categorise._ranking.cache_clear()

    assert [(c.pk, c.slug, c.weight, c.rank) for c in rank_categories(text)] == expected


@pytest.mark.skipif(not SAMPLE.exists(), reason="no shared sample")
def test_every_talent_and_need_in_the_public_sample_gets_a_category():
    residents = json.loads(SAMPLE.read_text())["residents"]
    texts = [item["text"] for r in residents for item in r.get("talents", []) + r.get("needs", [])]
    assert all(propose_category(text) for text in texts)


def test_reversing_the_migration_removes_only_the_shipped_categories():
    from django.apps import apps

    migration = importlib.import_module("matches.migrations.0002_categories")
    own = CategoryFactory(slug="eigen", keywords=["paard"])
    migration.remove_categories(apps, None)
    assert list(Category.objects.all()) == [own]
    migration.add_categories(apps, None)
    assert Category.objects.count() == len(migration.CATEGORIES) + 1


def test_the_admin_edits_keywords_as_comma_separated_words(client, admin_user):
    client.force_login(admin_user)
    garden = Category.objects.get(slug="tuin")
    url = reverse("admin:contacts_category_change", args=[garden.pk])
    assert "tuin, tuinen, tuintje" in client.get(url).content.decode()
    response = client.post(
        url,
        {
            "slug": "tuin",
            "name": "Tuin en groen",
            "name_en": "Garden and green",
            "gift": "hands",
            "keywords": "tuin, gras,, heg knippen , tuin,",
            "position": "10",
            "is_active": "on",
        },
    )
    assert response.status_code == 302
    garden.refresh_from_db()
    assert garden.keywords == ["tuin", "gras", "heg knippen"]
    assert propose_category("De heg knippen").slug == "tuin"


def test_the_admin_finds_a_category_by_one_of_its_keywords(client, admin_user):
    client.force_login(admin_user)
    response = client.get(reverse("admin:contacts_category_changelist"), {"q": "hovenier"})
    assert [c.slug for c in response.context["cl"].result_list] == ["tuin"]
