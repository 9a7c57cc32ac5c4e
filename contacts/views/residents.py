"""The resident page, adding and editing a resident, and their consents."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.urls import path, reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from accesslog.models import AccessEvent
from accesslog.services import log_access
from buurtwerk import idempotency
from buurtwerk.forms import add_service_errors
from buurtwerk.versioning import EditConflict
from contacts.forms.residents import CONSENT_QUESTIONS, YES, ConsentForm, ResidentForm
from contacts.models import Consent, Resident
from contacts.selectors.initiatives import memberships_for_resident
from contacts.selectors.residents import resident_page
from contacts.services import residents as services
from neighbourhoods.models import Address
from neighbourhoods.scoping import get_visible_or_404


def _detail_url(resident):
    return reverse("contacts:resident_detail", args=[resident.pk])


def _initial_address(request):
    """Postcode and number of ``?address=<id>`` (e.g. from a door knock), if
    the user may see that address."""
    address_id = request.GET.get("address", "")
    if not address_id.isdigit():
        return {}
    address = Address.objects.visible_to(request.user).filter(pk=address_id).first()
    if address is None:
        return {}
    return {
        "postcode": address.postcode,
        "house_number": address.house_number,
        "addition": address.addition,
    }


@login_required
@require_http_methods(["GET", "POST"])
def resident_create(request):
    if request.method == "POST":
        form = ResidentForm(request.POST, user=request.user)
        if form.is_valid():
            saved = idempotency.save_once(
                request,
                form,
                lambda: services.resident_create(**form.service_kwargs(), created_by=request.user),
                url=_detail_url,
                fallback=reverse("contacts:resident_search"),
            )
            if saved is not None:
                if not saved.is_repeat:
                    messages.success(request, _("The resident is saved."))
                return redirect(saved.url)
    else:
        form = ResidentForm(user=request.user, initial=_initial_address(request))
    return render(request, "contacts/resident_form.html", {"form": form})


@login_required
@require_http_methods(["GET", "POST"])
def resident_edit(request, pk):
    resident = get_visible_or_404(
        Resident.objects.select_related("address__street"), request.user, pk=pk
    )
    if request.method == "POST":
        form = ResidentForm(request.POST, user=request.user, resident=resident)
        if form.is_valid():
            try:
                resident = services.resident_update(
                    resident=resident,
                    expected_version=form.cleaned_data["version"],
                    updated_by=request.user,
                    **form.service_kwargs(),
                )
            except EditConflict as conflict:
                form.show_conflict(conflict.current)
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                messages.success(request, _("The resident is saved."))
                return redirect(_detail_url(resident))
    else:
        form = ResidentForm(user=request.user, resident=resident)
    # The edit form shows everything stored about them: a read like the page.
    log_access(request, AccessEvent.What.RESIDENT, residents=[resident])
    return render(request, "contacts/resident_form.html", {"form": form, "resident": resident})


@login_required
@require_safe
def resident_detail(request, pk):
    # ?ouder=<cursor>: the timeline from there back (see TimelineCursor).
    page = resident_page(user=request.user, pk=pk, older_than=request.GET.get("ouder"))
    log_access(request, AccessEvent.What.RESIDENT, residents=[page.resident, *page.household])
    consent_forms = [
        (
            status,
            CONSENT_QUESTIONS[status.purpose],
            ConsentForm(initial={"purpose": status.purpose.value}, auto_id=False),
        )
        for status in page.consents
    ]
    return render(
        request,
        "contacts/resident_detail.html",
        {
            "page": page,
            "resident": page.resident,
            "consent_forms": consent_forms,
            "initiative_memberships": memberships_for_resident(page.resident, user=request.user),
            # Talents and needs are added and changed only while they may be recorded.
            "can_add_heard": page.resident.may_be_recorded,
            "record_refusal": page.resident.why_not(Consent.STORE),
        },
    )


@login_required
@require_POST
def consent_update(request, pk):
    resident = get_visible_or_404(Resident, request.user, pk=pk)
    url = _detail_url(resident) + "#consent"
    form = ConsentForm(request.POST)
    if not form.is_valid():
        messages.error(request, _errors_as_text(form))
        return redirect(url)
    purpose = Consent(form.cleaned_data["purpose"])
    given = form.cleaned_data["answer"] == YES
    saved = idempotency.save_once(
        request,
        form,
        lambda: services.consent_set(
            resident=resident,
            purpose=purpose,
            given=given,
            method=form.cleaned_data["method"],
            recorded_by=request.user,
        ),
        url=url,
        # The form is buttons on the resident page: the refusal is a message there.
        on_error=lambda error: messages.error(request, " ".join(error.messages)),
    )
    if saved is not None and not saved.is_repeat:
        messages.success(request, _consent_message(purpose, given))
    return redirect(url)


def _consent_message(purpose, given):
    if given:
        return _("Consent for %(purpose)s is recorded.") % {"purpose": purpose.label}
    return _("Refusal of %(purpose)s is recorded.") % {"purpose": purpose.label}


def _errors_as_text(form):
    return " ".join(str(error) for errors in form.errors.values() for error in errors)


urlpatterns = [
    path("bewoners/nieuw/", resident_create, name="resident_create"),
    path("bewoners/<uuid:pk>/", resident_detail, name="resident_detail"),
    path("bewoners/<uuid:pk>/wijzigen/", resident_edit, name="resident_edit"),
    path("bewoners/<uuid:pk>/toestemming/", consent_update, name="consent_update"),
]
