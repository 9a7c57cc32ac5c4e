"""Fault test: records survive a killed web worker and a killed database.

``make fault-test`` (or ``.venv/bin/python tests/fault/run.py``). On
loopback only, in a fresh var directory under /tmp with its own embedded
PostgreSQL holding the small demo (built once a day into
var/fault-template: migrate, seed_demo, collectstatic, then copied), in
under 90 seconds after that set-up:

1. gunicorn with 3 sync workers serves Buurtwerk with DEBUG off;
2. 10 simulated workers (threads; 8 demo users, two of them twice) log in
   and, through the real forms, log conversations and door knocks: GET the
   form, POST it with its CSRF token and one-time ``submission_token``; on a
   dropped connection or a server error they send the same POST again, with
   the same token, as a phone would, until it is acknowledged (a redirect);
3. meanwhile one gunicorn worker and then the PostgreSQL postmaster are
   killed with SIGKILL;
4. it compares what was acknowledged with what is stored: every
   conversation carries a unique marker in its notes, every door knock is
   on an address that only one thread knocks in this run.

It prints acknowledged, stored, lost and duplicated records and exits 1 on
any loss, duplicate or action that was never acknowledged. Not collected
by pytest (the file is not named ``test_*.py``).
"""

import argparse
import datetime
import hashlib
import http.client
import importlib.metadata
import json
import os
import random
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from dataclasses import dataclass, field
from html.parser import HTMLParser
from http.cookies import SimpleCookie
from pathlib import Path
from urllib.parse import urlencode
from zoneinfo import ZoneInfo

ROOT = Path(__file__).resolve().parents[2]
PYTHON = ROOT / ".venv" / "bin" / "python"
GUNICORN = ROOT / ".venv" / "bin" / "gunicorn"
PASSWORD = "buurtwerk-demo-2026"  # the demo users' (README)
THREADS = 10
GUNICORN_WORKERS = 3
KILL_WORKER_AT = 6.0  # seconds after the load starts
KILL_DATABASE_AT = 14.0
LOAD_SECONDS = 24.0  # no new actions after this
ACTION_DEADLINE = 40.0  # one action keeps retrying this long
HARD_LIMIT = 90  # seconds from the copied database to the verdict
TEMPLATE = ROOT / "var" / "fault-template"  # the seeded database, reused for a day


def log(message):
    print(f"[{time.strftime('%H:%M:%S')}] {message}", flush=True)


# --- The deployment under test -------------------------------------------------


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def environment(var_dir, port):
    """Production settings (DEBUG off) on the embedded server, over plain
    HTTP on loopback."""
    cleared = {"DATABASE_URL", "REDIS_URL", "DJANGO_SETTINGS_MODULE", "EMAIL_HOST"}
    env = {k: v for k, v in os.environ.items() if k not in cleared}
    return env | {
        "DEBUG": "false",
        "BUURTWERK_EMBEDDED_DB": "true",
        "BUURTWERK_DEMO": "true",
        "BUURTWERK_VAR_DIR": str(var_dir),
        "SECRET_KEY": secrets.token_urlsafe(50),
        "ALLOWED_HOSTS": "127.0.0.1",
        "CSRF_TRUSTED_ORIGINS": f"http://127.0.0.1:{port}",
        "EMAIL_BACKEND": "django.core.mail.backends.locmem.EmailBackend",
        "SECURE_SSL_REDIRECT": "false",
        "SESSION_COOKIE_SECURE": "false",
        "CSRF_COOKIE_SECURE": "false",
        "SECURE_HSTS_SECONDS": "0",
        "STATIC_ROOT": str(TEMPLATE / "static"),
        "LOG_LEVEL": "WARNING",
    }


def last_line(output):
    return output.strip().splitlines()[-1]


