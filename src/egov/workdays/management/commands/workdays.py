"""`manage.py workdays --year 2025`: the year's special days, in date order.

Weekdays off (holidays, compensatory days, swaps, extra days off) and weekend days worked (swaps,
extra working days), each with its Vietnamese name. Bad year: a message on stderr and exit code 2.
"""

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from egov.workdays.calendar import days_of, get_calendar, weekday_name


class Command(BaseCommand):
    help = _("Liệt kê ngày nghỉ rơi vào ngày thường và ngày làm việc rơi vào thứ Bảy, Chủ nhật của một năm.")

    def add_arguments(self, parser):
        parser.add_argument("--year", required=True, help=_("Năm, ví dụ 2025."))

    def handle(self, *args, year, **options):
        try:
            year = int(year)
        except ValueError:
            raise CommandError(f"--year: “{year}” không phải năm hợp lệ, ví dụ 2025.", returncode=2) from None
        calendar = get_calendar()
        if not calendar.first_year <= year <= calendar.last_year:
            raise CommandError(
                f"--year: năm {year} nằm ngoài phạm vi lịch ngày làm việc "
                f"({calendar.first_year} – {calendar.last_year}).",
                returncode=2,
            )
        days = [(day, "Nghỉ", name) for day, name in calendar.non_working_weekdays(year)]
        days += [(day, "Làm việc", name) for day, name in calendar.working_weekend_days(year)]
        days.sort()
        working = sum(1 for day in days_of(year) if calendar.is_working_day(day))
        self.stdout.write(f"Lịch ngày làm việc năm {year}: {working} ngày làm việc")
        for day, status, name in days:
            self.stdout.write(f"{day:%d/%m/%Y}  {weekday_name(day):<8}  {status:<8}  {name}")
