"""Settings for Sumut Mitra: the only settings module.

Every knob comes from an environment variable with a safe default; `.env.example` lists them all.
With DJANGO_DEBUG off (the default) the settings are production-safe and refuse to start without a
real SECRET_KEY.
"""

import os
import sys
from datetime import timedelta
from pathlib import Path

import dj_database_url
from celery.schedules import crontab
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _
from dotenv import load_dotenv

BASE_DIR = Path(__file__).resolve().parent.parent

# A local .env (see .env.example) fills in what the real environment does not set.
load_dotenv(BASE_DIR / ".env", override=False)


def env_str(name, default=""):
    """An empty value counts as unset, so `KEY=` in a .env file keeps the default."""
    return os.environ.get(name) or default


def env_bool(name, default=False):
    value = os.environ.get(name)
    if value is None or value.strip() == "":
        return default
    if value.strip().lower() in {"1", "true", "yes", "on"}:
        return True
    if value.strip().lower() in {"0", "false", "no", "off"}:
        return False
    raise ImproperlyConfigured(f"{name} must be true or false, not {value!r}.")


def env_int(name, default):
    value = os.environ.get(name)
    if value is None or value.strip() == "":
        return default
    try:
        return int(value)
    except ValueError as exc:
        raise ImproperlyConfigured(f"{name} must be a whole number, not {value!r}.") from exc


def env_path(name, default):
    """A folder; relative paths are taken from the repository root."""
    return BASE_DIR / (os.environ.get(name) or default)


def env_list(name, default=()):
    value = os.environ.get(name)
    if not value:
        return list(default)
    return [item.strip() for item in value.split(",") if item.strip()]


# --- Core -----------------------------------------------------------------------------------------

DEBUG = env_bool("DJANGO_DEBUG", False)

_DEV_SECRET_KEY = "django-insecure-development-only-key-never-use-in-production"
SECRET_KEY = env_str("SECRET_KEY") or (_DEV_SECRET_KEY if DEBUG else "")
if not SECRET_KEY:
    raise ImproperlyConfigured(
        "SECRET_KEY must be set when DJANGO_DEBUG is off. Generate one with: python -c "
        "'from django.core.management.utils import get_random_secret_key as g; print(g())'"
    )

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["127.0.0.1", "localhost"] if DEBUG else [])
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

# The public address used in e-mails sent outside a request (Celery tasks).
SITE_URL = env_str("SITE_URL", "http://127.0.0.1:8000").rstrip("/")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django.contrib.postgres",
    "django.forms",
    "crispy_forms",
    "crispy_bootstrap5",
    "import_export",
    "rest_framework",
    "django_filters",
    "corsheaders",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "core",
    "django_htmx",
    "csp",
    "axes",
    "accounts",
    "agencies",
    "notifications",
    "partnerships",
    "trainings",
    "forums",
    "sumut_mitra",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "django_permissions_policy.PermissionsPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "csp.middleware.CSPMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "accounts.middleware.LanguageMiddleware",
    # Before CommonMiddleware, so that its redirects carry the CORS headers too.
    "corsheaders.middleware.CorsMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    # Last, so that it sees the outcome of every authentication attempt.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "sumut_mitra.urls"
WSGI_APPLICATION = "sumut_mitra.wsgi.application"

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
                "sumut_mitra.context_processors.portal",
                "notifications.context_processors.unread",
                "sumut_mitra.staff.staff_layout",
            ],
        },
    },
]

# --- Database -------------------------------------------------------------------------------------


def _program():
    """Which program these settings serve: whether database connections persist depends on it."""
    if os.environ.get("SERVER_SOFTWARE", "").startswith("gunicorn/"):
        return "gunicorn"  # gunicorn's arbiter sets this before it starts its workers
    command = Path(sys.argv[0]).parts if sys.argv and sys.argv[0] else ()
    if command and (command[-1] == "celery" or "celery" in command[:-1]):
        return "celery"  # `celery -A sumut_mitra worker|beat` or `python -m celery ...`
    if sys.argv[1:2] == ["runserver"]:
        return "runserver"
    return "other"


