from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AuditConfig(AppConfig):
    """Who changed what (change history, captured by database triggers) and
    who looked at which resident (the append-only read-access log). An app
    of its own because every other app is audited by it and it must not
    depend on their views."""

    name = "audit"
    verbose_name = _("Audit trail")
