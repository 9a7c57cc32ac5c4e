"""import_neighbourhoods: a CBS CSV file in, municipalities, districts and
neighbourhoods out; all rows or none. Every name here is made up.
A file that cannot be read at all: test_csv_command.py."""

import pytest

from neighbourhoods.models import District, Municipality, Neighbourhood
from neighbourhoods.services import CbsImportError, cbs_rows_parse, neighbourhoods_import_cbs
from tests.neighbourhoods.commands import run_command, run_command_failing
from tests.neighbourhoods.factories import (
    DistrictFactory,
    MunicipalityFactory,
    NeighbourhoodFactory,
)

pytestmark = pytest.mark.django_db

HEADER = "gemeentecode,gemeentenaam,wijkcode,wijknaam,buurtcode,buurtnaam"
GOOD_ROWS = [
    "GM9901,Proefstad,WK990100,Centrum,BU99010000,Oude Kern",
    "GM9901,Proefstad,WK990100,Centrum,BU99010001,Havenkwartier",
    "GM9901,Proefstad,WK990101,Noord,BU99010100,Bloemenwijk",
    "GM9902,Testdorp,WK990200,Dorp,BU99020000,Dorpskern",
]


def run(path):
    return run_command("import_neighbourhoods", path)


def run_failing(path):
    return run_command_failing("import_neighbourhoods", path)


def table_counts():
    return (
        Municipality.objects.count(),
        District.objects.count(),
        Neighbourhood.objects.count(),
    )


def assert_the_good_rows_are_in_the_database():
    assert dict(Municipality.objects.values_list("code", "name")) == {
        "GM9901": "Proefstad",
        "GM9902": "Testdorp",
    }
    assert set(District.objects.values_list("code", "name", "municipality__code")) == {
        ("WK990100", "Centrum", "GM9901"),
        ("WK990101", "Noord", "GM9901"),
        ("WK990200", "Dorp", "GM9902"),
    }
    assert set(Neighbourhood.objects.values_list("code", "name", "district__code")) == {
        ("BU99010000", "Oude Kern", "WK990100"),
        ("BU99010001", "Havenkwartier", "WK990100"),
        ("BU99010100", "Bloemenwijk", "WK990101"),
        ("BU99020000", "Dorpskern", "WK990200"),
    }


# Good files


def test_it_imports_a_comma_separated_file(write_csv):
    path = write_csv([HEADER, *GOOD_ROWS])

    out, err = run(path)

    assert_the_good_rows_are_in_the_database()
    assert out.splitlines() == [
        f"Read 4 rows from {path}.",
        "Municipalities: 2 created, 0 updated, 0 unchanged.",
        "Districts: 3 created, 0 updated, 0 unchanged.",
        "Neighbourhoods: 4 created, 0 updated, 0 unchanged.",
    ]
    assert err == ""


def test_it_imports_a_semicolon_separated_cbs_download_with_a_bom_and_crlf(write_csv):
    path = write_csv([HEADER, *GOOD_ROWS], delimiter=";", bom=True, newline="\r\n")
    run(path)
    assert_the_good_rows_are_in_the_database()


def test_it_normalises_lower_case_codes_and_spaces_and_accepts_any_header_case(write_csv):
    path = write_csv(
        [
            " GemeenteCode ;GEMEENTENAAM;wijkcode;wijknaam;buurtcode;buurtnaam",
            " gm9901 ; Proefstad ;wk990100 ;Centrum; bu99010000;Oude Kern ",
        ],
        delimiter=";",
    )
    run(path)
    neighbourhood = Neighbourhood.objects.select_related("district__municipality").get()
    assert neighbourhood.code == "BU99010000"
    assert neighbourhood.name == "Oude Kern"
    assert neighbourhood.district.code == "WK990100"
    assert neighbourhood.district.municipality.code == "GM9901"
    assert neighbourhood.district.municipality.name == "Proefstad"


