"""Working without a connection (issue 14): the installable web app's
manifest, its service worker, the pages it shows offline, and how the server
answers a submission that the phone kept and sends later.

The service worker (``templates/offline/sw.js``, built on Workbox, vendored
under ``static/vendor/workbox-*``) caches the app shell and today's pages,
and keeps a submission that could not be sent (a door knock, a conversation,
a follow-up "done") in its queue in IndexedDB. Which forms it may keep is
said by the form itself: a hidden ``offline_kind`` field (see
``templates/offline/fields.html``). When the connection is back it sends
them in order, with the header ``X-Buurtwerk-Replay``; ``ReplayMiddleware``
then answers in JSON, not with the page a person would see, so the phone
can tell what happened:

- 200 ``{"status": "stored", "url": ...}``: stored (or stored before: the
  form's one-time token makes a resend store nothing twice);
- 409 ``{"status": "refused", "message": ...}``: refused with a message
  (a knock in a round no longer there, a door already logged...);
- 422, the page with the form and its errors beside the fields: the phone
  keeps it for the worker to open, correct and send, or discard;
- 401 ``{"status": "login"}``: the session ended; the phone keeps the
  queue until the worker has logged in again.

Nothing here is personal: the pages are the same for everyone, and what the
phone keeps stays on the phone (the README's "Offline" section).
"""

import functools
import hashlib
import json
import uuid
from urllib.parse import urlsplit

from django.conf import settings
from django.contrib import messages
from django.contrib.staticfiles import finders
from django.http import JsonResponse
from django.middleware.csrf import get_token
from django.shortcuts import render
from django.templatetags.static import static
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from buurtwerk.models import FormSubmission

#: The request header the service worker sends with a submission it replays.
REPLAY_HEADER = "X-Buurtwerk-Replay"

#: What the service worker caches at install: the app shell, so that a
#: cached page looks and works the same offline. Static paths.
SHELL = [
    "vendor/bootstrap-5.3.9/bootstrap.min.css",
    "vendor/bootstrap-5.3.9/bootstrap.bundle.min.js",
    "vendor/htmx-2.0.11/htmx.min.js",
    "css/buurtwerk.css",
    "css/rounds.css",
    "js/offline.js",
    "js/char-count.js",
    "icons/buurtwerk.svg",
    "icons/buurtwerk-192.png",
    "icons/buurtwerk-512.png",
]

WORKBOX = "vendor/workbox-7.4.1"
#: In the order they need each other (precaching builds on strategies).
WORKBOX_MODULES = ["core", "routing", "strategies", "precaching", "background-sync"]


@functools.cache
def _revision(path):
    """A short hash of a static file's content, so the service worker fetches
    it again when it changed (hashed names in production say so already;
    in development the names stay the same)."""
    found = finders.find(path)
    with open(found, "rb") as file:
        return hashlib.sha256(file.read()).hexdigest()[:12]


@functools.cache
def _version():
    """Changes whenever the shell or the offline pages' templates change."""
    digest = hashlib.sha256()
    for path in SHELL:
        digest.update(_revision(path).encode())
    for name in ("offline.html", "queue.html", "sw.js"):
        for directory in settings.TEMPLATES[0]["DIRS"]:
            template = directory / "offline" / name
            if template.exists():
                digest.update(template.read_bytes())
    return digest.hexdigest()[:12]


def _shell():
    entries = [{"url": static(path), "revision": _revision(path)} for path in SHELL]
    for name in ("offline_page", "offline_queue"):
        entries.append({"url": reverse(name), "revision": _version()})
    return entries


@require_safe
def service_worker(request):
    """``/sw.js``, at the root so that its scope is the whole site. Never
    cached by the browser's HTTP cache (it checks for a new one on each
    visit); the same for everyone."""
    response = render(
        request,
        "offline/sw.js",
        {
            "shell": json.dumps(_shell()),
            "workbox": json.dumps(
                [static(f"{WORKBOX}/workbox-{module}.prod.js") for module in WORKBOX_MODULES]
            ),
            "urls": json.dumps(
                {
                    "offline": reverse("offline_page"),
                    "queue": reverse("offline_queue"),
                    "today": reverse("contacts:offline_today"),
                    "token": reverse("offline_token"),
                    "login": reverse("account_login"),
                }
            ),
            "version": _version(),
        },
        content_type="text/javascript; charset=utf-8",
    )
    response["Cache-Control"] = "no-cache"
    response["Service-Worker-Allowed"] = "/"
    return response


