from django import forms
from django.utils.translation import gettext_lazy as _


class AnonymiseForm(forms.Form):
    """The team lead's or admin's confirmation that they mean it."""

    confirm = forms.BooleanField(
        label=_("I understand that this removes their data for good and cannot be undone."),
        error_messages={"required": _("Tick this box to confirm.")},
    )
