"""Reads for the resident page: the resident, their household, consents,
their talents and needs (strengths first) and one timeline of everything
that happened with them, TIMELINE_PAGE entries at a time."""

import dataclasses
import datetime
import uuid

from django.db.models import Prefetch, Q
from django.shortcuts import get_object_or_404
from django.utils import timezone

from buurtwerk import languages as language_list
from buurtwerk.cursors import moment_from_text, moment_to_text
from contacts.models import (
    Consent,
    ConsentRecord,
    Conversation,
    DoorKnock,
    FollowUp,
    Resident,
    Signal,
    Theme,
)
from contacts.selectors.heard import availability_labels, resident_heard_prefetches

#: The resident page shows this many timeline entries, newest first, and a
#: link to the next older ones: the page stays the same size however long
#: the history (issue 12).
TIMELINE_PAGE = 20

#: The kinds of timeline entry, with the letter that stands for each in a
#: cursor. Entries at the same moment come in the reverse of this order
#: (a knock, then a conversation, a signal, a follow-up), then by id.
_KINDS = {"followup": "f", "signal": "s", "conversation": "c", "knock": "k"}
_RANKS = {kind: rank for rank, kind in enumerate(_KINDS)}
_KIND_OF_LETTER = {letter: kind for kind, letter in _KINDS.items()}


@dataclasses.dataclass
class ConsentStatus:
    """One purpose at a glance: the cached flag and the latest record."""

    purpose: Consent
    given: bool
    record: ConsentRecord | None

    @property
    def state(self):
        """'given', 'refused' (or withdrawn) or 'unasked'."""
        if self.given:
            return "given"
        return "refused" if self.record else "unasked"


@dataclasses.dataclass
class TimelineEntry:
    kind: str  # "knock", "conversation", "signal" or "followup"
    moment: datetime.datetime
    item: object
    is_open: bool = False
    is_overdue: bool = False

    def key(self):
        """Where the entry stands in the timeline (sorted newest first)."""
        return (self.moment, _RANKS[self.kind], self.item.pk)

    def cursor(self):
        """The ``TimelineCursor`` of the entries older than this one."""
        return TimelineCursor(self.moment, self.kind, self.item.pk)


@dataclasses.dataclass(frozen=True)
class TimelineCursor:
    """A place in a timeline: the entries older than the entry of ``kind``
    and ``pk`` at ``moment``. In a URL (``str()``, ``parse()``) it is the
    moment in microseconds since 1970, a letter for the kind and the
    entry's id: ``1758528900000000.c<uuid>``. No personal data."""

    moment: datetime.datetime
    kind: str
    pk: object

    def __str__(self):
        return f"{moment_to_text(self.moment)}.{_KINDS[self.kind]}{self.pk}"

    @classmethod
    def parse(cls, text):
        """The cursor ``text`` stands for, or None when it is malformed."""
        micros, _dot, rest = (text or "").partition(".")
        kind = _KIND_OF_LETTER.get(rest[:1])
        moment = moment_from_text(micros)
        if kind is None or moment is None:
            return None
        try:
            pk = int(rest[1:]) if kind == "knock" else uuid.UUID(rest[1:])
        except ValueError:
            return None
        return cls(moment, kind, pk)

    def older(self, kind, field):
        """A Q for the entries of ``kind`` older than this cursor, whose
        moment is ``field`` (a datetime, or for a follow-up its due date,
        which stands at the start of that day)."""
        if field == "due_on":
            day = timezone.localdate(self.moment)
            at_day_start = _start_of(day) == self.moment
            before = Q(due_on__lt=day) if at_day_start else Q(due_on__lte=day)
            before_or_at = Q(due_on__lte=day)
            at = Q(due_on=day) if at_day_start else Q(pk__in=[])
        else:
            before = Q(**{f"{field}__lt": self.moment})
            before_or_at = Q(**{f"{field}__lte": self.moment})
            at = Q(**{field: self.moment})
        if _RANKS[kind] < _RANKS[self.kind]:
            return before_or_at
        if _RANKS[kind] > _RANKS[self.kind]:
            return before
        return before | (at & Q(pk__lt=self.pk))


@dataclasses.dataclass
class ResidentPage:
    resident: Resident
    household: list
    language_names: list
    consents: list
    talents: list
    needs: list
    timeline: list
    #: The cursor of the next older timeline entries, None if there are none.
    older: TimelineCursor | None = None
    #: Whether this page starts further back than the newest entry.
    is_older_page: bool = False


