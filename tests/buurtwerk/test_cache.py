"""One cache for every process of the deployment (issue 11, point 3).

allauth marks a two-factor code as used, and counts failed codes, in
Django's cache. With a cache per process (Django's default, local memory)
each gunicorn worker had its own marks: one code opened a session in every
worker. These tests log in with one code from two processes at once."""

import importlib.util
import io
import os
import socket
import subprocess
import sys
import time
from urllib.parse import quote

import pytest
from django.conf import settings
from django.contrib.auth.hashers import PBKDF2PasswordHasher
from django.core.cache import cache
from django.core.management import call_command
from django.db import connection

from tests.accounts.factories import DEFAULT_PASSWORD, UserFactory, add_totp
from tests.accounts.helpers import totp_code
from tests.manage import ROOT, run_manage
from tests.shipped import load_shipped_rows

# Logs in with the password, says it is ready, waits for the word, then
# sends the code it was given: both processes send it at the same moment.
LOG_IN_WITH_THE_CODE = """
import os, time
from pathlib import Path
from django.test import Client

client = Client()
response = client.post(
    "/account/login/", {"login": os.environ["BW_LOGIN"], "password": os.environ["BW_PASSWORD"]}
)
assert response.status_code == 302, response.status_code
second_step = response["Location"]
Path(os.environ["BW_READY"]).touch()
go = Path(os.environ["BW_GO"])
deadline = time.monotonic() + 30
while not go.exists() or not go.read_text():
    assert time.monotonic() < deadline, "no go"
    time.sleep(0.005)
client.post(second_step, {"code": go.read_text()})
print("SESSION" if "_auth_user_id" in client.session else "REFUSED")
"""


# Logs in with the password, then sends BW_TRIES wrong codes; prints the
# error of each (allauth's error codes).
SEND_WRONG_CODES = """
import os
from django.test import Client
from django.test.utils import setup_test_environment

setup_test_environment()  # keeps the response's context
client = Client()
response = client.post(
    "/account/login/", {"login": os.environ["BW_LOGIN"], "password": os.environ["BW_PASSWORD"]}
)
assert response.status_code == 302, response.status_code
errors = []
for _ in range(int(os.environ["BW_TRIES"])):
    page = client.post(response["Location"], {"code": os.environ["BW_WRONG"]})
    errors += [error.code for error in page.context["form"].errors.as_data()["code"]]
print(" ".join(errors))
"""


def database_url():
    """The test database, for the processes started here."""
    db = connection.settings_dict
    user = quote(db["USER"] or "", safe="")
    password = f":{quote(db['PASSWORD'], safe='')}" if db.get("PASSWORD") else ""
    if db["HOST"].startswith("/"):  # the embedded server's Unix socket
        return f"postgres://{user}{password}@/{db['NAME']}?host={quote(db['HOST'])}"
    port = f":{db['PORT']}" if db.get("PORT") else ""
    return f"postgres://{user}{password}@{db['HOST']}{port}/{db['NAME']}"


def redis_reachable():
    try:
        socket.create_connection(("127.0.0.1", 6379), timeout=1).close()
    except OSError:
        return False
    return True


@pytest.fixture
def committed_user(transactional_db):
    """A worker with an authenticator app, committed, so that other
    processes see them. Their password is hashed with PBKDF2 (what those
    processes check against), with few rounds to stay fast."""
    user = UserFactory(username="tweeprocessen")
    user.password = PBKDF2PasswordHasher().encode(DEFAULT_PASSWORD, "zout1234", iterations=1000)
    user.save()
    add_totp(user)
    cache.clear()
    yield user
    cache.clear()  # committed here, and not a model's table: not emptied by the flush
    load_shipped_rows()  # a transactional test empties every table when it ends


def process_env(user, cache_env):
    """The environment of a process of the same deployment."""
    env = {k: v for k, v in os.environ.items() if k not in {"DATABASE_URL", "REDIS_URL"}}
    return env | {
        "DATABASE_URL": database_url(),
        "SECRET_KEY": settings.SECRET_KEY,  # the authenticator's secret is encrypted with it
        "BUURTWERK_MFA_KEY": settings.MFA_ENCRYPTION_KEY,
        "ALLOWED_HOSTS": "testserver",
        "BW_LOGIN": user.username,
        "BW_PASSWORD": DEFAULT_PASSWORD,
        **cache_env,
    }


