"""Requests per second through gunicorn, beside a trivial page of the same
stack (``health``: every middleware, no query of its own), in one run.

gunicorn (``GUNICORN_WORKERS`` sync workers, as on a 2-core server) serves
the project with DEBUG off on a free loopback port, against the database
this process uses, with this process's ``SECRET_KEY`` (so the sessions
logged in here are valid there) and the static files collected into a
temporary directory. A small client of threads and ``http.client`` sends
each page's requests, rotated, for a fixed time, with the role's session
cookie and ``X-Forwarded-Proto: https`` as the TLS proxy in front would.
Every page is then given as a share of the trivial page's requests/s.

Unlike the in-process measurement, the pages' writes are kept here: the
read-access-log rows of the pages that show residents (a few hundred), and
what the session middleware writes once a minute.
"""

import http.client
import importlib.util
import itertools
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter
from pathlib import Path
from urllib.parse import quote, urlencode

from django.conf import settings
from django.db import connection

from accesslog.models import AccessEvent
from demo.bench.inprocess import ACCEPT_ENCODING

GUNICORN_WORKERS = 2
HOST = "127.0.0.1"
START_TIMEOUT = 60  # seconds for collectstatic and for gunicorn to answer
REQUEST_TIMEOUT = 30


class ThroughputError(Exception):
    pass


def free_port():
    with socket.socket() as probe:
        probe.bind((HOST, 0))
        return probe.getsockname()[1]


def database_url():
    """This process's database as a ``DATABASE_URL`` for gunicorn."""
    db = connection.settings_dict
    if db["ENGINE"] != "django.db.backends.postgresql":
        raise ThroughputError(
            "--http needs a PostgreSQL server reachable by DATABASE_URL "
            "(the embedded server is not shared with gunicorn)."
        )
    credentials = quote(db["USER"] or "", safe="")
    if db["PASSWORD"]:
        credentials += ":" + quote(db["PASSWORD"], safe="")
    host, options = db["HOST"] or "", dict(db.get("OPTIONS") or {})
    if host.startswith("/"):  # a socket directory
        options["host"], host = host, ""
    netloc = f"{credentials}@{host}" + (f":{db['PORT']}" if db["PORT"] else "")
    query = urlencode({k: v for k, v in options.items() if isinstance(v, str)})
    return f"postgres://{netloc}/{quote(db['NAME'], safe='')}" + (f"?{query}" if query else "")


def environment(static_root):
    """Production settings (DEBUG off) for gunicorn; e-mail goes nowhere."""
    keep = {k: v for k, v in os.environ.items() if k not in {"DATABASE_URL", "DEBUG"}}
    return keep | {
        "DEBUG": "false",
        "SECRET_KEY": settings.SECRET_KEY,
        "ALLOWED_HOSTS": HOST,
        "DATABASE_URL": database_url(),
        "BUURTWERK_EMBEDDED_DB": "false",
        "BUURTWERK_DEMO": "false",
        "EMAIL_BACKEND": "django.core.mail.backends.locmem.EmailBackend",
        "STATIC_ROOT": str(static_root),
        "LOG_LEVEL": "WARNING",
    }


class Server:
    """gunicorn for the duration of a ``with`` block; ``port`` it listens on."""

    def __init__(self, *, progress):
        self.progress = progress
        self.port = free_port()
        self.process = None

    def __enter__(self):
        if importlib.util.find_spec("gunicorn") is None:
            raise ThroughputError("gunicorn is not installed (requirements/base.txt has it).")
        self._dir = tempfile.TemporaryDirectory(prefix="bench-http-")
        root = Path(self._dir.name)
        env = environment(root / "static")
        self.progress("collecting static files for gunicorn (DEBUG off)")
        collected = subprocess.run(
            [sys.executable, "manage.py", "collectstatic", "--noinput", "-v0"],
            cwd=settings.BASE_DIR,
            env=env,
            capture_output=True,
            text=True,
            timeout=START_TIMEOUT,
            check=False,
        )
        if collected.returncode != 0:
            self._dir.cleanup()
            raise ThroughputError(f"collectstatic failed: {collected.stderr[-2000:]}")
        self._log = open(root / "gunicorn.log", "w+")
        command = [
            sys.executable,
            "-m",
            "gunicorn",
            "buurtwerk.wsgi",
            "--workers",
            str(GUNICORN_WORKERS),
            "--worker-class",
            "sync",
            "--bind",
            f"{HOST}:{self.port}",
            "--timeout",
            "60",
            "--log-level",
            "warning",
        ]
        self.progress(f"starting gunicorn ({GUNICORN_WORKERS} sync workers) on {HOST}:{self.port}")
        self.process = subprocess.Popen(  # noqa: S603 - our own gunicorn, fixed arguments
            command, cwd=settings.BASE_DIR, env=env, stdout=self._log, stderr=self._log
        )
        try:
            self._wait_until_up()
        except BaseException:
            self.__exit__(None, None, None)
            raise
        return self

    def _wait_until_up(self):
        deadline = time.monotonic() + START_TIMEOUT
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise ThroughputError(f"gunicorn stopped at start:\n{self.log_tail()}")
            try:
                status, _size = fetch(self.port, "/health/")
            except OSError:
                time.sleep(0.2)
                continue
            if status == 200:
                return
            raise ThroughputError(
                f"gunicorn answers HTTP {status} on /health/:\n{self.log_tail()}"
            )
        raise ThroughputError(f"gunicorn did not answer within {START_TIMEOUT} s")

    def log_tail(self):
        self._log.flush()
        self._log.seek(0)
        return self._log.read()[-3000:]

    def __exit__(self, *exc):
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()  # the master stops its workers
            try:
                self.process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        self._log.close()
        self._dir.cleanup()


