"""Importing residents from a buurtwerk-residents/1 file
(contacts.services.imports and the import_residents command): what is
created, idempotency by ref, and bad input reported per ref and field with
nothing written."""

import copy
import json
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from contacts.models import Availability, Category, Consent, ConsentRecord, Need, Resident, Talent
from contacts.services.imports import (
    IMPORT_USERNAME,
    ResidentImportError,
    residents_import,
    residents_read,
)
from neighbourhoods.models import Address, District, Municipality, Neighbourhood, Street

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english_messages")]


DOCUMENT = {
    "format": "buurtwerk-residents/1",
    "neighbourhoods": [
        {
            "code": "BU09990101",
            "name": "Proefbuurt-Oost",
            "district": {"code": "WK099901", "name": "Proefwijk"},
            "municipality": {"code": "GM0999", "name": "Proefstad"},
        },
        {
            "code": "BU09990102",
            "name": "Proefbuurt-West",
            "district": {"code": "WK099901", "name": "Proefwijk"},
            "municipality": {"code": "GM0999", "name": "Proefstad"},
        },
    ],
    "residents": [
        {
            "ref": "p01",
            "name": "Ans Proef",
            "neighbourhood": "BU09990101",
            "address": {
                "street": "Proefstraat",
                "number": 3,
                "addition": "",
                "postcode": "9999 AA",
            },
            "languages": ["nl", "ar"],
            "consent": {"store": True, "match": True},
            "talents": [{"text": "Werkt graag in de tuin"}],
            "needs": [{"text": "Laptop doet raar", "category": "computer"}],
            "availability": ["weekday_morning", "als het regent", "weekend_evening"],
        },
        {
            "ref": "p02",
            "name": "Bram Proef",
            "neighbourhood": "BU09990102",
            "address": {"street": "Proefweg", "number": 8, "addition": "a", "postcode": "9999ab"},
            "languages": ["nl"],
            "consent": {"store": True, "match": False},
            "talents": [{"text": "Speelt de blokfluit en zingt"}, {"text": "Zomaar iets"}],
            "needs": [],
        },
        {
            "ref": "p03",
            "name": "Cor Zonder",
            "neighbourhood": "BU09990102",
            "address": {"street": "Proefweg", "number": 8, "addition": "a", "postcode": "9999 AB"},
            "consent": {"store": False},
        },
    ],
}


@pytest.fixture
def document():
    return copy.deepcopy(DOCUMENT)


def write(tmp_path, data):
    path = tmp_path / "bewoners.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    return path


def state():
    """What an import can write, counted."""
    return {
        model.__name__: model.objects.count()
        for model in (
            Municipality,
            District,
            Neighbourhood,
            Street,
            Address,
            Resident,
            ConsentRecord,
            Talent,
            Need,
        )
    }


@pytest.mark.parametrize(
    ("given", "stored"),
    [
        (["ary", "tzm"], ["ary", "tzm"]),
        (["pap", "srn", "tir", "som"], ["pap", "srn", "tir", "som"]),
        # ISO 639-1 and ISO 639-3 mixed, any case; the same language once.
        (["NL", "nld", " uk ", "ukr", "pl"], ["nld", "ukr", "pol"]),
        # Codes with the same meaning here: Berber, Standard Moroccan
        # Tamazight, Modern Standard Arabic.
        (["ber", "zgh", "arb", "ar"], ["tzm", "ara"]),
    ],
)
def test_it_takes_iso_639_1_and_iso_639_3_codes(document, given, stored):
    document["residents"][0]["languages"] = given
    residents_import(data=document)
    assert Resident.objects.get(external_ref="p01").languages == stored


def test_it_creates_the_places_residents_consents_talents_and_needs(document):
    result = residents_import(data=document)

    assert (result.residents.created, result.talents.created, result.needs.created) == (3, 3, 1)
    west = Neighbourhood.objects.get(code="BU09990102")
    assert west.district.code == "WK099901"
    assert west.district.municipality.name == "Proefstad"
    ans = Resident.objects.get(external_ref="p01")
    assert ans.name == "Ans Proef"
    assert ans.languages == ["nld", "ara"]  # stored as ISO 639-3
    assert (ans.may_store, ans.may_match) == (True, True)
    assert ans.address.street.name == "Proefstraat"
    assert ans.address.postcode == "9999 AA"
    assert ans.neighbourhood.code == "BU09990101"
    bram, cor = Resident.objects.get(external_ref="p02"), Resident.objects.get(external_ref="p03")
    assert bram.address == cor.address  # one household: 9999ab is 9999 AB
    assert bram.address.addition == "a"
    assert (bram.may_store, bram.may_match) == (True, False)
    assert (cor.may_store, cor.languages) == (False, [])


