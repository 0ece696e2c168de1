"""`manage.py retention [--date YYYY-MM-DD] [--delete]`: each kind of record's retention period and
how many records are past it; with --delete, those records destroyed (core.retention)."""

import datetime as dt

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from egov.core.formats import vn_number
from egov.core.retention import report


class Command(BaseCommand):
    help = (
        "Báo cáo thời hạn lưu trữ theo từng loại hồ sơ, tài liệu và số bản ghi đã hết hạn. Chỉ hủy khi có "
        "--delete, và chỉ theo thời hạn đã được đối chiếu căn cứ pháp lý."
    )

    def add_arguments(self, parser):
        parser.add_argument("--date", metavar="YYYY-MM-DD", help="Ngày xét (mặc định: hôm nay)")
        parser.add_argument("--delete", action="store_true", help="Hủy các bản ghi đã hết thời hạn lưu trữ")

    def handle(self, *args, **options):
        try:
            on = dt.date.fromisoformat(options["date"]) if options["date"] else timezone.localdate()
        except ValueError:
            raise CommandError(f"--date: {options['date']!r} không phải ngày dạng YYYY-MM-DD.", returncode=2) from None
        lines = report(on, destroy=options["delete"])
        refused = False
        for line in lines:
            rule = line.rule
            if rule is None:
                period = "chưa có quy định thời hạn"
            elif rule.years is None:
                period = "vĩnh viễn"
            else:
                period = f"{rule.years} năm, hủy được bản ghi kết thúc trước {line.cutoff:%d/%m/%Y}"
            check = "" if rule is None or rule.confirmed else " [căn cứ chưa đối chiếu]"
            self.stdout.write(f"{line.kind.label} ({line.kind.code}): {period}{check}")
            if rule is not None:
                self.stdout.write(f"  Căn cứ: {rule.legal_basis}")
            self.stdout.write(f"  Hết thời hạn: {vn_number(line.expired)}")
            if line.destroyed:
                self.stdout.write(f"  Đã hủy: {vn_number(line.destroyed)}")
            if line.refused:
                refused = True
                self.stdout.write(f"  Không hủy: {line.refused}")
        if not options["delete"] and any(line.expired for line in lines):
            self.stdout.write("Chưa hủy gì (chạy lại với --delete để hủy).")
        if refused:
            raise CommandError("Có loại hồ sơ hết hạn chưa hủy được (xem ở trên).", returncode=1)
