"""Everything about one resident, for their right of access (AVG art. 15):
one plain dict, shown as a printable page and downloaded as JSON.

What is in it: the resident's own fields and address; every consent record
(given, refused, withdrawn: who, when, how); the conversations they took
part in (when, where, workers, themes, notes); the door knocks at which
they opened the door; follow-ups, signals and referrals, and reports about
them; their talents, needs and initiative memberships; the activities they
were at or organised; their matches; the stories for the reports told with
their consent or about their conversations and matches; and the access log
(who looked at their data, when, what).

What is not: door knocks at their address where they were not recorded as
who opened the door (those are about the address, not about them), and
other people. Another resident is never named: in a shared conversation the
other residents' names, phone numbers and e-mail addresses are taken out of
the notes; a match names the other side only as "another resident" (or the
initiative's name) and shows the resident's own talent or need and view,
with the other resident taken out of the free text. A neighbour who made a
report is not named either, only the kind of source."""

from django.db.models import Exists, OuterRef, Prefetch, Q
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.translation import gettext as _

from accesslog.models import AccessEvent
from buurtwerk import languages as language_list
from contacts.models import (
    Activity,
    ActivityAttendance,
    ActivityOrganiser,
    Availability,
    ConsentRecord,
    Conversation,
    DoorKnock,
    FollowUp,
    InitiativeMember,
    Need,
    Report,
    Resident,
    Signal,
    Talent,
    Theme,
)
from matches.models import Match, MatchEvent
from privacy.redaction import Redactor, redact_all
from reports.models import Story


def _who(user):
    return str(user) if user is not None else None


def _label(choices, value):
    """The label of ``value`` in ``choices`` (a TextChoices), as text."""
    try:
        return str(choices(value).label)
    except ValueError:
        return value


def _address(address):
    if address is None:
        return None
    return {
        "street": address.street.name,
        "house_number": address.house_number,
        "addition": address.addition,
        "postcode": address.postcode,
    }


def _resident(resident):
    return {
        "id": resident.pk,
        "name": resident.name,
        "status": _label(Resident.Status, resident.status),
        "neighbourhood": resident.neighbourhood.name,
        "address": _address(resident.address),
        "languages": language_list.names(resident.languages),
        "reach_by": _label(Resident.ReachBy, resident.reach_by),
        "phone": resident.phone,
        "email": resident.email,
        "is_connector": resident.is_connector,
        "external_ref": resident.external_ref,
        "consents": {purpose.value: given for purpose, given in resident.consents()},
        "last_seen_at": resident.last_seen_at,
        "created_at": resident.created_at,
        "created_by": _who(resident.created_by),
        "updated_at": resident.updated_at,
    }


def _consent(record):
    return {
        "purpose": record.get_purpose_display(),
        "given": record.given,
        "method": record.get_method_display(),
        "recorded_by": _who(record.recorded_by),
        "recorded_at": record.recorded_at,
        "withdrawn_at": record.withdrawn_at,
        "withdrawn_by": _who(record.withdrawn_by),
    }


def _conversation(conversation, resident, others):
    return {
        "happened_at": conversation.happened_at,
        "place": conversation.get_place_display(),
        "workers": [_who(worker) for worker in conversation.workers.all()],
        "themes": [theme.label for theme in conversation.themes.all()],
        "other_residents": sum(1 for r in conversation.resident_list if r.pk != resident.pk),
        "notes": redact_all(conversation.notes, others),
    }


def _door_knock(knock):
    return {
        "knocked_at": knock.knocked_at,
        "outcome": knock.get_outcome_display(),
        "workers": [_who(w) for w in (knock.worker, knock.second_worker) if w is not None],
    }


def _follow_up(follow_up, others):
    return {
        "description": redact_all(follow_up.description, others),
        "due_on": follow_up.due_on,
        "assigned_to": _who(follow_up.assigned_to),
        "done_at": follow_up.done_at,
        "done_by": _who(follow_up.done_by),
        "created_at": follow_up.created_at,
    }


def _signal(signal, others):
    return {
        "kind": signal.get_kind_display(),
        "organisation": signal.organisation.name if signal.organisation_id else None,
        "reason": redact_all(signal.reason, others),
        "status": signal.get_status_display(),
        "feedback": redact_all(signal.feedback, others),
        "created_at": signal.created_at,
        "created_by": _who(signal.created_by),
    }


