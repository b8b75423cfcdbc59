# SPDX-License-Identifier: EUPL-1.2
"""The one settings module of Balai.

Every knob is an environment variable ``BALAI_*`` with an embedded default, so that
``balai migrate`` and ``balai runserver`` work with nothing set (SQLite and media under
``./var``, console notifications, immediate tasks). ``BALAI_ENV=production`` switches on
secure defaults and makes the secret key and allowed hosts mandatory.
"""

from __future__ import annotations

import atexit
import os
import secrets
import shutil
import tempfile
from pathlib import Path
from typing import Any

from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

import dj_database_url

BASE_DIR = Path(__file__).resolve().parent


def env(name: str, default: str = "") -> str:
    """Read ``BALAI_<name>`` from the environment."""
    return os.environ.get(f"BALAI_{name}", default)


def env_bool(name: str, default: bool) -> bool:
    raw = env(name, "")
    if raw == "":
        return default
    if raw.lower() in {"1", "true", "yes", "on"}:
        return True
    if raw.lower() in {"0", "false", "no", "off"}:
        return False
    raise ImproperlyConfigured(f"BALAI_{name} must be true or false, not {raw!r}.")


def env_int(name: str, default: int) -> int:
    raw = env(name, "")
    if raw == "":
        return default
    try:
        return int(raw)
    except ValueError as exc:
        raise ImproperlyConfigured(f"BALAI_{name} must be an integer.") from exc


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in env(name, default).split(",") if item.strip()]


ENVIRONMENT = env("ENV", "development")
if ENVIRONMENT not in {"development", "test", "production"}:
    raise ImproperlyConfigured("BALAI_ENV must be development, test or production.")
PRODUCTION = ENVIRONMENT == "production"

VAR_DIR = Path(env("VAR_DIR", str(Path.cwd() / "var"))).resolve()
if ENVIRONMENT == "test" and not env("VAR_DIR", ""):
    # Tests never share ./var: each test process (one per pytest-xdist worker) gets
    # its own throwaway directory, so parallel workers cannot race on the files.
    # (the process id in the name lets the next run remove what a killed one left:
    # balai.core.testing.tmpfs)
    VAR_DIR = Path(tempfile.mkdtemp(prefix=f"balai-test-var-{os.getpid()}-"))
    atexit.register(shutil.rmtree, VAR_DIR, ignore_errors=True)

# --- secret key -----------------------------------------------------------------------
_DEV_SECRET_FILE = VAR_DIR / "dev-secret-key"


def _development_secret() -> str:
    """Generate a development secret once into ./var and reuse it afterwards."""
    if _DEV_SECRET_FILE.exists():
        return _DEV_SECRET_FILE.read_text().strip()
    VAR_DIR.mkdir(parents=True, exist_ok=True)
    value = secrets.token_urlsafe(50)
    fd = os.open(_DEV_SECRET_FILE, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "w") as handle:
        handle.write(value)
    return value


SECRET_KEY = env("SECRET_KEY")
if PRODUCTION:
    if len(SECRET_KEY) < 50 or len(set(SECRET_KEY)) < 5:
        raise ImproperlyConfigured(
            "BALAI_SECRET_KEY must be set to a random string of at least 50 characters "
            "in production (BALAI_ENV=production)."
        )
elif not SECRET_KEY:
    SECRET_KEY = _development_secret()

DEBUG = env_bool("DEBUG", not PRODUCTION and ENVIRONMENT != "test")

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "" if PRODUCTION else "127.0.0.1,localhost")
if PRODUCTION and not ALLOWED_HOSTS:
    raise ImproperlyConfigured("BALAI_ALLOWED_HOSTS must list the public host names.")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

# --- applications ---------------------------------------------------------------------
INSTALLED_APPS = [
    "balai.accounts.admin_apps.BalaiAdminConfig",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "template_partials.apps.SimpleAppConfig",
    "django_htmx",
    "csp",
    "rest_framework",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "django_tasks",
    "django_tasks_db",
    # floor 1
    "balai.core",
    "balai.regions",
    "balai.security",
    # floor 2
    "balai.accounts",
    "balai.notifications",
    # floor 3
    "balai.registry",
    "balai.registry.integration",
    "balai.catalog",
    "balai.payments",
    "balai.tax",
    # floor 4
    "balai.cases",
    "balai.cases.documents",
    "balai.reports",
    "balai.finance",
    "balai.participation",
    # floor 5
    "balai.portal",
    "balai.sentiment",
    "balai.assistant",
]

MIDDLEWARE = [
    "balai.core.probes.HealthProbeMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "balai.core.middleware.RequestIdMiddleware",
    "balai.core.metrics.MetricsMiddleware",
    "balai.core.resilience.ServiceUnavailableMiddleware",
    "csp.middleware.CSPMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "balai.core.middleware.LanguageMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "balai.security.monitoring.middleware.PermissionDeniedMiddleware",
    "balai.accounts.middleware.StaffTwoFactorMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "balai.core.middleware.NotFoundMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
]

ROOT_URLCONF = "balai.urls"
WSGI_APPLICATION = "balai.wsgi.application"
ASGI_APPLICATION = "balai.asgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "balai.portal.context_processors.site",
                "balai.core.pagecache.csrf_placeholder",
            ],
            "builtins": ["template_partials.templatetags.partials"],
            "loaders": [
                (
                    "template_partials.loader.Loader",
                    [
                        (
                            "django.template.loaders.cached.Loader",
                            [
                                "django.template.loaders.filesystem.Loader",
                                "django.template.loaders.app_directories.Loader",
                            ],
                        )
                    ],
                )
            ],
        },
    }
]

