"""The shared permission classes: operation rights by codename, object scope answering 404."""

import pytest
from django.contrib.auth.models import AnonymousUser
from rest_framework import exceptions
from rest_framework.test import APIRequestFactory

from egov.api.permissions import HasRequiredPermissions, InScope
from egov.organisations.roles import Role

from .factories import AgencyFactory, UnitFactory, citizen, staff

pytestmark = pytest.mark.django_db


class _View:
    def __init__(self, required=None):
        if required is not None:
            self.required_permissions = required


def _request(user):
    request = APIRequestFactory().get("/")
    request.user = user
    return request


def test_required_permissions_are_all_needed():
    agency = AgencyFactory()
    desk = staff(Role.RECEIVING_OFFICER, agency=agency)
    check = HasRequiredPermissions()
    assert check.has_permission(_request(desk), _View(("dossiers.receive_dossier",)))
    assert not check.has_permission(_request(desk), _View(("dossiers.receive_dossier", "dossiers.sign_dossier")))
    assert not check.has_permission(_request(citizen()), _View(("dossiers.receive_dossier",)))


def test_an_empty_requirement_still_needs_a_login():
    check = HasRequiredPermissions()
    assert check.has_permission(_request(citizen()), _View(()))
    assert not check.has_permission(_request(AnonymousUser()), _View(()))


def test_a_view_without_requirements_fails_closed():
    with pytest.raises(AssertionError):
        HasRequiredPermissions().has_permission(_request(citizen()), _View())


def test_out_of_scope_objects_are_not_found():
    agency = AgencyFactory()
    unit, other_unit = UnitFactory(agency=agency), UnitFactory(agency=agency)
    specialist = staff(Role.SPECIALIST, agency=agency, unit=unit)

    class Obj:
        agency_id = agency.pk

    mine, theirs = Obj(), Obj()
    mine.unit_id, theirs.unit_id = unit.pk, other_unit.pk
    assert InScope().has_object_permission(_request(specialist), None, mine)
    with pytest.raises(exceptions.NotFound):
        InScope().has_object_permission(_request(specialist), None, theirs)
