"""import_addresses: a CSV file of doors in, streets and addresses out; all
rows or none. Every street, number and postcode here is made up.
A file that cannot be read at all: test_csv_command.py."""

import pytest

from neighbourhoods.models import Address, Street
from neighbourhoods.services import CsvImportError, address_rows_parse, addresses_import
from tests.neighbourhoods.commands import run_command, run_command_failing
from tests.neighbourhoods.factories import AddressFactory, NeighbourhoodFactory, StreetFactory

pytestmark = pytest.mark.django_db

HEADER = "buurtcode,straat,huisnummer,toevoeging,postcode"
GOOD_ROWS = [
    "BU99010000,Kerkstraat,1,,1234 AB",
    "BU99010000,Kerkstraat,3,a,1234 AB",
    "BU99010000,Kerkstraat,3,B,1234ab",
    "BU99010001,Havenweg,12,,5678 CD",
]


@pytest.fixture(autouse=True)
def neighbourhoods(db):
    """The neighbourhoods the files name; import_neighbourhoods makes them."""
    return (
        NeighbourhoodFactory(code="BU99010000", name="Oude Kern"),
        NeighbourhoodFactory(code="BU99010001", name="Havenkwartier"),
    )


def run(path):
    return run_command("import_addresses", path)


def run_failing(path):
    return run_command_failing("import_addresses", path)


def table_counts():
    return Street.objects.count(), Address.objects.count()


def addresses_in_database():
    return set(
        Address.objects.values_list(
            "street__neighbourhood__code", "street__name", "house_number", "addition", "postcode"
        )
    )


GOOD_ADDRESSES = {
    ("BU99010000", "Kerkstraat", 1, "", "1234 AB"),
    ("BU99010000", "Kerkstraat", 3, "a", "1234 AB"),
    ("BU99010000", "Kerkstraat", 3, "B", "1234 AB"),
    ("BU99010001", "Havenweg", 12, "", "5678 CD"),
}


# Good files


def test_it_imports_a_comma_separated_file(write_csv):
    path = write_csv([HEADER, *GOOD_ROWS])

    out, err = run(path)

    assert addresses_in_database() == GOOD_ADDRESSES
    assert out.splitlines() == [
        f"Read 4 rows from {path}.",
        "Streets: 2 created, 0 updated, 0 unchanged.",
        "Addresses: 4 created, 0 updated, 0 unchanged.",
    ]
    assert err == ""


def test_it_imports_a_semicolon_separated_file_with_a_bom_and_crlf(write_csv):
    path = write_csv([HEADER, *GOOD_ROWS], delimiter=";", bom=True, newline="\r\n")
    run(path)
    assert addresses_in_database() == GOOD_ADDRESSES


def test_it_accepts_any_header_case_other_columns_and_spaces_around_values(write_csv):
    path = write_csv(
        [
            "Postcode;Woonplaats;HUISNUMMER;Toevoeging;Straat;BuurtCode",
            " 1234ab ;Proefstad; 12 ; 2-hoog ; Kerkstraat ; bu99010000 ",
        ],
        delimiter=";",
    )
    run(path)
    assert addresses_in_database() == {("BU99010000", "Kerkstraat", 12, "2-hoog", "1234 AB")}


def test_the_toevoeging_column_may_be_left_out(write_csv):
    path = write_csv(
        ["buurtcode,straat,huisnummer,postcode", "BU99010001,Havenweg,12,5678 CD"],
    )
    run(path)
    assert addresses_in_database() == {("BU99010001", "Havenweg", 12, "", "5678 CD")}


def test_importing_the_same_file_twice_changes_nothing(write_csv):
    path = write_csv([HEADER, *GOOD_ROWS])
    run(path)
    before = list(Address.objects.order_by("pk").values_list("pk", "street_id", "postcode"))

    out, _ = run(path)

    assert out.splitlines()[1:] == [
        "Streets: 0 created, 0 updated, 2 unchanged.",
        "Addresses: 0 created, 0 updated, 4 unchanged.",
    ]
    assert table_counts() == (2, 4)
    assert (
        list(Address.objects.order_by("pk").values_list("pk", "street_id", "postcode")) == before
    )