# --- database -------------------------------------------------------------------------
DATABASE_URL = env("DATABASE_URL", f"sqlite:///{VAR_DIR / 'balai.sqlite3'}")
# Persistent connections: a request reuses its thread's connection for up to a minute
# instead of opening one (SQLite: opening parses the schema, 2-4 ms) and closing it.
# Health checks test a reused connection once per request before trusting it, so a
# restarted database costs one failed check, not a failed request. 0 = per request.
_db = dj_database_url.parse(
    DATABASE_URL,
    conn_max_age=env_int("DB_CONN_MAX_AGE", 60),
    conn_health_checks=env_bool("DB_CONN_HEALTH_CHECKS", True),
)
if _db["ENGINE"] == "django.db.backends.sqlite3":
    if _db["NAME"] and _db["NAME"] != ":memory:":
        Path(_db["NAME"]).parent.mkdir(parents=True, exist_ok=True)
    # init_command runs on every new connection, so each persistent connection has
    # WAL, foreign keys and the busy timeout (journal_mode=WAL persists in the file).
    _db["OPTIONS"] = {
        "init_command": (
            "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; "
            "PRAGMA foreign_keys=ON; PRAGMA busy_timeout=5000;"
        ),
        "transaction_mode": "IMMEDIATE",
    }
    _db["TEST"] = {"NAME": env("TEST_DATABASE_NAME", "") or None}
DATABASES = {"default": _db}
# A read replica (docs/scaling.md): read-only selectors marked @replica_read use it
# (balai.core.replicas); audited reads and everything else stay on the primary.
REPLICA_DATABASE_URL = env("REPLICA_DATABASE_URL", "")
if REPLICA_DATABASE_URL:
    DATABASES["replica"] = dj_database_url.parse(
        REPLICA_DATABASE_URL,
        conn_max_age=env_int("DB_CONN_MAX_AGE", 60),
        conn_health_checks=env_bool("DB_CONN_HEALTH_CHECKS", True),
    )
    DATABASES["replica"]["TEST"] = {"MIRROR": "default"}
DATABASE_ROUTERS = ["balai.core.replicas.ReplicaRouter"]
# PostgreSQL: the hot paths' few fixed statements (the exchange lookup's resident
# read, the audit append and seal) are prepared on the server (core/prepared.py).
# Off for a pooler that cannot keep prepared statements (PgBouncer < 1.21 in
# transaction mode).
DB_PREPARED_STATEMENTS = env_bool("DB_PREPARED_STATEMENTS", True)
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Audit sealing (security/audit/seal.py): > 0 = a per-process thread seals the entries
# committed within this many milliseconds in one batch (the committing request does
# not wait for it); 0 = each commit seals its own entries at once (tests: verifiable
# right after the commit).
AUDIT_SEAL_DELAY_MS = env_int("AUDIT_SEAL_DELAY_MS", 0 if ENVIRONMENT == "test" else 10)
# While commits keep coming the sealer's wait doubles up to this (so seals batch under
# load); it also bounds how long a running process leaves an entry unsealed (this plus
# one seal). AUDIT_SEAL_COMMITS commits waiting end the wait at once.
AUDIT_SEAL_MAX_DELAY_MS = env_int("AUDIT_SEAL_MAX_DELAY_MS", 200)
AUDIT_SEAL_COMMITS = max(1, env_int("AUDIT_SEAL_COMMITS", 256))
# Hash chains of the audit log (docs/scaling.md, "Audit at national scale"): each entry
# goes to the chain of its data subject (or actor), and each chain has its own head, so
# sealing never serialises more than one chain. 1 (the default) is one chain.
AUDIT_CHAINS = max(1, env_int("AUDIT_CHAINS", 1))

# --- authentication -------------------------------------------------------------------
AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = ["balai.accounts.backends.LoginBackend"]
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
_VALIDATORS = "django.contrib.auth.password_validation."
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": _VALIDATORS + "UserAttributeSimilarityValidator"},
    {"NAME": _VALIDATORS + "MinimumLengthValidator", "OPTIONS": {"min_length": 10}},
    # Django's list of 20,000 common passwords plus an Indonesian one, offline
    {"NAME": "balai.accounts.passwords.CommonPasswordValidator"},
    {"NAME": _VALIDATORS + "NumericPasswordValidator"},
]
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "accounts:account"
LOGOUT_REDIRECT_URL = "portal:home"

# Security monitoring (balai.security.monitoring.rules): N events within M minutes
# raise an alert to the security officers.
SECURITY_LOGIN_FAILURE_THRESHOLD = env_int("LOGIN_ALERT_THRESHOLD", 10)
SECURITY_LOGIN_FAILURE_WINDOW_MINUTES = env_int("LOGIN_ALERT_MINUTES", 15)
SECURITY_TWO_FACTOR_FAILURE_THRESHOLD = env_int("TWO_FACTOR_ALERT_THRESHOLD", 5)
SECURITY_TWO_FACTOR_FAILURE_WINDOW_MINUTES = env_int("TWO_FACTOR_ALERT_MINUTES", 15)
SECURITY_PERMISSION_DENIED_THRESHOLD = env_int("DENIED_ALERT_THRESHOLD", 20)
SECURITY_PERMISSION_DENIED_WINDOW_MINUTES = env_int("DENIED_ALERT_MINUTES", 10)
SECURITY_EXPORT_DAILY_LIMIT = env_int("EXPORT_DAILY_LIMIT", 10)
SECURITY_MASS_READ_THRESHOLD = env_int("MASS_READ_THRESHOLD", 200)
SECURITY_MASS_READ_WINDOW_MINUTES = env_int("MASS_READ_WINDOW_MINUTES", 60)

# Retention (balai.security.retention; `balai retention purge`, docs/operations.md):
# security events are deleted, the IP addresses they hold blanked, and the logs of
# finished background tasks deleted after these many days. 0 keeps them for ever.
RETENTION_SECURITY_EVENTS_DAYS = env_int("RETENTION_SECURITY_EVENTS_DAYS", 365)
RETENTION_IP_DAYS = env_int("RETENTION_IP_DAYS", 90)
RETENTION_TASK_LOGS_DAYS = env_int("RETENTION_TASK_LOGS_DAYS", 30)
for _name, _days in (
    ("SECURITY_EVENTS", RETENTION_SECURITY_EVENTS_DAYS),
    ("IP", RETENTION_IP_DAYS),
    ("TASK_LOGS", RETENTION_TASK_LOGS_DAYS),
):
    if _days < 0:
        raise ImproperlyConfigured(f"BALAI_RETENTION_{_name}_DAYS must be 0 or more.")

