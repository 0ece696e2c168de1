"""Who answers citizens' feedback (see organisations/roles.py): the one-stop desk, which receives
kiến nghị, phản ánh for the agency, and the agency's head; inspectors read it. All agency-scoped."""

from egov.organisations.roles import Role

_VIEW = {"portal.view_feedback"}

GRANTS = {
    Role.RECEIVING_OFFICER: _VIEW | {"portal.answer_feedback"},
    Role.AGENCY_LEADER: _VIEW | {"portal.answer_feedback"},
    Role.INSPECTOR: _VIEW,
}
