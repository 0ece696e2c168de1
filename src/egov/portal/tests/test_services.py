"""Citizens' feedback: where it goes, when it is due, and its answer (portal.services)."""

import datetime as dt
import threading
from unittest import mock

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connections

from egov.organisations.roles import Role
from egov.outbox.models import Message
from egov.portal import services
from egov.portal.models import Feedback, FeedbackTimeLimit
from egov.workdays.calendar import LOCAL_TZ

from .world import build_department, file_online, other_agency_desk

pytestmark = pytest.mark.django_db


def _at(*args):
    return dt.datetime(*args, tzinfo=LOCAL_TZ)


def _sent_at(moment, **kwargs):
    with mock.patch("django.utils.timezone.now", return_value=moment):
        return services.feedback_create(**kwargs)


def test_feedback_is_due_in_working_days_skipping_the_national_day(department):
    """Kiến nghị, phản ánh are handled within 15 working days (DVCQG's clock, QĐ 766/QĐ-TTg indicator
    5.2, law-2026.md §1.7; NĐ 20/2008/NĐ-CP as amended): sent Friday 28/08/2026, the days off
    31/08–02/09/2026 are not counted, so the answer is due 23/09/2026 (18/09 without them)."""
    feedback = _sent_at(
        _at(2026, 8, 28, 10), author=department.citizen, message="Thủ tục còn rườm rà.", agency=department.agency
    )
    assert feedback.due_date == dt.date(2026, 9, 23)


def test_the_time_limit_is_the_one_in_force_on_the_day_sent(department):
    FeedbackTimeLimit.objects.create(effective_from=dt.date(2026, 9, 1), working_days=5, legal_basis="Thử nghiệm.")
    before = _sent_at(_at(2026, 8, 28, 10), author=department.citizen, message="Góp ý trước.", agency=department.agency)
    after = _sent_at(_at(2026, 9, 4, 10), author=department.citizen, message="Góp ý sau đó.", agency=department.agency)
    assert before.due_date == dt.date(2026, 9, 23)
    assert after.due_date == dt.date(2026, 9, 11)


def test_feedback_about_a_dossier_goes_to_its_agency(department):
    other = other_agency_desk()
    dossier = file_online(department)
    feedback = services.feedback_create(
        author=department.citizen, message="Cán bộ hướng dẫn tận tình.", dossier=dossier, agency=other.agency
    )
    assert feedback.agency == department.agency


def test_general_feedback_needs_an_agency_and_writes_nothing_without(department):
    with pytest.raises(ValidationError) as error:
        services.feedback_create(author=department.citizen, message="Góp ý chung về cổng.")
    assert "agency" in error.value.message_dict
    assert not Feedback.objects.exists()


def test_the_answer_is_recorded_and_the_citizen_told_by_email_and_sms(department):
    department.citizen.phone = "0905123456"
    department.citizen.save()
    feedback = services.feedback_create(
        author=department.citizen, message="Nên nhận hồ sơ cả buổi chiều thứ Bảy.", agency=department.agency
    )
    desk = department.user(Role.RECEIVING_OFFICER)
    moment = _at(2026, 12, 7, 9, 30)
    with mock.patch("django.utils.timezone.now", return_value=moment):
        services.feedback_answer(
            feedback=feedback, actor=desk, answer="Sở sẽ bố trí nhận hồ sơ sáng thứ Bảy từ tháng 01/2027."
        )
    feedback.refresh_from_db()
    assert (feedback.answered_by, feedback.answered_at) == (desk, moment)
    assert feedback.answer.startswith("Sở sẽ bố trí")
    sent = {m.channel: m for m in Message.objects.filter(kind=services.KIND_FEEDBACK_ANSWERED)}
    assert sent["email"].recipient == "an@example.vn" and "Sở sẽ bố trí nhận hồ sơ" in sent["email"].body
    assert sent["sms"].recipient == "0905123456" and "/cong-dan/gop-y/" in sent["sms"].body
    assert sent["email"].agency_id == department.agency.pk


def test_only_staff_allowed_and_of_the_agency_may_answer(department):
    other = other_agency_desk()
    feedback = services.feedback_create(
        author=department.citizen, message="Góp ý về giờ làm việc.", agency=department.agency
    )
    for actor in (department.user(Role.SPECIALIST), other, department.citizen):
        with pytest.raises(PermissionDenied):
            services.feedback_answer(feedback=feedback, actor=actor, answer="Một câu trả lời đủ dài.")
    feedback.refresh_from_db()
    assert feedback.answered_at is None and not Message.objects.filter(kind=services.KIND_FEEDBACK_ANSWERED).exists()


def test_feedback_is_answered_once_and_not_with_an_empty_text(department):
    feedback = services.feedback_create(
        author=department.citizen, message="Góp ý về giờ làm việc.", agency=department.agency
    )
    desk, leader = department.user(Role.RECEIVING_OFFICER), department.user(Role.AGENCY_LEADER)
    with pytest.raises(ValidationError):
        services.feedback_answer(feedback=feedback, actor=desk, answer="  ngắn ")
    services.feedback_answer(feedback=feedback, actor=desk, answer="Cảm ơn ông/bà, Sở đã ghi nhận.")
    with pytest.raises(ValidationError, match="đã được trả lời"):
        services.feedback_answer(feedback=feedback, actor=leader, answer="Một câu trả lời khác.")
    feedback.refresh_from_db()
    assert feedback.answered_by == desk
    assert Message.objects.filter(kind=services.KIND_FEEDBACK_ANSWERED).count() == 1


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_two_staff_answering_at_once_record_one_answer_and_one_message():
    """The desk and the director submit at the same moment: the row lock lets one answer in, the
    other is told it was already answered, and the citizen gets one message."""
    department = build_department()
    feedback = services.feedback_create(
        author=department.citizen, message="Góp ý về giờ làm việc.", agency=department.agency
    )
    barrier = threading.Barrier(2)
    outcomes, errors = [], []

    def answer(role):
        try:
            barrier.wait(timeout=10)
            actor = department.user(role)
            services.feedback_answer(feedback=feedback, actor=actor, answer=f"Trả lời của {actor.full_name}.")
            outcomes.append("answered")
        except ValidationError as exc:
            outcomes.append(exc.code)
        except Exception as exc:  # reported below
            errors.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=answer, args=(role,)) for role in (Role.RECEIVING_OFFICER, Role.AGENCY_LEADER)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert not errors
    assert sorted(outcomes) == ["already_answered", "answered"]
    assert Message.objects.filter(kind=services.KIND_FEEDBACK_ANSWERED, channel="email").count() == 1
