"""What each role may do with statistics and reports (see organisations/roles.py).

The statistics are read within the user's scope (organisations.selectors.scope_filter): agency
roles see their agency, unit heads their unit's dossiers.
"""

from egov.organisations.roles import Role

_VIEW = {"reports.view_statistics"}

GRANTS = {
    # Bộ phận Một cửa compiles the TTHC figures for the department's reports.
    Role.RECEIVING_OFFICER: _VIEW | {"reports.export_report"},
    Role.UNIT_HEAD: _VIEW | {"reports.export_report"},
    Role.AGENCY_LEADER: _VIEW | {"reports.export_report"},
    Role.INSPECTOR: _VIEW,
}
