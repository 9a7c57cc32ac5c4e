"""May this resident take part? ``Resident.take_part_rule``: one rule per
purpose (being recorded, matched, shared with the district team), its
QuerySet method, instance property and message, and every place in contacts
that asks it, each as a table over every status and every combination of
consents (tests/take_part.py). The places matching asks are in
tests/matches/test_take_part.py."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone, translation

from contacts.forms.conversations import ResidentOption
from contacts.models import Consent, Conversation, InitiativeMember, Resident, Signal, Talent
from contacts.services.conversations import conversation_create
from contacts.services.heard import heard_update, refusal, talent_create
from contacts.services.initiatives import initiative_member_add
from contacts.services.signals import signal_create, signal_refusal
from tests.contacts.factories import InitiativeFactory, TalentFactory
from tests.neighbourhoods.factories import StreetFactory
from tests.take_part import expected_table, residents_in_every_state

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english_messages")]

#: The QuerySet method and the instance property of each purpose.
NAMES = {
    Consent.STORE: "may_be_recorded",
    Consent.MATCH: "may_be_matched",
    Consent.SHARE: "may_be_shared",
}


@pytest.fixture
def street(neighbourhood):
    return StreetFactory(neighbourhood=neighbourhood, name="Meedoenstraat")


@pytest.fixture
def everyone(street):
    """{label: resident}, one in every state, in the worker's neighbourhood."""
    return residents_in_every_state(street=street)


def refused_with_its_message(call, resident, purpose):
    """Whether ``call()`` went through: False when it raised the resident's
    own ``why_not`` message for ``purpose`` (and nothing else)."""
    try:
        call()
    except ValidationError as error:
        assert error.messages == [resident.why_not(purpose)]
        return False
    return True


# The definitions


@pytest.mark.parametrize("purpose", list(Consent), ids=str)
def test_the_queryset_the_property_and_the_message_follow_the_rule(purpose, everyone):
    name = NAMES[purpose]
    chosen = set(getattr(Resident.objects, name)().values_list("pk", flat=True))
    assert {key: r.pk in chosen for key, r in everyone.items()} == expected_table(purpose)
    assert set(Resident.objects.taking_part(purpose).values_list("pk", flat=True)) == chosen
    assert {key: getattr(r, name) for key, r in everyone.items()} == expected_table(purpose)
    assert {key: r.why_not(purpose) is None for key, r in everyone.items()} == expected_table(
        purpose
    )


@pytest.mark.parametrize("purpose", list(Consent), ids=str)
def test_the_rule_reaches_a_resident_through_a_relation(purpose, everyone):
    for resident in everyone.values():
        TalentFactory(resident=resident)
    talents = Talent.objects.filter(Resident.taking_part_q(purpose, through="resident"))
    chosen = set(talents.values_list("resident", flat=True))
    assert {key: r.pk in chosen for key, r in everyone.items()} == expected_table(purpose)


def test_the_instance_asks_no_query(everyone, django_assert_num_queries):
    residents = list(everyone.values())
    with django_assert_num_queries(0):
        for resident in residents:
            for purpose in Consent:
                resident.why_not(purpose)
                assert resident.takes_part(purpose) == getattr(resident, NAMES[purpose])


def test_each_purpose_has_one_message_for_moving_away_and_one_for_consent(street):
    moved = Resident(name="Piet", status=Resident.Status.MOVED, may_store=True, may_share=True)
    anonymised = Resident(name="(geanonimiseerd)", status=Resident.Status.ANONYMISED)
    unasked = Resident(name="Anna", status=Resident.Status.ACTIVE, may_store=False)
    stored = Resident(name="Anna", status=Resident.Status.ACTIVE, may_store=True)
    assert moved.why_not(Consent.STORE) == (
        "Piet has moved or was anonymised, so nothing new can be recorded about them."
    )
    assert moved.why_not(Consent.MATCH) == (
        "Piet has moved or was anonymised, so they can no longer be matched."
    )
    assert moved.why_not(Consent.SHARE) == (
        "Piet has moved or was anonymised, so nothing about them can be shared with the "
        "district team."
    )
    # The status is said first, whatever the consents.
    assert anonymised.why_not(Consent.MATCH) == (
        "(geanonimiseerd) has moved or was anonymised, so they can no longer be matched."
    )
    assert unasked.why_not(Consent.STORE) == (
        "Anna has not agreed to storing their data, so nothing about them can be recorded. "
        "Ask and record their consent first."
    )
    assert stored.why_not(Consent.STORE) is None
    assert stored.why_not(Consent.MATCH) == (
        "Anna has not consented to being matched. Ask them first: a match tells another "
        "resident who they are and what they need or offer."
    )
    assert stored.why_not(Consent.SHARE) == (
        "Anna has not agreed to sharing with the district team. Ask and record their "
        "consent first."
    )
    with translation.override("nl"):
        assert moved.why_not(Consent.MATCH) == (
            "Piet is verhuisd of geanonimiseerd en kan niet meer gekoppeld worden."
        )
        assert stored.why_not(Consent.SHARE).startswith("Anna heeft geen toestemming gegeven")


