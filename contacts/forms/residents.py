"""Forms for residents: adding and editing one, recording a consent, and
the search box."""

from crispy_forms.bootstrap import InlineCheckboxes, InlineRadios
from crispy_forms.helper import FormHelper
from crispy_forms.layout import Div, Field, Fieldset, Layout
from django import forms
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from buurtwerk import languages as language_list
from buurtwerk.idempotency import IdempotentFormMixin
from buurtwerk.languages import LANGUAGES
from buurtwerk.versioning import VersionedFormMixin
from contacts.models import Consent, ConsentRecord, Resident
from contacts.validators import normalise_phone, validate_phone
from neighbourhoods.models import Address
from neighbourhoods.validators import postcode_from_form

YES, NO, UNASKED = "yes", "no", "unasked"
CONSENT_ANSWERS = [(YES, _("yes")), (NO, _("no")), (UNASKED, _("not asked"))]
CONSENT_QUESTIONS = {
    Consent.STORE: _("Do they agree to us storing their data?"),
    Consent.MATCH: _("Do they want to be matched with others?"),
    Consent.SHARE: _("Do they agree to sharing with the district team?"),
}

#: The fields that need consent to store data.
EXTRA_FIELDS = ("languages", "reach_by", "phone", "email", "is_connector")


class ResidentForm(VersionedFormMixin, IdempotentFormMixin, forms.Form):
    """A resident, with the address entered the Dutch way (postcode, house
    number, addition) and found among the user's neighbourhoods.

    Without ``resident`` it adds one: with the three consent questions and
    a submission token. With ``resident`` it edits them: with the status and
    the hidden ``version`` that guards against overwriting someone else's
    save; the fields that need consent to store data are locked while
    there is none."""

    #: Service field name → form field name (``add_service_errors``).
    service_fields = {"address": "postcode", "neighbourhood": "postcode"}

    name = forms.CharField(label=_("Name"), max_length=200, help_text=_("As they give it."))
    postcode = forms.CharField(label=_("Postcode"), max_length=20)
    house_number = forms.IntegerField(label=_("Number"), min_value=1, max_value=99999)
    addition = forms.CharField(label=_("Addition"), max_length=10, required=False)
    languages = forms.MultipleChoiceField(
        label=_("Languages spoken"),
        choices=LANGUAGES,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    reach_by = forms.ChoiceField(
        label=_("How to reach them"),
        choices=Resident.ReachBy.choices,
        initial=Resident.ReachBy.WORKER,
        widget=forms.RadioSelect,
    )
    phone = forms.CharField(
        label=_("Phone"),
        max_length=30,
        required=False,
        widget=forms.TextInput(attrs={"type": "tel", "autocomplete": "off"}),
    )
    email = forms.EmailField(label=_("E-mail"), required=False)
    is_connector = forms.BooleanField(
        label=_("Connector"),
        required=False,
        help_text=_("A sleutelfiguur: knows many people and brings them together."),
    )

    def __init__(self, *args, user, resident=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        self.resident = resident
        self.is_create = resident is None
        self.fields["postcode"].widget.attrs.update(
            {"autocapitalize": "characters", "autocomplete": "off", "placeholder": "1234 AB"}
        )
        self.fields["house_number"].widget.attrs["inputmode"] = "numeric"
        if self.is_create:
            for purpose in Consent:
                self.fields[f"consent_{purpose.value}"] = forms.ChoiceField(
                    label=CONSENT_QUESTIONS[purpose],
                    choices=CONSENT_ANSWERS,
                    initial=UNASKED,
                    widget=forms.RadioSelect,
                )
            self.fields["consent_method"] = forms.ChoiceField(
                label=_("How asked"),
                choices=ConsentRecord.Method.choices,
                initial=ConsentRecord.Method.SPOKEN,
                widget=forms.RadioSelect,
            )
        else:
            # Editing is guarded by the version, not by a submission token.
            del self.fields["submission_token"]
            # Anonymising is erasing, not a status to pick here.
            statuses = [Resident.Status.ACTIVE, Resident.Status.MOVED]
            if resident.status not in statuses:
                statuses.append(Resident.Status(resident.status))
            self.fields["status"] = forms.ChoiceField(
                label=_("Status"), choices=[(status.value, status.label) for status in statuses]
            )
            self.add_version_field(resident)
            if not resident.may_store:
                for name in EXTRA_FIELDS:
                    self.fields[name].disabled = True
                    self.fields[name].help_text = _(
                        "Record consent to store data on the resident page first."
                    )
            # Also when bound: a locked (disabled) field takes its initial value.
            self.initial = {**self._initial_from(resident), **self.initial}
        self.helper = self._helper()

    @staticmethod
    def _initial_from(resident):
        address = resident.address
        return {
            "name": resident.name,
            "postcode": address.postcode if address else "",
            "house_number": address.house_number if address else None,
            "addition": address.addition if address else "",
            "languages": resident.languages,
            "reach_by": resident.reach_by,
            "phone": resident.phone,
            "email": resident.email,
            "is_connector": resident.is_connector,
            "status": resident.status,
            "version": resident.version,
        }

    def _helper(self):
        helper = FormHelper()
        helper.form_tag = False
        helper.disable_csrf = True
        address = Div(
            # On a phone the postcode gets its own line: "Toevoeging" does not fit a quarter.
            Div("postcode", css_class="col-12 col-sm-6"),
            Div("house_number", css_class="col-6 col-sm-3"),
            Div("addition", css_class="col-6 col-sm-3"),
            css_class="row g-2",
        )
        parts = [Field("name", autocomplete="off"), address]
        if self.is_create:
            parts.append(
                Fieldset(
                    _("Consent"),
                    *(InlineRadios(f"consent_{purpose.value}") for purpose in Consent),
                    InlineRadios("consent_method"),
                    css_class="border rounded p-2 mb-3",
                )
            )
        parts += [
            InlineCheckboxes("languages"),
            InlineRadios("reach_by"),
            "phone",
            "email",
            "is_connector",
        ]
        parts += [
            name for name in ("status", "version", "submission_token") if name in self.fields
        ]
        helper.layout = Layout(*parts)
        return helper

    def clean_postcode(self):
        return postcode_from_form(self.cleaned_data["postcode"])

    def clean_addition(self):
        return self.cleaned_data["addition"].strip()

    def clean_phone(self):
        phone = self.cleaned_data["phone"].strip()
        if phone:
            validate_phone(phone)
        return normalise_phone(phone)

    def clean(self):
        cleaned = super().clean()
        self._clean_address(cleaned)
        reach_by = cleaned.get("reach_by")
        if reach_by == Resident.ReachBy.PHONE and cleaned.get("phone") == "":
            self.add_error("phone", _("Enter the phone number to reach them on."))
        if reach_by == Resident.ReachBy.EMAIL and cleaned.get("email") == "":
            self.add_error("email", _("Enter the e-mail address to reach them at."))
        if self.is_create and cleaned.get("consent_store") != YES:
            for purpose in (Consent.MATCH, Consent.SHARE):
                if cleaned.get(f"consent_{purpose.value}") == YES:
                    self.add_error(
                        f"consent_{purpose.value}",
                        _("This needs their consent to store data as well."),
                    )
        return cleaned

    def _clean_address(self, cleaned):
        postcode, number = cleaned.get("postcode"), cleaned.get("house_number")
        if not postcode or number is None:
            return
        addition = cleaned.get("addition", "")
        address = (
            Address.objects.visible_to(self.user)
            .select_related("street__neighbourhood")
            .filter(postcode=postcode, house_number=number, addition__iexact=addition)
            .first()
        )
        if address is None:
            number_text = f"{number}-{addition}" if addition else str(number)
            self.add_error(
                "postcode",
                _("There is no address %(postcode)s %(number)s in your neighbourhoods.")
                % {"postcode": postcode, "number": number_text},
            )
        cleaned["address"] = address

    def consents(self):
        """The consent answers for ``resident_create``; unasked ones left out."""
        return {
            purpose: self.cleaned_data[f"consent_{purpose.value}"] == YES
            for purpose in Consent
            if self.cleaned_data[f"consent_{purpose.value}"] != UNASKED
        }

    def service_kwargs(self):
        """Keyword arguments for ``resident_create`` / ``resident_update``
        (without the user, and for an update without ``expected_version``)."""
        data = self.cleaned_data
        kwargs = {"name": data["name"], "address": data["address"]}
        kwargs.update(
            {name: data[name] for name in EXTRA_FIELDS if not self.fields[name].disabled}
        )
        if self.is_create:
            kwargs["consents"] = self.consents()
            kwargs["consent_method"] = data["consent_method"]
        else:
            kwargs["status"] = data["status"]
        return kwargs

    def show_conflict(self, current):
        """Someone else saved ``current`` in between: keep the input, show
        their value beside each field where it differs, and take their
        version so the next save goes through. Loads the current address."""
        data = self.cleaned_data
        stored = {
            "name": (current.name, current.name),
            "postcode": (current.address_id, str(current.address) if current.address else ""),
            "languages": (
                sorted(current.languages),
                ", ".join(language_list.names(current.languages)),
            ),
            "reach_by": (current.reach_by, current.get_reach_by_display()),
            "phone": (current.phone, current.phone),
            "email": (current.email, current.email),
            "is_connector": (current.is_connector, _("yes") if current.is_connector else _("no")),
            "status": (current.status, current.get_status_display()),
        }
        mine = {
            **data,
            "postcode": data["address"].pk if data.get("address") else None,
            "languages": sorted(data.get("languages", [])),
        }
        for name, (value, display) in stored.items():
            if self.fields[name].disabled or mine.get(name) == value:
                continue
            note = format_html(
                '<strong class="text-warning-emphasis">{}</strong> {}',
                _("Saved by someone else:"),
                display or _("(empty)"),
            )
            # The bound field copied the help text when the form was validated.
            self.fields[name].help_text = self[name].help_text = note
        super().show_conflict(current)


class ConsentForm(IdempotentFormMixin, forms.Form):
    """One consent answer for one purpose, from the resident page."""

    purpose = forms.ChoiceField(choices=Consent.choices, widget=forms.HiddenInput)
    answer = forms.ChoiceField(choices=[(YES, _("given")), (NO, _("refused or withdrawn"))])
    method = forms.ChoiceField(
        label=_("How asked"),
        choices=ConsentRecord.Method.choices,
        initial=ConsentRecord.Method.SPOKEN,
    )


class ResidentSearchForm(forms.Form):
    """The search box. Sent by POST so the term never lands in a URL."""

    q = forms.CharField(
        label=_("Name, street, postcode or house number"),
        max_length=100,
        widget=forms.TextInput(attrs={"type": "search", "autocomplete": "off"}),
    )
    page = forms.IntegerField(min_value=1, required=False, widget=forms.HiddenInput)
