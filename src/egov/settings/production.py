"""Production: everything from the environment; refuses to start on unsafe values."""

from django.core.exceptions import ImproperlyConfigured

from .base import *  # noqa: F403
from .env import env_bool, env_int, env_str

if DEBUG:  # noqa: F405
    raise ImproperlyConfigured("DEBUG must be off in production.")
if len(SECRET_KEY) < 50 or SECRET_KEY.startswith(("dev-", "test-", "django-insecure")):  # noqa: F405
    raise ImproperlyConfigured("SECRET_KEY must be set to a random value of at least 50 characters.")

EGOV_DEMO_ALLOWED = False
EGOV_DEMO_OUTBOX = False
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
# Served behind nginx (deploy/nginx/egov.conf): one proxy in front unless said otherwise.
EGOV_TRUSTED_PROXIES = env_int("EGOV_TRUSTED_PROXIES", 1)
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 31536000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = True
SECURE_CONTENT_TYPE_NOSNIFF = True
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
SESSION_COOKIE_HTTPONLY = True
X_FRAME_OPTIONS = "DENY"
STORAGES["staticfiles"] = {  # noqa: F405
    "BACKEND": "django.contrib.staticfiles.storage.ManifestStaticFilesStorage"
}
CELERY_BROKER_URL = env_str("CELERY_BROKER_URL", REDIS_URL)  # noqa: F405
# One cache shared by every worker process: the rate limits (public look-up, one-time codes, API
# throttling) must count across workers, which the default per-process memory cache does not.
# Unreachable, it degrades to an empty cache (core.cache, decision 0032); these timeouts bound the
# wait for a server that does not answer at all.
_cache_timeout = float(env_str("CACHE_SOCKET_TIMEOUT", "0.5"))
CACHES["default"] = {  # noqa: F405
    "BACKEND": "egov.core.cache.RedisCache",
    "LOCATION": env_str("CACHE_URL", REDIS_URL),  # noqa: F405
    "KEY_PREFIX": "egov",
    "OPTIONS": {"socket_connect_timeout": _cache_timeout, "socket_timeout": _cache_timeout},
}
# The workspace's queue tab counts are cached per user until a dossier of their agency changes
# (workspace.selectors._cached_totals); this shared cache makes that exact across processes.
EGOV_QUEUE_COUNTS_CACHE_SECONDS = env_int("EGOV_QUEUE_COUNTS_CACHE_SECONDS", 300)
# The public look-up's page for a code, shared while exact (portal.lookup_cache, decision 0024).
EGOV_LOOKUP_CACHE_SECONDS = env_int("EGOV_LOOKUP_CACHE_SECONDS", 3600)
# Sessions read from the shared cache (one Redis round trip instead of a query per request) and
# still written to the database, so a cache restart logs nobody out, and with the cache unreachable
# they are read from the database (core.cache degrades instead of failing).
SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"
