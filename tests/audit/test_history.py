"""The change history, captured by database triggers, and its erasure."""

import uuid

import pghistory
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from audit.history import erase_for_resident
from audit.models import (
    ConsentRecordEvent,
    ConversationEvent,
    ConversationResidentEvent,
    InitiativeMemberEvent,
    MatchHistoryEvent,
    NeedEvent,
    ResidentEvent,
    TalentEvent,
)
from audit.selectors import resident_history
from contacts.models import ConsentRecord, InitiativeMember, Resident, Talent
from tests.contacts.factories import (
    ConversationFactory,
    InitiativeFactory,
    NeedFactory,
    TalentFactory,
)
from tests.matches.factories import MatchFactory

pytestmark = pytest.mark.django_db

EVENT_MODELS = [
    ResidentEvent,
    ConsentRecordEvent,
    ConversationEvent,
    ConversationResidentEvent,
    TalentEvent,
    NeedEvent,
    MatchHistoryEvent,
    InitiativeMemberEvent,
]


def labels(resident):
    return list(
        ResidentEvent.objects.filter(pgh_obj_id=resident.pk)
        .order_by("pgh_id")
        .values_list("pgh_label", flat=True)
    )


def test_a_bulk_update_is_captured_with_before_and_after(resident):
    Resident.objects.filter(pk=resident.pk).update(name="Anna Jansen")
    assert labels(resident) == ["insert", "update"]
    [latest] = list(resident_history(resident.pk)[:1])
    assert latest.pgh_diff == {"name": ["Anna de Vries", "Anna Jansen"]}


def test_bookkeeping_columns_alone_record_nothing(resident):
    Resident.objects.filter(pk=resident.pk).update(
        last_seen_at=timezone.now(), version=7, updated_at=timezone.now(), search_name="x"
    )
    assert labels(resident) == ["insert"]


def test_derived_columns_are_not_copied(resident):
    fields = {field.name for field in ResidentEvent._meta.fields}
    assert "search_name" not in fields and "name" in fields
    assert "search_vector" not in {field.name for field in TalentEvent._meta.fields}


def test_a_talent_update_is_captured_without_its_search_vector(resident):
    talent = TalentFactory(resident=resident)
    Talent.objects.filter(pk=talent.pk).update(text="Bakt graag taart")
    assert list(
        TalentEvent.objects.filter(pgh_obj_id=talent.pk)
        .order_by("pgh_id")
        .values_list("pgh_label", "text")
    ) == [("insert", "Werkt graag in de tuin"), ("update", "Bakt graag taart")]


def test_a_delete_is_captured(resident, worker):
    record = ConsentRecord.objects.create(
        resident=resident,
        purpose="share",
        given=True,
        recorded_by=worker,
        recorded_at=timezone.now(),
    )
    record_id = record.pk
    record.delete()
    assert list(
        ConsentRecordEvent.objects.filter(pgh_obj_id=record_id).values_list("pgh_label", flat=True)
    ) == ["insert", "delete"]


def test_who_made_a_change_through_a_page_is_recorded(client, worker, resident):
    client.force_login(worker)
    response = client.post(
        reverse("contacts:consent_update", args=[resident.pk]),
        {
            "purpose": "share",
            "answer": "yes",
            "method": "spoken",
            "submission_token": str(uuid.uuid4()),
        },
    )
    assert response.status_code == 302
    event = ConsentRecordEvent.objects.get(resident_id=resident.pk, pgh_label="insert")
    assert event.pgh_context.metadata["user"] == worker.pk
    changed = ResidentEvent.objects.filter(pgh_obj_id=resident.pk, pgh_label="update").get()
    assert changed.may_share is True
    assert changed.pgh_context.metadata["user"] == worker.pk


