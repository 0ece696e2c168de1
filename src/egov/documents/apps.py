from django.apps import AppConfig


class DocumentsConfig(AppConfig):
    name = "egov.documents"
    verbose_name = "Văn bản đến, văn bản đi"
