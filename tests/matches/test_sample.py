"""The public sample of ../shared/matching: imported with import_residents,
suggest_matches must put an expected resident among the first three
candidates of every need in sample_expected.json, and never show a
resident who refused matching (FORMAT.md)."""

import json
from io import StringIO
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command

SAMPLE_DIR = Path(settings.BASE_DIR).parent / "shared" / "matching"

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(
        not (SAMPLE_DIR / "sample.json").exists(),
        reason=f"the public sample is not here: {SAMPLE_DIR} (a checkout without ../shared)",
    ),
]


@pytest.fixture
def expected():
    return json.loads((SAMPLE_DIR / "sample_expected.json").read_text(encoding="utf-8"))


@pytest.fixture
def suggestions():
    """suggest_matches' output for the imported sample, parsed."""
    call_command("import_residents", str(SAMPLE_DIR / "sample.json"), stdout=StringIO())
    out = StringIO()
    call_command("suggest_matches", format="json", stdout=out)
    return json.loads(out.getvalue())


def test_the_output_has_the_documented_shape(suggestions):
    assert set(suggestions) == {"suggestions"}
    assert suggestions["suggestions"]
    for entry in suggestions["suggestions"]:
        assert set(entry) == {"need", "candidates"}
        assert set(entry["need"]) == {"resident", "text"}
        assert isinstance(entry["need"]["resident"], str)
        assert isinstance(entry["need"]["text"], str)
        scores = []
        for candidate in entry["candidates"]:
            assert {"resident", "talent", "score", "reasons"} <= set(candidate)
            assert isinstance(candidate["resident"], str)
            assert isinstance(candidate["talent"], str)
            assert isinstance(candidate["score"], float)
            assert 0 < candidate["score"] <= 1
            assert candidate["reasons"]
            assert all(isinstance(reason, str) and reason for reason in candidate["reasons"])
            scores.append(candidate["score"])
        assert scores == sorted(scores, reverse=True)


def test_an_expected_resident_is_among_the_first_three_for_every_need(suggestions, expected):
    by_resident = {}
    for entry in suggestions["suggestions"]:
        by_resident.setdefault(entry["need"]["resident"], []).append(entry)
    for ref, good in expected["expected"].items():
        entries = by_resident.get(ref)
        assert entries, f"no needs of {ref} in the output"
        for entry in entries:
            first_three = [candidate["resident"] for candidate in entry["candidates"][:3]]
            assert set(first_three) & set(good), (ref, entry["need"]["text"], first_three)


def test_residents_who_refused_matching_never_appear(suggestions, expected):
    forbidden = set(expected["forbidden"])
    for entry in suggestions["suggestions"]:
        assert entry["need"]["resident"] not in forbidden
        for candidate in entry["candidates"]:
            assert candidate["resident"] not in forbidden


def test_nobody_is_suggested_for_their_own_need(suggestions):
    for entry in suggestions["suggestions"]:
        assert entry["need"]["resident"] not in {c["resident"] for c in entry["candidates"]}


def test_the_reasons_read_as_in_the_format(suggestions):
    first = suggestions["suggestions"][0]
    assert first["need"] == {"resident": "s01", "text": "Kan het gras niet meer maaien"}
    assert first["candidates"][0]["reasons"][:2] == ["same category: Tuin en groen", "same street"]
