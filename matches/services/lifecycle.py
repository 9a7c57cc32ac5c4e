"""The life of a match (koppeling), every transition in one place.

    proposed ──approve──▶ approved ──introduce──▶ introduced ──start──▶ running ──end──▶ ended
      │  ▲  └──reject──▶ rejected
      │  └──resubmit── sent_back ──reject──▶ rejected
      └──send_back──▶ sent_back

    and from every status in progress ──stop──▶ rejected (not yet approved) or ended

``TRANSITIONS`` says this as data, once: the services below take their
checks and their next status from it, and the match page asks
``allowed_actions`` which steps to offer. This is the only module that
changes a match's status.

Each transition runs in one transaction, locks the match row first
(``select_for_update``) and then decides on the row as it is *now*, so when
two team leads review the same proposal at once one decision wins and the
other is told who decided what and when. Each records a ``MatchEvent``
(from, to, by, at, note). A refused transition raises ``ValidationError``
with the reason and changes nothing.

Who may do what:

- propose, resubmit, introduce, start, end: anyone who sees the match's
  neighbourhood (a member of a team working there, or an admin);
- approve, send back, reject: a team lead of a team working in the match's
  neighbourhood (``Membership.Role.LEAD``) or an admin, and never the
  person who proposed it (also refused by the database);
- stop: whoever erases a resident (``privacy``), who decides who may; it is
  no step on the match page.

Decisions this module makes:

- ``match_reject`` also works on a *sent back* proposal: otherwise a
  proposal the worker does not resubmit would hold its need for ever.
- A resubmitted proposal keeps its first ``proposed_at`` (so it keeps its
  place in the oldest-first review queue); the resubmitter becomes its
  proposer (they now answer for it) and the earlier review is cleared from
  the match (it stays in the events).
- The need becomes *matched* when the match starts (not before: until then
  the match being in progress already keeps it from being offered to
  others). Ending with a lasting contact leaves the need (and talent)
  matched: the residents carry on by themselves. Ending as stopped or no
  click opens the need again (unless it was closed meanwhile) and the
  talent too (unless another running match uses it).
- Consent to be matched is checked again on every step forward (resubmit,
  approve, introduce, start): a resident may withdraw it at any time.
- A match stops when one of its residents leaves (is erased): one not yet
  approved is rejected, a later one ends as stopped. The other side's need
  and talent are freed as when a match ends as stopped; those of the
  resident who leaves stay as they are (the erasure closes them).
"""

import datetime

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from contacts.models import Consent, FollowUp, Initiative, Need, Resident, Talent
from contacts.services.followups import can_be_assigned, followup_create
from matches.models import Match, MatchCheckIn, MatchEvent
from neighbourhoods.scoping import can_review

#: Check-ins on a running match, in weeks after it started.
CHECK_IN_WEEKS = (2, 6)

Status = Match.Status

# The transitions.

#: Who takes a step on the match page: anyone who sees the match
#: (``WORKER``), or a reviewer (``REVIEWER``: ``can_review``). ``None``: no
#: step on the page; the lifecycle takes it when a resident leaves.
WORKER = "worker"
REVIEWER = "reviewer"

#: action -> who takes it (the match page shows a step's button to them).
TAKEN_BY = {
    "approve": REVIEWER,
    "send_back": REVIEWER,
    "reject": REVIEWER,
    "resubmit": WORKER,
    "introduce": WORKER,
    "start": WORKER,
    "end": WORKER,
    "stop": None,
}

#: A new match (``match_propose``) starts in this status.
FIRST_STATUS = Status.PROPOSED

