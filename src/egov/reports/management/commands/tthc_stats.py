"""`manage.py tthc_stats --from YYYY-MM-DD --to YYYY-MM-DD [--agency CODE] [--field NAME]
[--procedure CODE] [--by field|procedure] --format json|table|xlsx [--out FILE]`

Biểu 06 figures for the period (domain.md §2.5). Bad arguments exit with code 2 and say why.
"""

from __future__ import annotations

import json

from django.core.management.base import BaseCommand, CommandError

from egov.core.commands import parse_day, write_output
from egov.core.formats import vn_number

from ...selectors import GROUPINGS, Figures, StatisticsError, resolve_scope, tthc_statistics
from ...xlsx import bieu06_workbook

FORMATS = ("json", "table", "xlsx")


TABLE_COLUMNS = [
    ("Tổng nhận", lambda f: f.received_total),
    ("Kỳ trước", lambda f: f.carried_over),
    ("Trực tuyến", lambda f: f.online),
    ("Trực tiếp", lambda f: f.direct),
    ("Bưu chính", lambda f: f.postal),
    ("Đã giải quyết", lambda f: f.resolved_total),
    ("Trước hạn", lambda f: f.early),
    ("Đúng hạn", lambda f: f.on_time),
    ("Quá hạn", lambda f: f.late),
    ("Rút/dừng", lambda f: f.withdrawn_or_stopped),
    ("Đang giải quyết", lambda f: f.in_progress_total),
    ("Trong hạn", lambda f: f.within_deadline),
    ("Quá hạn ", lambda f: f.overdue),
    ("% đúng hạn", lambda f: vn_number(f.on_time_pct, 2)),
    ("% trực tuyến", lambda f: vn_number(f.online_pct, 2)),
    ("% hài lòng", lambda f: vn_number(f.satisfied_pct, 2)),
]


def render_table(stats) -> str:
    names = [row.name for row in stats.rows] + ["Tổng cộng"]
    figures: list[Figures] = [row.figures for row in stats.rows] + [stats.totals]
    name_width = min(60, max(len(name) for name in names))
    cells = [
        [str(value(f)) if isinstance(value(f), str) else vn_number(value(f)) for _, value in TABLE_COLUMNS]
        for f in figures
    ]
    widths = [max(len(header), *(len(row[i]) for row in cells)) for i, (header, _) in enumerate(TABLE_COLUMNS)]
    lines = [
        f"Biểu 06 — từ {stats.date_from:%d/%m/%Y} đến {stats.date_to:%d/%m/%Y}",
        "  ".join(
            [f"{'':<{name_width}}"] + [f"{h.strip():>{w}}" for (h, _), w in zip(TABLE_COLUMNS, widths, strict=True)]
        ),
    ]
    for name, row in zip(names, cells, strict=True):
        label = name if len(name) <= name_width else name[: name_width - 1] + "…"
        lines.append("  ".join([f"{label:<{name_width}}"] + [f"{c:>{w}}" for c, w in zip(row, widths, strict=True)]))
    return "\n".join(lines) + "\n"


class Command(BaseCommand):
    help = "Số liệu giải quyết TTHC (Biểu 06) cho một kỳ: json, bảng hoặc tệp .xlsx."

    def add_arguments(self, parser):
        parser.add_argument("--from", dest="date_from", required=True, metavar="YYYY-MM-DD")
        parser.add_argument("--to", dest="date_to", required=True, metavar="YYYY-MM-DD")
        parser.add_argument("--agency", default="", metavar="CODE", help="Mã định danh cơ quan, ví dụ 000.00.53.H48")
        parser.add_argument("--field", default="", metavar="NAME", help="Tên (hoặc mã) lĩnh vực")
        parser.add_argument("--procedure", default="", metavar="CODE", help="Mã TTHC, ví dụ 2.000648")
        parser.add_argument("--by", default=None, metavar="|".join(GROUPINGS))
        parser.add_argument("--format", default="json", metavar="|".join(FORMATS))
        parser.add_argument("--out", default=None, metavar="FILE")

    def handle(self, *args, **options):
        date_from = parse_day(options["date_from"], "--from")
        date_to = parse_day(options["date_to"], "--to")
        if date_to < date_from:
            raise CommandError(f"--to ({date_to}) trước --from ({date_from}).", returncode=2)
        output_format = options["format"]
        if output_format not in FORMATS:
            raise CommandError(
                f"--format phải là một trong: {', '.join(FORMATS)} (nhận được “{output_format}”).", returncode=2
            )
        by = options["by"]
        if by is not None and by not in GROUPINGS:
            raise CommandError(f"--by phải là field hoặc procedure (nhận được “{by}”).", returncode=2)
        if output_format == "xlsx" and not options["out"]:
            raise CommandError("--format xlsx cần --out FILE.xlsx.", returncode=2)
        try:
            scope = resolve_scope(
                agency_code=options["agency"], field_name=options["field"], procedure_code=options["procedure"]
            )
            stats = tthc_statistics(date_from=date_from, date_to=date_to, scope=scope, by=by)
        except StatisticsError as exc:
            raise CommandError(str(exc), returncode=2) from None

        if output_format == "xlsx":
            stats_for_sheet = (
                stats if by else tthc_statistics(date_from=date_from, date_to=date_to, scope=scope, by="field")
            )
            name = scope.agency.name if scope.agency else ""
            data: bytes | str = bieu06_workbook(stats_for_sheet, agency_name=name)
        elif output_format == "table":
            if by is None:
                stats.rows = []
            data = render_table(stats)
        else:
            data = json.dumps(stats.as_dict(), ensure_ascii=False, indent=2) + "\n"
        write_output(self, data, options["out"])
