"""Matches (koppelingen): suggestions for a need or a talent, proposing a
match, its page with the steps of its life, the list, and the team lead's
review queue.

The review queue is for team leads and admins only: anyone else gets 403
(PermissionDenied), not 404, because the page exists for everyone and hides
nothing about a neighbourhood; the matches themselves stay scoped (a match
outside the user's neighbourhoods is a 404, as everywhere).
"""

import uuid
from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import path, reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from accesslog.models import AccessEvent
from accesslog.services import log_access
from buurtwerk import idempotency
from buurtwerk.forms import add_service_errors
from contacts.models import Consent, Initiative, Need, Resident, Talent
from matches import suggestions
from matches.forms.matches import (
    CancelForm,
    CheckInForm,
    EndForm,
    IntroduceForm,
    ProposalForm,
    ResubmitForm,
    ReviewForm,
    StartForm,
)
from matches.models import Match
from matches.reasons import Reason
from matches.selectors import matches as selectors
from matches.selectors.nobody import why_no_suggestions
from matches.services import lifecycle
from neighbourhoods.scoping import get_visible_or_404, is_reviewer

PAGE_SIZE = 25
REVIEW_PAGE_SIZE = 10
#: Candidates shown on a suggestions page.
SUGGESTIONS_SHOWN = 10
#: How far down the suggestions the proposal page looks for the chosen
#: candidate's reasons.
SUGGESTIONS_SEARCHED = 50

Status = Match.Status


def _detail_url(match):
    return reverse("matches:match_detail", args=[match.pk])


