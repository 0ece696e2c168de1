from django.apps import AppConfig


class DossiersConfig(AppConfig):
    name = "egov.dossiers"
    verbose_name = "Hồ sơ thủ tục hành chính"