#: status -> {action: the status it leads to}: every allowed transition, in
#: the order the match page offers them. Each action is one service
#: (``SERVICES``, at the end of this module); the statuses with a step are
#: the statuses in progress (``Match.Status.in_progress()``).
TRANSITIONS = {
    Status.PROPOSED: {
        "approve": Status.APPROVED,
        "send_back": Status.SENT_BACK,
        "reject": Status.REJECTED,
        "stop": Status.REJECTED,
    },
    Status.SENT_BACK: {
        "resubmit": Status.PROPOSED,
        "reject": Status.REJECTED,
        "stop": Status.REJECTED,
    },
    Status.APPROVED: {"introduce": Status.INTRODUCED, "stop": Status.ENDED},
    Status.INTRODUCED: {"start": Status.RUNNING, "stop": Status.ENDED},
    Status.RUNNING: {"end": Status.ENDED, "stop": Status.ENDED},
    Status.REJECTED: {},
    Status.ENDED: {},
}


def statuses_allowing(action):
    """The statuses from which ``action`` may be taken, in table order."""
    return [status for status, steps in TRANSITIONS.items() if action in steps]


def _sees(user, match):
    return user.is_active and Match.objects.visible_to(user).filter(pk=match.pk).exists()


def allowed_actions(user, match, *, may_review=None):
    """The steps ``user`` may take on ``match`` now, as ``TRANSITIONS``
    orders them: what a page offers (the service decides again when one is
    taken). ``user`` sees ``match`` (the page fetched it scoped). One query
    where a reviewer's step is possible (a proposal, a sent-back one: is
    the user a lead there?), none otherwise, and none when the caller
    passes ``may_review`` (``can_review``, known another way)."""
    allowed = []
    reviews = may_review
    for action in TRANSITIONS[match.status]:
        taken_by = TAKEN_BY[action]
        if taken_by == REVIEWER:
            if reviews is None:
                reviews = can_review(user, match)
            if reviews:
                allowed.append(action)
        elif taken_by == WORKER:
            allowed.append(action)
    return allowed


# Building blocks.


def _when(moment):
    return formats.date_format(timezone.localtime(moment), "SHORT_DATETIME_FORMAT")


def _locked(match):
    """The match row as it is now, locked until the transaction ends."""
    return Match.objects.select_for_update().get(pk=match.pk)


def _record(match, *, from_status, by, at, note=""):
    return MatchEvent.objects.create(
        match=match, from_status=from_status, to_status=match.status, by=by, at=at, note=note
    )


#: How far along the way each status is, to tell "already" from "not yet".
_STAGE = {
    Status.PROPOSED: 0,
    Status.SENT_BACK: 0,
    Status.APPROVED: 1,
    Status.INTRODUCED: 2,
    Status.RUNNING: 3,
    Status.REJECTED: 4,
    Status.ENDED: 4,
}


def _require_step(match, action, *, doing):
    """Refuse unless ``TRANSITIONS`` allows ``action`` from the status
    ``match`` is in. When it is past the statuses that allow it, say who
    brought it there and when (one query)."""
    if action in TRANSITIONS[match.status]:
        return
    allowed = statuses_allowing(action)
    last = None
    if _STAGE[match.status] >= max(_STAGE[status] for status in allowed):
        last = match.events.select_related("by").order_by("-at", "-pk").first()
    if last is None:
        raise ValidationError(
            _("This match is %(status)s, so it cannot be %(doing)s yet.")
            % {"status": match.get_status_display(), "doing": doing}
        )
    raise ValidationError(
        _("Already %(status)s by %(who)s at %(when)s, so it cannot be %(doing)s.")
        % {
            "status": last.get_to_status_display(),
            "who": last.by,
            "when": _when(last.at),
            "doing": doing,
        }
    )


def _require_seeing(match, by):
    if not _sees(by, match):
        raise ValidationError(_("You do not work in the neighbourhood of this match."))


def _require_reviewer(match, by):
    if by.pk == match.proposed_by_id:
        raise ValidationError(
            _(
                "You proposed this match, so another team lead must review it: "
                "nobody reviews their own proposal."
            )
        )
    if not can_review(by, match):
        raise ValidationError(
            _("Only a team lead of %(neighbourhood)s or an administrator reviews this match.")
            % {"neighbourhood": match.neighbourhood}
        )


