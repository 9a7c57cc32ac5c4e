"""Erasure by anonymisation: one service, one transaction.

The resident's row stays (so counts per neighbourhood, conversations,
matches and initiatives still add up) but nothing in it or around it says
who they were any more. See ``resident_anonymise`` for what happens to
what."""

from django.db import transaction
from django.db.models import Count, F, Q
from django.utils import timezone

from audit import history as audit_history
from contacts.models import (
    Activity,
    ActivityAttendance,
    ConsentRecord,
    Conversation,
    DoorKnock,
    FollowUp,
    Need,
    Report,
    Resident,
    Signal,
    Talent,
)
from contacts.services.activities import attendance_make_anonymous
from matches.models import Match, MatchCheckIn, MatchEvent
from matches.services.lifecycle import matches_stop_for_resident
from privacy.audit import log_erasure
from privacy.redaction import REDACTED, Redactor
from reports.models import Story

#: The name an anonymised resident keeps. Stored data, not a UI string: it
#: is the same in every language and can never be anybody's name.
ANONYMISED_NAME = "(geanonimiseerd)"


def _conversations(resident):
    """The ids of the conversations ``resident`` took part in, split into
    those with them alone and those shared with other residents."""
    rows = Conversation.objects.filter(
        pk__in=Conversation.residents.through.objects.filter(resident=resident).values(
            "conversation_id"
        )
    ).annotate(resident_count=Count("residents"))
    alone, shared = [], []
    for pk, count in rows.values_list("pk", "resident_count"):
        (alone if count <= 1 else shared).append(pk)
    return alone, shared


def _redact_rows(queryset, field, redact, now=None):
    """Run ``redact`` over ``field`` of every row, saving only changed ones."""
    for pk, text in queryset.values_list("pk", field):
        new = redact(text)
        if new != text:
            changes = {field: new}
            if now is not None:
                changes["updated_at"] = now
            queryset.model.objects.filter(pk=pk).update(**changes)


