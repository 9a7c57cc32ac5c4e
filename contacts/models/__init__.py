"""Contacts: residents and their consents, door-knocking rounds, conversations,
follow-ups, signals, referrals and incoming reports, and what a worker learns
about residents there: talents and needs in the taxonomy of gifts, and the
initiatives residents run, with their meetings and activities. One module per concept."""

from contacts.models.activities import Activity, ActivityAttendance, ActivityOrganiser
from contacts.models.conversations import Conversation, ConversationWorker, Theme
from contacts.models.followups import FollowUp, FollowUpEvent
from contacts.models.heard import Availability, Need, Talent
from contacts.models.initiatives import (
    Initiative,
    InitiativeMember,
    InitiativeStage,
    InitiativeStageEvent,
)
from contacts.models.period_counts import (
    ConversationCount,
    KnockCount,
    KnockTotal,
    SpokenResident,
    ThemeCount,
)
from contacts.models.residents import Consent, ConsentRecord, Resident
from contacts.models.rounds import DoorKnock, DoorKnockCorrection, DoorKnockSummary, Round
from contacts.models.sharing import Organisation, Report, Signal
from contacts.models.taxonomy import Category, ThesaurusEntry

__all__ = [
    "Activity",
    "ActivityAttendance",
    "ActivityOrganiser",
    "Availability",
    "Category",
    "Consent",
    "ConsentRecord",
    "Conversation",
    "ConversationCount",
    "ConversationWorker",
    "DoorKnock",
    "DoorKnockCorrection",
    "DoorKnockSummary",
    "FollowUp",
    "FollowUpEvent",
    "Initiative",
    "InitiativeMember",
    "InitiativeStage",
    "InitiativeStageEvent",
    "KnockCount",
    "KnockTotal",
    "Need",
    "Organisation",
    "Report",
    "Resident",
    "Round",
    "Signal",
    "SpokenResident",
    "Talent",
    "Theme",
    "ThemeCount",
    "ThesaurusEntry",
]
