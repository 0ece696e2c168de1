from egov.organisations.roles import Role

_VIEW = {"procedures.view_field", "procedures.view_procedure", "procedures.view_procedureversion"}
_EDIT = {
    f"procedures.{action}_{model}"
    for action in ("add", "change")
    for model in ("field", "procedure", "procedureversion", "feeitem", "requireddocument", "workflowstep")
} | {
    # Published sections no dossier points at: an editor may also remove one.
    f"procedures.{action}_{model}"
    for action in ("add", "change", "delete")
    for model in ("filingmethod", "blankform")
}

GRANTS = {
    Role.RECEIVING_OFFICER: _VIEW,
    Role.SPECIALIST: _VIEW,
    Role.UNIT_HEAD: _VIEW,
    Role.AGENCY_LEADER: _VIEW,
    Role.INSPECTOR: _VIEW,
    Role.ADMINISTRATOR: _VIEW | _EDIT,
}