TEST_REDIS_URL = "redis://127.0.0.1:6379/15"  # a database of its own, emptied around each test


@pytest.fixture(autouse=True)
def empty_test_redis():
    """Redis outlives a test run (CI runs the suite twice against one
    server): used codes and rate limits of a run before must not count."""
    if importlib.util.find_spec("redis") is None or not redis_reachable():
        yield
        return
    import redis

    client = redis.Redis.from_url(TEST_REDIS_URL)
    client.flushdb()
    yield
    client.flushdb()


CACHES = [
    pytest.param({}, id="database"),
    pytest.param(
        {"REDIS_URL": TEST_REDIS_URL},
        id="redis",
        marks=pytest.mark.skipif(
            importlib.util.find_spec("redis") is None or not redis_reachable(),
            reason="needs the redis package and a Redis server on 127.0.0.1:6379",
        ),
    ),
]


@pytest.mark.slow
@pytest.mark.parametrize("cache_env", CACHES)
def test_a_code_logs_in_once_whichever_process_gets_it(committed_user, tmp_path, cache_env):
    env = process_env(committed_user, cache_env) | {"BW_GO": str(tmp_path / "go")}
    processes = [
        subprocess.Popen(
            [sys.executable, "manage.py", "shell", "--no-imports", "-c", LOG_IN_WITH_THE_CODE],
            cwd=ROOT,
            env=env | {"BW_READY": str(tmp_path / f"ready{number}")},
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for number in (1, 2)
    ]
    try:
        deadline = time.monotonic() + 60
        while not all((tmp_path / f"ready{number}").exists() for number in (1, 2)):
            assert all(p.poll() is None for p in processes), [p.communicate() for p in processes]
            assert time.monotonic() < deadline, "the processes did not get to the code form"
            time.sleep(0.05)
        if time.time() % 30 > 25:  # not at the end of the code's 30 seconds
            time.sleep(30 - time.time() % 30 + 0.5)
        (tmp_path / "go").write_text(totp_code())
        results = [p.communicate(timeout=60) for p in processes]
    finally:
        for process in processes:
            process.kill()
    outcomes = sorted(stdout.strip().splitlines()[-1] for stdout, _stderr in results if stdout)
    assert outcomes == ["REFUSED", "SESSION"], results


@pytest.mark.slow
@pytest.mark.parametrize("cache_env", CACHES)
def test_wrong_codes_are_counted_across_processes(committed_user, cache_env):
    """5 wrong codes per user in 15 minutes (ACCOUNT_RATE_LIMITS), however
    many workers they are spread over: the sixth is refused unchecked."""
    wrong = "000000" if totp_code() != "000000" else "111111"
    env = process_env(committed_user, cache_env) | {"BW_WRONG": wrong, "BW_TRIES": "3"}
    first, second = (
        subprocess.run(
            [sys.executable, "manage.py", "shell", "--no-imports", "-c", SEND_WRONG_CODES],
            cwd=ROOT,
            env=env,
            capture_output=True,
            text=True,
            timeout=60,
        )
        for _ in range(2)
    )
    assert first.returncode == second.returncode == 0, first.stderr + second.stderr
    assert first.stdout.split() == ["incorrect_code"] * 3
    assert second.stdout.split() == ["incorrect_code"] * 2 + ["too_many_login_attempts"]


@pytest.mark.django_db
def test_the_migrations_create_the_cache_table():
    out = io.StringIO()
    call_command("createcachetable", dry_run=True, stdout=out)
    assert out.getvalue().strip() == "Cache table 'buurtwerk_cache' already exists."


@pytest.mark.slow
def test_a_value_set_by_one_process_is_seen_by_another(db):
    """The cache itself, without allauth: two ``manage.py shell`` runs."""
    key = f"gedeeld-{time.time_ns()}"
    env = {"DATABASE_URL": database_url(), "SECRET_KEY": settings.SECRET_KEY}
    code = "from django.core.cache import cache; print(cache.add({key!r}, 'ja', 60))"
    first = run_manage("shell", "--no-imports", "-c", code.format(key=key), **env)
    second = run_manage("shell", "--no-imports", "-c", code.format(key=key), **env)
    assert (first.stdout.strip(), second.stdout.strip()) == ("True", "False"), (
        first.stderr + second.stderr
    )
