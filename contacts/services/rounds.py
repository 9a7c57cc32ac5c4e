"""Writes for door-knocking rounds: planning a round, recording, changing
and undoing a knock, marking residents moved and keeping the per-address
summaries of the knocks."""

import datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import connection, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from buurtwerk.sqlnames import tables
from contacts.models import (
    Conversation,
    DoorKnock,
    DoorKnockCorrection,
    DoorKnockSummary,
    Resident,
    Round,
)
from contacts.services.followups import followup_create
from neighbourhoods.models import Membership

#: "Come back later" becomes a follow-up due this many days after the knock.
COME_BACK_AFTER_DAYS = 2


def _covers(neighbourhood, users):
    """The ids among ``users`` who are in a team covering ``neighbourhood``.
    One query."""
    return set(
        Membership.objects.filter(
            team__neighbourhoods=neighbourhood, user__in=[user.pk for user in users]
        ).values_list("user_id", flat=True)
    )


@transaction.atomic
def round_create(
    *,
    addresses,
    planned_for,
    worker,
    created_by,
    second_worker=None,
    note="",
    coach_name="",
    coach_languages=(),
):
    """Plan a round: ``addresses`` (all in one neighbourhood, which becomes
    the round's), walked on ``planned_for`` by ``worker`` and optionally
    ``second_worker``, with perhaps an external coach (``coach_name`` and
    the ``coach_languages`` they speak; languages need a name). Both
    workers must be in a team covering that neighbourhood and be two
    different people. ValidationError names the field at fault
    ("addresses", "worker", "second_worker")."""
    addresses = list(addresses)
    if not addresses:
        raise ValidationError({"addresses": _("There are no addresses to visit.")})
    neighbourhood_ids = {address.street.neighbourhood_id for address in addresses}
    if len(neighbourhood_ids) > 1:
        raise ValidationError(
            {"addresses": _("A round stays within one neighbourhood; choose one street.")}
        )
    neighbourhood = addresses[0].street.neighbourhood
    if second_worker is not None and second_worker.pk == worker.pk:
        raise ValidationError({"second_worker": _("Choose someone else as the second worker.")})
    covering = _covers(neighbourhood, [worker, *([second_worker] if second_worker else [])])
    not_in_team = _("%(name)s is not in a team that works in %(neighbourhood)s.")
    errors = {}
    for field, user in (("worker", worker), ("second_worker", second_worker)):
        if user is not None and user.pk not in covering:
            errors[field] = not_in_team % {"name": user, "neighbourhood": neighbourhood}
    if coach_languages and not coach_name.strip():
        errors["coach_name"] = _("Give the coach's name too, or leave out their languages.")
    if errors:
        raise ValidationError(errors)

    round = Round(
        neighbourhood=neighbourhood,
        planned_for=planned_for,
        worker=worker,
        second_worker=second_worker,
        note=note.strip(),
        coach_name=coach_name.strip(),
        coach_languages=list(dict.fromkeys(coach_languages)),
        created_by=created_by,
    )
    round.full_clean()
    round.save()
    round.addresses.set(addresses)
    return round


def _knock_workers(round, worker):
    """``(worker, second_worker)`` for a knock by ``worker`` during ``round``.

    The one who taps comes first and the other worker of the round second;
    someone who is not one of the round's workers (a colleague stepping in)
    comes first with the round's first worker as the second."""
    if worker.pk == round.worker_id:
        return worker, round.second_worker
    if worker.pk == round.second_worker_id:
        return worker, round.worker
    return worker, round.worker


def _short_address(address):
    return f"{address.street.name} {address.number}"


def undo_window():
    """How long after it was recorded a knock can be undone or changed."""
    return datetime.timedelta(minutes=settings.KNOCK_UNDO_MINUTES)


def knock_correctable_until(knock):
    """Until when ``knock`` can be undone or its outcome changed."""
    return knock.created_at + undo_window()


def _come_back_follow_up(knock, worker):
    """The follow-up of a "come back later": ring again in a few days."""
    followup_create(
        # Stored text, so in the language of the moment (Dutch by default).
        description=gettext("Ring again at %(address)s")
        % {"address": _short_address(knock.address)},
        due_on=timezone.localdate(knock.knocked_at)
        + datetime.timedelta(days=COME_BACK_AFTER_DAYS),
        assigned_to=worker,
        door_knock=knock,
        created_by=worker,
    )


def _refuse_correction(knock, now):
    if now > knock_correctable_until(knock):
        raise ValidationError(
            _("This door knock is more than %(minutes)s minutes old and can no longer be changed.")
            % {"minutes": settings.KNOCK_UNDO_MINUTES}
        )
    if Conversation.objects.filter(door_knock=knock).exists():
        raise ValidationError(
            _("A conversation was logged from this door knock; change that conversation instead.")
        )


def _log_correction(knock, *, action, corrected_by, now, outcome_after=""):
    return DoorKnockCorrection.objects.create(
        door_knock_id=knock.pk,
        address_id=knock.address_id,
        round_id=knock.round_id,
        action=action,
        outcome_before=knock.outcome,
        outcome_after=outcome_after,
        knocked_at=knock.knocked_at,
        knocked_by_id=knock.worker_id,
        corrected_by=corrected_by,
        corrected_at=now,
    )