PROGRAM = _program()
# Persistent connections save a connection set-up per request (about 3x the throughput of a page
# that runs one query), but only where a fixed pool of workers reuses them: gunicorn. The
# development server serves each browser connection in a thread of its own, and a kept-alive
# browser connection would pin one PostgreSQL connection per thread until the server refuses
# everybody, so it never keeps them. Celery workers keep them only when told to.
if PROGRAM == "runserver":
    CONN_MAX_AGE = 0
elif PROGRAM == "celery":
    CONN_MAX_AGE = env_int("CELERY_CONN_MAX_AGE", 0)
else:
    CONN_MAX_AGE = env_int("CONN_MAX_AGE", 600 if PROGRAM == "gunicorn" else 0)

DATABASES = {
    "default": dj_database_url.parse(
        env_str("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/sumut_mitra"),
        conn_max_age=CONN_MAX_AGE,
        # A kept connection is checked before a request reuses it, so a restarted PostgreSQL
        # costs one reconnect instead of an error page.
        conn_health_checks=CONN_MAX_AGE != 0,
        # PgBouncer in transaction mode hands each transaction any server connection, so
        # cursors that outlive a transaction (iterator()) must be off there.
        disable_server_side_cursors=env_bool("DISABLE_SERVER_SIDE_CURSORS", False),
    )
}
DATABASES["default"].setdefault("OPTIONS", {})
DATABASES["default"]["OPTIONS"].setdefault(
    "connect_timeout", env_int("DATABASE_CONNECT_TIMEOUT", 5)
)

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Accounts and authentication ----------------------------------------------------------------

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
LOGIN_URL = "accounts:login"
# Staff land on their dasbor; the dasbor sends residents on to their "Beranda saya".
LOGIN_REDIRECT_URL = "dashboard"
LOGOUT_REDIRECT_URL = "home"

