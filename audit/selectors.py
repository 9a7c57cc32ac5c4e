"""Reads of the audit trail: a resident's change history and who looked at
them."""

from django.apps import apps
from django.contrib.auth import get_user_model
from django.db import models
from django.utils import formats, timezone
from django.utils.dateparse import parse_date, parse_datetime
from django.utils.translation import gettext_lazy as _

from accesslog.models import AccessEvent
from audit.models import ResidentHistory
from audit.models import history as events

LABELS = {
    "insert": _("added"),
    "update": _("changed"),
    "delete": _("deleted"),
    events.ERASED: _("personal data erased"),
}
WHAT = {
    events.ResidentEvent: _("resident"),
    events.ConsentRecordEvent: _("consent"),
    events.ConversationEvent: _("conversation"),
    events.ConversationResidentEvent: _("taking part in a conversation"),
    events.TalentEvent: _("talent"),
    events.NeedEvent: _("need"),
    events.InitiativeEvent: _("initiative"),
    events.InitiativeMemberEvent: _("initiative membership"),
    events.MatchHistoryEvent: _("match"),
}


def resident_history(resident_id):
    """Every change to the resident's own row, their consents, the
    conversations they took part in (and taking part), their talents,
    needs, matches (on either side) and initiative memberships, newest
    first, each with ``pgh_diff`` ({column: [before, after]}), ``pgh_data``
    and ``pgh_context`` ({"user": id, "url": path}: who, and where).
    Events of one transaction share their moment; within a table the later
    comes first. Not evaluated: one query per page, one to count."""
    return ResidentHistory.objects.for_resident(resident_id).order_by(
        "-pgh_created_at", "-pgh_id", "pgh_model"
    )


def access_log(resident_id):
    """Who looked at the resident, newest first, with the user (one query)."""
    return AccessEvent.objects.about_resident(resident_id).select_related("user")


class Change:
    """One field of an event: its label and the value before and after."""

    def __init__(self, label, before, after):
        self.label, self.before, self.after = label, before, after


class Entry:
    """One event as the history page shows it."""

    def __init__(self, event, *, what, label, who, changes):
        self.at = event.pgh_created_at
        self.what = what
        self.label = label
        self.who = who
        self.changes = changes


def _user_id(event):
    """Who made the change, from the pghistory context (None: no user)."""
    return (event.pgh_context or {}).get("user")


def _fields_by_column(model):
    return {field.column: field for field in model._meta.concrete_fields}


def _is_user_field(field):
    return isinstance(field, models.ForeignKey) and field.related_model is get_user_model()


def _display(field, value, users):
    """A readable value: choice labels, yes/no, user names; ids as they are."""
    if value is None or value == "" or value == []:
        return "—"
    if _is_user_field(field):
        return str(users.get(value, value))
    if isinstance(field, models.DateTimeField):
        moment = parse_datetime(value)
        return formats.date_format(timezone.localtime(moment), "SHORT_DATETIME_FORMAT")
    if isinstance(field, models.DateField):
        return formats.date_format(parse_date(value), "SHORT_DATE_FORMAT")
    if isinstance(value, bool):
        return _("yes") if value else _("no")
    if field.choices:
        labels = dict(field.flatchoices)
        if isinstance(value, list):
            return ", ".join(str(labels.get(item, item)) for item in value)
        return str(labels.get(value, value))
    if isinstance(value, list):
        return ", ".join(str(item) for item in value)
    return str(value)


def _changes(event, fields, users):
    if event.pgh_label == "update" and event.pgh_diff is not None:
        pairs = [(column, before, after) for column, (before, after) in event.pgh_diff.items()]
    elif event.pgh_label in ("insert", "update"):
        # An update without an earlier event (a row older than the history)
        # shows its values, like an insert.
        pairs = [
            (column, None, value)
            for column, value in event.pgh_data.items()
            if value not in (None, "", [], False) and column != "id"
        ]
    else:
        return []
    return [
        Change(
            fields[column].verbose_name,
            _display(fields[column], before, users),
            _display(fields[column], after, users),
        )
        for column, before, after in pairs
        if column in fields
    ]


def history_entries(events):
    """The events of one page as ``Entry`` objects, with who made each
    change and user names in the values: one query for the users."""
    events = list(events)
    event_models = {event.pgh_model: apps.get_model(event.pgh_model) for event in events}
    columns = {label: _fields_by_column(model) for label, model in event_models.items()}
    user_ids = {_user_id(event) for event in events if _user_id(event)}
    for event in events:
        fields = columns[event.pgh_model]
        for column, value in (event.pgh_data or {}).items():
            if column in fields and _is_user_field(fields[column]) and value:
                user_ids.add(value)
        for column, pair in (event.pgh_diff or {}).items():
            if column in fields and _is_user_field(fields[column]):
                user_ids.update(value for value in pair if value)
    users = get_user_model().objects.in_bulk(user_ids) if user_ids else {}
    return [
        Entry(
            event,
            what=WHAT[event_models[event.pgh_model]],
            label=LABELS.get(event.pgh_label, event.pgh_label),
            who=users.get(_user_id(event)),
            changes=_changes(event, columns[event.pgh_model], users),
        )
        for event in events
    ]
