"""Settings shared by every deployment shape.

Everything that differs between a laptop demo, a province and CI comes from environment variables
(see `.env.example`). The embedded default is SQLite in WAL mode under `MOTCUA_DATA_DIR`.
"""

from __future__ import annotations

import os
from pathlib import Path

import dj_database_url
import django_stubs_ext
from csp.constants import NONCE, NONE, SELF, UNSAFE_INLINE
from django.utils.translation import gettext_lazy as _

# Django's generic classes (ModelAdmin, ModelForm, QuerySet, …) subscriptable at run time, as the type
# annotations checked by mypy write them (docs/architecture.md, "Types").
django_stubs_ext.monkeypatch()

BASE_DIR = Path(__file__).resolve().parent.parent.parent
DATA_DIR = Path(os.environ.get("MOTCUA_DATA_DIR", BASE_DIR / "var")).resolve()


def env_bool(name: str, default: bool = False) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


SECRET_KEY = os.environ.get("MOTCUA_SECRET_KEY", "insecure-local-only-change-me")
DEBUG = env_bool("MOTCUA_DEBUG", False)
ALLOWED_HOSTS = env_list("MOTCUA_ALLOWED_HOSTS", "127.0.0.1,localhost,[::1]")
CSRF_TRUSTED_ORIGINS = env_list("MOTCUA_CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "csp",  # Content-Security-Policy header; its system checks flag old-style settings
    "ninja",  # serves the API docs page with its bundled Swagger UI (no CDN)
    # domain apps (own data)
    "motcua.core",
    "motcua.accounts",
    "motcua.units",
    "motcua.workdays",
    "motcua.catalog",
    "motcua.dossiers",
    "motcua.datastore",
    "motcua.esign",
    "motcua.sso",
    "motcua.feedback",
    "motcua.metrics",
    "motcua.reports",  # presentation: dashboards and period reports (screens only)
    "motcua.sync",
    "motcua.integrations",
    "motcua.scorecard",
    "motcua.reform",
    "motcua.counter",
    "motcua.certify",
    "motcua.appraisal",  # officer evaluation and yearly grading (issue 21 part 5)
    "motcua.bundles",  # bundled procedures, liên thông (issue 21 part 2)
    "motcua.outreach",  # outreach sessions, tiếp nhận lưu động (issue 21 part 6)
    "motcua.simplify",  # review and simplification of procedures (issue 21 part 7)  # electronic copies certified from originals (issue 21 part 3)  # queue tickets and appointments (issue 21 part 4)
    "motcua.console",
    # presentation apps (own screens)
    "motcua.portal",
    "motcua.api",
    "motcua.security",  # audit verify, backup/restore, personal data, sign-in throttling (no tables)
    # simulated traffic last: its demo loader needs units, catalogue and dossiers
    "motcua.simulation",
]

MIDDLEWARE = [
    # NUL bytes in the URL → 400 before anything reaches the database: motcua.security.middleware
    "motcua.security.middleware.RequestGuardMiddleware",
    "django.middleware.security.SecurityMiddleware",
    # the Content-Security-Policy header (CONTENT_SECURITY_POLICY below; docs/security.md)
    "csp.middleware.CSPMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "motcua.sso.middleware.ProviderSignOutFormAction",  # CSP form-action for the provider's sign-out redirect
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # full upload disk → 507, database unreachable → 503 (instead of a 500): motcua.security.middleware
    "motcua.security.middleware.ServiceErrorMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

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
                "motcua.core.context_processors.site",
                "csp.context_processors.nonce",  # {{ CSP_NONCE }} for an inline <script> that must stay
            ],
        },
    },
]


