import datetime as dt

import pytest
from django.utils import timezone

from egov.dossiers.models import Dossier, Status
from egov.organisations.roles import Role
from egov.portal import selectors as portal_selectors
from egov.portal.models import Feedback
from egov.portal.selectors import dossier_public_status, normalise_code, timeliness
from egov.workdays.calendar import LOCAL_TZ

from .world import advance_to, file_online, other_agency_desk

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


# --- feedback -------------------------------------------------------------------------------------


def _feedback(department, due, **kwargs):
    return Feedback.objects.create(
        author=department.citizen, agency=department.agency, message="Góp ý thử.", due_date=due, **kwargs
    )


def test_staff_see_their_agency_feedback_waiting_by_deadline_and_overdue(department):
    other = other_agency_desk()
    today = dt.date(2026, 12, 7)
    late = _feedback(department, dt.date(2026, 12, 4))
    soon = _feedback(department, dt.date(2026, 12, 9))
    Feedback.objects.create(author=department.citizen, agency=other.agency, message="Góp ý khác.")
    desk = department.user(Role.RECEIVING_OFFICER)
    assert list(portal_selectors.feedback_for_staff(desk, today=today)) == [late, soon]
    assert list(portal_selectors.feedback_for_staff(desk, state="qua-han", today=today)) == [late]
    assert portal_selectors.feedback_counts(desk, today) == {"cho-tra-loi": 2, "qua-han": 1, "da-tra-loi": 0}
    assert portal_selectors.feedback_is_overdue(late, today) and not portal_selectors.feedback_is_overdue(soon, today)
    # A specialist has no feedback work; nobody sees another agency's.
    assert not portal_selectors.feedback_for_staff(department.user(Role.SPECIALIST)).exists()
    assert late not in portal_selectors.feedback_visible_to(other)


def test_feedback_answered_after_its_deadline_counts_as_overdue(department):
    desk = department.user(Role.RECEIVING_OFFICER)
    answered = {"answer": "Đã trả lời.", "answered_by": desk}
    late = _feedback(
        department, D(2026, 12, 4), answered_at=dt.datetime(2026, 12, 7, 0, 30, tzinfo=LOCAL_TZ), **answered
    )
    # 23:30 UTC on the 4th is already the 5th in Việt Nam: a local date, not a UTC one.
    on_time = _feedback(
        department, D(2026, 12, 4), answered_at=dt.datetime(2026, 12, 4, 16, 0, tzinfo=dt.UTC), **answered
    )
    assert portal_selectors.feedback_is_overdue(late) and not portal_selectors.feedback_is_overdue(on_time)
