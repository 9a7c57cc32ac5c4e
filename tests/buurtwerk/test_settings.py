"""Settings come from the environment; production refuses unsafe values.

These run ``manage.py`` in a subprocess with a controlled environment,
because settings are read once per process."""

import importlib.util
import secrets

import pytest

from buurtwerk.config import (
    ConfigError,
    conn_max_age,
    database_pool,
    is_weak_secret_key,
    parse_database_url,
)
from tests.manage import run_manage

STRONG_KEY = secrets.token_urlsafe(50)
#: What production must set (README, "Production"); the tests take one away.
PRODUCTION = {
    "DEBUG": "false",
    "SECRET_KEY": STRONG_KEY,
    "ALLOWED_HOSTS": "buurtwerk.example.org",
    "DATABASE_URL": "postgres://buurtwerk@db.example.org:5432/buurtwerk",
    "EMAIL_HOST": "smtp.example.org",
}


def without(*names, **extra):
    return {k: v for k, v in PRODUCTION.items() if k not in names} | extra


def run(args, tmp_path, **env):
    return run_manage(*args, BUURTWERK_VAR_DIR=str(tmp_path), **env)


def show_setting(expression, tmp_path, **env):
    code = f"from django.conf import settings; print({expression})"
    return run(["shell", "--no-imports", "-c", code], tmp_path, **env)


