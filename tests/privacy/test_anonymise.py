"""Erasure by anonymisation (privacy.services.resident_anonymise): nothing
personal is left anywhere in the database, what is kept still counts, a
second run does nothing, and withdrawn consent keeps a resident out of the
suggestions at once."""

import pytest
from django.db import connection

from accesslog.models import AccessEvent
from audit.models import ResidentEvent
from contacts.models import (
    ConsentRecord,
    Conversation,
    DoorKnock,
    FollowUp,
    InitiativeMember,
    Need,
    Report,
    Resident,
    Signal,
    Talent,
)
from contacts.services.residents import consent_set
from matches.models import Match, MatchEvent
from matches.suggestions import suggest_for_need, suggest_for_talent
from privacy.redaction import REDACTED, Redactor
from privacy.services import ANONYMISED_NAME, resident_anonymise
from tests.contacts.factories import CategoryFactory, NeedFactory, ResidentFactory, TalentFactory
from tests.matches.factories import MatchFactory
from tests.neighbourhoods.factories import AddressFactory, StreetFactory
from tests.privacy.conftest import (
    EMAIL,
    EXTERNAL_REF,
    FIRST,
    LAST,
    NEIGHBOUR,
    PHONE_DIGITS,
    STREET,
)

pytestmark = pytest.mark.django_db

#: Street and address names are public reference data (the BAG), kept for
#: every address whoever lives there; an anonymised resident is no longer
#: linked to them. Everything else is searched.
REFERENCE_TABLES = {"neighbourhoods_street", "neighbourhoods_address"}

_TEXT_TYPES = {"character varying", "character", "text", "json", "jsonb", "ARRAY", "tsvector"}


def text_columns():
    """(table, column) of every text-like column of every table in the
    public schema: character, text, json(b), arrays and tsvectors."""
    with connection.cursor() as cursor:
        cursor.execute(
            """
            SELECT c.table_name, c.column_name, c.data_type
            FROM information_schema.columns c
            JOIN information_schema.tables t
              ON t.table_schema = c.table_schema AND t.table_name = c.table_name
            WHERE c.table_schema = 'public' AND t.table_type = 'BASE TABLE'
            ORDER BY c.table_name, c.ordinal_position
            """
        )
        return [
            (table, column)
            for table, column, data_type in cursor.fetchall()
            if data_type in _TEXT_TYPES and table not in REFERENCE_TABLES
        ]


def places_holding(*terms):
    """{(table, column): [term, ...]} wherever a term occurs, case-insensitively."""
    found = {}
    with connection.cursor() as cursor:
        for table, column in text_columns():
            for term in terms:
                cursor.execute(
                    f'SELECT 1 FROM "{table}" WHERE "{column}"::text ILIKE %s LIMIT 1',  # noqa: S608
                    [f"%{term}%"],
                )
                if cursor.fetchone():
                    found.setdefault((table, column), []).append(term)
    return found


TERMS = (FIRST, LAST, STREET, PHONE_DIGITS, EMAIL, EXTERNAL_REF)


def test_the_search_covers_history_and_context_tables():
    tables = {table for table, _column in text_columns()}
    assert {
        "contacts_resident",
        "contacts_conversation",
        "matches_match",
        "matches_matchevent",
        "audit_residentevent",
        "audit_conversationevent",
        "pghistory_context",
        "django_session",
    } <= tables
    assert not tables & REFERENCE_TABLES


def test_nothing_personal_is_left_anywhere_in_the_database(everything, lead):
    before = places_holding(*TERMS)
    # The search finds the data where it is, history included.
    assert {
        ("contacts_resident", "name"),
        ("contacts_resident", "phone"),
        ("contacts_resident", "email"),
        ("contacts_conversation", "notes"),
        ("matches_talent", "text"),
        ("matches_match", "why"),
        ("matches_matchevent", "note"),
        ("contacts_followup", "description"),
        ("contacts_signal", "reason"),
        ("contacts_report", "description"),
        ("audit_residentevent", "name"),
        ("audit_conversationevent", "notes"),
        ("audit_matchhistoryevent", "why"),
    } <= set(before)

    resident_anonymise(resident=everything.resident, by=lead)

    assert places_holding(*TERMS) == {}


