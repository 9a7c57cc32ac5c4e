"""Door-knocking rounds: the list, planning a round, the round's phone page
and the one-tap outcome buttons on it."""

import uuid

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path, reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe
from django_htmx.http import HttpResponseClientRedirect

from accesslog.models import AccessEvent
from accesslog.services import log_access
from buurtwerk import idempotency
from buurtwerk.reversing import url_maker
from contacts.forms.rounds import KnockForm, RoundForm
from contacts.models import DoorKnock
from contacts.selectors import rounds as selectors
from contacts.services import rounds as services
from neighbourhoods.models import Address

Outcome = DoorKnock.Outcome

#: The outcome buttons on every address card, in this order, with their colour.
OUTCOME_BUTTONS = [
    (Outcome.NOT_HOME, "btn-outline-secondary"),
    (Outcome.SPOKE, "btn-success"),
    (Outcome.DECLINED, "btn-outline-danger"),
    (Outcome.COME_BACK, "btn-warning"),
    (Outcome.MOVED, "btn-outline-dark"),
]


def _outcome_buttons():
    """The five buttons of every card: the same for each card, so made once
    per page (labels translated once)."""
    return [
        {"value": outcome.value, "label": str(outcome.label), "css": css}
        for outcome, css in OUTCOME_BUTTONS
    ]


def _prepare_cards(round, addresses):
    """Set what each card links to and posts: ``knock_url`` and a fresh
    ``token`` per address (one form per card, so one token: a double tap
    records one knock; after any tap the card or page comes back with a new
    token), and ``url`` on each known resident. URLs are reversed once per
    page, not once per door."""
    knock_url = url_maker("contacts:knock_record", round.pk)
    resident_url = url_maker("contacts:resident_detail")
    for address in addresses:
        address.knock_url = knock_url(address.pk)
        address.token = uuid.uuid4()
        for resident in address.known_residents:
            resident.url = resident_url(resident.pk)


def _card_url(round, address):
    """The round page scrolled to ``address``'s card."""
    return f"{reverse('contacts:round_detail', args=[round.pk])}#adres-{address.pk}"


def _go(request, url):
    """Redirect; for htmx a full-page redirect (HX-Redirect), since htmx would
    otherwise follow a 302 and swap a whole page into one card."""
    if request.htmx:
        return HttpResponseClientRedirect(url)
    return redirect(url)


def _log_known_residents(request, round, addresses):
    """The access-log row of a round page or card: the residents "known
    here" on its cards (prefetched with the addresses)."""
    log_access(
        request,
        AccessEvent.What.ROUND,
        residents=[resident for address in addresses for resident in address.known_residents],
        obj=round,
    )


def _render_card(request, round, address_pk, *, recorded=None):
    """One address card, for htmx to swap in place. The queries of
    ``selectors.round_addresses`` for one address, and the access-log row
    when someone is known there."""
    addresses = selectors.round_addresses(round=round, user=request.user).filter(pk=address_pk)
    (address,) = selectors.describe_addresses(addresses, round=round, today=timezone.localdate())
    _prepare_cards(round, [address])
    _log_known_residents(request, round, [address])
    return render(
        request,
        "contacts/round_detail.html#address_card",
        {
            "round": round,
            "address": address,
            "recorded": recorded,
            "outcome_buttons": _outcome_buttons(),
        },
    )


@login_required
@require_safe
def round_list(request):
    """Today's and upcoming rounds (the user's own marked), then those of the
    last few weeks."""
    today = timezone.localdate()
    rounds = list(selectors.rounds_for_list(user=request.user, today=today))
    for round in rounds:
        round.is_mine = request.user.pk in (round.worker_id, round.second_worker_id)
    return render(
        request,
        "contacts/round_list.html",
        {
            "today": today,
            "upcoming": [round for round in rounds if round.planned_for >= today],
            "recent": [round for round in reversed(rounds) if round.planned_for < today],
            "recent_weeks": selectors.RECENT_WEEKS,
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def round_create(request):
    form = RoundForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data

        def save():
            return services.round_create(
                addresses=data["addresses"],
                planned_for=data["planned_for"],
                worker=data["worker"],
                second_worker=data["second_worker"],
                note=data["note"],
                created_by=request.user,
            )

        saved = idempotency.save_once(
            request,
            form,
            save,
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
    return render(request, "contacts/round_form.html", {"form": form})


@login_required
@require_safe
def round_detail(request, pk):
    """The phone page: the addresses in walking order with their latest
    attempts (and how many earlier ones) and the outcome buttons."""
    round = selectors.round_for_detail(user=request.user, pk=pk)
    addresses = selectors.describe_addresses(
        selectors.round_addresses(round=round, user=request.user),
        round=round,
        today=timezone.localdate(),
    )
    _prepare_cards(round, addresses)
    _log_known_residents(request, round, addresses)
    return render(
        request,
        "contacts/round_detail.html",
        {
            "round": round,
            "sides": selectors.group_by_side(addresses),
            "address_count": len(addresses),
            "knocked_count": sum(1 for address in addresses if address.knocked_in_round),
            "is_mine": request.user.pk in (round.worker_id, round.second_worker_id),
            "outcome_buttons": _outcome_buttons(),
        },
    )


@login_required
@require_POST
def knock_record(request, pk, address_pk):
    """One tap on an outcome button. "Spoke" goes on to the conversation;
    anything else comes back to the card (swapped in place with htmx)."""
    round = selectors.round_for_detail(user=request.user, pk=pk)
    address = get_object_or_404(
        Address.objects.visible_to(request.user).filter(rounds=round).select_related("street"),
        pk=address_pk,
    )
    card_url = _card_url(round, address)
    form = KnockForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("That did not work. Please tap the button again."))
        return _go(request, card_url)

    def knock_url(knock):
        if knock.outcome == Outcome.SPOKE:
            return reverse("contacts:conversation_from_knock", kwargs={"knock_pk": knock.pk})
        return card_url

    saved = idempotency.save_once(
        request,
        form,
        lambda: services.door_knock_record(
            round=round,
            address=address,
            outcome=form.cleaned_data["outcome"],
            worker=request.user,
        ),
        url=knock_url,
        fallback=card_url,
        # One tap, no form to show again: the refusal is a message on the page.
        on_error=lambda error: messages.error(request, " ".join(error.messages)),
    )
    if saved is None:
        return _go(request, card_url)
    if saved.is_repeat:
        if request.htmx and saved.url == card_url:
            return _render_card(request, round, address.pk)
        return _go(request, saved.url)
    knock, url = saved.obj, saved.url

    number = f"{address.house_number}{'-' + address.addition if address.addition else ''}"
    confirmation = _("%(street)s %(number)s: %(outcome)s.") % {
        "street": address.street.name,
        "number": number,
        "outcome": knock.get_outcome_display(),
    }
    if knock.outcome == Outcome.COME_BACK:
        confirmation += " " + _("A follow-up to ring again is on your list.")
    if request.htmx and knock.outcome != Outcome.SPOKE:
        return _render_card(request, round, address.pk, recorded=confirmation)
    messages.success(request, confirmation)
    return _go(request, url)


urlpatterns = [
    path("rondes/", round_list, name="round_list"),
    path("rondes/nieuw/", round_create, name="round_create"),
    path("rondes/<int:pk>/", round_detail, name="round_detail"),
    path("rondes/<int:pk>/adressen/<int:address_pk>/", knock_record, name="knock_record"),
]
