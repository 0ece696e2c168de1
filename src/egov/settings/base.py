"""Settings shared by every environment. Anything that differs per deployment comes from the environment."""

from pathlib import Path

import dj_database_url
from celery.schedules import crontab
from django.utils.translation import gettext_lazy as _

from .env import env_bool, env_int, env_list, env_str

SRC_DIR = Path(__file__).resolve().parents[2]
BASE_DIR = SRC_DIR.parent
VAR_DIR = Path(env_str("EGOV_VAR_DIR", str(BASE_DIR / "var")))

SECRET_KEY = env_str("SECRET_KEY", "")
DEBUG = env_bool("DEBUG", False)
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "127.0.0.1,localhost")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")
CSRF_FAILURE_VIEW = "egov.core.views.csrf_failure"

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "rest_framework",
    "drf_spectacular",
    "axes",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "egov.core",
    "egov.organisations",
    "egov.workdays",
    "egov.outbox",
    "egov.procedures",
    "egov.dossiers",
    "egov.documents",
    "egov.assignments",
    "egov.petitions",
    "egov.reports",
    "egov.portal",
    "egov.workspace",
    "egov.demo",
]

MIDDLEWARE = [
    # First: every later reader of REMOTE_ADDR (log-in lock-out, rate limits, logs) sees the client's.
    "egov.core.client_address.ClientAddressMiddleware",
    # A path or query with a control character reaches no view (core.boundary, core.text).
    "egov.core.boundary.BoundaryMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "egov.core.csp.ContentSecurityPolicyMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    # Whether the session passed the second factor; then the account rules (idle time, second
    # factor, password change) that hold a signed-in request back (docs/decisions/0026).
    "django_otp.middleware.OTPMiddleware",
    "egov.organisations.middleware.AccountPolicyMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # Last, as django-axes requires: it answers locked-out log-ins.
    "axes.middleware.AxesMiddleware",
]

# How many proxies stand in front of the application, each appending to X-Forwarded-For (nginx in
# deploy/: 1). The client's address is read behind them, once, for everything (core.client_address,
# docs/decisions/0031); 0 reads no header.
EGOV_TRUSTED_PROXIES = env_int("EGOV_TRUSTED_PROXIES", 0)

ROOT_URLCONF = "egov.urls"
WSGI_APPLICATION = "egov.wsgi.application"

# "default" holds what several processes must share (rate limits, sessions): production points it at
# Redis. "fragments" holds rendered template fragments that are the same for every visitor (the
# anonymous header's links), per process: they only change with a deployment, which restarts it.
CACHES = {
    "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "egov-default"},
    "fragments": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "egov-fragments"},
}

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [SRC_DIR / "egov" / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.i18n",
                "egov.core.context_processors.languages",
                "egov.navigation.navigation",
            ],
        },
    },
]

# SQLite is the embedded default (demo, newcomers); production runs on PostgreSQL via DATABASE_URL.
DATABASES = {
    "default": dj_database_url.parse(
        env_str("DATABASE_URL", f"sqlite:///{VAR_DIR / 'egov.sqlite3'}"),
        conn_max_age=env_int("DB_CONN_MAX_AGE", 60),
        conn_health_checks=True,
    )
}
# The planner's default random_page_cost (4) models spinning disks: it then reads whole tables rather
# than follow the statistics' date-range indexes (docs/decisions/0013). Empty keeps the server's value.
DB_RANDOM_PAGE_COST = env_str("DB_RANDOM_PAGE_COST", "1.1")
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql" and DB_RANDOM_PAGE_COST:
    DATABASES["default"].setdefault("OPTIONS", {})["options"] = f"-c random_page_cost={float(DB_RANDOM_PAGE_COST)}"
