"""All change-history events about one resident, across the event tables,
as one queryset with before → after diffs.

Built on pghistory's aggregate ``Events`` query (a CTE that unions the event
tables and computes each event's diff with the previous event of the same
object). pghistory can filter on rows that reference the resident, but a
conversation's own events do not: they are found through the participation
events and the current participants. So the per-table WHERE clause is ours.
This relies on pghistory's ``EventsQueryCompiler`` (pinned to 3.9)."""

import functools
import uuid

from django.utils.translation import gettext_lazy as _
from pghistory.models import EventsQuery, EventsQueryCompiler, EventsQuerySet, MiddlewareEvents

from audit.models import history
from buurtwerk.sqlnames import Table
from contacts.models import Conversation


@functools.cache
def _table(model):
    """``model``'s table and columns for the SQL (``buurtwerk.sqlnames``)."""
    return Table(model)


def _where_clauses(resident_id):
    """The WHERE clause per event table for ``resident_id`` (a UUID, so
    safe to put in the SQL as a literal; pghistory's compiler takes the
    clause as text, without parameters)."""
    resident = f"'{uuid.UUID(str(resident_id))}'::uuid"

    def by(model, column="resident"):
        return f"_event.{getattr(_table(model), column)} = {resident}"

    # Only a UUID and the models' table and column names go into the SQL.
    conversations = " UNION ".join(
        f"SELECT {t.conversation} FROM {t} WHERE {t.resident} = {resident}"  # noqa: S608
        for t in (
            _table(history.ConversationResidentEvent),
            _table(Conversation.residents.through),
        )
    )
    conversation_event = _table(history.ConversationEvent)
    return {
        history.ResidentEvent: by(history.ResidentEvent, "pgh_obj"),
        history.ConsentRecordEvent: by(history.ConsentRecordEvent),
        history.ConversationResidentEvent: by(history.ConversationResidentEvent),
        history.ConversationEvent: f"_event.{conversation_event.pgh_obj} IN ({conversations})",
        history.TalentEvent: by(history.TalentEvent),
        history.NeedEvent: by(history.NeedEvent),
        history.MatchHistoryEvent: (
            f"({by(history.MatchHistoryEvent)} OR {by(history.MatchHistoryEvent, 'helper')})"
        ),
        history.InitiativeMemberEvent: by(history.InitiativeMemberEvent),
    }


class _ResidentHistoryCompiler(EventsQueryCompiler):
    @property
    def across(self):
        return list(_where_clauses(self.query.resident_id))

    def _get_where_clause(self, event_model):
        return "WHERE " + _where_clauses(self.query.resident_id)[event_model]


class _ResidentHistoryQuery(EventsQuery):
    resident_id = None

    def get_compiler(self, *args, **kwargs):
        compiler = super().get_compiler(*args, **kwargs)
        compiler.__class__ = _ResidentHistoryCompiler
        return compiler


class ResidentHistoryQuerySet(EventsQuerySet):
    def __init__(self, model=None, query=None, using=None, hints=None):
        super().__init__(model, query or _ResidentHistoryQuery(model), using, hints)

    def for_resident(self, resident_id):
        clone = self._clone()
        clone.query.resident_id = uuid.UUID(str(resident_id))
        return clone


class ResidentHistory(MiddlewareEvents):
    """Read-only: one resident's change-history events (see the module)."""

    objects = ResidentHistoryQuerySet.as_manager()

    class Meta:
        proxy = True
        verbose_name = _("resident history event")
