"""The counts per calendar period (``contacts.models.period_counts``) counted
again from the rows, and set aside while a bulk load writes the rows.

The triggers of migration 0023 keep the counts on every write; a load of a
million rows with COPY is faster without them, counted once after."""

from contextlib import contextmanager

from django.db import connection, transaction

from contacts.models import Conversation, DoorKnock, Resident
from neighbourhoods.models import Address, Street

#: The triggers that keep the counts: (model of the table, trigger).
TRIGGERS = (
    (Conversation, "period_counts_conversation"),
    (Conversation.residents.through, "period_counts_conversation_resident"),
    (Conversation.themes.through, "period_counts_conversation_theme"),
    (DoorKnock, "period_counts_door_knock"),
    (Resident, "period_counts_resident_address"),
    (Address, "period_counts_address_street"),
    (Street, "period_counts_street_neighbourhood"),
)


def period_counts_rebuild():
    """Count every calendar period again from the conversations, their
    residents and themes, and the door knocks: one statement per table."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT contacts_period_counts_rebuild()")


@contextmanager
def period_counts_set_aside():
    """Within: the triggers that keep the counts are off (for this
    transaction's writes, and it locks the tables); after: they are on
    again and every count is counted from the rows. Only in a transaction."""
    if not connection.in_atomic_block:
        raise RuntimeError("period_counts_set_aside() needs a transaction.")
    with transaction.atomic(), connection.cursor() as cursor:
        _switch(cursor, "DISABLE")
        yield
        _switch(cursor, "ENABLE")
        period_counts_rebuild()


def _switch(cursor, action):
    quote = connection.ops.quote_name
    # A table with pending deferred checks cannot be altered: run them now.
    cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
    cursor.execute("SET CONSTRAINTS ALL DEFERRED")
    for model, trigger in TRIGGERS:
        table = quote(model._meta.db_table)
        cursor.execute(f"ALTER TABLE {table} {action} TRIGGER {quote(trigger)}")
