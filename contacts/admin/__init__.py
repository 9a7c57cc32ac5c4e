"""Admin for the lists an administrator keeps: themes and organisations
(``lists``), the taxonomy of talents and needs (``taxonomy``), and
activities without who was there (``activities``)."""

from contacts.admin import activities, lists, taxonomy

__all__ = ["activities", "lists", "taxonomy"]