def test_it_ignores_other_columns_blank_rows_and_empty_trailing_fields(write_csv):
    path = write_csv(
        [
            "inwoners;buurtnaam;buurtcode;wijknaam;wijkcode;gemeentenaam;gemeentecode;",
            "1200;Oude Kern;BU99010000;Centrum;WK990100;Proefstad;GM9901;",
            "",
            ";;;;;;;",
            "800;Havenkwartier;BU99010001;Centrum;WK990100;Proefstad;GM9901;",
        ],
        delimiter=";",
    )
    out, _ = run(path)
    assert "Neighbourhoods: 2 created, 0 updated, 0 unchanged." in out
    assert table_counts() == (1, 1, 2)


def test_a_quoted_name_may_contain_the_separator(write_csv):
    path = write_csv([HEADER, 'GM9901,Proefstad,WK990100,"Centrum, oost",BU99010000,"Kern; oud"'])
    run(path)
    assert District.objects.get().name == "Centrum, oost"
    assert Neighbourhood.objects.get().name == "Kern; oud"


def test_importing_the_same_file_twice_changes_nothing(write_csv):
    path = write_csv([HEADER, *GOOD_ROWS])
    run(path)
    before = list(Neighbourhood.objects.order_by("pk").values_list("pk", "code", "name"))

    out, _ = run(path)

    assert out.splitlines()[1:] == [
        "Municipalities: 0 created, 0 updated, 2 unchanged.",
        "Districts: 0 created, 0 updated, 3 unchanged.",
        "Neighbourhoods: 0 created, 0 updated, 4 unchanged.",
    ]
    assert table_counts() == (2, 3, 4)
    assert list(Neighbourhood.objects.order_by("pk").values_list("pk", "code", "name")) == before


def test_it_renames_existing_codes_and_adds_new_ones(write_csv):
    run(write_csv([HEADER, *GOOD_ROWS]))
    neighbourhood = Neighbourhood.objects.get(code="BU99010000")

    out, _ = run(
        write_csv(
            [
                HEADER,
                "GM9901,Proefstad-Nieuw,WK990100,Centrum,BU99010000,Nieuwe Kern",
                "GM9901,Proefstad-Nieuw,WK990100,Centrum,BU99010002,Stationsbuurt",
            ],
            name="nieuw.csv",
        )
    )

    assert out.splitlines()[1:] == [
        "Municipalities: 0 created, 1 updated, 0 unchanged.",
        "Districts: 0 created, 0 updated, 1 unchanged.",
        "Neighbourhoods: 1 created, 1 updated, 0 unchanged.",
    ]
    neighbourhood.refresh_from_db()
    assert neighbourhood.name == "Nieuwe Kern"  # same row, same pk: teams keep it
    assert Municipality.objects.get(code="GM9901").name == "Proefstad-Nieuw"
    assert Neighbourhood.objects.get(code="BU99010002").district.code == "WK990100"
    assert table_counts() == (2, 3, 5)  # nothing is deleted


def test_it_adds_to_codes_made_elsewhere(write_csv):
    district = DistrictFactory(code="WK990100", name="Centrum")
    run(write_csv([HEADER, GOOD_ROWS[0]]))
    assert Neighbourhood.objects.get().district == district


def test_the_number_of_queries_does_not_grow_with_rows(django_assert_num_queries):
    def rows(count):
        text = "\n".join(
            [HEADER]
            + [
                f"GM99{m:02d},Gemeente {m},WK99{m:02d}{d:02d},Wijk {d},"
                f"BU99{m:02d}{d:02d}{b:02d},Buurt {b}"
                for m in range(count)
                for d in range(count)
                for b in range(count)
            ]
        )
        return cbs_rows_parse(text=text, source="test")

    # savepoint, existing municipalities, districts, neighbourhoods, an insert
    # of municipalities, of districts, of neighbourhoods, release savepoint
    with django_assert_num_queries(8):
        neighbourhoods_import_cbs(rows=rows(2))
    with django_assert_num_queries(8):
        neighbourhoods_import_cbs(rows=rows(5))  # 125 neighbourhoods, 117 of them new
    assert table_counts() == (5, 25, 125)


# Bad files: every problem is reported with its line; nothing is written.


