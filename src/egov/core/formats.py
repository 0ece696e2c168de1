"""Vietnamese number and date formats, as official documents write them.

6279 -> "6.279"; 98.5 -> "98,5 %"; date(2021, 1, 5) -> "ngày 05 tháng 01 năm 2021".

Every date shown or printed is a local (Asia/Ho_Chi_Minh) date: `local_date` of a stored aware
datetime and `local_today` — never the date of a UTC moment nor the server clock's `date.today`,
which give the previous day between 00:00 and 07:00 local time.
"""

import datetime as dt
from decimal import ROUND_HALF_UP, Decimal
from zoneinfo import ZoneInfo

from django.utils import timezone

# The one local time zone: dates shown, printed and counted (workdays.calendar) are Vietnam's.
LOCAL_TZ = ZoneInfo("Asia/Ho_Chi_Minh")


def local_date(value: dt.datetime) -> dt.date:
    """The local calendar date of an aware datetime (a naive one is taken as local already)."""
    if timezone.is_naive(value):
        return value.date()
    return value.astimezone(LOCAL_TZ).date()


def local_today() -> dt.date:
    """Today in Vietnam, from `timezone.now()` (so tests can fix the clock)."""
    return local_date(timezone.now())


def vn_number(value: int | float | Decimal, decimals: int = 0) -> str:
    """Thousands with '.', decimals with ','; trailing decimal zeros dropped."""
    quantum = Decimal(1).scaleb(-decimals)
    number = Decimal(str(value)).quantize(quantum, rounding=ROUND_HALF_UP)
    sign = "-" if number < 0 else ""
    integer, _, fraction = f"{abs(number):f}".partition(".")
    groups = []
    while len(integer) > 3:
        groups.insert(0, integer[-3:])
        integer = integer[:-3]
    groups.insert(0, integer)
    fraction = fraction.rstrip("0")
    return sign + ".".join(groups) + (f",{fraction}" if fraction else "")


def vn_percent(value: int | float | Decimal, decimals: int = 2) -> str:
    """98.5 -> "98,5 %" (the space before % follows TCVN typesetting)."""
    return f"{vn_number(value, decimals)} %"


def vn_count(value: int, width: int = 2) -> str:
    """Counts below ten are written with a leading zero in reports: 4 -> "04", 17 -> "17"."""
    return vn_number(value) if value >= 10 ** (width - 1) else str(value).zfill(width)


def vn_date_long(value: dt.date) -> str:
    """Nghị định 30/2020: day < 10 and months 1–2 are zero-padded."""
    month = f"{value.month:02d}" if value.month < 3 else str(value.month)
    return f"ngày {value.day:02d} tháng {month} năm {value.year}"


def vn_date_short(value: dt.date) -> str:
    return value.strftime("%d/%m/%Y")
