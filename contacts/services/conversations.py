"""Writes for conversations: logging a conversation, and logging one
together with a resident met for the first time and the talents and needs
heard in it."""

import dataclasses
import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Value
from django.db.models.functions import Coalesce, Greatest
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from contacts.models import Consent, Conversation, DoorKnock, Resident
from contacts.services import heard
from contacts.services.followups import followup_create
from contacts.services.residents import resident_create
from neighbourhoods.models import Membership

#: A conversation "now" on a phone whose clock runs a little fast is fine.
FUTURE_TOLERANCE = datetime.timedelta(minutes=10)


def _resident_errors(*, created_by, neighbourhood, residents):
    """Why any of ``residents`` cannot take part in a conversation in
    ``neighbourhood`` logged by ``created_by``: a list of messages. One
    query (the residents as they are now, as far as the user may see)."""
    current = {
        resident.pk: resident
        for resident in Resident.objects.visible_to(created_by)
        .filter(pk__in=[resident.pk for resident in residents])
        .only("pk", "name", "neighbourhood_id", *Resident.take_part_rule(Consent.STORE))
    }
    errors = []
    for resident in residents:
        now = current.get(resident.pk)
        if now is None:
            errors.append(_("One of the residents is not in your neighbourhoods."))
        elif problem := now.why_not(Consent.STORE):
            errors.append(problem)
        elif now.neighbourhood_id != neighbourhood.pk:
            errors.append(
                _("%(name)s lives in another neighbourhood than %(neighbourhood)s.")
                % {"name": now.name, "neighbourhood": neighbourhood}
            )
    return errors


def _worker_errors(*, created_by, neighbourhood, workers):
    """Why any of ``workers`` cannot be named on a conversation in
    ``neighbourhood``: they must be in a team working there (an admin
    logging it themselves is exempt). One query."""
    covering = set(
        Membership.objects.filter(
            team__neighbourhoods=neighbourhood, user__in=[worker.pk for worker in workers]
        ).values_list("user_id", flat=True)
    )
    if created_by.sees_everything:
        covering.add(created_by.pk)
    return [
        _("%(name)s is not in a team that works in %(neighbourhood)s.")
        % {"name": worker, "neighbourhood": neighbourhood}
        for worker in workers
        if worker.pk not in covering
    ]


def _locked_door_knock(*, door_knock, neighbourhood):
    """``door_knock`` locked for this transaction (so two workers cannot
    both log a conversation for it), or ValidationError when it lies
    elsewhere or has a conversation already. Two queries."""
    knock = (
        DoorKnock.objects.select_for_update(of=("self",))
        .select_related("address__street")
        .get(pk=door_knock.pk)
    )
    if knock.address.street.neighbourhood_id != neighbourhood.pk:
        raise ValidationError({"door_knock": _("This door knock was in another neighbourhood.")})
    if Conversation.objects.filter(door_knock=knock).exists():
        raise ValidationError(
            {"door_knock": _("A conversation was already logged for this door knock.")}
        )
    return knock


@transaction.atomic
def conversation_create(
    *,
    created_by,
    neighbourhood,
    happened_at,
    place,
    residents,
    workers,
    themes=(),
    notes="",
    door_knock=None,
    follow_up=None,
):
    """Log a conversation in ``neighbourhood``.

    ``residents`` (at least one) must be residents of that neighbourhood
    whom ``created_by`` may see and about whom something may be recorded
    (``Resident.may_be_recorded``: active, consent to storing data);
    ``workers`` (at least one) must work there. Every resident's
    ``last_seen_at`` becomes ``happened_at`` unless it is later already. A
    ``door_knock`` is linked, and gets the first resident as who opened the
    door unless it names someone. ``follow_up`` is an optional
    ``(description, due_on)`` agreed in the conversation: a follow-up for
    ``created_by``, linked to the conversation and its first resident.

    ValidationError names the field at fault: residents, workers,
    happened_at, door_knock or follow_up (and model fields). Returns the
    conversation."""
    residents, workers, themes = list(residents), list(workers), list(themes)
    errors = {}
    if not residents:
        errors["residents"] = [_("Tick at least one resident who took part.")]
    else:
        errors["residents"] = _resident_errors(
            created_by=created_by, neighbourhood=neighbourhood, residents=residents
        )
    if not workers:
        errors["workers"] = [_("Tick at least one worker.")]
    else:
        errors["workers"] = _worker_errors(
            created_by=created_by, neighbourhood=neighbourhood, workers=workers
        )
    if happened_at > timezone.now() + FUTURE_TOLERANCE:
        errors["happened_at"] = [_("A conversation cannot be logged before it happened.")]
    if follow_up is not None and not (follow_up[0].strip() and follow_up[1]):
        errors["follow_up"] = [_("Give the follow-up a description and a date.")]
    errors = {field: messages for field, messages in errors.items() if messages}
    if errors:
        raise ValidationError(errors)
    if door_knock is not None:
        door_knock = _locked_door_knock(door_knock=door_knock, neighbourhood=neighbourhood)

    conversation = Conversation(
        neighbourhood=neighbourhood,
        happened_at=happened_at,
        place=place,
        notes=notes.strip(),
        door_knock=door_knock,
        created_by=created_by,
    )
    conversation.full_clean()
    conversation.save()
    conversation.residents.add(*residents)
    conversation.workers.add(*workers)
    if themes:
        conversation.themes.add(*themes)

    # One UPDATE for all participants; never moves last_seen_at back in time
    # (a conversation logged afterwards can be older than the latest one).
    Resident.objects.filter(pk__in=[resident.pk for resident in residents]).update(
        last_seen_at=Greatest(Coalesce("last_seen_at", Value(happened_at)), Value(happened_at))
    )
    if door_knock is not None and door_knock.resident_id is None:
        door_knock.resident = residents[0]
        door_knock.save(update_fields=["resident"])
    if follow_up is not None:
        description, due_on = follow_up
        try:
            followup_create(
                description=description,
                due_on=due_on,
                assigned_to=created_by,
                created_by=created_by,
                resident=residents[0],
                conversation=conversation,
            )
        except ValidationError as error:
            raise ValidationError({"follow_up": error.messages}) from error
    return conversation


