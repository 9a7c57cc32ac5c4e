"""Running ``manage.py`` in a subprocess, for tests of what happens when
settings are read (each process reads them once) and of commands' exit
status and output."""

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
# Set by the developer's shell or by other tests; a test passes what it needs.
CLEARED = {
    "DATABASE_URL",
    "DATABASE_POOL",
    "DATABASE_POOL_MIN_SIZE",
    "DATABASE_POOL_MAX_SIZE",
    "DATABASE_POOL_TIMEOUT",
    "DATABASE_PGBOUNCER",
    "CONN_MAX_AGE",
    "SECRET_KEY",
    "DEBUG",
    "ALLOWED_HOSTS",
    "DJANGO_SETTINGS_MODULE",
    "DJANGO_ALLOW_ASYNC_UNSAFE",
    "BUURTWERK_EMBEDDED_DB",
    "EMAIL_HOST",
    "EMAIL_BACKEND",
    "REDIS_URL",
}


def run_manage(*args, **env):
    environment = {k: v for k, v in os.environ.items() if k not in CLEARED} | env
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=environment,
        capture_output=True,
        text=True,
        timeout=60,
    )
