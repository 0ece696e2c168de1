"""`manage.py import_dossiers FILE.csv [--dry-run]`: output, exit codes, nothing written on failure."""

import datetime as dt
import io

import pytest
from django.core.management import CommandError, call_command

from ..models import Dossier
from .factories import procedure_with_workflow
from .test_legacy_import import csv_bytes, row

pytestmark = pytest.mark.django_db


@pytest.fixture
def procedure():
    return procedure_with_workflow(time_limit=5, effective_from=dt.date(2020, 1, 1))


def _call(*args):
    out, err = io.StringIO(), io.StringIO()
    call_command("import_dossiers", *args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def test_imports_and_summarises(procedure, tmp_path):
    path = tmp_path / "hoso.csv"
    path.write_bytes(
        csv_bytes(
            row(procedure), row(procedure, finished_at="2021-02-10T09:00", outcome="resolved", rating="satisfied")
        )
    )
    out, _ = _call(str(path))
    assert "Đã nhập 2 hồ sơ (Giải quyết: 1; đang giải quyết: 1); cấp mới 2 mã hồ sơ" in out
    assert Dossier.objects.count() == 2
    out = io.StringIO()
    call_command("check_dossiers", stdout=out)
    assert "không có sai lệch" in out.getvalue()


def test_dry_run_writes_nothing(procedure, tmp_path):
    path = tmp_path / "hoso.csv"
    path.write_bytes(csv_bytes(row(procedure)))
    out, _ = _call(str(path), "--dry-run")
    assert out.startswith("[Chạy thử, không ghi] Sẽ nhập 1 hồ sơ")
    assert not Dossier.objects.exists()


def test_bad_rows_are_listed_and_the_exit_code_is_1(procedure, tmp_path):
    path = tmp_path / "hoso.csv"
    path.write_bytes(csv_bytes(row(procedure), row(procedure, channel="fax"), row(procedure, outcome="resolved")))
    with pytest.raises(CommandError) as failed:
        _call(str(path))
    assert failed.value.returncode == 1
    assert "2 trong 3 dòng dữ liệu có lỗi (2 lỗi). Không có hồ sơ nào được nhập." in str(failed.value)
    assert not Dossier.objects.exists()


def test_bad_rows_go_to_stderr_with_file_and_line(procedure, tmp_path):
    path = tmp_path / "hoso.csv"
    path.write_bytes(csv_bytes(row(procedure, procedure_code="1.999999")))
    err = io.StringIO()
    with pytest.raises(CommandError):
        call_command("import_dossiers", str(path), stderr=err)
    assert err.getvalue() == f"{path}: Dòng 2: procedure_code “1.999999” không có trong danh mục thủ tục\n"


def test_unreadable_file_exit_code_2(tmp_path):
    with pytest.raises(CommandError) as failed:
        _call(str(tmp_path / "missing.csv"))
    assert failed.value.returncode == 2 and "Không đọc được tệp" in str(failed.value)


def test_a_file_imported_before_is_refused_until_forced(procedure, tmp_path):
    path = tmp_path / "hoso.csv"
    path.write_bytes(csv_bytes(row(procedure), row(procedure, applicant_name="Lê Thị Hoa")))
    _call(str(path))
    with pytest.raises(CommandError) as refused:
        _call(str(path))
    assert refused.value.returncode == 1
    message = str(refused.value)
    assert "Tệp này đã được nhập lúc" in message and "(2 hồ sơ, tệp hoso.csv)" in message
    assert "Không có hồ sơ nào được nhập. Nếu thật sự cần nhập lại, chạy lại với --force." in message
    assert Dossier.objects.count() == 2
    out, _ = _call(str(path), "--force")
    assert "Đã nhập 2 hồ sơ" in out and Dossier.objects.count() == 4


def test_rows_imported_before_are_listed_by_line(procedure, tmp_path):
    (tmp_path / "dot1.csv").write_bytes(csv_bytes(row(procedure)))
    _call(str(tmp_path / "dot1.csv"))
    path = tmp_path / "dot2.csv"
    path.write_bytes(csv_bytes(row(procedure, applicant_name="Lê Thị Hoa"), row(procedure)))
    with pytest.raises(CommandError) as refused:
        _call(str(path))
    assert refused.value.returncode == 1
    assert "1 trong 2 dòng dữ liệu có lỗi" in str(refused.value)
    code = Dossier.objects.get().code
    with pytest.raises(CommandError):
        call_command("import_dossiers", str(path), stdout=io.StringIO(), stderr=(err := io.StringIO()))
    assert err.getvalue().startswith(f"{path}: Dòng 3: hồ sơ này đã được nhập trước đây (mã {code}:")
