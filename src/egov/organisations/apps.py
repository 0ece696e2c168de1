from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class OrganisationsConfig(AppConfig):
    name = "egov.organisations"
    verbose_name = _("Tổ chức và người dùng")

    def ready(self) -> None:
        from django.contrib.auth.signals import user_logged_in

        from .middleware import on_logged_in
        from .services import roles_sync

        user_logged_in.connect(on_logged_in, dispatch_uid="egov-account-session")

        # Role groups are reference data derived from code (roles.py + each app's role_grants.py);
        # keeping them in step after every migrate means a new permission reaches its roles at once.
        post_migrate.connect(lambda **kwargs: roles_sync(strict=False), dispatch_uid="egov-roles-sync", weak=False)
