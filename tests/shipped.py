"""The rows the migrations ship (themes and the taxonomy), loaded again into
a test database that a transactional test emptied."""

from importlib import import_module

from django.apps import apps


def load_shipped_rows():
    import_module("contacts.migrations.0002_themes").add_themes(apps, None)
    import_module("matches.migrations.0002_categories").add_categories(apps, None)
