"""Coverage: who is reached and who is not yet, per neighbourhood and street."""

from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.urls import path
from django.views.decorators.http import require_safe

from contacts.selectors import coverage as selectors
from neighbourhoods.models import Neighbourhood
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


urlpatterns = [
    path("dekking/", coverage, name="coverage"),
    path("dekking/<int:pk>/", coverage_neighbourhood, name="coverage_neighbourhood"),
]
