import uuid

import pytest
from django.test import RequestFactory

from buurtwerk import idempotency
from buurtwerk.models import FormSubmission


@pytest.fixture
def request_for(worker):
    request = RequestFactory().post("/")
    request.user = worker
    return request


def test_the_first_submission_is_not_a_repeat(request_for):
    token = uuid.uuid4()
    with idempotency.once(request_for, token) as submission:
        assert not submission.is_repeat
        submission.done("/gesprekken/1/")
    assert FormSubmission.objects.get(token=token).result_url == "/gesprekken/1/"


def test_the_same_token_again_is_a_repeat_that_knows_where_the_first_went(request_for):
    token = uuid.uuid4()
    with idempotency.once(request_for, token) as submission:
        submission.done("/bewoners/1/")
    with idempotency.once(request_for, token) as again:
        assert again.is_repeat
        assert again.earlier_url == "/bewoners/1/"
    assert FormSubmission.objects.count() == 1


def test_a_failed_save_releases_the_token_for_the_corrected_form(request_for):
    token = uuid.uuid4()
    with pytest.raises(ValueError), idempotency.once(request_for, token):
        raise ValueError("the service refused")
    with idempotency.once(request_for, token) as retry:
        assert not retry.is_repeat


def test_another_users_token_is_a_repeat_without_a_destination(request_for, other_worker):
    token = uuid.uuid4()
    FormSubmission.objects.create(token=token, user=other_worker, result_url="/secret/")
    with idempotency.once(request_for, token) as submission:
        assert submission.is_repeat
        assert submission.earlier_url == ""


def test_the_form_mixin_adds_a_fresh_hidden_token():
    from django import forms

    class Form(idempotency.IdempotentFormMixin, forms.Form):
        name = forms.CharField()

    first, second = Form(), Form()
    assert first.fields["submission_token"].widget.is_hidden
    assert first["submission_token"].value() != second["submission_token"].value()
