"""Security headers and cookies on every response: a Content-Security-Policy
with a nonce and no inline code, no framing, no referrer to other sites, and
no caching of pages shown to a logged-in user; pages gzipped without losing
any of it."""

import gzip
import re
from pathlib import Path

import pytest
from django.conf import settings
from django.templatetags.static import static
from django.test import Client
from django.urls import reverse

from tests.accounts.factories import DEFAULT_PASSWORD

TEMPLATES = Path(settings.BASE_DIR) / "templates"


def directives(response):
    policy = response["Content-Security-Policy"]
    return {
        name: values
        for name, *values in (part.split() for part in policy.split(";") if part.strip())
    }


@pytest.fixture
def home(client, worker):
    client.force_login(worker)
    return client.get(reverse("home"))


def test_a_logged_in_page_is_never_cached(home):
    cache_control = {part.strip() for part in home["Cache-Control"].split(",")}
    assert {"no-store", "private", "max-age=0"} <= cache_control


def test_the_policy_allows_only_this_site_and_the_nonce(home):
    policy = directives(home)
    nonces = re.findall(r'nonce="([^"]+)"', home.content.decode())
    assert nonces, "base.html puts the nonce on its own script and style tags"
    assert set(nonces) == {nonces[0]}
    assert policy["script-src"] == ["'self'", f"'nonce-{nonces[0]}'"]
    assert policy["style-src"] == ["'self'", f"'nonce-{nonces[0]}'"]
    assert policy["frame-ancestors"] == ["'none'"]
    assert policy["object-src"] == ["'none'"]
    assert "'unsafe-inline'" not in home["Content-Security-Policy"]
    assert "'unsafe-eval'" not in home["Content-Security-Policy"]


def test_every_response_gets_a_new_nonce(client, worker):
    client.force_login(worker)
    first = directives(client.get(reverse("home")))["script-src"]
    second = directives(client.get(reverse("home")))["script-src"]
    assert first != second


def test_no_framing_no_referrer_to_other_sites_and_an_isolated_window(home):
    assert home["X-Frame-Options"] == "DENY"
    assert home["Referrer-Policy"] == "same-origin"
    assert home["Cross-Origin-Opener-Policy"] == "same-origin"
    assert home["X-Content-Type-Options"] == "nosniff"


def test_the_session_cookie_is_http_only_and_both_cookies_are_same_site_lax(client, worker):
    login_page = client.get(reverse("account_login"))
    response = client.post(
        reverse("account_login"),
        {"login": worker.username, "password": DEFAULT_PASSWORD},
    )
    assert response.status_code == 302
    session = response.cookies[settings.SESSION_COOKIE_NAME]
    assert session["httponly"] is True
    assert session["samesite"] == "Lax"
    assert login_page.cookies[settings.CSRF_COOKIE_NAME]["samesite"] == "Lax"


def test_the_language_cookie_is_same_site_lax_and_http_only(client, db):
    response = client.post(reverse("set_language"), {"language": "en", "next": "/"})
    cookie = response.cookies[settings.LANGUAGE_COOKIE_NAME]
    assert cookie.value == "en"
    assert cookie["samesite"] == "Lax"
    assert cookie["httponly"] is True
    # Secure follows SESSION_COOKIE_SECURE: on with DEBUG off (test_settings.py).
    assert bool(cookie["secure"]) is settings.SESSION_COOKIE_SECURE


@pytest.mark.parametrize("path", ["/", "/account/login/", "/rondes/", "/beheer/", "/nergens/"])
@pytest.mark.parametrize("who", ["anonymous", "worker"])
def test_a_wrong_host_header_answers_400(client, request, path, who):
    """Not 500: the error page is rendered before the authentication
    middleware has set request.user (issue 11, point 7)."""
    if who == "worker":
        client.force_login(request.getfixturevalue("worker"))
    else:
        request.getfixturevalue("db")
    response = client.get(path, headers={"host": "aanvaller.example"})
    assert response.status_code == 400
    assert b"error-400" in response.content


def test_a_page_is_gzipped_for_a_browser_that_accepts_it(client, worker):
    client.force_login(worker)
    plain = client.get(reverse("home"))
    zipped = client.get(reverse("home"), headers={"accept-encoding": "gzip, deflate, br"})
    assert "Content-Encoding" not in plain
    assert zipped["Content-Encoding"] == "gzip"
    assert int(zipped["Content-Length"]) == len(zipped.content) < len(plain.content) / 3
    page = gzip.decompress(zipped.content).decode()
    assert 'id="follow-ups-heading"' in page
    # Caches keep one copy per encoding; every security header is still there.
    assert {"Cookie", "Accept-Encoding"} <= {v.strip() for v in zipped["Vary"].split(",")}
    for header in (
        "Cache-Control",
        "X-Frame-Options",
        "Referrer-Policy",
        "Cross-Origin-Opener-Policy",
        "X-Content-Type-Options",
    ):
        assert zipped[header] == plain[header]
    assert "'nonce-" in zipped["Content-Security-Policy"]  # a new nonce each time


def test_no_secret_in_a_gzipped_page_is_the_same_twice(client, worker, resident):
    """BREACH guesses a secret that recurs in every response: the CSRF token
    Django puts in forms is masked anew for each response (the secret behind
    it stays valid), and so are the CSP nonce and the form tokens."""
    client.force_login(worker)
    url = reverse("contacts:resident_detail", args=[resident.pk])
    pages = [
        gzip.decompress(client.get(url, headers={"accept-encoding": "gzip"}).content).decode()
        for _ in range(2)
    ]
    for field in ("csrfmiddlewaretoken", "submission_token"):
        first, second = (re.findall(rf'name="{field}" value="([^"]+)"', page) for page in pages)
        assert first and second and not set(first) & set(second), field
    first, second = (set(re.findall(r'nonce="([^"]+)"', page)) for page in pages)
    assert first and not first & second


def test_static_files_keep_their_strong_etag_and_answer_304(settings, db):
    """WhiteNoise answers static files before the gzip middleware sees them:
    their ETag and conditional GET are untouched."""
    settings.WHITENOISE_USE_FINDERS = True
    settings.WHITENOISE_AUTOREFRESH = True
    client = Client()  # a new handler, so WhiteNoise reads the settings above
    url = static("vendor/htmx-2.0.11/htmx.min.js")
    first = client.get(url, headers={"accept-encoding": "gzip"})
    assert first.status_code == 200
    assert "Content-Encoding" not in first
    etag = first["ETag"]
    assert etag.startswith('"')  # strong: not weakened by a middleware
    again = client.get(url, headers={"accept-encoding": "gzip", "if-none-match": etag})
    assert again.status_code == 304


def template_files():
    return sorted(TEMPLATES.rglob("*.html"))


@pytest.mark.parametrize("path", template_files(), ids=lambda p: str(p.relative_to(TEMPLATES)))
def test_no_template_has_inline_script_style_or_event_handlers(path):
    text = path.read_text()
    assert not re.search(r"<script(?![^>]*\bsrc=)[^>]*>", text), "inline <script>"
    assert "<style" not in text, "inline <style>"
    assert not re.search(r"\sstyle=", text), "style attribute"
    assert not re.search(r"\son[a-z]+=", text), "inline event handler"
    assert "javascript:" not in text
