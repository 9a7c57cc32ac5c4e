from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from buurtwerk.forms import count_characters
from buurtwerk.idempotency import IdempotentFormMixin
from contacts.models import Conversation, Organisation, Signal

#: How many of the resident's latest conversations the form offers.
RECENT_CONVERSATIONS = 10


class SignalForm(IdempotentFormMixin, forms.Form):
    """A signal to the district team or a referral to an organisation on
    the sociale kaart, about ``resident``."""

    kind = forms.ChoiceField(
        label=_("What"),
        choices=Signal.Kind.choices,
        initial=Signal.Kind.SIGNAL,
        widget=forms.RadioSelect,
    )
    organisation = forms.ModelChoiceField(
        label=_("Organisation"),
        queryset=Organisation.objects.none(),
        required=False,
        help_text=_("Only for a referral or going along."),
    )
    reason = forms.CharField(
        label=_("Why"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("What you noticed and why it needs sharing."),
    )
    conversation = forms.ModelChoiceField(
        label=_("During conversation"),
        queryset=Conversation.objects.none(),
        required=False,
        empty_label=_("(none)"),
    )

    def __init__(self, *args, resident, **kwargs):
        """``resident`` needs its neighbourhood's district loaded."""
        super().__init__(*args, **kwargs)
        count_characters(self, "reason")
        municipality_id = resident.neighbourhood.district.municipality_id
        self.fields["organisation"].queryset = (
            Organisation.objects.filter(is_active=True)
            .filter(Q(municipalities__isnull=True) | Q(municipalities=municipality_id))
            .distinct()
            .order_by("name")
        )
        recent = resident.conversations.order_by("-happened_at").values("pk")
        self.fields["conversation"].queryset = Conversation.objects.filter(
            pk__in=recent[:RECENT_CONVERSATIONS]
        ).order_by("-happened_at")

    def clean(self):
        cleaned = super().clean()
        kind = cleaned.get("kind")
        if kind in Signal.Kind.to_organisation() and cleaned.get("organisation") is None:
            if "organisation" not in self.errors:
                self.add_error("organisation", _("Choose the organisation you refer them to."))
        elif kind == Signal.Kind.SIGNAL:
            # A signal goes to the district team; an organisation picked
            # before switching to "signal" is dropped.
            cleaned["organisation"] = None
        return cleaned


class SignalStatusForm(forms.Form):
    """The answer to a signal or referral: its new status and what they said."""

    status = forms.ChoiceField(label=_("Status"), choices=(), widget=forms.RadioSelect)
    feedback = forms.CharField(
        label=_("Their answer"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("What the district team or the organisation answered."),
    )

    def __init__(self, *args, statuses, **kwargs):
        super().__init__(*args, **kwargs)
        count_characters(self, "feedback")
        self.fields["status"].choices = [(s.value, s.label) for s in statuses]


class SignalFilterForm(forms.Form):
    """The filters of the list of signals and referrals (GET, no personal data)."""

    status = forms.ChoiceField(
        label=_("Status"),
        required=False,
        choices=[("", _("all")), *Signal.Status.choices],
    )
    organisation = forms.ModelChoiceField(
        label=_("Organisation"),
        required=False,
        queryset=Organisation.objects.order_by("name"),
        empty_label=_("all"),
    )
    mine = forms.BooleanField(label=_("Only mine"), required=False)
