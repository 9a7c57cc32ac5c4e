"""Admin for the lists an administrator keeps: themes and organisations
(``lists``) and the taxonomy of talents and needs (``taxonomy``)."""

from contacts.admin import lists, taxonomy

__all__ = ["lists", "taxonomy"]
