import datetime as dt
import unicodedata

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from egov.workdays import calendar as calendar_module
from egov.workdays.calendar import get_calendar
from egov.workdays.models import CalendarOverride
from egov.workdays.services import override_create, override_delete, override_update

pytestmark = pytest.mark.django_db

D = dt.date
DAY_OFF = CalendarOverride.Kind.DAY_OFF
WORKING_DAY = CalendarOverride.Kind.WORKING_DAY


def errors_of(excinfo) -> dict[str, str]:
    return {field: " ".join(messages) for field, messages in excinfo.value.message_dict.items()}


def test_create_day_off_changes_the_calendar_after_commit(django_capture_on_commit_callbacks):
    calendar = get_calendar()
    assert calendar.is_working_day(D(2025, 3, 7))
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        override = override_create(
            date=D(2025, 3, 7), kind=DAY_OFF, reason="Nghỉ tránh bão", decision="Công văn 1/UBND"
        )
    assert len(callbacks) == 1
    assert override.pk is not None
    assert not get_calendar().is_working_day(D(2025, 3, 7))
    # Thu 06/03 + 1 working day skips the new day off and the weekend.
    assert get_calendar().due_date(dt.datetime(2025, 3, 6, 9), 1) == D(2025, 3, 10)


def test_nothing_changes_before_commit(django_capture_on_commit_callbacks):
    get_calendar()
    with django_capture_on_commit_callbacks(execute=False):
        override_create(date=D(2025, 3, 7), kind=DAY_OFF, reason="Nghỉ tránh bão")
        assert get_calendar().is_working_day(D(2025, 3, 7))  # cached, not yet invalidated


