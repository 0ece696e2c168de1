"""Staff reminders: due soon / overdue by the working-day calendar, recipients, once a day."""

import datetime as dt
import threading
from unittest import mock

import pytest
from django.conf import settings as django_settings
from django.core import mail
from django.db import connections

from egov.core.integrations import reset_integrations
from egov.dossiers import notifications, tasks
from egov.dossiers.models import Status
from egov.organisations.roles import Role
from egov.outbox.models import Message
from egov.outbox.selectors import messages_failed

from .test_forms_fixtures import VN, make_agency, make_dossier, make_unit, make_user, make_version

pytestmark = pytest.mark.django_db

MONDAY = dt.date(2021, 10, 11)


@pytest.fixture(autouse=True)
def _clean():
    reset_integrations()
    yield
    reset_integrations()


@pytest.fixture
def office():
    agency = make_agency()
    unit = make_unit(agency)
    version = make_version(agency)
    assignee = make_user(agency=agency, unit=unit, roles=(Role.SPECIALIST,), email="chuyenvien@sct.vn")
    head = make_user(agency=agency, unit=unit, roles=(Role.UNIT_HEAD,), email="truongphong@sct.vn")
    return agency, unit, version, assignee, head


def dossier(office, *, due, status=Status.PROCESSING, apology=None, **kwargs):
    agency, unit, version, assignee, _ = office
    return make_dossier(
        agency=agency,
        unit=unit,
        version=version,
        status=status,
        assignee=kwargs.pop("assignee", assignee),
        due_date=due,
        apology_due_date=apology,
        **kwargs,
    )


def run(today, capture):
    """The run of that day: rows are created at 07:00 local time on `today`."""
    now = dt.datetime.combine(today, dt.time(7), tzinfo=VN)
    with mock.patch("django.utils.timezone.now", return_value=now), capture(execute=True):
        return notifications.reminders_send(today=today)


def reminders(kind=None):
    rows = Message.objects.filter(kind__startswith="reminder_")
    return rows.filter(kind=kind) if kind else rows


def test_due_soon_and_overdue_are_flagged_and_others_are_not(office, django_capture_on_commit_callbacks):
    due_tomorrow = dossier(office, due=dt.date(2021, 10, 12))
    overdue = dossier(office, due=dt.date(2021, 10, 8))
    dossier(office, due=dt.date(2021, 10, 13))  # two working days away: not yet
    dossier(office, due=dt.date(2021, 10, 8), status=Status.PAUSED)  # clock stopped, applicant holds it
    dossier(office, due=dt.date(2021, 10, 8), status=Status.RESOLVED)  # done

    result = run(MONDAY, django_capture_on_commit_callbacks)
    assert (result.due_soon, result.overdue) == (2, 2)  # assignee + unit head each
    assert set(reminders("reminder_due_soon").values_list("about_id", flat=True)) == {due_tomorrow.pk}
    assert set(reminders("reminder_overdue").values_list("about_id", flat=True)) == {overdue.pk}
    assert all(row.state == Message.State.SENT for row in reminders())
    overdue_mail = next(m for m in mail.outbox if overdue.code in m.subject)
    assert "đã quá hạn giải quyết từ ngày 08/10/2021 (1 ngày làm việc)" in overdue_mail.body
    assert "Hồ sơ sắp đến hạn trả kết quả" in next(m.subject for m in mail.outbox if due_tomorrow.code in m.subject)


def test_recipients_are_the_assignee_and_the_unit_heads_only(office, django_capture_on_commit_callbacks):
    agency, unit, _, assignee, head = office
    make_user(agency=agency, unit=unit, roles=(Role.SPECIALIST,), email="dongnghiep@sct.vn")  # colleague
    make_user(agency=agency, unit=make_unit(agency), roles=(Role.UNIT_HEAD,), email="phongkhac@sct.vn")
    retired = make_user(agency=agency, unit=unit, roles=(Role.UNIT_HEAD,), email="nghihuu@sct.vn")
    retired.is_active = False
    retired.save()
    second_head = make_user(agency=agency, unit=unit, roles=(Role.UNIT_HEAD,), email="phophong@sct.vn")
    dossier(office, due=dt.date(2021, 10, 12))

    run(MONDAY, django_capture_on_commit_callbacks)
    assert set(reminders().values_list("recipient", flat=True)) == {assignee.email, head.email, second_head.email}
    assert sorted(m.to[0] for m in mail.outbox) == sorted([assignee.email, head.email, second_head.email])


def test_unassigned_dossier_reminds_the_unit_head(office, django_capture_on_commit_callbacks):
    *_, head = office
    dossier(office, due=dt.date(2021, 10, 8), assignee=None)
    run(MONDAY, django_capture_on_commit_callbacks)
    assert list(reminders().values_list("recipient", flat=True)) == [head.email]