def _report(report, others):
    return {
        "source": report.get_source_display(),
        "received_on": report.received_on,
        "description": redact_all(report.description, others),
        "created_by": _who(report.created_by),
    }


def _availability(values):
    return [_label(Availability, value) for value in values]


def _heard(item, others):
    return {
        "category": item.category.label,
        "text": redact_all(item.text, others),
        "availability": _availability(item.availability),
        "status": item.get_status_display(),
        "created_at": item.created_at,
    }


def _membership(membership):
    return {
        "initiative": membership.initiative.name,
        "role": membership.get_role_display(),
        "joined_on": membership.joined_on,
    }


def _activities_of(resident):
    """The activities ``resident`` was at or organised, oldest first, each
    with ``was_there`` and ``organised`` (one query)."""
    there = ActivityAttendance.objects.filter(activity=OuterRef("pk"), resident=resident)
    organised = ActivityOrganiser.objects.filter(activity=OuterRef("pk"), resident=resident)
    return (
        Activity.objects.annotate(was_there=Exists(there), organised=Exists(organised))
        .filter(Q(was_there=True) | Q(organised=True))
        .order_by("held_on", "pk")
    )


def _activity(activity, others):
    return {
        "activity": redact_all(activity.title, others),
        "held_on": activity.held_on,
        "place": redact_all(activity.place, others),
        "was_there": activity.was_there,
        "organised": activity.organised,
    }


def _match(match, resident, others):
    """A match as far as it concerns ``resident``: their side, their own
    talent or need and view; the other side is "another resident" or the
    initiative."""
    is_seeker = match.resident_id == resident.pk
    initiative = match.initiative if is_seeker else match.need.initiative
    other_side = initiative.name if initiative is not None else _("another resident")
    return {
        "role": _("had the need") if is_seeker else _("helped"),
        "other_side": other_side,
        "need": redact_all(match.need.text, others) if is_seeker else None,
        "talent": redact_all(match.talent.text, others)
        if not is_seeker and match.talent_id
        else None,
        "status": match.get_status_display(),
        "why": redact_all(match.why, others),
        "first_meeting_plan": redact_all(match.first_meeting_plan, others),
        "proposed_at": match.proposed_at,
        "introduced_on": match.introduced_on,
        "started_on": match.started_on,
        "ended_on": match.ended_on,
        "outcome": match.get_outcome_display() if match.outcome else None,
        "end_reason": redact_all(match.end_reason, others),
        "own_view": redact_all(match.seeker_view if is_seeker else match.helper_view, others),
        "events": [
            {
                "at": event.at,
                "from": event.get_from_status_display() if event.from_status else None,
                "to": event.get_to_status_display(),
            }
            for event in match.events.all()
        ],
    }


def _story(story, resident, others):
    return {
        "told_on": story.told_on,
        "about": _("a conversation") if story.conversation_id else _("the end of a match"),
        "their_consent": story.resident_id == resident.pk,
        "text": redact_all(story.text, others),
        "created_by": _who(story.created_by),
    }


def _stories_of(resident, conversations, matches):
    """The stories told with the resident's consent, or about a
    conversation or match of theirs (those an erasure deletes)."""
    return (
        Story.objects.filter(
            Q(resident=resident)
            | Q(conversation__in=[c.pk for c in conversations])
            | Q(match__in=[m.pk for m in matches])
        )
        .select_related("created_by")
        .order_by("told_on", "created_at", "pk")
    )


def _access(event):
    return {
        "at": event.at,
        "who": _who(event.user),
        "role": event.get_role_display(),
        "what": event.get_what_display(),
    }


def _matches_of(resident):
    return (
        Match.objects.filter(Q(resident=resident) | Q(helper=resident))
        .select_related("need__initiative", "talent", "initiative", "resident", "helper")
        .prefetch_related(Prefetch("events", queryset=MatchEvent.objects.order_by("at", "pk")))
        .order_by("proposed_at", "pk")
    )


def _follow_ups_of(resident):
    """Follow-ups about the resident, their reports or their conversations."""
    conversations = Conversation.residents.through.objects.filter(resident=resident)
    return (
        FollowUp.objects.filter(
            Q(resident=resident)
            | Q(report__resident=resident)
            | Q(conversation__in=conversations.values("conversation_id"))
        )
        .select_related("assigned_to", "done_by")
        .order_by("due_on", "pk")
    )