def test_create_working_day(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        override_create(date=D(2025, 3, 8), kind=WORKING_DAY, reason="Làm bù")
    assert get_calendar().is_working_day(D(2025, 3, 8))
    assert get_calendar().due_date(dt.datetime(2025, 3, 7, 9), 1) == D(2025, 3, 8)


@pytest.mark.parametrize(
    ("day", "kind", "expected"),
    [
        (D(2025, 3, 4), WORKING_DAY, "đã là ngày làm việc theo lịch chung"),  # ordinary Tuesday
        (D(2025, 4, 26), WORKING_DAY, "đã là ngày làm việc theo lịch chung (Ngày làm việc bù)"),  # swap
        (D(2025, 3, 8), DAY_OFF, "đã là ngày nghỉ theo lịch chung (ngày nghỉ cuối tuần)"),
        (D(2025, 9, 2), DAY_OFF, "đã là ngày nghỉ theo lịch chung (Quốc khánh)"),
        (D(2023, 9, 4), DAY_OFF, "Thứ Hai, 04/09/2023 đã là ngày nghỉ"),  # compensatory day
    ],
)
def test_override_that_changes_nothing_is_refused(day, kind, expected):
    with pytest.raises(ValidationError) as excinfo:
        override_create(date=day, kind=kind, reason="Thử")
    assert expected in errors_of(excinfo)["kind"]
    assert not CalendarOverride.objects.exists()


def test_holiday_can_be_made_a_working_day():
    override = override_create(date=D(2025, 5, 2), kind=WORKING_DAY, reason="Không nghỉ hoán đổi")
    assert override.kind == WORKING_DAY


def test_duplicate_date_refused():
    override_create(date=D(2025, 3, 7), kind=DAY_OFF, reason="Nghỉ tránh bão")
    with pytest.raises(ValidationError) as excinfo:
        override_create(date=D(2025, 3, 7), kind=DAY_OFF, reason="Lần hai")
    assert "07/03/2025 đã có điều chỉnh “Ngày nghỉ thêm” (Nghỉ tránh bão)" in errors_of(excinfo)["date"]
    assert CalendarOverride.objects.count() == 1


@pytest.mark.parametrize(
    ("kwargs", "field", "expected"),
    [
        ({"date": D(2025, 3, 7), "kind": DAY_OFF, "reason": "   "}, "reason", "Cần ghi lý do"),
        ({"date": D(2025, 3, 7), "kind": "holiday", "reason": "x"}, "kind", "không hợp lệ"),
        ({"date": D(2005, 3, 7), "kind": DAY_OFF, "reason": "x"}, "date", "ngoài phạm vi"),
    ],
)
def test_invalid_values_refused(kwargs, field, expected):
    with pytest.raises(ValidationError) as excinfo:
        override_create(**kwargs)
    assert expected in errors_of(excinfo)[field]


def test_reason_is_stored_clean_and_nfc():
    reason = unicodedata.normalize("NFD", "  Nghỉ   tránh bão ")
    override = override_create(date=D(2025, 3, 7), kind=DAY_OFF, reason=reason)
    override.refresh_from_db()
    assert override.reason == "Nghỉ tránh bão"


def test_update(django_capture_on_commit_callbacks):
    override = override_create(date=D(2025, 3, 7), kind=DAY_OFF, reason="Nghỉ tránh bão")
    get_calendar()
    with django_capture_on_commit_callbacks(execute=True):
        updated = override_update(override=override, date=D(2025, 3, 8), kind=WORKING_DAY)
    assert (updated.date, updated.kind, updated.reason) == (D(2025, 3, 8), WORKING_DAY, "Nghỉ tránh bão")
    calendar = get_calendar()
    assert calendar.is_working_day(D(2025, 3, 7))
    assert calendar.is_working_day(D(2025, 3, 8))


def test_update_keeping_its_own_date_is_not_a_duplicate():
    override = override_create(date=D(2025, 3, 7), kind=DAY_OFF, reason="Nghỉ tránh bão")
    updated = override_update(override=override, reason="Nghỉ tránh bão số 3", decision="QĐ 5/UBND")
    assert (updated.reason, updated.decision) == ("Nghỉ tránh bão số 3", "QĐ 5/UBND")


def test_update_to_a_taken_date_or_a_pointless_kind_refused():
    first = override_create(date=D(2025, 3, 7), kind=DAY_OFF, reason="A")
    second = override_create(date=D(2025, 3, 6), kind=DAY_OFF, reason="B")
    with pytest.raises(ValidationError) as excinfo:
        override_update(override=second, date=first.date)
    assert "date" in errors_of(excinfo)
    with pytest.raises(ValidationError) as excinfo:
        override_update(override=second, kind=WORKING_DAY)  # Thursday is already a working day
    assert "đã là ngày làm việc" in errors_of(excinfo)["kind"]
    second.refresh_from_db()
    assert (second.date, second.kind) == (D(2025, 3, 6), DAY_OFF)


def test_delete(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        override = override_create(date=D(2025, 3, 7), kind=DAY_OFF, reason="Nghỉ tránh bão")
    assert not get_calendar().is_working_day(D(2025, 3, 7))
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        override_delete(override=override)
    assert len(callbacks) == 1
    assert not CalendarOverride.objects.exists()
    assert get_calendar().is_working_day(D(2025, 3, 7))


def test_other_processes_pick_up_changes_after_the_refresh_interval(monkeypatch):
    calendar = get_calendar()
    # Another process writes an override: this process does not see it yet...
    CalendarOverride.objects.create(date=D(2025, 3, 7), kind=DAY_OFF, reason="Từ tiến trình khác")
    assert get_calendar() is calendar
    # ...until the refresh interval has passed.
    monkeypatch.setattr(calendar_module, "REFRESH_SECONDS", -1)
    refreshed = get_calendar()
    assert refreshed is not calendar
    assert not refreshed.is_working_day(D(2025, 3, 7))
    # A refresh with nothing changed keeps the same calendar (no rebuild).
    assert get_calendar() is refreshed


# --- the admin uses the same rule --------------------------------------------------------------


@pytest.fixture
def admin_client_(client, django_user_model):
    user = django_user_model.objects.create_superuser(username="quantri", password="x", email="qt@example.com")
    client.force_login(user)
    return client


def test_admin_refuses_a_pointless_override(admin_client_):
    response = admin_client_.post(
        reverse("admin:workdays_calendaroverride_add"),
        {"date": "2025-03-08", "kind": DAY_OFF, "reason": "Thử", "decision": ""},
    )
    assert response.status_code == 200
    assert "đã là ngày nghỉ theo lịch chung" in response.content.decode()
    assert not CalendarOverride.objects.exists()


def test_admin_refuses_a_duplicate_with_the_service_message(admin_client_):
    override_create(date=D(2025, 3, 7), kind=DAY_OFF, reason="Nghỉ tránh bão")
    response = admin_client_.post(
        reverse("admin:workdays_calendaroverride_add"),
        {"date": "2025-03-07", "kind": DAY_OFF, "reason": "Lần hai", "decision": ""},
    )
    assert response.status_code == 200
    assert "đã có điều chỉnh" in response.content.decode()
    assert CalendarOverride.objects.count() == 1


def test_admin_add_change_delete_refresh_the_calendar(admin_client_, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        response = admin_client_.post(
            reverse("admin:workdays_calendaroverride_add"),
            {"date": "2025-03-07", "kind": DAY_OFF, "reason": "Nghỉ tránh bão", "decision": ""},
        )
    assert response.status_code == 302
    override = CalendarOverride.objects.get()
    assert not get_calendar().is_working_day(D(2025, 3, 7))

    with django_capture_on_commit_callbacks(execute=True):
        response = admin_client_.post(
            reverse("admin:workdays_calendaroverride_change", args=[override.pk]),
            {"date": "2025-03-08", "kind": WORKING_DAY, "reason": "Làm bù", "decision": ""},
        )
    assert response.status_code == 302
    assert get_calendar().is_working_day(D(2025, 3, 7))
    assert get_calendar().is_working_day(D(2025, 3, 8))

    with django_capture_on_commit_callbacks(execute=True):
        response = admin_client_.post(
            reverse("admin:workdays_calendaroverride_delete", args=[override.pk]), {"post": "yes"}
        )
    assert response.status_code == 302
    assert not CalendarOverride.objects.exists()
    assert not get_calendar().is_working_day(D(2025, 3, 8))


def test_admin_bulk_delete(admin_client_, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        first = override_create(date=D(2025, 3, 7), kind=DAY_OFF, reason="A")
        second = override_create(date=D(2025, 3, 8), kind=WORKING_DAY, reason="B")
    assert not get_calendar().is_working_day(D(2025, 3, 7))
    assert get_calendar().is_working_day(D(2025, 3, 8))
    with django_capture_on_commit_callbacks(execute=True):
        response = admin_client_.post(
            reverse("admin:workdays_calendaroverride_changelist"),
            {"action": "delete_selected", "_selected_action": [first.pk, second.pk], "post": "yes"},
        )
    assert response.status_code == 302
    assert not CalendarOverride.objects.exists()
    assert get_calendar().is_working_day(D(2025, 3, 7))
    assert not get_calendar().is_working_day(D(2025, 3, 8))
