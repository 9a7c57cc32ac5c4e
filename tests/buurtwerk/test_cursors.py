"""buurtwerk.cursors: a moment in a URL, exact to the microsecond."""

import datetime

import pytest

from buurtwerk.cursors import moment_from_text, moment_to_text


def test_a_moment_comes_back_exactly():
    moment = datetime.datetime(2025, 9, 22, 10, 15, 7, 123456, tzinfo=datetime.UTC)
    assert moment_to_text(moment) == "1758536107123456"
    assert moment_from_text(moment_to_text(moment)) == moment


def test_a_moment_in_another_time_zone_is_the_same_instant():
    amsterdam = datetime.timezone(datetime.timedelta(hours=2))
    moment = datetime.datetime(2025, 9, 22, 12, 15, 7, 123456, tzinfo=amsterdam)
    assert moment_from_text(moment_to_text(moment)) == moment


@pytest.mark.parametrize("text", ["", "x", "-5", "1.5", " 12", "9" * 40])
def test_anything_else_is_none(text):
    assert moment_from_text(text) is None
