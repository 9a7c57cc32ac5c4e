"""Neighbourhood models: the invariants hold in full_clean() and, where a
form is bypassed, in the database."""

import pytest
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import IntegrityError, transaction

from accounts.models import Role
from neighbourhoods.models import Address, District, Membership, Municipality, Neighbourhood
from tests.accounts.factories import UserFactory
from tests.neighbourhoods.factories import (
    AddressFactory,
    DistrictFactory,
    LeadMembershipFactory,
    MembershipFactory,
    MunicipalityFactory,
    NeighbourhoodFactory,
    StreetFactory,
    TeamFactory,
)

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english_messages")]


@pytest.fixture
def street(db):
    return StreetFactory(name="Proeflaan")


def assert_rejected_by_the_database(model, pk, **values):
    with pytest.raises(IntegrityError), transaction.atomic():
        model.objects.filter(pk=pk).update(**values)


# Postcodes


@pytest.mark.parametrize("given", ["1234ab", "1234AB", " 1234 AB ", "1234  ab", "1234 aB"])
def test_a_postcode_is_stored_normalised(street, given):
    address = Address.objects.create(street=street, house_number=1, postcode=given)
    assert address.postcode == "1234 AB"
    address.refresh_from_db()
    assert address.postcode == "1234 AB"


@pytest.mark.parametrize("given", ["1234ab", " 1234 AB "])
def test_full_clean_normalises_a_postcode(street, given):
    address = Address(street=street, house_number=1, postcode=given)
    address.full_clean()
    assert address.postcode == "1234 AB"


@pytest.mark.parametrize("given", ["0123 AB", "1234 SS", "1234 SA", "1234 SD", "12345", "ABCD 12"])
def test_full_clean_rejects_a_postcode_that_is_not_dutch(street, given):
    address = Address(street=street, house_number=1, postcode=given)
    with pytest.raises(ValidationError) as excinfo:
        address.full_clean()
    assert (
        "is not a Dutch postcode; write it as 1234 AB."
        in excinfo.value.message_dict["postcode"][0]
    )


@pytest.mark.parametrize("stored", ["bad", "0123 AB", "12345", "ABCD 12"])
def test_the_database_rejects_a_postcode_that_is_not_dutch(address, stored):
    assert_rejected_by_the_database(Address, address.pk, postcode=stored)


def test_updates_and_lookups_normalise_a_postcode_too(address):
    Address.objects.filter(pk=address.pk).update(postcode=" 1234ab")
    assert Address.objects.get(postcode="1234 ab") == address
    address.refresh_from_db()
    assert address.postcode == "1234 AB"


def test_an_address_is_unique_by_postcode_number_and_addition(street):
    Address.objects.create(street=street, house_number=7, addition="A", postcode="1234 AB")
    Address.objects.create(street=street, house_number=7, addition="", postcode="1234 AB")
    Address.objects.create(street=street, house_number=7, addition="B", postcode="1234 AB")
    with pytest.raises(IntegrityError), transaction.atomic():
        # The same door, written differently: normalised before it is saved.
        Address.objects.create(street=street, house_number=7, addition="A", postcode="1234ab")


def test_an_address_is_named_by_its_number_with_the_addition(street):
    plain = AddressFactory(street=street, house_number=7, addition="", postcode="1234 AB")
    upstairs = AddressFactory(street=street, house_number=7, addition="2-hoog", postcode="1234 AB")
    assert (plain.number, upstairs.number) == ("7", "7-2-hoog")
    assert str(upstairs) == f"{street.name} 7-2-hoog, 1234 AB"


def test_full_clean_rejects_a_duplicate_address(street):
    AddressFactory(street=street, house_number=7, addition="A", postcode="1234 AB")
    duplicate = Address(street=street, house_number=7, addition=" A ", postcode="1234ab")
    with pytest.raises(ValidationError) as excinfo:
        duplicate.full_clean()
    assert excinfo.value.message_dict[NON_FIELD_ERRORS] == [
        "Address with this Postcode, House number and Addition already exists."
    ]


def test_the_house_number_is_at_least_one(address):
    assert_rejected_by_the_database(Address, address.pk, house_number=0)
    address.house_number = 0
    with pytest.raises(ValidationError):
        address.full_clean()


# CBS codes


@pytest.mark.parametrize(
    ("model", "good", "bad"),
    [
        (Municipality, "GM0364", ["GM363", "gm0363", "GM03630", "WK0363", "GMabcd"]),
        (District, "WK036301", ["WK03630", "wk036300", "WK0363000", "GM036300"]),
        (Neighbourhood, "BU03630001", ["BU0363000", "bu03630000", "BU036300000", "WK03630000"]),
    ],
    ids=["municipality", "district", "neighbourhood"],
)
def test_cbs_codes_follow_their_pattern(model, good, bad):
    municipality = MunicipalityFactory(code="GM0363")
    district = DistrictFactory(municipality=municipality, code="WK036300")
    parents = {District: {"municipality": municipality}, Neighbourhood: {"district": district}}
    obj = model(code=good, name="Proefnaam", **parents.get(model, {}))
    obj.full_clean()
    for code in bad:
        obj.code = code
        with pytest.raises(ValidationError) as excinfo:
            obj.full_clean()
        assert "code" in excinfo.value.message_dict, code


