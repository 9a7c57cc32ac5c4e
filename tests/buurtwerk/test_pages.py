"""Pages every visitor can reach: error pages, the language switch, and
what every response must (not) contain under the Content-Security-Policy."""

import re

import pytest
from django.template.loader import render_to_string
from django.test import RequestFactory
from django.urls import reverse
from django.views import defaults

pytestmark = pytest.mark.django_db

OTHER_HOST_URL = re.compile(r"https?://(?!testserver[/\"'])")


def test_a_missing_url_gives_our_404_page(client):
    response = client.get("/bestaat-niet/")
    assert response.status_code == 404
    content = response.content.decode()
    assert 'id="error-404"' in content
    assert 'class="app-brand"' in content  # inside base.html
    assert f'href="{reverse("home")}"' in content


def test_a_missing_url_gives_our_404_page_when_logged_in(client, worker):
    client.force_login(worker)
    response = client.get("/bestaat-niet/")
    assert response.status_code == 404
    assert 'id="error-404"' in response.content.decode()


def test_the_500_page_renders_without_any_context():
    content = render_to_string("500.html")
    assert 'id="error-500"' in content
    assert 'href="/"' in content
    assert "bootstrap.min.css" in content


def test_the_500_view_uses_it():
    response = defaults.server_error(RequestFactory().get("/"))
    assert response.status_code == 500
    assert 'id="error-500"' in response.content.decode()


def test_the_400_page_renders_without_any_context():
    content = render_to_string("400.html")
    assert 'id="error-400"' in content
    assert 'href="/"' in content


def test_the_403_page_renders_in_the_site_layout(rf, worker):
    request = rf.get("/")
    request.user = worker
    response = defaults.permission_denied(request, PermissionError("geheim-detail"))
    assert response.status_code == 403
    content = response.content.decode()
    assert 'id="error-403"' in content
    assert "geheim-detail" not in content  # no exception text


def test_the_language_switch_makes_the_login_page_english(client):
    content = client.get(reverse("account_login")).content.decode()
    assert "Inloggen" in content
    assert re.search(r'value="en"\s+lang="en"\s+class="[^"]*">English</button>', content)
    response = client.post(
        reverse("set_language"), {"language": "en", "next": reverse("account_login")}
    )
    assert response.status_code == 302
    assert response["Location"] == reverse("account_login")
    content = client.get(reverse("account_login")).content.decode()
    assert '<html lang="en">' in content
    assert "Sign In" in content
    assert "Inloggen" not in content


BASE_PAGES = [
    ("account_login", False),
    ("account_reset_password", False),
    ("home", True),
    ("account_logout", True),
    ("account_change_password", True),
]


@pytest.mark.parametrize(("url_name", "logged_in"), BASE_PAGES)
def test_pages_link_no_other_hosts(client, worker, url_name, logged_in):
    if logged_in:
        client.force_login(worker)
    response = client.get(reverse(url_name))
    assert response.status_code == 200
    content = response.content.decode()
    assert not OTHER_HOST_URL.findall(content), OTHER_HOST_URL.findall(content)
    assert "<style" not in content
    assert " style=" not in content
    assert not re.search(r"<script(?![^>]*\bsrc=)", content)  # no inline scripts


@pytest.mark.parametrize(
    "path",
    ["/", reverse("account_login"), reverse("account_reset_password"), "/bestaat-niet/"],
)
def test_every_response_has_a_content_security_policy(client, path):
    response = client.get(path)
    policy = response["Content-Security-Policy"]
    assert "default-src 'self'" in policy
    assert "script-src 'self'" in policy
    assert "'unsafe-inline'" not in policy


def test_a_post_response_has_a_content_security_policy_too(client):
    response = client.post(reverse("account_login"), {"login": "x", "password": "y"})
    assert response.status_code == 200
    assert "Content-Security-Policy" in response


def test_a_form_without_a_valid_csrf_token_gets_the_expired_page(worker):
    from django.test import Client

    client = Client(enforce_csrf_checks=True)
    client.force_login(worker)
    response = client.post(reverse("account_logout"))
    assert response.status_code == 403
    assert 'id="error-403-csrf"' in response.content.decode()


def test_pages_are_dutch_whatever_the_browser_asks(client):
    response = client.get(reverse("account_login"), HTTP_ACCEPT_LANGUAGE="en-GB,en;q=0.9")
    assert response["Content-Language"] == "nl"
    assert 'lang="nl"' in response.content.decode()