OTP_TOTP_ISSUER = env("OTP_ISSUER", "Balai")
SIGNUP_CODE_TTL_MINUTES = env_int("SIGNUP_CODE_TTL_MINUTES", 15)
SIGNUP_CODE_MAX_ATTEMPTS = env_int("SIGNUP_CODE_MAX_ATTEMPTS", 5)
# The agency (code) whose queue receives citizens' requests to correct identity data.
IDENTITY_AGENCY_CODE = env("IDENTITY_AGENCY_CODE", "disdukcapil")
# Published population statistics hide any count below this (small-cell suppression).
STATS_MIN_CELL = env_int("STATS_MIN_CELL", 10)

SESSION_COOKIE_AGE = env_int("SESSION_AGE_SECONDS", 8 * 3600)
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_HTTPONLY = True
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"

# Keys for personal data at rest (balai.security.crypto.keyring): a JSON keyring in
# BALAI_KEYRING, or a file; outside production a missing file is generated.
KEYRING = env("KEYRING")
KEYRING_FILE = env("KEYRING_FILE", "" if PRODUCTION else str(VAR_DIR / "keyring.json"))

if PRODUCTION:
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    LANGUAGE_COOKIE_SECURE = True
    SECURE_SSL_REDIRECT = env_bool("SSL_REDIRECT", True)
    SECURE_HSTS_SECONDS = env_int("HSTS_SECONDS", 31536000)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = env_bool("HSTS_PRELOAD", True)
    SECURE_PROXY_SSL_HEADER = (
        ("HTTP_X_FORWARDED_PROTO", "https") if env_bool("BEHIND_PROXY", True) else None
    )
    if not SECURE_SSL_REDIRECT and not SECURE_PROXY_SSL_HEADER:
        raise ImproperlyConfigured(
            "Production needs HTTPS: keep BALAI_SSL_REDIRECT on or run behind a "
            "TLS proxy."
        )

# --- production topology: proxies, private files, metrics (docs/operations.md) -----
# Reverse proxies whose X-Forwarded-For is believed (addresses or CIDRs, comma
# separated): rate limits, log-in lockouts and the audit log then see the client's
# address. Empty: X-Forwarded-For is ignored and REMOTE_ADDR is the client.
TRUSTED_PROXIES = env_list("TRUSTED_PROXIES")


def _networks(name: str, values: list[str]) -> list[str]:
    import ipaddress

    for value in values:
        try:
            ipaddress.ip_network(value, strict=False)
        except ValueError as exc:
            raise ImproperlyConfigured(
                f"BALAI_{name} must list IP addresses or networks (CIDR), comma "
                f"separated; {value!r} is neither."
            ) from exc
    return values


_networks("TRUSTED_PROXIES", TRUSTED_PROXIES)

# Private files (uploads, report photos, issued PDFs): "filesystem" under MEDIA_ROOT,
# or "s3": an S3-compatible bucket through django-storages (MinIO, Ceph, a cloud).
PRIVATE_STORAGE = env("STORAGE", "filesystem")
if PRIVATE_STORAGE not in {"filesystem", "s3"}:
    raise ImproperlyConfigured("BALAI_STORAGE must be filesystem or s3.")
PRIVATE_S3 = {
    "bucket": env("S3_BUCKET"),
    "endpoint_url": env("S3_ENDPOINT_URL"),
    "region": env("S3_REGION", "us-east-1"),
    "access_key": env("S3_ACCESS_KEY"),
    "secret_key": env("S3_SECRET_KEY"),
    "addressing_style": env("S3_ADDRESSING_STYLE", "path"),
    "timeout": env_int("S3_TIMEOUT_SECONDS", 5),
}
if PRIVATE_STORAGE == "s3":
    _missing = [
        f"BALAI_S3_{key.upper()}"
        for key in ("bucket", "access_key", "secret_key")
        if not PRIVATE_S3[key]
    ]
    if _missing:
        raise ImproperlyConfigured(
            "BALAI_STORAGE=s3 needs " + ", ".join(_missing) + " (docs/operations.md)."
        )

# Prometheus metrics on /metrics (balai.core.metrics): readable with
# "Authorization: Bearer <BALAI_METRICS_TOKEN>" or from BALAI_METRICS_ALLOWED_IPS.
METRICS_TOKEN = env("METRICS_TOKEN")
if METRICS_TOKEN and len(METRICS_TOKEN) < 24:
    raise ImproperlyConfigured("BALAI_METRICS_TOKEN must be at least 24 characters.")
METRICS_ALLOWED_IPS = _networks("METRICS_ALLOWED_IPS", env_list("METRICS_ALLOWED_IPS"))
# Several processes (gunicorn workers) share their counters through files here; it
# must be set before prometheus_client is imported, so the settings export it.
METRICS_DIR = env("METRICS_DIR")
if METRICS_DIR:
    Path(METRICS_DIR).mkdir(parents=True, exist_ok=True)
    os.environ.setdefault("PROMETHEUS_MULTIPROC_DIR", METRICS_DIR)

# Background workers (balai worker): a worker that stops beating its heart for this
# long is taken for dead and its running task is handed to another worker (once: a
# task whose worker died TASK_MAX_ATTEMPTS times is failed).
TASK_LEASE_SECONDS = env_int("TASK_LEASE_SECONDS", 60)
TASK_MAX_ATTEMPTS = env_int("TASK_MAX_ATTEMPTS", 2)

