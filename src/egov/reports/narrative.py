"""The TTHC paragraph of the department's reports, written from the figures.

It follows the department's own phrasing (BÁO CÁO 6 tháng đầu năm 2021 of the Sở Công Thương):

    Trong 06 tháng đầu năm 2021 (tính đến 06/6) đã tiếp nhận 6.279 hồ sơ (trong đó: trực tuyến
    3.924 hồ sơ, trực tiếp 2.338 hồ sơ, 17 hồ sơ kỳ trước chuyển qua). Đã giải quyết 6.264 hồ sơ,
    15 hồ sơ trong hạn đang giải quyết. Mức độ đánh giá hài lòng của tổ chức, cá nhân qua giải
    quyết TTHC của Sở Công Thương đạt 100 %, trong đó, mức độ rất hài lòng đạt 98,5 %.

and adapts to what the figures say: a channel with no dossier is not named, postal receipts and
late results are, overdue dossiers in progress are counted apart, a period without ratings says so.
Numbers and percentages use core/formats.py (6.279; 98,5 %; counts under ten as 04).
"""

from __future__ import annotations

import datetime as dt

from django.utils import translation

from egov.core.formats import vn_count
from egov.core.formats import vn_percent as _vn_percent
from egov.core.officedoc.docx_layout import DOCUMENT_LANGUAGE

from .periods import _month_end
from .selectors import Figures, Statistics

QUARTERS = ["I", "II", "III", "IV"]
NBSP = "\u00a0"


def vn_percent(value) -> str:
    """98,5 % with a no-break space, so that a line never starts with the % sign."""
    return _vn_percent(value).replace(" %", f"{NBSP}%")


def day_month(day: dt.date, *, year: bool = False) -> str:
    """06/6, 15/12, 11/01 (months 1–2 zero-padded, as Nghị định 30 writes dates)."""
    month = f"{day.month:02d}" if day.month < 3 else str(day.month)
    return f"{day.day:02d}/{month}" + (f"/{day.year}" if year else "")


def period_phrase(date_from: dt.date, date_to: dt.date) -> str:
    """ "Trong 06 tháng đầu năm 2021 (tính đến 06/6)", "Trong quý II năm 2021", "Từ ngày ... đến ngày ..."."""
    year = date_from.year
    month_end = date_to == _month_end(date_to.year, date_to.month)
    if date_from.day == 1 and date_to.year == year:
        months = date_to.month - date_from.month + 1
        if months == 1 and month_end:
            return f"Trong tháng {day_month(date_from)[3:]} năm {year}"
        if date_from.month in (1, 4, 7, 10) and months == 3 and month_end:
            return f"Trong quý {QUARTERS[date_from.month // 3]} năm {year}"
        if date_from.month == 1:
            for length, label in ((3, "quý I năm"), (6, "06 tháng đầu năm"), (9, "09 tháng đầu năm"), (12, "năm")):
                if date_to.month <= length:
                    phrase = f"Trong {label} {year}"
                    if not (date_to.month == length and month_end):
                        phrase += f" (tính đến {day_month(date_to)})"
                    return phrase
    if date_from == date_to:
        return f"Trong ngày {day_month(date_from, year=True)}"
    return f"Từ ngày {day_month(date_from, year=True)} đến ngày {day_month(date_to, year=True)}"


def _dossiers(count: int) -> str:
    return f"{vn_count(count)} hồ sơ"


def _received(figures: Figures) -> str:
    if figures.received_total == 0:
        return "không có hồ sơ TTHC được tiếp nhận"
    parts = []
    if figures.online:
        parts.append(f"trực tuyến {_dossiers(figures.online)}")
    if figures.direct:
        parts.append(f"trực tiếp {_dossiers(figures.direct)}")
    if figures.postal:
        parts.append(f"qua dịch vụ bưu chính công ích {_dossiers(figures.postal)}")
    if figures.carried_over:
        parts.append(f"{_dossiers(figures.carried_over)} kỳ trước chuyển qua")
    return f"đã tiếp nhận {_dossiers(figures.received_total)} (trong đó: {', '.join(parts)})"


