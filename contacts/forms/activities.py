"""Forms for activities: planning or recording one, who was there (found
by a search sent by POST, or among the residents the activity suggests),
the headcount, and an initiative's stage."""

from django import forms
from django.utils.translation import gettext_lazy as _

from buurtwerk.idempotency import IdempotentFormMixin
from buurtwerk.versioning import VersionedFormMixin
from contacts.forms.followups import DateInput
from contacts.models import Activity, Initiative, InitiativeStage, Report, Resident
from neighbourhoods.models import Neighbourhood

#: The roles a resident can be added to an activity in.
ATTENDEE = "attendee"
ORGANISER = "organiser"
ROLES = ((ATTENDEE, _("was there")), (ORGANISER, _("organiser")))


class NeighbourhoodChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return obj.name


class ActivityForm(IdempotentFormMixin, forms.Form):
    """A meeting of an initiative or a one-off activity, in one of the
    user's neighbourhoods; optionally for an initiative working there and
    for an open report (melding) of that neighbourhood, which then links
    it. Checked again by ``activity_create``, whose refusals land beside
    these fields."""

    kind = forms.ChoiceField(
        label=_("Kind"), choices=Activity.Kind.choices, widget=forms.RadioSelect
    )
    title = forms.CharField(
        label=_("What"), max_length=120, help_text=_("e.g. Clean-up afternoon")
    )
    held_on = forms.DateField(label=_("Date"), widget=DateInput())
    starts_at = forms.TimeField(
        label=_("Time"),
        required=False,
        widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
    )
    place = forms.CharField(
        label=_("Place"),
        max_length=200,
        required=False,
        help_text=_("e.g. Buurthuis, the stairwell"),
    )
    neighbourhood = NeighbourhoodChoiceField(
        label=_("Neighbourhood"), queryset=Neighbourhood.objects.none(), empty_label=None
    )
    initiative = forms.ModelChoiceField(
        label=_("Initiative"),
        queryset=Initiative.objects.none(),
        required=False,
        empty_label=_("(none)"),
        help_text=_("Needed for a meeting."),
    )
    report = forms.ModelChoiceField(
        label=_("Report it came of"),
        queryset=Report.objects.none(),
        required=False,
        empty_label=_("(none)"),
    )
    description = forms.CharField(
        label=_("Notes"),
        max_length=2000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("What was done, what was agreed. No names: who was there is recorded below."),
    )

    def __init__(self, *args, user, initiative=None, report=None, **kwargs):
        super().__init__(*args, **kwargs)
        own = Neighbourhood.objects.visible_to(user).order_by("name")
        self.fields["neighbourhood"].queryset = own
        self.fields["initiative"].queryset = (
            Initiative.objects.visible_to(user).active().order_by("name")
        )
        self.fields["report"].queryset = (
            Report.objects.visible_to(user)
            .exclude(status=Report.Status.CLOSED)
            .select_related("address__street")
            .order_by("-received_on", "pk")
        )
        self.fields["kind"].initial = Activity.Kind.ACTIVITY
        self.fields["title"].widget.attrs["autocomplete"] = "off"
        if initiative is not None:
            self.fields["initiative"].initial = initiative.pk
            self.fields["kind"].initial = Activity.Kind.MEETING
            self.fields["title"].initial = initiative.name
            self.fields["place"].initial = initiative.where[:200]
        if report is not None:
            self.fields["report"].initial = report.pk
            self.fields["neighbourhood"].initial = report.neighbourhood_id

    def service_kwargs(self):
        """Keyword arguments for ``activity_create`` (without the user)."""
        data = self.cleaned_data
        return {
            name: data[name]
            for name in (
                "kind",
                "title",
                "held_on",
                "starts_at",
                "place",
                "neighbourhood",
                "initiative",
                "report",
                "description",
            )
        }


class AttendeeSearchForm(forms.Form):
    """Find a resident who was there. Sent by POST so the name never lands
    in a URL."""

    q = forms.CharField(
        label=_("Name, street or postcode"),
        max_length=100,
        widget=forms.TextInput(attrs={"type": "search", "autocomplete": "off"}),
    )


class AttendeeAddForm(IdempotentFormMixin, forms.Form):
    """One resident, as someone who was there or as an organiser. ``q``
    carries the search along, to show the results again on a refusal."""

    resident = forms.ModelChoiceField(
        queryset=Resident.objects.none(),
        widget=forms.HiddenInput,
        error_messages={"invalid_choice": _("That resident is not in your neighbourhoods.")},
    )
    role = forms.ChoiceField(choices=ROLES)
    q = forms.CharField(max_length=100, required=False, widget=forms.HiddenInput)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["resident"].queryset = Resident.objects.visible_to(user)


class AttendeeRemoveForm(forms.Form):
    role = forms.ChoiceField(choices=ROLES)


class HeadcountForm(VersionedFormMixin, forms.Form):
    headcount = forms.IntegerField(
        label=_("Others there, not named"),
        min_value=0,
        max_value=10000,
        help_text=_("A count only: everyone there who is not named above."),
        widget=forms.NumberInput(attrs={"inputmode": "numeric"}),
    )

    def __init__(self, *args, activity, **kwargs):
        super().__init__(*args, **kwargs)
        self.add_version_field(activity)
        self.fields["headcount"].initial = activity.headcount


class StageForm(forms.Form):
    stage = forms.ChoiceField(label=_("Stage"), choices=InitiativeStage.choices)
