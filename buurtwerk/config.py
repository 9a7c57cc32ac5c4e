"""Small typed helpers that turn environment variables into settings.

Everything that differs between machines is read here, with a safe default
for local use. A bad value raises ``ConfigError`` with a one-line message
that says what is wrong and how to fix it; ``manage.py`` prints that line
instead of a traceback.
"""

import os
import secrets
from pathlib import Path
from urllib.parse import parse_qsl, unquote, urlsplit

from django.core.exceptions import ImproperlyConfigured

TRUE_VALUES = {"1", "true", "yes", "on"}
FALSE_VALUES = {"0", "false", "no", "off", ""}
SECRET_KEY_MIN_LENGTH = 50
SECRET_KEY_MIN_UNIQUE_CHARACTERS = 5
#: The database cache's table; buurtwerk/migrations/0002_cache_table.py creates it.
CACHE_TABLE = "buurtwerk_cache"
REDIS_SCHEMES = {"redis", "rediss", "unix"}
#: The pool's sizes, read only when DATABASE_POOL is on (``database_pool``).
POOL_SETTINGS = ("DATABASE_POOL_MIN_SIZE", "DATABASE_POOL_MAX_SIZE", "DATABASE_POOL_TIMEOUT")


class ConfigError(ImproperlyConfigured):
    """A setting from the environment is missing or malformed."""


def env(name, default=""):
    return os.environ.get(name, default)


def envbool(name, default):
    return _boolean(name, os.environ.get(name, default))


def _boolean(name, value):
    value = value.strip().lower()
    if value in TRUE_VALUES:
        return True
    if value in FALSE_VALUES:
        return False
    raise ConfigError(f"{name}={value!r} is not a boolean: use true or false.")


def envint(name, default):
    value = os.environ.get(name, default)
    try:
        return int(value)
    except ValueError:
        raise ConfigError(f"{name}={value!r} is not a whole number.") from None


def envlist(name, default=""):
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


def parse_database_url(url):
    """Turn ``postgres://user:password@host:port/name?option=value`` into a
    Django ``DATABASES`` entry. Only PostgreSQL is accepted."""
    hint = "expected postgres://USER:PASSWORD@HOST:PORT/NAME"
    try:
        parts = urlsplit(url)
        port = parts.port
    except ValueError as exc:
        raise ConfigError(f"DATABASE_URL is malformed ({exc}); {hint}.") from None
    if parts.scheme not in {"postgres", "postgresql", "pgsql"}:
        scheme = parts.scheme or "(none)"
        raise ConfigError(
            f"DATABASE_URL has scheme {scheme!r}; Buurtwerk runs on PostgreSQL only: {hint}."
        )
    name = unquote(parts.path.lstrip("/"))
    if not name or "/" in name:
        raise ConfigError(f"DATABASE_URL names no database; {hint}.")
    options = dict(parse_qsl(parts.query))
    host = unquote(parts.hostname or "") or options.pop("host", "")
    return {
        "ENGINE": "django.db.backends.postgresql",
        "NAME": name,
        "USER": unquote(parts.username or ""),
        "PASSWORD": unquote(parts.password or ""),
        "HOST": host,
        "PORT": str(port or ""),
        "OPTIONS": options,
    }


