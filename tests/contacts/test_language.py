"""The analysis of Dutch as residents speak it (contacts.language): word
forms, compounds, derivations, typos, the thesaurus, and how the stored
terms reach PostgreSQL's search vector and the category proposal."""

import pytest
from django.contrib.postgres.search import SearchQuery

from contacts import language
from contacts.categorise import propose_category
from contacts.language import Thesaurus, analyse, compound_parts, word_forms
from contacts.models import Need, Talent, ThesaurusEntry
from contacts.services.heard import heard_analyse_all, heard_update, need_create, talent_create
from tests.contacts.factories import TalentFactory


def terms(text, thesaurus=None):
    return analyse(text, thesaurus).split()


@pytest.mark.parametrize(
    ("word", "parts"),
    [
        ("plantsoenendienst", ("plantsoen", "dienst")),
        ("fietsenmaker", ("fiets", "maker")),
        ("fietsenreparatie", ("fiets", "reparatie")),
        ("boodschappenhulp", ("boodschappen", "hulp")),
        ("huiswerkbegeleiding", ("huiswerk", "begeleiding")),
        ("tuinman", ("tuin", "man")),
        ("belastingaangifte", ("belasting", "aangifte")),
    ],
)
def test_a_compound_is_split_into_its_common_parts(word, parts):
    assert compound_parts(word) == parts


@pytest.mark.parametrize("word", ["boodschappen", "ziekenhuis", "hovenier", "kapper", "tuin"])
def test_common_and_short_words_are_not_split(word):
    assert compound_parts(word) == ()


@pytest.mark.parametrize(
    ("word", "form"),
    [
        ("repareert", "repareren"),
        ("gerepareerd", "repareren"),
        ("reparaties", "repareren"),  # through reparatie
        ("gemaaid", "maaien"),
        ("begeleiding", "begeleiden"),
        ("fietsenmaker", "fiets"),
    ],
)
def test_word_forms_meet_in_the_lemma(word, form):
    assert form in word_forms(word)


def test_the_terms_leave_out_the_words_of_the_text_itself():
    assert "repareert" not in terms("Hij repareert alles")
    assert terms("") == []


def test_a_thesaurus_entry_applies_when_all_its_words_occur_in_any_form():
    thesaurus = Thesaurus([("trap boodschappen", "boodschappen doen")])
    assert "doen" in terms("Kan de trappen niet meer op met haar boodschap", thesaurus)
    assert "doen" not in terms("Loopt elke dag de trap op", thesaurus)


def test_an_entry_can_make_another_apply():
    thesaurus = Thesaurus([("hovenier", "tuin"), ("tuin", "groen")])
    assert {"tuin", "groen"} <= set(terms("Oud-hovenier", thesaurus))


def test_a_typo_of_a_word_the_thesaurus_knows_is_corrected():
    thesaurus = Thesaurus([("hovenier", "tuin")], vocabulary=["boodschappen"])
    assert {"hovenier", "tuin"} <= set(terms("Was vroeger hovenir", thesaurus))
    assert "boodschappen" in terms("Hulp met de boodschapen", thesaurus)
    # A Dutch word as written is never "corrected".
    assert "klapper" not in terms("Naar de kapper", Thesaurus([("klapper", "x")]))


@pytest.mark.django_db
def test_the_shipped_thesaurus_maps_problems_to_the_help_they_ask_for():
    said = set(language.analyse_with_thesaurus("Zit de hele dag alleen thuis").split())
    assert "gezelschap" in said
    stairs = language.analyse_with_thesaurus("Kan de trap niet meer op met de boodschappen")
    assert "doen" in stairs.split()


@pytest.mark.django_db
def test_the_thesaurus_is_loaded_once_and_again_after_a_change(django_assert_num_queries):
    with django_assert_num_queries(2):  # the entries; the categories' keywords
        language.thesaurus()
    with django_assert_num_queries(0):
        language.analyse_with_thesaurus("Oud-hovenier")
    ThesaurusEntry.objects.create(words="sleutelaar", means="fiets repareren")
    assert "fiets" in language.analyse_with_thesaurus("Een echte sleutelaar").split()


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("text", "slug"),
    [
        ("Zit de hele dag alleen, niemand om mee te praten", "gezelschap"),
        ("Kan de trap niet meer op met zware tassen", "boodschappen"),
        ("Werkte dertig jaar bij de plantsoenendienst", "tuin"),
        ("Doet fietsenreparaties", "klussen"),
    ],
)
def test_the_category_proposal_uses_the_same_analysis(text, slug):
    assert propose_category(text).slug == slug


def _matching(model, text):
    """The texts of ``model`` whose search vector has one of the words of
    ``text`` or its terms, as the suggestions compare them."""
    query = None
    for word in [*language.words(text), *analyse(text).split()]:
        one = SearchQuery(word, config="dutch")
        query = one if query is None else query | one
    return set(model.objects.filter(search_vector=query).values_list("text", flat=True))


@pytest.mark.django_db
def test_a_talent_is_found_by_the_parts_and_forms_of_its_words(resident, worker):
    talent_create(resident=resident, text="Fietsenmaker van beroep", created_by=worker)
    talent_create(resident=resident, text="Heeft de buurtfietsen gerepareerd", created_by=worker)
    assert _matching(Talent, "fiets") == {
        "Fietsenmaker van beroep",
        "Heeft de buurtfietsen gerepareerd",
    }
    # The second through its word forms, the first through the thesaurus (a
    # fietsenmaker repairs).
    assert _matching(Talent, "repareert") == _matching(Talent, "fiets")
    assert _matching(Talent, "gras") == set()


@pytest.mark.django_db
def test_a_change_of_the_text_is_analysed_again(resident, worker):
    need = need_create(resident=resident, text="Gras maaien", created_by=worker)
    need = heard_update(
        item=need, text="Fiets moet gerepareerd", category=None, availability=[], status="open",
        by=worker,
    )  # fmt: skip
    assert "repareren" in need.terms.split()
    assert _matching(Need, "reparatie") == {"Fiets moet gerepareerd"}


@pytest.mark.django_db
def test_analysing_again_fills_the_terms_of_what_was_written_before(resident):
    old = TalentFactory(resident=resident, text="Was stratenmaker", terms="")
    assert heard_analyse_all() == 1
    old.refresh_from_db()
    assert "straat" in old.terms.split()
    assert heard_analyse_all() == 0  # nothing changed
