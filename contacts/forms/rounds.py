"""Forms for door-knocking rounds."""

import datetime

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from buurtwerk.forms import LanguagesField, count_characters
from buurtwerk.idempotency import IdempotentFormMixin
from contacts.models import DoorKnock
from contacts.selectors import rounds as selectors

#: How long a tap made offline may wait on the phone before it is sent (the
#: service worker keeps its queue as long).
OFFLINE_TAP_MAX_AGE = datetime.timedelta(days=14)


class StreetChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, street):
        return f"{street.name} ({street.neighbourhood.name})"


class _RoundPlanForm(forms.Form):
    """What every way of planning a round asks besides its doors: the date
    and one or two workers of the user's teams (``user``), and a note."""

    planned_for = forms.DateField(
        label=_("Date"),
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )
    worker = forms.ModelChoiceField(label=_("Worker"), queryset=None)
    second_worker = forms.ModelChoiceField(
        label=_("Second worker"),
        queryset=None,
        required=False,
        empty_label=_("Nobody (alone)"),
        help_text=_("Someone from a team that works in the street's neighbourhood."),
    )
    note = forms.CharField(
        label=_("Note"),
        max_length=200,
        required=False,
        help_text=_("For example: start at the community centre."),
    )
    coach_name = forms.CharField(
        label=_("Coach"),
        max_length=100,
        required=False,
        help_text=_("Someone from outside the team who comes along, such as a language coach."),
    )
    coach_languages = LanguagesField(
        label=_("The coach's languages"),
        help_text=_("The languages in which the coach can talk to residents."),
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        count_characters(self, "note")
        workers = selectors.workers_for_round_form(user=user)
        self.fields["worker"].queryset = workers
        self.fields["second_worker"].queryset = workers
        if not self.is_bound:
            self.initial.setdefault("planned_for", timezone.localdate())
            self.initial.setdefault("worker", user.pk)

    def clean_planned_for(self):
        planned_for = self.cleaned_data["planned_for"]
        if planned_for < timezone.localdate():
            raise forms.ValidationError(_("Plan a round for today or later."))
        return planned_for

    def clean(self):
        cleaned_data = super().clean()
        worker, second = cleaned_data.get("worker"), cleaned_data.get("second_worker")
        if worker and second and worker == second:
            self.add_error("second_worker", _("Choose someone else as the second worker."))
        if cleaned_data.get("coach_languages") and not cleaned_data.get("coach_name"):
            self.add_error(
                "coach_name", _("Give the coach's name too, or leave out their languages.")
            )
        return cleaned_data


class RoundForm(IdempotentFormMixin, _RoundPlanForm):
    """Plan a round: a street, or part of it (a house-number range and/or
    one side), a date and one or two workers.

    A range of numbers rather than a list of checkboxes: on a phone two
    number fields are quicker than ticking forty addresses, and a round is
    walked along a street anyway. The neighbourhood follows from the street.
    ``cleaned_data["addresses"]`` holds the chosen addresses."""

    #: Service field name → form field name (``add_service_errors``).
    service_fields = {"addresses": "street"}

    SIDES = [
        ("", _("both sides")),
        ("odd", _("odd numbers only")),
        ("even", _("even numbers only")),
    ]

    street = StreetChoiceField(label=_("Street"), queryset=None, empty_label=_("Choose a street"))
    number_from = forms.IntegerField(
        label=_("From house number"),
        min_value=1,
        required=False,
        help_text=_("Leave empty to start at the lowest number."),
    )
    number_to = forms.IntegerField(
        label=_("To house number"),
        min_value=1,
        required=False,
        help_text=_("Leave empty to go to the highest number."),
    )
    side = forms.ChoiceField(label=_("Side of the street"), choices=SIDES, required=False)
    field_order = ["street", "number_from", "number_to", "side"]

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, user=user, **kwargs)
        self.fields["street"].queryset = selectors.streets_for_round_form(user=user)

    def clean(self):
        cleaned_data = super().clean()
        street = cleaned_data.get("street")
        number_from, number_to = cleaned_data.get("number_from"), cleaned_data.get("number_to")
        if number_from and number_to and number_from > number_to:
            self.add_error("number_to", _("This is lower than the first house number."))
            return cleaned_data
        if street is None or "number_from" in self.errors or "number_to" in self.errors:
            return cleaned_data
        addresses = list(
            selectors.addresses_for_round(
                street=street,
                number_from=number_from,
                number_to=number_to,
                side=cleaned_data.get("side", ""),
            ).select_related("street__neighbourhood")
        )
        if not addresses:
            if number_from or number_to or cleaned_data.get("side"):
                self.add_error("number_from", _("This street has no addresses in this range."))
            else:
                self.add_error("street", _("This street has no addresses yet."))
        cleaned_data["addresses"] = addresses
        return cleaned_data


class KnockForm(IdempotentFormMixin, forms.Form):
    """One tap on an outcome button at a door."""

    outcome = forms.ChoiceField(choices=DoorKnock.Outcome.choices)
    # When a tap made offline was made; the phone adds it (buurtwerk/offline.py).
    tapped_at = forms.DateTimeField(required=False, widget=forms.HiddenInput)

    def clean_tapped_at(self):
        tapped_at = self.cleaned_data["tapped_at"]
        if tapped_at is not None and tapped_at < timezone.now() - OFFLINE_TAP_MAX_AGE:
            raise forms.ValidationError(
                _("This tap was kept on the phone for too long to be recorded.")
            )
        return tapped_at


class KnockUndoForm(IdempotentFormMixin, forms.Form):
    """The undo button of a door's knock in this round."""

    knock = forms.IntegerField(widget=forms.HiddenInput, min_value=1)


class MovedForm(IdempotentFormMixin, forms.Form):
    """After "moved or empty": who of the residents known at the door no
    longer lives there."""

    residents = forms.ModelMultipleChoiceField(
        label=_("No longer lives here"), queryset=None, widget=forms.CheckboxSelectMultiple
    )

    def __init__(self, *args, residents, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["residents"].queryset = residents


class RoundFromSelectionForm(IdempotentFormMixin, _RoundPlanForm):
    """Plan a round from addresses chosen on coverage's list of those not
    reached (several streets of one neighbourhood): the ticked addresses,
    a date and one or two workers. ``addresses`` offers only the addresses
    listed (``addresses`` argument)."""

    addresses = forms.ModelMultipleChoiceField(
        label=_("Addresses"), queryset=None, widget=forms.CheckboxSelectMultiple
    )
    field_order = ["addresses"]

    def __init__(self, *args, user, addresses, **kwargs):
        super().__init__(*args, user=user, **kwargs)
        self.fields["addresses"].queryset = addresses
