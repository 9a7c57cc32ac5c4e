import ast
import datetime
import importlib
import inspect
import pkgutil
import threading
import time
import uuid

import pytest
from django import forms
from django.core.exceptions import ValidationError
from django.db import connection
from django.test import RequestFactory

import contacts.views
import matches.views
from buurtwerk import idempotency
from buurtwerk.models import FormSubmission
from contacts.models import FollowUp


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
    class Form(idempotency.IdempotentFormMixin, forms.Form):
        name = forms.CharField()

    first, second = Form(), Form()
    assert first.fields["submission_token"].widget.is_hidden
    assert first["submission_token"].value() != second["submission_token"].value()


# save_once: the one way a create view saves


class NoteForm(idempotency.IdempotentFormMixin, forms.Form):
    description = forms.CharField()
    service_fields = {"summary": "description", "door_knock": None}


@pytest.fixture
def note_form():
    def make(token):
        form = NoteForm({"description": "Bel terug", "submission_token": str(token)})
        assert form.is_valid()
        return form

    return make


@pytest.fixture
def save_follow_up(worker, neighbourhood):
    """A stand-in for a service: saves a follow-up and returns it."""

    def save():
        return FollowUp.objects.create(
            neighbourhood=neighbourhood,
            description="Bel terug",
            due_on=datetime.date(2026, 3, 2),
            assigned_to=worker,
        )

    return save


def url_of(follow_up):
    return f"/opvolging/{follow_up.pk}/"


def test_save_once_saves_and_says_where_the_record_is(request_for, note_form, save_follow_up):
    saved = idempotency.save_once(
        request_for, note_form(uuid.uuid4()), save_follow_up, url=url_of, fallback="/lijst/"
    )
    assert not saved.is_repeat
    assert saved.obj == FollowUp.objects.get()
    assert saved.url == url_of(saved.obj)
    assert FormSubmission.objects.get().result_url == saved.url


def test_a_repeat_goes_to_the_first_saves_url_and_saves_nothing(
    request_for, note_form, save_follow_up
):
    token = uuid.uuid4()
    first = idempotency.save_once(
        request_for, note_form(token), save_follow_up, url=url_of, fallback="/lijst/"
    )
    again = idempotency.save_once(
        request_for, note_form(token), save_follow_up, url=url_of, fallback="/lijst/"
    )
    assert again.is_repeat
    assert again.obj is None
    assert again.url == first.url
    assert FollowUp.objects.count() == 1


def test_a_repeat_of_another_users_token_goes_to_the_fallback(
    request_for, note_form, save_follow_up, other_worker
):
    token = uuid.uuid4()
    FormSubmission.objects.create(token=token, user=other_worker, result_url="/geheim/")
    saved = idempotency.save_once(request_for, note_form(token), save_follow_up, url="/lijst/")
    assert (saved.is_repeat, saved.url) == (True, "/lijst/")
    assert not FollowUp.objects.exists()


def test_a_callable_url_needs_a_fallback(request_for, note_form, save_follow_up):
    with pytest.raises(TypeError):
        idempotency.save_once(request_for, note_form(uuid.uuid4()), save_follow_up, url=url_of)


def refuse(error):
    def save():
        raise error

    return save


def test_a_refused_save_puts_the_error_beside_the_field_and_frees_the_token(
    request_for, note_form, save_follow_up
):
    token = uuid.uuid4()
    form = note_form(token)
    refused = idempotency.save_once(
        request_for, form, refuse(ValidationError({"summary": "Too vague."})), url="/lijst/"
    )
    assert refused is None
    assert form.errors == {"description": ["Too vague."]}
    assert not FormSubmission.objects.exists()
    # The corrected form is sent again with the same token, and saved.
    saved = idempotency.save_once(request_for, note_form(token), save_follow_up, url="/lijst/")
    assert not saved.is_repeat
    assert FollowUp.objects.count() == 1


@pytest.mark.parametrize(
    "error",
    [
        ValidationError({"colour": "Not a field of this form."}),
        ValidationError({"door_knock": "Renamed to on top."}),
        ValidationError("About nothing in particular."),
    ],
    ids=["unknown field", "renamed to None", "no field"],
)
def test_a_refusal_about_no_field_of_the_form_goes_on_top(request_for, note_form, error):
    form = note_form(uuid.uuid4())
    assert idempotency.save_once(request_for, form, refuse(error), url="/lijst/") is None
    assert form.non_field_errors() == error.messages
    assert "description" not in form.errors


def test_on_error_takes_the_refusal_instead_of_the_form(request_for, note_form):
    form, told = note_form(uuid.uuid4()), []
    error = ValidationError({"summary": "Too vague."})
    assert (
        idempotency.save_once(request_for, form, refuse(error), url="/l/", on_error=told.append)
        is None
    )
    assert told == [error]
    assert form.errors == {}