# Prepared statements: psycopg prepares a query on the server once it has run DB_PREPARE_THRESHOLD
# times on a connection, so PostgreSQL stops planning again the same queries every page runs (the
# public look-up's query: 0,20 -> 0,10 ms; docs/decisions/0023). Needs server-side parameter
# binding. Empty turns it off: behind PgBouncer in transaction mode older than 1.21, or without its
# max_prepared_statements, a prepared statement can reach another server connection.
DB_PREPARE_THRESHOLD = env_str("DB_PREPARE_THRESHOLD", "5")
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql" and DB_PREPARE_THRESHOLD:
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        server_side_binding=True, prepare_threshold=int(DB_PREPARE_THRESHOLD)
    )
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL + a busy timeout keep the single-file demo database usable by the web server and Celery.
    DATABASES["default"]["OPTIONS"] = {"timeout": 20, "init_command": "PRAGMA journal_mode=WAL;"}
    DATABASES["default"]["CONN_MAX_AGE"] = 0
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "organisations.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
# Password policy (docs/decisions/0026-authentication-policy.md, TCVN 11930:2017 level 3): at least
# 10 characters from three of the four kinds (lower case, upper case, digits, other signs), not
# close to the account's name or e-mail, not a common password.
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 10}},
    {"NAME": "egov.organisations.validators.CharacterKindsValidator", "OPTIONS": {"min_kinds": 3}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "/"
# A session with no request for this long is ended (organisations.middleware): staff, citizens.
EGOV_STAFF_IDLE_MINUTES = env_int("EGOV_STAFF_IDLE_MINUTES", 30)
EGOV_CITIZEN_IDLE_MINUTES = env_int("EGOV_CITIZEN_IDLE_MINUTES", 60)
# Staff change their password after this many days (0: never asked).
EGOV_STAFF_PASSWORD_MAX_AGE_DAYS = env_int("EGOV_STAFF_PASSWORD_MAX_AGE_DAYS", 180)
# Password-reset e-mails asked for, per client address (each asks one e-mail to be sent).
EGOV_PASSWORD_RESET_RATE = env_str("EGOV_PASSWORD_RESET_RATE", "5/hour")
# API tokens: the longest life a token may be given, and the life offered by default (days).
EGOV_API_TOKEN_MAX_DAYS = env_int("EGOV_API_TOKEN_MAX_DAYS", 365)
EGOV_API_TOKEN_DEFAULT_DAYS = env_int("EGOV_API_TOKEN_DEFAULT_DAYS", 90)
# The name authenticator apps show next to the six digits.
OTP_TOTP_ISSUER = env_str("OTP_TOTP_ISSUER", "Hệ thống quản lý hành chính")
# Each wrong code doubles the wait before the next try (1 s, 2 s, 4 s...): django-otp's throttling.
OTP_TOTP_THROTTLE_FACTOR = 1
# The admin pages of authenticators never show their secrets.
OTP_ADMIN_HIDE_SENSITIVE_DATA = True

# Log-in lockout (django-axes): lock the account + address pair after repeated failures.
AXES_FAILURE_LIMIT = env_int("AXES_FAILURE_LIMIT", 5)
AXES_COOLOFF_TIME = env_int("AXES_COOLOFF_MINUTES", 30) / 60  # hours
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
# The client's address as ClientAddressMiddleware resolved it, never axes's own header reading.
AXES_CLIENT_IP_CALLABLE = "egov.core.client_address.client_address"
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "registration/locked.html"

LANGUAGE_CODE = "vi"
LANGUAGES = [("vi", _("Tiếng Việt")), ("en", _("English"))]
LOCALE_PATHS = [SRC_DIR / "egov" / "locale"]
TIME_ZONE = "Asia/Ho_Chi_Minh"
USE_I18N = True
USE_TZ = True
USE_THOUSAND_SEPARATOR = True

STATIC_URL = "static/"
STATICFILES_DIRS = [SRC_DIR / "egov" / "static"]
STATIC_ROOT = Path(env_str("STATIC_ROOT", str(VAR_DIR / "static")))
MEDIA_URL = "media/"
MEDIA_ROOT = Path(env_str("MEDIA_ROOT", str(VAR_DIR / "media")))

# Files: local by default; any S3-compatible store when STORAGE_BACKEND=s3 (django-storages).
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
if env_str("STORAGE_BACKEND", "local") == "s3":
    STORAGES["default"] = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": env_str("S3_BUCKET"),
            "endpoint_url": env_str("S3_ENDPOINT_URL", "") or None,
            "access_key": env_str("S3_ACCESS_KEY", "") or None,
            "secret_key": env_str("S3_SECRET_KEY", "") or None,
            "region_name": env_str("S3_REGION", "") or None,
            "default_acl": None,
            "querystring_auth": True,
            "file_overwrite": False,
        },
    }

