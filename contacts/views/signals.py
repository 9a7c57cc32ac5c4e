"""Signals to the district team and referrals to organisations. Both need
the resident's consent to share; without it the page says so up front.
The list (``/signalen/``) is for workers and team leads alike: everything
sent about residents of their neighbourhoods, filtered by status and
organisation; a signal's page records the answer."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import path, reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_safe

from accesslog.models import AccessEvent
from accesslog.services import log_access
from buurtwerk import idempotency
from buurtwerk.forms import add_service_errors
from contacts.forms.signals import SignalFilterForm, SignalForm, SignalStatusForm
from contacts.models import Resident
from contacts.selectors import signals as selectors
from contacts.services import signals as services
from neighbourhoods.scoping import get_visible_or_404


@login_required
@require_http_methods(["GET", "POST"])
def signal_create(request, pk):
    resident = get_visible_or_404(
        Resident.objects.select_related("neighbourhood__district"), request.user, pk=pk
    )
    url = reverse("contacts:resident_detail", args=[resident.pk])
    refusal = services.signal_refusal(resident)
    if request.method == "POST":
        form = SignalForm(request.POST, resident=resident)
        if form.is_valid():
            data = form.cleaned_data

            def refused(error):
                nonlocal refusal
                if getattr(error, "code", None) == "no_share_consent":
                    refusal = error.message  # shown up front, not twice
                else:
                    add_service_errors(form, error)

            saved = idempotency.save_once(
                request,
                form,
                lambda: services.signal_create(
                    resident=resident,
                    kind=data["kind"],
                    reason=data["reason"],
                    organisation=data["organisation"],
                    conversation=data["conversation"],
                    created_by=request.user,
                ),
                url=url,
                on_error=refused,
            )
            if saved is not None:
                if not saved.is_repeat:
                    messages.success(request, _("%(what)s is recorded.") % {"what": saved.obj})
                return redirect(saved.url)
    else:
        form = SignalForm(resident=resident)
    log_access(request, AccessEvent.What.SIGNAL_FORM, residents=[resident])
    return render(
        request,
        "contacts/signal_form.html",
        {"form": form, "resident": resident, "refusal": refusal},
    )


PAGE_SIZE = 25


@login_required
@require_safe
def signal_list(request):
    filters = SignalFilterForm(request.GET or None)
    chosen = filters.cleaned_data if filters.is_valid() else {}
    paginator = Paginator(
        selectors.signals_for_list(
            user=request.user,
            status=chosen.get("status") or None,
            organisation=chosen.get("organisation"),
            mine=bool(chosen.get("mine")),
        ),
        PAGE_SIZE,
    )
    page = paginator.get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    log_access(
        request, AccessEvent.What.FOLLOW_UPS, residents=[signal.resident_id for signal in page]
    )
    return render(
        request,
        "contacts/signal_list.html",
        {"page": page, "filters": filters, "page_query": f"{query.urlencode()}&" if query else ""},
    )


@login_required
@require_http_methods(["GET", "POST"])
def signal_detail(request, pk):
    signal = selectors.signal_for_detail(user=request.user, pk=pk)
    if signal is None:
        raise Http404
    statuses = services.next_statuses(signal)
    form = None
    if statuses:
        form = SignalStatusForm(request.POST or None, statuses=statuses)
        if request.method == "POST" and form.is_valid():
            try:
                services.signal_set_status(signal=signal, by=request.user, **form.cleaned_data)
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                messages.success(request, _("The answer is recorded."))
                return redirect("contacts:signal_detail", pk=signal.pk)
    elif request.method == "POST":
        messages.info(request, _("This is done: nothing more to record."))
        return redirect("contacts:signal_detail", pk=signal.pk)
    log_access(request, AccessEvent.What.SIGNAL_FORM, residents=[signal.resident_id])
    return render(request, "contacts/signal_detail.html", {"signal": signal, "form": form})


urlpatterns = [
    path("bewoners/<uuid:pk>/signaal/", signal_create, name="signal_create"),
    path("signalen/", signal_list, name="signal_list"),
    path("signalen/<uuid:pk>/", signal_detail, name="signal_detail"),
]
