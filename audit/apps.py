from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AuditConfig(AppConfig):
    """Who changed what (change history, captured by database triggers), and
    the pages that show a resident's history and access log. It stands after
    ``matches`` because it tracks their models; the log itself, which every
    app writes, is ``accesslog``."""

    name = "audit"
    verbose_name = _("Audit trail")
