from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PortalConfig(AppConfig):
    name = "egov.portal"
    verbose_name = _("Cổng dịch vụ công (người dân, doanh nghiệp)")

    def ready(self):
        from . import lookup_cache  # noqa: F401 (connects the look-up page's invalidation)
