from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PrivacyConfig(AppConfig):
    """Residents' rights under the AVG (GDPR): export everything about one
    resident, erase by anonymisation, and the retention job. An app of its
    own because it reaches across contacts, matches and audit."""

    name = "privacy"
    verbose_name = _("Privacy")