@require_safe
def manifest(request):
    """The web app manifest: name, icons, start page, in the user's language."""
    data = {
        "name": "Buurtwerk",
        "short_name": "Buurtwerk",
        "description": _("Conversations, rounds and matches of the neighbourhood workers."),
        "lang": request.LANGUAGE_CODE,
        "start_url": reverse("home"),
        "scope": "/",
        "display": "standalone",
        "background_color": "#ffffff",
        "theme_color": "#0b5394",
        "icons": [
            {"src": static("icons/buurtwerk-192.png"), "sizes": "192x192", "type": "image/png"},
            {"src": static("icons/buurtwerk-512.png"), "sizes": "512x512", "type": "image/png"},
            {"src": static("icons/buurtwerk.svg"), "sizes": "any", "type": "image/svg+xml"},
        ],
    }
    response = JsonResponse(data, content_type="application/manifest+json")
    response["Cache-Control"] = "no-cache"
    return response


@require_safe
def offline_page(request):
    """What a page that was not kept for offline use shows without a
    connection. The same for everyone: the service worker keeps it."""
    return render(request, "offline/offline.html")


@require_safe
def offline_queue(request):
    """What the phone has not sent yet, and what the server refused: the
    list is drawn by ``offline.js`` from the service worker's queue, so the
    page itself holds nothing personal."""
    return render(request, "offline/queue.html")


@require_safe
def offline_token(request):
    """A fresh CSRF token for the service worker, which replays a submission
    with the token of the page it came from: after logging in again that
    token no longer holds. JSON, not readable by another site (no CORS)."""
    return JsonResponse(
        {"csrf": get_token(request), "authenticated": request.user.is_authenticated}
    )


@require_POST
def offline_stored(request):
    """Which of the given one-time tokens were stored, for the drafts kept on
    the phone: a draft whose submission was stored is deleted. POST (a
    token says nothing about anyone, but stays out of URLs and logs)."""
    if not request.user.is_authenticated:
        return JsonResponse({"stored": []})
    try:
        tokens = json.loads(request.body or b"{}").get("tokens", [])[:50]
    except (ValueError, AttributeError):
        return JsonResponse({"stored": []}, status=400)
    valid = []
    for token in tokens:
        try:
            valid.append(uuid.UUID(str(token)))
        except ValueError:
            continue
    stored = FormSubmission.objects.filter(user=request.user, token__in=valid).values_list(
        "token", flat=True
    )
    return JsonResponse({"stored": [str(token) for token in stored]})


def _login_paths():
    """Where a request without a (complete) login is sent: the login, and
    two-factor authentication or its set-up."""
    return (reverse("account_login"), reverse("mfa_index"))


class ReplayMiddleware:
    """Answers a replayed submission (``X-Buurtwerk-Replay``) in a way the
    service worker can read (see the module's docstring), and takes the
    messages the view meant for the page (the phone says what happened
    itself, so they do not pile up on the next page).

    After ``MessageMiddleware`` in ``MIDDLEWARE``, so that it sees the
    response first."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if request.method != "POST" or REPLAY_HEADER not in request.headers:
            return response
        errors = [
            str(message)
            for message in messages.get_messages(request)
            if message.level >= messages.ERROR
        ]
        status = response.status_code
        if status in (301, 302, 303) or response.headers.get("HX-Redirect"):
            location = response.headers.get("Location") or response.headers.get("HX-Redirect")
            if urlsplit(location).path.startswith(_login_paths()):
                return JsonResponse({"status": "login"}, status=401)
            if errors:
                return JsonResponse({"status": "refused", "message": " ".join(errors)}, status=409)
            return JsonResponse({"status": "stored", "url": location})
        if status == 200 and response.get("Content-Type", "").startswith("text/html"):
            if request.headers.get("HX-Request"):
                return JsonResponse({"status": "stored", "url": ""})
            # The form again, with its errors beside the fields.
            response.status_code = 422
            return response
        if status == 404:
            return JsonResponse(
                {
                    "status": "refused",
                    "message": _("Not found, or no longer yours to change."),
                },
                status=409,
            )
        return response


class ClearSiteDataMiddleware:
    """Logging out clears what this site kept on the phone: today's pages,
    drafts and the queue (``Clear-Site-Data``). ``offline.js`` asks first
    when something was not sent yet."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if (
            request.method == "POST"
            and request.path == reverse("account_logout")
            and response.status_code in (301, 302, 303)
        ):
            response["Clear-Site-Data"] = '"cache", "storage"'
        return response
