from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OutboxConfig(AppConfig):
    name = "egov.outbox"
    verbose_name = _("Tin gửi đi")
