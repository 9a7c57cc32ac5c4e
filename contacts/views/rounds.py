"""Door-knocking rounds: the list, planning a round, the round's phone page
and the one-tap outcome buttons on it, their undo and, after "moved or
empty", marking the residents known there as moved.

Every change is a plain POST form with its one-time token that answers with
a redirect (no JavaScript needed): to the round page at ``#volgende``, the
next door to ring, with the confirmation just above it."""

import uuid

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, JsonResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.urls import path, reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_http_methods, require_POST, require_safe
from django_htmx.http import HttpResponseClientRedirect

from accesslog.models import AccessEvent
from accesslog.services import log_access
from buurtwerk import idempotency
from buurtwerk.reversing import url_maker
from contacts.forms.rounds import KnockForm, KnockUndoForm, MovedForm, RoundForm
from contacts.models import DoorKnock, DoorKnockCorrection, Resident
from contacts.selectors import rounds as selectors
from contacts.services import rounds as services

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
    """The five buttons of every card, as HTML: the same for each card, so
    rendered once per page, not once per door (a round of 70 doors would
    otherwise render 350 buttons)."""
    buttons = [
        {"value": outcome.value, "label": str(outcome.label), "css": css}
        for outcome, css in OUTCOME_BUTTONS
    ]
    return render_to_string(
        "contacts/round_detail.html#outcome_buttons", {"outcome_buttons": buttons}
    )


def _prepare_cards(round, addresses):
    """Set what each card links to and posts: ``knock_url`` and a fresh
    ``token`` per address (one form per card, so one token: a double tap
    records one knock; after any tap the card or page comes back with a new
    token), and ``url`` on each known resident. URLs are reversed once per
    page, not once per door."""
    knock_url = url_maker("contacts:knock_record", round.pk)
    undo_url = url_maker("contacts:knock_undo", round.pk)
    moved_url = url_maker("contacts:knock_moved", round.pk)
    resident_url = url_maker("contacts:resident_detail")
    door_url = url_maker("contacts:conversation_at_door", round.pk)
    for address in addresses:
        address.knock_url = knock_url(address.pk)
        address.door_conversation_url = door_url(address.pk)
        address.undo_url = undo_url(address.pk)
        address.moved_url = moved_url(address.pk)
        address.token = uuid.uuid4()
        address.undo_token = uuid.uuid4()
        address.moved_token = uuid.uuid4()
        for resident in address.known_residents:
            resident.url = resident_url(resident.pk)


#: The session key of the door tapped last, for the round page's
#: confirmation: ``{"round": pk, "address": pk}`` (ids only).
LAST_KNOCK_KEY = "round_last_knock"


def _next_door_url(round):
    """The round page at the next door, where the confirmation shows."""
    return f"{reverse('contacts:round_detail', args=[round.pk])}#volgende"


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
                coach_name=data["coach_name"],
                coach_languages=data["coach_languages"],
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
    """The phone page: the doors in walking order, those done in this round
    folded to one line, the next door to ring in full with the confirmation
    of the last tap just above it (the page is opened at ``#volgende``
    after a tap), its latest attempts and the outcome buttons."""
    round = selectors.round_for_detail(user=request.user, pk=pk)
    addresses = selectors.describe_addresses(
        selectors.round_addresses(round=round, user=request.user),
        round=round,
        today=timezone.localdate(),
    )
    _prepare_cards(round, addresses)
    _log_known_residents(request, round, addresses)
    last = request.session.get(LAST_KNOCK_KEY)
    just_recorded = None
    if last and last.get("round") == round.pk:
        just_recorded = next(
            (
                address
                for address in addresses
                if address.pk == last.get("address") and address.knocked_in_round
            ),
            None,
        )
    return render(
        request,
        "contacts/round_detail.html",
        {
            "round": round,
            "sides": selectors.group_by_side(addresses),
            "next_door": selectors.next_door(addresses),
            "just_recorded": just_recorded,
            "address_count": len(addresses),
            "knocked_count": sum(1 for address in addresses if address.knocked_in_round),
            "is_mine": request.user.pk in (round.worker_id, round.second_worker_id),
            "outcome_buttons": _outcome_buttons(),
            "undo_minutes": settings.KNOCK_UNDO_MINUTES,
            "Outcome": Outcome,
        },
    )


def _round_address_or_404(request, pk, address_pk):
    return selectors.round_and_address_or_404(user=request.user, pk=pk, address_pk=address_pk)


