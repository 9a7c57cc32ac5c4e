"""Talents and needs on their own pages: adding one for a resident, editing
one (words, category, parts of the week, status), and the category
proposal htmx asks for while the words are typed (a POST, so the words
never appear in a URL).

Talents and needs are also entered inline in the conversation form
(``contacts.views.conversations``); the resident page lists them, strengths
first."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpResponseBadRequest
from django.shortcuts import redirect, render
from django.urls import NoReverseMatch, path, reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from accesslog.models import AccessEvent
from accesslog.services import log_access
from buurtwerk import idempotency
from buurtwerk.forms import add_service_errors
from contacts.categorise import propose_category
from contacts.forms.heard import NEED, PREFIX, TALENT, HeardCreateForm, HeardEditForm, HeardForm
from contacts.models import Need, Talent
from contacts.selectors import heard as selectors
from contacts.services import heard as services

#: The longest text a proposal is made for; the field takes 300 characters.
PROPOSE_MAX_CHARS = 1000

_ANCHOR = {TALENT: "strengths", NEED: "needs"}


def _resident_url(resident_id, kind):
    return reverse("contacts:resident_detail", args=[resident_id]) + f"#{_ANCHOR[kind]}"


def _owner_url(item, kind):
    """The page of the resident or initiative ``item`` belongs to."""
    if item.resident_id is not None:
        return _resident_url(item.resident_id, kind)
    try:
        return reverse("contacts:initiative_detail", args=[item.initiative_id])
    except NoReverseMatch:  # the initiatives pages are not there yet
        return reverse("home")


def _saved(request, item):
    messages.success(request, _("Saved, under %(category)s.") % {"category": item.category.label})


def heard_create(request, *, kind, url, title, cancel_url, resident=None, initiative=None):
    """The page that adds a talent or a need (``kind``) to ``resident`` or
    to ``initiative``, saved once per form token, then on to ``url``. The
    initiative pages use it too (``contacts.views.initiatives``)."""
    form = HeardCreateForm(
        request.POST if request.method == "POST" else None,
        categories=selectors.active_categories(),
        kind=kind,
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data

        def save():
            create = services.talent_create if kind == TALENT else services.need_create
            return create(
                resident=resident,
                initiative=initiative,
                text=data["text"],
                category=data["category"],
                availability=data["availability"],
                created_by=request.user,
            )

        saved = idempotency.save_once(request, form, save, url=url)
        if saved is not None:
            if not saved.is_repeat:
                _saved(request, saved.obj)
            return redirect(saved.url)
    if resident is not None:
        log_access(request, AccessEvent.What.HEARD_FORM, residents=[resident])
    return render(
        request,
        "contacts/heard_form.html",
        {
            "form": form,
            "title": title,
            "owner": (resident or initiative).name,
            "refusal": services.refusal(resident=resident, initiative=initiative),
            "is_create": True,
            "cancel_url": cancel_url,
        },
    )


def _create(request, pk, *, kind):
    resident = selectors.resident_for_heard(user=request.user, pk=pk)
    url = _resident_url(resident.pk, kind)
    return heard_create(
        request,
        kind=kind,
        url=url,
        title=_("Add a talent") if kind == TALENT else _("Add a need"),
        cancel_url=url,
        resident=resident,
    )


def _edit(request, pk, *, model, kind):
    item = selectors.heard_for_edit(user=request.user, model=model, pk=pk)
    form_kwargs = {
        "categories": selectors.active_categories(),
        "kind": kind,
        "current_category": item.category,
    }
    url = _owner_url(item, kind)
    if request.method == "POST":
        form = HeardEditForm(request.POST, **form_kwargs)
        if form.is_valid():
            data = form.cleaned_data
            try:
                item = services.heard_update(
                    item=item,
                    text=data["text"],
                    category=data["category"],
                    availability=data["availability"],
                    status=data["status"],
                    by=request.user,
                )
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                _saved(request, item)
                return redirect(url)
    else:
        form = HeardEditForm(
            initial={
                "text": item.text,
                "category": item.category,
                "availability": item.availability,
                "status": item.status,
            },
            **form_kwargs,
        )
    owner = item.resident or item.initiative
    # An initiative's talent or need shows no resident: no row.
    log_access(request, AccessEvent.What.HEARD_FORM, residents=[item.resident_id], obj=item)
    return render(
        request,
        "contacts/heard_form.html",
        {
            "form": form,
            "title": _("Edit talent") if kind == TALENT else _("Edit need"),
            "owner": owner.name,
            "refusal": services.refusal(resident=item.resident) if item.resident else None,
            "is_create": False,
            "cancel_url": url,
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def talent_create(request, pk):
    return _create(request, pk, kind=TALENT)


@login_required
@require_http_methods(["GET", "POST"])
def need_create(request, pk):
    return _create(request, pk, kind=NEED)


@login_required
@require_http_methods(["GET", "POST"])
def talent_edit(request, pk):
    return _edit(request, pk, model=Talent, kind=TALENT)


@login_required
@require_http_methods(["GET", "POST"])
def need_edit(request, pk):
    return _edit(request, pk, model=Need, kind=NEED)


@login_required
@require_POST
def category_propose(request):
    """The category select of one talent or need (``prefix`` names which,
    in the conversation form) with a category proposed from its words,
    unless the worker chose one by hand (it differs from the hidden
    ``category_proposed``). Two queries beyond the session: the categories,
    the proposal."""
    prefix = request.POST.get("prefix", "")
    if not PREFIX.match(prefix):
        return HttpResponseBadRequest()
    form = HeardForm(request.POST, prefix=prefix or None, categories=selectors.active_categories())
    current = request.POST.get(form.add_prefix("category"), "")
    proposed = request.POST.get(form.add_prefix("category_proposed"), "")
    if current in ("", proposed):
        text = request.POST.get(form.add_prefix("text"), "")[:PROPOSE_MAX_CHARS]
        category = propose_category(text)
        selected = proposed = str(category.pk) if category is not None else ""
    else:
        selected = current
    return render(
        request,
        "contacts/category_select.html",
        {"select": form.category_select(selected=selected, proposed=proposed)},
    )


urlpatterns = [
    path("bewoners/<uuid:pk>/talent/", talent_create, name="talent_create"),
    path("bewoners/<uuid:pk>/behoefte/", need_create, name="need_create"),
    path("talenten/<int:pk>/", talent_edit, name="talent_edit"),
    path("behoeften/<int:pk>/", need_edit, name="need_edit"),
    path("categorie-voorstel/", category_propose, name="category_propose"),
]
