"""Forms to correct a saved conversation or follow-up. They validate and
normalise; ``contacts.services.corrections`` decides and saves."""

from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from buurtwerk.forms import count_characters
from contacts.forms.conversations import TOGGLE
from contacts.forms.followups import DateInput
from contacts.models import Resident, Theme
from contacts.selectors.followups import assignable_workers


class ConversationCorrectForm(forms.Form):
    """Notes, themes and who took part. Offered as participants: those
    who took part and the active residents at their addresses (the
    household, for someone ticked by mistake); any resident the user sees
    may be posted, and the service decides."""

    residents = forms.ModelMultipleChoiceField(
        label=_("Who took part"),
        queryset=Resident.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        error_messages={
            "invalid_choice": _("One of the ticked residents is not in your neighbourhoods."),
            "invalid_pk_value": _("One of the ticked residents is not in your neighbourhoods."),
        },
    )
    themes = forms.ModelMultipleChoiceField(
        label=_("Themes"),
        queryset=Theme.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple(TOGGLE),
    )
    notes = forms.CharField(
        label=_("Notes"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("Short, in your own words. No health, religion or origin."),
    )

    def __init__(self, *args, user, conversation, **kwargs):
        """Two queries when rendered: the residents offered, the themes."""
        participants = list(conversation.residents.all())
        kwargs.setdefault(
            "initial",
            {
                "residents": [r.pk for r in participants],
                "themes": [t.pk for t in conversation.themes.all()],
                "notes": conversation.notes,
            },
        )
        super().__init__(*args, **kwargs)
        count_characters(self, "notes")
        addresses = [r.address_id for r in participants if r.address_id]
        offered = Q(pk__in=[r.pk for r in participants]) | Q(
            address__in=addresses, status=Resident.Status.ACTIVE
        )
        self.fields["residents"].queryset = (
            Resident.objects.visible_to(user)
            .filter(offered)
            .select_related("address__street")
            .order_by("name", "pk")
        )
        self.fields["themes"].queryset = Theme.objects.filter(
            Q(is_active=True) | Q(pk__in=[t.pk for t in conversation.themes.all()])
        ).order_by("position", "name")

    def service_kwargs(self):
        return dict(self.cleaned_data)


class FollowUpCorrectForm(forms.Form):
    due_on = forms.DateField(label=_("Due"), widget=DateInput())
    assigned_to = forms.ModelChoiceField(
        label=_("Assigned to"),
        queryset=None,
        empty_label=None,
        help_text=_("A member of a team working there."),
    )

    def __init__(self, *args, user, follow_up, **kwargs):
        kwargs.setdefault(
            "initial", {"due_on": follow_up.due_on, "assigned_to": follow_up.assigned_to_id}
        )
        super().__init__(*args, **kwargs)
        self.fields["assigned_to"].queryset = assignable_workers(
            user=user, neighbourhood=follow_up.neighbourhood
        )

    def service_kwargs(self):
        return dict(self.cleaned_data)