def test_an_address_on_another_street_is_moved_to_the_street_in_the_file(
    write_csv, neighbourhoods
):
    # The same door (postcode, number, addition), filed under another
    # neighbourhood's street: the file is right, the row keeps its pk.
    _, havenkwartier = neighbourhoods
    address = AddressFactory(
        street=StreetFactory(neighbourhood=havenkwartier, name="Kerkstraat"),
        house_number=3,
        addition="a",
        postcode="1234 AB",
    )

    out, _ = run(write_csv([HEADER, *GOOD_ROWS]))

    assert out.splitlines()[1:] == [
        "Streets: 2 created, 0 updated, 0 unchanged.",
        "Addresses: 3 created, 1 updated, 0 unchanged.",
    ]
    address.refresh_from_db()
    assert address.street.neighbourhood.code == "BU99010000"
    assert address.street.name == "Kerkstraat"
    assert addresses_in_database() == GOOD_ADDRESSES
    assert table_counts() == (3, 4)  # the old street stays


def test_a_street_is_created_once_for_all_its_addresses(write_csv):
    rows = [f"BU99010000,Kerkstraat,{number},,1234 AB" for number in range(1, 51)]
    out, _ = run(write_csv([HEADER, *rows]))
    assert "Streets: 1 created, 0 updated, 0 unchanged." in out
    assert Street.objects.get().addresses.count() == 50


def test_an_existing_street_is_used_and_one_of_another_neighbourhood_is_not(
    write_csv, neighbourhoods
):
    oude_kern, havenkwartier = neighbourhoods
    kerkstraat = StreetFactory(neighbourhood=oude_kern, name="Kerkstraat")
    StreetFactory(neighbourhood=havenkwartier, name="Havenweg 2")

    out, _ = run(write_csv([HEADER, *GOOD_ROWS]))

    assert "Streets: 1 created, 0 updated, 1 unchanged." in out
    assert kerkstraat.addresses.count() == 3
    assert Street.objects.get(name="Havenweg").neighbourhood == havenkwartier


def test_the_number_of_queries_does_not_grow_with_rows(django_assert_num_queries):
    def rows(count, neighbourhood):
        text = "\n".join(
            [HEADER] + [f"{neighbourhood},Straat {n % 3},{n + 1},,1234 AB" for n in range(count)]
        )
        return address_rows_parse(text=text, source="test")

    # savepoint, neighbourhood codes, existing streets, insert streets,
    # existing addresses, insert addresses, release savepoint
    with django_assert_num_queries(7):
        addresses_import(rows=rows(5, "BU99010000"))
    # the same, and an update of the 5 addresses now on another neighbourhood's street
    with django_assert_num_queries(8):
        addresses_import(rows=rows(50, "BU99010001"))
    assert table_counts() == (6, 50)


# Bad rows: every problem is reported with its line; nothing is written.


