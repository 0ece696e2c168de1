"""Test settings: the database comes from DATABASE_URL (PostgreSQL in CI), SQLite otherwise."""

from .base import *  # noqa: F403

DEBUG = False
SECRET_KEY = "test-only-secret-key-not-for-production-use-0123456789"
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
CELERY_TASK_ALWAYS_EAGER = True
CELERY_TASK_EAGER_PROPAGATES = True
EGOV_DEMO_ALLOWED = True
AXES_ENABLED = True
MEDIA_ROOT = VAR_DIR / "test-media"  # noqa: F405
STORAGES["staticfiles"] = {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}  # noqa: F405
EGOV_INTEGRATIONS["sms"] = "egov.outbox.backends.FakeSmsGateway"  # noqa: F405
EGOV_INTEGRATIONS["payment"] = "egov.dossiers.integrations.fakes.FakePaymentGateway"  # noqa: F405
EGOV_INTEGRATIONS["einvoice"] = "egov.dossiers.integrations.fakes.FakeEInvoiceService"  # noqa: F405
EGOV_INTEGRATIONS["identity"] = "egov.dossiers.integrations.fakes.FakeIdentityRegistry"  # noqa: F405
