"""Registry of backends for outside systems (payment gateway, SMS, e-invoice, identity check...).

Each integration is named; settings.EGOV_INTEGRATIONS maps the name to the dotted path of a
backend class. An unmapped integration gets `NotConfigured`, which fails loudly on first use:
a production deployment never silently pretends to send an SMS or take a payment.
"""

from functools import cache

from django.conf import settings
from django.utils.module_loading import import_string


class IntegrationNotConfigured(RuntimeError):
    pass


class NotConfigured:
    def __init__(self, name: str):
        self.name = name

    def __getattr__(self, attribute: str):
        raise IntegrationNotConfigured(
            f"Integration '{self.name}' is not configured: set EGOV_INTEGRATIONS['{self.name}'] "
            f"to a backend class (called {attribute!r})."
        )


@cache
def _backend(name: str, dotted_path: str | None):
    if dotted_path is None:
        return NotConfigured(name)
    return import_string(dotted_path)()


def get_integration(name: str):
    """The configured backend instance for `name` (one per process)."""
    return _backend(name, settings.EGOV_INTEGRATIONS.get(name))


def reset_integrations() -> None:
    """Forget the instances (tests that change settings call this)."""
    _backend.cache_clear()
