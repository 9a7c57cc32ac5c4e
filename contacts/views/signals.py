"""Signals to the district team and referrals to organisations. Both need
the resident's consent to share; without it the page says so up front."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.urls import path, reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from buurtwerk import idempotency
from contacts.forms.signals import SignalForm
from contacts.models import Resident
from contacts.services.signals import signal_create as create_signal
from contacts.services.signals import signal_refusal
from neighbourhoods.scoping import get_visible_or_404


@login_required
@require_http_methods(["GET", "POST"])
def signal_create(request, pk):
    resident = get_visible_or_404(
        Resident.objects.select_related("neighbourhood__district"), request.user, pk=pk
    )
    url = reverse("contacts:resident_detail", args=[resident.pk])
    refusal = signal_refusal(resident)
    if request.method == "POST":
        form = SignalForm(request.POST, resident=resident)
        if form.is_valid():
            data = form.cleaned_data
            try:
                with idempotency.once(request, data["submission_token"]) as submission:
                    if submission.is_repeat:
                        return redirect(submission.earlier_url or url)
                    signal = create_signal(
                        resident=resident,
                        kind=data["kind"],
                        reason=data["reason"],
                        organisation=data["organisation"],
                        conversation=data["conversation"],
                        created_by=request.user,
                    )
                    submission.done(url)
            except ValidationError as error:
                if getattr(error, "code", None) == "no_share_consent":
                    refusal = error.message  # shown up front, not twice
                else:
                    form.add_service_errors(error)
            else:
                messages.success(request, _("%(what)s is recorded.") % {"what": signal})
                return redirect(url)
    else:
        form = SignalForm(resident=resident)
    return render(
        request,
        "contacts/signal_form.html",
        {"form": form, "resident": resident, "refusal": refusal},
    )


urlpatterns = [
    path("bewoners/<uuid:pk>/signaal/", signal_create, name="signal_create"),
]
