"""Matches: the matches (koppelingen) between a need and a talent, their
events and check-ins. The talents, needs, taxonomy and initiatives they
connect are what a worker learns in conversations and live in ``contacts``."""

from matches.models.matches import Match, MatchCheckIn, MatchEvent

__all__ = ["Match", "MatchCheckIn", "MatchEvent"]