@login_required
@require_POST
def knock_record(request, pk, address_pk):
    """One tap on an outcome button. "Spoke" goes on to the conversation;
    anything else back to the round page at the next door, with the
    confirmation (and the undo) just above it. A tap within the undo time
    of the door's last one changes that outcome instead of adding one."""
    round, address = _round_address_or_404(request, pk, address_pk)
    next_url = _next_door_url(round)
    form = KnockForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("That did not work. Please tap the button again."))
        return _go(request, next_url)

    def knock_url(knock):
        if knock.outcome == Outcome.SPOKE:
            return reverse("contacts:conversation_from_knock", kwargs={"knock_pk": knock.pk})
        return next_url

    saved = idempotency.save_once(
        request,
        form,
        lambda: services.door_knock_record(
            round=round,
            address=address,
            outcome=form.cleaned_data["outcome"],
            worker=request.user,
            tapped_at=form.cleaned_data["tapped_at"],
        ),
        url=knock_url,
        fallback=next_url,
        # One tap, no form to show again: the refusal is a message on the page.
        on_error=lambda error: messages.error(request, " ".join(error.messages)),
    )
    if saved is None:
        return _go(request, next_url)
    if saved.is_repeat:
        return _go(request, saved.url)
    knock, url = saved.obj, saved.url
    request.session[LAST_KNOCK_KEY] = {"round": round.pk, "address": address.pk}
    confirmation = _("%(street)s %(number)s: %(outcome)s.") % {
        "street": address.street.name,
        "number": address.number,
        "outcome": knock.get_outcome_display(),
    }
    if knock.outcome == Outcome.COME_BACK:
        confirmation += " " + _("A follow-up to ring again is on your list.")
    if knock.outcome == Outcome.DECLINED:
        confirmation += " " + _(
            "This door is left out of planned rounds for %(months)s months."
        ) % {"months": settings.DECLINED_REST_MONTHS}
    messages.success(request, confirmation)
    return _go(request, url)


@login_required
@require_POST
def knock_undo(request, pk, address_pk):
    """Undo the door's knock in this round (a mis-tap), within the undo
    time: the attempt is deleted and the undo logged. Back at the next door
    (most often the one undone), with the confirmation."""
    round, address = _round_address_or_404(request, pk, address_pk)
    next_url = _next_door_url(round)
    form = KnockUndoForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("That did not work. Please tap the button again."))
        return redirect(next_url)
    knock_pk = form.cleaned_data["knock"]
    knock = DoorKnock.objects.filter(round=round, address=address, pk=knock_pk).first()
    if knock is None:
        # Undone already (a second tap comes back to the page); else not here.
        undone = DoorKnockCorrection.objects.filter(
            round=round, address=address, door_knock_id=knock_pk
        )
        if not undone.exists():
            raise Http404
        knock = DoorKnock(pk=knock_pk)
    saved = idempotency.save_once(
        request,
        form,
        lambda: services.door_knock_undo(knock=knock, undone_by=request.user),
        url=next_url,
        on_error=lambda error: messages.error(request, " ".join(error.messages)),
    )
    if saved is not None and not saved.is_repeat:
        request.session.pop(LAST_KNOCK_KEY, None)
        messages.success(
            request,
            _("%(street)s %(number)s: undone, the attempt is removed.")
            % {"street": address.street.name, "number": address.number},
        )
    return redirect(next_url)


@login_required
@require_POST
def knock_moved(request, pk, address_pk):
    """After "moved or empty": mark the residents known at the door, those
    ticked, as moved."""
    round, address = _round_address_or_404(request, pk, address_pk)
    next_url = _next_door_url(round)
    known = Resident.objects.visible_to(request.user).active().filter(address=address)
    form = MovedForm(request.POST, residents=known)
    if not form.is_valid():
        messages.error(request, _("Tick who no longer lives here."))
        return redirect(next_url)
    saved = idempotency.save_once(
        request,
        form,
        lambda: services.residents_mark_moved(
            address=address, residents=form.cleaned_data["residents"], marked_by=request.user
        ),
        url=next_url,
    )
    if saved is not None and not saved.is_repeat:
        request.session.pop(LAST_KNOCK_KEY, None)
        messages.success(
            request,
            ngettext(
                "%(count)s resident marked as moved.",
                "%(count)s residents marked as moved.",
                saved.obj,
            )
            % {"count": saved.obj},
        )
    return redirect(next_url)


#: At most this many doors of a round have their conversation form kept on
#: the phone for offline use.
OFFLINE_DOORS = 120


@login_required
@require_safe
def offline_today(request):
    """What the phone keeps for offline use, asked by the service worker when
    My day or a round is opened: the home page, the user's rounds of today
    and, for each door of those, the conversation form. Only today's and
    only the user's own: the phone deletes them at logout and when the day
    is over (``date``). JSON, the same as the pages would show."""
    today = timezone.localdate()
    rounds = selectors.rounds_for_offline(user=request.user, today=today)
    round_url = url_maker("contacts:round_detail")
    urls = [reverse("home"), *(round_url(round_pk) for round_pk in rounds)]
    for round_pk, address_pks in rounds.items():
        door_url = url_maker("contacts:conversation_at_door", round_pk)
        urls.extend(door_url(pk) for pk in address_pks[:OFFLINE_DOORS])
    return JsonResponse({"date": today.isoformat(), "urls": urls})


urlpatterns = [
    path("rondes/", round_list, name="round_list"),
    path("rondes/nieuw/", round_create, name="round_create"),
    path("rondes/<int:pk>/", round_detail, name="round_detail"),
    path("rondes/<int:pk>/adressen/<int:address_pk>/", knock_record, name="knock_record"),
    path("rondes/<int:pk>/adressen/<int:address_pk>/ongedaan/", knock_undo, name="knock_undo"),
    path("rondes/<int:pk>/adressen/<int:address_pk>/verhuisd/", knock_moved, name="knock_moved"),
    path("rondes/vandaag/offline/", offline_today, name="offline_today"),
]