# --- internationalisation -------------------------------------------------------------
LANGUAGE_CODE = "id"
LANGUAGES = [("id", _("Indonesian")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
LANGUAGE_COOKIE_NAME = "balai_language"
LANGUAGE_COOKIE_AGE = 365 * 24 * 3600
LANGUAGE_COOKIE_SAMESITE = "Lax"
TIME_ZONE = "Asia/Jakarta"
USE_I18N = True
USE_TZ = True

# --- static and media -----------------------------------------------------------------
STATIC_URL = "/static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = Path(env("STATIC_ROOT", str(VAR_DIR / "static")))
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(env("MEDIA_ROOT", str(VAR_DIR / "media")))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "whitenoise.storage.CompressedManifestStaticFilesStorage"
            if PRODUCTION
            else "django.contrib.staticfiles.storage.StaticFilesStorage"
        )
    },
}
WHITENOISE_USE_FINDERS = not PRODUCTION
if not PRODUCTION:
    STATIC_ROOT.mkdir(parents=True, exist_ok=True)

# --- background tasks -----------------------------------------------------------------
_TASK_BACKENDS = {
    "immediate": "django_tasks.backends.immediate.ImmediateBackend",
    "dummy": "django_tasks.backends.dummy.DummyBackend",
    "database": "django_tasks_db.DatabaseBackend",
}
TASKS_BACKEND_NAME = env("TASKS_BACKEND", "immediate")
if TASKS_BACKEND_NAME not in _TASK_BACKENDS:
    raise ImproperlyConfigured(
        f"BALAI_TASKS_BACKEND must be one of {', '.join(sorted(_TASK_BACKENDS))}."
    )
TASKS = {
    "default": {
        "BACKEND": _TASK_BACKENDS[TASKS_BACKEND_NAME],
        "QUEUES": ["default", "notifications"],
    }
}

# --- payments (docs/payments.md) ---------------------------------------------------
PAYMENTS: dict[str, Any] = {
    # enabled providers; the simulator pays without money: never in production
    "providers": env_list("PAYMENTS_PROVIDERS", "" if PRODUCTION else "simulator"),
    "default_provider": env("PAYMENTS_DEFAULT_PROVIDER", "simulator"),
    "simulator_secret": env(
        "PAYMENTS_SIMULATOR_SECRET", "balai-simulator-" + SECRET_KEY
    ),
    # signed webhooks older (or newer) than this many seconds are refused as replays
    "signature_tolerance": env_int("PAYMENTS_SIGNATURE_TOLERANCE", 300),
    # the simulator posts its webhooks here; empty = straight into this process
    "simulator_webhook_url": env("PAYMENTS_SIMULATOR_WEBHOOK_URL"),
    "midtrans_server_key": env("PAYMENTS_MIDTRANS_SERVER_KEY"),
    # billing codes: the bank's VA prefix (company code) and the QRIS merchant
    "va_prefix": env("PAYMENTS_VA_PREFIX", "8808"),
    "qris_merchant_pan": env("PAYMENTS_QRIS_MERCHANT_PAN", "9360000000000000001"),
    "qris_merchant_id": env("PAYMENTS_QRIS_MERCHANT_ID", "ID1020000000001"),
    "qris_merchant_name": env("PAYMENTS_QRIS_MERCHANT_NAME", "BAPENDA KOTA CONTOH"),
    "qris_merchant_city": env("PAYMENTS_QRIS_MERCHANT_CITY", "KOTA CONTOH"),
    "qris_postal_code": env("PAYMENTS_QRIS_POSTAL_CODE", "10110"),
    # how long a billing code stays payable
    "order_hours": env_int("PAYMENTS_ORDER_HOURS", 72),
    # the agency whose officers reconcile payments and decide refunds
    "revenue_agency": env("PAYMENTS_REVENUE_AGENCY", "bapenda"),
}

# --- local taxes (docs/tax.md; facts: shared/specs/indonesian-local-taxes.md §3) ----
# PBB-P2 rules of the region's Perda. Defaults follow the spec's worked example: the
# tariff bands of Perda Kabupaten Sidoarjo 1/2024 chosen on NJOP, NJOPTKP Rp10 million
# (the UU 1/2022 floor), assessment ratio 100%. Rates are per mille (1.5 = 0.15%).
TAX: dict[str, Any] = {
    "pbb_regulation": env("TAX_PBB_REGULATION", "Perda Kabupaten Sidoarjo 1/2024"),
    "pbb_njoptkp": env_int("TAX_PBB_NJOPTKP", 10_000_000),
    "pbb_ratio_percent": env_int("TAX_PBB_RATIO_PERCENT", 100),
    # "limit:per_mille,..." ascending; the last band has no limit
    "pbb_bands": env(
        "TAX_PBB_BANDS",
        "500000000:1.0,2000000000:1.5,5000000000:2.0,10000000000:2.5,:3.0",
    ),
    "pbb_minimum": env_int("TAX_PBB_MINIMUM", 10_000),
    # the SPPT is due on this day of the tax year (MM-DD)
    "pbb_due": env("TAX_PBB_DUE", "08-31"),
    "payer_agency": env("TAX_AGENCY", "bapenda"),
    # PBG retribution (PP 16/2021 shape: floor area × integrated index × local index ×
    # HSBGN); every figure is the region's own (Perda/Perkada) — these are examples.
    "pbg_hsbgn": env_int("TAX_PBG_HSBGN", 5_000_000),
    "pbg_local_index_per_mille": env("TAX_PBG_LOCAL_INDEX_PER_MILLE", "5"),
    "pbg_function_index": env(
        "TAX_PBG_FUNCTION_INDEX",
        "hunian:0.15,keagamaan:0,usaha:0.7,sosial-budaya:0.3,khusus:1,campuran:0.6",
    ),
    # Advertising tax (UU 1/2022: at most 25% of the rental value): rate, and the
    # rental value per m² per day by sign type (examples; the Perda's table in service)
    "reklame_rate_percent": env("TAX_REKLAME_RATE_PERCENT", "25"),
    "reklame_value_m2_day": env(
        "TAX_REKLAME_VALUE_M2_DAY",
        "billboard:5000,baliho:3000,spanduk:2000,neon-box:4000,videotron:15000,"
        "umbul-umbul:1500,papan-nama:1000,lainnya:2000",
    ),
    # BPHTB (spec §4; UU 1/2022 Art. 46-47): tariff at most 5%; NPOPTKP at least
    # Rp80 million for a first acquisition, Rp300 million for inheritance or a will
    # in a direct line
    "bphtb_rate_percent": env("TAX_BPHTB_RATE_PERCENT", "5"),
    "bphtb_npoptkp": env_int("TAX_BPHTB_NPOPTKP", 80_000_000),
    "bphtb_npoptkp_family": env_int("TAX_BPHTB_NPOPTKP_FAMILY", 300_000_000),
    # PKB (spec §2, §5): the province's rates in percent by the owner's vehicle
    # number, first to fifth and further (progressive; first at most 1.2%, further
    # up to 6% outside Jakarta) — examples; the provincial Perda's in service
    "pkb_regulation": env("TAX_PKB_REGULATION", "Perda Provinsi (example rates)"),
    "pkb_rates": env("TAX_PKB_RATES", "1.2,1.7,2.2,2.7,3.2"),
    # the location index of the rental value by the class of the road the sign
    # stands on (examples; the Perda's own classes and indices in service)
    "reklame_location_index": env(
        "TAX_REKLAME_LOCATION_INDEX",
        "protokol:1.5,arteri:1.3,kolektor:1.15,lingkungan:1",
    ),
}

