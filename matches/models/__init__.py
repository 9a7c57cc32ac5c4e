"""Matches: the taxonomy of gifts, talents and needs, initiatives, and the
matches (koppelingen) between them. One module per concept."""

from matches.models.heard import Availability, Need, Talent
from matches.models.initiatives import Initiative, InitiativeMember
from matches.models.matches import Match, MatchCheckIn, MatchEvent
from matches.models.taxonomy import Category

__all__ = [
    "Availability",
    "Category",
    "Initiative",
    "InitiativeMember",
    "Match",
    "MatchCheckIn",
    "MatchEvent",
    "Need",
    "Talent",
]
