"""Conversations (koffiegesprekken): one form opened three ways - from a door
knock where someone answered, for a resident, or from scratch - and the
conversation page.

After saving, a conversation that started at a door goes back to the round,
to the address just visited, so the worker walks on; any other goes to the
page of its first resident. Finding someone else by name is a POST (names
never in a URL): with JavaScript, htmx fetches the checkboxes from
``conversation_resident_options`` as you type; without it the "Find" button
posts the whole form back to itself, which shows the residents found and
keeps everything typed.

Talents and needs heard are rows in the same form (talents first), saved in
the same transaction as the conversation, for its first resident: the
resident the form was opened for, or who opened the door, or else the first
ticked (by name), or the new resident when nobody known took part. One
owner keeps the rows short on a phone; talents and needs of others who took
part are added on their own pages. As the words are typed, htmx asks
``matches:category_propose`` for a category; without JavaScript the
category left on "propose" is proposed when saving, and "another row" posts
the form back to itself with one more row, keeping everything typed.
"""

import dataclasses

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.forms import BaseFormSet
from django.shortcuts import redirect, render
from django.urls import path, reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from accesslog.models import AccessEvent
from accesslog.services import log_access
from buurtwerk import idempotency
from buurtwerk.forms import add_service_errors
from contacts.forms.conversations import (
    ConversationForm,
    NewResidentForm,
    ResidentOption,
    valid_uuids,
    without_errors,
)
from contacts.forms.heard import heard_rows
from contacts.models import Conversation, DoorKnock, Resident
from contacts.selectors import conversations as selectors
from contacts.selectors import heard as selectors_heard
from contacts.selectors import rounds as round_selectors
from contacts.services import conversations as services
from contacts.services import rounds as round_services


@dataclasses.dataclass(frozen=True)
class _Start:
    """Where the conversation form was opened: from a door knock, for a
    resident, or neither (the user picks the neighbourhood if they have
    several)."""

    door_knock: DoorKnock | None = None
    resident: Resident | None = None

    @property
    def neighbourhood(self):
        if self.door_knock is not None:
            return self.door_knock.address.street.neighbourhood
        if self.resident is not None:
            return self.resident.neighbourhood
        return None

    @property
    def address(self):
        return self.door_knock.address if self.door_knock is not None else None

    @property
    def first_resident(self):
        """Who goes first among those ticked: the resident the form is
        for, or who opened the door."""
        if self.resident is not None:
            return self.resident
        return self.door_knock.resident if self.door_knock is not None else None

    def round_url(self):
        """The round page at its next door (where the confirmation shows), or
        None without a round."""
        knock = self.door_knock
        if knock is None or knock.round_id is None:
            return None
        url = reverse("contacts:round_detail", args=[knock.round_id])
        return f"{url}#volgende"


def _extra_forms(request, start):
    """Forms saved together with the conversation: the rows of talents
    heard and of needs heard (talents asked first), rendered in the
    template's ``talents_and_needs`` slot. They are validated with the form
    and kept, unvalidated, after "Find" and "another row". One query (the
    categories to choose from)."""
    categories = selectors_heard.active_categories()
    if request.method != "POST":
        return list(heard_rows(categories=categories))
    more = request.POST.get("more_rows", "")
    return list(heard_rows(request.POST, categories=categories, more=more))


def _without_errors(*forms_and_formsets):
    """``without_errors`` for forms and formsets (each row, and the
    formset's own errors)."""
    for item in forms_and_formsets:
        if isinstance(item, BaseFormSet):
            without_errors(*item.forms)
            item._errors = [row.errors for row in item.forms]
            item._non_form_errors = item.error_class()
        else:
            without_errors(item)


def _int_or_none(value):
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


def _ordered(residents, first):
    """``residents`` (by name) with ``first`` in front when ticked."""
    residents = list(residents)
    if first is not None:
        residents.sort(key=lambda resident: resident.pk != first.pk)
    return residents


def _confirm(request, logged):
    refused = logged.new_resident.name if logged.refused else None
    if logged.conversation is None:
        messages.warning(
            request,
            _(
                "%(name)s did not agree to storing their data: the refusal is recorded "
                "and no conversation was stored."
            )
            % {"name": refused}
            + (
                " " + _("Their talents and needs were not stored either.")
                if logged.heard_dropped
                else ""
            ),
        )
    elif refused:
        messages.success(
            request,
            _(
                "Conversation saved. %(name)s did not agree to storing their data: only "
                "the refusal is recorded, and they are not in the conversation."
            )
            % {"name": refused},
        )
    else:
        messages.success(request, _("Conversation saved."))


