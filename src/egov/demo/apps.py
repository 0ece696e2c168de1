from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DemoConfig(AppConfig):
    """The demo data: composition above the domains, built through their services; no domain imports it."""

    name = "egov.demo"
    verbose_name = _("Dữ liệu mẫu")
