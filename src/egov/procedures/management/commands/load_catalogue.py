"""`manage.py load_catalogue FILE [--agency ID] [--effective-from YYYY-MM-DD] [--dry-run]`."""

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from egov.core.commands import parse_day
from egov.procedures.catalogue_import import CatalogueFileError, ImportReport, catalogue_import_file


class Command(BaseCommand):
    help = _(
        "Nạp danh mục thủ tục hành chính từ tệp CSV (UTF-8) vào một cơ quan; chạy lại thì cập nhật, không nhân bản."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "file",
            help=_(
                "Tệp CSV: code,name,field,time_limit_days,...,source_url; thêm nếu có: steps, filing_methods, "
                "applicants, requirements (mỗi mục một dòng trong ô)"
            ),
        )
        parser.add_argument(
            "--agency", metavar="IDENTIFIER", help=_("Mã định danh cơ quan (mặc định: cơ quan SCT duy nhất)")
        )
        parser.add_argument(
            "--effective-from",
            metavar="YYYY-MM-DD",
            help=_("Ngày hiệu lực: thủ tục có quy định thay đổi được mở phiên bản mới từ ngày này"),
        )
        parser.add_argument("--dry-run", action="store_true", help=_("Chỉ kiểm tra và báo cáo, không ghi gì"))

    def handle(self, *args, **options):
        effective_from = parse_day(options["effective_from"], "--effective-from") if options["effective_from"] else None
        try:
            report = catalogue_import_file(
                options["file"],
                agency_identifier=options["agency"],
                effective_from=effective_from,
                dry_run=options["dry_run"],
            )
        except CatalogueFileError as exc:
            raise CommandError(f"{options['file']}: {exc} Không có thay đổi nào được ghi.", returncode=2) from None
        write_report(self.stdout, report, style=self.style)


def write_report(stdout, report: ImportReport, style=None) -> None:
    """Unparsed values by line, then the summary (shared with load_demo)."""
    for outcome in report.unparsed_rows:
        stdout.write(f"Dòng {outcome.line} [{outcome.code}] {outcome.name}")
        for item in outcome.unparsed:
            stdout.write(f"    {item.column} = “{item.text}”: {item.reason}")
    summary = (
        f"Cơ quan {report.agency.short_name} ({report.agency.identifier}): đọc {report.rows_read} dòng; "
        f"tạo mới {report.created}, cập nhật {report.updated} (mở phiên bản mới {report.new_versions}), "
        f"không đổi {report.unchanged}; {len(report.unparsed_rows)} dòng có giá trị chưa phân tích được "
        "(giữ nguyên văn trong raw_values)."
    )
    if report.absent_codes:
        summary += f" {len(report.absent_codes)} thủ tục của cơ quan không có trong tệp (không thay đổi)."
    if report.dry_run:
        summary = "[Chạy thử, không ghi] " + summary
    stdout.write(style.SUCCESS(summary) if style else summary)