def _redactors_for_others(resident, conversations, matches):
    """Redactors for every other resident who shares a conversation or a
    match with ``resident``: their names are taken out of every free text
    of the export (a follow-up of a match check-in names both sides)."""
    others = {}
    for conversation in conversations:
        for other in conversation.resident_list:
            others[other.pk] = other
    for match in matches:
        for other in (match.resident, match.helper):
            if other is not None:
                others[other.pk] = other
    others.pop(resident.pk, None)
    return [Redactor.for_resident(other) for other in others.values()]


def resident_export(*, user, pk):
    """Everything about the resident ``pk`` that ``user`` may see, as a
    plain dict of text, numbers, dates and lists (see the module
    docstring). Http404 when ``user`` may not see them. Eighteen queries
    whatever the number of rows: the resident with address, street,
    neighbourhood and creator; consent records; conversations, their
    residents, workers and themes; door knocks; follow-ups; signals;
    reports; talents; needs; initiative memberships; activities they were
    at or organised; matches with their events; stories; the access log.
    Follow-ups are those about the resident, their reports or their
    conversations."""
    resident = get_object_or_404(
        Resident.objects.visible_to(user)
        .select_related("address__street", "neighbourhood", "created_by")
        .prefetch_related(
            Prefetch(
                "consent_records",
                queryset=ConsentRecord.objects.select_related(
                    "recorded_by", "withdrawn_by"
                ).order_by("recorded_at", "pk"),
                to_attr="consent_list",
            ),
            Prefetch(
                "conversations",
                queryset=Conversation.objects.order_by("happened_at", "pk").prefetch_related(
                    Prefetch(
                        "residents",
                        queryset=Resident.objects.only("pk", "name", "phone", "email"),
                        to_attr="resident_list",
                    ),
                    "workers",
                    Prefetch("themes", queryset=Theme.objects.order_by("position")),
                ),
                to_attr="conversation_list",
            ),
            Prefetch(
                "door_knocks",
                queryset=DoorKnock.objects.select_related("worker", "second_worker").order_by(
                    "knocked_at", "pk"
                ),
                to_attr="knock_list",
            ),
            Prefetch(
                "signals",
                queryset=Signal.objects.select_related("organisation", "created_by").order_by(
                    "created_at", "pk"
                ),
                to_attr="signal_list",
            ),
            Prefetch(
                "reports",
                queryset=Report.objects.select_related("created_by").order_by("received_on", "pk"),
                to_attr="report_list",
            ),
            Prefetch(
                "talents",
                queryset=Talent.objects.select_related("category").order_by("created_at", "pk"),
                to_attr="talent_list",
            ),
            Prefetch(
                "needs",
                queryset=Need.objects.select_related("category").order_by("created_at", "pk"),
                to_attr="need_list",
            ),
            Prefetch(
                "initiative_memberships",
                queryset=InitiativeMember.objects.select_related("initiative").order_by(
                    "initiative__name", "pk"
                ),
                to_attr="membership_list",
            ),
        ),
        pk=pk,
    )
    follow_ups = _follow_ups_of(resident)
    matches = list(_matches_of(resident))
    others = _redactors_for_others(resident, resident.conversation_list, matches)
    access = AccessEvent.objects.about_resident(resident.pk).select_related("user")
    return {
        "exported_at": timezone.now(),
        "resident": _resident(resident),
        "consents": [_consent(record) for record in resident.consent_list],
        "conversations": [_conversation(c, resident, others) for c in resident.conversation_list],
        "door_knocks": [_door_knock(knock) for knock in resident.knock_list],
        "follow_ups": [_follow_up(follow_up, others) for follow_up in follow_ups],
        "signals": [_signal(signal, others) for signal in resident.signal_list],
        "reports": [_report(report, others) for report in resident.report_list],
        "talents": [_heard(talent, others) for talent in resident.talent_list],
        "needs": [_heard(need, others) for need in resident.need_list],
        "initiatives": [_membership(m) for m in resident.membership_list],
        "activities": [_activity(a, others) for a in _activities_of(resident)],
        "matches": [_match(match, resident, others) for match in matches],
        "stories": [
            _story(story, resident, others)
            for story in _stories_of(resident, resident.conversation_list, matches)
        ],
        "access_log": [_access(event) for event in access],
    }
