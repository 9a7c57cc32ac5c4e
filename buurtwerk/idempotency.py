"""One record per form, however often it is submitted.

Every form that creates something carries a hidden ``submission_token``
(``IdempotentFormMixin``), fresh on each GET and kept when the form is shown
again with errors. The view saves through ``once()``::

    with idempotency.once(request, form.cleaned_data["submission_token"]) as submission:
        if submission.is_repeat:
            return redirect(submission.earlier_url or fallback)  # the first submit's result
        conversation = services.conversation_create(...)
        submission.done(conversation_url)

The token is claimed by inserting its row. A second submit with the same
token waits on the primary key until the first commits, then finds the row
and is sent where the first one went; if the first failed, its claim was
rolled back with it and the second proceeds. Let a service's
ValidationError propagate out of the ``with`` block (catch it around it), so
the claim is rolled back and the corrected form can be sent with the same
token.
"""

import contextlib
import uuid

from django import forms
from django.db import IntegrityError, transaction

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
    """Claim ``token`` for ``request.user``; see the module docstring.
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
