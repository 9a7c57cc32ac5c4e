"""Forms for talents and needs: one item on its own page, and rows of them
inline in the conversation form (talents first, then needs).

The category select offers "propose from the words" (empty) and the active
categories. With JavaScript, htmx posts the words to
``matches:category_propose`` as the worker types and swaps in the select
with the proposal chosen; a hidden ``<prefix>-category_proposed`` remembers
what was proposed, so a category the worker chose by hand is never
overwritten. Without JavaScript the empty choice stays and the service
proposes when saving."""

import dataclasses
import json
import re

from django import forms
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from buurtwerk.forms import count_characters
from buurtwerk.idempotency import IdempotentFormMixin
from contacts.models import Availability
from contacts.models.heard import Heard

TALENT, NEED = "talent", "need"

#: Rows inline in the conversation form: shown at first, and at most.
ROWS_SHOWN = 2
ROWS_MAX = 10

#: The prefixes a category proposal may be asked for (the conversation
#: form's rows, or none on the item's own page).
PREFIX = re.compile(r"^((talents|needs)-\d{1,2})?$")

#: Availability as a compact grid: a line per part of the week.
AVAILABILITY_GRID = [
    (
        _("Weekdays"),
        [
            (Availability.WEEKDAY_MORNING, _("morning")),
            (Availability.WEEKDAY_AFTERNOON, _("afternoon")),
            (Availability.WEEKDAY_EVENING, _("evening")),
        ],
    ),
    (
        _("Weekend"),
        [
            (Availability.WEEKEND_MORNING, _("morning")),
            (Availability.WEEKEND_AFTERNOON, _("afternoon")),
            (Availability.WEEKEND_EVENING, _("evening")),
        ],
    ),
]

_TEXT = {
    TALENT: {
        "label": _("What can they do or like to do?"),
        "help_text": _("In their own words, e.g. works in the garden with pleasure."),
    },
    NEED: {
        "label": _("What would help them?"),
        "help_text": _("In their own words, e.g. can no longer mow the lawn."),
    },
}


class CategoryField(forms.ChoiceField):
    """A category from a list read once, so neither rendering nor
    validating a row runs a query. Empty means "propose from the words"."""

    def __init__(self, *, categories=(), **kwargs):
        kwargs.setdefault("required", False)
        super().__init__(**kwargs)
        self.categories = categories

    @property
    def categories(self):
        return list(self._by_pk.values())

    @categories.setter
    def categories(self, categories):
        self._by_pk = {str(category.pk): category for category in categories}
        self.choices = [("", _("Propose from the words"))] + [
            (pk, category.label) for pk, category in self._by_pk.items()
        ]

    def to_python(self, value):
        if value in self.empty_values:
            return None
        if hasattr(value, "pk"):
            value = value.pk
        category = self._by_pk.get(str(value))
        if category is None:
            raise forms.ValidationError(
                self.error_messages["invalid_choice"],
                code="invalid_choice",
                params={"value": value},
            )
        return category

    def validate(self, value):
        if value is None and self.required:
            raise forms.ValidationError(self.error_messages["required"], code="required")


@dataclasses.dataclass(frozen=True)
class CategorySelect:
    """What templates/contacts/category_select.html renders."""

    name: str
    id: str
    proposed_name: str
    label: str
    options: list
    selected: str
    proposed: str
    errors: list
    help_text: str

    @property
    def box_id(self):
        return f"{self.id}-box"

    @property
    def proposed_label(self):
        return dict(self.options).get(self.proposed, "") if self.proposed else ""


