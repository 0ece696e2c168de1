"""What each staff role may do with dossiers (see organisations/roles.py)."""

from egov.organisations.roles import Role

_VIEW = {"dossiers.view_dossier", "dossiers.view_dossierevent", "dossiers.view_attachment", "dossiers.view_payment"}

GRANTS = {
    Role.RECEIVING_OFFICER: _VIEW | {"dossiers.receive_dossier", "dossiers.return_dossier", "dossiers.add_payment"},
    Role.SPECIALIST: _VIEW | {"dossiers.process_dossier"},
    Role.UNIT_HEAD: _VIEW | {"dossiers.assign_dossier", "dossiers.process_dossier"},
    Role.AGENCY_LEADER: _VIEW | {"dossiers.sign_dossier", "dossiers.override_dossier_rules"},
    Role.INSPECTOR: _VIEW,
    Role.ADMINISTRATOR: _VIEW | {"dossiers.import_dossiers"},
}
