"""Signals to the district team and referrals to organisations. Both need
the resident's consent to share; without it the page says so up front."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.urls import path, reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from accesslog.models import AccessEvent
from accesslog.services import log_access
from buurtwerk import idempotency
from buurtwerk.forms import add_service_errors
from contacts.forms.signals import SignalForm
from contacts.models import Resident
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


urlpatterns = [
    path("bewoners/<uuid:pk>/signaal/", signal_create, name="signal_create"),
]