def test_a_page_that_only_reads_sends_no_history_context(client, worker, resident):
    """pghistory's context goes with changes (the test above) and not in
    front of every query of a GET (PGHISTORY_MIDDLEWARE_METHODS)."""
    client.force_login(worker)
    with CaptureQueriesContext(connection) as read:
        response = client.get(reverse("contacts:resident_detail", args=[resident.pk]))
    assert response.status_code == 200
    assert read.captured_queries
    assert not [q for q in read.captured_queries if "pghistory.context" in q["sql"]]
    with CaptureQueriesContext(connection) as change:
        client.post(
            reverse("contacts:consent_update", args=[resident.pk]),
            {
                "purpose": "share",
                "answer": "yes",
                "method": "spoken",
                "submission_token": str(uuid.uuid4()),
            },
        )
    assert [q for q in change.captured_queries if "pghistory.context" in q["sql"]]


def test_the_history_of_a_resident_covers_conversations_and_the_rest(resident, worker):
    conversation = ConversationFactory(
        neighbourhood=resident.neighbourhood, residents=[resident], notes="Over de tuin"
    )
    conversation.notes = "Over de tuin en de buren"
    conversation.save()
    match = MatchFactory(need=NeedFactory(resident=resident), proposed_by=worker)
    InitiativeMember.objects.create(initiative=InitiativeFactory(), resident=resident)
    models = {event.pgh_model for event in resident_history(resident.pk)}
    assert models == {
        "audit.ResidentEvent",
        "audit.ConversationEvent",
        "audit.ConversationResidentEvent",
        "audit.NeedEvent",
        "audit.MatchHistoryEvent",
        "audit.InitiativeMemberEvent",
    }
    # The helper's history shows the match too, not the seeker's need.
    helper_models = {event.pgh_model for event in resident_history(match.helper_id)}
    assert "audit.MatchHistoryEvent" in helper_models
    assert "audit.NeedEvent" not in helper_models


def text_of_event_tables():
    """Every event row of every audited table as text."""
    with connection.cursor() as cursor:
        texts = []
        for model in EVENT_MODELS:
            cursor.execute(f'SELECT row_to_json(e)::text FROM "{model._meta.db_table}" e')  # noqa: S608
            texts.extend(row[0] for row in cursor.fetchall())
    return "\n".join(texts)


def test_erasing_removes_the_old_values_from_the_event_tables(resident, worker):
    Resident.objects.filter(pk=resident.pk).update(phone="+31612345678", reach_by="phone")
    conversation = ConversationFactory(
        neighbourhood=resident.neighbourhood,
        residents=[resident],
        notes="Anna vertelde over haar zoon",
    )
    talent = TalentFactory(resident=resident, text="Anna breit sokken")
    need = NeedFactory(resident=resident, text="Anna zoekt hulp met formulieren")
    match = MatchFactory(need=need, proposed_by=worker, why="Anna en Piet wonen naast elkaar")
    consent = ConsentRecord.objects.create(
        resident=resident,
        purpose="share",
        given=True,
        recorded_by=worker,
        recorded_at=timezone.now(),
    )
    assert "Anna" in text_of_event_tables()

    with pghistory.context(user=worker.pk):
        # What the anonymisation does, roughly; its own events hold old values too.
        Resident.objects.filter(pk=resident.pk).update(
            name="Geanonimiseerd", phone="", reach_by="worker", status="anonymised"
        )
        conversation.notes = ""
        conversation.save()
        erase_for_resident(
            resident.pk,
            conversation_ids=[conversation.pk],
            talent_ids=[talent.pk],
            need_ids=[need.pk],
            match_ids=[match.pk],
            consent_ids=[consent.pk],
        )

    text = text_of_event_tables()
    for value in ("Anna", "12345678", "haar zoon", "sokken", "formulieren"):
        assert value not in text
    [erased] = ResidentEvent.objects.filter(pgh_obj_id=resident.pk)
    assert erased.pgh_label == "erased"
    assert erased.name == "Geanonimiseerd"
    assert erased.pgh_context.metadata["user"] == worker.pk


def test_erasing_leaves_other_residents_history_alone(resident, other_resident):
    Resident.objects.filter(pk=other_resident.pk).update(name="Bram Oosterman")
    erase_for_resident(resident.pk)
    assert labels(other_resident) == ["insert", "update"]