# Being recorded: talents and needs, conversations, initiative membership


def test_talents_are_recorded_as_the_rule_says(everyone, worker):
    recorded = {
        key: refused_with_its_message(
            lambda r=r: talent_create(
                resident=r, text="Werkt graag in de tuin", created_by=worker
            ),
            r,
            Consent.STORE,
        )
        for key, r in everyone.items()
    }
    assert recorded == expected_table(Consent.STORE)
    assert {key: refusal(resident=r) is None for key, r in everyone.items()} == expected_table(
        Consent.STORE
    )


def test_talents_are_changed_as_the_rule_says(everyone, worker):
    talents = {key: TalentFactory(resident=r) for key, r in everyone.items()}
    changed = {
        key: refused_with_its_message(
            lambda t=talents[key]: heard_update(
                item=t,
                text="Snoeit graag",
                category=t.category,
                availability=[],
                status=Talent.Status.OPEN,
                by=worker,
            ),
            r,
            Consent.STORE,
        )
        for key, r in everyone.items()
    }
    assert changed == expected_table(Consent.STORE)


def test_conversations_are_logged_as_the_rule_says(everyone, worker, neighbourhood):
    logged = {}
    for key, resident in everyone.items():
        try:
            conversation_create(
                created_by=worker,
                neighbourhood=neighbourhood,
                happened_at=timezone.now(),
                place=Conversation.Place.HOME,
                residents=[resident],
                workers=[worker],
            )
        except ValidationError as error:
            assert error.message_dict == {"residents": [resident.why_not(Consent.STORE)]}
            logged[key] = False
        else:
            logged[key] = True
    assert logged == expected_table(Consent.STORE)


def test_the_conversation_form_offers_residents_as_the_rule_says(everyone):
    options = {key: ResidentOption(resident=r, checked=False) for key, r in everyone.items()}
    assert {key: o.unavailable == "" for key, o in options.items()} == expected_table(
        Consent.STORE
    )
    for key, option in options.items():
        assert option.unavailable == (everyone[key].why_not(Consent.STORE) or "")


def test_the_resident_page_offers_adding_talents_as_the_rule_says(client, worker, everyone):
    client.force_login(worker)
    offered = {}
    for key, resident in everyone.items():
        response = client.get(reverse("contacts:resident_detail", args=[resident.pk]))
        offered[key] = response.context["can_add_heard"]
        create_url = reverse("contacts:talent_create", args=[resident.pk])
        assert (create_url in response.content.decode()) == offered[key]
        assert response.context["record_refusal"] == resident.why_not(Consent.STORE)
    assert offered == expected_table(Consent.STORE)


def test_initiative_members_are_added_as_the_rule_says(client, everyone, worker, neighbourhood):
    dinner = InitiativeFactory(name="Buurtmaaltijd", neighbourhoods=[neighbourhood])
    client.force_login(worker)
    response = client.post(
        reverse("contacts:initiative_member_add", args=[dinner.pk]), {"q": "Meedoenstraat"}
    )
    offered = {
        resident.pk: why is None for resident, _form, _error, why in response.context["results"]
    }
    assert {key: offered[r.pk] for key, r in everyone.items()} == expected_table(Consent.STORE)
    added = {
        key: refused_with_its_message(
            lambda r=r: initiative_member_add(initiative=dinner, resident=r, added_by=worker),
            r,
            Consent.STORE,
        )
        for key, r in everyone.items()
    }
    assert added == expected_table(Consent.STORE)
    members = set(InitiativeMember.objects.values_list("resident", flat=True))
    assert {key: r.pk in members for key, r in everyone.items()} == expected_table(Consent.STORE)


# Being shared with the district team: signals and referrals


def test_signals_are_made_as_the_rule_says(everyone, worker):
    assert {key: signal_refusal(r) is None for key, r in everyone.items()} == expected_table(
        Consent.SHARE
    )
    made = {
        key: refused_with_its_message(
            lambda r=r: signal_create(
                resident=r,
                kind=Signal.Kind.SIGNAL,
                reason="Zorgen over de trap.",
                created_by=worker,
            ),
            r,
            Consent.SHARE,
        )
        for key, r in everyone.items()
    }
    assert made == expected_table(Consent.SHARE)


def test_the_signal_page_says_why_not_as_the_rule_says(client, worker, everyone):
    client.force_login(worker)
    refused = {}
    for key, resident in everyone.items():
        response = client.get(reverse("contacts:signal_create", args=[resident.pk]))
        refused[key] = response.context["refusal"]
        assert refused[key] == resident.why_not(Consent.SHARE)
    assert {key: why is None for key, why in refused.items()} == expected_table(Consent.SHARE)
