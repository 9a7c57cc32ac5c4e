"""The filters of the board of needs and offers (GET; ids and codes only,
no personal data). They validate and normalise; the selector filters."""

from django import forms
from django.utils.translation import gettext_lazy as _

from matches.selectors.board import AGES, Kind, State


def _select(label, choices, **kwargs):
    return forms.TypedChoiceField(
        label=label,
        required=False,
        choices=choices,
        widget=forms.Select(attrs={"class": "form-select"}),
        **kwargs,
    )


class BoardFilterForm(forms.Form):
    """The field names are the query string's (Dutch, like the URLs): the
    neighbourhood (``buurt``, one of ``neighbourhoods``), needs or offers
    (``soort``), a category (``categorie``, one of ``categories``), the age
    (``leeftijd``, a key of ``AGES``) and where they stand (``staat``)."""

    buurt = _select(_("Neighbourhood"), [], coerce=int)
    soort = _select(_("Needs or offers"), Kind.choices, empty_value=Kind.NEEDS)
    categorie = _select(_("Category"), [], coerce=int, empty_value=None)
    leeftijd = _select(
        _("Waiting"), [("", _("any time")), *((key, label) for key, (label, _d) in AGES.items())]
    )
    staat = _select(_("Candidates"), [("", _("all")), *State.choices])

    def __init__(self, *args, neighbourhoods, categories, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["buurt"].choices = [(n.pk, n.name) for n in neighbourhoods]
        self.fields["categorie"].choices = [
            ("", _("All categories")),
            *((category.pk, category.label) for category in categories),
        ]
