import datetime as dt
import io
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from egov.workdays.models import CalendarOverride

pytestmark = pytest.mark.django_db

REPO = Path(__file__).resolve().parents[4]


def run(name: str, *args: str) -> list[str]:
    out = io.StringIO()
    call_command(name, *args, stdout=out)
    return out.getvalue().splitlines()


def fails(name: str, *args: str) -> str:
    with pytest.raises(CommandError) as excinfo:
        call_command(name, *args, stdout=io.StringIO())
    assert excinfo.value.returncode == 2
    return str(excinfo.value)


# --- due_date ------------------------------------------------------------------------------------


def test_due_date_domain_example():
    lines = run("due_date", "--received", "2021-02-05T09:00", "--days", "5")
    assert lines[-1] == "2021-02-19"
    text = "\n".join(lines)
    assert "Thứ Sáu 05/02/2021 lúc 09:00" in text
    assert "Tết Nguyên Đán" in text
    assert "Hạn trả kết quả: Thứ Sáu 19/02/2021" in text


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        (["--received", "2021-02-05T16:00:30", "--days", "5", "--afternoon-cutoff", "15:00"], "2021-02-22"),
        (["--received", "2021-02-05", "--days", "5"], "2021-02-19"),
        (["--received", "2025-03-03T09:00", "--days", "5", "--unit", "calendar_days"], "2025-03-10"),
        (["--received", "2025-03-04T09:00", "--days", "9", "--unit", "hours"], "2025-03-06"),
        (["--received", "2025-03-08T09:00", "--unit", "same_day"], "2025-03-10"),
        (["--received", "2025-04-24T09:00", "--days", "2"], "2025-04-26"),
    ],
)
def test_due_date_units_and_options(args, expected):
    assert run("due_date", *args)[-1] == expected


def test_due_date_explains_a_shifted_receipt():
    text = "\n".join(run("due_date", "--received", "2025-04-30T09:00", "--days", "1"))
    assert "Tính là tiếp nhận ngày: Thứ Hai 05/05/2025 (ngày nghỉ (Ngày Chiến thắng)" in text
    text = "\n".join(run("due_date", "--received", "2025-03-04T16:00", "--days", "1", "--afternoon-cutoff", "15:00"))
    assert "sau giờ chốt 15:00" in text


def test_due_date_uses_overrides():
    CalendarOverride.objects.create(date=dt.date(2025, 3, 7), kind="day_off", reason="Nghỉ tránh bão")
    lines = run("due_date", "--received", "2025-03-06T09:00", "--days", "1")
    assert lines[-1] == "2025-03-10"


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        (["--received", "2021-02-30", "--days", "5"], "--received: “2021-02-30” không phải ngày giờ hợp lệ"),
        (["--received", "05/02/2021", "--days", "5"], "--received"),
        (["--received", "2021-02-05T25:00", "--days", "5"], "--received"),
        (["--received", "2021-02-05", "--days", "-1"], "--days: thời hạn không được âm (nhận được -1)"),
        (["--received", "2021-02-05", "--days", "năm"], "--days: “năm” không phải số nguyên"),
        (["--received", "2021-02-05"], "--days là bắt buộc"),
        (["--received", "2021-02-05", "--days", "1", "--unit", "weeks"], "--unit: “weeks” không phải đơn vị thời hạn"),
        (["--received", "2021-02-05", "--days", "1", "--afternoon-cutoff", "3pm"], "--afternoon-cutoff"),
        (["--received", "2005-01-03", "--days", "1"], "03/01/2005 nằm ngoài phạm vi lịch ngày làm việc"),
        (["--received", "2021-02-05", "--days", "100000"], "vượt quá năm"),
    ],
)
def test_due_date_bad_arguments(args, expected):
    assert expected in fails("due_date", *args)


def test_due_date_exit_code_and_stderr_from_the_command_line():
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "egov.settings.test"}
    result = subprocess.run(
        [sys.executable, "manage.py", "due_date", "--received", "2021-13-01", "--days", "5"],
        cwd=REPO,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 2
    assert "--received: “2021-13-01” không phải ngày giờ hợp lệ" in result.stderr
    assert result.stdout == ""


# --- workdays ------------------------------------------------------------------------------------


def test_workdays_lists_the_year_in_date_order():
    lines = run("workdays", "--year", "2025")
    assert lines[0] == "Lịch ngày làm việc năm 2025: 250 ngày làm việc"
    rows = [line.split(None, 3) for line in lines[1:]]
    dates = [dt.datetime.strptime(row[0], "%d/%m/%Y").date() for row in rows]
    assert dates == sorted(dates)
    assert [row[0] for row in rows] == [
        "01/01/2025",
        "27/01/2025",
        "28/01/2025",
        "29/01/2025",
        "30/01/2025",
        "31/01/2025",
        "07/04/2025",
        "26/04/2025",
        "30/04/2025",
        "01/05/2025",
        "02/05/2025",
        "01/09/2025",
        "02/09/2025",
    ]
    assert "26/04/2025  Thứ Bảy   Làm việc  Ngày làm việc bù" in lines
    assert "02/09/2025  Thứ Ba    Nghỉ      Quốc khánh" in lines
    assert "07/04/2025  Thứ Hai   Nghỉ      Ngày Giỗ Tổ Hùng Vương" in lines


def test_workdays_shows_overrides_with_their_reasons():
    CalendarOverride.objects.create(date=dt.date(2025, 3, 7), kind="day_off", reason="Nghỉ tránh bão")
    CalendarOverride.objects.create(date=dt.date(2025, 3, 8), kind="working_day", reason="Làm bù ngày 07/03")
    lines = run("workdays", "--year", "2025")
    assert lines[0].endswith(": 250 ngày làm việc")
    assert "07/03/2025  Thứ Sáu   Nghỉ      Nghỉ tránh bão" in lines
    assert "08/03/2025  Thứ Bảy   Làm việc  Làm bù ngày 07/03" in lines
    assert lines.index("07/03/2025  Thứ Sáu   Nghỉ      Nghỉ tránh bão") < lines.index(
        "26/04/2025  Thứ Bảy   Làm việc  Ngày làm việc bù"
    )


def test_workdays_sunday_is_chu_nhat():
    CalendarOverride.objects.create(date=dt.date(2025, 3, 9), kind="working_day", reason="Làm bù")
    assert "09/03/2025  Chủ nhật  Làm việc  Làm bù" in run("workdays", "--year", "2025")


@pytest.mark.parametrize(
    ("year", "expected"), [("1999", "năm 1999 nằm ngoài phạm vi"), ("2k25", "“2k25” không phải năm")]
)
def test_workdays_bad_year(year, expected):
    assert expected in fails("workdays", "--year", year)