class HeardForm(forms.Form):
    """A talent (``kind="talent"``) or need: the words, a category and the
    parts of the week. ``categories`` are those to choose from (a list)."""

    text = forms.CharField(
        max_length=300,
        widget=forms.Textarea(attrs={"rows": 2}),
        error_messages={"required": _("Write down what they said.")},
    )
    category = CategoryField(label=_("Category"))
    availability = forms.MultipleChoiceField(
        label=_("When available"),
        choices=Availability.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(
        self, *args, categories, kind=TALENT, current_category=None, in_row=False, **kwargs
    ):
        super().__init__(*args, **kwargs)
        count_characters(self, "text")
        if in_row:
            self.fields["text"].error_messages["required"] = _(
                "Write down what they said, or clear this row."
            )
        if current_category is not None and current_category not in categories:
            categories = [*categories, current_category]  # retired, but still this one's
        self.fields["category"].categories = categories
        self.kind = kind
        text = self.fields["text"]
        if in_row:  # the rows' heading asks the question
            text.label, text.help_text = _("In their own words"), ""
        else:
            text.label, text.help_text = _TEXT[kind]["label"], _TEXT[kind]["help_text"]
        text.widget.attrs.update(
            {
                "hx-post": reverse("contacts:category_propose"),
                "hx-trigger": "keyup changed delay:500ms",
                "hx-target": f"#id_{self.add_prefix('category')}-box",
                "hx-swap": "outerHTML",
                "hx-sync": "this:replace",
                "hx-vals": json.dumps({"prefix": self.prefix or ""}),
            }
        )

    def clean_text(self):
        text = " ".join(self.cleaned_data["text"].split())
        if not text:
            raise forms.ValidationError(self.fields["text"].error_messages["required"])
        return text

    @property
    def availability_grid(self):
        """[(part of the week, [(value, label, id, checked)])] for the template."""
        chosen = set(self["availability"].value() or [])
        name = self.add_prefix("availability")
        return [
            (
                day,
                [(value, label, f"id_{name}_{value}", value in chosen) for value, label in parts],
            )
            for day, parts in AVAILABILITY_GRID
        ]

    def category_select(self, *, selected=None, proposed=None):
        """The category select as it should be shown; ``selected`` and
        ``proposed`` override what was posted (a fresh proposal)."""
        field = self["category"]
        if selected is None:
            value = field.value()
            selected = str(getattr(value, "pk", value) or "")
        if proposed is None:
            proposed = (
                self.data.get(self.add_prefix("category_proposed"), "") if self.is_bound else ""
            )
        return CategorySelect(
            name=field.html_name,
            id=f"id_{field.html_name}",
            proposed_name=self.add_prefix("category_proposed"),
            label=field.label,
            options=[(str(value), label) for value, label in self.fields["category"].choices],
            selected=selected,
            proposed=str(proposed),
            errors=list(field.errors) if self.is_bound and self._errors is not None else [],
            help_text=_("Proposed from their words as you type; change it if it does not fit."),
        )


class HeardCreateForm(IdempotentFormMixin, HeardForm):
    """A talent or need added on its own page."""


class HeardEditForm(HeardForm):
    status = forms.ChoiceField(
        label=_("Status"), choices=Heard.Status.choices, widget=forms.RadioSelect
    )


class HeardRowFormSet(forms.BaseFormSet):
    """Rows of talents or needs in the conversation form. Rows left empty
    are skipped; posted without its management data (an older page), the
    formset has its empty rows."""

    def __init__(self, data=None, *args, categories, kind, more=False, **kwargs):
        prefix = kwargs.get("prefix") or self.get_default_prefix()
        if data is not None:
            data = data.copy()
            total = f"{prefix}-TOTAL_FORMS"
            data.setdefault(total, str(ROWS_SHOWN))
            data.setdefault(f"{prefix}-INITIAL_FORMS", "0")
            if more and str(data[total]).isdigit():  # else reported by the management form
                data[total] = str(min(int(data[total]) + 1, ROWS_MAX))
        super().__init__(
            data,
            *args,
            form_kwargs={"categories": categories, "kind": kind, "in_row": True},
            **kwargs,
        )
        self.kind = kind

    @property
    def can_add(self):
        return self.total_form_count() < ROWS_MAX

    @property
    def is_used(self):
        """Whether any row was typed in (for opening the rows)."""
        return self.is_bound and any(form.has_changed() for form in self.forms)

    def filled(self):
        """``(form, cleaned_data)`` of each row typed in; after is_valid()."""
        return [(form, form.cleaned_data) for form in self.forms if form.has_changed()]


HeardRows = forms.formset_factory(
    HeardForm,
    formset=HeardRowFormSet,
    extra=ROWS_SHOWN,
    max_num=ROWS_MAX,
    absolute_max=ROWS_MAX,
    validate_max=True,
)


def heard_rows(data=None, *, categories, more=""):
    """The talents rows and the needs rows of the conversation form, bound
    to ``data`` when posted; ``more`` ("talents" or "needs") adds a row."""
    return (
        HeardRows(
            data, prefix="talents", categories=categories, kind=TALENT, more=more == "talents"
        ),
        HeardRows(data, prefix="needs", categories=categories, kind=NEED, more=more == "needs"),
    )