EMAIL_BACKEND = env_str("EMAIL_BACKEND", "django.core.mail.backends.smtp.EmailBackend")
EMAIL_HOST = env_str("EMAIL_HOST", "localhost")
EMAIL_PORT = env_int("EMAIL_PORT", 25)
EMAIL_HOST_USER = env_str("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = env_str("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "no-reply@localhost")

REDIS_URL = env_str("REDIS_URL", "redis://127.0.0.1:6379/0")
CELERY_BROKER_URL = env_str("CELERY_BROKER_URL", REDIS_URL)
CELERY_RESULT_BACKEND = None
CELERY_TASK_ALWAYS_EAGER = env_bool("CELERY_TASK_ALWAYS_EAGER", False)
CELERY_TASK_EAGER_PROPAGATES = False
CELERY_TIMEZONE = TIME_ZONE
CELERY_TASK_ACKS_LATE = True
CELERY_BEAT_SCHEDULE: dict = {}
# Dossier reminders to staff (due soon / overdue): every morning; the task is idempotent per day.
CELERY_BEAT_SCHEDULE["dossiers-reminders"] = {
    "task": "dossiers.reminders_send",
    "schedule": crontab(hour=env_int("EGOV_REMINDER_HOUR", 7), minute=0),
}
# Outgoing messages whose task was lost (process killed after the commit, broker down) are queued again.
CELERY_BEAT_SCHEDULE["outbox-sweep"] = {
    "task": "outbox.sweep",
    "schedule": crontab(minute="*/15"),
}
# Reminders of task reports assigned by documents (due within 3 working days / overdue): daily,
# idempotent per day.
CELERY_BEAT_SCHEDULE["assignments-task-reminders"] = {
    "task": "assignments.send_task_reminders",
    "schedule": crontab(hour=env_int("EGOV_REMINDER_HOUR", 7), minute=5),
}
EGOV_REMINDER_WORKING_DAYS = env_int("EGOV_REMINDER_WORKING_DAYS", 1)
EGOV_TASK_REMINDER_WORKING_DAYS = env_int("EGOV_TASK_REMINDER_WORKING_DAYS", 3)
# Base of the public look-up link printed as a QR code on Form 01 and sent to applicants.
EGOV_PUBLIC_BASE_URL = env_str("EGOV_PUBLIC_BASE_URL", "http://127.0.0.1:8000")
# Public dossier look-up (portal): requests per client address, against enumeration of codes.
EGOV_LOOKUP_RATE = env_str("EGOV_LOOKUP_RATE", "30/minute")
# Seconds a look-up page is kept in the shared cache while exact (portal.lookup_cache); 0 renders
# every time. Needs one cache shared by every process that writes dossiers: Redis in production.
EGOV_LOOKUP_CACHE_SECONDS = env_int("EGOV_LOOKUP_CACHE_SECONDS", 0)
# One-time codes sent (SMS / e-mail) per client address, for online filing.
EGOV_OTP_RATE = env_str("EGOV_OTP_RATE", "10/hour")
# Account sign-up attempts per client address, against mass creation of accounts.
EGOV_SIGNUP_RATE = env_str("EGOV_SIGNUP_RATE", "10/hour")
# Uploads (core.files, dossiers.attachments): one file's size; all the files of one dossier; and,
# for zip-based files (DOCX, XLSX, ZIP...), what they would take once decompressed, the
# decompressed/compressed ratio and the number of members, checked before decompressing.
EGOV_ATTACHMENT_MAX_BYTES = env_int("EGOV_ATTACHMENT_MAX_BYTES", 20 * 1024 * 1024)
EGOV_DOSSIER_MAX_BYTES = env_int("EGOV_DOSSIER_MAX_BYTES", 100 * 1024 * 1024)
EGOV_ARCHIVE_MAX_UNCOMPRESSED_BYTES = env_int("EGOV_ARCHIVE_MAX_UNCOMPRESSED_BYTES", 100 * 1024 * 1024)
EGOV_ARCHIVE_MAX_RATIO = env_int("EGOV_ARCHIVE_MAX_RATIO", 100)
EGOV_ARCHIVE_MAX_MEMBERS = env_int("EGOV_ARCHIVE_MAX_MEMBERS", 1000)

