"""Form helpers shared by every app."""

import datetime

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.html import format_html
from django.utils.translation import gettext, ngettext

from buurtwerk.languages import LANGUAGES


def add_service_errors(form, error):
    """Put a service's ValidationError beside the field it is about: the one
    way every view shows a service's refusal on a form.

    The form's optional class attribute ``service_fields`` renames the
    service's (model's) field names to the form's, ``{service_field:
    form_field}``; a name the form does not have, or one renamed to None,
    goes on top (a non-field error), as does an error without fields."""
    if not hasattr(error, "error_dict"):
        form.add_error(None, error)
        return
    renames = getattr(form, "service_fields", {})
    for name, errors in error.error_dict.items():
        target = renames.get(name, name)
        form.add_error(target if target in form.fields else None, errors)


class LocalDateTimeField(forms.DateTimeField):
    """A moment typed as local wall time (``<input type="datetime-local">``).

    When summer time ends, 02:00-03:00 comes twice (the last Sunday of
    October in Europe/Amsterdam). Django refuses such a wall time as
    ambiguous, so nothing that happened in that hour could be entered, and
    a form opened in the second pass would refuse the time it offers. Here
    it means its first occurrence, in summer time: the earlier of the two,
    so it is never later than the moment it describes. A wall time that
    does not exist (02:00-03:00 when summer time begins) is refused still."""

    def to_python(self, value):
        try:
            return super().to_python(value)
        except ValidationError as error:
            wall_time = (getattr(error, "params", None) or {}).get("datetime")
            if error.code != "ambiguous_timezone" or wall_time is None:
                raise
            zone = timezone.get_current_timezone()
            # In UTC: Python never finds a local time in the fold equal to
            # the same moment in another zone (PEP 495).
            first = wall_time.replace(tzinfo=zone, fold=0).astimezone(datetime.UTC)
            if timezone.localtime(first, zone).replace(tzinfo=None) != wall_time:
                raise  # does not exist: there is no moment to choose
            return first


class LanguagesField(forms.MultipleChoiceField):
    """The languages someone speaks (``buurtwerk.languages``), as
    checkboxes: for residents, workers and a round's coach alike."""

    def __init__(self, **kwargs):
        kwargs.setdefault("choices", LANGUAGES)
        kwargs.setdefault("required", False)
        kwargs.setdefault("widget", forms.CheckboxSelectMultiple)
        super().__init__(**kwargs)


class CharacterCountMixin:
    """A text widget for a field with a ``max_length``, with a visible count
    of the characters left (static/js/char-count.js; without JavaScript the
    limit itself is shown). The browser's ``maxlength`` is left off: it cuts
    what is typed or pasted beyond the limit without a word, so too long a
    text goes to the server, which refuses it with a message beside the
    field (the field's ``max_length`` stays the rule) and shows it back
    whole."""

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        widget_attrs = context["widget"]["attrs"]
        widget_attrs.pop("maxlength", None)
        if widget_attrs.get("data-max-length"):
            counter = f"{widget_attrs.get('id') or name}-count"
            described = widget_attrs.get("aria-describedby", "")
            widget_attrs["aria-describedby"] = f"{described} {counter}".strip()
        return context

    def render(self, name, value, attrs=None, renderer=None):
        html = super().render(name, value, attrs, renderer)
        limit = self.attrs.get("data-max-length")
        if not limit:
            return html
        field_id = (attrs or {}).get("id") or name
        return format_html(
            '{}<div class="char-count" id="{}-count" data-count-for="{}" data-left="{}" '
            'data-over="{}">{}</div>',
            html,
            field_id,
            field_id,
            # The script fills in {count} and {limit}.
            gettext("{count} of {limit} characters"),
            gettext("{count} of {limit} characters: {over} too many"),
            ngettext("At most %(limit)s character.", "At most %(limit)s characters.", int(limit))
            % {"limit": limit},
        )


class CountedTextarea(CharacterCountMixin, forms.Textarea):
    pass


class CountedTextInput(CharacterCountMixin, forms.TextInput):
    pass


def count_characters(form, *names):
    """Gives the named fields of ``form`` (CharFields with a max_length)
    a counted widget: a textarea stays a textarea."""
    for name in names:
        field = form.fields[name]
        old = field.widget
        widget_class = CountedTextarea if isinstance(old, forms.Textarea) else CountedTextInput
        widget = widget_class(attrs={**old.attrs, "data-max-length": field.max_length})
        widget.is_required = old.is_required
        field.widget = widget