@pytest.mark.parametrize(
    ("factory", "bad"),
    [
        (MunicipalityFactory, ["GM363", "gm0363", "GMabcd", "GM 363"]),
        (DistrictFactory, ["WK03630", "wk036300", "GM036300"]),
        (NeighbourhoodFactory, ["BU0363000", "bu03630000", "WK03630000"]),
    ],
    ids=["municipality", "district", "neighbourhood"],
)
def test_the_database_rejects_a_cbs_code_that_breaks_its_pattern(factory, bad):
    obj = factory()
    for code in bad:
        assert_rejected_by_the_database(type(obj), obj.pk, code=code)


def test_a_district_code_must_continue_its_municipalitys_code():
    municipality = MunicipalityFactory(code="GM0363")
    District(municipality=municipality, code="WK036301", name="Centrum").full_clean()
    district = District(municipality=municipality, code="WK036401", name="Centrum")
    with pytest.raises(ValidationError) as excinfo:
        district.full_clean()
    assert excinfo.value.messages == ["WK036401 does not lie within GM0363."]


def test_a_neighbourhood_code_must_continue_its_districts_code():
    district = DistrictFactory(municipality=MunicipalityFactory(code="GM0363"), code="WK036301")
    Neighbourhood(district=district, code="BU03630105", name="Oude Kern").full_clean()
    neighbourhood = Neighbourhood(district=district, code="BU03630205", name="Oude Kern")
    with pytest.raises(ValidationError) as excinfo:
        neighbourhood.full_clean()
    assert excinfo.value.messages == ["BU03630205 does not lie within WK036301."]


# Walking order


def test_addresses_in_walking_order_go_up_the_odd_side_then_the_even_side(street):
    other_street = StreetFactory(name="Achterweg", neighbourhood=street.neighbourhood)
    for number, addition in [(2, ""), (4, ""), (1, ""), (3, "B"), (3, ""), (10, ""), (3, "A")]:
        AddressFactory(street=street, house_number=number, addition=addition)
    AddressFactory(street=other_street, house_number=5)
    AddressFactory(street=other_street, house_number=2)

    walk = [
        (a.street.name, a.house_number, a.addition)
        for a in Address.objects.in_walking_order().select_related("street")
    ]

    assert walk == [
        ("Achterweg", 5, ""),
        ("Achterweg", 2, ""),
        ("Proeflaan", 1, ""),
        ("Proeflaan", 3, ""),
        ("Proeflaan", 3, "A"),
        ("Proeflaan", 3, "B"),
        ("Proeflaan", 2, ""),
        ("Proeflaan", 4, ""),
        ("Proeflaan", 10, ""),
    ]


def test_a_longer_addition_comes_after_a_shorter_one_in_walking_order(street):
    for addition in ["10", "2", "B", ""]:
        AddressFactory(street=street, house_number=9, addition=addition)
    walk = [a.addition for a in Address.objects.in_walking_order()]
    assert walk == ["", "2", "B", "10"]


# __str__


def test_each_model_says_what_it_is():
    municipality = MunicipalityFactory(code="GM9901", name="Proefstad")
    district = DistrictFactory(municipality=municipality, name="Centrum")
    neighbourhood = NeighbourhoodFactory(district=district, name="Oude Kern")
    street = StreetFactory(neighbourhood=neighbourhood, name="Proeflaan")
    team = TeamFactory(name="Team Kern")
    user = UserFactory(first_name="Wendy", last_name="Werker")

    assert str(municipality) == "Proefstad"
    assert str(district) == "Centrum"
    assert str(neighbourhood) == "Oude Kern"
    assert str(street) == "Proeflaan"
    assert str(AddressFactory(street=street, house_number=12, postcode="1234 AB")) == (
        "Proeflaan 12, 1234 AB"
    )
    assert str(
        AddressFactory(street=street, house_number=12, addition="bis", postcode="1234 AB")
    ) == ("Proeflaan 12-bis, 1234 AB")
    assert str(team) == "Team Kern"
    assert str(MembershipFactory(team=team, user=user)) == "Wendy Werker, Team Kern (worker)"
    assert str(LeadMembershipFactory(team=team, user__first_name="Lea")) == (
        "Lea Testpersoon, Team Kern (team lead)"
    )


def test_only_a_team_lead_or_admin_can_lead_a_team(team):
    worker_as_lead = Membership(team=team, user=UserFactory(), role=Membership.Role.LEAD)
    with pytest.raises(ValidationError) as excinfo:
        worker_as_lead.full_clean()
    assert "role" in excinfo.value.message_dict
    for role in [Role.TEAM_LEAD, Role.ADMIN]:
        user = UserFactory(role=role, is_staff=role == Role.ADMIN)
        Membership(team=team, user=user, role=Membership.Role.LEAD).full_clean()