def _safe_next(request, fallback):
    next_url = request.POST.get("next", "")
    if next_url and url_has_allowed_host_and_scheme(
        next_url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return next_url
    return fallback


def _match_residents(matches):
    """The residents on both sides of ``matches``, by id (no query)."""
    return [pk for match in matches for pk in (match.resident_id, match.helper_id)]


def reason_texts(reasons):
    """Plain-language texts of stored reasons (JSON) or Reason objects."""
    texts = []
    for reason in reasons:
        if not isinstance(reason, Reason):
            reason = Reason.from_json(reason)
        texts.append(reason.text)
    return texts


def _in_progress(need):
    return Match.objects.in_progress().filter(need=need).select_related("proposed_by").first()


def _seeker_problem(owner):
    """Why suggestions for ``owner`` (a resident or initiative) cannot be
    made, or ''."""
    if isinstance(owner, Resident):
        return owner.why_not(Consent.MATCH) or ""
    elif owner is not None and not owner.is_active:
        return _("%(name)s is no longer active.") % {"name": owner.name}
    return ""


def _propose_url(need, *, resident=None, talent=None, initiative=None):
    """The proposal page for ``need`` with the helping side chosen by opaque
    ids (no personal data)."""
    if initiative is not None:
        query = {"initiative": initiative.pk}
    else:
        query = {"resident": resident.pk}
        if talent is not None:
            query["talent"] = talent.pk
    return reverse("matches:match_propose", args=[need.pk]) + "?" + urlencode(query)


# Suggestions


def _suggestion_row(candidate, propose_url):
    return {
        "candidate": candidate,
        "reasons": reason_texts(candidate.reasons),
        "propose_url": propose_url,
    }


def _suggestions_page(
    request, *, rows, problem, need=None, talent=None, in_progress=None, why_none=None
):
    """The suggestions page for ``need`` or ``talent``, logging the residents
    it names. For a need, each candidate's other open talents are listed on
    its card (one query)."""
    item = need or talent
    if need is not None and rows:
        others = selectors.other_talents([row["candidate"] for row in rows])
        for row in rows:
            owner = row["candidate"].owner
            row["other_talents"] = others.get(owner.pk, []) if owner is not None else []
    log_access(
        request,
        AccessEvent.What.SUGGESTIONS,
        residents=[item.resident_id, *(row["candidate"].resident for row in rows)],
    )
    return render(
        request,
        "matches/suggestions.html",
        {
            "need": need,
            "talent": talent,
            "in_progress": in_progress,
            "problem": problem,
            "rows": rows,
            "why_none": why_none,
        },
    )


@login_required
@require_safe
def need_suggestions(request, pk):
    need = get_visible_or_404(
        Need.objects.select_related("resident", "initiative", "category"), request.user, pk=pk
    )
    in_progress = _in_progress(need)
    problem = _seeker_problem(need.owner)
    if not problem and need.status != Need.Status.OPEN:
        problem = _("This need is %(status)s.") % {"status": need.get_status_display()}
    rows = []
    if in_progress is None and not problem:
        rows = [
            _suggestion_row(
                candidate,
                _propose_url(
                    need,
                    resident=candidate.resident,
                    talent=candidate.talent,
                    initiative=candidate.initiative,
                ),
            )
            for candidate in suggestions.suggest_for_need(
                need, user=request.user, limit=SUGGESTIONS_SHOWN
            )
        ]
    why_none = None
    if in_progress is None and not problem and not rows:
        why_none = why_no_suggestions(need, user=request.user)
    return _suggestions_page(
        request,
        rows=rows,
        problem=problem,
        need=need,
        in_progress=in_progress,
        why_none=why_none,
    )


@login_required
@require_safe
def talent_suggestions(request, pk):
    talent = get_visible_or_404(
        Talent.objects.select_related("resident", "initiative", "category"), request.user, pk=pk
    )
    problem = _seeker_problem(talent.owner)
    if not problem and talent.status == Talent.Status.CLOSED:
        problem = _("This talent is %(status)s.") % {"status": talent.get_status_display()}
    rows = []
    if not problem:
        rows = [
            _suggestion_row(
                candidate,
                _propose_url(
                    candidate.need,
                    resident=talent.resident,
                    talent=talent if talent.resident_id else None,
                    initiative=talent.initiative,
                ),
            )
            for candidate in suggestions.suggest_for_talent(
                talent, user=request.user, limit=SUGGESTIONS_SHOWN
            )
        ]
    return _suggestions_page(request, rows=rows, problem=problem, talent=talent)


# Proposing


def _chosen_helper(request):
    """The helping side named in the query string (resident UUID and
    perhaps talent id, or initiative UUID), each visible to the user:
    (helper, talent, initiative); Http404 for ids that are not."""
    user = request.user
    initiative_id = request.GET.get("initiative")
    if initiative_id:
        initiative = Initiative.objects.visible_to(user).filter(pk=_uuid(initiative_id)).first()
        if initiative is None:
            raise Http404
        return None, None, initiative
    helper = (
        Resident.objects.visible_to(user)
        .select_related("neighbourhood")
        .filter(pk=_uuid(request.GET.get("resident")))
        .first()
    )
    if helper is None:
        raise Http404
    talent = None
    talent_id = request.GET.get("talent", "")
    if talent_id:
        if not talent_id.isdigit():
            raise Http404
        talent = (
            Talent.objects.select_related("category").filter(pk=talent_id, resident=helper).first()
        )
        if talent is None:
            raise Http404
    return helper, talent, None


def _uuid(value):
    try:
        return uuid.UUID(str(value))
    except ValueError:
        raise Http404 from None


def _suggested(need, *, user, helper, talent, initiative):
    """The engine's candidate for this helping side, or None when it is not
    among the first SUGGESTIONS_SEARCHED (a worker may know better)."""
    for candidate in suggestions.suggest_for_need(need, user=user, limit=SUGGESTIONS_SEARCHED):
        if initiative is not None:
            if candidate.initiative is not None and candidate.initiative.pk == initiative.pk:
                return candidate
        elif candidate.resident is not None and candidate.resident.pk == helper.pk:
            candidate_talent = candidate.talent.pk if candidate.talent is not None else None
            if talent is None or candidate_talent == talent.pk:
                return candidate
    return None


@login_required
@require_http_methods(["GET", "POST"])
def match_propose(request, pk):
    need = get_visible_or_404(
        Need.objects.select_related("resident__neighbourhood", "initiative", "category"),
        request.user,
        pk=pk,
    )
    if not (request.GET.get("resident") or request.GET.get("initiative")):
        # Nobody chosen: choose from the suggestions first.
        return redirect("matches:need_suggestions", pk=need.pk)
    helper, talent, initiative = _chosen_helper(request)
    side = {"helper": helper, "talent": talent, "initiative": initiative}
    problems = lifecycle.proposal_problems(need=need, by=request.user, **side)
    candidate = None
    if not problems:
        candidate = _suggested(need, user=request.user, **side)
    form = ProposalForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        saved = idempotency.save_once(
            request,
            form,
            lambda: lifecycle.match_propose(
                need=need,
                by=request.user,
                why=data["why"],
                first_meeting_plan=data["first_meeting_plan"],
                score=candidate.score if candidate else None,
                reasons=candidate.reasons if candidate else (),
                **side,
            ),
            url=_detail_url,
            fallback=reverse("matches:need_suggestions", args=[need.pk]),
        )
        if saved is not None:
            if not saved.is_repeat:
                messages.success(request, _("Match proposed. A team lead reviews it next."))
            return redirect(saved.url)
    seeker_talents, seeker_needs = selectors.heard_of(
        resident=need.resident, initiative=need.initiative
    )
    helper_talents, helper_needs = selectors.heard_of(resident=helper, initiative=initiative)
    log_access(request, AccessEvent.What.PROPOSAL, residents=[need.resident_id, helper], obj=need)
    return render(
        request,
        "matches/match_propose.html",
        {
            "form": form,
            "need": need,
            "helper": helper,
            "talent": talent,
            "initiative": initiative,
            "problems": problems,
            "in_progress": _in_progress(need) if problems else None,
            "reasons": reason_texts(candidate.reasons) if candidate else [],
            "seeker_talents": seeker_talents,
            "seeker_needs": seeker_needs,
            "helper_talents": helper_talents,
            "helper_needs": helper_needs,
        },
    )


# One match and its steps


#: The steps taken on the match page: action -> (form class, the message
#: when done). ``lifecycle.TRANSITIONS`` says when each is allowed and
#: ``lifecycle.SERVICES`` which service takes it.
ACTIONS = {
    "approve": (ReviewForm, gettext_lazy("Match approved.")),
    "send_back": (ReviewForm, gettext_lazy("Sent back to the worker.")),
    "reject": (ReviewForm, gettext_lazy("Match rejected.")),
    "resubmit": (ResubmitForm, gettext_lazy("Proposed again.")),
    "introduce": (IntroduceForm, gettext_lazy("Introduction saved.")),
    "start": (StartForm, gettext_lazy("The match is running.")),
    "end": (EndForm, gettext_lazy("The match has ended.")),
    "cancel": (CancelForm, gettext_lazy("The match is cancelled; the need is open again.")),
}
#: The reviewer's steps share one form (one note, three buttons).
REVIEW_ACTIONS = tuple(
    action for action, taken_by in lifecycle.TAKEN_BY.items() if taken_by == lifecycle.REVIEWER
)


def _make_form(action, *, user, match, data=None):
    form_class = ACTIONS[action][0]
    kwargs = {"auto_id": f"{'review' if action in REVIEW_ACTIONS else action}_%s"}
    if form_class is IntroduceForm:
        kwargs.update(user=user, match=match)
    if form_class is ResubmitForm and data is None:
        kwargs["initial"] = {"why": match.why, "first_meeting_plan": match.first_meeting_plan}
    return form_class(data, **kwargs)


def _render_detail(
    request,
    match,
    *,
    failed_action=None,
    failed_form=None,
    failed_check_in=None,
    check_in_refused=(),
):
    """The match page; after a refused step, with that step's form showing
    what went wrong (beside its fields, or on top if the step is no longer
    possible); after a refused check-in answer (``failed_check_in``: (id,
    form)), likewise, or ``check_in_refused`` on top."""
    allowed = lifecycle.allowed_actions(request.user, match)
    forms = {}
    for action in allowed:
        key = "review" if action in REVIEW_ACTIONS else action
        if key in forms:
            continue
        if failed_action is not None and key == (
            "review" if failed_action in REVIEW_ACTIONS else failed_action
        ):
            forms[key] = failed_form
        else:
            forms[key] = _make_form(
                "approve" if key == "review" else action, user=request.user, match=match
            )
    check_ins = lifecycle.check_in_rows(match)
    for check_in in check_ins:
        check_in.form = None
        if not check_in.problem:
            failed = failed_check_in is not None and failed_check_in[0] == check_in.pk
            if failed:
                check_in.form, check_in_refused = failed_check_in[1], ()
            else:
                check_in.form = CheckInForm(
                    kind=check_in.kind, auto_id=f"check_in_{check_in.pk}_%s"
                )
    log_access(
        request, AccessEvent.What.MATCH, residents=[match.resident_id, match.helper_id], obj=match
    )
    return render(
        request,
        "matches/match_detail.html",
        {
            "match": match,
            "check_ins": check_ins,
            "check_in_refused": check_in_refused,
            "reasons": reason_texts(match.reasons),
            "allowed": allowed,
            "forms": forms,
            "refused": (
                failed_form.non_field_errors()
                if failed_form is not None and failed_form not in forms.values()
                else []
            ),
            "today": timezone.localdate(),
        },
    )


@login_required
@require_safe
def match_detail(request, pk):
    match = selectors.match_for_detail(user=request.user, pk=pk)
    return _render_detail(request, match)


@login_required
@require_POST
def match_transition(request, pk, action):
    if action not in ACTIONS:
        raise Http404
    match = get_visible_or_404(Match.objects.select_related("neighbourhood"), request.user, pk=pk)
    service = lifecycle.SERVICES[action]
    _form_class, done_message = ACTIONS[action]
    form = _make_form(action, user=request.user, match=match, data=request.POST)
    if form.is_valid():
        try:
            service(match=match, by=request.user, **form.service_kwargs())
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, done_message)
            return redirect(_safe_next(request, _detail_url(match)))
    # Shown again with what went wrong, on the match as it is now.
    match = selectors.match_for_detail(user=request.user, pk=pk)
    return _render_detail(request, match, failed_action=action, failed_form=form)