def _consent_problems(residents):
    """What keeps these residents from being matched
    (``Resident.may_be_matched``), one message each."""
    problems = [r.why_not(Consent.MATCH) for r in residents if r is not None]
    return [problem for problem in problems if problem]


def _require_consent(match):
    """Both residents of ``match`` still active and consenting (read fresh)."""
    ids = [pk for pk in (match.resident_id, match.helper_id) if pk]
    residents = Resident.objects.filter(pk__in=ids).order_by("name")
    problems = _consent_problems(residents)
    if problems:
        raise ValidationError(problems)


def _require_not_future(value, field):
    if value > timezone.localdate():
        raise ValidationError({field: _("This date is in the future.")})


def _require_text(value, field, message):
    value = (value or "").strip()
    if not value:
        raise ValidationError({field: message})
    return value


def _transition(match, *, action, by, note="", at=None, fields=(), clean=True):
    """Take ``action`` (checked by ``_require_step``): save ``match`` in the
    status ``TRANSITIONS`` says it leads to, with ``fields`` changed, and
    record it. ``clean``: validate the row first."""
    from_status = match.status
    match.status = TRANSITIONS[from_status][action]
    if clean:
        match.full_clean()
    match.save(update_fields=["status", *fields, "updated_at"])
    _record(match, from_status=from_status, by=by, at=at or timezone.now(), note=note)
    return match


def _free_need_and_talent(match, *, at, keep=None):
    """``match`` (no longer running) holds its need and talent no more: a
    matched need is open again (not one closed meanwhile), and so is a
    matched talent unless another running match uses it. Those of ``keep``
    (a resident who leaves) stay as they are."""
    needs = Need.objects.filter(pk=match.need_id, status=Need.Status.MATCHED)
    talents = Talent.objects.filter(pk=match.talent_id, status=Talent.Status.MATCHED)
    if keep is not None:
        needs = needs.exclude(resident=keep)
        talents = talents.exclude(resident=keep)
    needs.update(status=Need.Status.OPEN, updated_at=at)
    if match.talent_id:
        still_running = Match.objects.filter(talent=match.talent_id, status=Status.RUNNING)
        if not still_running.exclude(pk=match.pk).exists():
            talents.update(status=Talent.Status.OPEN, updated_at=at)


def _close_check_ins(matches, *, by, at):
    """Mark the open check-ins of ``matches`` (a QuerySet or ids) done by
    ``by`` at ``at``; a check-in already done keeps who did it."""
    FollowUp.objects.open().filter(match_check_in__match__in=matches).update(
        done_at=at, done_by=by, updated_at=at
    )


# Proposing.


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
    _record(match, from_status="", by=by, at=now, note=why)
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


# Reviewing.


def _review(match, *, by, action, note, doing, needs_consent=False):
    match = _locked(match)
    _require_reviewer(match, by)
    _require_step(match, action, doing=doing)
    if needs_consent:
        _require_consent(match)
    now = timezone.now()
    match.reviewed_by = by
    match.reviewed_at = now
    match.review_note = note
    return _transition(
        match,
        action=action,
        by=by,
        note=note,
        at=now,
        fields=["reviewed_by", "reviewed_at", "review_note"],
    )


@transaction.atomic
def match_approve(*, match, by, note=""):
    """A team lead approves a proposed match; the worker may introduce the
    residents next."""
    return _review(
        match,
        by=by,
        action="approve",
        note=(note or "").strip(),
        doing=_("approved"),
        needs_consent=True,
    )


@transaction.atomic
def match_send_back(*, match, by, note):
    """A team lead sends a proposal back to the worker with a question or
    remark (``note``, required); the worker may resubmit it."""
    note = _require_text(note, "note", _("Say what needs to change."))
    return _review(match, by=by, action="send_back", note=note, doing=_("sent back"))