class HeardInvalid(Exception):
    """A talent or need heard in the conversation could not be recorded:
    ``kind`` is "talent" or "need", ``index`` its place in the list given,
    ``error`` the ValidationError of the talents and needs service."""

    def __init__(self, kind, index, error):
        super().__init__(str(error))
        self.kind, self.index, self.error = kind, index, error


def _record_heard(*, conversation, resident, created_by, talents, needs):
    """Talents, then needs, for ``resident``, heard in ``conversation``;
    each a dict of ``text`` and optional ``category`` and
    ``availability``. HeardInvalid on the first refused."""
    recorded = {"talent": [], "need": []}
    for kind, items, create in (
        ("talent", talents, heard.talent_create),
        ("need", needs, heard.need_create),
    ):
        for index, item in enumerate(items):
            try:
                recorded[kind].append(
                    create(
                        resident=resident,
                        conversation=conversation,
                        created_by=created_by,
                        **item,
                    )
                )
            except ValidationError as error:
                raise HeardInvalid(kind, index, error) from error
    return recorded["talent"], recorded["need"]


class NewResidentInvalid(Exception):
    """The resident met for the first time could not be recorded; ``error``
    is the ValidationError of ``resident_create`` (keyed by Resident
    fields)."""

    def __init__(self, error):
        super().__init__(str(error))
        self.error = error


@dataclasses.dataclass(frozen=True)
class LoggedConversation:
    #: None when nobody who took part may have their data stored.
    conversation: Conversation | None
    #: The resident met for the first time, if any.
    new_resident: Resident | None = None
    #: The talents and needs recorded (for the first resident).
    talents: list = dataclasses.field(default_factory=list)
    needs: list = dataclasses.field(default_factory=list)
    #: Talents and needs given but not recorded, as nobody may have their data stored.
    heard_dropped: bool = False

    @property
    def refused(self):
        """The new resident did not agree to storing their data."""
        return self.new_resident is not None and not self.new_resident.may_store


@transaction.atomic
def conversation_log(
    *,
    created_by,
    neighbourhood,
    residents,
    new_resident=None,
    door_knock=None,
    talents=(),
    needs=(),
    **fields,
):
    """What the conversation form saves: a resident met for the first time
    (``new_resident``: keyword arguments for ``resident_create`` - name,
    consents, consent_method, languages), placed at the door knock's
    address or else in ``neighbourhood``, and the conversation with
    ``residents`` and them (see ``conversation_create`` for ``fields``).

    A new resident who refuses storing their data is recorded with only
    their name, address and the refusal, and is left out of the
    conversation; when nobody else took part no conversation is stored (a
    door knock still gets them as who opened the door), and no talents or
    needs either.

    ``talents`` and ``needs`` heard (dicts of ``text`` and optional
    ``category`` and ``availability``, see ``contacts.services.heard``) are
    recorded for the first resident of the conversation (``residents[0]``,
    or the new resident when nobody else took part), linked to it, in the
    same transaction. Raises NewResidentInvalid for the new resident's
    faults, HeardInvalid for a talent's or need's, ValidationError for the
    conversation's. Returns a LoggedConversation."""
    residents = list(residents)
    created = None
    if new_resident is not None:
        address = door_knock.address if door_knock is not None else None
        try:
            created = resident_create(
                created_by=created_by,
                address=address,
                neighbourhood=None if address is not None else neighbourhood,
                **new_resident,
            )
        except ValidationError as error:
            raise NewResidentInvalid(error) from error
        if created.may_be_recorded:
            residents.append(created)
        elif not residents:
            if door_knock is not None:
                DoorKnock.objects.filter(pk=door_knock.pk, resident__isnull=True).update(
                    resident=created
                )
            return LoggedConversation(
                conversation=None, new_resident=created, heard_dropped=bool(talents or needs)
            )
    conversation = conversation_create(
        created_by=created_by,
        neighbourhood=neighbourhood,
        residents=residents,
        door_knock=door_knock,
        **fields,
    )
    recorded_talents, recorded_needs = _record_heard(
        conversation=conversation,
        resident=residents[0],
        created_by=created_by,
        talents=talents,
        needs=needs,
    )
    return LoggedConversation(
        conversation=conversation,
        new_resident=created,
        talents=recorded_talents,
        needs=recorded_needs,
    )
