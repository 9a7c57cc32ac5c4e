"""Period reports at /rapportage/, for team leads and admins (anyone else:
404): a period and a scope chosen, the figures beside the previous
period's and the planned ones, with each indicator's definition; the same
as CSV, XLSX and a page to print. The page and the exports show
aggregates only; the exports and the print view, meant for funders,
suppress counts below 5. Every export writes a row to the access log."""

import datetime
import types

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import render
from django.urls import path
from django.utils import timezone
from django.views.decorators.http import require_safe

from accesslog.models import AccessEvent
from accesslog.services import record_access
from buurtwerk.client_ip import client_ip
from buurtwerk.replica import reading_replica
from reports import exports, indicators, periods, scopes
from reports.selectors import period_report

#: Months, quarters and years offered in the period menu.
MONTHS_OFFERED = 12
QUARTERS_OFFERED = 8
YEARS_OFFERED = 5
CUSTOM = "eigen"


def _date(text):
    try:
        return datetime.date.fromisoformat(text or "")
    except ValueError:
        return None


def _period(request, today):
    code = request.GET.get("periode", "")
    if code == CUSTOM:
        start, last = _date(request.GET.get("van")), _date(request.GET.get("tot"))
        period = periods.from_range(start, last) if start and last else None
    else:
        period = periods.parse(code)
    return period or periods.last_quarter(today)


def _period_choices(today):
    this_month = periods.month(today.year, today.month)
    months, quarters, years = [], [], []
    month = this_month
    for _i in range(MONTHS_OFFERED):
        months.append(month)
        month = month.previous()
    quarter = periods.quarter(today.year, (today.month - 1) // 3 + 1)
    for _i in range(QUARTERS_OFFERED):
        quarters.append(quarter)
        quarter = quarter.previous()
    years = [periods.year(today.year - i) for i in range(YEARS_OFFERED)]
    return [(p.code, p.label) for p in (*quarters, *months, *years)]


def _report(request):
    scopes.require_reporter(request.user)
    today = timezone.localdate()
    period = _period(request, today)
    scope = scopes.resolve(request.user, request.GET.get("bereik"))
    # The figures only: on a read replica when there is one (buurtwerk.replica).
    with reading_replica(request):
        report = period_report(scope=scope, period=period, today=today)
    return report, today


def _query(report):
    query = f"periode={report.period.code}&bereik={report.scope.code}"
    if report.period.kind == "range":
        query = (
            f"periode={CUSTOM}&van={report.period.start.isoformat()}"
            f"&tot={report.period.last_day.isoformat()}&bereik={report.scope.code}"
        )
    return query


@login_required
@require_safe
def report(request):
    report, today = _report(request)
    return render(
        request,
        "reports/report.html",
        {
            "report": report,
            "groups": report.groups(),
            "breakdowns": report.breakdowns(),
            "period_choices": _period_choices(today),
            "scope_choices": scopes.choices(request.user),
            "custom": report.period.kind == "range",
            "query": _query(report),
            "suppress_below": indicators.SUPPRESS_BELOW,
        },
    )


@login_required
@require_safe
def report_print(request):
    report, _today = _report(request)
    header, rows = exports.table(report)
    _log_export(request, report, "print")
    return render(
        request,
        "reports/report_print.html",
        {"report": report, "header": header, "rows": rows, "query": _query(report)},
    )


def _log_export(request, report, kind):
    """One access-log row per export: who, when, from where, and which
    report (kind, period, scope) as the object; no residents, as it names none."""
    record_access(
        user=request.user,
        what=AccessEvent.What.EXPORT,
        obj=types.SimpleNamespace(
            pk=f"rapportage:{kind}:{report.period.code}:{report.scope.code}"
        ),
        ip=client_ip(request),
    )


def _filename(report, extension):
    return f"rapportage-{report.period.code}-{report.scope.code}.{extension}"


@login_required
@require_safe
def report_csv(request):
    report, _today = _report(request)
    _log_export(request, report, "csv")
    response = HttpResponse(exports.as_csv(report), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{_filename(report, "csv")}"'
    return response


@login_required
@require_safe
def report_xlsx(request):
    report, _today = _report(request)
    _log_export(request, report, "xlsx")
    response = HttpResponse(
        exports.as_xlsx(report),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    response["Content-Disposition"] = f'attachment; filename="{_filename(report, "xlsx")}"'
    return response


urlpatterns = [
    path("rapportage/", report, name="report"),
    path("rapportage/afdrukken/", report_print, name="report_print"),
    path("rapportage/export.csv", report_csv, name="report_csv"),
    path("rapportage/export.xlsx", report_xlsx, name="report_xlsx"),
]