@transaction.atomic
def resident_anonymise(*, resident, by, request=None, now=None):
    """Erase ``resident`` by anonymisation, in one transaction with the
    resident's row locked; ``by`` is who does it (a team lead, an admin or
    the retention job's system user), ``request`` the request that asked
    for it (for the access log; None for the retention job). Returns the
    resident as it is now. A resident who is already anonymised is returned
    unchanged, so a second request does no harm.

    - The resident: the name becomes ANONYMISED_NAME; the search key,
      address, phone, e-mail, languages, external reference and the
      connector mark are cleared; status anonymised. The neighbourhood
      stays, for anonymous counts. Every current consent is withdrawn (by
      ``by``, now): nothing may be stored, matched or shared any more.
    - Conversations with them alone: the notes are emptied and the link to
      the door knock (and so to the address) is removed. Conversations
      shared with other residents are about those residents too: the notes
      stay, but every mention of the resident's name (the whole name and
      each part that is not a particle such as "de" or "van"), phone
      number, e-mail address and street name is replaced by "[…]"
      (``privacy.redaction``). The resident stays linked to both, so the
      conversations still count; the door knock link goes here too.
    - Door knocks recorded them as who opened the door: that link goes (the
      knock stays, it is about the address).
    - Talents and needs: the text becomes "[…]", availability is cleared
      and they are closed.
    - Matches on either side: every free text (why, plan for the first
      meeting, review note, why it ended, how each side saw it, the stored
      reasons, the notes of the match events and the notes and views of
      its check-ins) is emptied; the rows stay for counts. A match still
      in progress is stopped, the way the lifecycle stops a match when a resident leaves
      (``matches.services.lifecycle.matches_stop_for_resident``): one not
      yet approved is rejected, a later one ends as stopped, the other
      side's need and talent are free again and open check-ins are cancelled.
    - Follow-ups about them, or about their conversations alone, their
      reports or their matches' check-ins: the description becomes "[…]";
      follow-ups of shared conversations are redacted like the notes.
      Signals and referrals about them: the reason becomes "[…]" and the
      agency's answer is emptied. Reports
      about them: the description (and what was done) becomes "[…]", the reporter is cleared
      and the report loses its address (it keeps the resident, so it still
      counts).
    - Initiative memberships stay (anonymous counts).
    - Activities they were at or organised: their attendance becomes one
      more in the headcount and they are no longer an organiser
      (``contacts.services.activities.attendance_make_anonymous``), so the
      activity's attendance still adds up; every mention of them in the
      activity's title, place and notes is replaced by "[…]", as in shared
      conversations.
    - Stories for the reports (``reports.Story``) told by them, or about
      their matches or conversations, are deleted.
    - The change history holding the old values is erased
      (``audit.history.erase_for_resident``) and the erasure is written to
      the access log (what=erasure)."""
    now = now or timezone.now()
    resident = (
        Resident.objects.select_for_update(of=("self",))
        .select_related("address__street")
        .get(pk=resident.pk)
    )
    if resident.status == Resident.Status.ANONYMISED:
        return resident
    street = [resident.address.street.name] if resident.address_id else []
    redact = Redactor.for_resident(resident, phrases=street)

    alone, shared = _conversations(resident)
    Conversation.objects.filter(pk__in=alone).update(notes="", door_knock=None, updated_at=now)
    Conversation.objects.filter(pk__in=shared).update(door_knock=None)
    _redact_rows(Conversation.objects.filter(pk__in=shared), "notes", redact, now)
    DoorKnock.objects.filter(resident=resident).update(resident=None)

    talent_ids = list(Talent.objects.filter(resident=resident).values_list("pk", flat=True))
    need_ids = list(Need.objects.filter(resident=resident).values_list("pk", flat=True))
    heard = {
        "text": REDACTED,
        "terms": "",
        "availability": [],
        "status": "closed",
        "updated_at": now,
    }
    Talent.objects.filter(pk__in=talent_ids).update(**heard)
    Need.objects.filter(pk__in=need_ids).update(**heard)

    match_ids = list(
        Match.objects.filter(Q(resident=resident) | Q(helper=resident)).values_list(
            "pk", flat=True
        )
    )
    matches_stop_for_resident(resident=resident, by=by, at=now)
    Match.objects.filter(pk__in=match_ids).update(
        why="",
        first_meeting_plan="",
        review_note="",
        end_reason="",
        seeker_view="",
        helper_view="",
        reasons=[],
        updated_at=now,
    )
    MatchEvent.objects.filter(match__in=match_ids).update(note="")
    MatchCheckIn.objects.filter(match__in=match_ids).update(
        note="", seeker_view="", helper_view=""
    )

    activity_ids = list(
        Activity.objects.filter(
            Q(pk__in=ActivityAttendance.objects.filter(resident=resident).values("activity_id"))
            | Q(organisers__resident=resident)
        )
        .distinct()
        .values_list("pk", flat=True)
    )
    attendance_make_anonymous(resident=resident)
    title_length = Activity._meta.get_field("title").max_length
    for field, redact_field in (
        ("title", lambda text: redact(text)[:title_length]),
        ("place", lambda text: redact(text)[: Activity._meta.get_field("place").max_length]),
        ("description", redact),
    ):
        _redact_rows(Activity.objects.filter(pk__in=activity_ids), field, redact_field, now)

    report_ids = list(Report.objects.filter(resident=resident).values_list("pk", flat=True))
    Report.objects.filter(pk__in=report_ids).update(
        description=REDACTED, reporter="", address=None
    )
    Report.objects.filter(pk__in=report_ids).exclude(outcome="").update(outcome=REDACTED)
    Signal.objects.filter(resident=resident).update(reason=REDACTED, feedback="")
    # Stories for the reports: told with a consent the erasure withdraws.
    Story.objects.filter(
        Q(resident=resident) | Q(match__in=match_ids) | Q(conversation__in=[*alone, *shared])
    ).delete()
    FollowUp.objects.filter(
        Q(resident=resident)
        | Q(conversation__in=alone)
        | Q(report__in=report_ids)
        | Q(match_check_in__match__in=match_ids)
    ).update(description=REDACTED, updated_at=now)
    _redact_rows(FollowUp.objects.filter(conversation__in=shared), "description", redact, now)

    consent_ids = list(
        ConsentRecord.objects.filter(resident=resident).values_list("pk", flat=True)
    )
    ConsentRecord.objects.filter(resident=resident, given=True, withdrawn_at__isnull=True).update(
        withdrawn_at=now, withdrawn_by=by
    )
    Resident.objects.filter(pk=resident.pk).update(
        name=ANONYMISED_NAME,
        search_name="",
        address=None,
        languages=[],
        reach_by=Resident.ReachBy.WORKER,
        phone="",
        email="",
        is_connector=False,
        external_ref="",
        status=Resident.Status.ANONYMISED,
        may_store=False,
        may_match=False,
        may_share=False,
        version=F("version") + 1,
        updated_at=now,
    )
    audit_history.erase_for_resident(
        resident.pk,
        conversation_ids=[*alone, *shared],
        talent_ids=talent_ids,
        need_ids=need_ids,
        match_ids=match_ids,
        consent_ids=consent_ids,
    )
    log_erasure(request=request, by=by, resident_id=resident.pk)
    return Resident.objects.select_related("neighbourhood").get(pk=resident.pk)
