"""Contacts: residents and their consents, door-knocking rounds, conversations,
follow-ups, signals, referrals and incoming reports, and what a worker learns
about residents there: talents and needs in the taxonomy of gifts, and the
initiatives residents run. One module per concept."""

from contacts.models.conversations import Conversation, ConversationWorker, Theme
from contacts.models.followups import FollowUp, FollowUpEvent
from contacts.models.heard import Availability, Need, Talent
from contacts.models.initiatives import Initiative, InitiativeMember
from contacts.models.residents import Consent, ConsentRecord, Resident
from contacts.models.rounds import DoorKnock, DoorKnockCorrection, DoorKnockSummary, Round
from contacts.models.sharing import Organisation, Report, Signal
from contacts.models.taxonomy import Category, ThesaurusEntry

__all__ = [
    "Availability",
    "Category",
    "Consent",
    "ConsentRecord",
    "Conversation",
    "ConversationWorker",
    "DoorKnock",
    "DoorKnockCorrection",
    "DoorKnockSummary",
    "FollowUp",
    "FollowUpEvent",
    "Initiative",
    "InitiativeMember",
    "Need",
    "Organisation",
    "Report",
    "Resident",
    "Round",
    "Signal",
    "Talent",
    "Theme",
    "ThesaurusEntry",
]