@transaction.atomic
def door_knock_record(*, round, address, outcome, worker, knocked_at=None, tapped_at=None):
    """Record one knock on ``address`` during ``round`` (``knocked_at``
    defaults to now) and count it in the address's summary. See
    ``_knock_workers`` for who is recorded.

    ``tapped_at`` is when a tap made offline was made on the phone (it is
    sent later): the knock is recorded at that moment (never in the future),
    and a tap within the undo time of the door's knock of that moment
    corrects it as an online tap would; when that knock is another worker's
    (both at the door, one offline) the tap is refused with a message.

    A tap (``knocked_at`` not given) within ``KNOCK_UNDO_MINUTES`` of the
    door's latest knock in this round corrects that knock instead of adding an attempt: the same
    outcome changes nothing, another one replaces it
    (``door_knock_change``). A mis-tap so never counts as a second try.

    "Come back later" also creates a follow-up for ``worker``, due
    ``COME_BACK_AFTER_DAYS`` days after the knock, linked to the knock, so
    the promise shows up on their day. Returns the DoorKnock."""
    try:
        outcome = DoorKnock.Outcome(outcome)
    except ValueError:
        raise ValidationError({"outcome": _("Choose one of the outcomes.")}) from None
    if not round.addresses.filter(pk=address.pk).exists():
        raise ValidationError({"address": _("This address is not part of the round.")})
    now = timezone.now()
    latest = None
    if tapped_at is not None:  # a tap made offline, sent now
        knocked_at = min(tapped_at, now)
        latest = (
            DoorKnock.objects.select_for_update()
            .filter(
                round=round,
                address=address,
                knocked_at__range=(knocked_at - undo_window(), knocked_at + undo_window()),
            )
            .order_by("-knocked_at", "-pk")
            .first()
        )
    elif knocked_at is None:  # a tap at the door now, not a knock entered afterwards
        latest = (
            DoorKnock.objects.select_for_update()
            .filter(round=round, address=address, created_at__gte=now - undo_window())
            .order_by("-created_at", "-pk")
            .first()
        )
    if latest is not None and tapped_at is not None and latest.worker_id != worker.pk:
        # Two workers at one door, one of them offline: the first knock sent
        # stands; the other worker is told, rather than changing it unseen.
        raise ValidationError(
            _("%(name)s already logged this door at %(time)s: %(outcome)s.")
            % {
                "name": latest.worker.first_name or latest.worker.username,
                "time": timezone.localtime(latest.knocked_at).strftime("%H:%M"),
                "outcome": latest.get_outcome_display(),
            }
        )
    if latest is not None:
        if latest.outcome == outcome:
            return latest
        return door_knock_change(knock=latest, outcome=outcome, changed_by=worker)
    first, second = _knock_workers(round, worker)
    knock = DoorKnock(
        address=address,
        round=round,
        knocked_at=knocked_at or now,
        outcome=outcome,
        worker=first,
        second_worker=second,
    )
    knock.full_clean()
    knock.save()
    door_knock_summaries_add(knocks=DoorKnock.objects.filter(pk=knock.pk))
    if outcome == DoorKnock.Outcome.COME_BACK:
        _come_back_follow_up(knock, worker)
    return knock


@transaction.atomic
def door_knock_for_conversation(*, round, address, worker, at):
    """The "spoke" knock that a conversation at a door of ``round`` belongs
    to, when the form was opened at the door rather than from a knock (the
    form the phone keeps offline): the latest "spoke" there within the undo
    time of ``at`` that has no conversation yet (whoever of the round's
    workers tapped it), else a new one recorded at ``at``."""
    window = undo_window()
    knock = (
        DoorKnock.objects.select_for_update(of=("self",))
        .filter(
            round=round,
            address=address,
            outcome=DoorKnock.Outcome.SPOKE,
            knocked_at__range=(at - window, at + window),
            conversation__isnull=True,
        )
        .order_by("-knocked_at", "-pk")
        .first()
    )
    if knock is not None:
        return knock
    return door_knock_record(
        round=round, address=address, outcome=DoorKnock.Outcome.SPOKE, worker=worker, tapped_at=at
    )


@transaction.atomic
def door_knock_change(*, knock, outcome, changed_by):
    """Replace the outcome of ``knock`` (a mis-tap) within
    ``KNOCK_UNDO_MINUTES`` of recording it, logged as a DoorKnockCorrection.
    Refused once a conversation was logged from it. The "ring again"
    follow-up of a "come back later" goes when the outcome changes away from
    it (unless done) and comes when it changes to it; the address's summary
    is recomputed. Returns the knock."""
    outcome = DoorKnock.Outcome(outcome)
    knock = (
        DoorKnock.objects.select_for_update().select_related("address__street").get(pk=knock.pk)
    )
    now = timezone.now()
    _refuse_correction(knock, now)
    if knock.outcome == outcome:
        return knock
    _log_correction(
        knock,
        action=DoorKnockCorrection.Action.CHANGED,
        corrected_by=changed_by,
        now=now,
        outcome_after=outcome,
    )
    if knock.outcome == DoorKnock.Outcome.COME_BACK:
        knock.follow_ups.filter(done_at__isnull=True).delete()
    knock.outcome = outcome
    knock.full_clean()
    knock.save(update_fields=["outcome"])
    if outcome == DoorKnock.Outcome.COME_BACK:
        _come_back_follow_up(knock, changed_by)
    door_knock_summary_recompute(address=knock.address)
    return knock


