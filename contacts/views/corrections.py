"""Correcting a saved conversation (notes, themes, who took part; the
talents and needs heard are corrected on their own forms, linked from
here) and a follow-up (due date, assignee). Only its author or a team
lead: anyone else who sees it gets 403 (the page exists, and hides
nothing they cannot already see); outside the user's neighbourhoods, 404."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect, render
from django.urls import path, reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from accesslog.models import AccessEvent
from accesslog.services import log_access
from buurtwerk.forms import add_service_errors
from contacts.forms.corrections import ConversationCorrectForm, FollowUpCorrectForm
from contacts.models import FollowUp
from contacts.selectors import conversations as selectors
from contacts.services import corrections as services
from contacts.views.followups import safe_next
from neighbourhoods.scoping import get_visible_or_404


def _refuse_unless_may_correct(user, record):
    if not services.may_correct(user, record):
        raise PermissionDenied(_("Only who wrote it or a team lead may correct this."))


@login_required
@require_http_methods(["GET", "POST"])
def conversation_correct(request, pk):
    conversation = selectors.conversation_for_detail(user=request.user, pk=pk)
    _refuse_unless_may_correct(request.user, conversation)
    form = ConversationCorrectForm(
        request.POST or None, user=request.user, conversation=conversation
    )
    detail_url = reverse("contacts:conversation_detail", args=[conversation.pk])
    if request.method == "POST" and form.is_valid():
        try:
            services.conversation_correct(
                conversation=conversation, by=request.user, **form.service_kwargs()
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Conversation corrected."))
            return redirect(detail_url)
    offered = list(form.fields["residents"].queryset)
    log_access(
        request,
        AccessEvent.What.CONVERSATION_FORM,
        residents=[*conversation.residents.all(), *offered],
        obj=conversation,
    )
    return render(
        request,
        "contacts/conversation_correct.html",
        {"form": form, "conversation": conversation, "cancel_url": detail_url},
    )


@login_required
@require_http_methods(["GET", "POST"])
def followup_correct(request, pk):
    follow_up = get_visible_or_404(
        FollowUp.objects.select_related("neighbourhood", "resident", "assigned_to"),
        request.user,
        pk=pk,
    )
    _refuse_unless_may_correct(request.user, follow_up)
    form = FollowUpCorrectForm(request.POST or None, user=request.user, follow_up=follow_up)
    fallback = reverse("contacts:followup_list")
    if request.method == "POST" and form.is_valid():
        try:
            services.followup_correct(
                follow_up=follow_up, by=request.user, **form.service_kwargs()
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Follow-up moved."))
            return redirect(safe_next(request, fallback))
    log_access(request, AccessEvent.What.FOLLOW_UP_FORM, residents=[follow_up.resident_id])
    return render(
        request,
        "contacts/followup_correct.html",
        {
            "form": form,
            "follow_up": follow_up,
            "next": request.GET.get("next") or request.POST.get("next") or "",
            "cancel_url": fallback,
        },
    )


urlpatterns = [
    path("gesprekken/<uuid:pk>/corrigeren/", conversation_correct, name="conversation_correct"),
    path("opvolging/<uuid:pk>/verzetten/", followup_correct, name="followup_correct"),
]
