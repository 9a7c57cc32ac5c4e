"""Incoming reports (meldingen): each one starts a follow-up."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import path, reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_safe

from buurtwerk import idempotency
from contacts.forms.reports import ReportForm
from contacts.selectors import followups as selectors
from contacts.services import reports as services

PAGE_SIZE = 25


@login_required
@require_safe
def report_list(request):
    paginator = Paginator(selectors.reports_for_list(user=request.user), PAGE_SIZE)
    return render(
        request,
        "contacts/report_list.html",
        {"page": paginator.get_page(request.GET.get("page"))},
    )


@login_required
@require_http_methods(["GET", "POST"])
def report_create(request):
    form = ReportForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data

        def save():
            return services.report_create(
                source=data["source"],
                reporter=data["reporter"],
                received_on=data["received_on"],
                address=data["address"],
                description=data["description"],
                assigned_to=data["assigned_to"],
                created_by=request.user,
            )

        saved = idempotency.save_once(
            request,
            form,
            save,
            url=lambda report: reverse("contacts:report_detail", args=[report.pk]),
            fallback=reverse("contacts:report_list"),
        )
        if saved is not None:
            if not saved.is_repeat:
                messages.success(request, _("Report saved, with a follow-up to respond to it."))
            return redirect(saved.url)
    return render(request, "contacts/report_form.html", {"form": form})


@login_required
@require_safe
def report_detail(request, pk):
    report = selectors.report_for_detail(user=request.user, pk=pk).first()
    if report is None:
        raise Http404
    return render(
        request,
        "contacts/report_detail.html",
        {
            "report": report,
            "residents": selectors.residents_at_address(user=request.user, address=report.address),
            "today": timezone.localdate(),
        },
    )


urlpatterns = [
    path("meldingen/", report_list, name="report_list"),
    path("meldingen/nieuw/", report_create, name="report_create"),
    path("meldingen/<uuid:pk>/", report_detail, name="report_detail"),
]
