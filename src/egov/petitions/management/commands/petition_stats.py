"""`manage.py petition_stats --from YYYY-MM-DD --to YYYY-MM-DD [--agency CODE] --format json|table|xlsx
[--out FILE]`

The reception and petition figures of a period (selectors.period_figures; law-2026.md §1.6), each
row named by its measure id so that two reports citing a figure cite the same one. Bad arguments
exit with code 2 and say why.
"""

from __future__ import annotations

import dataclasses
import json

from django.core.management.base import BaseCommand, CommandError
from django.db.models import Q

from egov.core.commands import parse_day, write_output
from egov.core.formats import vn_date_short, vn_number
from egov.core.officedoc.xlsx import new_workbook, workbook_bytes
from egov.organisations.models import Agency

from ...models import Classification, Competence, Handling
from ...selectors import KINDS, Figures, period_figures

FORMATS = ("json", "table", "xlsx")


def figure_rows(figures: Figures) -> list[tuple[str, str, int]]:
    """(measure id, label, value) for every figure, in the order the reports read them."""
    r, p = figures.reception, figures.petitions
    rows = [
        ("sessions", "Buổi tiếp công dân", r.sessions),
        ("visits", "Lượt tiếp công dân", r.visits),
        ("people", "Số người được tiếp", r.people),
        ("cases", "Vụ việc (qua tiếp công dân)", r.cases),
        ("delegations", "Đoàn đông người", r.delegations),
        ("petitions_received", "Đơn trong kỳ", p.received),
        ("pending_carried_over", "Đơn kỳ trước chuyển sang", p.carried_over),
        ("petitions_new", "Đơn tiếp nhận mới", p.new),
        ("duplicates", "Đơn trùng nội dung", p.duplicates),
    ]
    for kind in KINDS:
        k, label = p.by_kind[kind], Classification(kind).label
        rows += [
            (f"by_type.{kind}", f"Đơn {label.lower()}", k.total),
            (f"by_type.{kind}.settled", "— đã giải quyết", k.settled),
            (f"by_type.{kind}.in_progress", "— đang giải quyết", k.in_progress),
            (f"by_type.{kind}.cases", "— vụ việc", k.cases),
        ]
    rows += [(f"competence.{c}", Competence(c).label, p.competence[c]) for c in Competence.values]
    rows += [
        ("competence.unclassified", "Chưa phân loại", p.competence["unclassified"]),
        ("eligible", "Đủ điều kiện xử lý", p.eligible),
        ("not_eligible", "Không đủ điều kiện xử lý", p.not_eligible),
    ]
    rows += [(f"outcome.{h}", f"Kết quả xử lý: {Handling(h).label.lower()}", p.outcomes[h]) for h in Handling.values]
    rows += [
        ("settled", "Đã giải quyết trong kỳ", p.settled),
        ("on_time", "— đúng hạn", p.on_time),
        ("late", "— quá hạn", p.late),
        ("no_clock", "— không tính thời hạn", p.no_clock),
        ("in_progress", "Đang giải quyết cuối kỳ", p.in_progress),
        ("overdue", "— quá hạn", p.overdue),
    ]
    for name, count in figures.fields:
        rows.append((f"by_field.{name or '-'}", f"Lĩnh vực: {name or 'chưa xác định'}", count))
    return [(measure, str(label), value) for measure, label, value in rows]  # labels may be lazy


def as_dict(figures: Figures) -> dict:
    data = dataclasses.asdict(figures)
    data["date_from"], data["date_to"] = figures.date_from.isoformat(), figures.date_to.isoformat()
    p = figures.petitions
    data["petitions"].update(received=p.received, settled=p.settled)
    for kind in KINDS:
        data["petitions"]["by_kind"][kind]["total"] = p.by_kind[kind].total
    data["fields"] = [{"field": name, "count": count} for name, count in figures.fields]
    return data


def render_table(figures: Figures) -> str:
    rows = figure_rows(figures)
    width = max(len(label) for _, label, _ in rows)
    lines = [f"Tiếp công dân, xử lý đơn — từ {vn_date_short(figures.date_from)} đến {vn_date_short(figures.date_to)}"]
    lines += [f"{label:<{width}}  {vn_number(value):>7}  {measure}" for measure, label, value in rows]
    return "\n".join(lines) + "\n"


def render_xlsx(figures: Figures, agency_name: str) -> bytes:
    book = new_workbook()
    sheet = book.active
    sheet.title = "Tiếp công dân, xử lý đơn"
    sheet.append([agency_name or "Tất cả cơ quan"])
    sheet.append([f"Từ ngày {vn_date_short(figures.date_from)} đến ngày {vn_date_short(figures.date_to)}"])
    sheet.append(["Chỉ tiêu", "Số lượng", "Mã chỉ tiêu"])
    for measure, label, value in figure_rows(figures):
        sheet.append([label, value, measure])
    sheet.column_dimensions["A"].width = 48
    sheet.column_dimensions["C"].width = 36
    return workbook_bytes(book)


class Command(BaseCommand):
    help = "Số liệu tiếp công dân, xử lý đơn cho một kỳ: json, bảng hoặc tệp .xlsx."

    def add_arguments(self, parser):
        parser.add_argument("--from", dest="date_from", required=True, metavar="YYYY-MM-DD")
        parser.add_argument("--to", dest="date_to", required=True, metavar="YYYY-MM-DD")
        parser.add_argument("--agency", default="", metavar="CODE", help="Mã định danh (hoặc tên viết tắt) cơ quan")
        parser.add_argument("--format", default="json", metavar="|".join(FORMATS))
        parser.add_argument("--out", default=None, metavar="FILE")

    def handle(self, *args, **options):
        date_from = parse_day(options["date_from"], "--from")
        date_to = parse_day(options["date_to"], "--to")
        if date_to < date_from:
            raise CommandError(
                f"--to ({vn_date_short(date_to)}) trước --from ({vn_date_short(date_from)}).", returncode=2
            )
        output_format = options["format"]
        if output_format not in FORMATS:
            raise CommandError(
                f"--format phải là một trong: {', '.join(FORMATS)} (nhận được “{output_format}”).", returncode=2
            )
        if output_format == "xlsx" and not options["out"]:
            raise CommandError("--format xlsx cần --out FILE.xlsx.", returncode=2)
        agency = None
        if options["agency"]:
            code = options["agency"].strip()
            agency = Agency.objects.filter(Q(identifier=code) | Q(short_name=code)).first()
            if agency is None:
                raise CommandError(f"Không có cơ quan có mã “{code}”.", returncode=2)
        figures = period_figures(date_from=date_from, date_to=date_to, agency=agency)
        if output_format == "xlsx":
            data: bytes | str = render_xlsx(figures, agency.name if agency else "")
        elif output_format == "table":
            data = render_table(figures)
        else:
            data = json.dumps(as_dict(figures), ensure_ascii=False, indent=2) + "\n"
        write_output(self, data, options["out"])
