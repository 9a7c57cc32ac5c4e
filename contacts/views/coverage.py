"""Coverage: who is reached and who is not yet, per neighbourhood and street,
and planning a round from the addresses not reached."""

from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.urls import path, reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_safe

from buurtwerk import idempotency
from contacts.forms.rounds import RoundFromSelectionForm
from contacts.selectors import coverage as selectors
from contacts.services import rounds as round_services
from neighbourhoods.models import Address, Neighbourhood
from neighbourhoods.scoping import get_visible_or_404


@login_required
@require_safe
def coverage(request):
    return render(
        request,
        "contacts/coverage.html",
        {"neighbourhoods": selectors.coverage_per_neighbourhood(user=request.user)},
    )


@login_required
@require_safe
def coverage_neighbourhood(request, pk):
    neighbourhood = get_visible_or_404(
        Neighbourhood.objects.select_related("district"), request.user, pk=pk
    )
    streets, language_counts = selectors.coverage_per_street(neighbourhood=neighbourhood)
    return render(
        request,
        "contacts/coverage_neighbourhood.html",
        {"neighbourhood": neighbourhood, "streets": streets, "language_counts": language_counts},
    )


def _chosen_street_ids(request):
    """The ids of the streets chosen on the unreached page (``straat``, in
    the query string: ids only, no personal data)."""
    return {int(value) for value in request.GET.getlist("straat") if value.isdigit()}


@login_required
@require_http_methods(["GET", "POST"])
def coverage_unreached(request, pk):
    """The addresses of a neighbourhood not reached yet, for the streets
    chosen (several at once), in walking order, with a suggested day and
    part of day for those never answered; and planning a round from the
    ones ticked. Shows addresses, never residents: nothing to log."""
    neighbourhood = get_visible_or_404(
        Neighbourhood.objects.select_related("district"), request.user, pk=pk
    )
    streets, _languages = selectors.coverage_per_street(
        neighbourhood=neighbourhood, with_languages=False
    )
    streets = [
        street
        for street in streets
        if street.coverage.never_knocked or street.coverage.unanswered_only
    ]
    streets.sort(key=lambda street: street.name)
    chosen_ids = _chosen_street_ids(request)
    chosen = [street for street in streets if street.pk in chosen_ids]
    addresses, total = (
        selectors.unreached_addresses(neighbourhood=neighbourhood, streets=chosen)
        if chosen
        else ([], 0)
    )
    today = timezone.localdate()
    suggestion = selectors.suggest_for_unanswered(addresses, today)
    per_street = []
    for street in chosen:
        mine = [address for address in addresses if address.street_id == street.pk]
        if mine:
            per_street.append((street, mine, selectors.suggest_for_unanswered(mine, today)))
    initial = {"addresses": [address.pk for address in addresses]}
    if suggestion is not None:
        initial["planned_for"] = suggestion.date
        initial["note"] = _("Never answered: try in the %(part)s.") % {"part": suggestion.label}
    form = RoundFromSelectionForm(
        request.POST or None,
        user=request.user,
        addresses=Address.objects.filter(
            pk__in=[address.pk for address in addresses]
        ).select_related("street__neighbourhood"),
        initial=initial,
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        saved = idempotency.save_once(
            request,
            form,
            lambda: round_services.round_create(
                addresses=data["addresses"],
                planned_for=data["planned_for"],
                worker=data["worker"],
                second_worker=data["second_worker"],
                note=data["note"],
                coach_name=data["coach_name"],
                coach_languages=data["coach_languages"],
                created_by=request.user,
            ),
            url=lambda round: reverse("contacts:round_detail", args=[round.pk]),
            fallback=reverse("contacts:round_list"),
        )
        if saved is not None:
            if not saved.is_repeat:
                messages.success(
                    request,
                    _("Round planned for %(date)s.")
                    % {"date": date_format(saved.obj.planned_for, "l j F")},
                )
            return redirect(saved.url)
    ticked = (
        {str(value) for value in form["addresses"].value() or []}
        if form.is_bound
        else {str(address.pk) for address in addresses}
    )
    return render(
        request,
        "contacts/coverage_unreached.html",
        {
            "neighbourhood": neighbourhood,
            "streets": streets,
            "chosen_ids": chosen_ids,
            "per_street": per_street,
            "shown": len(addresses),
            "total": total,
            "suggestion": suggestion,
            "form": form,
            "ticked": ticked,
            "query": urlencode([("straat", street.pk) for street in chosen]),
        },
    )


urlpatterns = [
    path("dekking/", coverage, name="coverage"),
    path("dekking/<int:pk>/", coverage_neighbourhood, name="coverage_neighbourhood"),
    path("dekking/<int:pk>/niet-bereikt/", coverage_unreached, name="coverage_unreached"),
]
