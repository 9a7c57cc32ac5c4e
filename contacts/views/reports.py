"""Incoming reports (meldingen): each one starts a follow-up; the
conversations and initiatives that came of it are linked on its page, and
closing it records what was done, for the reporter."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import path, reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from accesslog.models import AccessEvent
from accesslog.services import log_access
from buurtwerk import idempotency
from buurtwerk.forms import add_service_errors
from contacts.forms.reports import ReportCloseForm, ReportForm, ReportLinkForm
from contacts.models import Report
from contacts.selectors import followups as selectors
from contacts.services import reports as services
from neighbourhoods.scoping import get_visible_or_404

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
                extent=data["extent"],
                house_number_to=data["house_number_to"],
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
    return _report_page(request, pk)


def _report_page(request, pk, *, link_form=None, close_form=None):
    """The report page; after a refused link or close, with that form."""
    report = selectors.report_for_detail(user=request.user, pk=pk).first()
    if report is None:
        raise Http404
    residents, residents_total = selectors.residents_of_report(user=request.user, report=report)
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
        {
            "report": report,
            "residents": residents,
            "residents_total": residents_total,
            "residents_more": residents_total - len(residents),
            "today": timezone.localdate(),
            "link_form": link_form
            or (ReportLinkForm(report=report) if report.status != Report.Status.CLOSED else None),
            "close_form": close_form
            or (ReportCloseForm() if report.status != Report.Status.CLOSED else None),
        },
    )


@login_required
@require_POST
def report_link(request, pk):
    report = get_visible_or_404(Report, request.user, pk=pk)
    form = ReportLinkForm(request.POST, report=report)
    if form.is_valid():
        try:
            services.report_link(report=report, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Linked to the report."))
            return redirect("contacts:report_detail", pk=report.pk)
    return _report_page(request, pk, link_form=form)


@login_required
@require_POST
def report_close(request, pk):
    report = get_visible_or_404(Report, request.user, pk=pk)
    form = ReportCloseForm(request.POST)
    if form.is_valid():
        try:
            services.report_close(report=report, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The report is closed."))
            return redirect("contacts:report_detail", pk=report.pk)
    return _report_page(request, pk, close_form=form)


urlpatterns = [
    path("meldingen/", report_list, name="report_list"),
    path("meldingen/nieuw/", report_create, name="report_create"),
    path("meldingen/<uuid:pk>/", report_detail, name="report_detail"),
    path("meldingen/<uuid:pk>/koppelen/", report_link, name="report_link"),
    path("meldingen/<uuid:pk>/afsluiten/", report_close, name="report_close"),
]
