"""`manage.py render_report --kind tthc --from YYYY-MM-DD --to YYYY-MM-DD --out FILE.docx [--agency CODE]`

The department's TTHC report (BÁO CÁO, Nghị định 30/2020 layout) for the period, from the data.
"""

from __future__ import annotations

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from egov.core.commands import parse_day

from ...docx_report import ReportOptions, tthc_report_docx
from ...selectors import StatisticsError, resolve_scope, tthc_statistics

KINDS = ("tthc",)


class Command(BaseCommand):
    help = "Tạo báo cáo (.docx, thể thức Nghị định 30/2020) từ số liệu: --kind tthc."

    def add_arguments(self, parser):
        parser.add_argument("--kind", required=True, metavar="|".join(KINDS))
        parser.add_argument("--from", dest="date_from", required=True, metavar="YYYY-MM-DD")
        parser.add_argument("--to", dest="date_to", required=True, metavar="YYYY-MM-DD")
        parser.add_argument("--out", required=True, metavar="FILE.docx")
        parser.add_argument("--agency", default="", metavar="CODE", help="Mã định danh cơ quan (mặc định: tất cả)")
        parser.add_argument("--date", default=None, metavar="YYYY-MM-DD", help="Ngày của báo cáo (mặc định: hôm nay)")
        parser.add_argument("--signer", default="", metavar="NAME", help="Họ tên người ký")

    def handle(self, *args, **options):
        if options["kind"] not in KINDS:
            raise CommandError(
                f"--kind phải là một trong: {', '.join(KINDS)} (nhận được “{options['kind']}”).", returncode=2
            )
        date_from = parse_day(options["date_from"], "--from")
        date_to = parse_day(options["date_to"], "--to")
        report_date = parse_day(options["date"], "--date") if options["date"] else None
        if date_to < date_from:
            raise CommandError(f"--to ({date_to}) trước --from ({date_from}).", returncode=2)
        out = Path(options["out"])
        if out.suffix.lower() != ".docx":
            raise CommandError(f"--out phải là tệp .docx (nhận được “{out}”).", returncode=2)
        try:
            scope = resolve_scope(agency_code=options["agency"])
            stats = tthc_statistics(date_from=date_from, date_to=date_to, scope=scope, by="field")
        except StatisticsError as exc:
            raise CommandError(str(exc), returncode=2) from None
        data = tthc_report_docx(stats, ReportOptions(report_date=report_date, signer_name=options["signer"]))
        try:
            out.write_bytes(data)
        except OSError as exc:
            raise CommandError(f"Không ghi được {out}: {exc.strerror}.", returncode=2) from None
        self.stdout.write(f"Đã ghi báo cáo {out} ({len(data) // 1024} KB).")
