"""Initiatives: the list, the initiative page, adding and editing one, its
members, and what it offers and needs.

Members are found by a search sent by POST (a name never travels in a URL)
among the residents of the user's neighbourhoods. Members who live in
neighbourhoods the user does not work in are only counted."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import Exists, OuterRef
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
from contacts.forms.heard import NEED, TALENT
from contacts.forms.initiatives import (
    InitiativeForm,
    MemberAddForm,
    MemberRoleForm,
    MemberSearchForm,
)
from contacts.models import Consent, Initiative, InitiativeMember, Resident
from contacts.selectors import activities as activity_selectors
from contacts.selectors import initiatives as selectors
from contacts.selectors.search import resident_search
from contacts.services import initiatives as services
from contacts.views.heard import heard_create
from neighbourhoods.scoping import get_visible_or_404

PAGE_SIZE = 25
#: Search results shown when adding a member; a longer list means: type more.
MAX_RESULTS = 20


def _detail_url(initiative, anchor=""):
    url = reverse("contacts:initiative_detail", args=[initiative.pk])
    return f"{url}#{anchor}" if anchor else url


def _messages_of(error):
    return " ".join(error.messages)


@login_required
@require_safe
def initiative_list(request):
    show = request.GET.get("show")
    if show not in selectors.SHOWS:
        show = selectors.SHOW_ACTIVE
    initiatives = selectors.initiatives_for_list(user=request.user, show=show)
    page = Paginator(initiatives, PAGE_SIZE).get_page(request.GET.get("page"))
    for initiative in page.object_list:
        initiative.offer_labels = selectors.category_labels(initiative.offers)
        initiative.need_labels = selectors.category_labels(initiative.needs_open)
    return render(
        request,
        "contacts/initiative_list.html",
        {
            "page": page,
            "show": show,
            "shows": [(selectors.SHOW_ACTIVE, _("Active")), (selectors.SHOW_ALL, _("All"))],
        },
    )


@login_required
@require_safe
def initiative_detail(request, pk):
    page = selectors.initiative_page(user=request.user, pk=pk)
    log_access(
        request,
        AccessEvent.What.INITIATIVE,
        residents=[member.resident_id for member in page.members],
        obj=page.initiative,
    )
    return render(
        request,
        "contacts/initiative_detail.html",
        {
            "page": page,
            "initiative": page.initiative,
            "activities": list(
                activity_selectors.initiative_activities(initiative=page.initiative)
            ),
            "stage_history": list(activity_selectors.stage_history(initiative=page.initiative)),
            "stage_steps": [
                (step.value, step.label) for step in services.stages_after(page.initiative.stage)
            ],
            "today": timezone.localdate(),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def initiative_create(request):
    form = InitiativeForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        saved = idempotency.save_once(
            request,
            form,
            lambda: services.initiative_create(**form.service_kwargs(), created_by=request.user),
            url=_detail_url,
            fallback=reverse("contacts:initiative_list"),
        )
        if saved is not None:
            if not saved.is_repeat:
                messages.success(request, _("The initiative is saved."))
            return redirect(saved.url)
    return render(request, "contacts/initiative_form.html", {"form": form})


@login_required
@require_http_methods(["GET", "POST"])
def initiative_edit(request, pk):
    initiative = get_visible_or_404(
        Initiative.objects.prefetch_related("neighbourhoods"), request.user, pk=pk
    )
    form = InitiativeForm(request.POST or None, user=request.user, initiative=initiative)
    if request.method == "POST" and form.is_valid():
        try:
            initiative = services.initiative_update(
                initiative=initiative,
                updated_by=request.user,
                expected_version=form.cleaned_data["version"],
                **form.service_kwargs(),
            )
        except EditConflict as conflict:
            form.show_conflict(conflict.current)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The initiative is saved."))
            return redirect(_detail_url(initiative))
    own = set(form.fields["neighbourhoods"].queryset.values_list("pk", flat=True))
    elsewhere = [n for n in initiative.neighbourhoods.all() if n.pk not in own]
    return render(
        request,
        "contacts/initiative_form.html",
        {"form": form, "initiative": initiative, "elsewhere": elsewhere},
    )


def _search_results(*, user, initiative, term, error=None):
    """Up to MAX_RESULTS residents ``user`` may see matching ``term``, each
    as (resident, add form, error, why they cannot be added or None), with
    ``is_member`` set; and whether there were more. ``error`` is (resident
    pk, message) of a refused add."""
    residents = list(
        resident_search(user=user, term=term).annotate(
            is_member=Exists(
                InitiativeMember.objects.filter(initiative=initiative, resident=OuterRef("pk"))
            )
        )[: MAX_RESULTS + 1]
    )
    error_pk, message = error or (None, "")
    results = [
        (
            resident,
            # Each its own token: adding one person must not use up another's.
            MemberAddForm(initial={"resident": resident.pk, "q": term}, user=user),
            message if resident.pk == error_pk else "",
            # As the service refuses it (``services.initiative_member_add``).
            resident.why_not(Consent.STORE),
        )
        for resident in residents[:MAX_RESULTS]
    ]
    return results, len(residents) > MAX_RESULTS


@login_required
@require_http_methods(["GET", "POST"])
def initiative_member_add(request, pk):
    """GET: the search box. POST with ``q``: the residents found, each with
    buttons to add them as a member or an organiser. POST with ``resident``:
    add them, or show the results again with why it was refused."""
    initiative = get_visible_or_404(Initiative, request.user, pk=pk)
    term, error = "", None
    if request.method == "POST" and "resident" in request.POST:
        add_form = MemberAddForm(request.POST, user=request.user)
        term = request.POST.get("q", "")[:100]
        if add_form.is_valid():
            data = add_form.cleaned_data
            resident = data["resident"]

            def refused(refusal):
                # Shown beside the resident in the results, not on the form.
                nonlocal error
                error = (resident.pk, _messages_of(refusal))

            saved = idempotency.save_once(
                request,
                add_form,
                lambda: services.initiative_member_add(
                    initiative=initiative,
                    resident=resident,
                    role=data["role"],
                    added_by=request.user,
                ),
                url=_detail_url(initiative, "members"),
                fallback=_detail_url(initiative),
                on_error=refused,
            )
            if saved is not None:
                if not saved.is_repeat:
                    messages.success(
                        request,
                        _("%(name)s is now part of %(initiative)s.")
                        % {"name": resident.name, "initiative": initiative.name},
                    )
                return redirect(saved.url)
        else:
            messages.error(
                request, " ".join(e for errors in add_form.errors.values() for e in errors)
            )
        search_form = MemberSearchForm({"q": term} if term else None)
    elif request.method == "POST":
        search_form = MemberSearchForm(request.POST)
    else:
        search_form = MemberSearchForm()
    results, more = None, False
    if search_form.is_bound and search_form.is_valid():
        results, more = _search_results(
            user=request.user,
            initiative=initiative,
            term=search_form.cleaned_data["q"],
            error=error,
        )
    if error and not any(message for _resident, _form, message, _why in results or ()):
        messages.error(request, error[1])
    log_access(
        request,
        AccessEvent.What.MEMBER_SEARCH,
        residents=[resident for resident, _form, _message, _why in results or ()],
        obj=initiative,
    )
    template = "contacts/initiative_member_add.html"
    if request.htmx and request.method == "POST" and "resident" not in request.POST:
        template += "#results"
    return render(
        request,
        template,
        {
            "initiative": initiative,
            "form": search_form,
            "results": results,
            "more": more,
        },
    )


def _member_or_404(request, pk, resident_pk):
    """The initiative and the resident, both visible to the user (else 404)."""
    initiative = get_visible_or_404(Initiative, request.user, pk=pk)
    resident = get_visible_or_404(Resident, request.user, pk=resident_pk)
    return initiative, resident


@login_required
@require_POST
def initiative_member_role(request, pk, resident_pk):
    initiative, resident = _member_or_404(request, pk, resident_pk)
    form = MemberRoleForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose organiser or member."))
        return redirect(_detail_url(initiative, "members"))
    try:
        member = services.initiative_member_set_role(
            initiative=initiative,
            resident=resident,
            role=form.cleaned_data["role"],
            changed_by=request.user,
        )
    except ValidationError as error:
        messages.error(request, _messages_of(error))
    else:
        messages.success(
            request,
            _("%(name)s is now %(role)s.")
            % {"name": resident.name, "role": member.get_role_display()},
        )
    return redirect(_detail_url(initiative, "members"))


@login_required
@require_POST
def initiative_member_remove(request, pk, resident_pk):
    initiative, resident = _member_or_404(request, pk, resident_pk)
    try:
        services.initiative_member_remove(
            initiative=initiative, resident=resident, removed_by=request.user
        )
    except ValidationError as error:
        messages.error(request, _messages_of(error))
    else:
        messages.success(
            request,
            _("%(name)s is no longer part of %(initiative)s.")
            % {"name": resident.name, "initiative": initiative.name},
        )
    return redirect(_detail_url(initiative, "members"))


def _heard_add(request, pk, *, kind):
    """What an initiative offers (a talent) or needs, with the talents and
    needs form, page and service; an empty category is proposed from the
    words (as the worker types, with htmx, and again when saving)."""
    initiative = get_visible_or_404(Initiative, request.user, pk=pk)
    return heard_create(
        request,
        kind=kind,
        url=_detail_url(initiative, "offers" if kind == TALENT else "needs"),
        title=_("What it offers") if kind == TALENT else _("What it needs"),
        cancel_url=_detail_url(initiative),
        initiative=initiative,
    )


@login_required
@require_http_methods(["GET", "POST"])
def initiative_offer_add(request, pk):
    return _heard_add(request, pk, kind=TALENT)


@login_required
@require_http_methods(["GET", "POST"])
def initiative_need_add(request, pk):
    return _heard_add(request, pk, kind=NEED)


urlpatterns = [
    path("initiatieven/", initiative_list, name="initiative_list"),
    path("initiatieven/nieuw/", initiative_create, name="initiative_create"),
    path("initiatieven/<uuid:pk>/", initiative_detail, name="initiative_detail"),
    path("initiatieven/<uuid:pk>/wijzigen/", initiative_edit, name="initiative_edit"),
    path("initiatieven/<uuid:pk>/leden/", initiative_member_add, name="initiative_member_add"),
    path(
        "initiatieven/<uuid:pk>/leden/<uuid:resident_pk>/rol/",
        initiative_member_role,
        name="initiative_member_role",
    ),
    path(
        "initiatieven/<uuid:pk>/leden/<uuid:resident_pk>/verwijderen/",
        initiative_member_remove,
        name="initiative_member_remove",
    ),
    path("initiatieven/<uuid:pk>/aanbod/", initiative_offer_add, name="initiative_offer_add"),
    path("initiatieven/<uuid:pk>/behoefte/", initiative_need_add, name="initiative_need_add"),
]
