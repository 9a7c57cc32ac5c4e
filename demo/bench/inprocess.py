"""The server time of each page, in-process through ``django.test.Client``
with DEBUG off: median and 95th percentile, queries, response size.

Nothing a page writes is kept: each page's requests run in one transaction
that is rolled back afterwards. The views' own transactions (from
``ATOMIC_REQUESTS``) become savepoints in it, so a request sends as many
statements as it would on its own: SAVEPOINT and RELEASE in place of BEGIN
and COMMIT (which the tests' query counts include too). The commit itself (a WAL
flush when the page wrote a read-access-log row) is not measured. What
stays is each role's session (ended when the run ends), the login records
that logging in writes, and, for a lead who has no authenticator app yet,
one for the time of the run.
"""

import contextlib
import dataclasses
import gc
import os
import statistics
import time

from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret
from django.conf import settings
from django.db import connection, transaction
from django.test import Client
from django.test.utils import override_settings
from django.urls import reverse

from accounts import sessions
from demo.bench.catalogue import SKIPPED_NAMESPACES, Request


class LoginError(Exception):
    """The user cannot be measured: what went wrong, without personal data."""


def role_of(user):
    return "lead" if user.has_lead_rights else "worker"


def machine_load():
    """The load averages and CPUs, printed beside the figures: on a shared
    machine they say how much the figures may be off."""
    one, five, fifteen = os.getloadavg()
    return f"load average {one:.1f} / {five:.1f} / {fifteen:.1f} on {os.cpu_count()} CPUs"


def percentile(values, fraction):
    """The nearest-rank percentile of ``values`` (``fraction`` 0 to 1)."""
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(fraction * (len(ordered) - 1)))]


def host():
    """A host name the settings allow."""
    for allowed in settings.ALLOWED_HOSTS:
        if allowed not in ("*", "") and not allowed.startswith("."):
            return allowed
    return "localhost"


#: What a browser says it accepts: a page the app compresses is measured
#: (time and size) compressed.
ACCEPT_ENCODING = "gzip, deflate"


def send(client, request):
    """One request as a browser on HTTPS sends it (htmx with its header);
    returns the response and its size in bytes as sent, the body read."""
    headers = {"Accept-Encoding": ACCEPT_ENCODING}
    if request.htmx:
        headers["HX-Request"] = "true"
    extra = {"secure": True, "headers": headers}
    if request.method == "post":
        response = client.post(request.path, request.data or {}, **extra)
    else:
        response = client.get(request.path, **extra)
    if response.streaming:
        size = sum(len(chunk) for chunk in response.streaming_content)
    else:
        size = len(response.content)
    return response, size


@contextlib.contextmanager
def logged_in(user):
    """A client logged in as ``user`` the way the app's login ends: Django's
    ``login()``, whose ``user_logged_in`` receiver (``accounts.signals``)
    starts the session clocks and, for a role that needs two-factor login
    and has an authenticator app, marks the session as having passed it
    (``sessions.MFA_CHECKED``, what ``MFAEnrolmentMiddleware`` checks). A
    lead without an app gets one (a TOTP secret nobody sees) for the time of
    the run. On leaving: logged out, and that app removed again."""
    added = None
    if (
        user.mfa_required
        and not Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists()
    ):
        added = TOTP.activate(user, generate_totp_secret()).instance
    client = Client(HTTP_HOST=host(), raise_request_exception=False)
    try:
        client.force_login(user)
        with override_settings(DEBUG=False), transaction.atomic():
            response, _size = send(client, Request(method="get", path=reverse("home")))
            transaction.set_rollback(True)
        if response.status_code != 200:
            where = response.get("Location", "").split("?")[0]
            raise LoginError(
                f"{user.username} gets HTTP {response.status_code} on My day"
                + (f" (to {where})" if where else "")
                + ": not logged in as the app would log them in."
            )
        yield client
    finally:
        client.logout()
        if added is not None:
            added.delete()


def freeze_what_is_loaded():
    """Keep what this process holds by now (Django, the app, the objects
    picked and the pages to request) out of the cyclic garbage collector's
    full collections, as ``buurtwerk/wsgi.py`` does in a server process
    for what it loads: without this a full collection went through the
    benchmark's own objects too, some 50 ms in one request of a page now
    and then, which a server process does not have."""
    gc.collect()
    gc.freeze()


def keep_session_alive(client):
    """Mark the session active now, as a request would once a minute: the
    rolled-back transactions undo the middleware's own marks, and the
    session would end after ``SESSION_IDLE_MINUTES``. One UPDATE."""
    session = client.session
    session[sessions.SEEN_AT] = sessions.now()
    session.save()