@login_required
@require_POST
def match_check_in(request, pk, check_in_pk):
    """Answer a check-in of the match (``lifecycle.check_in_record``)."""
    match = get_visible_or_404(Match.objects.select_related("neighbourhood"), request.user, pk=pk)
    check_in = match.check_ins.filter(pk=check_in_pk).first()
    if check_in is None:
        raise Http404
    form = CheckInForm(request.POST, kind=check_in.kind, auto_id=f"check_in_{check_in.pk}_%s")
    if form.is_valid():
        try:
            lifecycle.check_in_record(check_in=check_in, by=request.user, **form.service_kwargs())
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Check-in saved."))
            return redirect(_safe_next(request, _detail_url(match)))
    match = selectors.match_for_detail(user=request.user, pk=pk)
    return _render_detail(
        request,
        match,
        failed_check_in=(check_in.pk, form),
        check_in_refused=form.non_field_errors(),
    )


# Lists


@login_required
@require_safe
def match_list(request):
    status = request.GET.get("status", "")
    if status not in Status.values:
        status = ""
    paginator = Paginator(
        selectors.matches_for_list(user=request.user, status=status or None), PAGE_SIZE
    )
    page = paginator.get_page(request.GET.get("page"))
    counts = selectors.status_counts(user=request.user)
    log_access(request, AccessEvent.What.MATCHES, residents=_match_residents(page))
    return render(
        request,
        "matches/match_list.html",
        {
            "page": page,
            "status": status,
            "statuses": [(value, label, counts.get(value, 0)) for value, label in Status.choices],
            "total": sum(counts.values()),
            "is_reviewer": is_reviewer(request.user),
        },
    )