def test_it_reports_every_bad_row_with_its_line_number_and_writes_nothing(write_csv):
    path = write_csv(
        [
            HEADER,
            "GM9901,Proefstad,WK990100,Centrum,BU99010000,Oude Kern",  # good
            "GM9901,Proefstad,WK990100,Centrum,BU123,Havenkwartier",
            "GM9901,Proefstad,WK990200,Noord,BU99020000,Bloemenwijk",
            "GM9901,Proefstad,WK990100,,BU99010002,",
            "GM99,,WK990100,Centrum,BU99010003,Stationsbuurt",
        ]
    )

    message, err = run_failing(path)

    assert message == "4 bad rows; nothing was imported."
    assert err.splitlines() == [
        "line 3: buurtcode 'BU123': Enter a CBS neighbourhood code: BU followed by 8 digits, "
        "e.g. BU03630000.",
        "line 4: wijkcode 'WK990200': WK990200 does not lie within GM9901.",
        "line 5: wijknaam: This field cannot be blank.",
        "line 5: buurtnaam: This field cannot be blank.",
        "line 6: gemeentecode 'GM99': Enter a CBS municipality code: GM followed by 4 digits, "
        "e.g. GM0363.",
        "line 6: gemeentenaam: This field cannot be blank.",
    ]
    assert table_counts() == (0, 0, 0)


def test_a_neighbourhood_outside_its_district_is_reported(write_csv):
    _, err = run_failing(write_csv([HEADER, "GM9901,Proefstad,WK990100,Centrum,BU99010100,X"]))
    assert err.splitlines() == [
        "line 2: buurtcode 'BU99010100': BU99010100 does not lie within WK990100."
    ]
    assert table_counts() == (0, 0, 0)


def test_one_bad_row_among_good_ones_leaves_existing_names_alone(write_csv):
    run(write_csv([HEADER, *GOOD_ROWS]))
    path = write_csv(
        [
            HEADER,
            "GM9901,Hernoemd,WK990100,Centrum,BU99010000,Hernoemde Kern",
            "GM9901,Hernoemd,WK990100,Centrum,BU99010005,",
        ],
        name="half.csv",
    )

    message, err = run_failing(path)

    assert message == "1 bad row; nothing was imported."
    assert err.splitlines() == ["line 3: buurtnaam: This field cannot be blank."]
    assert_the_good_rows_are_in_the_database()


def test_one_code_with_two_names_in_the_file_is_reported(write_csv):
    path = write_csv(
        [
            HEADER,
            "GM9901,Proefstad,WK990100,Centrum,BU99010000,Oude Kern",
            "GM9901,Proefstat,WK990100,Centrum,BU99010001,Havenkwartier",
        ]
    )
    _, err = run_failing(path)
    assert err.splitlines() == [
        "line 3: gemeentenaam 'Proefstat': GM9901 is called 'Proefstad' on line 2."
    ]
    assert table_counts() == (0, 0, 0)


def test_a_neighbourhood_listed_twice_is_reported(write_csv):
    path = write_csv([HEADER, GOOD_ROWS[0], GOOD_ROWS[1], GOOD_ROWS[0]])
    _, err = run_failing(path)
    assert err.splitlines() == [
        "line 4: buurtcode 'BU99010000': BU99010000 also appears on line 2."
    ]


def test_a_code_that_exists_under_another_parent_is_reported(write_csv):
    # Made directly in the database, past District.clean(): the import must
    # not silently move it, nor add neighbourhoods to the wrong municipality.
    wrong = DistrictFactory(code="WK990100", municipality=MunicipalityFactory(code="GM9902"))
    NeighbourhoodFactory(code="BU99020000", district=DistrictFactory(code="WK990201"))

    message, err = run_failing(write_csv([HEADER, *GOOD_ROWS]))

    assert message == "2 bad rows; nothing was imported."
    assert err.splitlines() == [
        "line 2: wijkcode 'WK990100': WK990100 already exists in GM9902, not in GM9901; "
        "correct the file or the database.",
        "line 5: buurtcode 'BU99020000': BU99020000 already exists in WK990201, not in "
        "WK990200; correct the file or the database.",
    ]
    wrong.refresh_from_db()
    assert wrong.municipality.code == "GM9902"
    assert table_counts() == (2, 2, 1)


