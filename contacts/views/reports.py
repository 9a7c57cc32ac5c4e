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

from accesslog.models import AccessEvent
from accesslog.services import log_access
from buurtwerk import idempotency
from contacts.forms.reports import ReportForm
from contacts.selectors import followups as selectors
from contacts.services import reports as services

PAGE_SIZE = 25


@login_required
@require_safe
def report_list(request):
    paginator = Paginator(selectors.reports_for_list(user=request.user), PAGE_SIZE)
    page = paginator.get_page(request.GET.get("page"))
    # A report names its resident, or tells about them (the description).
    log_access(
        request, AccessEvent.What.REPORTS, residents=[report.resident_id for report in page]
    )
    return render(request, "contacts/report_list.html", {"page": page})


@login_required
@require_http_methods(["GET", "POST"])
def report_create(request):
    form = ReportForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data

        def save():
            return services.report_create(
                source=data["source"],
                organisation=data["organisation"],
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
    residents = list(selectors.residents_at_address(user=request.user, address=report.address))
    log_access(
        request,
        AccessEvent.What.REPORT,
        residents=[
            report.resident_id,
            *residents,
            *(follow_up.resident_id for follow_up in report.follow_up_rows),
        ],
        obj=report,
    )
    return render(
        request,
        "contacts/report_detail.html",
        {"report": report, "residents": residents, "today": timezone.localdate()},
    )


urlpatterns = [
    path("meldingen/", report_list, name="report_list"),
    path("meldingen/nieuw/", report_create, name="report_create"),
    path("meldingen/<uuid:pk>/", report_detail, name="report_detail"),
]
