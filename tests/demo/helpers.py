"""What the tests of the demo builders share."""

import re

import pytest
from django.db import connection, transaction
from django.db.models import Exists, OuterRef

from neighbourhoods.models import Membership


def seeded_for_the_class(seed):
    """A class-scoped fixture: what ``seed()`` returns, made once for the
    class that reads it (at each instant of a date sweep: see
    ``session_clock``) and rolled back after."""

    @pytest.fixture(scope="class")
    def demo(session_clock, django_db_setup, django_db_blocker):
        with django_db_blocker.unblock(), transaction.atomic():
            yield seed()
            transaction.set_rollback(True)

    return demo


def rolled_back(make):
    """What ``make()`` returns, with everything it wrote rolled back (a
    savepoint)."""
    with transaction.atomic():
        made = make()
        transaction.set_rollback(True)
    return made


def covers(user_field, neighbourhood_field, role=None):
    """Whether the user in ``user_field`` is in a team (with ``role``, when
    given) working in the neighbourhood in ``neighbourhood_field`` (for
    Exists)."""
    memberships = Membership.objects.filter(
        user=OuterRef(user_field), team__neighbourhoods=OuterRef(neighbourhood_field)
    )
    if role is not None:
        memberships = memberships.filter(role=role)
    return Exists(memberships)


def constraints_and_indexes(tables):
    """The constraints and the indexes of ``tables``, sorted, to compare
    before and after a builder set them aside. PostgreSQL words a rebuilt
    index's condition a little differently (where the casts go): indexes are
    compared without casts and brackets."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT conrelid::regclass::text, conname, pg_get_constraintdef(oid)"
            " FROM pg_constraint WHERE conrelid = ANY(%s::regclass[])",
            [tables],
        )
        constraints = sorted(cursor.fetchall())
        cursor.execute(
            "SELECT indexname, indexdef FROM pg_indexes WHERE tablename = ANY(%s)",
            [tables],
        )
        indexes = [
            (name, re.sub(r"::[a-z ]+(\[\])?|[()]", "", sql)) for name, sql in cursor.fetchall()
        ]
        return constraints, sorted(indexes)