AUTH_PASSWORD_VALIDATORS = [
    {
        "NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator",
        "OPTIONS": {"user_attributes": ["email", "full_name"]},
    },
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# How long a sign-up verification link and a password-reset link stay valid.
ACCOUNT_VERIFICATION_MAX_AGE = timedelta(hours=env_int("ACCOUNT_VERIFICATION_HOURS", 72))
PASSWORD_RESET_TIMEOUT = env_int("PASSWORD_RESET_HOURS", 3) * 3600
# At most one verification e-mail per address in this time, however often the form is sent.
ACCOUNT_EMAIL_COOLDOWN = timedelta(seconds=env_int("ACCOUNT_EMAIL_COOLDOWN_SECONDS", 60))

# How long an invitation to join an agency stays valid.
AGENCY_INVITATION_DAYS = env_int("AGENCY_INVITATION_DAYS", 7)

# Brute-force protection (django-axes): lock a user name from one address after repeated failures.
AXES_FAILURE_LIMIT = env_int("LOGIN_FAILURE_LIMIT", 5)
AXES_COOLOFF_TIME = timedelta(minutes=env_int("LOGIN_LOCKOUT_MINUTES", 15))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_USERNAME_CALLABLE = "accounts.security.login_username"
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_CALLABLE = "accounts.views.locked_out"
AXES_CLIENT_IP_CALLABLE = "core.http.client_ip"
AXES_VERBOSE = False
# Failed sign-ins from one connection across all accounts (password spraying): accounts.forms.
LOGIN_SPRAY_LIMIT = env_int("LOGIN_SPRAY_LIMIT", 50)
LOGIN_SPRAY_WINDOW = timedelta(minutes=env_int("LOGIN_SPRAY_MINUTES", 15))
# Login records (times, addresses, browsers) are kept this long to protect accounts, then deleted.
LOGIN_RECORDS_DAYS = env_int("LOGIN_RECORDS_DAYS", 90)
# Number of reverse proxies in front of Django that append to X-Forwarded-For (0: none).
TRUSTED_PROXY_COUNT = env_int("TRUSTED_PROXY_COUNT", 0)

# --- Language and time ----------------------------------------------------------------------------

LANGUAGE_CODE = "id"
LANGUAGES = [("id", _("Indonesian")), ("en", _("English"))]
# Ours first (it wins); then Indonesian for the third-party apps that ship none
# .
LOCALE_PATHS = [BASE_DIR / "locale", BASE_DIR / "locale" / "third_party"]
USE_I18N = True
TIME_ZONE = "Asia/Jakarta"
USE_TZ = True
LANGUAGE_COOKIE_AGE = 365 * 24 * 3600
LANGUAGE_COOKIE_SAMESITE = "Lax"

# --- Static files and uploads ---------------------------------------------------------------------

STATIC_URL = "/static/"
STATIC_ROOT = env_path("STATIC_ROOT", "var/static")
NODE_MODULES = BASE_DIR / "node_modules"
# Front-end packages come from package.json (npm), never from a CDN or from git.
STATICFILES_DIRS = [
    BASE_DIR / "static",
    ("vendor/bootstrap", NODE_MODULES / "bootstrap" / "dist"),
    ("vendor/bootstrap-icons", NODE_MODULES / "bootstrap-icons" / "font"),
    ("vendor/htmx", NODE_MODULES / "htmx.org" / "dist"),
    ("vendor/jsqr", NODE_MODULES / "jsqr" / "dist"),
]
MEDIA_URL = "/media/"
MEDIA_ROOT = env_path("MEDIA_ROOT", "var/media")
# Agreement documents: never under MEDIA_ROOT, never served by the web server directly.
PRIVATE_MEDIA_ROOT = env_path("PRIVATE_MEDIA_ROOT", "var/private")
DOCUMENT_MAX_BYTES = env_int("DOCUMENT_MAX_MB", 10) * 1024 * 1024
# What an upload may hold once opened (core.files): a DOCX/XLSX's entries and unpacked size, a
# picture's pixels (a 40-megapixel photo is 7 700 × 5 200; a decompression bomb is far beyond).
OFFICE_MAX_ENTRIES = env_int("OFFICE_MAX_ENTRIES", 2000)
OFFICE_MAX_UNPACKED_BYTES = env_int("OFFICE_MAX_UNPACKED_MB", 100) * 1024 * 1024
IMAGE_MAX_PIXELS = env_int("IMAGE_MAX_MEGAPIXELS", 40) * 1_000_000
# A code checks someone in to a session from this long before it starts to this long after it
# ends (trainings.services.attendance); the organisers' tick list may record late until the
# training is completed.
CHECKIN_OPENS_MINUTES = env_int("CHECKIN_OPENS_MINUTES", 60)
CHECKIN_CLOSES_MINUTES = env_int("CHECKIN_CLOSES_MINUTES", 0)
# The submitter of forum input rates the official answer while it is answered, and for this many
# days after it closes (by itself, 10 working days after the answer, or by the submitter).
FORUM_RATING_DAYS = env_int("FORUM_RATING_DAYS", 14)
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "private": {
        "BACKEND": "django.core.files.storage.FileSystemStorage",
        "OPTIONS": {"location": PRIVATE_MEDIA_ROOT, "base_url": "/unreachable/"},
    },
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}
WHITENOISE_USE_FINDERS = DEBUG

# --- Forms ----------------------------------------------------------------------------------------

# Widgets find their templates where pages do (templates/), after Django's own.
FORM_RENDERER = "django.forms.renderers.TemplatesSetting"
CRISPY_ALLOWED_TEMPLATE_PACKS = "bootstrap5"
CRISPY_TEMPLATE_PACK = "bootstrap5"

# --- E-mail ---------------------------------------------------------------------------------------

EMAIL_BACKEND = env_str(
    "EMAIL_BACKEND",
    "django.core.mail.backends.console.EmailBackend"
    if DEBUG
    else "django.core.mail.backends.smtp.EmailBackend",
)
EMAIL_HOST = env_str("EMAIL_HOST", "localhost")
EMAIL_PORT = env_int("EMAIL_PORT", 25)
EMAIL_HOST_USER = env_str("EMAIL_HOST_USER")
EMAIL_HOST_PASSWORD = env_str("EMAIL_HOST_PASSWORD")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)
EMAIL_USE_SSL = env_bool("EMAIL_USE_SSL", False)
EMAIL_TIMEOUT = env_int("EMAIL_TIMEOUT", 10)
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "Sumut Mitra <no-reply@sumutmitra.test>")
SERVER_EMAIL = env_str("SERVER_EMAIL", DEFAULT_FROM_EMAIL)
# Where residents write about their data (privacy notice) and other questions.
CONTACT_EMAIL = env_str("CONTACT_EMAIL", "sekretariat@sumutmitra.test")
ADMINS = [("Admin", address) for address in env_list("ADMIN_EMAILS")]

