from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DossiersConfig(AppConfig):
    name = "egov.dossiers"
    verbose_name = _("Hồ sơ thủ tục hành chính")

    def ready(self) -> None:
        from . import signals  # noqa: F401 (connects the dossier-version receivers)
