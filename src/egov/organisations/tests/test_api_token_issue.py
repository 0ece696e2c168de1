"""The command that issues a token to a service account prints the secret once and keeps its digest."""

from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from egov.core.secrets import secret_digest
from egov.organisations.models import ApiToken

from .factories import UserFactory

pytestmark = pytest.mark.django_db


def test_issues_a_token_and_prints_its_secret_once():
    account = UserFactory(username="cong-dvc")
    out = StringIO()
    call_command("api_token_issue", "cong-dvc", "--name", "Cổng dịch vụ công", "--days", "30", stdout=out)
    secret = out.getvalue().splitlines()[-1]
    token = ApiToken.objects.get(user=account)
    assert token.digest == secret_digest(secret) and secret.startswith("egov_")


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["khong-co", "--name", "X"], "Không có tài khoản"),
        (["cong-dvc", "--name", "X", "--days", "5000"], "Thời hạn của khóa từ 1 đến"),
        (["cong-dvc", "--name", " "], "Nhập tên gợi nhớ"),
    ],
)
def test_bad_arguments_get_a_precise_message_and_write_nothing(args, message):
    UserFactory(username="cong-dvc")
    with pytest.raises(CommandError, match=message) as error:
        call_command("api_token_issue", *args, stdout=StringIO())
    assert error.value.returncode == 2
    assert not ApiToken.objects.exists()
