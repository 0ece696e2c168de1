"""`manage.py petition_stats`: the period's figures as JSON, a table and a workbook, scoped by
agency, and a precise message with exit code 2 for every bad argument."""

import io
import json

import pytest
from django.core.management import CommandError, call_command
from openpyxl import load_workbook

from ..models import Classification
from .factories import local, office

pytestmark = pytest.mark.django_db

H1_2021 = ["--from", "2021-01-01", "--to", "2021-06-30"]


def run(*args) -> str:
    out = io.StringIO()
    call_command("petition_stats", *args, stdout=out, stderr=io.StringIO())
    return out.getvalue()


@pytest.fixture
def world():
    o, other = office(), office()
    o.petition(received_at=local(2021, 3, 1, 9, 0))
    o.petition(received_at=local(2021, 3, 2, 9, 0), content="Khiếu nại.", classification=Classification.COMPLAINT)
    other.petition(received_at=local(2021, 3, 1, 9, 0))
    return o


def test_json_gives_every_figure_group(world):
    data = json.loads(run(*H1_2021, "--format", "json", "--agency", world.agency.identifier))
    assert (data["date_from"], data["date_to"]) == ("2021-01-01", "2021-06-30")
    assert data["reception"] == {"sessions": 0, "visits": 0, "people": 0, "cases": 0, "delegations": 0}
    assert (data["petitions"]["received"], data["petitions"]["new"], data["petitions"]["in_progress"]) == (2, 2, 2)
    assert data["petitions"]["by_kind"]["complaint"]["total"] == 1
    assert data["fields"] == [{"field": "", "count": 2}]
    assert json.loads(run(*H1_2021))["petitions"]["received"] == 3  # every agency


def test_table_names_each_measure(world):
    text = run(*H1_2021, "--format", "table", "--agency", world.agency.short_name)
    assert text.startswith("Tiếp công dân, xử lý đơn — từ 01/01/2021 đến 30/06/2021\n")
    line = next(line for line in text.splitlines() if line.endswith(" petitions_received"))
    assert line.split()[-2] == "2"


def test_xlsx_writes_the_rows(world, tmp_path):
    path = tmp_path / "don.xlsx"
    call_command("petition_stats", *H1_2021, "--format", "xlsx", "--out", str(path), stderr=io.StringIO())
    sheet = load_workbook(path).active
    rows = {row[2]: row[1] for row in sheet.iter_rows(min_row=4, values_only=True)}
    assert sheet["A1"].value == "Tất cả cơ quan" and sheet["A3"].value == "Chỉ tiêu"
    assert rows["petitions_received"] == 3 and rows["by_type.complaint"] == 1


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--from", "2021-1-1", "--to", "2021-06-30"], "--from: “2021-1-1” không phải ngày dạng YYYY-MM-DD"),
        (["--from", "01/01/2021", "--to", "2021-06-30"], "--from: “01/01/2021” không phải ngày dạng YYYY-MM-DD"),
        (["--from", "2021-01-01", "--to", "2021-02-30"], "--to: không có ngày 30/02/2021 trong lịch."),
        (["--from", "2021-06-30", "--to", "2021-01-01"], "--to (01/01/2021) trước --from (30/06/2021)."),
        ([*H1_2021, "--format", "csv"], "--format phải là một trong: json, table, xlsx (nhận được “csv”)."),
        ([*H1_2021, "--format", "xlsx"], "--format xlsx cần --out FILE.xlsx."),
        ([*H1_2021, "--agency", "000.00.99.H99"], "Không có cơ quan có mã “000.00.99.H99”."),
    ],
)
def test_bad_arguments_say_why(args, message):
    with pytest.raises(CommandError) as error:
        run(*args)
    assert str(error.value).startswith(message) and error.value.returncode == 2


def test_an_unwritable_out_file_is_a_message(tmp_path):
    with pytest.raises(CommandError, match="Không ghi được"):
        run(*H1_2021, "--out", str(tmp_path / "missing" / "x.json"))
