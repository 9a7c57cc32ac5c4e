"""The conversation form: who took part (known residents, someone found by
name, or someone new), when, where, which workers, themes, notes and a
follow-up. Built for one screen on a phone at the door."""

import dataclasses
import uuid

from django import forms
from django.contrib.auth import get_user_model
from django.forms.utils import ErrorDict
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from buurtwerk.forms import LocalDateTimeField, count_characters
from buurtwerk.idempotency import IdempotentFormMixin
from buurtwerk.languages import LANGUAGES
from contacts.models import Consent, ConsentRecord, Conversation, Resident, Theme
from contacts.selectors import conversations as selectors
from neighbourhoods.models import Neighbourhood

#: Big thumb targets: radio buttons and checkboxes shown as toggle buttons.
TOGGLE = {"class": "btn-check", "autocomplete": "off"}
YES_NO = [("yes", _("yes")), ("no", _("no"))]


def valid_uuids(values):
    """The values that are UUIDs, as strings; anything else posted is ignored
    (and then rejected by the field)."""
    result = []
    for value in values:
        try:
            result.append(str(uuid.UUID(str(value))))
        except ValueError:
            continue
    return result


def without_errors(*forms_):
    """Show bound forms with what was typed but without validating them
    (after "find": the form is not being saved yet)."""
    for form in forms_:
        # Django validates a bound form when its errors are first read;
        # an empty ErrorDict means "validated, nothing wrong".
        form._errors = ErrorDict()
        form.cleaned_data = {}


@dataclasses.dataclass(frozen=True)
class ResidentOption:
    """One resident checkbox: who, whether it is ticked, and why it cannot
    be ticked (empty when it can)."""

    resident: Resident
    checked: bool

    @property
    def unavailable(self):
        """The service's own refusal (``Resident.why_not``), or ''. No query."""
        return self.resident.why_not(Consent.STORE) or ""


