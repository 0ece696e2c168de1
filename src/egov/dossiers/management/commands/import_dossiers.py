"""`manage.py import_dossiers FILE.csv [--dry-run]`: dossiers from the previous one-stop system."""

from django.core.management.base import BaseCommand, CommandError

from egov.core.formats import vn_number
from egov.dossiers.legacy_import import (
    HEADER,
    OPTIONAL_COLUMNS,
    AlreadyImported,
    ImportFileError,
    ImportRejected,
    legacy_import_path,
)
from egov.dossiers.models import Outcome


class Command(BaseCommand):
    help = (
        "Nhập hồ sơ từ hệ thống một cửa cũ (CSV UTF-8, dòng tiêu đề "
        + ",".join(HEADER)
        + ", có thể thêm cột "
        + ",".join(OPTIONAL_COLUMNS)
        + "). Tất cả hoặc không: có dòng lỗi thì không ghi gì, in từng dòng lỗi và "
        "thoát với mã 1. Tệp đã nhập, hoặc hồ sơ đã nhập trước đây, bị từ chối (trừ khi --force)."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", help="Tệp CSV UTF-8")
        parser.add_argument("--dry-run", action="store_true", help="Chỉ kiểm tra và báo cáo, không ghi gì")
        parser.add_argument(
            "--force",
            action="store_true",
            help="Nhập cả khi tệp này, hoặc hồ sơ trùng (cùng cơ quan, thủ tục, thời điểm tiếp nhận, người nộp), "
            "đã được nhập trước đây",
        )

    def handle(self, *args, **options):
        path = options["file"]
        try:
            report = legacy_import_path(path, dry_run=options["dry_run"], force=options["force"])
        except ImportFileError as exc:
            raise CommandError(f"{path}: {exc} Không có hồ sơ nào được nhập.", returncode=2) from None
        except AlreadyImported as exc:
            raise CommandError(
                f"{path}: {exc} Không có hồ sơ nào được nhập. Nếu thật sự cần nhập lại, chạy lại với --force.",
                returncode=1,
            ) from None
        except ImportRejected as rejected:
            for error in rejected.errors:
                self.stderr.write(f"{path}: {error}")
            raise CommandError(
                f"{path}: {rejected.bad_lines} trong {rejected.rows} dòng dữ liệu có lỗi ({len(rejected.errors)} lỗi). "
                "Không có hồ sơ nào được nhập.",
                returncode=1,
            ) from None
        finished = {Outcome(outcome).label: n for outcome, n in sorted(report.by_outcome.items()) if outcome}
        summary = (
            f"{'[Chạy thử, không ghi] Sẽ nhập' if report.dry_run else 'Đã nhập'} {vn_number(report.rows)} hồ sơ "
            f"({', '.join(f'{label}: {n}' for label, n in finished.items()) or 'không có hồ sơ đã kết thúc'}; "
            f"đang giải quyết: {report.in_progress}); cấp mới {report.generated_codes} mã hồ sơ, "
            f"tính {report.computed_due_dates} ngày hẹn trả theo lịch ngày làm việc; "
            f"{vn_number(report.events)} sự kiện lịch sử; {vn_number(report.seconds, 1)} giây."
        )
        self.stdout.write(self.style.SUCCESS(summary))
