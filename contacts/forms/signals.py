from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

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
        help_text=_("Only for a referral."),
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
        if kind == Signal.Kind.REFERRAL and cleaned.get("organisation") is None:
            if "organisation" not in self.errors:
                self.add_error("organisation", _("Choose the organisation you refer them to."))
        elif kind == Signal.Kind.SIGNAL:
            # A signal goes to the district team; an organisation picked
            # before switching to "signal" is dropped.
            cleaned["organisation"] = None
        return cleaned