def test_running_twice_the_same_day_sends_once(office, django_capture_on_commit_callbacks):
    dossier(office, due=dt.date(2021, 10, 12))
    dossier(office, due=dt.date(2021, 10, 1))
    first = run(MONDAY, django_capture_on_commit_callbacks)
    second = run(MONDAY, django_capture_on_commit_callbacks)
    assert first.due_soon + first.overdue == 4
    assert (second.due_soon, second.overdue, second.skipped_already_sent) == (0, 0, 4)
    assert reminders().count() == 4 and len(mail.outbox) == 4
    # The next day both are reminded again: one is due that day, the other still overdue.
    third = run(dt.date(2021, 10, 12), django_capture_on_commit_callbacks)
    assert (third.due_soon, third.overdue) == (2, 2)
    assert reminders().count() == 8


def test_due_today_counts_as_due_soon(office, django_capture_on_commit_callbacks):
    dossier(office, due=MONDAY)
    assert run(MONDAY, django_capture_on_commit_callbacks).due_soon == 2


def test_the_horizon_is_in_working_days(office, django_capture_on_commit_callbacks):
    # Friday 2021-10-08: the next working day is Monday 2021-10-11.
    dossier(office, due=dt.date(2021, 10, 11))
    assert run(dt.date(2021, 10, 8), django_capture_on_commit_callbacks).due_soon == 2


def test_the_horizon_skips_public_holidays(office, django_capture_on_commit_callbacks):
    # 2 and 3 September 2021 are National Day holidays: after Wednesday 1/9 comes Monday 6/9.
    dossier(office, due=dt.date(2021, 9, 6))
    assert run(dt.date(2021, 9, 1), django_capture_on_commit_callbacks).due_soon == 2


def test_the_horizon_is_configurable(office, settings, django_capture_on_commit_callbacks):
    dossier(office, due=dt.date(2021, 10, 14))
    assert run(MONDAY, django_capture_on_commit_callbacks).due_soon == 0
    settings.EGOV_REMINDER_WORKING_DAYS = 3
    assert run(MONDAY, django_capture_on_commit_callbacks).due_soon == 2


def test_the_apology_date_replaces_the_due_date(office, django_capture_on_commit_callbacks):
    later = dossier(office, due=dt.date(2021, 10, 5), apology=dt.date(2021, 10, 15))
    soon = dossier(office, due=dt.date(2021, 10, 5), apology=dt.date(2021, 10, 12))
    run(MONDAY, django_capture_on_commit_callbacks)
    assert set(reminders().values_list("about_id", flat=True)) == {soon.pk}
    assert not reminders().filter(about_id=later.pk).exists()
    assert "hẹn lại ngày 12/10/2021" in mail.outbox[0].body


def test_a_recipient_without_e_mail_is_visible_as_failed(office, django_capture_on_commit_callbacks):
    agency, unit, *_ = office
    no_mail = make_user(agency=agency, unit=unit, roles=(Role.SPECIALIST,), email="")
    dossier(office, due=dt.date(2021, 10, 8), assignee=no_mail)
    run(MONDAY, django_capture_on_commit_callbacks)
    row = reminders().get(recipient=no_mail.username)
    assert row.state == Message.State.FAILED and "no e-mail" in row.last_error
    leader = make_user(agency=agency, roles=(Role.AGENCY_LEADER,))
    assert row in messages_failed(leader)
    # Still once a day.
    run(MONDAY, django_capture_on_commit_callbacks)
    assert reminders().filter(recipient=no_mail.username).count() == 1


def test_the_periodic_task_is_scheduled_and_uses_the_local_date(office, django_capture_on_commit_callbacks):
    schedule = django_settings.CELERY_BEAT_SCHEDULE["dossiers-reminders"]
    assert schedule["task"] == tasks.reminders_send_task.name
    dossier(office, due=dt.date(2021, 10, 12))
    with (
        mock.patch("django.utils.timezone.now", return_value=dt.datetime(2021, 10, 11, 7, tzinfo=VN)),
        django_capture_on_commit_callbacks(execute=True),
    ):
        assert tasks.reminders_send_task.apply().get() == {"due_soon": 2, "overdue": 0, "skipped": 0}


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_two_overlapping_runs_send_each_reminder_once(office):
    """Two runs at once (a beat fired twice, a manual run during the scheduled one): the outbox's
    once-a-day key lets one of them write each message, with no lock on the dossiers."""
    for day in (8, 12, 1, 11):
        dossier(office, due=dt.date(2021, 10, day))
    barrier = threading.Barrier(2)
    results, errors = [], []

    def run_once():
        try:
            barrier.wait(timeout=10)
            results.append(notifications.reminders_send(today=MONDAY))
        except Exception as exc:  # reported below: an IntegrityError would mean a double send
            errors.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run_once) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert not errors
    sent = [r.due_soon + r.overdue for r in results]
    skipped = [r.skipped_already_sent for r in results]
    assert sum(sent) == 8 and sum(skipped) == 8  # four dossiers × assignee and head, each once
    assert reminders().count() == 8
    assert reminders().values("about_id", "recipient").distinct().count() == 8
