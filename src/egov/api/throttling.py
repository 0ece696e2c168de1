"""Throttles that read their rate at request time.

DRF's throttles copy DEFAULT_THROTTLE_RATES into a class attribute at import, so a rate changed
in settings (per deployment through the environment, or in a test) would be ignored.
"""

from rest_framework.settings import api_settings
from rest_framework.throttling import AnonRateThrottle, UserRateThrottle


class AnonymousThrottle(AnonRateThrottle):
    def get_rate(self):
        return api_settings.DEFAULT_THROTTLE_RATES.get(self.scope)


class AuthenticatedThrottle(UserRateThrottle):
    def get_rate(self):
        return api_settings.DEFAULT_THROTTLE_RATES.get(self.scope)
