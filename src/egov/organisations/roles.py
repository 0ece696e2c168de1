"""Staff roles, expressed as Django permission groups, and the scope each role works in.

Each app lists what its roles may do in `<app>/role_grants.py` (a GRANTS mapping of role ->
permission names). `roles_sync` gathers them into one Group per role, so an app's permissions
are declared next to the app, and every role's rights are visible in the admin.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    RECEIVING_OFFICER = "receiving_officer", _("Cán bộ tiếp nhận (Bộ phận Một cửa)")
    SPECIALIST = "specialist", _("Chuyên viên")
    UNIT_HEAD = "unit_head", _("Lãnh đạo phòng")
    AGENCY_LEADER = "agency_leader", _("Lãnh đạo cơ quan")
    CLERK = "clerk", _("Văn thư")
    INSPECTOR = "inspector", _("Thanh tra")
    EMULATION_OFFICER = "emulation_officer", _("Cán bộ thi đua, khen thưởng")
    ADMINISTRATOR = "administrator", _("Quản trị hệ thống")
    AUDITOR = "auditor", _("Kiểm tra nhật ký truy cập")


class Scope(models.TextChoices):
    UNIT = "unit", _("Trong phòng, ban")
    AGENCY = "agency", _("Trong cơ quan")


# Specialists and unit heads work inside their unit; the other roles serve the whole agency.
ROLE_SCOPE: dict[str, str] = {
    Role.RECEIVING_OFFICER: Scope.AGENCY,
    Role.SPECIALIST: Scope.UNIT,
    Role.UNIT_HEAD: Scope.UNIT,
    Role.AGENCY_LEADER: Scope.AGENCY,
    Role.CLERK: Scope.AGENCY,
    Role.INSPECTOR: Scope.AGENCY,
    Role.EMULATION_OFFICER: Scope.AGENCY,
    Role.ADMINISTRATOR: Scope.AGENCY,
    Role.AUDITOR: Scope.AGENCY,
}


def group_name(role: str) -> str:
    return f"role:{role}"
