"""`manage.py due_date --received 2021-02-05T09:00 --days 5`: the due date of a time limit.

Prints how the date was reached, then the due date as YYYY-MM-DD on the last line (for scripts).
Bad arguments: a message on stderr and exit code 2.
"""

import datetime as dt

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from egov.core.formats import local_date
from egov.workdays.calendar import CalendarRangeError, LimitUnit, get_calendar, weekday_name

UNIT_NAMES = {
    LimitUnit.WORKING_DAYS: "ngày làm việc",
    LimitUnit.CALENDAR_DAYS: "ngày (theo lịch)",
    LimitUnit.HOURS: "giờ làm việc",
    LimitUnit.SAME_DAY: "trong ngày",
}
RECEIVED_FORMATS = ("%Y-%m-%dT%H:%M:%S", "%Y-%m-%dT%H:%M", "%Y-%m-%d")


def _usage_error(message: str) -> CommandError:
    return CommandError(message, returncode=2)


def parse_received(raw: str) -> dt.datetime:
    for fmt in RECEIVED_FORMATS:
        try:
            return dt.datetime.strptime(raw, fmt)
        except ValueError:
            continue
    raise _usage_error(
        f"--received: “{raw}” không phải ngày giờ hợp lệ; dùng YYYY-MM-DDTHH:MM[:SS] hoặc YYYY-MM-DD "
        "(giờ Việt Nam), ví dụ 2021-02-05T09:00."
    )


def parse_days(raw: str) -> int:
    try:
        days = int(raw)
    except ValueError:
        raise _usage_error(f"--days: “{raw}” không phải số nguyên.") from None
    if days < 0:
        raise _usage_error(f"--days: thời hạn không được âm (nhận được {days}).")
    return days


def parse_unit(raw: str) -> LimitUnit:
    try:
        return LimitUnit(raw)
    except ValueError:
        choices = ", ".join(unit.value for unit in LimitUnit)
        raise _usage_error(f"--unit: “{raw}” không phải đơn vị thời hạn; chọn một trong: {choices}.") from None


def parse_cutoff(raw: str | None) -> dt.time | None:
    if raw is None:
        return None
    for fmt in ("%H:%M", "%H:%M:%S"):
        try:
            return dt.datetime.strptime(raw, fmt).time()
        except ValueError:
            continue
    raise _usage_error(f"--afternoon-cutoff: “{raw}” không phải giờ hợp lệ; dùng HH:MM, ví dụ 15:00.")


def _day(day: dt.date) -> str:
    return f"{weekday_name(day)} {day:%d/%m/%Y}"


class Command(BaseCommand):
    help = _(
        "Tính ngày hẹn trả kết quả: thời điểm tiếp nhận (giờ Việt Nam) cộng thời hạn theo lịch ngày làm việc. "
        "Dòng cuối là ngày hẹn trả dạng YYYY-MM-DD."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--received", required=True, help=_("Thời điểm tiếp nhận: YYYY-MM-DDTHH:MM[:SS] hoặc YYYY-MM-DD.")
        )
        parser.add_argument("--days", default=None, help=_("Thời hạn (số ngày, hoặc số giờ với --unit hours)."))
        parser.add_argument(
            "--unit",
            default=LimitUnit.WORKING_DAYS.value,
            help=_("working_days (mặc định), calendar_days, hours hoặc same_day."),
        )
        parser.add_argument(
            "--afternoon-cutoff",
            default=None,
            help=_("Giờ chốt buổi chiều, ví dụ 15:00: nhận sau giờ này tính sang ngày làm việc tiếp theo."),
        )

    def handle(self, *args, received, days, unit, afternoon_cutoff, **options):
        received_at = parse_received(received)
        unit = parse_unit(unit)
        if days is None:
            if unit != LimitUnit.SAME_DAY:
                raise _usage_error("--days là bắt buộc (trừ khi --unit same_day).")
            amount = 0
        else:
            amount = parse_days(days)
        cutoff = parse_cutoff(afternoon_cutoff)

        calendar = get_calendar()
        try:
            receipt = calendar.receipt_day(received_at, cutoff)
            due = calendar.due_date(received_at, amount, unit, cutoff)
        except CalendarRangeError as exc:
            raise _usage_error(str(exc)) from None

        out = self.stdout
        at = "" if len(received) == len("YYYY-MM-DD") else f" lúc {received_at:%H:%M} (giờ Việt Nam)"
        out.write(f"Tiếp nhận: {_day(local_date(received_at))}{at}")
        received_day = local_date(received_at)
        if receipt != received_day:
            if not calendar.is_working_day(received_day):
                name = calendar.day_name(received_day)
                why = f"ngày nghỉ ({name})" if name else "ngày nghỉ"
            else:
                why = f"sau giờ chốt {cutoff:%H:%M}"
            out.write(f"Tính là tiếp nhận ngày: {_day(receipt)} ({why}, chuyển sang ngày làm việc tiếp theo)")
        if unit == LimitUnit.SAME_DAY:
            out.write("Thời hạn: trong ngày tiếp nhận")
        else:
            out.write(f"Thời hạn: {amount} {UNIT_NAMES[unit]}, không tính ngày tiếp nhận")
        skipped = [
            receipt + dt.timedelta(days=offset)
            for offset in range(1, (due - receipt).days)
            if not calendar.is_working_day(receipt + dt.timedelta(days=offset))
        ]
        named = [f"{day:%d/%m} {calendar.day_name(day)}".strip() for day in skipped if calendar.day_name(day)]
        if skipped and unit in (LimitUnit.WORKING_DAYS, LimitUnit.HOURS):
            out.write(f"Ngày nghỉ trong khoảng: {len(skipped)}" + (f" (gồm {'; '.join(named)})" if named else ""))
        if unit == LimitUnit.CALENDAR_DAYS and due != receipt + dt.timedelta(days=amount):
            out.write("Ngày cuối của thời hạn là ngày nghỉ: kết thúc vào ngày làm việc tiếp theo (BLDS 2015, Điều 148)")
        out.write(f"Hạn trả kết quả: {_day(due)}")
        out.write(due.isoformat())
