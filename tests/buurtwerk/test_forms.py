"""The form helpers every app uses (buurtwerk.forms)."""

import datetime

import pytest
from django.core.exceptions import ValidationError

from buurtwerk.forms import LocalDateTimeField

CET = datetime.timezone(datetime.timedelta(hours=1))
CEST = datetime.timezone(datetime.timedelta(hours=2))


@pytest.mark.parametrize(
    ("typed", "moment"),
    [
        ("2027-10-31T01:30", datetime.datetime(2027, 10, 31, 1, 30, tzinfo=CEST)),
        # 02:00-03:00 comes twice when summer time ends: the first pass.
        ("2027-10-31T02:00", datetime.datetime(2027, 10, 31, 2, 0, tzinfo=CEST)),
        ("2027-10-31T02:59", datetime.datetime(2027, 10, 31, 2, 59, tzinfo=CEST)),
        ("2027-10-31T03:00", datetime.datetime(2027, 10, 31, 3, 0, tzinfo=CET)),
        ("2027-03-28T01:59", datetime.datetime(2027, 3, 28, 1, 59, tzinfo=CET)),
        ("2027-03-28T03:00", datetime.datetime(2027, 3, 28, 3, 0, tzinfo=CEST)),
        ("2028-02-29T23:55", datetime.datetime(2028, 2, 29, 23, 55, tzinfo=CET)),
    ],
)
def test_a_wall_time_is_the_moment_it_names_in_amsterdam(typed, moment):
    assert LocalDateTimeField().clean(typed) == moment


@pytest.mark.parametrize("typed", ["2027-03-28T02:00", "2027-03-28T02:30"])
def test_a_wall_time_skipped_when_summer_time_begins_is_refused(typed):
    with pytest.raises(ValidationError) as error:
        LocalDateTimeField().clean(typed)
    assert error.value.code == "ambiguous_timezone"


def test_anything_else_is_refused_as_by_django():
    with pytest.raises(ValidationError) as error:
        LocalDateTimeField().clean("gisteren")
    assert error.value.code == "invalid"
    assert LocalDateTimeField(required=False).clean("") is None