@transaction.atomic
def match_reject(*, match, by, note):
    """A team lead rejects a proposed (or sent back) match, with the reason
    (``note``, required). The need is free for other proposals again."""
    note = _require_text(note, "note", _("Say why this match is rejected."))
    return _review(
        match,
        by=by,
        action="reject",
        note=note,
        doing=_("rejected"),
    )


# After approval.


@transaction.atomic
def match_introduce(*, match, by, introduced_on, worker_present=None):
    """The residents met for the first time on ``introduced_on``, with
    ``worker_present`` (a user working in the neighbourhood, or None when no
    worker was there)."""
    match = _locked(match)
    _require_seeing(match, by)
    _require_step(match, "introduce", doing=_("introduced"))
    _require_consent(match)
    if introduced_on is None:
        raise ValidationError({"introduced_on": _("When did they meet?")})
    _require_not_future(introduced_on, "introduced_on")
    if introduced_on < timezone.localdate(match.proposed_at):
        raise ValidationError({"introduced_on": _("This is before the match was proposed.")})
    if worker_present is not None and not can_be_assigned(worker_present, match.neighbourhood):
        raise ValidationError(
            {
                "worker_present": _("%(user)s does not work in %(neighbourhood)s.")
                % {"user": worker_present, "neighbourhood": match.neighbourhood}
            }
        )
    match.introduced_on = introduced_on
    match.introduced_by = worker_present
    return _transition(match, action="introduce", by=by, fields=["introduced_on", "introduced_by"])


def _check_in_description(match, weeks):
    seeker = match.resident or match.need.initiative
    helper = match.helper or match.initiative
    description = _("Check-in on the match of %(seeker)s and %(helper)s (%(weeks)s weeks)") % {
        "seeker": seeker,
        "helper": helper,
        "weeks": weeks,
    }
    return description[: FollowUp._meta.get_field("description").max_length]


def _schedule_check_ins(match, *, by):
    assignee = match.proposed_by
    if not (assignee.is_active and can_be_assigned(assignee, match.neighbourhood)):
        assignee = by
    for weeks in CHECK_IN_WEEKS:
        follow_up = followup_create(
            description=_check_in_description(match, weeks),
            due_on=match.started_on + datetime.timedelta(weeks=weeks),
            assigned_to=assignee,
            created_by=by,
            resident=match.resident,
            neighbourhood=match.neighbourhood,
        )
        MatchCheckIn.objects.create(match=match, follow_up=follow_up)


@transaction.atomic
def match_start(*, match, by, started_on=None):
    """The match is running (from ``started_on``, today by default): the
    need (and talent) are matched, and check-ins are scheduled for the
    proposer CHECK_IN_WEEKS after the start, as follow-ups on their day."""
    match = _locked(match)
    _require_seeing(match, by)
    _require_step(match, "start", doing=_("started"))
    _require_consent(match)
    started_on = started_on or timezone.localdate()
    _require_not_future(started_on, "started_on")
    if match.introduced_on and started_on < match.introduced_on:
        raise ValidationError({"started_on": _("This is before the introduction.")})
    match.started_on = started_on
    _transition(match, action="start", by=by, fields=["started_on"])
    Need.objects.filter(pk=match.need_id).exclude(status=Need.Status.CLOSED).update(
        status=Need.Status.MATCHED, updated_at=timezone.now()
    )
    if match.talent_id:
        Talent.objects.filter(pk=match.talent_id).exclude(status=Talent.Status.CLOSED).update(
            status=Talent.Status.MATCHED, updated_at=timezone.now()
        )
    _schedule_check_ins(match, by=by)
    return match