# --- notifications --------------------------------------------------------------------
NOTIFICATIONS = {
    "email": env("NOTIFY_EMAIL_BACKEND", "file" if not PRODUCTION else "smtp"),
    "sms": env("NOTIFY_SMS_BACKEND", "file" if not PRODUCTION else "http"),
    "whatsapp": env("NOTIFY_WHATSAPP_BACKEND", "file" if not PRODUCTION else "http"),
    "file_dir": env("NOTIFY_FILE_DIR", str(VAR_DIR / "outbox")),
    "sms_url": env("SMS_GATEWAY_URL"),
    "sms_token": env("SMS_GATEWAY_TOKEN"),
    "whatsapp_url": env("WHATSAPP_GATEWAY_URL"),
    "whatsapp_token": env("WHATSAPP_GATEWAY_TOKEN"),
    "http_timeout": env_int("NOTIFY_HTTP_TIMEOUT", 10),
    "max_attempts": env_int("NOTIFY_MAX_ATTEMPTS", 5),
}
EMAIL_HOST = env("EMAIL_HOST", "localhost")
EMAIL_PORT = env_int("EMAIL_PORT", 25)
EMAIL_HOST_USER = env("EMAIL_USER")
EMAIL_HOST_PASSWORD = env("EMAIL_PASSWORD")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)
EMAIL_TIMEOUT = env_int("EMAIL_TIMEOUT", 10)
DEFAULT_FROM_EMAIL = env("EMAIL_FROM", "Balai <noreply@balai.localhost>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# --- API ------------------------------------------------------------------------------
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "balai.accounts.api.authentication.ApiTokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_PAGINATION_CLASS": "balai.core.api.pagination.LimitOffsetPagination",
    "PAGE_SIZE": 50,
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "EXCEPTION_HANDLER": "balai.core.api.problems.problem_exception_handler",
    # balai.core.ratelimit; the rates are RATE_LIMITS["api_anon"] and ["api_user"]
    "DEFAULT_THROTTLE_CLASSES": [
        "balai.core.ratelimit.AnonRateThrottle",
        "balai.core.ratelimit.UserRateThrottle",
    ],
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    # JSON bodies with a size and depth limit (API_JSON_MAX_BYTES, API_JSON_MAX_DEPTH)
    "DEFAULT_PARSER_CLASSES": [
        "balai.core.api.parsers.LimitedJSONParser",
        "rest_framework.parsers.FormParser",
        "rest_framework.parsers.MultiPartParser",
    ],
    "TEST_REQUEST_DEFAULT_FORMAT": "json",
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Balai API",
    "DESCRIPTION": "Public and agency API of the Balai e-government platform.",
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "SCHEMA_PATH_PREFIX": "/api/v1",
    "COMPONENT_SPLIT_REQUEST": True,
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    # two "kind" fields with different choices: name their enums
    # every operation documents its problem+json errors (400/401/403/404/429/...)
    "POSTPROCESSING_HOOKS": [
        "drf_spectacular.hooks.postprocess_schema_enums",
        "balai.core.api.schema.add_problem_responses",
    ],
    "ENUM_NAME_OVERRIDES": {
        "RegionKindEnum": "balai.regions.models.Region.Kind",
        "ServiceKindEnum": "balai.catalog.constants.KINDS",
    },
}


def _cache(url: str) -> dict[str, object]:
    """``locmem://``, ``db://<table>`` or ``redis://host:port/db`` → a CACHES entry."""
    if url.startswith("locmem://"):
        return {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}
    if url.startswith("db://"):
        return {
            "BACKEND": "django.core.cache.backends.db.DatabaseCache",
            "LOCATION": url.removeprefix("db://") or "balai_cache",
        }
    if url.startswith(("redis://", "rediss://")):
        # Redis down: a per-process memory cache and a logged alarm (balai.core.cache)
        return {
            "BACKEND": "balai.core.cache.ResilientRedisCache",
            "LOCATION": url,
        }
    raise ImproperlyConfigured(
        "BALAI_CACHE_URL must be locmem://, db://<table> or redis://."
    )


