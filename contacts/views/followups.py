from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.urls import path, reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from accesslog.models import AccessEvent
from accesslog.services import log_access
from buurtwerk import idempotency
from contacts.forms.followups import FollowUpForm
from contacts.models import FollowUp, Resident
from contacts.selectors import followups as selectors
from contacts.services import followups as services
from neighbourhoods.scoping import get_visible_or_404

PAGE_SIZE = 25


def safe_next(request, fallback):
    """The ``next`` the form posted, if it is a URL on this site, else ``fallback``."""
    next_url = request.POST.get("next", "")
    if next_url and url_has_allowed_host_and_scheme(
        next_url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return next_url
    return fallback


@login_required
@require_safe
def followup_list(request):
    show = request.GET.get("show")
    if show not in selectors.SHOWS:
        show = selectors.SHOW_MINE
    paginator = Paginator(selectors.followups_for_list(user=request.user, show=show), PAGE_SIZE)
    page = paginator.get_page(request.GET.get("page"))
    log_access(
        request,
        AccessEvent.What.FOLLOW_UPS,
        residents=[follow_up.resident_id for follow_up in page],
    )
    return render(
        request,
        "contacts/followup_list.html",
        {
            "page": page,
            "show": show,
            "shows": [
                (selectors.SHOW_MINE, _("Mine")),
                (selectors.SHOW_OPEN, _("All open")),
                (selectors.SHOW_DONE, _("Done")),
            ],
            "today": timezone.localdate(),
        },
    )


def _followup_form(request, *, resident=None, success_url):
    form = FollowUpForm(request.POST or None, user=request.user, resident=resident)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        saved = idempotency.save_once(
            request,
            form,
            lambda: services.followup_create(
                description=data["description"],
                due_on=data["due_on"],
                assigned_to=data["assigned_to"],
                created_by=request.user,
                resident=resident,
                neighbourhood=data.get("neighbourhood"),
            ),
            url=success_url,
        )
        if saved is not None:
            if not saved.is_repeat:
                messages.success(request, _("Follow-up saved."))
            return redirect(saved.url)
    log_access(request, AccessEvent.What.FOLLOW_UP_FORM, residents=[resident])
    return render(
        request,
        "contacts/followup_form.html",
        {"form": form, "resident": resident, "cancel_url": success_url},
    )


@login_required
@require_http_methods(["GET", "POST"])
def followup_create(request):
    return _followup_form(request, success_url=reverse("contacts:followup_list"))


@login_required
@require_http_methods(["GET", "POST"])
def followup_for_resident(request, pk):
    resident = get_visible_or_404(
        Resident.objects.select_related("neighbourhood"), request.user, pk=pk
    )
    return _followup_form(
        request,
        resident=resident,
        success_url=reverse("contacts:resident_detail", args=[resident.pk]),
    )


@login_required
@require_POST
def followup_toggle(request, pk):
    """Mark done (``done=1``) or open again (``done=0``); without ``done``,
    the opposite of what it is. With htmx the answer is the new row."""
    follow_up = get_visible_or_404(FollowUp, request.user, pk=pk)
    done = request.POST.get("done")
    done = not follow_up.is_closed if done is None else done == "1"
    services.followup_set_done(follow_up=follow_up, done=done, by=request.user)
    next_url = safe_next(request, reverse("contacts:followup_list"))
    if request.htmx:
        row = selectors.followup_for_row(user=request.user, pk=pk)
        if row is not None:
            log_access(request, AccessEvent.What.FOLLOW_UPS, residents=[row.resident_id], obj=row)
        return render(
            request,
            "contacts/followup_list.html#followup_row",
            {"follow_up": row, "today": timezone.localdate(), "next": next_url},
        )
    # Without the description: messages can travel in a cookie.
    if done:
        messages.success(request, _("Follow-up done."))
    else:
        messages.info(request, _("Follow-up open again."))
    return redirect(next_url)


urlpatterns = [
    path("opvolging/", followup_list, name="followup_list"),
    path("opvolging/nieuw/", followup_create, name="followup_create"),
    path("opvolging/<uuid:pk>/klaar/", followup_toggle, name="followup_toggle"),
    path("bewoners/<uuid:pk>/opvolging/", followup_for_resident, name="followup_for_resident"),
]
