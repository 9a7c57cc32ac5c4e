"""Forms for initiatives: the initiative itself, finding and adding a
member, and a member's role. What it offers and needs uses the talents and
needs form (contacts.forms.heard)."""

from crispy_forms.bootstrap import InlineCheckboxes
from crispy_forms.helper import FormHelper
from crispy_forms.layout import Field, Layout
from django import forms
from django.utils.translation import gettext_lazy as _

from buurtwerk.forms import count_characters
from buurtwerk.idempotency import IdempotentFormMixin
from buurtwerk.versioning import VersionedFormMixin
from contacts.models import InitiativeMember, Resident
from neighbourhoods.models import Neighbourhood


class NeighbourhoodChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj):
        return obj.name


class InitiativeForm(VersionedFormMixin, IdempotentFormMixin, forms.Form):
    """An initiative, in some of the user's neighbourhoods.

    Without ``initiative`` it adds one (with a submission token). With
    ``initiative`` it edits it, guarded by the hidden ``version`` (when it
    was last saved) against overwriting someone else's save."""

    name = forms.CharField(label=_("Name"), max_length=120)
    description = forms.CharField(
        label=_("Description"),
        max_length=2000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("What happens, for whom, and who runs it."),
    )
    where = forms.CharField(
        label=_("Where and when"),
        max_length=200,
        required=False,
        help_text=_("e.g. Buurthuis, Tuesdays 18:00"),
    )
    neighbourhoods = NeighbourhoodChoiceField(
        label=_("Neighbourhoods"),
        queryset=Neighbourhood.objects.none(),
        widget=forms.CheckboxSelectMultiple,
    )
    is_active = forms.BooleanField(
        label=_("Active"),
        required=False,
        initial=True,
        help_text=_("Untick when it has stopped; it stays findable under all initiatives."),
    )

    def __init__(self, *args, user, initiative=None, **kwargs):
        super().__init__(*args, **kwargs)
        count_characters(self, "description", "where")
        self.initiative = initiative
        self.is_create = initiative is None
        own = Neighbourhood.objects.visible_to(user).order_by("name")
        self.fields["neighbourhoods"].queryset = own
        if self.is_create:
            self.fields["name"].widget.attrs["autofocus"] = True
            if not self.is_bound:
                # Most workers have one neighbourhood: tick it for them.
                ids = list(own.values_list("pk", flat=True)[:2])
                if len(ids) == 1:
                    self.fields["neighbourhoods"].initial = ids
        else:
            del self.fields["submission_token"]
            self.add_version_field(initiative)
            # Also when bound, so the form can be shown again with these.
            self.initial = {**self._initial_from(initiative, own), **self.initial}
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.disable_csrf = True
        self.helper.layout = Layout(
            Field("name", autocomplete="off"),
            "description",
            "where",
            InlineCheckboxes("neighbourhoods"),
            "is_active",
            *(name for name in ("version", "submission_token") if name in self.fields),
        )

    @staticmethod
    def _initial_from(initiative, own):
        own_ids = {neighbourhood.pk for neighbourhood in own}
        return {
            "name": initiative.name,
            "description": initiative.description,
            "where": initiative.where,
            "neighbourhoods": [n.pk for n in initiative.neighbourhoods.all() if n.pk in own_ids],
            "is_active": initiative.is_active,
            "version": initiative.version,
        }

    def service_kwargs(self):
        """Keyword arguments for ``initiative_create`` / ``initiative_update``
        (without the user, and for an update without the version)."""
        data = self.cleaned_data
        return {
            name: data[name]
            for name in ("name", "description", "where", "neighbourhoods", "is_active")
        }


class MemberSearchForm(forms.Form):
    """Find a resident to add. Sent by POST so the name never lands in a URL."""

    q = forms.CharField(
        label=_("Name, street or postcode"),
        max_length=100,
        widget=forms.TextInput(attrs={"type": "search", "autocomplete": "off"}),
    )


class MemberAddForm(IdempotentFormMixin, forms.Form):
    """One resident from the search results, as a member or an organiser.
    ``q`` carries the search along, to show the results again on a refusal."""

    resident = forms.ModelChoiceField(
        queryset=Resident.objects.none(),
        widget=forms.HiddenInput,
        error_messages={"invalid_choice": _("That resident is not in your neighbourhoods.")},
    )
    role = forms.ChoiceField(choices=InitiativeMember.Role.choices)
    q = forms.CharField(max_length=100, required=False, widget=forms.HiddenInput)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["resident"].queryset = Resident.objects.visible_to(user)


class MemberRoleForm(forms.Form):
    role = forms.ChoiceField(label=_("Role"), choices=InitiativeMember.Role.choices)
