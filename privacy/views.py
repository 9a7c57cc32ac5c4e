"""A resident's rights, carried out by a team lead or an admin: the export
of everything about them (a page to print, and JSON) and erasure by
anonymisation.

Anyone else gets 404, as for a resident outside their neighbourhoods: the
pages do not reveal that they exist. A team lead reaches only residents of
their teams' neighbourhoods. Exports, erasures and the erasure page are
written to the access log."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.serializers.json import DjangoJSONEncoder
from django.db.models import Q
from django.http import JsonResponse
from django.shortcuts import redirect, render
from django.urls import path
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_safe

from contacts.models import Resident
from matches.models import Match
from neighbourhoods.scoping import get_visible_or_404, require_auditor
from privacy import audit
from privacy.export import resident_export
from privacy.forms import AnonymiseForm
from privacy.services import resident_anonymise


@login_required
@require_safe
def export_page(request, pk):
    require_auditor(request.user)
    export = resident_export(user=request.user, pk=pk)
    audit.log_export(request, pk)
    return render(request, "privacy/resident_export.html", {"export": export, "pk": pk})


@login_required
@require_safe
def export_json(request, pk):
    require_auditor(request.user)
    export = resident_export(user=request.user, pk=pk)
    audit.log_export(request, pk)
    response = JsonResponse(
        export, encoder=DjangoJSONEncoder, json_dumps_params={"ensure_ascii": False, "indent": 2}
    )
    # The file name holds the id only, never the name.
    response["Content-Disposition"] = f'attachment; filename="bewoner-{pk}.json"'
    return response


@login_required
@require_http_methods(["GET", "POST"])
def anonymise(request, pk):
    require_auditor(request.user)
    resident = get_visible_or_404(
        Resident.objects.select_related("neighbourhood"), request.user, pk=pk
    )
    detail_url = redirect("contacts:resident_detail", pk=resident.pk)
    already = resident.status == Resident.Status.ANONYMISED
    if request.method == "POST":
        form = AnonymiseForm(request.POST)
        if already:
            messages.info(request, _("This resident was already anonymised."))
            return detail_url
        if form.is_valid():
            resident_anonymise(resident=resident, by=request.user, request=request)
            messages.success(request, _("The resident is anonymised."))
            return detail_url
    else:
        form = AnonymiseForm()
    in_progress = (
        0
        if already
        else Match.objects.in_progress().filter(Q(resident=resident) | Q(helper=resident)).count()
    )
    audit.log_erasure_page(request, resident.pk)
    return render(
        request,
        "privacy/resident_anonymise.html",
        {"resident": resident, "form": form, "already": already, "in_progress": in_progress},
    )


urlpatterns = [
    path("bewoners/<uuid:pk>/export/", export_page, name="resident_export"),
    path("bewoners/<uuid:pk>/export.json", export_json, name="resident_export_json"),
    path("bewoners/<uuid:pk>/anonimiseren/", anonymise, name="resident_anonymise"),
]