def test_consent_is_recorded_as_written_by_the_inactive_import_user(document):
    residents_import(data=document)
    records = ConsentRecord.objects.filter(resident__external_ref="p01")
    assert {(r.purpose, r.given) for r in records} == {
        (Consent.STORE, True),
        (Consent.MATCH, True),
    }
    assert {r.method for r in records} == {ConsentRecord.Method.WRITTEN}
    user = records[0].recorded_by
    assert user.username == IMPORT_USERNAME
    assert not user.is_active
    assert not user.has_usable_password()


def test_talents_and_needs_get_the_named_category_or_the_taxonomy_s(document):
    residents_import(data=document)
    ans = Resident.objects.get(external_ref="p01")
    assert ans.talents.get().category.slug == "tuin"  # proposed from "tuin"
    assert ans.needs.get().category.slug == "computer"  # as the file says
    bram = Resident.objects.get(external_ref="p02")
    categories = {talent.text: talent.category.slug for talent in bram.talents.all()}
    assert categories == {"Speelt de blokfluit en zingt": "creatief", "Zomaar iets": "overig"}


def test_known_parts_of_the_week_are_kept_and_other_tags_ignored(document):
    residents_import(data=document)
    talent = Talent.objects.get(resident__external_ref="p01")
    assert talent.availability == [Availability.WEEKDAY_MORNING, Availability.WEEKEND_EVENING]


def test_importing_the_same_file_twice_changes_nothing(document):
    residents_import(data=document)
    before = state()
    stamps = dict(Resident.objects.values_list("external_ref", "updated_at"))

    result = residents_import(data=copy.deepcopy(document))

    assert state() == before
    assert dict(Resident.objects.values_list("external_ref", "updated_at")) == stamps
    assert (result.residents.created, result.residents.updated) == (0, 0)
    assert result.residents.unchanged == 3
    assert (result.talents.created, result.talents.updated, result.talents.unchanged) == (0, 0, 3)


def test_a_second_import_updates_what_changed_without_duplicating(document):
    residents_import(data=document)
    ans_doc = document["residents"][0]
    ans_doc["name"] = "Ans Proef-Vries"
    ans_doc["consent"]["match"] = False
    ans_doc["talents"].append({"text": "Kookt graag"})
    ans_doc["needs"][0]["category"] = "papierwerk"
    ans_doc["address"]["number"] = 5

    result = residents_import(data=document)

    ans = Resident.objects.get(external_ref="p01")
    assert ans.name == "Ans Proef-Vries"
    assert not ans.may_match
    assert ans.address.house_number == 5
    assert sorted(ans.talents.values_list("text", flat=True)) == [
        "Kookt graag",
        "Werkt graag in de tuin",
    ]
    assert ans.needs.get().category.slug == "papierwerk"
    assert (result.residents.updated, result.residents.unchanged) == (1, 2)
    assert (result.talents.created, result.needs.updated) == (1, 1)
    assert Resident.objects.count() == 3


def test_a_file_without_availability_leaves_what_a_worker_recorded(document):
    residents_import(data=document)
    talent = Talent.objects.get(resident__external_ref="p01")
    del document["residents"][0]["availability"]
    residents_import(data=document)
    talent.refresh_from_db()
    assert talent.availability == [Availability.WEEKDAY_MORNING, Availability.WEEKEND_EVENING]


def test_existing_neighbourhoods_are_used_and_need_not_be_in_the_file(document):
    residents_import(data=document)
    document["neighbourhoods"] = []
    document["residents"][0]["ref"] = "p09"
    document["residents"][0]["address"]["number"] = 99
    result = residents_import(data=document)
    assert result.residents.created == 1
    assert Resident.objects.get(external_ref="p09").neighbourhood.code == "BU09990101"


