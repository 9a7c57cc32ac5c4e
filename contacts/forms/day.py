"""Forms of My day's whole lists."""

from django import forms
from django.utils.translation import gettext_lazy as _

from buurtwerk.languages import LANGUAGES
from neighbourhoods.models import Street


class StreetFilterField(forms.ModelChoiceField):
    def label_from_instance(self, street):
        return f"{street.name} ({street.neighbourhood.name})"


class NotSeenFilterForm(forms.Form):
    """The filters of the "not seen" list, sent by GET: a street of the
    user's neighbourhoods, a language, connectors only. The field names are
    the query-string names (Dutch, like the URLs); ``cleaned_data`` is
    given as ``street``, ``language`` and ``connector``."""

    straat = StreetFilterField(
        label=_("Street"),
        queryset=None,
        required=False,
        empty_label=_("All streets"),
        widget=forms.Select(attrs={"class": "form-select"}),
    )
    taal = forms.ChoiceField(
        label=_("Language"), required=False, widget=forms.Select(attrs={"class": "form-select"})
    )
    sleutelfiguur = forms.BooleanField(
        label=_("Connectors only"),
        required=False,
        widget=forms.CheckboxInput(attrs={"class": "form-check-input"}),
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["straat"].queryset = (
            Street.objects.visible_to(user)
            .select_related("neighbourhood")
            .order_by("name", "neighbourhood__name")
        )
        self.fields["taal"].choices = [("", _("All languages")), *LANGUAGES]

    def clean(self):
        cleaned_data = super().clean()
        return {
            "street": cleaned_data.get("straat"),
            "language": cleaned_data.get("taal", ""),
            "connector": cleaned_data.get("sleutelfiguur", False),
        }
