"""The suggest_matches and bench_suggestions commands on made-up data."""

import json
import re
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from contacts.models import Category
from tests.contacts.factories import InitiativeFactory, NeedFactory, ResidentFactory, TalentFactory
from tests.matches.factories import MatchFactory
from tests.neighbourhoods.factories import AddressFactory, StreetFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def garden(db):
    return Category.objects.get(slug="tuin")


@pytest.fixture
def street(neighbourhood):
    return StreetFactory(neighbourhood=neighbourhood)


def person(street, name, ref="", **fields):
    return ResidentFactory(
        address=AddressFactory(street=street), name=name, external_ref=ref, **fields
    )


def suggest(**options):
    out = StringIO()
    call_command("suggest_matches", format="json", stdout=out, **options)
    return json.loads(out.getvalue())["suggestions"]


@pytest.fixture
def village(street, neighbourhood, garden):
    """Two residents with a garden need, two helpers, a garden club."""
    ans = person(street, "Ans Vries", ref="r01")
    NeedFactory(resident=ans, category=garden, text="Kan het gras niet meer maaien")
    piet = person(street, "Piet Zonder Ref")
    NeedFactory(resident=piet, category=garden, text="De heg is te hoog")
    erik = person(street, "Erik Hof", ref="r02")
    TalentFactory(resident=erik, category=garden, text="Werkt graag in de tuin")
    kees = person(street, "Kees Ris", ref="r03")
    TalentFactory(resident=kees, category=garden, text="Maait graag gras")
    club = InitiativeFactory(name="Buurttuin", neighbourhoods=[neighbourhood])
    TalentFactory(resident=None, initiative=club, category=garden, text="Samen tuinieren")
    return {"ans": ans, "piet": piet, "erik": erik, "kees": kees, "club": club}


def test_it_lists_every_open_need_with_refs_or_ids(village):
    suggestions = suggest()
    needs = [(entry["need"]["resident"], entry["need"]["text"]) for entry in suggestions]
    assert needs == [
        (str(village["piet"].pk), "De heg is te hoog"),
        ("r01", "Kan het gras niet meer maaien"),
    ]
    candidates = suggestions[1]["candidates"]
    assert [c["resident"] for c in candidates] == ["r03", "r02", None]
    assert candidates[0]["talent"] == "Maait graag gras"
    assert candidates[2] == {
        "resident": None,
        "talent": "Samen tuinieren",
        "score": candidates[2]["score"],
        "reasons": candidates[2]["reasons"],
        "initiative": str(village["club"].pk),
    }
    assert candidates[2]["reasons"][0] == "offered by the initiative Buurttuin"


def test_limit_and_resident_narrow_it_down(village):
    [entry] = suggest(resident="r01", limit=1)
    assert entry["need"]["resident"] == "r01"
    assert [c["resident"] for c in entry["candidates"]] == ["r03"]
    [entry] = suggest(resident=str(village["piet"].pk))
    assert entry["need"]["text"] == "De heg is te hoog"


def test_a_need_whose_match_is_in_progress_is_left_out(village):
    ans_need = village["ans"].needs.get()
    MatchFactory(need=ans_need, talent=village["erik"].talents.get())
    assert [entry["need"]["resident"] for entry in suggest()] == [str(village["piet"].pk)]


def test_needs_of_residents_who_refused_matching_are_left_out(village, street, garden):
    ton = person(street, "Ton Wolf", ref="r09", may_match=False)
    NeedFactory(resident=ton, category=garden)
    assert "r09" not in {entry["need"]["resident"] for entry in suggest()}


def test_an_unknown_resident_is_an_error(village):
    with pytest.raises(CommandError, match="No resident with ref or id 'r99'"):
        suggest(resident="r99")


def test_the_benchmark_ends_with_the_documented_line(village):
    out = StringIO()
    call_command("bench_suggestions", count=5, stdout=out)
    last = out.getvalue().splitlines()[-1]
    assert re.fullmatch(
        r"suggestions: median [\d.]+ ms, p95 [\d.]+ ms, \d+ queries per need, 4 residents", last
    )
    assert " 2 queries per need" in last


def test_the_benchmark_needs_open_needs(db):
    with pytest.raises(CommandError, match="No open needs"):
        call_command("bench_suggestions", stdout=StringIO())