@pytest.mark.parametrize(
    ("change", "problem"),
    [
        (lambda d: d["residents"][1].update(name=" "), "p02: name: This field is required."),
        (
            lambda d: d["residents"][0]["address"].update(postcode="1111 XX1"),
            "p01: address.postcode: 1111 XX1 is not a Dutch postcode; write it as 1234 AB.",
        ),
        (
            lambda d: d["residents"][0]["address"].update(number=0),
            "p01: address.number: Enter a whole number of 1 or more.",
        ),
        (
            lambda d: d["residents"][1].update(neighbourhood="BU09990199"),
            "p02: neighbourhood: There is no neighbourhood BU09990199 in the file's "
            "neighbourhoods or the database.",
        ),
        (
            lambda d: d["residents"][0].update(languages=["nl", "xx"]),
            "p01: languages: Unknown language code: xx.",
        ),
        (
            lambda d: d["residents"][0]["needs"][0].update(category="bestaatniet"),
            "p01: needs[0].category: Unknown category 'bestaatniet'",
        ),
        (
            lambda d: d["residents"][0]["talents"][0].update(text=""),
            "p01: talents[0].text: This field is required.",
        ),
        (
            lambda d: d["residents"][1].update(ref="p01"),
            "p01: ref: This ref is in the file twice.",
        ),
        (
            lambda d: d["residents"][2].update(talents=[{"text": "Kookt"}]),
            "p03: talents: Without consent to store data (consent.store), leave this out.",
        ),
        (
            lambda d: d["residents"][2]["consent"].update(match=True),
            "p03: consent.match: Needs consent to store data first.",
        ),
        (
            lambda d: d["residents"][0]["consent"].update(store="ja"),
            "p01: consent: store: expected true or false.",
        ),
        (
            lambda d: d["neighbourhoods"][0]["district"].update(code="WK088801"),
            "BU09990101: district.code: WK088801 does not lie within GM0999.",
        ),
        (
            lambda d: d.update(format="iets anders"),
            'file: format: Expected "buurtwerk-residents/1"',
        ),
        (lambda d: d["residents"][0].pop("ref"), "residents[0]: ref: This field is required."),
    ],
)
def test_bad_input_is_reported_per_ref_and_field_and_nothing_is_written(document, change, problem):
    residents_import(data=copy.deepcopy(DOCUMENT))  # an earlier import, to compare with
    Resident.objects.filter(external_ref="p02").update(name="Bram Anders")
    before = state()
    document["residents"].append(
        {"ref": "p04", "name": "Nieuw Proef", "neighbourhood": "BU09990101"}
    )
    change(document)

    with pytest.raises(ResidentImportError) as raised:
        residents_import(data=document)

    assert any(line.startswith(problem) for line in raised.value.problems), raised.value.problems
    assert state() == before
    assert Resident.objects.get(external_ref="p02").name == "Bram Anders"


def test_every_problem_is_reported_at_once(document):
    document["residents"][0]["address"]["postcode"] = "nope"
    document["residents"][1]["name"] = ""
    document["residents"][2]["neighbourhood"] = "XX"
    with pytest.raises(ResidentImportError) as raised:
        residents_import(data=document)
    assert [line.split(":")[:2] for line in raised.value.problems] == [
        ["p01", " address.postcode"],
        ["p02", " name"],
        ["p03", " neighbourhood"],
    ]
    assert state()["Resident"] == 0


def test_an_address_on_another_street_is_a_problem(document):
    document["residents"][2]["address"]["street"] = "Andere weg"
    with pytest.raises(ResidentImportError) as raised:
        residents_import(data=document)
    assert raised.value.problems == [
        "p03: address: 9999 AB 8-a is on another street or in another neighbourhood for p02."
    ]


def test_an_anonymised_resident_is_not_imported_again(document):
    residents_import(data=document)
    Resident.objects.filter(external_ref="p01").update(
        status=Resident.Status.ANONYMISED, name="Geanonimiseerd"
    )
    with pytest.raises(ResidentImportError) as raised:
        residents_import(data=document)
    assert raised.value.problems[0].startswith("p01: ref: This resident was anonymised")
    assert Resident.objects.get(external_ref="p01").name == "Geanonimiseerd"


def test_a_file_that_is_not_json_is_reported(tmp_path):
    path = tmp_path / "kapot.json"
    path.write_text("{niet json", encoding="utf-8")
    with pytest.raises(ResidentImportError) as raised:
        residents_read(path=path)
    assert "not valid JSON (line 1" in raised.value.problems[0]


# The command


def test_the_command_imports_and_says_what_it_did(tmp_path, document):
    out = StringIO()
    call_command("import_residents", str(write(tmp_path, document)), stdout=out)
    assert Resident.objects.count() == 3
    lines = out.getvalue().splitlines()
    assert lines == [
        "residents: 3 created, 0 updated, 0 unchanged.",
        "talents: 3 created, 0 updated, 0 unchanged.",
        "needs: 1 created, 0 updated, 0 unchanged.",
    ]


def test_the_command_lists_problems_and_fails_having_written_nothing(tmp_path, document):
    document["residents"][0]["address"]["postcode"] = "1111 XX1"
    err = StringIO()
    with pytest.raises(CommandError, match="1 problem; nothing was imported"):
        call_command("import_residents", str(write(tmp_path, document)), stderr=err)
    assert err.getvalue().startswith("p01: address.postcode: 1111 XX1 is not a Dutch postcode")
    assert Resident.objects.count() == 0
    assert Category.objects.filter(slug="overig").exists()


def test_the_command_says_when_the_file_is_missing(tmp_path):
    with pytest.raises(CommandError):
        call_command("import_residents", str(tmp_path / "er-niet.json"), stderr=StringIO())
