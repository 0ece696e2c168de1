"""manage.py extract_citations over .txt and .docx files."""

import json
import unicodedata
from pathlib import Path

import docx
import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from egov.documents.citations import extract_citations

SAMPLES = Path(__file__).parent / "data" / "samples"
DATA = Path(__file__).parent / "data"


def run(*args) -> str:
    from io import StringIO

    out = StringIO()
    call_command("extract_citations", *args, stdout=out)
    return out.getvalue()


@pytest.mark.parametrize("sample", sorted(p.name for p in SAMPLES.glob("*.txt")))
def test_json_matches_the_annotated_samples(sample):
    result = json.loads(run(str(SAMPLES / sample)))
    expected = json.loads((DATA / sample.replace(".txt", ".json")).read_text(encoding="utf-8"))["citations"]
    assert [c["ref"] for c in result] == [c["ref"] for c in expected]
    text = unicodedata.normalize("NFC", (SAMPLES / sample).read_text(encoding="utf-8"))
    for item in result:
        assert set(item) == {"ref", "type_word", "number", "year", "symbol", "issuer", "kind", "date", "start", "end"}
        assert text[item["start"] : item["end"]].replace(" ", "").replace("–", "-") == item["ref"]


def test_dispatch_003_values():
    result = json.loads(run(str(SAMPLES / "003_d086f47df4891f74.txt")))
    first = result[0]
    assert first["ref"] == "10-KH/BDVTU-BCSĐUBND" and first["date"] == "2021-01-11" and first["kind"] == "party"
    assert first["year"] is None


def test_docx_paragraphs_and_tables(tmp_path):
    document = docx.Document()
    document.add_paragraph("Thực hiện Quyết định số 2121/QĐ-UBND ngày 31/12/2020 của UBND tỉnh;")
    table = document.add_table(rows=2, cols=2)
    table.cell(0, 0).text = "Căn cứ"
    table.cell(0, 1).text = "Nghị định số 107/2020/NĐ-CP ngày 14/9/2020"
    table.cell(1, 0).merge(table.cell(1, 1)).text = "Công văn số 327/SCT-VP"
    document.add_paragraph("Kế hoạch số 38a/KH-BCT.")
    path = tmp_path / "van-ban.docx"
    document.save(path)
    result = json.loads(run(str(path), "--format", "json"))
    assert [c["ref"] for c in result] == ["2121/QĐ-UBND", "107/2020/NĐ-CP", "327/SCT-VP", "38a/KH-BCT"]
    assert result[1]["date"] == "2020-09-14" and result[1]["year"] == 2020


def test_table_format():
    output = run(str(SAMPLES / "003_d086f47df4891f74.txt"), "--format", "table")
    lines = output.splitlines()
    assert lines[0].split()[:3] == ["ref", "type_word", "kind"]
    count = len(extract_citations((SAMPLES / "003_d086f47df4891f74.txt").read_text(encoding="utf-8")))
    assert lines[-1] == f"{count} citation(s)"
    assert "10-KH/BDVTU-BCSĐUBND" in output


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("missing.txt", None, "no such file"),
        ("latin1.txt", "Quyết định".encode("cp1258", errors="replace") + b"\xff\xfe", "not UTF-8"),
        ("broken.docx", b"not a zip", "not a valid .docx"),
        ("scan.pdf", b"%PDF-1.4", "unsupported file type"),
    ],
)
def test_bad_files_exit_2_with_a_message(tmp_path, name, content, message):
    path = tmp_path / name
    if content is not None:
        path.write_bytes(content)
    with pytest.raises(CommandError) as info:
        run(str(path))
    assert info.value.returncode == 2
    assert message in str(info.value)


def test_exit_status_from_the_command_line(tmp_path):
    import subprocess
    import sys

    path = tmp_path / "broken.docx"
    path.write_bytes(b"nope")
    manage = Path(__file__).resolve().parents[4] / "manage.py"
    result = subprocess.run(
        [sys.executable, str(manage), "extract_citations", str(path)],
        capture_output=True,
        text=True,
        env={"DJANGO_SETTINGS_MODULE": "egov.settings.test", "PATH": "/usr/bin:/bin"},
        check=False,
    )
    assert result.returncode == 2, result.stderr
    assert "not a valid .docx" in result.stderr
