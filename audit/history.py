"""Writes to the change history: erasing a resident's old personal data.

The event tables are filled by database triggers (see
``audit.models.history``); nothing here records ordinary changes."""

import pghistory
import pgtrigger
from django.db import connection
from django.db.models import Q

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
from audit.models.history import ERASED, TrackedResident


def erase_for_resident(
    resident_id,
    *,
    conversation_ids=(),
    talent_ids=(),
    need_ids=(),
    match_ids=(),
    consent_ids=(),
):
    """Delete every history event that holds the resident's former personal
    data, then record the resident's current (anonymised) row as one
    ``erased`` event, so the history shows that and when it happened.

    Call it inside the anonymisation transaction, AFTER all anonymising
    writes (their trigger events hold old data too and are deleted here).
    Events found through the resident's id (their own row, consents,
    talents, needs, matches on either side, initiative memberships,
    conversation participation) need no ids; pass the ids of the objects the
    anonymisation touched anyway, and always ``conversation_ids``: a
    conversation's own events do not name its residents. A conversation
    shared with other residents loses its history for them too.
    Returns the number of events deleted."""
    by_resident = Q(resident_id=resident_id)
    deletions = [
        ResidentEvent.objects.filter(pgh_obj_id=resident_id),
        ConsentRecordEvent.objects.filter(by_resident | Q(pgh_obj_id__in=list(consent_ids))),
        ConversationEvent.objects.filter(pgh_obj_id__in=list(conversation_ids)),
        ConversationResidentEvent.objects.filter(by_resident),
        TalentEvent.objects.filter(by_resident | Q(pgh_obj_id__in=list(talent_ids))),
        NeedEvent.objects.filter(by_resident | Q(pgh_obj_id__in=list(need_ids))),
        MatchHistoryEvent.objects.filter(
            by_resident | Q(helper_id=resident_id) | Q(pgh_obj_id__in=list(match_ids))
        ),
        InitiativeMemberEvent.objects.filter(by_resident),
    ]
    deleted = sum(events.delete()[0] for events in deletions)
    resident = TrackedResident.objects.filter(pk=resident_id).first()
    if resident is not None:
        pghistory.create_event(resident, label=ERASED)
    return deleted


def pause_recording():
    """Record no change history for the rest of the current transaction:
    for bulk loads of made-up data (``seed_demo --scale large``), where a
    million history rows would only slow the load and fill the disk. Sets
    pgtrigger's ignore list, which its triggers read, transaction-locally,
    so it also holds for COPY."""
    if not connection.in_atomic_block:
        raise RuntimeError("pause_recording() needs a transaction to end the pause.")
    pgids = sorted(
        trigger.get_pgid(model)
        for model, trigger in pgtrigger.registered()
        if model._meta.app_label == "audit"
    )
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT set_config('pgtrigger.ignore', %s, true)", ["{" + ",".join(pgids) + "}"]
        )