def test_what_is_kept_still_counts(everything, lead, neighbourhood):
    current = ConsentRecord.objects.filter(
        resident=everything.resident, given=True, withdrawn_at__isnull=True
    )
    current_ids = set(current.values_list("pk", flat=True))
    assert len(current_ids) == 3
    resident = resident_anonymise(resident=everything.resident, by=lead)
    assert resident.name == ANONYMISED_NAME
    assert resident.status == Resident.Status.ANONYMISED
    assert resident.neighbourhood == neighbourhood
    assert resident.address is None
    assert (resident.phone, resident.email, resident.languages, resident.external_ref) == (
        "",
        "",
        [],
        "",
    )
    assert not (resident.may_store or resident.may_match or resident.may_share)
    assert not resident.is_connector
    assert resident.search_name == ""
    # Every consent is withdrawn, by the one who erased, and the records stay.
    assert not current.exists()
    withdrawn = ConsentRecord.objects.filter(pk__in=current_ids, withdrawn_by=lead)
    assert withdrawn.count() == 3
    # Both conversations still count, with their themes and workers.
    assert set(resident.conversations.all()) == {
        everything.conversation_alone,
        everything.conversation_shared,
    }
    alone = Conversation.objects.get(pk=everything.conversation_alone.pk)
    assert alone.notes == ""
    assert alone.door_knock is None
    assert alone.themes.count() == 1
    # The door knock stays with the address, no longer with her.
    assert DoorKnock.objects.get(pk=everything.knock.pk).resident is None
    # Talents, needs, matches, signals, reports, memberships: still there.
    assert Talent.objects.filter(resident=resident, status="closed", text=REDACTED).count() == 1
    assert Need.objects.filter(resident=resident, status="closed", text=REDACTED).count() == 1
    assert Match.objects.filter(resident=resident).count() == 1
    assert Match.objects.filter(helper=resident).count() == 1
    assert Signal.objects.get(pk=everything.signal.pk).reason == REDACTED
    report = Report.objects.get(pk=everything.report.pk)
    assert (report.resident, report.address, report.reporter) == (resident, None, "")
    assert FollowUp.objects.get(pk=everything.follow_up.pk).description == REDACTED
    assert InitiativeMember.objects.filter(resident=resident).count() == 1


def test_shared_conversation_notes_lose_only_her(everything, lead):
    resident_anonymise(resident=everything.resident, by=lead)
    notes = Conversation.objects.get(pk=everything.conversation_shared.pk).notes
    assert notes == (
        "Met [...] en Pieter koffie gedronken. [...] dochter belt [...] of mailt [...]. "
        "Pieter woont ook aan de [...]."
    ).replace("[...]", REDACTED)
    assert everything.neighbour in everything.conversation_shared.residents.all()
    follow_up = FollowUp.objects.get(conversation=everything.conversation_shared)
    assert follow_up.description == f"Pieter vragen hoe het met {REDACTED} gaat"


def test_a_match_in_progress_stops_and_frees_the_other_side(everything, lead):
    pieter_talent = Talent.objects.get(pk=everything.match_as_seeker.talent_id)
    assert pieter_talent.status == Talent.Status.MATCHED
    resident_anonymise(resident=everything.resident, by=lead)

    match = Match.objects.get(pk=everything.match_as_seeker.pk)
    assert (match.status, match.outcome) == (Match.Status.ENDED, Match.Outcome.STOPPED)
    assert match.why == match.first_meeting_plan == match.review_note == ""
    assert MatchEvent.objects.filter(match=match, to_status="ended", by=lead).exists()
    assert not MatchEvent.objects.filter(match=match).exclude(note="").exists()
    pieter_talent.refresh_from_db()
    assert pieter_talent.status == Talent.Status.OPEN
    # Her check-ins are closed.
    assert not FollowUp.objects.open().filter(match_check_in__match=match).exists()
    # The ended match stays ended, emptied.
    ended = Match.objects.get(pk=everything.match_as_helper.pk)
    assert (ended.status, ended.outcome) == (Match.Status.ENDED, Match.Outcome.LASTING)
    assert ended.helper_view == ended.end_reason == ""


