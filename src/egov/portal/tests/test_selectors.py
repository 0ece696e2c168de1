import datetime as dt

import pytest
from django.utils import timezone

from egov.dossiers.models import Dossier, Status
from egov.portal.selectors import dossier_public_status, normalise_code, timeliness

from .world import advance_to, file_online

pytestmark = pytest.mark.django_db

D = dt.date


def _dossier(**kwargs):
    return Dossier(status=kwargs.pop("status", Status.PROCESSING), **kwargs)


def test_timeliness_of_finished_dossiers_against_the_statutory_date():
    due = D(2026, 3, 10)
    at = lambda day: dt.datetime.combine(day, dt.time(9), tzinfo=dt.UTC)  # noqa: E731
    assert timeliness(_dossier(due_date=due, finished_at=at(D(2026, 3, 9)), status=Status.RESOLVED)) == "early"
    assert timeliness(_dossier(due_date=due, finished_at=at(due), status=Status.RETURNED)) == "on_time"
    late = _dossier(
        due_date=due, apology_due_date=D(2026, 3, 20), finished_at=at(D(2026, 3, 12)), status=Status.RETURNED
    )
    assert timeliness(late) == "late"  # the apology's new date does not make it on time


def test_timeliness_of_open_dossiers_against_the_promised_date():
    today = D(2026, 3, 15)
    assert timeliness(_dossier(due_date=D(2026, 3, 16)), today) == "in_time"
    assert timeliness(_dossier(due_date=D(2026, 3, 10)), today) == "overdue"
    assert timeliness(_dossier(due_date=D(2026, 3, 10), apology_due_date=D(2026, 3, 20)), today) == "in_time"
    assert timeliness(_dossier(due_date=D(2026, 3, 10), status=Status.PAUSED), today) == "paused"
    assert timeliness(_dossier(due_date=None, status=Status.SUBMITTED), today) == ""


def test_normalise_code():
    assert normalise_code(" 000.00.53.h48-220921-0099 ") == "000.00.53.H48-220921-0099"


def test_public_status_holds_no_personal_data(department):
    dossier = advance_to(department, file_online(department), "received")
    status = dossier_public_status(dossier.code)
    assert status.procedure_name == "Cấp Giấy phép bán buôn rượu"
    assert status.received_on == timezone.localdate()
    fields = set(status.__dataclass_fields__)
    assert not fields & {"applicant_name", "applicant_phone", "applicant_email", "applicant_id_number", "owner"}
    assert dossier_public_status("") is None
    assert dossier_public_status("000.00.53.H48-000000-0000") is None