# --- Redis and Celery -----------------------------------------------------------------------------

REDIS_URL = env_str("REDIS_URL", "redis://127.0.0.1:6379/0")
CELERY_BROKER_URL = REDIS_URL
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
CELERY_BROKER_TRANSPORT_OPTIONS = {
    # Longer than the longest task, so a task is not redelivered while it still runs.
    "visibility_timeout": 3600,
    "socket_connect_timeout": 3,
    "socket_timeout": 5,
}
CELERY_TASK_SERIALIZER = "json"
CELERY_RESULT_SERIALIZER = "json"
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_TASK_IGNORE_RESULT = True
CELERY_TASK_TIME_LIMIT = env_int("CELERY_TASK_TIME_LIMIT", 300)
CELERY_TASK_SOFT_TIME_LIMIT = env_int("CELERY_TASK_SOFT_TIME_LIMIT", 240)
# Tasks are idempotent (conventions, rule 7), so a task lost with its worker is safely re-run.
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TIMEZONE = TIME_ZONE
CELERY_WORKER_HIJACK_ROOT_LOGGER = False
# Background work (core/background.py): the outbox, reminder deliveries, certificate PDFs. Work
# queued or claimed longer ago than the lease and not done lost its message or its worker: the
# sweep enqueues it again (waiting twice as long after each failed attempt), and marks it failed
# once it has been tried the maximum number of times. Beat runs each sweep this often.
BACKGROUND_LEASE_SECONDS = env_int("BACKGROUND_LEASE_SECONDS", 120)
BACKGROUND_MAX_ATTEMPTS = env_int("BACKGROUND_MAX_ATTEMPTS", 6)
BACKGROUND_SWEEP_SECONDS = env_int("BACKGROUND_SWEEP_SECONDS", 120)
# A failed e-mail older than this is not sent again by the sweep (an administrator still can).
OUTBOX_RETRY_HOURS = env_int("OUTBOX_RETRY_HOURS", 24)
# The one beat process reads its schedule from here (declared in code, not in the database).
CELERY_BEAT_SCHEDULE = {
    "worker-heartbeat": {
        "task": "sumut_mitra.tasks.record_heartbeat",
        "schedule": env_int("HEARTBEAT_INTERVAL_SECONDS", 60),
        "options": {"expires": env_int("HEARTBEAT_INTERVAL_SECONDS", 60)},
    },
    "advance-agreements": {
        "task": "partnerships.tasks.advance_agreements",
        "schedule": crontab(hour=0, minute=5),
    },
    "scan-reminders": {
        "task": "notifications.tasks.scan_reminders",
        "schedule": env_int("REMINDER_SCAN_SECONDS", 60),
        "options": {"expires": env_int("REMINDER_SCAN_SECONDS", 60)},
    },
    "sweep-deliveries": {
        "task": "notifications.tasks.sweep_deliveries",
        "schedule": BACKGROUND_SWEEP_SECONDS,
        "options": {"expires": BACKGROUND_SWEEP_SECONDS},
    },
    "send-digests": {
        "task": "notifications.tasks.send_digests",
        "schedule": crontab(hour=17, minute=0),
    },
    "sweep-outbox": {
        "task": "notifications.tasks.sweep_outbox",
        "schedule": BACKGROUND_SWEEP_SECONDS,
        "options": {"expires": BACKGROUND_SWEEP_SECONDS},
    },
    "sweep-certificates": {
        "task": "trainings.tasks.issue_pending_certificates",
        "schedule": BACKGROUND_SWEEP_SECONDS,
        "options": {"expires": BACKGROUND_SWEEP_SECONDS},
    },
    "autoclose-submissions": {
        "task": "forums.tasks.autoclose_submissions",
        "schedule": crontab(hour=0, minute=15),
    },
    "purge-forum-personal-data": {
        "task": "forums.tasks.purge_forum_personal_data",
        "schedule": crontab(hour=2, minute=45),
    },
    "prune-login-records": {
        "task": "accounts.tasks.prune_login_records",
        "schedule": crontab(hour=2, minute=30),
    },
    "refresh-statistics": {
        "task": "sumut_mitra.tasks.refresh_statistics",
        "schedule": env_int("STATISTICS_MAX_AGE_SECONDS", 900),
        "options": {"expires": env_int("STATISTICS_MAX_AGE_SECONDS", 900)},
    },
    "prune-once-tokens": {
        "task": "core.tasks.prune_once_tokens",
        "schedule": crontab(hour=2, minute=40),
    },
}
# The health check calls the worker stale when its last heartbeat is older than this.
WORKER_HEARTBEAT_MAX_AGE = timedelta(seconds=env_int("WORKER_HEARTBEAT_MAX_AGE_SECONDS", 180))
# How long the health check waits for the broker before calling it down.
HEALTH_BROKER_TIMEOUT = 2

