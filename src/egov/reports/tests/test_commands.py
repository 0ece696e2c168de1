"""tthc_stats and render_report: formats, output files, and bad arguments (exit code 2)."""

import datetime as dt
import io
import json

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from docx import Document
from openpyxl import load_workbook

from .conftest import local


@pytest.fixture
def rows(world):
    day = dt.date(2021, 3, 2)
    world.dossier(received=local(day), due=dt.date(2021, 3, 16), finished=local(dt.date(2021, 3, 5)))
    world.dossier(received=local(day), due=dt.date(2021, 3, 16), version=world.safety_card, channel="direct")
    return world


def run(*args) -> str:
    out = io.StringIO()
    call_command("tthc_stats", *args, stdout=out, stderr=io.StringIO())
    return out.getvalue()


def test_json_output(rows):
    data = json.loads(run("--from", "2021-01-01", "--to", "2021-06-06"))
    assert list(data) == [
        "from",
        "to",
        "received",
        "resolved",
        "withdrawn_or_stopped",
        "in_progress",
        "satisfaction",
        "on_time_pct",
        "online_pct",
    ]
    assert data["received"]["total"] == 2
    assert data["online_pct"] == 50.0
    data = json.loads(run("--from", "2021-01-01", "--to", "2021-06-06", "--by", "procedure", "--format", "json"))
    assert [row["code"] for row in data["rows"]] == ["2.000648", "2.000100"]


def test_filters(rows):
    data = json.loads(run("--from", "2021-01-01", "--to", "2021-06-06", "--agency", "000.00.53.H48", "--field", "Điện"))
    assert data["received"] == {"total": 1, "carried_over": 0, "online": 0, "direct": 1, "postal": 0}


def test_table_output(rows):
    text = run("--from", "2021-01-01", "--to", "2021-06-06", "--by", "field", "--format", "table")
    assert "Biểu 06 — từ 01/01/2021 đến 06/06/2021" in text
    assert "Lưu thông hàng hóa trong nước" in text and "Tổng cộng" in text


def test_xlsx_to_file(rows, tmp_path):
    out = tmp_path / "bieu06.xlsx"
    run("--from", "2021-01-01", "--to", "2021-06-06", "--format", "xlsx", "--out", str(out))
    sheet = load_workbook(out)["Biểu 06"]
    assert sheet["B11"].value == "Tổng cộng"


def test_json_to_file(rows, tmp_path):
    out = tmp_path / "so-lieu.json"
    assert run("--from", "2021-01-01", "--to", "2021-06-06", "--out", str(out)) == ""
    assert json.loads(out.read_text(encoding="utf-8"))["received"]["total"] == 2


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--from", "2021-02-30", "--to", "2021-06-06"], "--from: không có ngày 30/02/2021 trong lịch"),
        (["--from", "2021-06-06", "--to", "2021-01-01"], "trước --from"),
        (["--from", "2021-01-01", "--to", "2021-06-06", "--format", "csv"], "--format phải là"),
        (["--from", "2021-01-01", "--to", "2021-06-06", "--by", "unit"], "--by phải là"),
        (["--from", "2021-01-01", "--to", "2021-06-06", "--format", "xlsx"], "cần --out"),
        (["--from", "2021-01-01", "--to", "2021-06-06", "--agency", "X"], "Không có cơ quan"),
        (["--from", "2021-01-01", "--to", "2021-06-06", "--field", "Không có"], "Không có lĩnh vực"),
        (["--from", "2021-01-01", "--to", "2021-06-06", "--out", "/nonexistent/dir/x.json"], "Không ghi được"),
    ],
)
def test_bad_arguments_exit_2(rows, args, message):
    with pytest.raises(CommandError, match=message) as error:
        run(*args)
    assert error.value.returncode == 2


def test_render_report(rows, tmp_path):
    out = tmp_path / "bao-cao.docx"
    call_command(
        "render_report",
        "--kind",
        "tthc",
        "--from",
        "2021-01-01",
        "--to",
        "2021-06-06",
        "--out",
        str(out),
        "--agency",
        "000.00.53.H48",
        "--date",
        "2021-06-15",
        stdout=io.StringIO(),
    )
    texts = [p.text for p in Document(out).paragraphs]
    assert "BÁO CÁO" in texts
    assert any(t.startswith("Trong 06 tháng đầu năm 2021 (tính đến 06/6) đã tiếp nhận 02 hồ sơ") for t in texts)


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--kind", "petitions"], "--kind phải là"),
        (["--kind", "tthc", "--out", "x.pdf"], "phải là tệp .docx"),
    ],
)
def test_render_report_bad_arguments(rows, args, message):
    base = {"--from": "2021-01-01", "--to": "2021-06-06", "--out": "x.docx"}
    values = dict(zip(args[::2], args[1::2], strict=True))
    merged = [item for key, value in (base | values).items() for item in (key, value)]
    with pytest.raises(CommandError, match=message) as error:
        call_command("render_report", *merged, stdout=io.StringIO())
    assert error.value.returncode == 2
