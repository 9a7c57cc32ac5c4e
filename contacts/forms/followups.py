import datetime

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from buurtwerk.forms import count_characters
from buurtwerk.idempotency import IdempotentFormMixin
from contacts.models import FollowUp
from contacts.selectors.followups import assignable_workers
from neighbourhoods.models import Neighbourhood

#: A new follow-up is due this many days from today unless the worker picks a date.
DEFAULT_DUE_DAYS = 7


class DateInput(forms.DateInput):
    """The browser's date picker; it sends and needs ISO dates."""

    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs, format="%Y-%m-%d")


class FollowUpForm(IdempotentFormMixin, forms.ModelForm):
    """A follow-up for a resident (``resident`` given: its neighbourhood is
    the resident's) or on its own (then the worker picks a neighbourhood).
    Assigned to a member of a team working there; by default the user."""

    class Meta:
        model = FollowUp
        fields = ["description", "due_on", "assigned_to", "neighbourhood"]
        labels = {"description": _("What needs doing")}
        widgets = {"due_on": DateInput()}

    def __init__(self, *args, user, resident=None, **kwargs):
        super().__init__(*args, **kwargs)
        count_characters(self, "description")
        self.fields["due_on"].initial = lambda: (
            timezone.localdate() + datetime.timedelta(days=DEFAULT_DUE_DAYS)
        )
        if resident is not None:
            del self.fields["neighbourhood"]
            workers = assignable_workers(user=user, neighbourhood=resident.neighbourhood)
        else:
            self.fields["neighbourhood"].queryset = Neighbourhood.objects.visible_to(user)
            workers = assignable_workers(user=user)
        self.fields["assigned_to"].queryset = workers
        self.fields["assigned_to"].initial = user.pk
        self.fields["assigned_to"].empty_label = None
        self.fields["assigned_to"].help_text = _("A member of a team working there.")
        self.fields["description"].widget.attrs["autofocus"] = True
