"""The rows the migrations ship (themes, the taxonomy, the thesaurus), loaded again into
a test database that a transactional test emptied."""

from importlib import import_module

from django.apps import apps


def load_shipped_rows():
    import_module("contacts.migrations.0002_themes").add_themes(apps, None)
    import_module("matches.migrations.0002_categories").add_categories(apps, None)
    import_module("contacts.migrations.0016_language_terms_thesaurus").seed_thesaurus(apps, None)
