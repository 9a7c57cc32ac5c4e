"""A worker marks a conversation or a match's ending as a story for the
report: a short anonymised text, with the resident's consent to share it.
Objects outside the worker's neighbourhoods are 404; the form names the
residents, so it is in the access log."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import path, reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from accesslog.models import AccessEvent
from accesslog.services import log_access
from contacts.models import Conversation
from matches.models import Match
from neighbourhoods.scoping import get_visible_or_404
from reports.stories import StoryForm, story_create


def _story_page(request, *, about, residents, what, told_on, back, **about_kwargs):
    residents = [r for r in residents if r.may_store]
    if not residents:
        raise Http404
    form = StoryForm(request.POST or None, residents=residents)
    if request.method == "POST" and form.is_valid():
        story_create(
            by=request.user,
            resident=form.residents[form.cleaned_data["resident"]],
            text=form.cleaned_data["text"],
            told_on=told_on,
            **about_kwargs,
        )
        messages.success(request, _("The story is saved for the report."))
        return redirect(back)
    log_access(request, what, residents=residents, obj=about)
    return render(request, "reports/story_form.html", {"form": form, "back": back})


@login_required
@require_http_methods(["GET", "POST"])
def story_for_conversation(request, pk):
    conversation = get_visible_or_404(Conversation, request.user, pk=pk)
    return _story_page(
        request,
        about=conversation,
        residents=list(conversation.residents.order_by("name", "pk")),
        what=AccessEvent.What.CONVERSATION,
        told_on=timezone.localdate(conversation.happened_at),
        back=reverse("contacts:conversation_detail", args=[conversation.pk]),
        conversation=conversation,
    )


@login_required
@require_http_methods(["GET", "POST"])
def story_for_match(request, pk):
    match = get_visible_or_404(
        Match.objects.select_related("resident", "helper"), request.user, pk=pk
    )
    if match.status != Match.Status.ENDED:
        raise Http404
    return _story_page(
        request,
        about=match,
        residents=[r for r in (match.resident, match.helper) if r is not None],
        what=AccessEvent.What.MATCH,
        told_on=match.ended_on,
        back=reverse("matches:match_detail", args=[match.pk]),
        match=match,
    )


urlpatterns = [
    path("verhalen/gesprek/<uuid:pk>/", story_for_conversation, name="story_for_conversation"),
    path("verhalen/koppeling/<uuid:pk>/", story_for_match, name="story_for_match"),
]
