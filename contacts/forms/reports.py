from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from buurtwerk.forms import count_characters
from buurtwerk.idempotency import IdempotentFormMixin
from contacts.forms.followups import DateInput
from contacts.models import Activity, Conversation, Initiative, Organisation, Report
from contacts.selectors.followups import assignable_workers
from neighbourhoods.models import Address
from neighbourhoods.validators import postcode_from_form


class ReportForm(IdempotentFormMixin, forms.ModelForm):
    """An incoming report about an address, typed in as postcode, house
    number and addition and looked up within the user's neighbourhoods
    (``cleaned_data["address"]``). Who responds: the user, or a colleague.

    There is no resident picker: the address is enough to find the
    residents (the report page lists them), and a picker would need a
    search inside the form."""

    #: Service field name → form field name (``add_service_errors``).
    service_fields = {"address": "postcode", "house_number_to": "house_number_to"}

    postcode = forms.CharField(label=_("Postcode"), max_length=20)
    house_number = forms.IntegerField(label=_("House number"), min_value=1)
    addition = forms.CharField(label=_("Addition"), max_length=10, required=False)
    extent = forms.ChoiceField(
        label=_("The report covers"),
        choices=Report.Extent.choices,
        initial=Report.Extent.ADDRESS,
        widget=forms.RadioSelect,
        required=False,
    )
    house_number_to = forms.IntegerField(
        label=_("Up to house number"),
        min_value=1,
        required=False,
        help_text=_("For a stairwell or complex: its last house number, additions included."),
    )
    assigned_to = forms.ModelChoiceField(
        label=_("Who responds"),
        queryset=None,
        empty_label=None,
        help_text=_("Gets a follow-up due in three working days."),
    )

    class Meta:
        model = Report
        fields = ["source", "organisation", "reporter", "received_on", "description"]
        widgets = {
            "received_on": DateInput(),
            "description": forms.Textarea(attrs={"rows": 4}),
        }

    field_order = [
        "source",
        "organisation",
        "reporter",
        "received_on",
        "postcode",
        "house_number",
        "addition",
        "extent",
        "house_number_to",
        "description",
        "assigned_to",
    ]

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        count_characters(self, "description")
        self.user = user
        self.fields["received_on"].initial = timezone.localdate
        self.fields["organisation"].queryset = Organisation.objects.filter(
            is_active=True
        ).order_by("name")
        self.fields["assigned_to"].queryset = assignable_workers(user=user)
        self.fields["assigned_to"].initial = user.pk
        self.fields["postcode"].widget.attrs.update(autocomplete="off", placeholder="1234 AB")
        self.fields["house_number"].widget.attrs["inputmode"] = "numeric"
        self.fields["house_number_to"].widget.attrs["inputmode"] = "numeric"

    def clean_postcode(self):
        return postcode_from_form(self.cleaned_data["postcode"])

    def clean_extent(self):
        # Left out (a form saved before there was a choice): the one address.
        return self.cleaned_data["extent"] or Report.Extent.ADDRESS

    def clean_received_on(self):
        received_on = self.cleaned_data["received_on"]
        if received_on > timezone.localdate():
            raise ValidationError(_("A report cannot be received in the future."))
        return received_on

    def clean(self):
        cleaned_data = super().clean()
        postcode = cleaned_data.get("postcode")
        house_number = cleaned_data.get("house_number")
        if postcode and house_number:
            address = (
                Address.objects.visible_to(self.user)
                .select_related("street__neighbourhood")
                .filter(
                    postcode=postcode,
                    house_number=house_number,
                    addition__iexact=cleaned_data.get("addition", "").strip(),
                )
                .first()
            )
            if address is None:
                self.add_error(
                    "postcode",
                    _("There is no such address in your neighbourhoods. Check the house number."),
                )
            cleaned_data["address"] = address
        if cleaned_data.get("extent") == Report.Extent.RANGE:
            last = cleaned_data.get("house_number_to")
            if last is None and "house_number_to" not in self.errors:
                self.add_error("house_number_to", _("Give the last house number."))
            elif last is not None and house_number and last <= house_number:
                self.add_error(
                    "house_number_to", _("The last house number comes after the first.")
                )
        else:
            cleaned_data["house_number_to"] = None
        return cleaned_data


#: How many of the neighbourhood's latest conversations (and activities)
#: the link form offers.
LINKABLE_CONVERSATIONS = 20


class ReportLinkForm(forms.Form):
    """Link what came of a report: a conversation or an activity (of the
    latest in its neighbourhood) or an initiative working there."""

    conversation = forms.ModelChoiceField(
        label=_("A conversation that came of it"),
        queryset=None,
        required=False,
        empty_label=_("(none)"),
    )
    initiative = forms.ModelChoiceField(
        label=_("An initiative that came of it"),
        queryset=None,
        required=False,
        empty_label=_("(none)"),
    )
    activity = forms.ModelChoiceField(
        label=_("An activity that came of it"),
        queryset=None,
        required=False,
        empty_label=_("(none)"),
    )

    def __init__(self, *args, report, **kwargs):
        super().__init__(*args, **kwargs)
        latest = (
            Conversation.objects.filter(neighbourhood_id=report.neighbourhood_id)
            .order_by("-happened_at")
            .values("pk")[:LINKABLE_CONVERSATIONS]
        )
        self.fields["conversation"].queryset = Conversation.objects.filter(pk__in=latest).order_by(
            "-happened_at"
        )
        self.fields["initiative"].queryset = Initiative.objects.filter(
            neighbourhoods=report.neighbourhood_id, is_active=True
        ).order_by("name")
        latest_activities = (
            Activity.objects.filter(neighbourhood_id=report.neighbourhood_id)
            .order_by("-held_on")
            .values("pk")[:LINKABLE_CONVERSATIONS]
        )
        self.fields["activity"].queryset = Activity.objects.filter(
            pk__in=latest_activities
        ).order_by("-held_on", "pk")


class ReportCloseForm(forms.Form):
    outcome = forms.CharField(
        label=_("What was done"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("For the reporter: what came of it."),
    )
