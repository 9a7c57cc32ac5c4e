"""factory-boy factories shared by all test modules. Every name, street and
postcode here is made up."""

import factory
from django.utils import timezone

from accounts.models import Role, User
from contacts.models import (
    Category,
    Conversation,
    DoorKnock,
    FollowUp,
    Initiative,
    Need,
    Organisation,
    Report,
    Resident,
    Round,
    Signal,
    Talent,
    Theme,
)
from matches.models import Match
from neighbourhoods.models import (
    Address,
    District,
    Membership,
    Municipality,
    Neighbourhood,
    Street,
    Team,
)

DEFAULT_PASSWORD = "een-lang-testwachtwoord"


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"gebruiker{n}")
    first_name = factory.Sequence(lambda n: f"Voornaam{n}")
    last_name = "Testpersoon"
    email = factory.LazyAttribute(lambda u: f"{u.username}@example.org")
    role = Role.WORKER
    password = factory.django.Password(DEFAULT_PASSWORD)


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


class ResidentFactory(factory.django.DjangoModelFactory):
    """An active resident who consented to storing data and matching."""

    class Meta:
        model = Resident

    address = factory.SubFactory(AddressFactory)
    neighbourhood = factory.LazyAttribute(lambda r: r.address.street.neighbourhood)
    name = factory.Sequence(lambda n: f"Bewoner{n} Proefnaam")
    languages = factory.LazyFunction(lambda: ["nl"])
    may_store = True
    may_match = True


class ThemeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Theme
        django_get_or_create = ["name"]

    name = factory.Sequence(lambda n: f"Thema {n}")
    name_en = factory.Sequence(lambda n: f"Theme {n}")


class RoundFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Round
        skip_postgeneration_save = True

    neighbourhood = factory.SubFactory(NeighbourhoodFactory)
    planned_for = factory.LazyFunction(timezone.localdate)
    worker = factory.SubFactory(UserFactory)

    @factory.post_generation
    def addresses(self, create, extracted, **kwargs):
        if create and extracted:
            self.addresses.set(extracted)


class DoorKnockFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = DoorKnock

    address = factory.SubFactory(AddressFactory)
    knocked_at = factory.LazyFunction(timezone.now)
    outcome = DoorKnock.Outcome.NOT_HOME
    worker = factory.SubFactory(UserFactory)


class ConversationFactory(factory.django.DjangoModelFactory):
    """A conversation; pass ``residents=[...]`` and ``workers=[...]``."""

    class Meta:
        model = Conversation
        skip_postgeneration_save = True

    neighbourhood = factory.SubFactory(NeighbourhoodFactory)
    happened_at = factory.LazyFunction(timezone.now)
    place = Conversation.Place.DOORSTEP
    notes = "Koffie gedronken, over de buurt gepraat."

    @factory.post_generation
    def residents(self, create, extracted, **kwargs):
        if create and extracted:
            self.residents.set(extracted)

    @factory.post_generation
    def workers(self, create, extracted, **kwargs):
        if create and extracted:
            self.workers.set(extracted)


class FollowUpFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = FollowUp

    neighbourhood = factory.SubFactory(NeighbourhoodFactory)
    description = factory.Sequence(lambda n: f"Terugbellen {n}")
    due_on = factory.LazyFunction(timezone.localdate)
    assigned_to = factory.SubFactory(UserFactory)


class OrganisationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organisation
        django_get_or_create = ["name"]

    name = factory.Sequence(lambda n: f"Hulporganisatie {n}")
    phone = "+31201234567"


class SignalFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Signal

    resident = factory.SubFactory(ResidentFactory, may_share=True)
    kind = Signal.Kind.SIGNAL
    reason = "Zorgen over de trap, samen bekeken."
    created_by = factory.SubFactory(UserFactory)


class ReportFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Report

    address = factory.SubFactory(AddressFactory)
    neighbourhood = factory.LazyAttribute(lambda r: r.address.street.neighbourhood)
    source = Report.Source.HOUSING
    received_on = factory.LazyFunction(timezone.localdate)
    description = "Afval in het trappenhuis."
    created_by = factory.SubFactory(UserFactory)


class CategoryFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Category
        django_get_or_create = ["slug"]

    slug = factory.Sequence(lambda n: f"categorie-{n}")
    name = factory.Sequence(lambda n: f"Categorie {n}")
    name_en = factory.Sequence(lambda n: f"Category {n}")
    gift = Category.Gift.HANDS


