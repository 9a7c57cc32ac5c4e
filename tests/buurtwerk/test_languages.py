"""buurtwerk.languages: the ISO 639-3 list and the rule for codes from outside."""

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation

from buurtwerk import languages


def test_the_list_has_the_languages_of_the_neighbourhoods():
    for code in ("tzm", "ary", "pap", "srn", "tir", "som", "tur", "pol", "ukr", "nld", "eng"):
        assert code in languages.LANGUAGE_CODES
    assert all(len(code) == 3 for code in languages.LANGUAGE_CODES)


@pytest.mark.parametrize(
    ("given", "stored"),
    [
        ("nl", "nld"),
        ("NL ", "nld"),
        ("ar", "ara"),
        ("arb", "ara"),
        ("ary", "ary"),
        ("ber", "tzm"),
        ("zgh", "tzm"),
        ("pap", "pap"),
        ("uk", "ukr"),
        ("xx", None),
        ("", None),
        ("nederlands", None),
    ],
)
def test_normalise_takes_iso_639_1_iso_639_3_and_aliases(given, stored):
    assert languages.normalise(given) == stored


def test_names_are_dutch_or_english():
    with translation.override("nl"):
        assert languages.names(["ary", "srn", "nld"]) == [
            "Marokkaans-Arabisch (Darija)",
            "Sranantongo",
            "Nederlands",
        ]
    with translation.override("en"):
        assert languages.names(["ary", "tzm"]) == [
            "Moroccan Arabic (Darija)",
            "Tamazight (Berber)",
        ]


def test_a_code_from_before_the_migration_still_reads_as_its_language():
    with translation.override("en"):
        assert languages.name("tr") == "Turkish"
        assert languages.name("qqq") == "qqq"


def test_the_validator_refuses_codes_not_on_the_list():
    languages.validate_codes(["nld", "ary"])
    with translation.override("en"):
        with pytest.raises(ValidationError) as error:
            languages.validate_codes(["nld", "xx", "nl"])
        assert error.value.messages == ["Unknown language code: nl, xx."]
