"""Audit models: the change-history event tables filled by database
triggers (``history``). The read-access log is ``accesslog``."""

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