# The shared cache (Redis): whole pages (one copy for visitors not signed in, one per person for
# those who are, each dropped when a table it was made from changes: core/pagecache.py) and a few
# costly counts. Sessions and login-lockout records live in PostgreSQL, so web nodes stay
# stateless, and every page renders without the cache when Redis is down.
CACHES = {
    "default": {
        "BACKEND": "core.cache.RedisCache",
        "LOCATION": env_str("CACHE_URL", REDIS_URL),
        # Two portals on one Redis (a demo and a benchmark, say) never share pages.
        "KEY_PREFIX": env_str("CACHE_KEY_PREFIX", f"sumut-mitra:{DATABASES['default']['NAME']}"),
        "OPTIONS": {"socket_connect_timeout": 0.5, "socket_timeout": 0.5},
    }
}
PAGE_CACHE_ALIAS = "default"
# How long a page may be served from the cache at most (0: off). Writes make stored pages
# obsolete at once; this bounds what changes with the clock alone (deadlines, "upcoming").
PAGE_CACHE_SECONDS = env_int("PAGE_CACHE_SECONDS", 60)
# After the cache failed to answer, pages skip it this long before trying again.
PAGE_CACHE_RETRY_SECONDS = env_int("PAGE_CACHE_RETRY_SECONDS", 10)
# The public statistics are made in the background (sumut_mitra/statistics.py): again this often,
# and after the data changed, at most once in STATISTICS_REFRESH_SECONDS.
STATISTICS_MAX_AGE_SECONDS = env_int("STATISTICS_MAX_AGE_SECONDS", 900)
STATISTICS_REFRESH_SECONDS = env_int("STATISTICS_REFRESH_SECONDS", 60)
# The open-data catalogue (/data/katalog/, DCAT): who publishes the data, under which licence.
OPEN_DATA_PUBLISHER = env_str(
    "OPEN_DATA_PUBLISHER", "Sekretariat Kerja Sama Daerah Provinsi Sumatera Utara"
)
OPEN_DATA_LICENCE_NAME = env_str("OPEN_DATA_LICENCE_NAME", "Creative Commons Attribution 4.0")
OPEN_DATA_LICENCE_URL = env_str(
    "OPEN_DATA_LICENCE_URL", "https://creativecommons.org/licenses/by/4.0/"
)
SESSION_ENGINE = "django.contrib.sessions.backends.db"

# --- REST API (/api/v1/, sumut_mitra/api.py) ------------------------------------------------------

