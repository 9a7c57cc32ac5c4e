from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccessLogConfig(AppConfig):
    """Who looked at which resident: the append-only read-access log.

    An app of its own, early in the order (after ``neighbourhoods``, before
    ``contacts``), because every page that shows a resident writes to it:
    the apps that show residents import it, and it imports none of them.
    The pages that read the log are in ``audit``."""

    name = "accesslog"
    verbose_name = _("Access log")