def database_config(variable: str = "DATABASE_URL") -> dict:
    """PostgreSQL (production) through DATABASE_URL, else SQLite in WAL mode under the data directory."""
    url = os.environ.get(variable)
    conn_max_age = int(os.environ.get("MOTCUA_DB_CONN_MAX_AGE", "60"))  # seconds a connection is kept, both engines
    if url:
        config = dj_database_url.parse(url, conn_max_age=conn_max_age)
        config.setdefault("TEST", {})
        if config["ENGINE"].endswith("postgresql"):
            # JIT off for the app's connections: its compile cost (14 ms on the 35 ms inbox count at 50k dossiers)
            # exceeds what it saves on the short OLTP queries of every page (docs/operations.md, "JIT").
            options = config.setdefault("OPTIONS", {})
            options["options"] = (options.get("options", "") + " -c jit=off").strip()
            # Opt-in (docs/operations.md, "Server-side binding and prepared statements"): psycopg 3's server-side
            # binding, and psycopg's prepared statements on top of it (a statement prepared on a connection after
            # `prepare_threshold` runs). Measured on the intake in 2026-12 (issue 20): no CPU gain beyond the noise,
            # while prepared statements need PgBouncer >= 1.22 in transaction mode and a worker restart after a
            # migration; so both stay at Django's defaults (client-side binding, nothing prepared) unless asked for.
            options.setdefault("server_side_binding", env_bool("MOTCUA_DB_SERVER_SIDE_BINDING", False))
            threshold = os.environ.get("MOTCUA_DB_PREPARE_THRESHOLD", "off").strip().lower()
            options.setdefault("prepare_threshold", None if threshold in ("", "off", "none") else int(threshold))
        return config
    return {
        "ENGINE": "django.db.backends.sqlite3",
        "NAME": DATA_DIR / "motcua.sqlite3",
        # Kept open between requests as on PostgreSQL: opening one runs the PRAGMAs below and registers Django's
        # SQL functions on every request otherwise (docs/benchmarks.md, status_lookup, ninth session).
        "CONN_MAX_AGE": conn_max_age,
        "OPTIONS": {
            # WAL lets readers run while one writer commits; IMMEDIATE takes the write lock at BEGIN so two
            # writers queue instead of failing with "database is locked" half-way through a transaction.
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA busy_timeout=10000;",
            "transaction_mode": "IMMEDIATE",
            "timeout": 20,
        },
    }


DATABASES = {"default": database_config()}

# Optional streaming replica (issue 20 part 4; docs/operations.md, "Read replica"): reports, dashboards, the
# drill-down and public look-ups read from it inside `motcua.core.replica.reading_from_replica()`, everything else
# from the primary; the staleness guard falls back to the primary when it lags more than
# MOTCUA_REPLICA_MAX_LAG_SECONDS or is down. Unset: one database, nothing routed.
if os.environ.get("DATABASE_REPLICA_URL"):
    DATABASES["replica"] = database_config("DATABASE_REPLICA_URL")
    DATABASES["replica"].setdefault("OPTIONS", {}).setdefault("connect_timeout", 2)  # a dead replica: fall back fast
    DATABASES["replica"]["TEST"] = {"MIRROR": "default"}  # tests read the primary's test database through it
    DATABASE_ROUTERS = ["motcua.core.dbrouter.ReplicaRouter"]
MOTCUA_REPLICA_MAX_LAG_SECONDS = float(os.environ.get("MOTCUA_REPLICA_MAX_LAG_SECONDS", "30"))
MOTCUA_REPLICA_LAG_CHECK_SECONDS = float(os.environ.get("MOTCUA_REPLICA_LAG_CHECK_SECONDS", "2"))


