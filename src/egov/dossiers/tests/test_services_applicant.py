"""The applicant's data and their choice of how to receive the result (services/applicant.py), as
checked when a dossier is filed."""

import pytest
from django.core.exceptions import ValidationError

from egov.organisations.roles import Role

from .. import services
from ..models import Channel, ReturnMethod
from .factories import (
    applicant,
    filed_online,
)

pytestmark = pytest.mark.django_db


def test_bad_applicant_details_are_all_reported_and_nothing_is_written(procedure):
    from ..models import Dossier

    with pytest.raises(ValidationError) as invalid:
        services.dossier_submit(
            procedure=procedure,
            applicant=applicant(id_number="12345", phone="12", email="khong-hop-le"),
            channel=Channel.ONLINE,
        )
    assert set(invalid.value.message_dict) == {"id_number", "phone", "email"}
    assert Dossier.objects.count() == 0


def test_the_applicant_chooses_at_filing_how_to_receive_the_result(db):
    from egov.portal.tests.world import build_department

    department = build_department()
    electronic = filed_online(department, result_delivery=ReturnMethod.ELECTRONIC)
    assert (electronic.result_delivery, electronic.result_address) == ("electronic", "")
    assert electronic.events.get().data == {"channel": "online", "result_delivery": "electronic"}
    # By post with no address of its own: the applicant's address.
    posted = filed_online(department, result_delivery=ReturnMethod.POST)
    assert posted.result_address == "Phường Nghĩa Chánh, TP Quảng Ngãi"
    # An electronic result needs an account to be made available in.
    from egov.portal.tests.world import applicant

    desk = department.user(Role.RECEIVING_OFFICER)
    with pytest.raises(ValidationError) as error:
        services.dossier_submit(
            procedure=department.alcohol,
            applicant=applicant(),
            channel=Channel.DIRECT,
            actor=desk,
            result_delivery=ReturnMethod.ELECTRONIC,
        )
    assert "result_delivery" in error.value.message_dict
    with pytest.raises(ValidationError) as error:
        services.dossier_submit(
            procedure=department.alcohol,
            applicant=applicant(address=""),
            channel=Channel.ONLINE,
            actor=department.citizen,
            owner=department.citizen,
            result_delivery=ReturnMethod.POST,
        )
    assert "result_address" in error.value.message_dict