def _neighbourhood_filter(request, neighbourhoods):
    """The neighbourhood chosen with ``?buurt=<id>`` among ``neighbourhoods``, or None."""
    value = request.GET.get("buurt", "")
    if value.isdigit():
        for neighbourhood in neighbourhoods:
            if neighbourhood.pk == int(value):
                return neighbourhood
    return None


@login_required
@require_safe
def review_queue(request):
    user = request.user
    if not is_reviewer(user):
        raise PermissionDenied(_("The review queue is for team leads."))
    neighbourhoods = list(selectors.review_neighbourhoods(user=user))
    chosen = _neighbourhood_filter(request, neighbourhoods)
    chosen_id = chosen.pk if chosen else None
    paginator = Paginator(
        selectors.proposals_for_review(user=user, neighbourhood_id=chosen_id), REVIEW_PAGE_SIZE
    )
    page = paginator.get_page(request.GET.get("page"))
    page.object_list = selectors.shorten_sides(selectors.with_heard_sides(page.object_list))
    proposals = [
        {
            "match": match,
            "reasons": reason_texts(match.reasons),
            "own": match.proposed_by_id == user.pk,
            # The queue holds the proposals the user reviews, but their own.
            "actions": lifecycle.allowed_actions(
                user, match, may_review=match.proposed_by_id != user.pk
            ),
            "form": ReviewForm(auto_id=f"review_{match.pk}_%s"),
        }
        for match in page.object_list
    ]
    attention = selectors.matches_needing_attention(
        user=user, today=timezone.localdate(), neighbourhood_id=chosen_id
    )
    log_access(
        request,
        AccessEvent.What.REVIEW_QUEUE,
        residents=_match_residents([*page.object_list, *attention]),
    )
    return render(
        request,
        "matches/review_queue.html",
        {
            "page": page,
            "proposals": proposals,
            "neighbourhoods": neighbourhoods,
            "chosen": chosen,
            "page_query": f"buurt={chosen.pk}&" if chosen else "",
            "attention": attention,
            "stale_after_days": selectors.STALE_AFTER_DAYS,
        },
    )


urlpatterns = [
    path("behoeften/<int:pk>/suggesties/", need_suggestions, name="need_suggestions"),
    path("talenten/<int:pk>/suggesties/", talent_suggestions, name="talent_suggestions"),
    path("behoeften/<int:pk>/voorstellen/", match_propose, name="match_propose"),
    path("koppelingen/", match_list, name="match_list"),
    path("koppelingen/beoordelen/", review_queue, name="review_queue"),
    path("koppelingen/<uuid:pk>/", match_detail, name="match_detail"),
    path(
        "koppelingen/<uuid:pk>/check-ins/<int:check_in_pk>/",
        match_check_in,
        name="match_check_in",
    ),
    path("koppelingen/<uuid:pk>/<slug:action>/", match_transition, name="match_transition"),
]
