"""Writes with side effects, one module per concept: ``<entity>_<action>(*, ...)``
functions, each in one transaction, returning the object."""