class ConversationForm(IdempotentFormMixin, forms.Form):
    """The conversation itself. The residents offered as checkboxes are
    ``known_options`` (the household at the door knock's address, or the
    resident the form was opened for) and ``extra_options`` (ticked or
    found by name); any resident the user may see can be posted, and the
    service decides whether they can take part."""

    #: Service field name → form field name, None for on top (``add_service_errors``).
    service_fields = {"follow_up": "follow_up_description", "door_knock": None}

    neighbourhood = forms.ModelChoiceField(
        label=_("Neighbourhood"), queryset=Neighbourhood.objects.none()
    )
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
    happened_at = LocalDateTimeField(
        label=_("When"),
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
    )
    place = forms.ChoiceField(
        label=_("Where"), choices=Conversation.Place.choices, widget=forms.RadioSelect(TOGGLE)
    )
    workers = forms.ModelMultipleChoiceField(
        label=_("Workers"),
        queryset=get_user_model().objects.none(),
        widget=forms.CheckboxSelectMultiple(TOGGLE),
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
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Short, in your own words. No health, religion or origin."),
    )
    follow_up_description = forms.CharField(
        label=_("Follow-up agreed"),
        required=False,
        max_length=200,
        help_text=_("Optional: what you agreed to do, e.g. ring again about the garden."),
    )
    follow_up_due_on = forms.DateField(
        label=_("Follow-up due"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )

    def __init__(
        self,
        *args,
        user,
        neighbourhood=None,
        address=None,
        resident=None,
        found=(),
        **kwargs,
    ):
        """``neighbourhood`` fixes where the conversation happens (from the
        door knock or the resident); without it the user picks one of theirs
        when they have several. ``address`` offers its household,
        ``resident`` is offered and pre-ticked, ``found`` are residents found
        by name to offer as well. Queries: the offered residents, and without
        ``neighbourhood`` the user's neighbourhoods."""
        super().__init__(*args, **kwargs)
        count_characters(self, "notes", "follow_up_description")
        self.fields["residents"].queryset = Resident.objects.visible_to(user)
        self.fields["themes"].queryset = selectors.active_themes()
        if neighbourhood is None:
            neighbourhoods = list(selectors.neighbourhoods_for_conversation(user=user))
            if len(neighbourhoods) == 1:
                neighbourhood = neighbourhoods[0]
            else:
                field = self.fields["neighbourhood"]
                field.queryset = selectors.neighbourhoods_for_conversation(user=user)
                # Offered from the list just read, so rendering needs no query.
                field.choices = [("", "---------")] + [(n.pk, n.name) for n in neighbourhoods]
        if neighbourhood is not None:
            del self.fields["neighbourhood"]
        self.fixed_neighbourhood = neighbourhood
        self.fields["workers"].queryset = selectors.workers_for_conversation(
            user=user,
            neighbourhoods=[neighbourhood]
            if neighbourhood is not None
            else selectors.neighbourhoods_for_conversation(user=user),
        )
        if not self.is_bound:
            self.initial.setdefault(
                "happened_at", timezone.localtime().replace(second=0, microsecond=0)
            )
            self.initial.setdefault("workers", [user.pk])
            if resident is not None:
                self.initial.setdefault("residents", [resident.pk])
        self._offer_residents(user=user, address=address, resident=resident, found=found)

    def _offer_residents(self, *, user, address, resident, found):
        if self.is_bound:
            ticked = valid_uuids(self.data.getlist(self.add_prefix("residents")))
        else:
            ticked = valid_uuids(self.initial.get("residents", []))
        offered = list(
            selectors.residents_offered(
                user=user,
                address=address,
                pks=[*ticked, *([resident.pk] if resident is not None else [])],
            )
        )
        seen = {str(r.pk) for r in offered}
        offered += [r for r in found if str(r.pk) not in seen]
        known, extra = [], []
        for candidate in offered:
            option = ResidentOption(resident=candidate, checked=str(candidate.pk) in ticked)
            is_known = (
                address is not None
                and candidate.address_id == address.pk
                and candidate.status == Resident.Status.ACTIVE
            ) or (resident is not None and candidate.pk == resident.pk)
            (known if is_known else extra).append(option)
        self.known_options, self.extra_options = known, extra

    def clean(self):
        cleaned_data = super().clean()
        description = cleaned_data.get("follow_up_description", "").strip()
        due_on = cleaned_data.get("follow_up_due_on")
        if description and not due_on and "follow_up_due_on" not in self.errors:
            self.add_error("follow_up_due_on", _("When should it be done?"))
        if due_on and not description:
            self.add_error("follow_up_description", _("What was agreed?"))
        if due_on and due_on < timezone.localdate():
            self.add_error("follow_up_due_on", _("Choose today or a later day."))
        return cleaned_data

    @property
    def neighbourhood_value(self):
        """The neighbourhood of the conversation, once the form is valid."""
        return self.fixed_neighbourhood or self.cleaned_data["neighbourhood"]

    def follow_up(self):
        """``(description, due_on)`` or None, for the service."""
        description = self.cleaned_data["follow_up_description"].strip()
        if not description:
            return None
        return description, self.cleaned_data["follow_up_due_on"]


class NewResidentForm(forms.Form):
    """Someone met for the first time, with their consent answers. Left
    empty when everyone who took part is known."""

    prefix = "new"

    name = forms.CharField(
        label=_("Name"), required=False, max_length=200, help_text=_("As they give it.")
    )
    may_store = forms.ChoiceField(
        label=_("May we store your details?"),
        choices=YES_NO,
        required=False,
        widget=forms.RadioSelect(TOGGLE),
        help_text=_(
            "If they say no, only their name, address and the refusal are recorded, "
            "and they are left out of the conversation."
        ),
    )
    may_match = forms.ChoiceField(
        label=_("May we match you with neighbours?"),
        choices=YES_NO,
        required=False,
        widget=forms.RadioSelect(TOGGLE),
    )
    may_share = forms.ChoiceField(
        label=_("May we share with the district team?"),
        choices=YES_NO,
        required=False,
        widget=forms.RadioSelect(TOGGLE),
    )
    consent_method = forms.ChoiceField(
        label=_("How asked"),
        choices=ConsentRecord.Method.choices,
        initial=ConsentRecord.Method.SPOKEN,
        required=False,
        widget=forms.RadioSelect(TOGGLE),
    )
    languages = forms.MultipleChoiceField(
        label=_("Languages spoken"),
        choices=LANGUAGES,
        required=False,
        help_text=_("Optional; only with consent to store their details."),
    )

    _CONSENTS = {
        "may_store": Consent.STORE,
        "may_match": Consent.MATCH,
        "may_share": Consent.SHARE,
    }

    def clean(self):
        cleaned_data = super().clean()
        name = cleaned_data.get("name", "").strip()
        answers = {field: cleaned_data.get(field, "") for field in self._CONSENTS}
        if not name:
            if any(answers.values()) or cleaned_data.get("languages"):
                self.add_error("name", _("Fill in their name, or leave the answers empty."))
            return cleaned_data
        if not answers["may_store"]:
            self.add_error("may_store", _("Ask whether we may store their details: yes or no."))
        elif answers["may_store"] == "no":
            for field in ("may_match", "may_share"):
                if answers[field] == "yes":
                    self.add_error(
                        field, _("Only possible when they agree to storing their details.")
                    )
        return cleaned_data

    @property
    def is_used(self):
        """Whether a new resident was filled in (valid forms only)."""
        return bool(self.cleaned_data.get("name", "").strip())

    def resident_kwargs(self):
        """Keyword arguments for ``resident_create``, or None when empty."""
        if not self.is_used:
            return None
        return {
            "name": self.cleaned_data["name"].strip(),
            "consents": {
                purpose: self.cleaned_data[field] == "yes"
                for field, purpose in self._CONSENTS.items()
                if self.cleaned_data[field]
            },
            "consent_method": self.cleaned_data["consent_method"] or ConsentRecord.Method.SPOKEN,
            "languages": self.cleaned_data["languages"],
        }
