"""Reads that need joins, returning ready QuerySets; one module per area."""
