import pytest
from django.core.exceptions import ValidationError

from contacts.validators import (
    normalise_phone,
    search_key,
    validate_language_codes,
    validate_phone,
)


@pytest.mark.parametrize(
    ("typed", "stored"),
    [
        ("06-12345678", "+31612345678"),
        ("06 12 34 56 78", "+31612345678"),
        ("020 - 123 45 67", "+31201234567"),
        ("+31 (0)6 1234 5678", "+31612345678"),
        ("0031 6 12345678", "+31612345678"),
        ("+44 20 7946 0958", "+442079460958"),
        ("", ""),
    ],
)
def test_it_normalises_dutch_and_international_numbers(typed, stored):
    assert normalise_phone(typed) == stored
    if stored:
        validate_phone(typed)


@pytest.mark.parametrize(
    "typed", ["12345", "06-1234567", "06-123456789", "+31 6 1234", "bel maar", "+0612345678"]
)
def test_it_rejects_what_cannot_be_a_phone_number(typed):
    with pytest.raises(ValidationError):
        validate_phone(typed)


def test_it_accepts_known_language_codes_and_names_unknown_ones():
    validate_language_codes(["nld", "ara", "tur", "ary", "tzm"])
    with pytest.raises(ValidationError, match="xx"):
        validate_language_codes(["nld", "xx"])


@pytest.mark.parametrize(
    ("name", "key"),
    [
        ("Çelik-Özdemir", "celik-ozdemir"),
        ("  Anna  de   Vries ", "anna de vries"),
        ("Ĳsbrand", "ijsbrand"),
    ],
)
def test_the_search_key_drops_accents_case_and_extra_spaces(name, key):
    assert search_key(name) == key