def test_production_settings_pass_the_deploy_check(tmp_path):
    result = run(["check", "--deploy", "--fail-level", "WARNING"], tmp_path, **PRODUCTION)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_production_defaults_are_the_secure_ones(tmp_path):
    result = show_setting(
        "settings.SECURE_SSL_REDIRECT, settings.SESSION_COOKIE_SECURE, "
        "settings.CSRF_COOKIE_SECURE, settings.LANGUAGE_COOKIE_SECURE, "
        "settings.SECURE_HSTS_SECONDS, settings.SECURE_PROXY_SSL_HEADER, "
        "settings.EMAIL_BACKEND",
        tmp_path,
        **PRODUCTION,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == (
        "True True True True 31536000 ('HTTP_X_FORWARDED_PROTO', 'https') "
        "django.core.mail.backends.smtp.EmailBackend"
    )


def assert_refused_in_one_line(result, name):
    assert result.returncode != 0
    assert name in result.stderr
    assert "Traceback" not in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1, result.stderr


def test_production_refuses_to_start_without_database_url(tmp_path):
    """Not silently on the embedded server in var/ (issue 11, point 5)."""
    result = run(["check"], tmp_path, **without("DATABASE_URL"))
    assert_refused_in_one_line(result, "DATABASE_URL")
    assert "BUURTWERK_EMBEDDED_DB=true" in result.stderr


def test_production_runs_on_the_embedded_server_only_when_asked_to(tmp_path):
    result = show_setting(
        "settings.DATABASES['default']['ENGINE']",
        tmp_path,
        **without("DATABASE_URL", BUURTWERK_EMBEDDED_DB="true"),
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "buurtwerk.dbbackend"


def test_database_url_and_the_embedded_server_are_not_both_chosen(tmp_path):
    result = run(["check"], tmp_path, **PRODUCTION, BUURTWERK_EMBEDDED_DB="true")
    assert_refused_in_one_line(result, "BUURTWERK_EMBEDDED_DB")


def test_production_refuses_to_start_without_email_host(tmp_path):
    """Password-reset links would go to the console (issue 11, point 5)."""
    result = run(["check"], tmp_path, **without("EMAIL_HOST"))
    assert_refused_in_one_line(result, "EMAIL_HOST")


def test_production_takes_an_explicit_email_backend_instead_of_email_host(tmp_path):
    backend = "django.core.mail.backends.filebased.EmailBackend"
    result = show_setting(
        "settings.EMAIL_BACKEND", tmp_path, **without("EMAIL_HOST", EMAIL_BACKEND=backend)
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == backend


@pytest.mark.parametrize(
    "key",
    ["", "short", "x" * 60, "django-insecure-" + "abcdefghij" * 5],
    ids=["missing", "short", "one-character", "django-insecure"],
)
def test_production_refuses_a_missing_or_weak_secret_key(tmp_path, key):
    result = run(["check"], tmp_path, DEBUG="false", SECRET_KEY=key, ALLOWED_HOSTS="example.org")
    assert result.returncode != 0
    assert "SECRET_KEY" in result.stderr
    assert "Traceback" not in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1


def test_production_refuses_empty_allowed_hosts(tmp_path):
    result = run(["check"], tmp_path, **without("ALLOWED_HOSTS"))
    assert_refused_in_one_line(result, "ALLOWED_HOSTS")


def test_a_local_secret_key_is_generated_once_into_var(tmp_path):
    first = show_setting("settings.SECRET_KEY", tmp_path)
    second = show_setting("settings.SECRET_KEY", tmp_path)
    assert first.returncode == 0, first.stderr
    assert first.stdout == second.stdout
    assert (tmp_path / "secret_key").read_text().strip() == first.stdout.strip()
    assert not is_weak_secret_key(first.stdout.strip())
    assert (tmp_path / "secret_key").stat().st_mode & 0o077 == 0


def test_local_defaults(tmp_path):
    result = show_setting(
        "settings.DEBUG, settings.LANGUAGE_CODE, settings.TIME_ZONE, settings.EMAIL_BACKEND",
        tmp_path,
    )
    assert result.stdout.split() == [
        "True",
        "nl",
        "Europe/Amsterdam",
        "django.core.mail.backends.console.EmailBackend",
    ]


def test_without_database_url_the_embedded_server_is_used(tmp_path):
    result = show_setting("settings.DATABASES['default']['ENGINE']", tmp_path)
    assert result.stdout.strip() == "buurtwerk.dbbackend"


def test_database_url_selects_that_server(tmp_path):
    result = show_setting(
        "settings.DATABASES['default']['ENGINE'], settings.DATABASES['default']['HOST']",
        tmp_path,
        DATABASE_URL="postgres://postgres@db.example.org:5433/buurtwerk",
    )
    assert result.stdout.split() == ["django.db.backends.postgresql", "db.example.org"]


@pytest.mark.parametrize(
    "url",
    ["mysql://u@h/db", "postgres://u@h:99999/db", "postgres://u@h/", "not a url"],
)
def test_a_malformed_database_url_gives_one_line(tmp_path, url):
    result = run(["check"], tmp_path, DATABASE_URL=url)
    assert result.returncode != 0
    assert "DATABASE_URL" in result.stderr
    assert "Traceback" not in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1


def test_the_cache_is_the_database_table_by_default(tmp_path):
    result = show_setting(
        "settings.CACHES['default']['BACKEND'], settings.CACHES['default']['LOCATION']",
        tmp_path,
    )
    assert result.stdout.split() == [
        "django.core.cache.backends.db.DatabaseCache",
        "buurtwerk_cache",
    ]


def test_redis_url_selects_redis(tmp_path):
    result = show_setting(
        "settings.CACHES['default']['BACKEND'], settings.CACHES['default']['LOCATION']",
        tmp_path,
        REDIS_URL="redis://127.0.0.1:6379/3",
    )
    if importlib.util.find_spec("redis") is None:
        # Without the package: one line saying what to install, no traceback.
        assert_refused_in_one_line(result, "pip install redis")
    else:
        assert result.stdout.split() == [
            "django.core.cache.backends.redis.RedisCache",
            "redis://127.0.0.1:6379/3",
        ]


def test_a_redis_url_of_another_scheme_gives_one_line(tmp_path):
    result = run(["check"], tmp_path, REDIS_URL="http://127.0.0.1:6379/0")
    assert_refused_in_one_line(result, "REDIS_URL")


def test_parse_database_url_reads_every_part():
    db = parse_database_url(
        "postgresql://bw%40org:p%2Fss@db.example.org:6543/buurt?sslmode=require"
    )
    assert db["ENGINE"] == "django.db.backends.postgresql"
    assert (db["USER"], db["PASSWORD"], db["HOST"], db["PORT"], db["NAME"]) == (
        "bw@org",
        "p/ss",
        "db.example.org",
        "6543",
        "buurt",
    )
    assert db["OPTIONS"] == {"sslmode": "require"}


def test_parse_database_url_takes_a_socket_directory_from_the_query():
    db = parse_database_url("postgres://postgres@/buurtwerk?host=/run/postgresql")
    assert db["HOST"] == "/run/postgresql"
    assert db["OPTIONS"] == {}


def test_parse_database_url_rejects_other_databases():
    with pytest.raises(ConfigError, match="PostgreSQL only"):
        parse_database_url("sqlite:///db.sqlite3")


# Connections: Django's psycopg pool, PgBouncer (issue 12, point 5)

DATABASE = "postgres://buurtwerk@db.example.org:5432/buurtwerk"


def show_database(tmp_path, *keys, **env):
    """The values of the default database's ``keys`` (``OPTIONS.pool``)."""
    expressions = []
    for key in keys:
        path = "".join(f"[{part!r}]" for part in key.split("."))
        expressions.append(f"settings.DATABASES['default']{path}")
    return show_setting(", ".join(expressions), tmp_path, **env)


def test_connections_are_kept_for_a_minute_without_a_pool(tmp_path):
    result = show_database(tmp_path, "CONN_MAX_AGE", "OPTIONS", DATABASE_URL=DATABASE)
    assert result.stdout.split() == ["60", "{}"]


def test_database_pool_turns_on_django_s_pool_instead_of_persistent_connections(tmp_path):
    result = show_database(
        tmp_path, "OPTIONS.pool", "CONN_MAX_AGE", DATABASE_URL=DATABASE, DATABASE_POOL="true"
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "{'min_size': 1, 'max_size': 4, 'timeout': 10} 0"


def test_the_pool_can_be_turned_on_in_database_url(tmp_path):
    result = show_database(
        tmp_path,
        "OPTIONS",
        DATABASE_URL=DATABASE + "?pool=true&sslmode=require",
        DATABASE_POOL_MAX_SIZE="8",
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == (
        "{'sslmode': 'require', 'pool': {'min_size': 1, 'max_size': 8, 'timeout': 10}}"
    )


def test_the_pool_and_conn_max_age_are_refused_together_in_one_line(tmp_path):
    result = run(
        ["check"], tmp_path, DATABASE_URL=DATABASE, DATABASE_POOL="true", CONN_MAX_AGE="60"
    )
    assert_refused_in_one_line(result, "CONN_MAX_AGE=60")
    assert "DATABASE_POOL" in result.stderr


@pytest.mark.parametrize("name", ["DATABASE_POOL", "DATABASE_PGBOUNCER"])
def test_the_pool_and_pgbouncer_need_database_url(tmp_path, name):
    """The embedded server is started again by a failing connection, which a
    pool would hold back; and it is reached on its own socket."""
    result = run(["check"], tmp_path, **{name: "true"})
    assert_refused_in_one_line(result, f"{name}=true needs DATABASE_URL")


def test_production_with_the_pool_and_pgbouncer_passes_the_deploy_check(tmp_path):
    result = run(
        ["check", "--deploy", "--fail-level", "WARNING"],
        tmp_path,
        **PRODUCTION,
        DATABASE_POOL="true",
        DATABASE_PGBOUNCER="true",
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_database_pgbouncer_keeps_nothing_in_the_session(tmp_path):
    """No server-side cursors (QuerySet.iterator()), no prepared statements
    (Django's default prepare_threshold=None stays), and TRANSACTION_POOLING
    for our own code (matches.suggestions)."""
    result = show_database(
        tmp_path,
        "DISABLE_SERVER_SIDE_CURSORS",
        "TRANSACTION_POOLING",
        "OPTIONS",
        DATABASE_URL=DATABASE,
        DATABASE_PGBOUNCER="true",
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["True", "True", "{}"]


def test_without_pgbouncer_nothing_is_marked(tmp_path):
    result = show_setting(
        "settings.DATABASES['default'].get('DISABLE_SERVER_SIDE_CURSORS'), "
        "settings.DATABASES['default'].get('TRANSACTION_POOLING')",
        tmp_path,
        DATABASE_URL=DATABASE,
    )
    assert result.stdout.split() == ["None", "None"]


def test_pgbouncer_refuses_psycopg_s_prepared_statements(tmp_path):
    result = run(
        ["check"],
        tmp_path,
        DATABASE_URL=DATABASE + "?prepare_threshold=5",
        DATABASE_PGBOUNCER="true",
    )
    assert_refused_in_one_line(result, "prepare_threshold")


def test_there_is_no_pool_unless_asked_for(monkeypatch):
    monkeypatch.delenv("DATABASE_POOL", raising=False)
    assert database_pool() is None
    assert database_pool("false") is None
    monkeypatch.setenv("DATABASE_POOL", "false")
    assert database_pool() is None


def test_the_pool_s_sizes_come_from_the_environment(monkeypatch):
    monkeypatch.setenv("DATABASE_POOL", "true")
    monkeypatch.setenv("DATABASE_POOL_MIN_SIZE", "2")
    monkeypatch.setenv("DATABASE_POOL_MAX_SIZE", "6")
    monkeypatch.setenv("DATABASE_POOL_TIMEOUT", "5")
    assert database_pool() == {"min_size": 2, "max_size": 6, "timeout": 5}
    assert database_pool("true") == {"min_size": 2, "max_size": 6, "timeout": 5}


def test_database_pool_and_the_url_must_agree(monkeypatch):
    monkeypatch.setenv("DATABASE_POOL", "false")
    with pytest.raises(ConfigError, match="disagree"):
        database_pool("true")


def test_a_pool_option_in_the_url_must_be_a_boolean(monkeypatch):
    monkeypatch.delenv("DATABASE_POOL", raising=False)
    with pytest.raises(ConfigError, match="pool option='big' is not a boolean"):
        database_pool("big")


@pytest.mark.parametrize("name", ["DATABASE_POOL_MIN_SIZE", "DATABASE_POOL_MAX_SIZE"])
def test_a_pool_size_without_the_pool_is_refused(monkeypatch, name):
    monkeypatch.delenv("DATABASE_POOL", raising=False)
    monkeypatch.setenv(name, "4")
    with pytest.raises(ConfigError, match=f"{name} is set but the connection pool is off"):
        database_pool()


@pytest.mark.parametrize(
    ("sizes", "message"),
    [
        ({"DATABASE_POOL_MIN_SIZE": "5", "DATABASE_POOL_MAX_SIZE": "2"}, "at least the minimum"),
        ({"DATABASE_POOL_MIN_SIZE": "0", "DATABASE_POOL_MAX_SIZE": "0"}, "at least 1"),
        ({"DATABASE_POOL_MIN_SIZE": "-1"}, "at least the minimum"),
        ({"DATABASE_POOL_TIMEOUT": "0"}, "at least 1 second"),
        ({"DATABASE_POOL_MAX_SIZE": "many"}, "not a whole number"),
    ],
)
def test_impossible_pool_sizes_are_refused(monkeypatch, sizes, message):
    monkeypatch.setenv("DATABASE_POOL", "true")
    for name, value in sizes.items():
        monkeypatch.setenv(name, value)
    with pytest.raises(ConfigError, match=message):
        database_pool()


def test_with_the_pool_conn_max_age_is_0(monkeypatch):
    monkeypatch.delenv("CONN_MAX_AGE", raising=False)
    assert conn_max_age(pooled=False) == 60
    assert conn_max_age(pooled=True) == 0
    monkeypatch.setenv("CONN_MAX_AGE", "0")
    assert conn_max_age(pooled=True) == 0
    monkeypatch.setenv("CONN_MAX_AGE", "300")
    assert conn_max_age(pooled=False) == 300
    with pytest.raises(ConfigError, match="exclude each other"):
        conn_max_age(pooled=True)


def test_production_static_files_collect_with_hashed_names(tmp_path):
    """The vendored assets carry no references to missing files (such as
    source maps), which would stop collectstatic with hashed names."""
    result = run(
        ["collectstatic", "--noinput"],
        tmp_path,
        **PRODUCTION,
        STATIC_ROOT=str(tmp_path / "static"),
    )
    assert result.returncode == 0, result.stderr
    manifest = (tmp_path / "static" / "staticfiles.json").read_text()
    assert "vendor/bootstrap-5.3.9/bootstrap.min.css" in manifest
    assert "vendor/htmx-2.0.11/htmx.min.js" in manifest


def test_a_replica_url_adds_the_replica_the_router_and_the_pin(tmp_path):
    """A read replica for the reports (buurtwerk/replica.py): its own
    server, the primary's settings otherwise, mirrored in tests."""
    result = show_setting(
        "settings.DATABASES['replica']['HOST'], settings.DATABASES['replica']['NAME'], "
        "settings.DATABASES['replica']['CONN_MAX_AGE'], "
        "settings.DATABASES['replica']['TEST']['MIRROR'], settings.DATABASE_ROUTERS, "
        "'buurtwerk.replica.PinAfterWriteMiddleware' in settings.MIDDLEWARE",
        tmp_path,
        DATABASE_URL=DATABASE,
        DATABASE_REPLICA_URL="postgres://reader@replica.example.org:5432/buurtwerk",
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == (
        "replica.example.org buurtwerk 60 default ['buurtwerk.replica.ReplicaRouter'] True"
    )


def test_without_a_replica_url_there_is_no_replica(tmp_path):
    result = show_setting(
        "'replica' in settings.DATABASES, settings.DATABASE_ROUTERS",
        tmp_path,
        DATABASE_URL=DATABASE,
    )
    assert result.stdout.strip() == "False []"


def test_a_replica_needs_database_url(tmp_path):
    result = run(
        ["check"], tmp_path, DATABASE_REPLICA_URL="postgres://reader@replica.example.org/b"
    )
    assert_refused_in_one_line(result, "DATABASE_REPLICA_URL needs DATABASE_URL")
