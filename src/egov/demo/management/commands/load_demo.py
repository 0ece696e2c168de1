"""`manage.py load_demo [--catalogue FILE]`: create or refresh the demo data (never in production)."""

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.urls import reverse
from django.utils.translation import gettext as _

from egov.demo.build import build_demo, write_accounts
from egov.demo.history import HISTORY_LABELS, build_history
from egov.demo.petitions import build_petition_history
from egov.procedures.service import CatalogueFileError


class Command(BaseCommand):
    help = _(
        "Nạp dữ liệu mẫu: tỉnh Quảng Ngãi, Sở Công Thương, tài khoản theo vai trò, danh mục TTHC. Chạy lại an toàn."
    )

    def add_arguments(self, parser):
        parser.add_argument("--catalogue", metavar="FILE", help=_("Tệp CSV danh mục TTHC (mặc định: shared/data)"))
        parser.add_argument(
            "--history",
            metavar="NAME",
            choices=sorted(HISTORY_LABELS),
            help=_("Thêm lịch sử hồ sơ mẫu qua các dịch vụ xử lý hồ sơ, ví dụ 2021H1 (12/2020 – 6/2021)."),
        )

    def handle(self, *args, **options):
        if not getattr(settings, "EGOV_DEMO_ALLOWED", False):
            raise CommandError(
                "Không nạp dữ liệu mẫu: EGOV_DEMO_ALLOWED không bật (môi trường sản xuất). "
                "Demo data is only loaded where settings.EGOV_DEMO_ALLOWED is True.",
                returncode=2,
            )
        try:
            result = build_demo(self.stdout, catalogue=options["catalogue"])
        except CatalogueFileError as exc:
            raise CommandError(f"Danh mục TTHC: {exc} Không có thay đổi nào được ghi.", returncode=2) from None
        if options["history"]:
            history = build_history(result, options["history"])
            label = HISTORY_LABELS[options["history"]]
            if history.skipped:
                self.stdout.write(f"Lịch sử hồ sơ {label}: đã có, không tạo lại.")
            else:
                self.stdout.write(
                    f"Lịch sử hồ sơ {label}: {history.created} hồ sơ ({history.refused_at_intake} bị từ chối "
                    f"tiếp nhận), tạo qua các dịch vụ xử lý hồ sơ trong {history.seconds:.0f} giây."
                )
            if build_petition_history(result):
                self.stdout.write(f"Tiếp công dân, xử lý đơn {label}: 02 lượt tiếp, 04 đơn kiến nghị, phản ánh.")
            else:
                self.stdout.write(f"Tiếp công dân, xử lý đơn {label}: đã có, không tạo lại.")
        if getattr(settings, "EGOV_DEMO_OUTBOX", False):
            self.stdout.write(
                "Hộp thư thử nghiệm (SMS, thư điện tử giả lập, mã xác nhận) / Demo outbox (fake SMS and e-mail, "
                f"one-time codes): {reverse('outbox:demo')} trên máy chủ / on the server"
            )
        write_accounts(self.stdout, result.accounts)
