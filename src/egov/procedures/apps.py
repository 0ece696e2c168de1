from django.apps import AppConfig


class ProceduresConfig(AppConfig):
    name = "egov.procedures"
    verbose_name = "Thủ tục hành chính"