# Read-only. Anyone reads the open data; staff read their agencies' records with a personal
# token (accounts.ApiToken, "Authorization: Token <key>"), under the same rules as the pages.
API_PAGE_SIZE = env_int("API_PAGE_SIZE", 50)
API_MAX_PAGE_SIZE = 500
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": ["accounts.api.TokenAuthentication"],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.AllowAny"],
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_PARSER_CLASSES": ["rest_framework.parsers.JSONParser"],
    "DEFAULT_FILTER_BACKENDS": [
        "django_filters.rest_framework.DjangoFilterBackend",
        "rest_framework.filters.OrderingFilter",
    ],
    "DEFAULT_PAGINATION_CLASS": "core.api.Cursor",
    "DEFAULT_THROTTLE_CLASSES": ["core.api.ClientThrottle"],
    # Per client: an address without a token, a token's owner with one.
    "DEFAULT_THROTTLE_RATES": {
        "anonymous": env_str("API_RATE_ANONYMOUS", "120/minute"),
        "token": env_str("API_RATE_TOKEN", "600/minute"),
    },
    "DEFAULT_SCHEMA_CLASS": "core.apiviews.Schema",
    "DEFAULT_VERSIONING_CLASS": None,
    "UNAUTHENTICATED_USER": "django.contrib.auth.models.AnonymousUser",
    "EXCEPTION_HANDLER": "core.api.exception_handler",
}
# Other sites' pages may read the API (a data journalist's chart, the province's portal): any
# origin, reading only, never with the visitor's cookies (the API reads none; a personal key is
# sent by whoever holds it). The rest of the portal stays same-origin.
CORS_URLS_REGEX = r"^/api/v1/.*$"
CORS_ALLOW_ALL_ORIGINS = True
CORS_ALLOW_CREDENTIALS = False
CORS_ALLOW_METHODS = ["GET", "HEAD", "OPTIONS"]
CORS_ALLOW_HEADERS = ["accept", "authorization", "if-none-match", "if-modified-since"]
CORS_EXPOSE_HEADERS = ["ETag", "Last-Modified", "Retry-After"]
SPECTACULAR_SETTINGS = {
    "TITLE": "Sumut Mitra API",
    "DESCRIPTION": (
        "Open data of North Sumatra's industrial partnerships: agencies, public cooperation "
        "agreements, trainings and public forum input, read by anyone; and, with a personal "
        "token, an agency's own records for its staff."
    ),
    "VERSION": "1",
    "SERVE_INCLUDE_SCHEMA": False,
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "COMPONENT_SPLIT_REQUEST": True,
    # Several models name a field "kind" or "status": each choice set gets its own name.
    "ENUM_NAME_OVERRIDES": {
        "AgreementKindEnum": "partnerships.enums.AgreementKind",
        "AgreementStatusEnum": "partnerships.enums.AgreementStatus",
        "SubmissionKindEnum": "forums.enums.SubmissionKind",
        "SubmissionStatusEnum": "forums.enums.SubmissionStatus",
    },
    "SCHEMA_PATH_PREFIX": r"/api/v1",
}

# --- Security -------------------------------------------------------------------------------------

SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", not DEBUG)
SESSION_COOKIE_SECURE = env_bool("SESSION_COOKIE_SECURE", not DEBUG)
CSRF_COOKIE_SECURE = env_bool("CSRF_COOKIE_SECURE", not DEBUG)
LANGUAGE_COOKIE_SECURE = SESSION_COOKIE_SECURE
SESSION_COOKIE_HTTPONLY = True
SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 0 if DEBUG else 31536000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", not DEBUG)
SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", not DEBUG)
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
# Browser features no page uses are off for every origin; the check-in page reads QR codes with
# the camera, from this site only. Geolocation, microphone, payment and the rest never.
PERMISSIONS_POLICY = {
    "accelerometer": [],
    "autoplay": [],
    "browsing-topics": [],
    "camera": ["self"],
    "display-capture": [],
    "encrypted-media": [],
    "fullscreen": [],
    "geolocation": [],
    "gyroscope": [],
    "magnetometer": [],
    "microphone": [],
    "midi": [],
    "payment": [],
    "publickey-credentials-get": [],
    "screen-wake-lock": [],
    "serial": [],
    "usb": [],
    "xr-spatial-tracking": [],
}
if env_bool("SECURE_PROXY_SSL_HEADER_ENABLED", False):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
# The health check is probed over plain HTTP by load balancers inside the network.
SECURE_REDIRECT_EXEMPT = [r"^healthz/$"]

# Content Security Policy (django-csp): no inline scripts or styles, nothing from other origins.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        # Bootstrap draws some icons (form-select arrow, navbar toggler) as data: SVG images.
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    }
}

# --- Logging --------------------------------------------------------------------------------------

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s: %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "INFO")},
    "loggers": {"django.db.backends": {"level": "INFO"}},
}
