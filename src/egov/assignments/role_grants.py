"""What each role may do with the tasks documents assign (see organisations/roles.py)."""

from egov.organisations.roles import Role

_VIEW = {
    "assignments.view_task",
    "assignments.view_taskoccurrence",
    "assignments.view_progressreport",
}

GRANTS = {
    # Văn thư: breaks directives into tasks, exports the follow-up.
    Role.CLERK: _VIEW | {"assignments.add_task", "assignments.export_followup"},
    # Lãnh đạo cơ quan: assigns tasks, closes or cancels them, follows up.
    Role.AGENCY_LEADER: _VIEW | {"assignments.add_task", "assignments.change_task", "assignments.export_followup"},
    # Lãnh đạo phòng, chuyên viên: report progress for the unit's tasks.
    Role.UNIT_HEAD: _VIEW | {"assignments.add_progressreport"},
    Role.SPECIALIST: _VIEW | {"assignments.add_progressreport"},
}
