"""Writes: ``<entity>_<action>(*, ...)``, one module per concept."""
