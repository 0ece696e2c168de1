"""`manage.py backup_files FILE.tar`: every stored file the database refers to, with a manifest
(core.backup; deploy/backup.sh runs it after pg_dump)."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from egov.core.backup import export_files
from egov.core.formats import vn_number


class Command(BaseCommand):
    help = "Sao lưu mọi tệp mà cơ sở dữ liệu tham chiếu (kho tệp cục bộ hoặc S3) vào một tệp .tar kèm mã SHA-256."

    def add_arguments(self, parser):
        parser.add_argument("file", help="Tệp .tar sẽ tạo")

    def handle(self, *args, **options):
        path = Path(options["file"])
        if path.exists():
            raise CommandError(f"{path}: đã có, không ghi đè.", returncode=2)
        if not path.parent.is_dir():
            raise CommandError(f"{path.parent}: không có thư mục này.", returncode=2)
        result = export_files(path)
        self.stdout.write(f"Đã sao lưu {vn_number(result.files)} tệp ({vn_number(result.bytes)} byte) vào {path}.")
        if result.missing:
            for name in result.missing:
                self.stderr.write(f"Thiếu tệp trong kho: {name}")
            raise CommandError(f"{len(result.missing)} tệp được tham chiếu nhưng không có trong kho.", returncode=1)
