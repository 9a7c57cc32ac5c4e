"""Reads that need joins, one module per area."""