def _heard_items(rows):
    """The talents or needs typed in ``rows`` (a valid formset): the forms
    and the service's keyword arguments, in the same order."""
    filled = rows.filled()
    items = [
        {
            "text": data["text"],
            "category": data["category"],
            "availability": data["availability"],
        }
        for _form, data in filled
    ]
    return [form for form, _data in filled], items


def _save(request, start, form, new_form, talent_rows, need_rows):
    """Save through the idempotency token; the response, or None when the
    services refused (their errors are then beside the fields)."""
    data = form.cleaned_data
    residents = _ordered(data["residents"], start.first_resident)
    talent_forms, talents = _heard_items(talent_rows)
    need_forms, needs = _heard_items(need_rows)

    def save():
        door_knock = start.door_knock
        if door_knock is not None and door_knock.pk is None:
            # Opened at a door of a round, not from a knock (the form the
            # phone keeps offline): the "spoke" knock tapped there just
            # before, or one recorded now.
            door_knock = round_services.door_knock_for_conversation(
                round=door_knock.round,
                address=door_knock.address,
                worker=request.user,
                at=min(data["happened_at"], timezone.now()),
            )
        return services.conversation_log(
            created_by=request.user,
            neighbourhood=form.neighbourhood_value,
            residents=residents,
            new_resident=new_form.resident_kwargs(),
            door_knock=door_knock,
            happened_at=data["happened_at"],
            place=data["place"],
            workers=data["workers"],
            themes=data["themes"],
            notes=data["notes"],
            follow_up=form.follow_up(),
            talents=talents,
            needs=needs,
        )

    def url(logged):
        first = residents[0] if residents else logged.new_resident
        return start.round_url() or reverse("contacts:resident_detail", args=[first.pk])

    try:
        saved = idempotency.save_once(
            request, form, save, url=url, fallback=start.round_url() or reverse("home")
        )
    # The refusals of the other forms' rows: they too roll the claim back.
    except services.NewResidentInvalid as error:
        add_service_errors(new_form, error.error)
        return None
    except services.HeardInvalid as error:
        forms_ = talent_forms if error.kind == "talent" else need_forms
        add_service_errors(forms_[error.index], error.error)
        return None
    if saved is None:
        return None
    if not saved.is_repeat:
        _confirm(request, saved.obj)
    return redirect(saved.url)


