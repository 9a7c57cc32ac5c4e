"""Reads for the resident page: the resident, their household, consents,
their talents and needs (strengths first) and one timeline of everything
that happened with them."""

import dataclasses
import datetime

from django.db.models import Prefetch, Q
from django.shortcuts import get_object_or_404
from django.utils import timezone

from contacts.languages import LANGUAGES
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

_LANGUAGE_NAMES = dict(LANGUAGES)


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


@dataclasses.dataclass
class ResidentPage:
    resident: Resident
    household: list
    language_names: list
    consents: list
    talents: list
    needs: list
    timeline: list


def _latest_consent_records():
    # DISTINCT ON (resident, purpose): the newest record of each purpose.
    return (
        ConsentRecord.objects.select_related("recorded_by", "withdrawn_by")
        .order_by("resident_id", "purpose", "-recorded_at", "-pk")
        .distinct("resident_id", "purpose")
    )


def resident_page(*, user, pk):
    """Everything the resident page shows, in eleven queries whatever the
    number of rows: the resident with address, street and neighbourhood;
    the household; the latest consent record per purpose; talents with
    their categories; needs with their categories; conversations, their
    workers and their themes; signals and referrals; follow-ups; door
    knocks. Talents and needs have ``availability_labels``. Http404 when
    ``user`` may not see the resident."""
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
            Prefetch(
                "conversations",
                queryset=Conversation.objects.order_by("-happened_at").prefetch_related(
                    "workers", Prefetch("themes", queryset=Theme.objects.order_by("position"))
                ),
                to_attr="conversation_list",
            ),
            Prefetch(
                "signals",
                queryset=Signal.objects.select_related("organisation", "created_by"),
                to_attr="signal_list",
            ),
            Prefetch(
                "follow_ups",
                queryset=FollowUp.objects.select_related("assigned_to", "done_by"),
                to_attr="follow_up_list",
            ),
            *resident_heard_prefetches(),
        ),
        pk=pk,
    )
    knocks = DoorKnock.objects.select_related("worker", "second_worker", "address__street")
    if resident.address_id:
        knocks = knocks.filter(Q(address_id=resident.address_id) | Q(resident=resident))
    else:
        knocks = knocks.filter(resident=resident)

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
        language_names=[_LANGUAGE_NAMES.get(code, code) for code in resident.languages],
        consents=consents,
        talents=resident.talent_list,
        needs=resident.need_list,
        timeline=_timeline(
            knocks=knocks,
            conversations=resident.conversation_list,
            signals=resident.signal_list,
            follow_ups=resident.follow_up_list,
            today=today,
        ),
    )


def _start_of(day):
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time.min))


def _timeline(*, knocks, conversations, signals, follow_ups, today):
    """All of it in one list, newest first. A follow-up stands at its due
    date, so open ones due later come on top."""
    entries = [TimelineEntry("knock", knock.knocked_at, knock) for knock in knocks]
    entries += [TimelineEntry("conversation", c.happened_at, c) for c in conversations]
    entries += [TimelineEntry("signal", s.created_at, s) for s in signals]
    entries += [
        TimelineEntry(
            "followup",
            _start_of(follow_up.due_on),
            follow_up,
            is_open=not follow_up.is_done,
            is_overdue=follow_up.is_overdue(today),
        )
        for follow_up in follow_ups
    ]
    entries.sort(key=lambda entry: entry.moment, reverse=True)
    return entries