def cache_config(database: dict | None = None) -> dict:
    """`MOTCUA_CACHE_URL`: `redis://host:6379/0` (shared by every app server: what the rate limits, the look-up
    limits and login throttling need with more than one process), `sqlite` (diskcache's SQLite cache files of their
    own beside the SQLite database, the `cache/` directory in the data directory, or `sqlite:///path/to/directory`:
    shared by every process of the machine), `db` (Django's database cache, the table made by `migrate`
    (motcua.security) / `manage.py createcachetable`), or `locmem` for a per-process memory cache (tests; never with
    several workers: each would count alone, issue 18 finding 5).

    Unset: shared by every process without extra software — `sqlite` when the database is SQLite (the database
    cache in the site's SQLite file made every API request a writer of it, behind its one write lock:
    docs/benchmarks.md, status_lookup), `db` on PostgreSQL."""
    database = database if database is not None else DATABASES["default"]
    url = os.environ.get("MOTCUA_CACHE_URL", "").strip()
    if not url:
        url = "sqlite" if database["ENGINE"].endswith("sqlite3") else "db"
    if url.startswith(("redis://", "rediss://", "unix://")):
        backend = {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": url}
    elif url == "sqlite" or url.startswith("sqlite:///"):
        # diskcache's Django backend: SQLite files of its own in one directory (WAL: a read never waits for a
        # writer; add and incr are atomic, so processes counting at once lose no count), shared by every process
        # of the machine, never the site database's write lock
        location = url.removeprefix("sqlite://") if url != "sqlite" else str(DATA_DIR / "cache")
        backend = {"BACKEND": "diskcache.DjangoCache", "LOCATION": location}
    elif url == "db":
        backend = {"BACKEND": "django.core.cache.backends.db.DatabaseCache", "LOCATION": "motcua_cache"}
    elif url == "locmem":
        backend = {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "motcua"}
    else:
        from django.core.exceptions import ImproperlyConfigured

        raise ImproperlyConfigured(f"MOTCUA_CACHE_URL must be redis://…, sqlite, db or locmem, not {url!r}.")
    return {"default": {**backend, "KEY_PREFIX": os.environ.get("MOTCUA_CACHE_PREFIX", "motcua")}}


CACHES = cache_config()
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "accounts.User"

# Password sign-in refused for a while after repeated failures (motcua.accounts.throttle; the dotted name below
# stays as it is so that open sessions stay valid).
AUTHENTICATION_BACKENDS = [
    "motcua.security.throttle.ThrottledModelBackend",
    "django.contrib.auth.backends.ModelBackend",
]
MOTCUA_LOGIN_ATTEMPTS = int(os.environ.get("MOTCUA_LOGIN_ATTEMPTS", "5"))
MOTCUA_LOGIN_LOCKOUT_SECONDS = int(os.environ.get("MOTCUA_LOGIN_LOCKOUT_SECONDS", "900"))
# Retention of personal data in days, 0 = keep (motcua.security.retention; docs/security.md "Retention").
MOTCUA_RETENTION_DOSSIER_DAYS = int(os.environ.get("MOTCUA_RETENTION_DOSSIER_DAYS", "0"))
MOTCUA_RETENTION_FEEDBACK_DAYS = int(os.environ.get("MOTCUA_RETENTION_FEEDBACK_DAYS", "1825"))
MOTCUA_RETENTION_SIGNIN_CODE_DAYS = int(os.environ.get("MOTCUA_RETENTION_SIGNIN_CODE_DAYS", "30"))
MOTCUA_RETENTION_LOG_DAYS = int(os.environ.get("MOTCUA_RETENTION_LOG_DAYS", "180"))
# Outside links (docs/operations.md "Adapters"): the short-message channel and its SMPP gateway.
MOTCUA_MESSAGE_CHANNEL = os.environ.get("MOTCUA_MESSAGE_CHANNEL", "motcua.core.messaging.LoggingChannel")
MOTCUA_SMPP = {
    name: os.environ[f"MOTCUA_SMPP_{name}"]
    for name in ("HOST", "PORT", "SYSTEM_ID", "PASSWORD", "SYSTEM_TYPE", "SOURCE_ADDR", "PHONE_LIMIT")
    if os.environ.get(f"MOTCUA_SMPP_{name}")
}
for _name in ("PORT", "PHONE_LIMIT"):
    if _name in MOTCUA_SMPP:
        MOTCUA_SMPP[_name] = int(MOTCUA_SMPP[_name])
# The population database look-up through LGSP (motcua.integrations.dancu; unset = no look-up button).
MOTCUA_DANCU = {
    name: os.environ[f"MOTCUA_DANCU_{name}"]
    for name in ("ENDPOINT", "SERVICE_CODE", "INTEGRATION_CODE", "TOKEN")
    if os.environ.get(f"MOTCUA_DANCU_{name}")
}
# Online payment of fees through the payment platform (motcua.integrations.payment; unset = no pay button).
MOTCUA_PAYMENT = {
    name: os.environ[f"MOTCUA_PAYMENT_{name}"]
    for name in ("TMN_CODE", "HASH_SECRET", "PAY_URL", "API_URL", "RETURN_URL", "RECEIPT_SERIES")
    if os.environ.get(f"MOTCUA_PAYMENT_{name}")
}
# Result returned by post through VNPost (motcua.integrations.post; unset = manual tracking number with a reason).
MOTCUA_VNPOST = {
    name: os.environ[f"MOTCUA_VNPOST_{name}"]
    for name in (
        "BASE_URL",
        "USERNAME",
        "PASSWORD",
        "CUSTOMER_CODE",
        "SERVICE_NAME",
        "SENDER_FULLNAME",
        "SENDER_TEL",
        "SENDER_ADDRESS",
        "WEBHOOK_SECRET",
    )
    if os.environ.get(f"MOTCUA_VNPOST_{name}")
}
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "core:home"
LOGOUT_REDIRECT_URL = "core:home"

# Vietnamese first; English through Django i18n.
LANGUAGE_CODE = "vi"
LANGUAGES = [("vi", _("Vietnamese")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
FORMAT_MODULE_PATH = ["config.formats"]
USE_I18N = True
USE_TZ = True
# Days are computed in Asia/Ho_Chi_Minh explicitly by motcua.workdays; this is only the display zone.
TIME_ZONE = "Asia/Ho_Chi_Minh"
MOTCUA_TIME_ZONE = "Asia/Ho_Chi_Minh"

STATIC_URL = "static/"
STATIC_ROOT = DATA_DIR / "static"
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = "media/"
MEDIA_ROOT = DATA_DIR / "media"
STORAGES = {
    # removes the partial file when a write fails (disk full): motcua.security.storage
    "default": {"BACKEND": "motcua.security.storage.CleanFileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedStaticFilesStorage"},
}

FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
DATA_UPLOAD_MAX_MEMORY_SIZE = 10 * 1024 * 1024

SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = False
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"

# Content-Security-Policy on every response (django-csp; docs/security.md "Content-Security-Policy").
# Scripts only from this origin (the vendored htmx, Chart.js and the Swagger UI are served from /static/) or
# carrying the request nonce: an injected <script> or on*= handler does not run. Inline *style* stays allowed
# ('unsafe-inline' for style-src only): the Django admin, htmx's indicator rule and Chart.js write style
# attributes; a style cannot run code. Sign-in with OpenID Connect leaves by a link (GET), not a form, so
# form-action stays 'self'.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF, NONCE],
        "style-src": [SELF, UNSAFE_INLINE],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "frame-ancestors": [NONE],
        "form-action": [SELF],
    },
}

EMAIL_BACKEND = os.environ.get("MOTCUA_EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
DEFAULT_FROM_EMAIL = os.environ.get("MOTCUA_FROM_EMAIL", "motcua@localhost")

MOTCUA_SITE_NAME = os.environ.get("MOTCUA_SITE_NAME", "Cổng dịch vụ công motcua")
# The province this installation serves (statistics code, e.g. "22"; empty: the demo province) — the public
# statistics page (/thong-ke/) reports on it — and the home page's hotline / contact block (empty: not shown).
MOTCUA_PROVINCE = os.environ.get("MOTCUA_PROVINCE", "")
MOTCUA_HOTLINE = os.environ.get("MOTCUA_HOTLINE", "")
MOTCUA_CONTACT_EMAIL = os.environ.get("MOTCUA_CONTACT_EMAIL", "")
MOTCUA_CONTACT_ADDRESS = os.environ.get("MOTCUA_CONTACT_ADDRESS", "")
MOTCUA_CONTACT_HOURS = os.environ.get("MOTCUA_CONTACT_HOURS", "")
# Demo only: one-time sign-in codes readable on /thu-nghiem/ma-xac-thuc/ for the demo's addresses
# (motcua.core.demo_outbox; never where MOTCUA_DEMO_ALLOWED is False; check --deploy warns, motcua.W010).
MOTCUA_DEMO_OUTBOX = env_bool("MOTCUA_DEMO_OUTBOX", False)
# First day of the official reporting windows (ND 09/2019/NĐ-CP art 12: the 15th; see motcua/metrics/periods.py).
MOTCUA_REPORT_CUTOFF_DAY = int(os.environ.get("MOTCUA_REPORT_CUTOFF_DAY", "15"))
# Where the read-only reference data of the project lives (../shared/data next to the repository).
MOTCUA_SHARED_DATA = Path(os.environ.get("MOTCUA_SHARED_DATA", BASE_DIR.parent / "shared" / "data"))

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {
        "plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"},
    },
    "filters": {"personal_data": {"()": "motcua.security.logmask.PersonalDataFilter"}},
    "handlers": {
        "console": {"class": "logging.StreamHandler", "formatter": "plain", "filters": ["personal_data"]},
    },
    "root": {"handlers": ["console"], "level": os.environ.get("MOTCUA_LOG_LEVEL", "INFO")},
    "loggers": {
        "django.db.backends": {"level": "WARNING"},
    },
}
