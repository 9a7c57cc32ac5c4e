"""Finding residents. The search term is personal data (a name, an
address), so it travels only in POST bodies: never in a URL, where it would
end up in logs and browser history. Paging is by POST too."""

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.shortcuts import render
from django.urls import path
from django.views.decorators.http import require_http_methods

from accesslog.models import AccessEvent
from accesslog.services import log_access
from contacts.forms.residents import ResidentSearchForm
from contacts.selectors.search import resident_search as search_residents

PAGE_SIZE = 25


@login_required
@require_http_methods(["GET", "POST"])
def resident_search(request):
    page = None
    if request.method == "POST":
        form = ResidentSearchForm(request.POST)
        if form.is_valid():
            residents = search_residents(user=request.user, term=form.cleaned_data["q"])
            page = Paginator(residents, PAGE_SIZE).get_page(form.cleaned_data["page"] or 1)
            log_access(request, AccessEvent.What.SEARCH, residents=list(page))
    else:
        form = ResidentSearchForm()
    template = "contacts/resident_search.html"
    if request.htmx and request.method == "POST":
        template += "#results"
    return render(request, template, {"form": form, "page": page})


urlpatterns = [
    path("bewoners/zoeken/", resident_search, name="resident_search"),
]
