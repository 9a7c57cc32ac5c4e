"""factory-boy factories for contacts: residents, rounds, door knocks,
conversations, follow-ups, signals, reports, categories, talents, needs and
initiatives. Every name here is made up."""

import factory
from django.utils import timezone

from contacts.models import (
    Activity,
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
from contacts.services.rounds import door_knock_summaries_add
from tests.accounts.factories import UserFactory
from tests.neighbourhoods.factories import AddressFactory, NeighbourhoodFactory


class ResidentFactory(factory.django.DjangoModelFactory):
    """An active resident who consented to storing data and matching."""

    class Meta:
        model = Resident

    address = factory.SubFactory(AddressFactory)
    neighbourhood = factory.LazyAttribute(lambda r: r.address.street.neighbourhood)
    name = factory.Sequence(lambda n: f"Bewoner{n} Proefnaam")
    languages = factory.LazyFunction(lambda: ["nld"])
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
    """A door knock, counted in its address's summary as the door-knock
    service counts it (with the service's own function)."""

    class Meta:
        model = DoorKnock
        skip_postgeneration_save = True

    address = factory.SubFactory(AddressFactory)
    knocked_at = factory.LazyFunction(timezone.now)
    outcome = DoorKnock.Outcome.NOT_HOME
    worker = factory.SubFactory(UserFactory)

    @factory.post_generation
    def summary(self, create, extracted, **kwargs):
        if create:
            door_knock_summaries_add(knocks=DoorKnock.objects.filter(pk=self.pk))


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


class ActivityFactory(factory.django.DjangoModelFactory):
    """A one-off activity in a neighbourhood, held today; pass
    ``initiative=...`` and ``kind=Activity.Kind.MEETING`` for a meeting."""

    class Meta:
        model = Activity

    neighbourhood = factory.SubFactory(NeighbourhoodFactory)
    kind = Activity.Kind.ACTIVITY
    title = factory.Sequence(lambda n: f"Schoonmaakmiddag {n}")
    held_on = factory.LazyFunction(timezone.localdate)
    place = "Trappenhuis"
