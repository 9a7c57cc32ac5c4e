"""Proposing a match, and proposing it again after it was sent back."""

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from contacts.models import Initiative, Need, Resident, Talent
from matches.models import Match
from matches.services.lifecycle.steps import (
    _consent_problems,
    _locked,
    _record,
    _require_consent,
    _require_seeing,
    _require_step,
    _require_text,
    _transition,
    _when,
)
from matches.services.lifecycle.table import FIRST_STATUS, PROPOSE


def _need_neighbourhood(need, by):
    if need.resident_id:
        return need.resident.neighbourhood
    return need.initiative.neighbourhoods.visible_to(by).order_by("name", "pk").first()


def _in_progress_message(existing):
    return _(
        "This need is already in a match in progress "
        "(%(status)s, proposed by %(who)s on %(when)s)."
    ) % {
        "status": existing.get_status_display(),
        "who": existing.proposed_by,
        "when": _when(existing.proposed_at),
    }


def _proposal_problems(*, need, by, helper, talent, initiative):
    """Why this proposal cannot be made (a list of messages, empty when it
    can), and the helper (from the talent when not given). Reads fresh
    rows; a few queries."""
    problems = []
    if talent is not None:
        if helper is None:
            helper = talent.resident
        if talent.resident_id is None or talent.resident_id != helper.pk:
            problems.append(_("This talent is not the helping resident's."))
        elif talent.status == Talent.Status.CLOSED:
            problems.append(_("This talent is no longer relevant."))
    if (helper is None) == (initiative is None):
        problems.append(_("Choose either a resident or an initiative to meet this need."))
        return problems, helper
    if not Need.objects.visible_to(by).filter(pk=need.pk).exists():
        problems.append(_("You do not work in the neighbourhood of this need."))
        return problems, helper
    if need.status != Need.Status.OPEN:
        problems.append(
            _("This need is %(status)s, so it cannot be matched.")
            % {"status": need.get_status_display()}
        )
    existing = Match.objects.in_progress().filter(need=need).select_related("proposed_by").first()
    if existing is not None:
        problems.append(_in_progress_message(existing))
    if helper is not None:
        if need.resident_id and helper.pk == need.resident_id:
            problems.append(_("A resident cannot be matched with themselves."))
        elif not Resident.objects.visible_to(by).filter(pk=helper.pk).exists():
            problems.append(_("You do not work in the neighbourhood of the helping resident."))
    if initiative is not None:
        if need.initiative_id == initiative.pk:
            problems.append(_("An initiative cannot be matched with itself."))
        elif not Initiative.objects.visible_to(by).filter(pk=initiative.pk).exists():
            problems.append(_("You do not work in a neighbourhood of this initiative."))
        elif not initiative.is_active:
            problems.append(_("%(name)s is no longer active.") % {"name": initiative.name})
    ids = [pk for pk in (need.resident_id, helper.pk if helper else None) if pk]
    problems += _consent_problems(Resident.objects.filter(pk__in=ids).order_by("name"))
    return problems, helper


def proposal_problems(*, need, by, helper=None, talent=None, initiative=None):
    """What would keep ``by`` from proposing this match now, as a list of
    messages (empty: it can be proposed). Changes nothing; for showing the
    form or not. A few queries."""
    problems, _helper = _proposal_problems(
        need=need, by=by, helper=helper, talent=talent, initiative=initiative
    )
    return problems


def _reasons_as_json(reasons):
    return [reason.as_json() if hasattr(reason, "as_json") else dict(reason) for reason in reasons]


@transaction.atomic
def match_propose(
    *,
    need,
    by,
    why,
    first_meeting_plan,
    helper=None,
    talent=None,
    initiative=None,
    score=None,
    reasons=(),
):
    """``by`` proposes that ``helper`` (perhaps through ``talent``) or
    ``initiative`` meets ``need``; a team lead reviews it next. ``reasons``
    are the suggestion's ``Reason``s (or their JSON). Returns the match,
    status proposed, in the neighbourhood of the need's resident (or the
    initiative's first neighbourhood ``by`` works in)."""
    # Locking the need makes two proposals for it wait for each other.
    need = (
        Need.objects.select_for_update(of=("self",))
        .select_related("resident__neighbourhood", "initiative")
        .get(pk=need.pk)
    )
    problems, helper = _proposal_problems(
        need=need, by=by, helper=helper, talent=talent, initiative=initiative
    )
    if problems:
        raise ValidationError(problems)
    why = _require_text(why, "why", _("Say why this match would be good."))
    first_meeting_plan = _require_text(
        first_meeting_plan, "first_meeting_plan", _("Say how the first meeting will go.")
    )
    now = timezone.now()
    match = Match(
        neighbourhood=_need_neighbourhood(need, by),
        need=need,
        resident=need.resident,
        helper=helper,
        talent=talent,
        initiative=initiative,
        status=FIRST_STATUS,
        score=score,
        reasons=_reasons_as_json(reasons),
        why=why,
        first_meeting_plan=first_meeting_plan,
        proposed_by=by,
        proposed_at=now,
    )
    # The unique constraint is checked by saving (below), with a clearer message.
    match.full_clean(validate_constraints=False)
    try:
        with transaction.atomic():
            match.save()
    except IntegrityError:
        existing = (
            Match.objects.in_progress().filter(need=need).select_related("proposed_by").first()
        )
        if existing is None:
            raise
        raise ValidationError(_in_progress_message(existing)) from None
    _record(match, action=PROPOSE, from_status="", by=by, at=now, note=why)
    return match


@transaction.atomic
def match_resubmit(*, match, by, why, first_meeting_plan):
    """Propose a sent-back match again, with a new why and plan."""
    match = _locked(match)
    _require_seeing(match, by)
    _require_step(match, "resubmit", doing=_("proposed again"))
    _require_consent(match)
    match.why = _require_text(why, "why", _("Say why this match would be good."))
    match.first_meeting_plan = _require_text(
        first_meeting_plan, "first_meeting_plan", _("Say how the first meeting will go.")
    )
    match.proposed_by = by
    match.reviewed_by = None
    match.reviewed_at = None
    match.review_note = ""
    return _transition(
        match,
        action="resubmit",
        by=by,
        note=match.why,
        fields=[
            "why",
            "first_meeting_plan",
            "proposed_by",
            "reviewed_by",
            "reviewed_at",
            "review_note",
        ],
    )
