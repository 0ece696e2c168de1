from django.apps import AppConfig


class WorkdaysConfig(AppConfig):
    name = "egov.workdays"
    verbose_name = "Lịch ngày làm việc"
