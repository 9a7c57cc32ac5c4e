"""A resident's change history and access log, for team leads and admins.

Anyone else gets 404, as for a resident outside their neighbourhoods: the
pages do not reveal that they exist. A team lead sees only residents of
their teams' neighbourhoods. Each view is itself written to the access log.
"""

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.shortcuts import render
from django.urls import path
from django.views.decorators.http import require_safe

from accesslog.models import AccessEvent
from accesslog.services import log_access
from audit import selectors
from contacts.models import Resident
from neighbourhoods.scoping import get_visible_or_404, require_auditor

PAGE_SIZE = 50


def _resident_for_audit(request, pk):
    """The resident, if the user may audit and see them; else Http404."""
    require_auditor(request.user)
    return get_visible_or_404(Resident.objects.only("pk", "name"), request.user, pk=pk)


@login_required
@require_safe
def resident_history(request, pk):
    resident = _resident_for_audit(request, pk)
    page = Paginator(selectors.resident_history(resident.pk), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    entries = selectors.history_entries(page.object_list)
    log_access(request, AccessEvent.What.HISTORY, residents=[resident])
    return render(
        request,
        "audit/resident_history.html",
        {"resident": resident, "page": page, "entries": entries},
    )


@login_required
@require_safe
def resident_access_log(request, pk):
    resident = _resident_for_audit(request, pk)
    page = Paginator(selectors.access_log(resident.pk), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    rows = list(page.object_list)
    log_access(request, AccessEvent.What.ACCESS_LOG, residents=[resident])
    return render(
        request,
        "audit/resident_access_log.html",
        {"resident": resident, "page": page, "rows": rows},
    )


urlpatterns = [
    path("bewoners/<uuid:pk>/geschiedenis/", resident_history, name="resident_history"),
    path("bewoners/<uuid:pk>/inzage/", resident_access_log, name="resident_access_log"),
]