@transaction.atomic
def match_end(*, match, by, outcome, reason, seeker_view="", helper_view="", ended_on=None):
    """A running match ends with an ``outcome`` and a ``reason``, and how
    each side saw it. Open check-ins are closed. With a lasting contact the
    need stays matched; otherwise it is open again (see the module
    docstring)."""
    match = _locked(match)
    _require_seeing(match, by)
    if match.status in Status.in_progress() and match.status != Status.RUNNING:
        raise ValidationError(
            _(
                "This match never started (it is %(status)s): only a running match can end. "
                "Start it once the residents carry on after the introduction."
            )
            % {"status": match.get_status_display()}
        )
    _require_step(match, "end", doing=_("ended"))
    if outcome not in Match.Outcome.values:
        raise ValidationError({"outcome": _("Choose how it ended.")})
    reason = _require_text(reason, "reason", _("Say why it ended."))
    ended_on = ended_on or timezone.localdate()
    _require_not_future(ended_on, "ended_on")
    if match.started_on and ended_on < match.started_on:
        raise ValidationError({"ended_on": _("This is before the match started.")})
    match.outcome = outcome
    match.end_reason = reason
    match.seeker_view = (seeker_view or "").strip()
    match.helper_view = (helper_view or "").strip()
    match.ended_on = ended_on
    now = timezone.now()
    _transition(
        match,
        action="end",
        by=by,
        note=reason,
        at=now,
        fields=["outcome", "end_reason", "seeker_view", "helper_view", "ended_on"],
    )
    if outcome != Match.Outcome.LASTING:
        _free_need_and_talent(match, at=now)
    _close_check_ins([match.pk], by=by, at=now)
    return match


# A resident leaves.


@transaction.atomic
def match_stop(*, match, by, leaving, at=None):
    """Stop ``match`` because ``leaving``, one of its two residents, can no
    longer take part (is erased): one not yet approved is rejected, a later
    one ends as stopped on the day of ``at`` (default now). The other
    side's need and talent are freed as when a match ends as stopped
    (``_free_need_and_talent``), ``leaving``'s own stay as they are, and
    open check-ins are closed. Recorded as a match event without a note,
    by ``by`` at ``at``. ``by`` need not work in the match's neighbourhood:
    whoever may erase the resident stops their matches (the caller
    decides). Refused (``ValidationError``) when the match is no longer in
    progress."""
    at = at or timezone.now()
    match = _locked(match)
    if leaving.pk not in (match.resident_id, match.helper_id):
        raise ValueError(f"Resident {leaving.pk} is not in match {match.pk}.")
    _require_step(match, "stop", doing=_("stopped"))
    fields = []
    if TRANSITIONS[match.status]["stop"] == Status.ENDED:
        match.outcome = Match.Outcome.STOPPED
        match.ended_on = timezone.localdate(at)
        fields = ["outcome", "ended_on"]
    # Not validated: stopping must not fail on an old row that today's
    # validation would refuse (an erasure has to go through); the
    # database's constraints still hold.
    _transition(match, action="stop", by=by, at=at, fields=fields, clean=False)
    _free_need_and_talent(match, at=at, keep=leaving)
    _close_check_ins([match.pk], by=by, at=at)
    return match


@transaction.atomic
def matches_stop_for_resident(*, resident, by, at=None):
    """Stop every match in progress with ``resident`` on either side
    (``match_stop``), and close any check-in still open on their other
    matches: nothing is left to check on with them. Returns the stopped
    matches."""
    at = at or timezone.now()
    theirs = Match.objects.filter(Q(resident=resident) | Q(helper=resident))
    in_progress = theirs.in_progress().select_for_update().order_by("pk")
    stopped = [match_stop(match=match, by=by, leaving=resident, at=at) for match in in_progress]
    _close_check_ins(theirs.values("pk"), by=by, at=at)
    return stopped


#: action -> the service that takes it, for every action in ``TRANSITIONS``
#: (``match_propose`` creates a match; ``matches_stop_for_resident`` stops
#: several through ``match_stop``).
SERVICES = {
    "approve": match_approve,
    "send_back": match_send_back,
    "reject": match_reject,
    "resubmit": match_resubmit,
    "introduce": match_introduce,
    "start": match_start,
    "end": match_end,
    "stop": match_stop,
}