def test_it_reports_every_bad_row_with_its_line_number_and_writes_nothing(write_csv):
    AddressFactory()  # something already there, left alone
    before = table_counts()
    path = write_csv(
        [
            HEADER,
            "BU99010000,Kerkstraat,1,,1234 AB",  # good
            "BU123,Kerkstraat,2,,1234 AB",
            ",Kerkstraat,4,,1234 AB",
            "BU99010000,,5,,1234 AB",
            f"BU99010000,{'x' * 101},7,,1234 AB",
            "BU99010000,Kerk\x07straat,9,,1234 AB",
            "BU99010000,Kerkstraat,12a,,1234 AB",
            "BU99010000,Kerkstraat,12 bis,,1234 AB",
            "BU99010000,Kerkstraat,0,,1234 AB",
            "BU99010000,Kerkstraat,-3,,1234 AB",
            "BU99010000,Kerkstraat,,,1234 AB",
            "BU99010000,Kerkstraat,99999999999,,1234 AB",
            "BU99010000,Kerkstraat,14,2-hoog-links,1234 AB",
            "BU99010000,Kerkstraat,16,,0123 AB",
            "BU99010000,Kerkstraat,18,,1234 SS",
            "BU99010000,Kerkstraat,20,,12345",
            "BU99010000,Kerkstraat,22,,",
            "BU99010000,Kerkstraat, 1 ,,1234ab",
            "bu99010000,,one,,",
        ]
    )

    message, err = run_failing(path)

    assert message == "18 bad rows; nothing was imported."
    assert err.splitlines() == [
        "line 3: buurtcode 'BU123': Enter a CBS neighbourhood code: BU followed by 8 digits, "
        "e.g. BU03630000.",
        "line 4: buurtcode: This field cannot be blank.",
        "line 5: straat: This field cannot be blank.",
        f"line 6: straat '{'x' * 101}': Ensure this value has at most 100 characters "
        "(it has 101).",
        "line 7: straat 'Kerk\\x07straat': Remove the line break or control character.",
        "line 8: huisnummer '12a': Write only the number (12) here and put 'a' in the "
        "toevoeging column.",
        "line 9: huisnummer '12 bis': Write only the number (12) here and put 'bis' in the "
        "toevoeging column.",
        "line 10: huisnummer '0': Enter a whole number of 1 or more.",
        "line 11: huisnummer '-3': Enter a whole number of 1 or more.",
        "line 12: huisnummer: This field cannot be blank.",
        "line 13: huisnummer '99999999999': Ensure this value is less than or equal to "
        "2147483647.",
        "line 14: toevoeging '2-hoog-links': Ensure this value has at most 10 characters "
        "(it has 12).",
        "line 15: postcode '0123 AB': 0123 AB is not a Dutch postcode; write it as 1234 AB.",
        "line 16: postcode '1234 SS': 1234 SS is not a Dutch postcode; write it as 1234 AB.",
        "line 17: postcode '12345': 12345 is not a Dutch postcode; write it as 1234 AB.",
        "line 18: postcode: This field cannot be blank.",
        "line 19: 1234 AB 1 also appears on line 2; each address (postcode, huisnummer, "
        "toevoeging) may be in the file once.",
        "line 20: straat: This field cannot be blank.",
        "line 20: huisnummer 'one': Enter a whole number of 1 or more.",
        "line 20: postcode: This field cannot be blank.",
    ]
    assert table_counts() == before


def test_an_unknown_neighbourhood_says_to_import_the_neighbourhoods_first(write_csv):
    path = write_csv([HEADER, GOOD_ROWS[0], "BU99019999,Dijkweg,1,,4321 XY"])

    message, err = run_failing(path)

    assert message == "1 bad row; nothing was imported."
    assert err.splitlines() == [
        "line 3: buurtcode 'BU99019999': There is no neighbourhood BU99019999; "
        "import the neighbourhoods first with import_neighbourhoods."
    ]
    assert table_counts() == (0, 0)


def test_an_address_twice_in_the_file_names_both_lines(write_csv):
    path = write_csv(
        [
            HEADER,
            "BU99010000,Kerkstraat,3,a,1234 AB",
            "BU99010000,Kerkstraat,5,,1234 AB",
            "BU99010001,Havenweg, 3 ,a ,1234ab",
        ]
    )
    _, err = run_failing(path)
    assert err.splitlines() == [
        "line 4: 1234 AB 3-a also appears on line 2; each address (postcode, huisnummer, "
        "toevoeging) may be in the file once."
    ]
    assert table_counts() == (0, 0)


def test_the_service_raises_one_error_listing_every_problem():
    rows = address_rows_parse(text=f"{HEADER}\nBU1,,x,,y\n", source="test")
    with pytest.raises(CsvImportError) as excinfo:
        addresses_import(rows=rows)
    assert {problem.line for problem in excinfo.value.problems} == {2}
    assert len(excinfo.value.problems) == 4
    assert excinfo.value.bad_row_count == 1


# Unusable files: one clear line, nothing written.


def test_a_missing_column_is_one_clear_error(write_csv):
    path = write_csv(["buurtcode,straat,toevoeging,postcode", "BU99010000,Kerkstraat,,1234 AB"])
    message, err = run_failing(path)
    assert message == (
        f"{path}: the header row lacks the column huisnummer; it must name buurtcode, "
        "straat, huisnummer, postcode, separated by ';' or ','."
    )
    assert err == ""
    assert table_counts() == (0, 0)


def test_a_file_that_is_not_utf8_is_a_command_error_of_one_line(tmp_path):
    path = tmp_path / "excel.csv"
    path.write_bytes(f"{HEADER}\nBU99010000,Caféstraat,1,,1234 AB\n".encode("cp1252"))
    message, _ = run_failing(path)
    assert message == (
        f"{path} is not UTF-8 text (line 2); save it as UTF-8 (in Excel: CSV UTF-8) and try again."
    )
    assert table_counts() == (0, 0)
