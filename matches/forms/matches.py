"""Forms for proposing a match and for each step of its life. They validate
and normalise; ``matches.services.lifecycle`` decides and saves."""

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from buurtwerk.idempotency import IdempotentFormMixin
from contacts.forms.followups import DateInput
from contacts.selectors.followups import assignable_workers
from matches.models import MatchCheckIn
from matches.services.lifecycle import END_OUTCOMES


def _text(label, *, required=True, help_text="", rows=3):
    return forms.CharField(
        label=label,
        required=required,
        max_length=2000,
        help_text=help_text,
        widget=forms.Textarea(attrs={"rows": rows}),
    )


class ProposalForm(IdempotentFormMixin, forms.Form):
    why = _text(
        _("Why this match"),
        help_text=_("What each of them brings and gets; the team lead reads this."),
    )
    first_meeting_plan = _text(
        _("Plan for the first meeting"),
        help_text=_("Where, when, and who of the team is there."),
    )


class ResubmitForm(forms.Form):
    why = _text(_("Why this match"))
    first_meeting_plan = _text(_("Plan for the first meeting"))

    def service_kwargs(self):
        return dict(self.cleaned_data)


class ReviewForm(forms.Form):
    """One note for the three decisions: approving needs none, sending back
    and rejecting do (the service says so beside the field)."""

    note = _text(
        _("Note for the worker"),
        required=False,
        help_text=_("Required to send back or reject."),
        rows=2,
    )

    def service_kwargs(self):
        return {"note": self.cleaned_data["note"]}


class IntroduceForm(forms.Form):
    introduced_on = forms.DateField(label=_("First meeting on"), widget=DateInput())
    worker_present = forms.ModelChoiceField(
        label=_("Worker present"),
        queryset=None,
        required=False,
        empty_label=_("No worker was there"),
    )

    def __init__(self, *args, user, match, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["introduced_on"].initial = timezone.localdate
        self.fields["worker_present"].queryset = assignable_workers(
            user=user, neighbourhood=match.neighbourhood
        )
        self.fields["worker_present"].initial = user.pk

    def service_kwargs(self):
        return dict(self.cleaned_data)


class StartForm(forms.Form):
    started_on = forms.DateField(label=_("Running since"), widget=DateInput())

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["started_on"].initial = timezone.localdate

    def service_kwargs(self):
        return dict(self.cleaned_data)


class EndForm(forms.Form):
    outcome = forms.ChoiceField(
        label=_("How did it end?"),
        choices=[(o.value, o.label) for o in END_OUTCOMES],
        widget=forms.RadioSelect,
    )
    reason = _text(_("Why it ended"))
    seeker_view = _text(_("How the resident with the need saw it"), required=False, rows=2)
    helper_view = _text(_("How the helper saw it"), required=False, rows=2)
    ended_on = forms.DateField(label=_("Ended on"), widget=DateInput())

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["ended_on"].initial = timezone.localdate

    def service_kwargs(self):
        return dict(self.cleaned_data)


class CancelForm(forms.Form):
    reason = _text(
        _("Why it does not go ahead"),
        help_text=_("The need and the talent are offered again."),
        rows=2,
    )

    def service_kwargs(self):
        return dict(self.cleaned_data)


class CheckInForm(forms.Form):
    """The answer to a check-in, a short note and, when heard, each side's view."""

    answer = forms.ChoiceField(
        label=_("How is it going?"), choices=MatchCheckIn.Answer.choices, widget=forms.RadioSelect
    )
    note = _text(_("Note"), required=False, rows=2)
    seeker_view = _text(_("How the resident with the need sees it"), required=False, rows=2)
    helper_view = _text(_("How the helper sees it"), required=False, rows=2)

    def __init__(self, *args, kind=MatchCheckIn.Kind.RUNNING, **kwargs):
        super().__init__(*args, **kwargs)
        if kind == MatchCheckIn.Kind.STILL_IN_CONTACT:
            self.fields["answer"].label = _("Are they still in contact?")
            self.fields["answer"].choices = [
                (MatchCheckIn.Answer.GOING_WELL, _("yes, going well")),
                (MatchCheckIn.Answer.NEEDS_ATTENTION, _("yes, but it needs attention")),
                (MatchCheckIn.Answer.STOPPED, _("no, they stopped")),
            ]

    def service_kwargs(self):
        return dict(self.cleaned_data)
