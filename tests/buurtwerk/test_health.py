"""The health check: "ok" to anyone, with no query of its own."""

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def test_it_answers_ok_to_an_anonymous_visitor(client, django_assert_num_queries):
    # BEGIN and COMMIT: the transaction of ATOMIC_REQUESTS, as around every view.
    with django_assert_num_queries(2):
        response = client.get(reverse("health"))
    assert response.status_code == 200
    assert response.content == b"ok"
    assert response["Content-Type"] == "text/plain; charset=utf-8"


def test_it_answers_a_logged_in_user_the_same(client, worker, django_assert_num_queries):
    client.force_login(worker)
    # The session, the user (is two-factor login required?), BEGIN, COMMIT.
    with django_assert_num_queries(4):
        response = client.get(reverse("health"))
    assert response.content == b"ok"


def test_it_answers_post_with_405(client):
    response = client.post(reverse("health"))
    assert response.status_code == 405
    assert response["Allow"] == "GET, HEAD"