@dataclasses.dataclass
class Result:
    """One page for one role. ``outcome``: "measured", "refused" (a page
    the role may not see, answered as designed), "unexpected" (another
    status; ``detail`` says which and where) or "skipped"."""

    label: str
    name: str
    outcome: str
    detail: str = ""
    times: list = dataclasses.field(default_factory=list)
    queries: list = dataclasses.field(default_factory=list)
    sizes: list = dataclasses.field(default_factory=list)

    @property
    def median(self):
        return statistics.median(self.times)

    @property
    def p95(self):
        return percentile(self.times, 0.95)

    @property
    def kb(self):
        return statistics.median(self.sizes) / 1024

    def as_dict(self):
        row = {"label": self.label, "url_name": self.name, "outcome": self.outcome}
        if self.detail:
            row["detail"] = self.detail
        if self.times:
            row |= {
                "requests": len(self.times),
                "median_ms": round(self.median, 2),
                "p95_ms": round(self.p95, 2),
                "queries_min": min(self.queries),
                "queries_max": max(self.queries),
                "kb": round(self.kb, 1),
            }
        return row


class QueryCounter:
    """Counts the statements sent to the database (an execute wrapper: no
    query log that fills up, no debug cursor that slows every query)."""

    def __init__(self):
        self.count = 0

    def __call__(self, execute, sql, params, many, context):
        self.count += 1
        return execute(sql, params, many, context)


def _describe(response, index):
    """What a page answered, for the report: the status, an exception's
    class (never its message), a redirect's path (URLs hold ids only)."""
    text = f"HTTP {response.status_code} on request {index + 1}"
    exc_info = getattr(response, "exc_info", None)
    if exc_info:
        text += f" ({exc_info[0].__name__})"
    if response.has_header("Location"):
        text += f" to {response['Location'].split('?')[0]}"
    return text


def measure(page, *, client, anonymous_client, role, repeat):
    """Request ``page`` once to warm up, then ``repeat`` times (the
    requests rotated through), in one rolled-back transaction."""
    used = anonymous_client if page.anonymous else client
    refusal_expected = page.lead_only and role != "lead"
    result = Result(label=page.label, name=page.name, outcome="measured")
    keep_session_alive(client)
    with override_settings(DEBUG=False), transaction.atomic():
        for index in range(repeat + 1):
            request = page.requests[index % len(page.requests)]
            counter = QueryCounter()
            with connection.execute_wrapper(counter):
                start = time.perf_counter()
                response, size = send(used, request)
                elapsed = (time.perf_counter() - start) * 1000
            status = response.status_code
            if refusal_expected:
                if status in page.refused:
                    result.outcome, result.detail = "refused", f"HTTP {status}, as designed"
                else:
                    result.outcome = "unexpected"
                    result.detail = _describe(response, index) + f"; expected {page.refused}"
                break
            if status != 200:
                result.outcome = "unexpected"
                result.detail = _describe(response, index) + "; expected 200"
                break
            if index == 0:
                continue  # the warm-up: caches, the connection, the templates
            result.times.append(elapsed)
            result.sizes.append(size)
            result.queries.append(counter.count)
        transaction.set_rollback(True)
    if result.outcome != "measured":
        result.times, result.sizes, result.queries = [], [], []
    return result


# --- The report -------------------------------------------------------------------

HEADER = f"{'page':<62} {'median ms':>9} {'p95 ms':>8} {'queries':>8} {'KB':>7}"


def table(results):
    """The measured pages, slowest 95th percentile first, then the others."""
    measured = sorted(
        (r for r in results if r.outcome == "measured"), key=lambda r: (-r.p95, r.label)
    )
    lines = [HEADER]
    for r in measured:
        queries = f"{min(r.queries)}-{max(r.queries)}"
        lines.append(f"{r.label:<62} {r.median:>9.1f} {r.p95:>8.1f} {queries:>8} {r.kb:>7.1f}")
    for outcome, title in (
        ("unexpected", "Unexpected answers (not measured)"),
        ("refused", "Not for this role (refused by design)"),
        ("skipped", "Skipped"),
    ):
        rows = [r for r in results if r.outcome == outcome]
        if rows:
            lines += ["", f"{title}: {len(rows)}"]
            lines += [f"  {label}: {detail}" for label, detail in _grouped(rows)]
    return lines


def _grouped(rows):
    """``(label, detail)`` by label; the URL names of a namespace skipped as
    a whole (the admin) on one line."""
    single, namespaces = [], {}
    for r in rows:
        namespace = r.name.split(":")[0] if ":" in r.name else None
        if r.outcome == "skipped" and namespace in SKIPPED_NAMESPACES:
            namespaces.setdefault(namespace, []).append(r)
        else:
            single.append((r.label, r.detail))
    for namespace, grouped in namespaces.items():
        label = f"{namespace}:* ({len(grouped)} URL names)"
        single.append((label, SKIPPED_NAMESPACES[namespace].reason))
    return sorted(single)