REST_FRAMEWORK = {
    # Token first: its WWW-Authenticate header turns "not authenticated" into a proper 401.
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "egov.api.authentication.HashedTokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    # Bodies are JSON (nested objects, null, numbers); only the upload view reads multipart.
    "DEFAULT_PARSER_CLASSES": ["egov.api.parsers.JSONParser"],
    "DEFAULT_SCHEMA_CLASS": "egov.api.schema.ApiAutoSchema",
    "DEFAULT_PAGINATION_CLASS": "egov.api.pagination.DefaultPagination",
    "PAGE_SIZE": 50,
    # One error shape for the whole API (docs/decisions/0009-api.md).
    "EXCEPTION_HANDLER": "egov.api.exceptions.api_exception_handler",
    # Anonymous endpoints (the public catalogue) are throttled per address; integrations per account.
    "DEFAULT_THROTTLE_CLASSES": [
        "egov.api.throttling.AnonymousThrottle",
        "egov.api.throttling.AuthenticatedThrottle",
    ],
    # REMOTE_ADDR is already the client's (ClientAddressMiddleware): DRF must not read
    # X-Forwarded-For itself (by default it keys anonymous clients on the whole header, forgeable).
    "NUM_PROXIES": 0,
    "DEFAULT_THROTTLE_RATES": {
        "anon": env_str("API_THROTTLE_ANON", "120/minute"),
        "user": env_str("API_THROTTLE_USER", "3000/hour"),
    },
    "TEST_REQUEST_DEFAULT_FORMAT": "json",
}
SPECTACULAR_SETTINGS = {
    "TITLE": "E-government platform API",
    "DESCRIPTION": "API v1: danh mục thủ tục hành chính, hồ sơ một cửa, thống kê (Biểu 06).",
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    # Separate request/response components (DossierCreateRequest vs Dossier): read-only fields
    # never appear as inputs in generated clients.
    "COMPONENT_SPLIT_REQUEST": True,
    "SCHEMA_PATH_PREFIX": r"/api/v1",
    # One name per choice set used by several fields (status, from_status, to_status...).
    "ENUM_NAME_OVERRIDES": {
        "DossierStatusEnum": "egov.dossiers.models.Status",
        "DossierChannelEnum": "egov.dossiers.models.Channel",
        "AttachmentKindEnum": "egov.dossiers.models.Attachment.Kind",
        "ApplicantKindEnum": "egov.dossiers.models.ApplicantKind",
        "ReturnMethodEnum": "egov.dossiers.models.ReturnMethod",
        "RatingEnum": "egov.dossiers.models.Rating",
        "WorkflowActionEnum": "egov.procedures.models.WorkflowStep.Action",
        "DocumentFormEnum": "egov.procedures.models.RequiredDocument.Form",
    },
}

# Integration backends (payment, SMS, e-invoice, identity check...): dotted paths per integration.
# The default is "not configured", which fails loudly; the demo and tests choose the fakes.
EGOV_INTEGRATIONS: dict[str, str] = {}
# E-mail goes through Django's mail API (SMTP settings above) in every environment.
EGOV_INTEGRATIONS["email"] = "egov.outbox.backends.DjangoEmailSender"
# The page listing what the fake SMS gateway and e-mail backend "sent" (outbox.views.demo_outbox):
# development only; 404 elsewhere.
EGOV_DEMO_OUTBOX = False

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    # A line about a request (django.request's 4xx/5xx, django.security's) names its client's address.
    "filters": {"client": {"()": "egov.core.client_address.ClientAddressLogFilter"}},
    "formatters": {"default": {"format": "%(levelname)s %(name)s [%(client)s] %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "filters": ["client"], "formatter": "default"}},
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "INFO")},
    # WeasyPrint and its font subsetter log every step of every PDF at INFO (forms printing).
    "loggers": {name: {"level": "WARNING"} for name in ("weasyprint", "fontTools", "axes")},
}

if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3" and DATABASES["default"]["NAME"] != ":memory:":
    Path(DATABASES["default"]["NAME"]).parent.mkdir(parents=True, exist_ok=True)
