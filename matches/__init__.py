"""Taxonomy, talents, needs, initiatives, matches (built in the matches issue)."""
