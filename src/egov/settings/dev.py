"""Local development and `make demo`: SQLite, debug on, fake integrations, tasks run in-process."""

from .base import *  # noqa: F403
from .env import env_str

DEBUG = True
SECRET_KEY = env_str("SECRET_KEY", "dev-only-insecure-key-never-use-in-production")
# E-mails print to the console and show on the demo outbox page, next to the fake SMS.
EMAIL_BACKEND = env_str("EMAIL_BACKEND", "egov.outbox.backends.DemoEmailBackend")
EGOV_DEMO_OUTBOX = True
CELERY_TASK_ALWAYS_EAGER = True
EGOV_DEMO_ALLOWED = True
EGOV_INTEGRATIONS["sms"] = "egov.outbox.backends.FakeSmsGateway"  # noqa: F405
EGOV_INTEGRATIONS["payment"] = "egov.dossiers.integrations.fakes.FakePaymentGateway"  # noqa: F405
EGOV_INTEGRATIONS["einvoice"] = "egov.dossiers.integrations.fakes.FakeEInvoiceService"  # noqa: F405
EGOV_INTEGRATIONS["identity"] = "egov.dossiers.integrations.fakes.FakeIdentityRegistry"  # noqa: F405
# A template edited while the development server runs shows at once, cached fragments included.
CACHES["fragments"] = {"BACKEND": "django.core.cache.backends.dummy.DummyCache"}  # noqa: F405
# Tasks run in-process here, and Celery logs every success at INFO (a line per notification sent).
LOGGING["loggers"]["celery.app.trace"] = {"level": "WARNING"}  # noqa: F405