# The cache holds rate-limit counters (balai.core.ratelimit), so several processes must
# share it with atomic increments: production defaults to Redis. (db:// works for small
# set-ups, but its increments are not atomic: a burst may slip a few requests through.)
CACHE_URL = env("CACHE_URL", "redis://127.0.0.1:6379/0" if PRODUCTION else "locmem://")
CACHES = {"default": _cache(CACHE_URL)}
# Sessions: in the cache, backed by the database when the cache is Redis (a Redis
# outage or restart logs nobody out); in the database otherwise.
SESSION_ENGINE = (
    "django.contrib.sessions.backends.cached_db"
    if CACHE_URL.startswith(("redis://", "rediss://"))
    else "django.contrib.sessions.backends.db"
)
SILENCED_SYSTEM_CHECKS: list[str] = []
# accounts.User.email is ciphertext, so not a unique column: the unique blind index
# email_index keeps one account per address and LoginBackend looks it up.
SILENCED_SYSTEM_CHECKS += ["auth.W004"]

# Content-Security-Policy: only our own scripts and styles, nothing framed.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:", *env_list("CSP_IMG_SRC")],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    }
}

# --- register integration (imports and record linkage) --------------------------------
# Rows per committed chunk of `balai registry import` (the resume checkpoint step).
REGISTRY_IMPORT_CHUNK_ROWS = env_int("REGISTRY_IMPORT_CHUNK_ROWS", 5000)
# processes sealing import chunks (encryption, blind indexes) beside the importer:
# -1 by the file's size and the CPUs (importing/pool.py), 0 inline (tests' default)
REGISTRY_IMPORT_WORKERS = env_int(
    "REGISTRY_IMPORT_WORKERS", 0 if ENVIRONMENT == "test" else -1
)
# DuckDB threads and memory limit of a linkage run (memory e.g. "4GB"; empty = DuckDB's
# default, 80% of RAM); beyond the limit DuckDB spills to a temporary directory.
LINKAGE_THREADS = env_int("LINKAGE_THREADS", 2)
# duckdb (one machine) or spark (Splink's Spark backend; the `spark` extra and Java
# 17). SPARK_MASTER: local[N] or a cluster's master URL (docs/scaling.md).
LINKAGE_ENGINE = env("LINKAGE_ENGINE", "duckdb")
SPARK_MASTER = env("SPARK_MASTER", "local[2]")
LINKAGE_MEMORY = env("LINKAGE_MEMORY", "")

# Exchange API: a resolved client (with its agreement and agency) is kept per process
# this many seconds; saving a client, agreement or agency drops it at once.
REGISTRY_CLIENT_CACHE_SECONDS = env_int("REGISTRY_CLIENT_CACHE_SECONDS", 10)

# --- service catalog and applications -------------------------------------------------
# catalog: folder of service YAML files (empty = the files shipped in balai/catalog/)
CATALOG_DIR = env("CATALOG_DIR", "")
# working days (balai.core.workdays): extra non-working days, comma-separated ISO dates
# (e.g. a regional holiday or a cuti bersama decreed after the release), and whether
# the government's cuti bersama days known to the `holidays` package count as closed
EXTRA_HOLIDAYS = env_list("EXTRA_HOLIDAYS")
WORKDAYS_CUTI_BERSAMA = env_bool("WORKDAYS_CUTI_BERSAMA", True)

# --- issued documents -----------------------------------------------------------------
# The public address of this installation: every absolute link (messages, documents'
# QR codes and verification text, <PUBLIC_BASE_URL>/verify/<code>) is built on it by
# balai.core.links. Production must set it, with https (`check --deploy` fails
# otherwise); `make demo PORT=…` and `balai demo --port …` use http://127.0.0.1:<port>.
PUBLIC_BASE_URL = env(
    "PUBLIC_BASE_URL", "" if PRODUCTION else "http://127.0.0.1:8000"
).rstrip("/")
# Agency signing keys and certificates: <code>.key.pem + <code>.cert.pem (chain) or
# <code>.p12 (passphrase in BALAI_SIGNING_PASSPHRASE_<CODE>); `balai documents dev-ca`
# fills it outside production. Trust roots for verification: PEM files, comma
# separated (default: <SIGNING_DIR>/ca.cert.pem, the development CA).
SIGNING_DIR = Path(env("SIGNING_DIR", str(VAR_DIR / "pki"))).resolve()
SIGNING_TRUST_ROOTS = env_list("SIGNING_TRUST_ROOTS")
# An RFC 3161 time-stamping service turns PAdES B-B signatures into B-T.
SIGNING_TSA_URL = env("SIGNING_TSA_URL")
# Check certificate revocation (OCSP/CRL) over the network when verifying uploads.
SIGNING_FETCH_REVOCATION = env_bool("SIGNING_FETCH_REVOCATION", False)
SIGNING_EXPIRY_WARNING_DAYS = env_int("SIGNING_EXPIRY_WARNING_DAYS", 60)
# Place printed before the issue date ("Bandung, 28 November 2026"); empty: the
# agency's region name. Address line under the letterhead.
DOCUMENT_ISSUE_PLACE = env("DOCUMENT_ISSUE_PLACE")
DOCUMENT_ADDRESS_LINE = env("DOCUMENT_ADDRESS_LINE")
# Public verification: upload size (the rates are RATE_LIMITS["document_*"]).
DOCUMENT_UPLOAD_MAX_BYTES = env_int("DOCUMENT_UPLOAD_MAX_BYTES", 5 * 1024 * 1024)