def manage(env, *args, timeout=90):
    result = subprocess.run(
        [str(PYTHON), "manage.py", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=timeout,
    )
    if result.returncode != 0:
        raise SystemExit(f"manage.py {' '.join(args[:2])} failed:\n{result.stderr[-3000:]}")
    return result.stdout


# What each simulated worker may do: run in the deployment's Django.
PLAN = """
import json
from django.urls import reverse
from django.utils import timezone
from accounts.models import User
from contacts.models import DoorKnock, Resident, Round
from django.db.models import Q

plan = {"not_home": DoorKnock.Outcome.NOT_HOME.value, "users": {}}
today = timezone.localdate()
for user in User.objects.filter(username__startswith="buurtwerker").order_by("username"):
    rounds = Round.objects.filter(Q(worker=user) | Q(second_worker=user), planned_for=today)
    knocks = [
        (round_.pk, address_pk)
        for round_ in rounds.order_by("pk")
        # Doors not yet done in the round: a tap within the undo time of the
        # demo's latest knocks (walked "until now") would change that knock
        # instead of adding one, and be counted as lost.
        for address_pk in round_.addresses.exclude(
            pk__in=DoorKnock.objects.filter(round=round_).values("address")
        ).order_by("pk").values_list("pk", flat=True)
    ]
    residents = [
        str(resident.pk)
        for resident in Resident.objects.visible_to(user).filter(status=Resident.Status.ACTIVE)
        .order_by("pk")[:400]
        if resident.may_store
    ][:100]
    plan["users"][user.username] = {
        "knocks": knocks,
        "conversation_urls": [
            reverse("contacts:conversation_for_resident", args=[pk]) for pk in residents
        ],
    }
print(json.dumps(plan))
"""

# What was stored since the run started: markers of conversations, and
# door knocks per (round, address).
STORED = """
import json, sys
from collections import Counter
from django.utils.dateparse import parse_datetime
from contacts.models import Conversation, DoorKnock

marker, since = {marker!r}, parse_datetime({since!r})
notes = Counter(
    Conversation.objects.filter(notes__startswith=marker).values_list("notes", flat=True)
)
knocks = Counter(
    f"{{round_id}}/{{address_id}}"
    for round_id, address_id in DoorKnock.objects.filter(knocked_at__gte=since)
    .values_list("round_id", "address_id")
)
print(json.dumps({{"conversations": notes, "knocks": knocks}}))
"""


# --- A phone: HTTP with cookies, forms parsed from the page ---------------------


class Forms(HTMLParser):
    """The forms of a page, each {action, method, fields: [(name, value)],
    buttons: [(name, value)]}: what a browser would send without pressing a
    named button, and the named buttons (tapping one adds its pair)."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.forms, self._form, self._select, self._textarea = [], None, None, None

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "form":
            self._form = {
                "action": a.get("action", ""),
                "method": a.get("method", "get").lower(),
                "fields": [],
                "buttons": [],
            }
            self.forms.append(self._form)
        elif self._form is None:
            return
        elif tag == "button" and a.get("name") and a.get("type", "submit").lower() == "submit":
            self._form["buttons"].append((a["name"], a.get("value", "")))
        elif tag == "input" and a.get("name"):
            kind = a.get("type", "text").lower()
            if kind in {"submit", "button", "image", "file", "reset"}:
                return
            if kind in {"checkbox", "radio"} and "checked" not in a:
                return
            default = "on" if kind in {"checkbox", "radio"} else ""
            self._form["fields"].append((a["name"], a.get("value", default)))
        elif tag == "select" and a.get("name"):
            self._select = {
                "name": a["name"],
                "first": None,
                "chosen": [],
                "multiple": "multiple" in a,
            }
        elif tag == "option" and self._select is not None:
            value = a.get("value", "")
            if self._select["first"] is None:
                self._select["first"] = value
            if "selected" in a:
                self._select["chosen"].append(value)
        elif tag == "textarea" and a.get("name"):
            self._textarea = [a["name"], ""]

    def handle_data(self, data):
        if self._textarea is not None:
            self._textarea[1] += data

    def handle_endtag(self, tag):
        if tag == "form":
            self._form = None
        elif tag == "select" and self._select is not None and self._form is not None:
            chosen = self._select["chosen"]
            if not chosen and not self._select["multiple"]:  # a browser sends the first
                chosen = [self._select["first"] or ""]
            self._form["fields"] += [(self._select["name"], value) for value in chosen]
            self._select = None
        elif tag == "textarea" and self._textarea is not None and self._form is not None:
            self._form["fields"].append((self._textarea[0], self._textarea[1].lstrip("\n")))
            self._textarea = None


def forms_of(html):
    parser = Forms()
    parser.feed(html)
    return parser.forms


class Retry(Exception):
    """The request did not get an answer, or got a server error."""


class Phone:
    def __init__(self, port, stats):
        self.port, self.stats, self.cookies = port, stats, {}

    def request(self, method, path, fields=None):
        body = urlencode(fields).encode() if fields is not None else None
        headers = {"Cookie": "; ".join(f"{k}={v}" for k, v in self.cookies.items())}
        if body is not None:
            headers["Content-Type"] = "application/x-www-form-urlencoded"
            headers["Origin"] = f"http://127.0.0.1:{self.port}"
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=20)
        try:
            connection.request(method, path, body=body, headers=headers)
            response = connection.getresponse()
            content = response.read().decode("utf-8", "replace")
        except (OSError, http.client.HTTPException) as error:
            self.stats.count("connection errors")
            raise Retry(type(error).__name__) from None
        finally:
            connection.close()
        for header in response.headers.get_all("Set-Cookie") or []:
            for name, morsel in SimpleCookie(header).items():
                self.cookies[name] = morsel.value
        if response.status >= 500:
            self.stats.count(f"answers {response.status}")
            raise Retry(str(response.status))
        return response.status, response.headers.get("Location", ""), content

    def until_answered(self, method, path, fields=None, deadline=None):
        """The same request until it is answered without a server error."""
        pause = 0.2
        while True:
            try:
                return self.request(method, path, fields)
            except Retry:
                if time.monotonic() > deadline:
                    raise
                self.stats.count("retries")
                time.sleep(pause)
                pause = min(pause * 2, 2.0)

    def form(self, path, deadline, match):
        status, _location, html = self.until_answered("GET", path, deadline=deadline)
        if status != 200:
            raise AssertionError(f"GET {path}: {status}")
        for found in forms_of(html):
            if found["method"] == "post" and match(found):
                return found
        raise AssertionError(f"GET {path}: no such form")

    def log_in(self, username, deadline):
        found = self.form("/account/login/", deadline, lambda f: "/login/" in f["action"])
        fields = dict(found["fields"]) | {"login": username, "password": PASSWORD}
        while True:
            status, _location, _html = self.until_answered(
                "POST", found["action"], fields, deadline=deadline
            )
            # 429: allauth's rate limit could not reach its cache (the
            # database) and refused; a person would try again.
            if status != 429 or time.monotonic() > deadline:
                break
            self.stats.count("answers 429")
            time.sleep(1)
        if status != 302:
            raise AssertionError(f"{username} did not get in ({status})")


# --- The simulated workers --------------------------------------------------------


@dataclass
class Stats:
    lock: threading.Lock = field(default_factory=threading.Lock)
    counts: dict = field(default_factory=dict)
    conversations: set = field(default_factory=set)  # acknowledged markers
    knocks: set = field(default_factory=set)  # acknowledged "round/address"
    gave_up: list = field(default_factory=list)
    rejected: list = field(default_factory=list)
    acked_after_database_kill: int = 0
    database_killed: bool = False

    def count(self, what):
        with self.lock:
            self.counts[what] = self.counts.get(what, 0) + 1

    def acknowledged(self, kind, key):
        with self.lock:
            getattr(self, kind).add(key)
            if self.database_killed:
                self.acked_after_database_kill += 1


def has_token(form):
    return any(name == "submission_token" for name, _value in form["fields"])


def simulated_worker(number, username, work, plan, port, marker, load, stats):
    """Logs in, waits for the load to start (``load.started``), then logs
    conversations and door knocks until ``load.stop_at``."""
    phone = Phone(port, stats)
    rng = random.Random(number)
    knocks = list(work["knocks"])
    urls = work["conversation_urls"]
    try:
        phone.log_in(username, time.monotonic() + ACTION_DEADLINE)
    except (Retry, AssertionError) as error:
        stats.gave_up.append(f"{username} log in: {error}")
        return
    finally:
        load.logged_in.release()
    load.started.wait()
    sequence = 0
    while time.monotonic() < load.stop_at:
        sequence += 1
        deadline = time.monotonic() + ACTION_DEADLINE
        try:
            if knocks and rng.random() < 0.5:
                round_pk, address_pk = knocks.pop(0)
                action = f"/rondes/{round_pk}/adressen/{address_pk}/"
                found = phone.form(
                    f"/rondes/{round_pk}/",
                    deadline,
                    lambda f, a=action: (
                        f["action"] == a and ("outcome", plan["not_home"]) in f["buttons"]
                    ),
                )
                fields = dict(found["fields"]) | {"outcome": plan["not_home"]}  # that button
                key, kind = f"{round_pk}/{address_pk}", "knocks"
            else:
                action = rng.choice(urls)
                found = phone.form(
                    action,
                    deadline,
                    lambda f: any(n == "submission_token" for n, _ in f["fields"]),
                )
                key = f"{marker}{number}-{sequence}"
                kind, fields = "conversations", found["fields"]
                fields = [(n, v) for n, v in fields if n != "notes"] + [("notes", key)]
                action = found["action"] or action
            status, _location, html = phone.until_answered("POST", action, fields, deadline)
            if status == 302:
                stats.acknowledged(kind, key)
            else:
                errors = [line.strip() for line in html.splitlines() if "invalid-feedback" in line]
                stats.rejected.append(f"{kind} {key}: {status} {errors[:2]}")
        except Retry as error:
            stats.gave_up.append(f"{username} #{sequence}: no answer ({error})")
        except AssertionError as error:
            stats.gave_up.append(f"{username} #{sequence}: {error}")


class Load:
    def __init__(self):
        self.logged_in = threading.Semaphore(0)
        self.started = threading.Event()
        self.stop_at = None


# --- The run -----------------------------------------------------------------------


def start_gunicorn(env, port, log_file):
    return subprocess.Popen(
        [
            str(GUNICORN),
            "buurtwerk.wsgi",
            "--workers",
            str(GUNICORN_WORKERS),
            "--bind",
            f"127.0.0.1:{port}",
            "--timeout",
            "30",
            "--graceful-timeout",
            "5",
            "--access-logfile",
            "-",
            "--access-logformat",
            '%(t)s %(p)s "%(r)s" %(s)s %(L)ss',
        ],
        cwd=ROOT,
        env=env,
        stdout=log_file,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )


def wait_until_serving(port, seconds=30):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            connection = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
            connection.request("GET", "/account/login/")
            if connection.getresponse().status == 200:
                return
        except OSError:
            pass
        time.sleep(0.2)
    raise SystemExit("gunicorn did not answer within 30 s")


def template_key():
    """What the seeded database and the collected static files depend on:
    the migrations, the demo's code, the static files, the versions
    installed, and today's date (the demo plans each worker a round today)."""
    today = datetime.datetime.now(ZoneInfo("Europe/Amsterdam")).date()  # settings.TIME_ZONE
    digest = hashlib.sha256(today.isoformat().encode())
    versions = sorted(f"{d.name}=={d.version}" for d in importlib.metadata.distributions())
    digest.update("\n".join(versions).encode())
    paths = [*ROOT.glob("*/migrations/*.py"), *ROOT.glob("demo/**/*.py")]
    paths += ROOT.glob("static/**/*")
    for path in sorted(p for p in paths if p.is_file()):
        digest.update(str(path.relative_to(ROOT)).encode() + path.read_bytes())
    return digest.hexdigest()


def prepare(env, var_dir):
    """The small demo in var_dir/postgres and the static files: built once
    a day into var/fault-template (migrate, seed_demo, collectstatic take a
    minute on a busy machine), then copied."""
    key = template_key()
    key_file = TEMPLATE / "key"
    if not key_file.exists() or key_file.read_text() != key:
        log(f"building {TEMPLATE}: migrate, seed_demo --scale small, collectstatic")
        shutil.rmtree(TEMPLATE, ignore_errors=True)
        TEMPLATE.mkdir(parents=True)
        template_env = env | {"BUURTWERK_VAR_DIR": str(TEMPLATE)}
        try:
            manage(template_env, "migrate", "--noinput")
            manage(template_env, "seed_demo", "--scale", "small")
            manage(template_env, "collectstatic", "--noinput", "--verbosity", "0")
        finally:
            manage(template_env, "embedded_db", "stop")
        key_file.write_text(key)
    # cp -a keeps the owner (run as root, the data belong to PostgreSQL's own user).
    subprocess.run(["cp", "-a", str(TEMPLATE / "postgres"), str(var_dir / "postgres")], check=True)


def postmaster_pid(var_dir):
    return int((var_dir / "postgres" / "postmaster.pid").read_text().split()[0])


def gunicorn_workers(master):
    import psutil

    return [child.pid for child in psutil.Process(master.pid).children()]


def over_the_limit(_signum, _frame):
    raise SystemExit(f"FAILED: the fault test ran longer than {HARD_LIMIT} s after its set-up")


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--keep", action="store_true", help="keep the var directory")
    options = parser.parse_args()

    started = time.monotonic()
    signal.signal(signal.SIGALRM, over_the_limit)

    var_dir = Path(tempfile.mkdtemp(prefix="buurtwerk-fault-"))
    var_dir.chmod(0o755)  # run as root, PostgreSQL runs as its own user
    port = free_port()
    env = environment(var_dir, port)
    gunicorn = None
    log_path = var_dir / "gunicorn.log"
    try:
        prepare(env, var_dir)
        signal.alarm(HARD_LIMIT)
        plan = json.loads(last_line(manage(env, "shell", "--no-imports", "-c", PLAN)))
        usernames = sorted(plan["users"])
        log(f"set-up done after {time.monotonic() - started:.0f} s; gunicorn on :{port}")

        with open(log_path, "w") as log_file:
            gunicorn = start_gunicorn(env, port, log_file)
            wait_until_serving(port)

            # Every door is knocked by one thread only: threads that share a
            # user (there are 8 demo workers) split its doors, and a round
            # of two workers goes to the first.
            assignments, taken = [], set()
            for number in range(THREADS):
                username = usernames[number % len(usernames)]
                sharing = [n for n in range(THREADS) if usernames[n % len(usernames)] == username]
                work = dict(plan["users"][username])
                mine = work["knocks"][sharing.index(number) :: len(sharing)]
                work["knocks"] = [door for door in mine if tuple(door) not in taken]
                taken.update(tuple(door) for door in work["knocks"])
                assignments.append((number, username, work))

            run_marker = f"fault-{uuid.uuid4().hex[:8]}-"
            since = datetime.datetime.now(datetime.UTC).isoformat()
            stats = Stats()
            load = Load()
            threads = [
                threading.Thread(
                    target=simulated_worker,
                    args=(number, username, work, plan, port, run_marker, load, stats),
                    daemon=True,
                )
                for number, username, work in assignments
            ]
            for thread in threads:
                thread.start()
            for _thread in threads:  # logging in (PBKDF2) is not the load
                load.logged_in.acquire(timeout=ACTION_DEADLINE)
            log(f"{THREADS} simulated workers logged in; load for {LOAD_SECONDS:.0f} s")
            load_started = time.monotonic()
            stop_at = load.stop_at = load_started + LOAD_SECONDS
            load.started.set()

            time.sleep(max(0, load_started + KILL_WORKER_AT - time.monotonic()))
            worker_pid = random.Random(1).choice(gunicorn_workers(gunicorn))
            os.kill(worker_pid, signal.SIGKILL)
            log(f"killed gunicorn worker {worker_pid} (SIGKILL)")

            time.sleep(max(0, load_started + KILL_DATABASE_AT - time.monotonic()))
            database_pid = postmaster_pid(var_dir)
            with stats.lock:
                stats.database_killed = True
            os.kill(database_pid, signal.SIGKILL)
            log(f"killed the PostgreSQL postmaster {database_pid} (SIGKILL)")

            for thread in threads:
                thread.join(timeout=max(1, stop_at + ACTION_DEADLINE + 5 - time.monotonic()))
            load_seconds = time.monotonic() - load_started
            hanging = sum(thread.is_alive() for thread in threads)
        restarted = postmaster_pid(var_dir) != database_pid
        stored = json.loads(
            manage(
                env,
                "shell",
                "--no-imports",
                "-c",
                STORED.format(marker=run_marker, since=since),
            )
            .strip()
            .splitlines()[-1]
        )
    finally:
        if gunicorn is not None:
            os.killpg(gunicorn.pid, signal.SIGTERM)
            try:
                gunicorn.wait(15)
            except subprocess.TimeoutExpired:
                os.killpg(gunicorn.pid, signal.SIGKILL)
        subprocess.run(
            [str(PYTHON), "manage.py", "embedded_db", "stop"],
            cwd=ROOT,
            env=env,
            capture_output=True,
            timeout=60,
        )

    gunicorn_log = log_path.read_text()
    tracebacks = gunicorn_log.count("Traceback (most recent call last)")
    if not options.keep:
        shutil.rmtree(var_dir, ignore_errors=True)

    failures = []
    print()
    print(
        f"fault test: {THREADS} simulated workers, gunicorn with {GUNICORN_WORKERS} sync workers, "
        f"{LOAD_SECONDS:.0f} s of new actions ({load_seconds:.0f} s until all were answered)"
    )
    print(
        f"  killed gunicorn worker {worker_pid} at {KILL_WORKER_AT:.0f} s, "
        f"the postmaster {database_pid} at {KILL_DATABASE_AT:.0f} s; "
        f"PostgreSQL {'restarted by the app' if restarted else 'NOT restarted'}"
    )
    for kind, label in (("conversations", "conversations"), ("knocks", "door knocks")):
        acked = getattr(stats, kind)
        counts = stored[kind]
        ours = counts  # the run's markers; knocks since it started (nobody else knocks)
        lost = sorted(acked - set(counts))
        duplicates = sum(n - 1 for n in ours.values() if n > 1)
        unacknowledged = sorted(set(ours) - acked)
        print(
            f"  {label:<14} acknowledged {len(acked):4}   stored {sum(ours.values()):4}   "
            f"duplicates {duplicates}   lost {len(lost)}   "
            f"stored but not acknowledged {len(unacknowledged)}"
        )
        if lost:
            failures.append(f"{label} lost: {lost[:5]}")
        if duplicates:
            failures.append(f"{label} duplicated: {[k for k, n in ours.items() if n > 1][:5]}")
    counts = ", ".join(f"{what} {n}" for what, n in sorted(stats.counts.items())) or "none"
    print(f"  trouble seen by the phones: {counts}")
    print(f"  acknowledged after the database was killed: {stats.acked_after_database_kill}")
    print(f"  tracebacks in the gunicorn log: {tracebacks}")
    print(f"  runtime: {time.monotonic() - started:.0f} s")
    if stats.gave_up:
        failures.append(f"never acknowledged: {stats.gave_up[:5]}")
    if stats.rejected:
        failures.append(f"refused by the forms: {stats.rejected[:5]}")
    if hanging:
        failures.append(f"{hanging} simulated workers still waiting")
    if not restarted or not stats.acked_after_database_kill:
        failures.append("nothing was stored after the database was killed")
    if failures:
        print("FAILED:\n  " + "\n  ".join(failures))
        return 1
    print("OK: no record lost, none stored twice")
    return 0


if __name__ == "__main__":
    sys.exit(main())
