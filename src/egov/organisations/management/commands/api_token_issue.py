"""`manage.py api_token_issue USERNAME --name NAME [--days N]`: an API token for a service account."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from egov.organisations.models import User
from egov.organisations.tokens import api_token_create


class Command(BaseCommand):
    help = (
        "Cấp khóa truy cập API cho một tài khoản (ví dụ tài khoản dịch vụ của cổng dịch vụ công). "
        "Khóa chỉ in ra một lần; hệ thống chỉ lưu bản băm. Thu hồi trong trang quản trị hoặc trang Khóa truy cập API."
    )

    def add_arguments(self, parser):
        parser.add_argument("username", help="Tên đăng nhập của tài khoản dùng khóa")
        parser.add_argument("--name", required=True, help="Tên gợi nhớ, ví dụ: Cổng dịch vụ công tỉnh")
        parser.add_argument(
            "--days",
            type=int,
            default=settings.EGOV_API_TOKEN_DEFAULT_DAYS,
            help=f"Thời hạn, số ngày (mặc định {settings.EGOV_API_TOKEN_DEFAULT_DAYS}, "
            f"tối đa {settings.EGOV_API_TOKEN_MAX_DAYS})",
        )

    def handle(self, *args, **options):
        user = User.objects.filter(username=options["username"], is_active=True).first()
        if user is None:
            raise CommandError(f"Không có tài khoản đang hoạt động tên {options['username']}.", returncode=2)
        try:
            token, secret = api_token_create(user=user, name=options["name"], days=options["days"])
        except ValidationError as error:
            raise CommandError(" ".join(error.messages), returncode=2) from error
        self.stdout.write(f"Khóa {token.prefix}… cho {user.username}, hết hạn {token.expires_at:%d/%m/%Y %H:%M}:")
        self.stdout.write(secret)
