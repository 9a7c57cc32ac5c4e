"""Audit models: the read-access log (``access``) and the change-history
event tables filled by database triggers (``history``)."""

from audit.models.access import AccessEvent
from audit.models.history import (
    ConsentRecordEvent,
    ConversationEvent,
    ConversationResidentEvent,
    InitiativeEvent,
    InitiativeMemberEvent,
    MatchHistoryEvent,
    NeedEvent,
    ResidentEvent,
    TalentEvent,
)
from audit.models.resident_history import ResidentHistory

__all__ = [
    "AccessEvent",
    "ConsentRecordEvent",
    "ConversationEvent",
    "ConversationResidentEvent",
    "InitiativeEvent",
    "InitiativeMemberEvent",
    "MatchHistoryEvent",
    "NeedEvent",
    "ResidentEvent",
    "ResidentHistory",
    "TalentEvent",
]
