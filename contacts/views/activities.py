"""Activities: the list, planning or recording one (from an initiative or
a report), and its page with who was there: named residents (found among
the residents it suggests, or by a search sent by POST) and the headcount
of everyone else. And an initiative's stage.

Residents are added through ``activity_attendee_add``, like an
initiative's members: one button per resident, each form with its own
submission token, so a double tap records them once."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.urls import path, reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from accesslog.models import AccessEvent
from accesslog.services import log_access
from buurtwerk import idempotency
from buurtwerk.forms import add_service_errors
from buurtwerk.versioning import EditConflict
from contacts.forms.activities import (
    ORGANISER,
    ActivityForm,
    AttendeeAddForm,
    AttendeeRemoveForm,
    AttendeeSearchForm,
    HeadcountForm,
    StageForm,
)
from contacts.models import Activity, Consent, Initiative, Report, Resident
from contacts.selectors import activities as selectors
from contacts.selectors.search import resident_search
from contacts.services import activities as services
from contacts.services.initiatives import initiative_set_stage
from neighbourhoods.scoping import get_visible_or_404

PAGE_SIZE = 25
#: Search results shown when adding someone; a longer list means: type more.
MAX_RESULTS = 20


def _detail_url(activity, anchor=""):
    url = reverse("contacts:activity_detail", args=[activity.pk])
    return f"{url}#{anchor}" if anchor else url


def _messages_of(error):
    return " ".join(error.messages)


@login_required
@require_safe
def activity_list(request):
    page = Paginator(selectors.activities_for_list(user=request.user), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    return render(
        request,
        "contacts/activity_list.html",
        {"page": page, "today": timezone.localdate()},
    )


def _visible_or_none(model, user, pk):
    """The object ``pk`` of ``model`` visible to ``user``, or None (also for
    a malformed id): a query-string hint that does not fit is ignored."""
    try:
        return model.objects.visible_to(user).filter(pk=pk).first() if pk else None
    except ValidationError:
        return None


@login_required
@require_http_methods(["GET", "POST"])
def activity_create(request):
    """GET ``?initiative=<id>`` plans a meeting of that initiative,
    ``?report=<id>`` an activity for that report (opaque ids only)."""
    initiative = _visible_or_none(Initiative, request.user, request.GET.get("initiative"))
    report = _visible_or_none(Report, request.user, request.GET.get("report"))
    form = ActivityForm(
        request.POST or None, user=request.user, initiative=initiative, report=report
    )
    if request.method == "POST" and form.is_valid():
        saved = idempotency.save_once(
            request,
            form,
            lambda: services.activity_create(**form.service_kwargs(), created_by=request.user),
            url=_detail_url,
            fallback=reverse("contacts:activity_list"),
        )
        if saved is not None:
            if not saved.is_repeat:
                messages.success(request, _("The activity is saved."))
            return redirect(saved.url)
    return render(request, "contacts/activity_form.html", {"form": form})


def _search_results(*, user, activity_page, term, error=None):
    """Up to MAX_RESULTS residents ``user`` may see matching ``term``, each
    as (resident, add form, error, why they cannot be added or None); and
    whether there were more."""
    residents = list(resident_search(user=user, term=term)[: MAX_RESULTS + 1])
    return _rows(user, residents[:MAX_RESULTS], term, error), len(residents) > MAX_RESULTS


def _rows(user, residents, term="", error=None):
    error_pk, message = error or (None, "")
    return [
        (
            resident,
            # Each its own token: adding one person must not use up another's.
            AttendeeAddForm(initial={"resident": resident.pk, "q": term}, user=user),
            message if resident.pk == error_pk else "",
            # As the service refuses it.
            resident.why_not(Consent.STORE),
        )
        for resident in residents
    ]


def _activity_page(
    request, pk, *, search_form=None, term="", error=None, headcount_form=None, partial=False
):
    page = selectors.activity_page(user=request.user, pk=pk)
    activity = page.activity
    results, more = None, False
    if term:
        results, more = _search_results(
            user=request.user, activity_page=page, term=term, error=error
        )
    elif error:
        messages.error(request, error[1])
    suggestions = _rows(request.user, page.suggestions, error=error if not term else None)
    shown = [
        *(attendance.resident_id for attendance in page.attendances),
        *(organiser.resident_id for organiser in page.organisers),
        *(resident.pk for resident in page.suggestions),
        *(resident.pk for resident, *_rest in results or ()),
    ]
    log_access(request, AccessEvent.What.ACTIVITY, residents=shown, obj=activity)
    today = timezone.localdate()
    template = "contacts/activity_detail.html"
    if partial:
        template += "#results"
    return render(
        request,
        template,
        {
            "page": page,
            "activity": activity,
            "has_happened": activity.held_on <= today,
            "suggestions": suggestions,
            "results": results,
            "more": more,
            "search_form": search_form or AttendeeSearchForm(),
            "headcount_form": headcount_form or HeadcountForm(activity=activity),
            "organiser": ORGANISER,
        },
    )


@login_required
@require_safe
def activity_detail(request, pk):
    return _activity_page(request, pk)


@login_required
@require_POST
def activity_attendee_add(request, pk):
    """POST with ``q``: the page with the residents found, each with buttons
    to record them as there or as an organiser (with htmx only the results).
    POST with ``resident``: record them, or show the page again with why it
    was refused."""
    activity = get_visible_or_404(Activity, request.user, pk=pk)
    if "resident" not in request.POST:
        search_form = AttendeeSearchForm(request.POST)
        term = search_form.cleaned_data["q"] if search_form.is_valid() else ""
        return _activity_page(
            request,
            pk,
            search_form=search_form,
            term=term,
            partial=bool(request.htmx),
        )
    form = AttendeeAddForm(request.POST, user=request.user)
    term = request.POST.get("q", "")[:100]
    error = None
    if not form.is_valid():
        messages.error(request, " ".join(e for errors in form.errors.values() for e in errors))
        return redirect(_detail_url(activity, "there"))
    data = form.cleaned_data
    resident = data["resident"]

    def refused(refusal):
        # Shown beside the resident, not on the form.
        nonlocal error
        error = (resident.pk, _messages_of(refusal))

    def save():
        if data["role"] == ORGANISER:
            return services.activity_organiser_add(
                activity=activity, resident=resident, by=request.user
            )
        return services.activity_attendance_add(
            activity=activity, resident=resident, by=request.user
        )

    saved = idempotency.save_once(
        request,
        form,
        save,
        url=_detail_url(activity, "there"),
        fallback=_detail_url(activity),
        on_error=refused,
    )
    if saved is not None:
        if not saved.is_repeat:
            text = (
                _("%(name)s organises it.")
                if data["role"] == ORGANISER
                else _("%(name)s was there.")
            )
            messages.success(request, text % {"name": resident.name})
        return redirect(saved.url)
    search_form = AttendeeSearchForm({"q": term}) if term else None
    if search_form is not None:
        search_form.is_valid()
    return _activity_page(request, pk, search_form=search_form, term=term, error=error)


@login_required
@require_POST
def activity_attendee_remove(request, pk, resident_pk):
    activity = get_visible_or_404(Activity, request.user, pk=pk)
    resident = get_visible_or_404(Resident, request.user, pk=resident_pk)
    form = AttendeeRemoveForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose who to take off."))
        return redirect(_detail_url(activity, "there"))
    try:
        if form.cleaned_data["role"] == ORGANISER:
            services.activity_organiser_remove(
                activity=activity, resident=resident, by=request.user
            )
        else:
            services.activity_attendance_remove(
                activity=activity, resident=resident, by=request.user
            )
    except ValidationError as error:
        messages.error(request, _messages_of(error))
    else:
        messages.success(request, _("%(name)s is taken off.") % {"name": resident.name})
    return redirect(_detail_url(activity, "there"))


@login_required
@require_POST
def activity_headcount(request, pk):
    activity = get_visible_or_404(Activity, request.user, pk=pk)
    form = HeadcountForm(request.POST, activity=activity)
    if form.is_valid():
        try:
            services.activity_headcount_set(
                activity=activity,
                headcount=form.cleaned_data["headcount"],
                expected_version=form.cleaned_data["version"],
                by=request.user,
            )
        except EditConflict as conflict:
            form.show_conflict(conflict.current)
            form.add_error(
                "headcount",
                _("Someone else saved a count of %(count)s meanwhile. Save again to replace it.")
                % {"count": conflict.current.headcount},
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The count is saved."))
            return redirect(_detail_url(activity, "there"))
    return _activity_page(request, pk, headcount_form=form)


@login_required
@require_POST
def initiative_stage(request, pk):
    initiative = get_visible_or_404(Initiative, request.user, pk=pk)
    url = reverse("contacts:initiative_detail", args=[initiative.pk]) + "#stage"
    form = StageForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose a stage."))
        return redirect(url)
    try:
        initiative = initiative_set_stage(
            initiative=initiative, stage=form.cleaned_data["stage"], by=request.user
        )
    except ValidationError as error:
        messages.error(request, _messages_of(error))
    else:
        messages.success(
            request,
            _("The initiative's stage is now: %(stage)s.")
            % {"stage": initiative.get_stage_display()},
        )
    return redirect(url)


urlpatterns = [
    path("activiteiten/", activity_list, name="activity_list"),
    path("activiteiten/nieuw/", activity_create, name="activity_create"),
    path("activiteiten/<uuid:pk>/", activity_detail, name="activity_detail"),
    path("activiteiten/<uuid:pk>/wie/", activity_attendee_add, name="activity_attendee_add"),
    path(
        "activiteiten/<uuid:pk>/wie/<uuid:resident_pk>/eraf/",
        activity_attendee_remove,
        name="activity_attendee_remove",
    ),
    path("activiteiten/<uuid:pk>/aantal/", activity_headcount, name="activity_headcount"),
    path("initiatieven/<uuid:pk>/fase/", initiative_stage, name="initiative_stage"),
]
