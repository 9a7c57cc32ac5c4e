"""One record per form, however often it is submitted.

Every form that creates something carries a hidden ``submission_token``
(``IdempotentFormMixin``), fresh on each GET and kept when the form is shown
again with errors. The view saves through ``save_once()``::

    saved = idempotency.save_once(
        request, form, lambda: services.followup_create(...), url=success_url
    )
    if saved is None:  # refused: the service's errors are on the form
        return render(request, "contacts/followup_form.html", {"form": form})
    if not saved.is_repeat:
        messages.success(request, _("Follow-up saved."))
    return redirect(saved.url)

The token is claimed by inserting its row (``once()``). A second submit with
the same token waits on the primary key until the first commits, then finds
the row and is sent where the first one went; if the first failed, its claim
was rolled back with it and the second proceeds. A service's ValidationError
rolls the claim back, so the corrected form can be sent with the same token.
"""

import contextlib
import dataclasses
import uuid

from django import forms
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from buurtwerk.forms import add_service_errors
from buurtwerk.models import FormSubmission


class IdempotentFormMixin:
    """Adds the hidden token; mix into a Form or ModelForm before it."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["submission_token"] = forms.UUIDField(
            widget=forms.HiddenInput, initial=uuid.uuid4
        )


class _Submission:
    def __init__(self, token, *, is_repeat, earlier_url=""):
        self.token = token
        self.is_repeat = is_repeat
        self.earlier_url = earlier_url

    def done(self, url):
        FormSubmission.objects.filter(token=self.token).update(result_url=url)


@contextlib.contextmanager
def once(request, token):
    """Claim ``token`` for ``request.user`` for the ``with`` block; an
    exception out of the block rolls the claim back. Views use
    ``save_once()``, which is built on this.
    ``is_repeat`` tells whether the token was used before, and
    ``earlier_url`` is where the first submission went ('' when unknown)."""
    with transaction.atomic():
        try:
            with transaction.atomic():
                FormSubmission.objects.create(token=token, user=request.user)
        except IntegrityError:
            earlier = FormSubmission.objects.filter(token=token, user=request.user).first()
            # Another user's token is not ours to redirect to: treat as used.
            yield _Submission(
                token, is_repeat=True, earlier_url=earlier.result_url if earlier else ""
            )
            return
        yield _Submission(token, is_repeat=False)


@dataclasses.dataclass(frozen=True)
class Saved:
    """What ``save_once()`` did: ``obj`` is what ``save`` returned (None for
    a repeat), ``url`` where to go, ``is_repeat`` whether the token had been
    used before (then nothing was saved and no success message is due)."""

    obj: object
    url: str
    is_repeat: bool


def save_once(request, form, save, *, url, fallback=None, on_error=None):
    """Call ``save()`` (no arguments; it calls the service and returns the
    object) once per ``form.cleaned_data["submission_token"]``.

    ``url`` is where the saved object is shown: a string, or a callable
    taking the object. A repeat saves nothing and goes where the first
    submission went, else to ``fallback`` (by default ``url`` when it is a
    string). When the service refuses (a ValidationError), the claim is
    rolled back, the error goes on the form with ``add_service_errors`` (or
    to ``on_error(error)`` instead) and the answer is None. Other exceptions
    propagate, also rolling the claim back.

    Queries: a savepoint and the token's INSERT; on a repeat, the earlier
    row; after the save, the UPDATE of its ``result_url``."""
    if fallback is None:
        if callable(url):
            raise TypeError("save_once() needs a fallback when url is a callable")
        fallback = url
    try:
        with once(request, form.cleaned_data["submission_token"]) as submission:
            if submission.is_repeat:
                return Saved(obj=None, url=submission.earlier_url or fallback, is_repeat=True)
            obj = save()
            result_url = url(obj) if callable(url) else url
            submission.done(result_url)
    except ValidationError as error:
        if on_error is None:
            add_service_errors(form, error)
        else:
            on_error(error)
        return None
    return Saved(obj=obj, url=result_url, is_repeat=False)
