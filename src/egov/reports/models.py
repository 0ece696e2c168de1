"""The reports app stores nothing of its own: every figure is computed from the dossiers.

`ReportAccess` is a table-less model that only carries the permissions of this app, so that roles
grant them like any other (role_grants.py) and the admin shows them.
"""

from django.db import models


class ReportAccess(models.Model):
    class Meta:
        managed = False
        default_permissions = ()
        verbose_name = "quyền số liệu, báo cáo"
        permissions = [
            ("view_statistics", "Xem số liệu thống kê TTHC và chỉ số chất lượng phục vụ"),
            ("export_report", "Tải báo cáo (.docx, .xlsx) số liệu TTHC"),
        ]

    def __str__(self) -> str:
        return str(self._meta.verbose_name)
