"""A resident with something in every corner of the database, for the
export and the erasure. Every name, street, number and address is made up."""

import dataclasses
import datetime
import uuid

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import timezone

from contacts.models import Consent, Conversation, DoorKnock, InitiativeMember, Signal
from contacts.services.followups import followup_create
from contacts.services.reports import report_create
from contacts.services.residents import consent_set, resident_create
from contacts.services.signals import signal_create
from matches.models import MatchEvent
from matches.services.lifecycle import (
    match_approve,
    match_end,
    match_introduce,
    match_propose,
    match_start,
)
from tests.contacts.factories import (
    CategoryFactory,
    ConversationFactory,
    InitiativeFactory,
    NeedFactory,
    ResidentFactory,
    TalentFactory,
    ThemeFactory,
)
from tests.neighbourhoods.factories import AddressFactory, StreetFactory

NAME = "Zwanette Quelderhoven"
FIRST, LAST = NAME.split()
STREET = "Zwanenbloemsingel"
PHONE = "06-98765432"
PHONE_DIGITS = "98765432"
EMAIL = "zwanette.q@example.org"
EXTERNAL_REF = "EXT-ZQ-4711"
NEIGHBOUR = "Pieter Proefmans"


@dataclasses.dataclass
class Everything:
    resident: object
    neighbour: object
    conversation_alone: object
    conversation_shared: object
    talent: object
    need: object
    match_as_seeker: object
    match_as_helper: object
    follow_up: object
    signal: object
    report: object
    initiative: object
    knock: object


@pytest.fixture
def everything(worker, lead, neighbourhood, client):
    """Zwanette, who lives on the Zwanenbloemsingel, and her neighbour
    Pieter: consents (one withdrawn), a conversation with her alone and one
    with both, a talent and a need, a running match for her need with
    Pieter's talent and an ended one where she helped him, a follow-up, a
    signal, a report, an initiative membership and a door knock. One
    consent change goes through the web page, so the change history has a
    request context too."""
    street = StreetFactory(neighbourhood=neighbourhood, name=STREET)
    address = AddressFactory(street=street, house_number=17, postcode="9999 ZQ")
    resident = resident_create(
        name=NAME,
        created_by=worker,
        address=address,
        consents={Consent.STORE: True, Consent.MATCH: True, Consent.SHARE: True},
        languages=["nld", "tur"],
        reach_by="phone",
        phone=PHONE,
        email=EMAIL,
        is_connector=True,
        external_ref=EXTERNAL_REF,
    )
    neighbour = ResidentFactory(address=AddressFactory(street=street), name=NEIGHBOUR)
    garden = CategoryFactory(slug="privacytuin", name="Privacytuin", name_en="Privacy garden")
    baking = CategoryFactory(slug="privacybakken", name="Privacybakken", name_en="Baking")

    knock = DoorKnock.objects.create(
        address=address,
        knocked_at=timezone.now() - datetime.timedelta(days=3),
        outcome=DoorKnock.Outcome.SPOKE,
        worker=worker,
        resident=resident,
    )
    conversation_alone = ConversationFactory(
        neighbourhood=neighbourhood,
        residents=[resident],
        workers=[worker],
        door_knock=knock,
        place=Conversation.Place.HOME,
        notes=f"{NAME} vertelde over de {STREET}; bel haar op {PHONE}.",
    )
    conversation_alone.themes.add(ThemeFactory(name="Eenzaamheid", name_en="Loneliness"))
    conversation_shared = ConversationFactory(
        neighbourhood=neighbourhood,
        residents=[resident, neighbour],
        workers=[worker, lead],
        notes=(
            f"Met {FIRST} en Pieter koffie gedronken. {LAST.upper()}'s dochter belt "
            f"0031 6 9876 5432 of mailt {EMAIL.upper()}. Pieter woont ook aan de {STREET}."
        ),
    )
    talent = TalentFactory(resident=resident, category=baking, text=f"{FIRST} bakt graag taart")
    need = NeedFactory(resident=resident, category=garden, text=f"De tuin van {FIRST} is te groot")
    pieter_talent = TalentFactory(resident=neighbour, category=garden, text="Werkt graag buiten")
    pieter_need = NeedFactory(resident=neighbour, category=baking, text="Wil leren bakken")

    match_as_seeker = match_propose(
        need=need,
        by=worker,
        helper=neighbour,
        talent=pieter_talent,
        why=f"Pieter woont naast {FIRST} aan de {STREET}.",
        first_meeting_plan=f"Koffie bij {NAME} thuis.",
    )
    match_approve(match=match_as_seeker, by=lead, note=f"Goed idee voor {FIRST}.")
    match_introduce(
        match=match_as_seeker, by=worker, introduced_on=timezone.localdate(), worker_present=worker
    )
    match_start(match=match_as_seeker, by=worker)  # check-ins with both names

    match_as_helper = match_propose(
        need=pieter_need,
        by=worker,
        helper=resident,
        talent=talent,
        why=f"{FIRST} bakt, Pieter wil het leren.",
        first_meeting_plan="Samen bakken.",
    )
    match_approve(match=match_as_helper, by=lead)
    match_introduce(match=match_as_helper, by=worker, introduced_on=timezone.localdate())
    match_start(match=match_as_helper, by=worker)
    match_end(
        match=match_as_helper,
        by=worker,
        outcome="lasting",
        reason=f"{FIRST} en Pieter bakken nu zelf.",
        seeker_view="Heel gezellig.",
        helper_view=f"{FIRST} vond het leuk, bel {PHONE}.",
    )
    follow_up = followup_create(
        description=f"{NAME} terugbellen op {PHONE}",
        due_on=timezone.localdate() + datetime.timedelta(days=7),
        assigned_to=worker,
        created_by=worker,
        resident=resident,
    )
    followup_create(
        description=f"Pieter vragen hoe het met {FIRST} gaat",
        due_on=timezone.localdate(),
        assigned_to=worker,
        created_by=worker,
        conversation=conversation_shared,
    )
    signal = signal_create(
        resident=resident,
        kind=Signal.Kind.SIGNAL,
        reason=f"Zorgen om {NAME}: post stapelt zich op.",
        conversation=conversation_alone,
        created_by=worker,
    )
    report = report_create(
        source="neighbour",
        received_on=timezone.localdate(),
        description=f"{NAME} is al een week niet gezien.",
        reporter=f"buurman van {FIRST}",
        address=address,
        resident=resident,
        created_by=worker,
    )
    initiative = InitiativeFactory(name="Privacy Bakclub", neighbourhoods=[neighbourhood])
    InitiativeMember.objects.create(initiative=initiative, resident=resident, role="organiser")
    # Withdraw and give consent to share again: a withdrawn record in the history.
    consent_set(resident=resident, purpose=Consent.SHARE, given=False, recorded_by=lead)
    client.force_login(worker)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    response = client.post(
        reverse("contacts:consent_update", args=[resident.pk]),
        {"purpose": "share", "answer": "yes", "method": "written", "submission_token": uuid4()},
    )
    assert response.status_code == 302
    client.logout()
    assert MatchEvent.objects.filter(match=match_as_helper).count() == 5
    resident.refresh_from_db()
    return Everything(
        resident=resident,
        neighbour=neighbour,
        conversation_alone=conversation_alone,
        conversation_shared=conversation_shared,
        talent=talent,
        need=need,
        match_as_seeker=match_as_seeker,
        match_as_helper=match_as_helper,
        follow_up=follow_up,
        signal=signal,
        report=report,
        initiative=initiative,
        knock=knock,
    )


def uuid4():
    return str(uuid.uuid4())