def _conversation_form(request, start):
    user = request.user
    form_kwargs = {
        "user": user,
        "neighbourhood": start.neighbourhood,
        "address": start.address,
        "resident": start.resident,
    }
    extra_forms = _extra_forms(request, start)
    talent_rows, need_rows = extra_forms
    search = None
    if request.method == "POST":
        if "more_rows" in request.POST and "find_resident" not in request.POST:
            # "Another row" without JavaScript: one more row, save nothing.
            form = ConversationForm(request.POST, **form_kwargs)
            new_form = NewResidentForm(request.POST)
            _without_errors(form, new_form, *extra_forms)
        elif "find_resident" in request.POST:
            # "Find" without JavaScript: show who was found, save nothing.
            query = request.POST.get("find", "")
            found = list(
                selectors.resident_options(
                    user=user,
                    query=query,
                    neighbourhood_id=start.neighbourhood.pk
                    if start.neighbourhood is not None
                    else _int_or_none(request.POST.get("neighbourhood")),
                )
            )
            search = {"query": query, "count": len(found)}
            form = ConversationForm(request.POST, found=found, **form_kwargs)
            new_form = NewResidentForm(request.POST)
            _without_errors(form, new_form, *extra_forms)
        else:
            form = ConversationForm(request.POST, **form_kwargs)
            new_form = NewResidentForm(request.POST)
            valid = [form.is_valid(), new_form.is_valid()]
            valid += [extra.is_valid() for extra in extra_forms]
            if all(valid):
                response = _save(request, start, form, new_form, talent_rows, need_rows)
                if response is not None:
                    return response
    else:
        place = Conversation.Place.DOORSTEP if start.door_knock else Conversation.Place.HOME
        form = ConversationForm(initial={"place": place}, **form_kwargs)
        new_form = NewResidentForm()
    log_access(
        request,
        AccessEvent.What.CONVERSATION_FORM,
        residents=[
            start.resident,
            *(option.resident for option in [*form.known_options, *form.extra_options]),
        ],
    )
    return render(
        request,
        "contacts/conversation_form.html",
        {
            "form": form,
            "new_form": new_form,
            "extra_forms": extra_forms,
            "talent_rows": talent_rows,
            "need_rows": need_rows,
            # After "another row": those rows stay open.
            "open_rows": request.POST.get("more_rows", "") if request.method == "POST" else "",
            "start": start,
            "neighbourhood": form.fixed_neighbourhood,
            "search": search,
            # Someone answered at an address where nobody is known yet: probably new.
            "open_new_resident": start.door_knock is not None and not form.known_options,
            "cancel_url": start.round_url()
            or (
                reverse("contacts:resident_detail", args=[start.resident.pk])
                if start.resident is not None
                else reverse("home")
            ),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def conversation_create(request):
    return _conversation_form(request, _Start())


@login_required
@require_http_methods(["GET", "POST"])
def conversation_for_resident(request, pk):
    resident = selectors.resident_for_conversation(user=request.user, pk=pk)
    return _conversation_form(request, _Start(resident=resident))


@login_required
@require_http_methods(["GET", "POST"])
def conversation_from_knock(request, knock_pk):
    knock = selectors.knock_for_conversation(user=request.user, pk=knock_pk)
    existing = getattr(knock, "conversation", None)
    if existing is not None and request.method == "GET":
        messages.info(request, _("A conversation was already logged for this door knock."))
        return redirect("contacts:conversation_detail", pk=existing.pk)
    return _conversation_form(request, _Start(door_knock=knock))


@login_required
@require_http_methods(["GET", "POST"])
def conversation_at_door(request, pk, address_pk):
    """The conversation form for a door of a round before its "spoke" knock
    is known: the form the phone keeps for offline use (a "spoke" tapped
    offline has no knock to open the form from yet). Saving records the
    knock and the conversation together; afterwards back to the round."""
    round, address = round_selectors.round_and_address_or_404(
        user=request.user, pk=pk, address_pk=address_pk
    )
    knock = DoorKnock(round=round, address=address, outcome=DoorKnock.Outcome.SPOKE)
    return _conversation_form(request, _Start(door_knock=knock))


@login_required
@require_POST
def conversation_resident_options(request):
    """Checkboxes for residents found by name (htmx, from the conversation
    form): those already ticked among earlier results stay, ticked, above
    the new results. Residents listed by the form itself (``listed``) are
    left out. Two queries beyond the session: ticked, found; and the
    access-log row when anyone is listed."""
    listed = set(valid_uuids(request.POST.getlist("listed")))
    ticked = [pk for pk in valid_uuids(request.POST.getlist("residents")) if pk not in listed]
    query = request.POST.get("find", "")
    kept = list(selectors.residents_offered(user=request.user, pks=ticked))
    found = list(
        selectors.resident_options(
            user=request.user,
            query=query,
            neighbourhood_id=_int_or_none(request.POST.get("neighbourhood")),
            exclude=[*listed, *ticked],
        )
    )
    options = [ResidentOption(resident=resident, checked=True) for resident in kept]
    options += [ResidentOption(resident=resident, checked=False) for resident in found]
    log_access(request, AccessEvent.What.FOUND_BY_NAME, residents=[*kept, *found])
    return render(
        request,
        "contacts/conversation_form.html#resident_options",
        {"extra_options": options, "search": {"query": query, "count": len(found)}},
    )


@login_required
@require_safe
def conversation_detail(request, pk):
    conversation = selectors.conversation_for_detail(user=request.user, pk=pk)
    log_access(
        request,
        AccessEvent.What.CONVERSATION,
        residents=conversation.residents.all(),
        obj=conversation,
    )
    return render(request, "contacts/conversation_detail.html", {"conversation": conversation})


urlpatterns = [
    path("gesprekken/nieuw/", conversation_create, name="conversation_create"),
    path(
        "gesprekken/bewoners/",
        conversation_resident_options,
        name="conversation_resident_options",
    ),
    path("gesprekken/<uuid:pk>/", conversation_detail, name="conversation_detail"),
    path(
        "bewoners/<uuid:pk>/gesprek/", conversation_for_resident, name="conversation_for_resident"
    ),
    path(
        "rondes/<int:pk>/adressen/<int:address_pk>/gesprek/",
        conversation_at_door,
        name="conversation_at_door",
    ),
    path(
        "aanbellen/<int:knock_pk>/gesprek/",
        conversation_from_knock,
        name="conversation_from_knock",
    ),
]