@transaction.atomic
def door_knock_undo(*, knock, undone_by):
    """Undo ``knock`` within ``KNOCK_UNDO_MINUTES`` of recording it: delete
    it (with its "ring again" follow-up), log a DoorKnockCorrection and
    recompute the address's summary. Refused when it is older, when a
    conversation was logged from it, or when it was undone already.
    Returns the log row."""
    knock = (
        DoorKnock.objects.select_for_update()
        .select_related("address__street")
        .filter(pk=knock.pk)
        .first()
    )
    if knock is None:
        raise ValidationError(_("This door knock was undone already."))
    now = timezone.now()
    _refuse_correction(knock, now)
    correction = _log_correction(
        knock, action=DoorKnockCorrection.Action.UNDONE, corrected_by=undone_by, now=now
    )
    address = knock.address
    knock.delete()
    door_knock_summary_recompute(address=address)
    return correction


@transaction.atomic
def residents_mark_moved(*, address, residents, marked_by):
    """Mark ``residents`` (those among them who are active and known at
    ``address``) as moved, after a "moved or empty" at that door. One
    UPDATE, which the change history records with ``marked_by`` (the
    request's context). Returns the number marked."""
    return Resident.objects.filter(
        pk__in=[resident.pk for resident in residents],
        address=address,
        status=Resident.Status.ACTIVE,
    ).update(status=Resident.Status.MOVED, version=F("version") + 1)


# {DoorKnockSummary} is the table, {DoorKnockSummary.field} its columns
# (buurtwerk.sqlnames); {knocks} the ORM's SQL for the knocks to add.
_SUMMARIES_ADD_SQL = """
INSERT INTO {DoorKnockSummary} AS s (
    {DoorKnockSummary.address}, {DoorKnockSummary.knocks}, {DoorKnockSummary.spoke},
    {DoorKnockSummary.answered}, {DoorKnockSummary.last_knock}
)
SELECT k.knock_address, count(*), bool_or(k.knock_outcome = %s),
       bool_or(k.knock_outcome <> %s), max(k.knock_time)
FROM ({knocks}) k
GROUP BY k.knock_address
ON CONFLICT ({DoorKnockSummary.address}) DO UPDATE SET
    {DoorKnockSummary.knocks} = s.{DoorKnockSummary.knocks} + excluded.{DoorKnockSummary.knocks},
    {DoorKnockSummary.spoke} = s.{DoorKnockSummary.spoke} OR excluded.{DoorKnockSummary.spoke},
    {DoorKnockSummary.answered} =
        s.{DoorKnockSummary.answered} OR excluded.{DoorKnockSummary.answered},
    {DoorKnockSummary.last_knock} =
        greatest(s.{DoorKnockSummary.last_knock}, excluded.{DoorKnockSummary.last_knock})
"""


def door_knock_summary_recompute(*, address):
    """Count the door knocks of ``address`` again from scratch, after one
    was deleted or changed: delete its summary and add all its knocks. The
    DELETE locks the row, so a knock added meanwhile at the same door waits
    and is then added to the recomputed row. Two queries."""
    DoorKnockSummary.objects.filter(address=address).delete()
    door_knock_summaries_add(knocks=DoorKnock.objects.filter(address=address))


def door_knock_summaries_add(*, knocks):
    """Count ``knocks`` (a QuerySet of door knocks not counted yet) in the
    summaries of their addresses (``DoorKnockSummary``), creating those that
    do not exist. One statement, whatever the number of knocks: the service
    that records a knock calls it in its transaction with that knock, the
    demo once with all the knocks it loaded.

    The one place where the rule is written: an address's knocks are how
    many there are, whether one of them had the outcome "spoke", whether
    one had any outcome but "not home" (``DoorKnock.Outcome.answered``) and
    the latest. Race-safe without a lock of its own: two transactions adding
    knocks at one address meet in INSERT ... ON CONFLICT DO UPDATE, and the
    second waits for the first and then adds to the row the first left.
    Returns the number of addresses whose summary was written."""
    knocks_sql, knocks_params = (
        knocks.order_by()
        .values(knock_address=F("address"), knock_outcome=F("outcome"), knock_time=F("knocked_at"))
        .query.sql_with_params()
    )
    sql = _SUMMARIES_ADD_SQL.format(**tables(DoorKnockSummary), knocks=knocks_sql)
    params = [DoorKnock.Outcome.SPOKE.value, DoorKnock.Outcome.NOT_HOME.value]
    with connection.cursor() as cursor:
        cursor.execute(sql, [*params, *knocks_params])
        return cursor.rowcount