def _resolved(figures: Figures) -> str:
    if figures.resolved_total == 0:
        text = "Chưa có hồ sơ được giải quyết"
    elif figures.late:
        split = []
        if figures.early:
            split.append(f"trước hạn {_dossiers(figures.early)}")
        if figures.on_time:
            split.append(f"đúng hạn {_dossiers(figures.on_time)}")
        split.append(f"quá hạn {_dossiers(figures.late)}")
        text = (
            f"Đã giải quyết {_dossiers(figures.resolved_total)} (trong đó: {', '.join(split)}), "
            f"tỷ lệ giải quyết đúng hạn đạt {vn_percent(figures.on_time_pct)}"
        )
    else:
        text = f"Đã giải quyết {_dossiers(figures.resolved_total)}"
    if figures.withdrawn_or_stopped:
        text += f", {_dossiers(figures.withdrawn_or_stopped)} rút hoặc dừng xử lý"
    if figures.in_progress_total == 0:
        return text + ", không còn hồ sơ đang giải quyết."
    if figures.overdue == 0:
        return text + f", {_dossiers(figures.within_deadline)} trong hạn đang giải quyết."
    if figures.within_deadline == 0:
        return text + f", {_dossiers(figures.overdue)} đang giải quyết đã quá hạn."
    return (
        text + f", {_dossiers(figures.in_progress_total)} đang giải quyết (trong đó: "
        f"{_dossiers(figures.within_deadline)} trong hạn, {_dossiers(figures.overdue)} quá hạn)."
    )


def agency_short_name(name: str) -> str:
    """ "Sở Công Thương tỉnh Quảng Ngãi" -> "Sở Công Thương" (the report's own agency needs no province)."""
    for marker in (" tỉnh ", " thành phố "):
        if marker in name:
            return name.split(marker)[0]
    return name


def _satisfaction(figures: Figures, agency_name: str) -> str:
    of = f" của {agency_name}" if agency_name else ""
    if figures.rated == 0:
        return f"Trong kỳ chưa có lượt đánh giá mức độ hài lòng của tổ chức, cá nhân về giải quyết TTHC{of}."
    text = (
        f"Mức độ đánh giá hài lòng của tổ chức, cá nhân qua giải quyết TTHC{of} đạt "
        f"{vn_percent(figures.satisfied_pct)}, trong đó, mức độ rất hài lòng đạt "
        f"{vn_percent(figures.very_satisfied_pct)}"
    )
    if figures.unsatisfied:
        text += f"; có {vn_count(figures.unsatisfied)} lượt đánh giá không hài lòng"
    return text + "."


def tthc_paragraph(stats: Statistics, *, agency_name: str | None = None) -> str:
    """The paragraph of the sample report, for any figures."""
    figures = stats.totals
    if agency_name is None:
        agency_name = agency_short_name(stats.agency.name) if stats.agency else ""
    sentences = [
        f"{period_phrase(stats.date_from, stats.date_to)} {_received(figures)}.",
        _resolved(figures),
        _satisfaction(figures, agency_name),
    ]
    return " ".join(sentences)


def rates_paragraph(stats: Statistics) -> str:
    """A second paragraph with the shares the superiors follow (online intake, on-time results)."""
    figures = stats.totals
    parts = []
    if figures.received_in_period:
        parts.append(
            f"tỷ lệ hồ sơ tiếp nhận trực tuyến đạt {vn_percent(figures.online_pct)} "
            f"({vn_count(figures.online)}/{vn_count(figures.received_in_period)} hồ sơ tiếp nhận trong kỳ)"
        )
    if figures.resolved_total:
        parts.append(
            f"tỷ lệ hồ sơ giải quyết trước hạn và đúng hạn đạt {vn_percent(figures.on_time_pct)} "
            f"({vn_count(figures.early + figures.on_time)}/{vn_count(figures.resolved_total)} hồ sơ đã giải quyết)"
        )
    if not parts:
        return ""
    text = "; ".join(parts)
    return text[0].upper() + text[1:] + "."


def narrative(stats: Statistics, *, agency_name: str | None = None) -> list[str]:
    """The report's paragraphs, in Vietnamese whatever the UI language: they are the text of the
    department's report (the .docx prints them, the dashboard shows them as they will be printed)."""
    with translation.override(DOCUMENT_LANGUAGE):
        paragraphs = [tthc_paragraph(stats, agency_name=agency_name)]
        rates = rates_paragraph(stats)
        if rates:
            paragraphs.append(rates)
        return paragraphs