class TalentFactory(factory.django.DjangoModelFactory):
    """A resident's talent; pass ``initiative=..., resident=None`` for an initiative's."""

    class Meta:
        model = Talent

    resident = factory.SubFactory(ResidentFactory)
    category = factory.SubFactory(CategoryFactory)
    text = "Werkt graag in de tuin"


class NeedFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Need

    resident = factory.SubFactory(ResidentFactory)
    category = factory.SubFactory(CategoryFactory)
    text = "Kan het gras niet meer maaien"


class InitiativeFactory(factory.django.DjangoModelFactory):
    """An initiative; pass ``neighbourhoods=[...]``."""

    class Meta:
        model = Initiative
        skip_postgeneration_save = True

    name = factory.Sequence(lambda n: f"Buurtinitiatief {n}")
    description = "Samen eten in het buurthuis."

    @factory.post_generation
    def neighbourhoods(self, create, extracted, **kwargs):
        if create and extracted:
            self.neighbourhoods.set(extracted)


class MatchFactory(factory.django.DjangoModelFactory):
    """A proposed match between a need and another resident's talent, in the
    need's neighbourhood."""

    class Meta:
        model = Match

    need = factory.SubFactory(NeedFactory)
    resident = factory.LazyAttribute(lambda m: m.need.resident)
    neighbourhood = factory.LazyAttribute(lambda m: m.need.resident.neighbourhood)
    talent = factory.SubFactory(
        TalentFactory,
        resident__address__street__neighbourhood=factory.SelfAttribute(
            ".....need.resident.neighbourhood"
        ),
    )
    helper = factory.LazyAttribute(lambda m: m.talent.resident)
    why = "Allebei in dezelfde straat, zij heeft een tuin en hij werkt graag buiten."
    first_meeting_plan = "Samen op de koffie bij haar thuis, ik ben erbij."
    proposed_by = factory.SubFactory(UserFactory)
    proposed_at = factory.LazyFunction(timezone.now)


# A made-up base32 TOTP secret for tests; codes for it come from
# allauth.mfa.totp.internal.auth.hotp_value / format_hotp_value.
TOTP_SECRET = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"


def add_totp(user, secret=TOTP_SECRET):
    """Give ``user`` an authenticator app (encrypted like a real one) and
    recovery codes; returns the TOTP ``Authenticator``."""
    from allauth.mfa.recovery_codes.internal.auth import RecoveryCodes
    from allauth.mfa.totp.internal.auth import TOTP

    authenticator = TOTP.activate(user, secret).instance
    RecoveryCodes.activate(user)
    return authenticator


class AccessAttemptFactory(factory.django.DjangoModelFactory):
    """A failed-login record of django-axes (the admin's "Access attempts")."""

    class Meta:
        model = "axes.AccessAttempt"

    username = factory.Sequence(lambda n: f"gebruiker{n}")
    ip_address = "192.0.2.1"
    user_agent = "Testbrowser"
    get_data = ""
    post_data = "login=gebruiker"
    http_accept = "text/html"
    path_info = "/account/login/"
    failures_since_start = 1
    attempt_time = factory.LazyFunction(timezone.now)


class AccessLogFactory(factory.django.DjangoModelFactory):
    """A login record of django-axes (the admin's "Access logs")."""

    class Meta:
        model = "axes.AccessLog"

    username = factory.Sequence(lambda n: f"gebruiker{n}")
    ip_address = "192.0.2.1"
    user_agent = "Testbrowser"
    http_accept = "text/html"
    path_info = "/account/login/"


class AccessFailureLogFactory(AccessLogFactory):
    """A failed login as django-axes logs it (the admin's "Access failures")."""

    class Meta:
        model = "axes.AccessFailureLog"


class UserSessionFactory(factory.django.DjangoModelFactory):
    """A row of allauth's session list (without a real session behind it)."""

    class Meta:
        model = "usersessions.UserSession"

    user = factory.SubFactory(UserFactory)
    ip = "192.0.2.1"
    session_key = factory.Sequence(lambda n: f"sessie{n:034d}")
    user_agent = "Testbrowser"


class AuthenticatorFactory(factory.django.DjangoModelFactory):
    """An authenticator app (allauth.mfa), its secret encrypted like a real one."""

    class Meta:
        model = "mfa.Authenticator"

    user = factory.SubFactory(UserFactory)
    type = "totp"
    data = factory.LazyFunction(lambda: {"secret": _encrypt(TOTP_SECRET)})


def _encrypt(text):
    from allauth.mfa.utils import encrypt

    return encrypt(text)
