"""The change history: one event table per audited model, filled by
PostgreSQL triggers (django-pghistory), so bulk updates, raw SQL and the
admin are caught as well as the services.

The triggers are declared on proxy models in this app, so that their
migrations live here and not in contacts or matches. Every event row is a
snapshot of the row after an insert or update, or before a delete; the
change itself (before → after) is the difference with the previous event of
the same object. Who made it is in the pghistory context (user id and URL,
which holds ids only), attached by ``pghistory.middleware.HistoryMiddleware``.

Left out of the snapshots: derived columns (``Resident.search_name``, the
generated ``search_vector`` of talents and needs) and bookkeeping columns
(``updated_at``, ``Resident.version``, ``Resident.last_seen_at``, which the
conversation service keeps), so changing only those records nothing.
"""

import pghistory
from django.utils.translation import gettext_lazy as _

from contacts.models import (
    ConsentRecord,
    Conversation,
    Initiative,
    InitiativeMember,
    Need,
    Resident,
    Talent,
)
from matches.models import Match

#: Label of the event that ``audit.history.erase_for_resident`` writes: the
#: anonymised state of the resident, the only event left about them.
ERASED = "erased"


class TrackedResident(Resident):
    class Meta:
        proxy = True


class TrackedConsentRecord(ConsentRecord):
    class Meta:
        proxy = True


class TrackedConversation(Conversation):
    class Meta:
        proxy = True


class TrackedConversationResident(Conversation.residents.through):
    class Meta:
        proxy = True


class TrackedTalent(Talent):
    class Meta:
        proxy = True


class TrackedNeed(Need):
    class Meta:
        proxy = True


class TrackedInitiative(Initiative):
    class Meta:
        proxy = True


class TrackedInitiativeMember(InitiativeMember):
    class Meta:
        proxy = True


class TrackedMatch(Match):
    class Meta:
        proxy = True


def _event_model(tracked, name, verbose_name, *, exclude=(), trackers=None):
    """An event table in this app for ``tracked``: insert, update (only when
    a snapshotted column changed) and delete."""
    trackers = trackers or (
        pghistory.InsertEvent(),
        pghistory.UpdateEvent(),
        pghistory.DeleteEvent(),
    )
    return pghistory.create_event_model(
        tracked,
        *trackers,
        exclude=[*exclude],
        # No reverse accessor on the tracked model (Match.events is taken).
        obj_field=pghistory.ObjForeignKey(related_name="+", related_query_name="+"),
        app_label="audit",
        model_name=name,
        abstract=False,
        meta={"verbose_name": verbose_name},
    )


ResidentEvent = _event_model(
    TrackedResident,
    "ResidentEvent",
    _("resident history"),
    exclude=["search_name", "last_seen_at", "version", "updated_at"],
    trackers=(
        pghistory.InsertEvent(),
        pghistory.UpdateEvent(),
        pghistory.DeleteEvent(),
        pghistory.ManualEvent(ERASED),
    ),
)
ConsentRecordEvent = _event_model(TrackedConsentRecord, "ConsentRecordEvent", _("consent history"))
ConversationEvent = _event_model(
    TrackedConversation, "ConversationEvent", _("conversation history"), exclude=["updated_at"]
)
ConversationResidentEvent = _event_model(
    TrackedConversationResident,
    "ConversationResidentEvent",
    _("conversation participant history"),
    trackers=(pghistory.InsertEvent(), pghistory.DeleteEvent()),
)
TalentEvent = _event_model(
    TrackedTalent,
    "TalentEvent",
    _("talent history"),
    # Derived columns: the terms and stems of the text, the resident's neighbourhood.
    exclude=["terms", "search_vector", "neighbourhood", "updated_at"],
)
NeedEvent = _event_model(
    TrackedNeed,
    "NeedEvent",
    _("need history"),
    # Derived columns: the terms and stems of the text, the resident's neighbourhood.
    exclude=["terms", "search_vector", "neighbourhood", "updated_at"],
)
InitiativeEvent = _event_model(
    TrackedInitiative,
    "InitiativeEvent",
    _("initiative history"),
    # The stage has its own history beside the model (``InitiativeStageEvent``).
    exclude=["version", "updated_at", "stage"],
)
InitiativeMemberEvent = _event_model(
    TrackedInitiativeMember, "InitiativeMemberEvent", _("initiative member history")
)
MatchHistoryEvent = _event_model(
    TrackedMatch, "MatchHistoryEvent", _("match history"), exclude=["updated_at"]
)
