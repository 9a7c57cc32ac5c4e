"""Counting the rows of every table of the project's apps in one query, to
tell whether a request wrote anything (and what)."""

from django.apps import apps
from django.db import connection

from contacts.models.period_counts import PERIOD_COUNTS

#: The apps whose tables are counted: everything this project defines.
PROJECT_APPS = (
    "buurtwerk",
    "accounts",
    "neighbourhoods",
    "contacts",
    "matches",
    "audit",
    "privacy",
)

#: Tables that a read legitimately writes to: the read-access log records
#: every look at a resident, also when a form is shown again with errors.
READ_LOG_MODELS = {"audit.accessevent"}

#: Counts the database keeps from other rows (contacts.models.period_counts):
#: they change exactly when what they count does, which is counted (their
#: own tests: tests/contacts/test_period_counts.py).
DERIVED_MODELS = {model._meta.label_lower for model in PERIOD_COUNTS}


def counted_models():
    """Every concrete model of the project's apps, with the automatically
    created many-to-many tables, less the read-access log and the counts the
    database derives."""
    models = []
    for label in PROJECT_APPS:
        config = apps.get_app_config(label)
        for model in config.get_models(include_auto_created=True):
            meta = model._meta
            skipped = READ_LOG_MODELS | DERIVED_MODELS
            if meta.proxy or not meta.managed or meta.label_lower in skipped:
                continue
            models.append(model)
    return models


def row_counts():
    """{model label: number of rows}, one query."""
    models = counted_models()
    quote = connection.ops.quote_name
    # Table names from the models, quoted: no input reaches this query.
    selects = ", ".join(f"(SELECT COUNT(*) FROM {quote(m._meta.db_table)})" for m in models)  # noqa: S608
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {selects}")
        counts = cursor.fetchone()
    return {model._meta.label: count for model, count in zip(models, counts, strict=True)}


def changes(before, after):
    """{label: difference} for the tables whose count changed."""
    return {
        label: after[label] - before[label] for label in after if after[label] != before[label]
    }