def test_other_exceptions_propagate_and_free_the_token(request_for, note_form):
    token = uuid.uuid4()
    with pytest.raises(ZeroDivisionError):
        idempotency.save_once(request_for, note_form(token), lambda: 1 / 0, url="/l/")
    assert not FormSubmission.objects.filter(token=token).exists()


@pytest.mark.django_db(transaction=True)
def test_a_double_tap_at_the_same_moment_saves_one_record(
    worker, note_form, save_follow_up, request_for
):
    """Really at once: the second submit waits on the token's row until the
    first commits, then goes where the first went."""
    token = uuid.uuid4()
    first_is_saving = threading.Event()
    let_first_commit = threading.Event()
    results = {}

    def first():
        def slow_save():
            follow_up = save_follow_up()
            first_is_saving.set()
            let_first_commit.wait(10)
            return follow_up

        try:
            results["first"] = idempotency.save_once(
                request_for, note_form(token), slow_save, url=url_of, fallback="/lijst/"
            )
        finally:
            connection.close()

    def second():
        first_is_saving.wait(10)
        try:
            results["second"] = idempotency.save_once(
                request_for, note_form(token), save_follow_up, url=url_of, fallback="/lijst/"
            )
        finally:
            connection.close()

    threads = [threading.Thread(target=first), threading.Thread(target=second)]
    for thread in threads:
        thread.start()
    first_is_saving.wait(10)
    time.sleep(0.3)
    assert threads[1].is_alive(), "the second submit should wait for the first"
    let_first_commit.set()
    for thread in threads:
        thread.join(10)
    assert not results["first"].is_repeat
    assert results["second"].is_repeat
    assert results["second"].url == results["first"].url
    assert FollowUp.objects.count() == 1


# Every create view saves through save_once

#: The services a create view calls with a form's submission token.
CREATE_SERVICES = {
    "conversation_log",
    "consent_set",
    "door_knock_record",
    "initiative_member_add",
    "match_propose",
}


def _is_create_service(name):
    return name in CREATE_SERVICES or name.endswith("_create")


def unguarded_saves(source):
    """Where ``source`` (a views module) claims a token itself or calls a
    create service other than in a function handed to ``save_once``: a list
    of (line, what). Services are reached as ``module.function`` (importing
    one by name is reported too), so a reference is found however it is
    called."""
    problems = []
    tree = ast.parse(source)
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom):
            for alias in node.names:
                if alias.name == "once" or (
                    "services" in (node.module or "") and _is_create_service(alias.name)
                ):
                    problems.append((node.lineno, f"imports {alias.name}"))
        if isinstance(node, ast.Attribute) and node.attr == "once":
            problems.append((node.lineno, "idempotency.once"))
    for view in tree.body:
        if not isinstance(view, ast.FunctionDef):
            continue
        calls_save_once = any(
            isinstance(node, ast.Attribute) and node.attr == "save_once" for node in ast.walk(view)
        )
        inner = {
            id(node)
            for nested in ast.walk(view)
            if nested is not view and isinstance(nested, ast.FunctionDef | ast.Lambda)
            for node in ast.walk(nested)
        }
        for node in ast.walk(view):
            if (
                isinstance(node, ast.Attribute)
                and isinstance(node.value, ast.Name)
                and _is_create_service(node.attr)
                and not (calls_save_once and id(node) in inner)
            ):
                problems.append((node.lineno, f"{view.name} calls {node.attr} itself"))
    return problems


def view_modules():
    for package in (contacts.views, matches.views):
        for module in pkgutil.iter_modules(package.__path__, package.__name__ + "."):
            yield module.name


@pytest.mark.parametrize("module", list(view_modules()))
def test_every_create_view_saves_through_save_once(module):
    assert unguarded_saves(inspect.getsource(importlib.import_module(module))) == []


def test_the_check_finds_a_view_that_saves_by_itself():
    source = """
from buurtwerk import idempotency
from contacts.services.signals import signal_create

def claims_itself(request, form):
    with idempotency.once(request, form.cleaned_data["submission_token"]):
        return services.report_create()

def calls_the_service(request, form):
    create = services.talent_create
    return create()

def nested_but_not_through_the_helper(request):
    def save():
        return services.round_create()
    return save()

def through_the_helper(request, form):
    return idempotency.save_once(
        request, form, lambda: services.followup_create(), url="/"
    )
"""
    assert unguarded_saves(source) == [
        (3, "imports signal_create"),
        (6, "idempotency.once"),
        (7, "claims_itself calls report_create itself"),
        (10, "calls_the_service calls talent_create itself"),
        (15, "nested_but_not_through_the_helper calls round_create itself"),
    ]
