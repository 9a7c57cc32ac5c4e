"""factory-boy factories for neighbourhoods: municipality, district,
neighbourhood, street, address, team. Every name, street and postcode here is
made up."""

import factory

from accounts.models import Role
from neighbourhoods.models import (
    Address,
    District,
    Membership,
    Municipality,
    Neighbourhood,
    Street,
    Team,
)
from tests.accounts.factories import UserFactory


class MunicipalityFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Municipality
        django_get_or_create = ["code"]

    code = "GM9901"
    name = "Proefstad"


class DistrictFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = District

    municipality = factory.SubFactory(MunicipalityFactory)
    code = factory.LazyAttributeSequence(lambda o, n: f"WK{o.municipality.code[2:]}{n % 100:02d}")
    name = factory.Sequence(lambda n: f"Wijk {n}")


class NeighbourhoodFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Neighbourhood

    district = factory.SubFactory(DistrictFactory)
    code = factory.LazyAttributeSequence(lambda o, n: f"BU{o.district.code[2:]}{n % 100:02d}")
    name = factory.Sequence(lambda n: f"Buurt {n}")


class StreetFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Street

    neighbourhood = factory.SubFactory(NeighbourhoodFactory)
    name = factory.Sequence(lambda n: f"Proeflaan {n}")


class AddressFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Address

    street = factory.SubFactory(StreetFactory)
    house_number = factory.Sequence(lambda n: n + 1)
    addition = ""
    postcode = factory.Sequence(lambda n: f"{1000 + n % 9000} AB")


class TeamFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Team
        skip_postgeneration_save = True

    name = factory.Sequence(lambda n: f"Team {n}")

    @factory.post_generation
    def neighbourhoods(self, create, extracted, **kwargs):
        if create and extracted:
            self.neighbourhoods.set(extracted)


class MembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Membership

    team = factory.SubFactory(TeamFactory)
    user = factory.SubFactory(UserFactory)
    role = Membership.Role.WORKER


class LeadMembershipFactory(MembershipFactory):
    """A team's lead, who is a team lead: the database refuses a lead
    membership of anyone but a team lead or an admin."""

    user = factory.SubFactory(UserFactory, role=Role.TEAM_LEAD)
    role = Membership.Role.LEAD
