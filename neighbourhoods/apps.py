from django.apps import AppConfig
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.utils.translation import gettext_lazy as _


class NeighbourhoodsConfig(AppConfig):
    name = "neighbourhoods"
    verbose_name = _("Neighbourhoods")

    def ready(self):
        from neighbourhoods.models import Membership, Team, scope_changed

        # A remembered scope (``visible_neighbourhood_ids``) is read again
        # after any change to who works where.
        for signal in (post_save, post_delete):
            signal.connect(scope_changed, sender=Membership, dispatch_uid=f"scope-{signal}")
        m2m_changed.connect(
            scope_changed, sender=Team.neighbourhoods.through, dispatch_uid="scope-team-nbh"
        )
