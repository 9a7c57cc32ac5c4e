"""Contacts: residents and their consents, door-knocking rounds, conversations,
follow-ups, signals, referrals and incoming reports. One module per concept."""

from contacts.models.conversations import Conversation, Theme
from contacts.models.followups import FollowUp
from contacts.models.residents import Consent, ConsentRecord, Resident
from contacts.models.rounds import DoorKnock, Round
from contacts.models.sharing import Organisation, Report, Signal

__all__ = [
    "Consent",
    "ConsentRecord",
    "Conversation",
    "DoorKnock",
    "FollowUp",
    "Organisation",
    "Report",
    "Resident",
    "Round",
    "Signal",
    "Theme",
]