# --- citizen reports and Open311 ------------------------------------------------------
# Reports core (docs/reports.md, docs/open311.md): duplicate radius, photos, SLA scan.
REPORTS_DUPLICATE_RADIUS_M = env_int("REPORTS_DUPLICATE_RADIUS_M", 50)
REPORTS_PHOTO_MAX_SIDE = env_int("REPORTS_PHOTO_MAX_SIDE", 1600)
REPORTS_PHOTO_MAX_BYTES = env_int("REPORTS_PHOTO_MAX_BYTES", 15 * 1024 * 1024)
REPORTS_TRIAGE_AGENCY_CODE = env("REPORTS_TRIAGE_AGENCY_CODE", "diskominfo")
# Open311 GeoReport v2 at /open311/v2/: jurisdictions served (first = default when
# only one), discovery texts, endpoint type, and public GETs per minute per client.
OPEN311_JURISDICTIONS = env_list("OPEN311_JURISDICTIONS", "bandung.go.id")
OPEN311_CONTACT = env("OPEN311_CONTACT", "Diskominfo, open311@bandung.go.id")
OPEN311_KEY_SERVICE = env(
    "OPEN311_KEY_SERVICE",
    "Ask Diskominfo for an API key (balai open311 create-key NAME).",
)
OPEN311_ENDPOINT_TYPE = env("OPEN311_ENDPOINT_TYPE", "production")
# Anonymous GET /requests answers are cached this long (0 = never), and list totals
# (X-Total-Count) per filter set; any change to a report empties both at once.
OPEN311_CACHE_SECONDS = env_int("OPEN311_CACHE_SECONDS", 30)
# Whole public pages (home, catalogue, service pages) for visitors without a session,
# kept per process (balai.core.pagecache); 0 turns it off.
PAGE_CACHE_SECONDS = env_int("PAGE_CACHE_SECONDS", 60)
OPEN311_COUNT_SECONDS = env_int("OPEN311_COUNT_SECONDS", 60)
# Encoded list entries kept per process and list generation (open311/rowcache.py):
# about 0.5-1 KB each; 0 turns it off.
OPEN311_ROW_CACHE_SIZE = env_int("OPEN311_ROW_CACHE_SIZE", 50000)
# ... and started afresh after this long (writes that bypass the receivers)
OPEN311_ROW_CACHE_SECONDS = env_int("OPEN311_ROW_CACHE_SECONDS", 300)
# Reporting PWA maps (docs/pwa.md). No tile URL = no map and no Leaflet download: the
# form works with coordinates, "use my location" and landmark text. A tile server's
# origin must also be listed in BALAI_CSP_IMG_SRC, e.g. https://tile.openstreetmap.org
MAP_TILE_URL = env("MAP_TILE_URL", "")
MAP_TILE_ATTRIBUTION = env(
    "MAP_TILE_ATTRIBUTION",
    '&copy; <a href="https://www.openstreetmap.org/copyright">OpenStreetMap</a>',
)
MAP_DEFAULT_CENTER = tuple(
    float(part) for part in env("MAP_DEFAULT_CENTER", "-6.9147,107.6098").split(",")
)
if len(MAP_DEFAULT_CENTER) != 2:
    raise ImproperlyConfigured("BALAI_MAP_DEFAULT_CENTER must be 'latitude,longitude'.")

# Sentiment analysis (docs/sentiment.md). The data folder holds smsa/ and emot/ (only
# `balai sentiment train/evaluate` read it); empty = shared/data/sentiment beside the
# checkout. The model folder empty = the artefacts shipped in the package.
SENTIMENT_DATA_DIR = env("SENTIMENT_DATA_DIR", "")
SENTIMENT_MODEL_DIR = env("SENTIMENT_MODEL_DIR", "")
# Re-score new posts with the quality model (tuned e5, ~20 posts/s) in a task.
SENTIMENT_QUALITY_RESCORE = env_bool("SENTIMENT_QUALITY_RESCORE", False)
SENTIMENT_RETENTION_DAYS = env_int("SENTIMENT_RETENTION_DAYS", 365)
SENTIMENT_SPIKE_ALPHA = float(env("SENTIMENT_SPIKE_ALPHA", "0.01"))
SENTIMENT_SPIKE_MIN_POSTS = env_int("SENTIMENT_SPIKE_MIN_POSTS", 20)
SENTIMENT_BASELINE_DAYS = env_int("SENTIMENT_BASELINE_DAYS", 28)

# --- security hardening: rate limits, log-in delay, password reset, uploads ----------
# (docs/security.md). Every rate limit of Balai is named here, read by
# balai.core.ratelimit: "N/<unit>" with unit s, m, h or d, optionally multiplied
# ("5/15m"); 0 switches a limit off. Adding one: a line here (with its BALAI_ variable,
# documented in .env.example), then ratelimit.limit("name") on a view, ratelimit.check
# in a service, or rate_limit_name = "name" on a DRF view.


def env_rate(name: str, default: str, unit: str = "m") -> str:
    """A rate from BALAI_<name>; a bare number counts per ``unit``."""
    raw = env(name, default).strip()
    return f"{raw}/{unit}" if raw.isdigit() and raw != "0" else raw