def fetch(port, path, cookie=""):
    """One GET as the proxy passes it on; (status, bytes read)."""
    headers = {
        "Host": HOST,
        "X-Forwarded-Proto": "https",
        "Accept-Encoding": ACCEPT_ENCODING,
        "Connection": "close",
    }
    if cookie:
        headers["Cookie"] = cookie
    conn = http.client.HTTPConnection(HOST, port, timeout=REQUEST_TIMEOUT)
    try:
        conn.request("GET", path, headers=headers)
        response = conn.getresponse()
        return response.status, len(response.read())
    finally:
        conn.close()


def load(port, paths, *, cookie, seconds, threads):
    """Send ``paths`` (rotated) from ``threads`` threads, each as soon as
    its last one is answered, for ``seconds``. Returns (answered 200 per
    second, median ms, other statuses and errors as a Counter)."""
    deadline = time.perf_counter() + seconds
    numbers = itertools.count()
    times, failures, lock = [], Counter(), threading.Lock()

    def client():
        while time.perf_counter() < deadline:
            path = paths[next(numbers) % len(paths)]
            start = time.perf_counter()
            try:
                status, _size = fetch(port, path, cookie)
            except OSError as error:
                status = type(error).__name__
            elapsed = (time.perf_counter() - start) * 1000
            with lock:
                if status == 200:
                    times.append(elapsed)
                else:
                    failures[f"HTTP {status}" if isinstance(status, int) else status] += 1

    began = time.perf_counter()
    pool = [threading.Thread(target=client, daemon=True) for _ in range(threads)]
    for thread in pool:
        thread.start()
    for thread in pool:
        thread.join()
    elapsed = time.perf_counter() - began
    return len(times) / elapsed, (statistics.median(times) if times else 0.0), failures


def measure(port, page, *, cookie, seconds, threads):
    """A page's row: warmed up (each of its first five URLs once, which must
    answer 200), then loaded. A dict for the report and the JSON."""
    paths = [request.path for request in page.requests]
    row = {"label": page.label, "url_name": page.name}
    for path in paths[:5]:
        status, _size = fetch(port, path, cookie)
        if status != 200:
            return row | {"outcome": "unexpected", "detail": f"HTTP {status} on warm-up"}
    rps, median, failures = load(port, paths, cookie=cookie, seconds=seconds, threads=threads)
    return row | {
        "outcome": "measured",
        "requests_per_s": round(rps, 1),
        "median_ms": round(median, 2),
        "failures": dict(failures),
    }


def add_ratios(rows):
    """Give every measured row its ``ratio`` to the trivial page (the mean
    of its measurements, at the start and at the end); returns that mean,
    or None when the trivial page was not measured."""
    trivial = [
        row["requests_per_s"]
        for row in rows
        if row["url_name"] == "health" and row["outcome"] == "measured"
    ]
    floor = statistics.mean(trivial) if trivial else None
    for row in rows:
        if row["outcome"] == "measured":
            row["ratio"] = round(row["requests_per_s"] / floor, 4) if floor else None
    return floor


def access_rows_since(moment):
    """How many read-access-log rows were written since ``moment``. One query."""
    return AccessEvent.objects.filter(at__gte=moment).count()


HEADER = f"{'page':<52} {'req/s':>8} {'% of trivial':>12} {'median ms':>9}  failures"


def table(rows):
    """The measured rows by requests/s, with their share of the trivial
    page's; then those not measured."""
    lines = [HEADER]
    measured = [row for row in rows if row["outcome"] == "measured"]
    for row in sorted(measured, key=lambda row: -row["requests_per_s"]):
        share = f"{100 * row['ratio']:.1f} %" if row.get("ratio") is not None else "-"
        failed = ", ".join(f"{k}: {v}" for k, v in sorted(row["failures"].items())) or "0"
        lines.append(
            f"{row['label']:<52} {row['requests_per_s']:>8.1f} {share:>12} "
            f"{row['median_ms']:>9.1f}  {failed}"
        )
    for row in rows:
        if row["outcome"] != "measured":
            lines.append(f"{row['label']:<52} not measured: {row['detail']}")
    return lines
