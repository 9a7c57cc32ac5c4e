"""factory-boy factories for matches."""

import factory
from django.utils import timezone

from matches.models import Match
from tests.accounts.factories import UserFactory
from tests.contacts.factories import NeedFactory, TalentFactory


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
