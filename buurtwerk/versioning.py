"""One optimistic-lock scheme for every edit form: an integer ``version``.

A model that two workers may edit at once has ``version`` (``Versioned``).
The edit form carries the version it was opened at (``VersionedFormMixin``);
the service locks the row and compares (``lock_at_version``), so the second
saver gets ``EditConflict`` with the row as it is now, keeps their input and
can save again at the new version.
"""

from django import forms
from django.db import models
from django.utils.translation import gettext_lazy as _


class EditConflict(Exception):
    """Someone else saved the row since the form was opened; ``current`` is
    the row as it is now."""

    def __init__(self, current):
        super().__init__(f"The {current._meta.verbose_name} was changed by someone else.")
        self.current = current


class Versioned(models.Model):
    version = models.PositiveIntegerField(default=1, editable=False)

    class Meta:
        abstract = True


def lock_at_version(instance, expected_version):
    """The row of ``instance``, locked for this transaction (hits the
    database), with its version raised by one for the save that follows;
    EditConflict if it is no longer at ``expected_version``. ``None`` skips
    the comparison (a service called without a form)."""
    current = type(instance)._default_manager.select_for_update().get(pk=instance.pk)
    if expected_version is not None and current.version != expected_version:
        raise EditConflict(current)
    current.version += 1
    return current


class VersionedFormMixin:
    """The hidden ``version`` of an edit form; mix in before the form class.
    ``show_conflict`` keeps the input and takes the saved version, so the
    next submit goes through (after the worker has seen what changed)."""

    conflict = False

    def add_version_field(self, instance):
        self.fields["version"] = forms.IntegerField(
            widget=forms.HiddenInput,
            initial=instance.version,
            error_messages={"required": _("Open the form again.")},
        )

    def show_conflict(self, current):
        self.conflict = True
        self.data = self.data.copy()
        self.data["version"] = current.version