def database_pool(in_url=None):
    """``OPTIONS["pool"]`` for Django's psycopg pool, or None for no pool.

    On with ``DATABASE_POOL=true`` or ``?pool=true`` in ``DATABASE_URL``
    (``in_url``, the option's text); when both are given they must agree.
    ``DATABASE_POOL_MIN_SIZE``, ``DATABASE_POOL_MAX_SIZE`` (connections kept
    and at most opened by each process) and ``DATABASE_POOL_TIMEOUT``
    (seconds a request waits for a free connection) are refused while the
    pool is off, so a size is never set in vain."""
    from_url = None if in_url is None else _boolean("DATABASE_URL's pool option", in_url)
    from_env = envbool("DATABASE_POOL", "false") if env("DATABASE_POOL").strip() else None
    if None not in (from_url, from_env) and from_url != from_env:
        raise ConfigError(
            f"DATABASE_POOL={str(from_env).lower()} and ?pool={in_url} in DATABASE_URL "
            "disagree: set one of them."
        )
    if not (from_url or from_env):
        for name in POOL_SETTINGS:
            if env(name).strip():
                raise ConfigError(
                    f"{name} is set but the connection pool is off: set DATABASE_POOL=true "
                    f"(or unset {name})."
                )
        return None
    try:
        import psycopg_pool  # noqa: F401 - Django's pool is psycopg's
    except ImportError:
        raise ConfigError(
            "DATABASE_POOL is on but psycopg_pool is not installed: pip install "
            "'psycopg[pool]' (or unset DATABASE_POOL)."
        ) from None
    pool = {
        "min_size": envint("DATABASE_POOL_MIN_SIZE", "1"),
        "max_size": envint("DATABASE_POOL_MAX_SIZE", "4"),
        "timeout": envint("DATABASE_POOL_TIMEOUT", "10"),
    }
    if pool["min_size"] < 0 or pool["max_size"] < max(pool["min_size"], 1):
        raise ConfigError(
            f"DATABASE_POOL_MIN_SIZE={pool['min_size']} and DATABASE_POOL_MAX_SIZE="
            f"{pool['max_size']}: the maximum must be at least 1 and at least the minimum."
        )
    if pool["timeout"] <= 0:
        raise ConfigError(f"DATABASE_POOL_TIMEOUT={pool['timeout']} must be at least 1 second.")
    return pool


def conn_max_age(*, pooled):
    """``CONN_MAX_AGE`` (seconds a connection is kept for the next request).
    With the pool it must be 0, the only value Django accepts with one: the
    pool keeps the connections instead."""
    if not pooled:
        return envint("CONN_MAX_AGE", "60")
    value = envint("CONN_MAX_AGE", "0")
    if value != 0:
        raise ConfigError(
            f"CONN_MAX_AGE={value} and the connection pool (DATABASE_POOL) exclude each "
            "other: the pool keeps the connections; unset CONN_MAX_AGE or set it to 0."
        )
    return 0


def cache_settings(redis_url):
    """``CACHES``: one cache shared by every process of the deployment.
    Redis at ``redis_url`` when given (``redis://HOST:PORT/DB``), else a
    table in the database, which needs no server of its own."""
    if not redis_url:
        return {
            "default": {
                "BACKEND": "django.core.cache.backends.db.DatabaseCache",
                "LOCATION": CACHE_TABLE,
                # Culling at Django's default of 300 entries could drop a
                # two-factor code's "used" mark early: keep far more.
                "OPTIONS": {"MAX_ENTRIES": 100_000},
            }
        }
    scheme = urlsplit(redis_url).scheme
    if scheme not in REDIS_SCHEMES:
        raise ConfigError(
            f"REDIS_URL has scheme {scheme or '(none)'!r}: expected redis://HOST:PORT/DB "
            "(or rediss:// with TLS, unix:///path/to/socket)."
        )
    try:
        import redis  # noqa: F401 - Django's RedisCache needs it
    except ImportError:
        raise ConfigError(
            "REDIS_URL is set but the redis package is not installed: pip install redis "
            "(or unset REDIS_URL to use the database cache)."
        ) from None
    return {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": redis_url,
        }
    }


def is_weak_secret_key(key):
    """The same test Django's ``check --deploy`` applies (security.W009)."""
    return (
        len(key) < SECRET_KEY_MIN_LENGTH
        or len(set(key)) < SECRET_KEY_MIN_UNIQUE_CHARACTERS
        or key.startswith("django-insecure-")
    )


def secret_key(*, debug, var_dir: Path):
    """``SECRET_KEY`` from the environment. Locally (DEBUG on) one is
    generated once into ``var/secret_key``; in production a missing or weak
    key stops the app from starting."""
    key = os.environ.get("SECRET_KEY", "")
    if not debug:
        if not key:
            raise ConfigError(
                "SECRET_KEY is not set. Set it to at least 50 random characters, e.g. "
                "the output of: python -c 'import secrets; print(secrets.token_urlsafe(50))'"
            )
        if is_weak_secret_key(key):
            raise ConfigError(
                "SECRET_KEY is too weak: use at least 50 random characters "
                "(5 or more different ones), not starting with 'django-insecure-'."
            )
        return key
    if key:
        return key
    path = var_dir / "secret_key"
    if not path.exists():
        var_dir.mkdir(parents=True, exist_ok=True)
        path.write_text(secrets.token_urlsafe(50))
        path.chmod(0o600)
    return path.read_text().strip()
