"""`manage.py check_dossiers [--agency IDENTIFIER] [--chunk-size N]`: state, dates and history agree."""

from django.core.management.base import BaseCommand, CommandError

from egov.dossiers.integrity import DEFAULT_CHUNK_SIZE, iter_offences
from egov.dossiers.models import Dossier
from egov.organisations.models import Agency


class Command(BaseCommand):
    help = (
        "Kiểm tra mọi hồ sơ: trạng thái, các mốc thời gian (tiếp nhận, hẹn trả, tạm dừng, hẹn lại, kết thúc) "
        "và lịch sử xử lý phải khớp nhau. In các hồ sơ sai lệch (mã + lý do); mã thoát 1 nếu có."
    )

    def add_arguments(self, parser):
        parser.add_argument("--agency", metavar="IDENTIFIER", help="Chỉ kiểm tra hồ sơ của một cơ quan")
        parser.add_argument(
            "--chunk-size", type=int, default=DEFAULT_CHUNK_SIZE, help="Số hồ sơ đọc mỗi lượt (mặc định 2000)"
        )

    def handle(self, *args, **options):
        queryset = Dossier.objects.all()
        if options["agency"]:
            agency = Agency.objects.filter(identifier=options["agency"]).first()
            if agency is None:
                raise CommandError(f"Không có cơ quan mã định danh {options['agency']}.", returncode=2)
            queryset = queryset.filter(agency=agency)
        if options["chunk_size"] < 1:
            raise CommandError("--chunk-size phải từ 1 trở lên.", returncode=2)
        checked, offending = 0, set()
        for offences, count in iter_offences(queryset, chunk_size=options["chunk_size"]):
            checked += count
            for offence in offences:
                offending.add(offence.dossier_id)
                self.stdout.write(str(offence))
        if offending:
            raise CommandError(
                f"Đã kiểm tra {checked} hồ sơ: {len(offending)} hồ sơ có sai lệch (liệt kê ở trên).", returncode=1
            )
        self.stdout.write(self.style.SUCCESS(f"Đã kiểm tra {checked} hồ sơ: không có sai lệch."))
