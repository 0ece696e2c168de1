"""Retention of records (issue 12, item 14; core/retention.py): the periods are data, versioned by
effective date; `manage.py retention` reports what is past its period and destroys it only with
--delete and only under a rule whose legal basis was checked (Luật Lưu trữ 33/2024/QH15; the seeded
periods and their bases are listed in docs/decisions/0033)."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from axes.models import AccessAttempt
from django.core.files.storage import default_storage
from django.core.management import CommandError, call_command
from django.utils import timezone

from egov.core.models import RetentionRule
from egov.dossiers.models import Attachment, Dossier, DossierEvent
from egov.outbox.models import Message
from egov.portal.models import Feedback
from egov.portal.tests.world import advance_to, build_department, file_online

pytestmark = pytest.mark.django_db

ON = "2026-12-04"


def _at(year: int, month: int = 6, day: int = 15) -> dt.datetime:
    return dt.datetime(year, month, day, 9, 0, tzinfo=timezone.get_current_timezone())


def _finished_in(department, year: int, month: int = 6) -> Dossier:
    """A dossier taken through the services to its return, then dated back to `year`."""
    dossier = advance_to(department, file_online(department), "returned")
    Dossier.objects.filter(pk=dossier.pk).update(
        submitted_at=_at(year, month, 1), received_at=_at(year, month, 1), finished_at=_at(year, month, 20)
    )
    Message.objects.filter(about_id=dossier.pk).update(created_at=_at(year, month, 20), state=Message.State.SENT)
    return dossier


def _retention(*args: str) -> str:
    out = io.StringIO()
    call_command("retention", "--date", ON, *args, stdout=out)
    return out.getvalue()


def _section(out: str, code: str) -> list[str]:
    """The report's lines about one kind of record."""
    lines = out.splitlines()
    start = next(i for i, line in enumerate(lines) if f"({code}):" in line)
    end = next((i for i in range(start + 1, len(lines)) if not lines[i].startswith("  ")), len(lines))
    return lines[start:end]


def _confirm(*kinds: str) -> None:
    RetentionRule.objects.filter(record_kind__in=kinds).update(confirmed=True)


@pytest.fixture
def department():
    return build_department()


def test_the_report_counts_what_is_past_its_period_and_destroys_nothing(department):
    # Dossiers are kept 10 years from the end of the year they finished: 2015's may go on
    # 01/01/2026, 2016's not before 01/01/2027.
    old, kept = _finished_in(department, 2015, 12), _finished_in(department, 2016, 1)
    out = _retention()
    assert (
        "Hồ sơ giải quyết thủ tục hành chính (đã kết thúc) (dossier): 10 năm, hủy được bản ghi kết thúc trước "
        "01/01/2016 [căn cứ chưa đối chiếu]\n  Căn cứ: Luật Lưu trữ số 33/2024/QH15" in out
    )
    assert "  Hết thời hạn: 1" in _section(out, "dossier")
    assert "Văn bản đến, văn bản đi (document): vĩnh viễn" in out
    assert "Chưa hủy gì (chạy lại với --delete để hủy)." in out
    assert set(Dossier.objects.values_list("pk", flat=True)) == {old.pk, kept.pk}


def test_nothing_is_destroyed_under_a_rule_whose_basis_is_not_checked(department):
    old = _finished_in(department, 2010)
    with pytest.raises(CommandError) as refused:
        _retention("--delete")
    assert refused.value.returncode == 1
    assert Dossier.objects.filter(pk=old.pk).exists()


def test_delete_destroys_expired_dossiers_with_their_history_and_files(department, django_capture_on_commit_callbacks):
    old, kept = _finished_in(department, 2014), _finished_in(department, 2024)
    files = list(Attachment.objects.filter(dossier=old).values_list("file", flat=True))
    assert files and all(default_storage.exists(name) for name in files)
    old_messages = Message.objects.filter(created_at__lt=_at(2020)).count()
    assert old_messages
    _confirm("dossier", "notification")
    with django_capture_on_commit_callbacks(execute=True):
        out = _retention("--delete")
    assert "  Đã hủy: 1" in _section(out, "dossier")
    assert list(Dossier.objects.values_list("pk", flat=True)) == [kept.pk]
    assert not DossierEvent.objects.filter(dossier_id=old.pk).exists()
    assert not Attachment.objects.filter(dossier_id=old.pk).exists()
    assert not any(default_storage.exists(name) for name in files)  # removed once the deletion committed
    assert Attachment.objects.filter(dossier=kept).exists() and DossierEvent.objects.filter(dossier=kept).exists()
    # The messages sent about the old dossier are past their own period (5 years) and go too.
    assert f"  Đã hủy: {old_messages}" in _section(out, "notification")
    assert not Message.objects.filter(created_at__lt=_at(2020)).exists()
    assert Message.objects.filter(created_at__gte=_at(2024)).exists()


def test_a_dossier_still_referenced_by_kept_feedback_is_not_destroyed(department):
    old = _finished_in(department, 2012)
    Feedback.objects.create(author=department.citizen, message="Góp ý về hồ sơ đã giải quyết.", dossier=old)
    _confirm("dossier", "notification")  # feedback: its own rule, not checked
    out = io.StringIO()
    with pytest.raises(CommandError):
        call_command("retention", "--date", ON, "--delete", stdout=out)
    assert f"Không hủy: còn được tham chiếu bởi: {Feedback._meta.verbose_name_plural}" in out.getvalue()
    assert Dossier.objects.filter(pk=old.pk).exists()
    # Once feedback's period is confirmed too, the feedback goes first, then the dossier.
    Feedback.objects.update(created_at=_at(2012))
    _confirm("feedback")
    _retention("--delete")
    assert not Dossier.objects.filter(pk=old.pk).exists() and not Feedback.objects.exists()


def test_the_rule_in_force_on_the_date_is_the_one_applied(department):
    _finished_in(department, 2008)
    RetentionRule.objects.create(
        record_kind="dossier", effective_from=dt.date(2027, 1, 1), years=20, legal_basis="Quy định mới (ví dụ)."
    )
    assert "(dossier): 10 năm" in _retention()
    out = io.StringIO()
    call_command("retention", "--date", "2027-03-01", stdout=out)
    assert "(dossier): 20 năm, hủy được bản ghi kết thúc trước 01/01/2007" in out.getvalue()


def test_old_log_in_records_are_destroyed_recent_ones_kept(department):
    AccessAttempt.objects.create(username="x", ip_address="203.0.113.5", user_agent="", failures_since_start=1)
    AccessAttempt.objects.update(attempt_time=_at(2024))
    recent = AccessAttempt.objects.create(username="y", ip_address="203.0.113.6", user_agent="", failures_since_start=1)
    _confirm("login_log")
    assert "  Đã hủy: 1" in _section(_retention("--delete"), "login_log")
    assert list(AccessAttempt.objects.values_list("pk", flat=True)) == [recent.pk]


def test_a_bad_date_is_refused():
    with pytest.raises(CommandError) as refused:
        call_command("retention", "--date", "04/12/2026", stdout=io.StringIO())
    assert refused.value.returncode == 2 and "YYYY-MM-DD" in str(refused.value)