def test_a_row_with_too_many_fields_is_reported(write_csv):
    path = write_csv([HEADER, "GM9901,Proefstad,WK990100,Centrum, oost,BU99010000,Oude Kern"])
    message, err = run_failing(path)
    assert message == "1 bad row; nothing was imported."
    assert err.splitlines() == [
        "line 2: has 7 fields but the header row has 6; "
        "put a name that contains the separator in double quotes."
    ]


def test_a_row_with_too_few_fields_is_reported(write_csv):
    path = write_csv([HEADER, 'GM9901,Proefstad,WK990100,"Centrum,BU99010000,Oude Kern'])
    _, err = run_failing(path)
    assert err.splitlines() == ["line 2: has 4 fields but the header row has 6."]


def test_a_name_with_a_control_character_is_reported(write_csv):
    path = write_csv([HEADER, "GM9901,Proef\x00stad,WK990100,Centrum,BU99010000,Oude Kern"])
    _, err = run_failing(path)
    assert err.splitlines() == [
        "line 2: gemeentenaam 'Proef\\x00stad': Remove the line break or control character."
    ]


def test_a_name_longer_than_the_database_holds_is_reported(write_csv):
    path = write_csv([HEADER, f"GM9901,Proefstad,WK990100,Centrum,BU99010000,{'x' * 101}"])
    _, err = run_failing(path)
    assert err.splitlines() == [
        f"line 2: buurtnaam '{'x' * 101}': Ensure this value has at most 100 characters "
        "(it has 101)."
    ]


def test_line_numbers_count_physical_lines(write_csv):
    path = write_csv(
        [
            HEADER,
            "",
            'GM9901,Proefstad,WK990100,"Centrum',
            'met een regelovergang",BU99010000,Oude Kern',
            "GM9901,Proefstad,WK990100,Centrum,BU99010001,",
        ]
    )
    _, err = run_failing(path)
    assert err.splitlines() == [
        "line 3: wijknaam 'Centrum\\nmet een regelovergang': "
        "Remove the line break or control character.",
        "line 5: buurtnaam: This field cannot be blank.",
    ]


# Unusable files: one clear line, nothing written.


@pytest.mark.parametrize(
    "header",
    [
        "gemeentecode,gemeentenaam,wijkcode,wijknaam,buurtnaam",
        "gemeentecode gemeentenaam wijkcode wijknaam buurtcode buurtnaam",
    ],
    ids=["a column missing", "no separator"],
)
def test_a_bad_header_is_one_clear_error(write_csv, header):
    path = write_csv([header, GOOD_ROWS[0]])
    message, err = run_failing(path)
    assert len(message.splitlines()) == 1
    assert message.startswith(f"{path}: the header row lacks the column")
    assert "buurtcode" in message
    assert err == ""
    assert table_counts() == (0, 0, 0)


def test_a_header_naming_a_column_twice_is_an_error(write_csv):
    path = write_csv([HEADER + ",buurtcode", GOOD_ROWS[0] + ",BU99010000"])
    message, _ = run_failing(path)
    assert message == f"{path}: the header row names buurtcode more than once."


def test_a_header_without_rows_is_an_error(write_csv):
    path = write_csv([HEADER])
    message, _ = run_failing(path)
    assert message == f"{path} has a header row (line 1) but no data rows."


def test_a_file_that_is_not_utf8_is_a_command_error_of_one_line(tmp_path):
    path = tmp_path / "excel.csv"
    path.write_bytes(
        f"{HEADER}\n{GOOD_ROWS[0]}\nGM9901,Proefstad,WK990100,Centrum,BU99010001,Café\n".encode(
            "cp1252"
        )
    )
    message, _ = run_failing(path)
    assert message == (
        f"{path} is not UTF-8 text (line 3); save it as UTF-8 (in Excel: CSV UTF-8) and try again."
    )
    assert table_counts() == (0, 0, 0)


def test_the_service_raises_one_error_listing_every_problem():
    rows = cbs_rows_parse(text=f"{HEADER}\nGM1,,WK1,,BU1,\n", source="test")
    with pytest.raises(CbsImportError) as excinfo:
        neighbourhoods_import_cbs(rows=rows)
    assert {problem.line for problem in excinfo.value.problems} == {2}
    assert len(excinfo.value.problems) == 6
    assert excinfo.value.bad_row_count == 1
