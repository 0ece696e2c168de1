"""`manage.py restore_files FILE.tar`: a backup's files back into the storage, checked against its
manifest, then every file the database refers to looked for (core.backup; deploy/restore.sh)."""

import tarfile
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from egov.core.backup import import_files
from egov.core.formats import vn_number


class Command(BaseCommand):
    help = (
        "Khôi phục các tệp từ bản sao lưu (.tar của backup_files) vào kho tệp, kiểm tra mã SHA-256, rồi kiểm "
        "tra mọi tệp mà cơ sở dữ liệu tham chiếu đều có. Mã thoát 1 nếu thiếu hoặc hỏng."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", help="Tệp .tar của backup_files")

    def handle(self, *args, **options):
        path = Path(options["file"])
        if not path.is_file():
            raise CommandError(f"{path}: không có tệp này.", returncode=2)
        try:
            result = import_files(path)
        except (tarfile.TarError, KeyError, ValueError) as exc:
            raise CommandError(f"{path}: không phải bản sao lưu tệp hợp lệ ({exc}).", returncode=2) from None
        self.stdout.write(f"Đã khôi phục {vn_number(result.files)} tệp ({vn_number(result.bytes)} byte).")
        for name in result.damaged:
            self.stderr.write(f"Tệp hỏng (khác mã SHA-256 trong bản sao lưu): {name}")
        for name in result.missing:
            self.stderr.write(f"Thiếu tệp được tham chiếu: {name}")
        if result.damaged or result.missing:
            raise CommandError(
                f"{len(result.damaged)} tệp hỏng, {len(result.missing)} tệp được tham chiếu bị thiếu.", returncode=1
            )
        self.stdout.write("Mọi tệp được tham chiếu đều có trong kho.")