def test_a_proposed_match_is_rejected(resident, worker, lead):
    need = NeedFactory(resident=resident)
    match = MatchFactory(need=need, proposed_by=worker)
    resident_anonymise(resident=resident, by=lead)
    match.refresh_from_db()
    assert match.status == Match.Status.REJECTED
    assert MatchEvent.objects.get(match=match).to_status == "rejected"


def test_the_history_keeps_one_erased_event_and_the_access_log_one_row(everything, lead):
    resident = resident_anonymise(resident=everything.resident, by=lead)
    events = ResidentEvent.objects.filter(pgh_obj_id=resident.pk)
    assert [(e.pgh_label, e.name) for e in events] == [("erased", ANONYMISED_NAME)]
    row = AccessEvent.objects.get(what=AccessEvent.What.ERASURE)
    assert (row.user, row.role, row.residents) == (lead, lead.role, [resident.pk])


def test_a_second_run_changes_nothing(everything, lead, admin_user):
    first = resident_anonymise(resident=everything.resident, by=lead)
    second = resident_anonymise(resident=everything.resident, by=admin_user)
    assert second.version == first.version
    assert AccessEvent.objects.filter(what=AccessEvent.What.ERASURE).count() == 1
    assert not ConsentRecord.objects.filter(withdrawn_by=admin_user).exists()


def test_other_residents_are_untouched(everything, lead):
    resident_anonymise(resident=everything.resident, by=lead)
    pieter = Resident.objects.get(pk=everything.neighbour.pk)
    assert pieter.name == NEIGHBOUR
    assert pieter.address is not None
    assert Need.objects.get(resident=pieter, text="Wil leren bakken").status == "matched"


# Redaction


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Anna de Vries kwam langs", "[…] kwam langs"),
        ("anna belde, VRIES ook", "[…] belde, […] ook"),
        ("Anna's fiets en Annas tas", "[…] fiets en […] tas"),
        ("de buren van de overkant", "de buren van de overkant"),
        ("Annabel en Vriesland", "Annabel en Vriesland"),
        ("bel 06-12 34 56 78 of 0612345678", "bel […] of […]"),
        ("bel +31 (0)6 1234 5678 of 0031612345678", "bel […] of […]"),
        ("mail ANNA@EXAMPLE.ORG", "mail […]"),
        ("06123456789 is een ander nummer", "06123456789 is een ander nummer"),
    ],
)
def test_redaction_finds_the_ways_people_write_a_name_and_number(text, expected):
    redact = Redactor(name="Anna de Vries", phone="+31612345678", email="anna@example.org")
    assert redact(text) == expected


# Withdrawing consent to be matched (issue 5, point 5)


def test_withdrawing_consent_to_be_matched_removes_a_resident_from_suggestions_at_once(
    neighbourhood, lead
):
    street = StreetFactory(neighbourhood=neighbourhood, name="Proefsuggestiestraat")
    garden = CategoryFactory(slug="suggestietuin", name="Suggestietuin", name_en="Garden")
    seeker = ResidentFactory(address=AddressFactory(street=street), name="Sanne Zoeker")
    helper = ResidentFactory(address=AddressFactory(street=street), name="Henk Helper")
    need = NeedFactory(resident=seeker, category=garden, text="Het gras maaien")
    talent = TalentFactory(resident=helper, category=garden, text="Maait graag gras")
    assert [c.resident for c in suggest_for_need(need)] == [helper]
    assert [c.need for c in suggest_for_talent(talent)] == [need]

    consent_set(resident=helper, purpose="match", given=False, recorded_by=lead)

    assert suggest_for_need(need) == []
    assert suggest_for_talent(talent) == []
