from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "egov.core"
    verbose_name = _("Nền tảng chung")

    def ready(self):
        from django.utils.module_loading import autodiscover_modules

        from . import database

        autodiscover_modules("retention")  # each app's kinds of records (core.retention)
        database.install()  # integers checked by PostgreSQL against their column (core.database)
