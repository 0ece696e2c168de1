"""Fixtures shared by the dossier tests: a procedure with its six-step workflow and the staff who
walk a dossier through it (the lifecycle helpers of factories.py take both)."""

import pytest

from egov.organisations.roles import Role

from .factories import make_staff, procedure_with_workflow


@pytest.fixture
def procedure():
    return procedure_with_workflow(time_limit=10)


@pytest.fixture
def staff(procedure):
    agency, unit = procedure.agency, procedure.lead_unit
    return {
        "desk": make_staff(agency, Role.RECEIVING_OFFICER),
        "head": make_staff(agency, Role.UNIT_HEAD, unit),
        "specialist": make_staff(agency, Role.SPECIALIST, unit),
        "leader": make_staff(agency, Role.AGENCY_LEADER),
    }
