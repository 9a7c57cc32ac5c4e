"""Table and column names for raw SQL, from the models.

Raw SQL that writes ``matches_need`` or ``category_id`` itself keeps running
after a model's table or column is renamed, until production says it does
not exist. Put together with ``str.format`` from these instead, it follows
the models; the tests rename every table and column to prove it
(``renamed_tables`` in ``tests/conftest.py``)::

    SQL = "SELECT n.{Need.text} FROM {Need} n WHERE n.{Need.category} = %s"
    cursor.execute(SQL.format(**tables(Need)), [category_id])

Only names go in this way, quoted; values are query parameters.
"""

from django.db import connection


class Table:
    """A model's table in SQL put together with ``str.format``: formatted,
    it is the table's quoted name (``{Need}``); each concrete field is an
    attribute, its quoted column (``{Need.category}`` is ``"category_id"``).
    A field the model does not have is an AttributeError when the SQL is put
    together, not an error of the database later."""

    def __init__(self, model):
        quote = connection.ops.quote_name
        self._table = quote(model._meta.db_table)
        for model_field in model._meta.concrete_fields:
            setattr(self, model_field.name, quote(model_field.column))

    def __format__(self, spec):
        return format(self._table, spec)

    def __repr__(self):
        return f"<Table {self._table}>"


def tables(*models):
    """``Table`` of each of ``models``, by model name: for
    ``str.format(**tables(...))``. The table of a many-to-many field is a
    model too, named as Django names it: ``Initiative_neighbourhoods`` for
    ``Initiative.neighbourhoods.through``."""
    return {model.__name__: Table(model) for model in models}
