from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ContactsConfig(AppConfig):
    name = "contacts"
    verbose_name = _("Contacts")

    def ready(self):
        from django.db.models.signals import post_delete, post_save

        from contacts.language import forget_thesaurus
        from contacts.models import Category, ThesaurusEntry

        # The analysis keeps the thesaurus (and the categories' keywords) in
        # the process until they change.
        for model in (ThesaurusEntry, Category):
            for signal in (post_save, post_delete):
                signal.connect(
                    forget_thesaurus, sender=model, dispatch_uid=f"thesaurus-{model.__name__}"
                )