def _latest_consent_records():
    # DISTINCT ON (resident, purpose): the newest record of each purpose.
    return (
        ConsentRecord.objects.select_related("recorded_by", "withdrawn_by")
        .order_by("resident_id", "purpose", "-recorded_at", "-pk")
        .distinct("resident_id", "purpose")
    )


def resident_page(*, user, pk, older_than=None):
    """Everything the resident page shows, in twelve queries whatever the
    number of rows (eleven without needs): the resident with address, street
    and neighbourhood; the household; the latest consent record per purpose;
    talents with their categories; needs with their categories, and their
    matches (``Need.match_in_progress``); and for the timeline
    conversations, their workers and their themes; signals and referrals;
    follow-ups; door knocks. Talents and needs have ``availability_labels``.

    The timeline holds the newest ``TIMELINE_PAGE`` entries, or with
    ``older_than`` (a ``TimelineCursor`` as text, from a URL; ignored when
    malformed) the ones just older than that. Each of its four queries reads
    at most ``TIMELINE_PAGE + 1`` rows from its own index order, so the
    page costs the same for a resident with 3 or with 300 conversations.
    Http404 when ``user`` may not see the resident."""
    today = timezone.localdate()
    resident = get_object_or_404(
        Resident.objects.visible_to(user)
        .select_related("address__street", "neighbourhood")
        .prefetch_related(
            Prefetch(
                "address__residents",
                queryset=Resident.objects.active().exclude(pk=pk).order_by("name"),
                to_attr="household",
            ),
            Prefetch(
                "consent_records", queryset=_latest_consent_records(), to_attr="latest_consents"
            ),
            *resident_heard_prefetches(),
        ),
        pk=pk,
    )
    cursor = TimelineCursor.parse(older_than)

    def page_of(queryset, kind, field):
        """At most TIMELINE_PAGE + 1 rows of ``kind`` older than the cursor."""
        if cursor is not None:
            queryset = queryset.filter(cursor.older(kind, field))
        return list(queryset.order_by(f"-{field}", "-pk")[: TIMELINE_PAGE + 1])

    knocks = DoorKnock.objects.select_related("worker", "second_worker", "address__street")
    if resident.address_id:
        knocks = knocks.filter(Q(address_id=resident.address_id) | Q(resident=resident))
    else:
        knocks = knocks.filter(resident=resident)
    conversations = Conversation.objects.filter(residents=resident).prefetch_related(
        "workers", Prefetch("themes", queryset=Theme.objects.order_by("position"))
    )
    signals = Signal.objects.filter(resident=resident).select_related("organisation", "created_by")
    follow_ups = FollowUp.objects.filter(resident=resident).select_related(
        "assigned_to", "done_by"
    )
    timeline = _timeline(
        knocks=page_of(knocks, "knock", "knocked_at"),
        conversations=page_of(conversations, "conversation", "happened_at"),
        signals=page_of(signals, "signal", "created_at"),
        follow_ups=page_of(follow_ups, "followup", "due_on"),
        today=today,
    )

    records = {record.purpose: record for record in resident.latest_consents}
    consents = [
        ConsentStatus(purpose=purpose, given=given, record=records.get(purpose))
        for purpose, given in resident.consents()
    ]
    for item in [*resident.talent_list, *resident.need_list]:
        item.availability_labels = availability_labels(item)
    return ResidentPage(
        resident=resident,
        household=resident.address.household if resident.address_id else [],
        language_names=language_list.names(resident.languages),
        consents=consents,
        talents=resident.talent_list,
        needs=resident.need_list,
        timeline=timeline[:TIMELINE_PAGE],
        older=timeline[TIMELINE_PAGE - 1].cursor() if len(timeline) > TIMELINE_PAGE else None,
        is_older_page=cursor is not None,
    )


def _start_of(day):
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time.min))


def _timeline(*, knocks, conversations, signals, follow_ups, today):
    """All of it in one list, newest first (``TimelineEntry.key``). A
    follow-up stands at the start of its due date, so open ones due later
    come on top."""
    entries = [TimelineEntry("knock", knock.knocked_at, knock) for knock in knocks]
    entries += [TimelineEntry("conversation", c.happened_at, c) for c in conversations]
    entries += [TimelineEntry("signal", s.created_at, s) for s in signals]
    entries += [
        TimelineEntry(
            "followup",
            _start_of(follow_up.due_on),
            follow_up,
            is_open=not follow_up.is_closed,
            is_overdue=follow_up.is_overdue(today),
        )
        for follow_up in follow_ups
    ]
    entries.sort(key=TimelineEntry.key, reverse=True)
    return entries
