"""Residents, door knocks, conversations, follow-ups (built in the contacts issue)."""
