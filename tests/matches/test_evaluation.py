"""evaluate_matching (matches.evaluation): the figures from a suggestions
document, and the command on the public sample (in place, rolled back)."""

from io import StringIO

import pytest
from django.core.management import call_command

from contacts.models import Resident
from matches.evaluation import score
from tests.matches.test_sample import SAMPLE_DIR


def _entry(seeker, *candidates):
    return {
        "need": {"resident": seeker, "text": "x"},
        "candidates": [{"resident": ref} for ref in candidates],
    }


def test_the_figures_count_ranks_and_forbidden_residents():
    document = {
        "suggestions": [
            _entry("a", "good-a", "x"),
            _entry("b", "x", "y", "good-b"),
            _entry("c", "x", "bad"),
            _entry("c", "y", "z", "w", "good-c"),  # a second need of c
        ]
    }
    expected = {
        "expected": {"a": ["good-a"], "b": ["good-b"], "c": ["good-c"], "d": ["good-d"]},
        "forbidden": ["bad"],
    }
    result = score(document, expected)
    assert (result.needs, result.hit1, result.hit3, result.forbidden_shown) == (4, 1, 2, 1)
    assert result.mrr == pytest.approx((1 + 1 / 3 + 1 / 4 + 0) / 4)
    assert result.missed == [("c", 4), ("d", None)]


@pytest.mark.django_db
@pytest.mark.skipif(not (SAMPLE_DIR / "sample.json").exists(), reason="no ../shared")
def test_the_command_prints_the_figures_of_the_sample_and_keeps_nothing():
    out = StringIO()
    call_command(
        "evaluate_matching",
        str(SAMPLE_DIR / "sample.json"),
        str(SAMPLE_DIR / "sample_expected.json"),
        in_place=True,
        stdout=out,
    )
    assert out.getvalue().strip().splitlines()[-1] == (
        "needs 5: hit@1 100.0 %, hit@3 100.0 %, MRR 1.000, forbidden shown 0"
    )
    assert not Resident.objects.filter(external_ref="s01").exists()
