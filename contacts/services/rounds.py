"""Writes for door-knocking rounds: planning a round and recording a knock."""

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from contacts.models import DoorKnock, Round
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
def round_create(*, addresses, planned_for, worker, created_by, second_worker=None, note=""):
    """Plan a round: ``addresses`` (all in one neighbourhood, which becomes
    the round's), walked on ``planned_for`` by ``worker`` and optionally
    ``second_worker``. Both must be in a team covering that neighbourhood and
    be two different people. ValidationError names the field at fault
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
    if errors:
        raise ValidationError(errors)

    round = Round(
        neighbourhood=neighbourhood,
        planned_for=planned_for,
        worker=worker,
        second_worker=second_worker,
        note=note.strip(),
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
    number = f"{address.house_number}{'-' + address.addition if address.addition else ''}"
    return f"{address.street.name} {number}"


@transaction.atomic
def door_knock_record(*, round, address, outcome, worker, knocked_at=None):
    """Record one knock on ``address`` during ``round`` (``knocked_at``
    defaults to now). See ``_knock_workers`` for who is recorded.

    "Come back later" also creates a follow-up for ``worker``, due
    ``COME_BACK_AFTER_DAYS`` days after the knock, linked to the knock, so
    the promise shows up on their day. Returns the DoorKnock."""
    try:
        outcome = DoorKnock.Outcome(outcome)
    except ValueError:
        raise ValidationError({"outcome": _("Choose one of the outcomes.")}) from None
    if not round.addresses.filter(pk=address.pk).exists():
        raise ValidationError({"address": _("This address is not part of the round.")})
    first, second = _knock_workers(round, worker)
    knock = DoorKnock(
        address=address,
        round=round,
        knocked_at=knocked_at or timezone.now(),
        outcome=outcome,
        worker=first,
        second_worker=second,
    )
    knock.full_clean()
    knock.save()
    if outcome == DoorKnock.Outcome.COME_BACK:
        followup_create(
            # Stored text, so in the language of the moment (Dutch by default).
            description=gettext("Ring again at %(address)s")
            % {"address": _short_address(address)},
            due_on=timezone.localdate(knock.knocked_at)
            + datetime.timedelta(days=COME_BACK_AFTER_DAYS),
            assigned_to=worker,
            door_knock=knock,
            created_by=worker,
        )
    return knock
