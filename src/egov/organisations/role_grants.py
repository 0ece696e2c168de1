"""What each role may do with organisations (see roles.py)."""

from .roles import Role

GRANTS = {
    Role.ADMINISTRATOR: {
        "organisations.view_agency",
        "organisations.view_unit",
        "organisations.add_unit",
        "organisations.change_unit",
        "organisations.view_user",
        "organisations.add_user",
        "organisations.change_user",
    },
    # The access log of the agency's records (core.AccessLogEntry): the agency's head and its auditors.
    Role.AGENCY_LEADER: {
        "organisations.view_agency",
        "organisations.view_unit",
        "organisations.view_user",
        "core.view_accesslogentry",
    },
    Role.AUDITOR: {"core.view_accesslogentry"},
    Role.UNIT_HEAD: {"organisations.view_unit", "organisations.view_user"},
}