RATE_LIMITS: dict[str, str] = {
    # API (per account when signed in, else per address)
    "api_anon": env_rate("API_ANON_RATE", "120/m"),
    "api_user": env_rate("API_USER_RATE", "600/m"),
    # sign-up, per address (page and API share the counts)
    "signup": env_rate("RATE_SIGNUP", "20/h"),
    "signup_verify": env_rate("RATE_SIGNUP_VERIFY", "30/h"),
    "signup_resend": env_rate("RATE_SIGNUP_RESEND", "5/h"),
    # log-in: every POST per address (an office behind one NAT shares it), and failed
    # log-ins per address across accounts (password spraying)
    "login": env_rate("RATE_LOGIN", "300/h"),
    "login_failures_address": env_rate("RATE_LOGIN_FAILURES_ADDRESS", "30/h"),
    # password reset: requests per address and per account, code entries per address
    "password_reset": env_rate("RATE_PASSWORD_RESET", "10/h"),
    "password_reset_account": env_rate("RATE_PASSWORD_RESET_ACCOUNT", "3/h"),
    "password_reset_confirm": env_rate("RATE_PASSWORD_RESET_CONFIRM", "30/h"),
    # citizen reports: per account or address (replays of a queued report count too)
    "report_submit": env_rate("REPORTS_SUBMIT_RATE", "120/h"),
    # Open311: public reads per address; writes per API key (or address)
    "open311_read": env_rate("OPEN311_RATE_LIMIT", "600/m"),
    "open311_write": env_rate("OPEN311_WRITE_RATE", "120/h"),
    # public document verification per address
    "document_verify": env_rate("DOCUMENT_VERIFY_RATE", "120/h"),
    "document_upload": env_rate("DOCUMENT_UPLOAD_RATE", "30/h"),
    # data-rights correction requests per account
    "data_correction": env_rate("RATE_DATA_CORRECTION", "20/h"),
    # public PBB bill inquiry (page and API) per address
    "tax_inquiry": env_rate("TAX_INQUIRY_RATE", "300/h"),
    # assistant messages per account or address (API, widget, chat adapters)
    "assistant": env_rate("ASSISTANT_RATE_LIMIT", "600/m"),
}
RATELIMIT_ENABLE = env_bool("RATELIMIT", True)
# Asisten Balai chat channels (docs/assistant.md); an empty secret switches the
# channel's webhook off (404). WhatsApp Cloud API: the app secret signs each POST
# (X-Hub-Signature-256), the verify token answers Meta's subscription GET. Telegram Bot
# API: the secret_token given to setWebhook comes back in a header on every update.
ASSISTANT_WHATSAPP_APP_SECRET = env("ASSISTANT_WHATSAPP_APP_SECRET", "")
ASSISTANT_WHATSAPP_VERIFY_TOKEN = env("ASSISTANT_WHATSAPP_VERIFY_TOKEN", "")
ASSISTANT_TELEGRAM_SECRET = env("ASSISTANT_TELEGRAM_SECRET", "")
# While an officer has a web conversation, the widget and the chat page ask for new
# turns every N seconds (only then: other visitors never poll).
ASSISTANT_POLL_SECONDS = max(env_int("ASSISTANT_POLL_SECONDS", 10), 1)
# What a page that hits a limit shows (API paths answer problem+json).
RATE_LIMIT_VIEW = "balai.portal.views.rate_limited"
# Failed log-ins per account (from any address): the first LOGIN_FREE_FAILURES are
# free, then each further attempt waits LOGIN_DELAY_SECONDS, doubled per failure up to
# LOGIN_DELAY_MAX_SECONDS; failures are forgotten LOGIN_FAILURE_MEMORY_HOURS after the
# last one, and at once after a successful log-in or a password reset. A delay, not a
# lock: an attacker cannot shut the owner out, and the reset link is always open.
LOGIN_FREE_FAILURES = env_int("LOGIN_FREE_FAILURES", 5)
LOGIN_DELAY_SECONDS = env_int("LOGIN_DELAY_SECONDS", 30)
LOGIN_DELAY_MAX_SECONDS = env_int("LOGIN_DELAY_MAX_SECONDS", 15 * 60)
LOGIN_FAILURE_MEMORY_HOURS = env_int("LOGIN_FAILURE_MEMORY_HOURS", 24)
# Shown on the lock-out and reset pages: where people get help.
HELP_CONTACT_NAME = env("HELP_CONTACT_NAME", "Layanan bantuan Balai")
HELP_CONTACT_EMAIL = env("HELP_CONTACT_EMAIL", "")
HELP_CONTACT_PHONE = env("HELP_CONTACT_PHONE", "")
HELP_CONTACT_HOURS = env("HELP_CONTACT_HOURS", "")
# Password reset codes (SMS) and links (e-mail): minutes valid, wrong codes allowed.
PASSWORD_RESET_TTL_MINUTES = env_int("PASSWORD_RESET_TTL_MINUTES", 30)
PASSWORD_RESET_MAX_ATTEMPTS = env_int("PASSWORD_RESET_MAX_ATTEMPTS", 5)
# JSON request bodies of the API: bytes and nesting depth (deeper → 400 problem).
API_JSON_MAX_BYTES = env_int("API_JSON_MAX_BYTES", 1024 * 1024)
API_JSON_MAX_DEPTH = env_int("API_JSON_MAX_DEPTH", 32)
# Uploaded images: decoded pixels at most (a phone photo is at most ~50 MP; the PWA
# downscales before sending) and images decoded at once per process.
UPLOAD_MAX_PIXELS = env_int("UPLOAD_MAX_PIXELS", 50_000_000)
UPLOAD_IMAGE_CONCURRENCY = env_int("UPLOAD_IMAGE_CONCURRENCY", 2)
# The file outbox writes recipients and one-time codes in plaintext: demo only.
if PRODUCTION and "file" in {NOTIFICATIONS[c] for c in ("email", "sms", "whatsapp")}:
    raise ImproperlyConfigured(
        "The file notification backend writes recipients and codes in plaintext; "
        "production needs smtp/http (BALAI_NOTIFY_*_BACKEND)."
    )

# --- logging --------------------------------------------------------------------------
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {
        "plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"},
        "json": {"()": "balai.core.logging.JsonFormatter"},
    },
    "filters": {
        "redact": {"()": "balai.core.logging.RedactIdentifiersFilter"},
        "request_id": {"()": "balai.core.logging.RequestIdFilter"},
        "refusal": {"()": "balai.core.logging.ExpectedRefusalFilter"},
    },
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "filters": ["request_id", "redact"],
            "formatter": "json" if PRODUCTION else "plain",
        }
    },
    "root": {"handlers": ["console"], "level": env("LOG_LEVEL", "INFO")},
    "loggers": {
        # a 403 is a policy saying no: one line, no traceback
        "django.request": {"filters": ["refusal"]},
        "django.db.backends": {"level": "WARNING"},
    },
}

SITE_NAME = env("SITE_NAME", "Balai")
GOVERNMENT_UNIT_NAME = env("GOVERNMENT_UNIT", "Pemerintah Kota Contoh")
DEMO_PASSWORD = env("DEMO_PASSWORD", "Balai-Demo-2026!")
