"""The sections registry (sections.py): every app's report_sections.py collected by key, one key
one section, figures within the scope, and a report of several sections printed in their order."""

import datetime as dt
import io
import re
from pathlib import Path
from types import SimpleNamespace

import pytest
from docx import Document

from egov.assignments.report_sections import FOLLOWUP
from egov.core.reporting import ReportScope, Section, Table
from egov.reports import sections
from egov.reports.docx_report import ReportOptions, report_docx
from egov.reports.periods import Period
from egov.reports.report_sections import TTHC
from egov.reports.sections import SectionError, collect_sections, compose

from .conftest import local
from .test_selectors import make_world_other_agency

APPS = Path(sections.__file__).resolve().parents[1]
PERIOD = Period(dt.date(2021, 1, 1), dt.date(2021, 6, 30))


def _declared_keys(path: Path) -> list[str]:
    module = __import__(f"egov.{path.parent.name}.report_sections", fromlist=["SECTIONS"])
    return [s.key for s in module.SECTIONS]


def test_the_registry_collects_every_apps_sections():
    files = sorted(APPS.glob("*/report_sections.py"))
    assert {f.parent.name for f in files} >= {"reports", "assignments"}
    registry = collect_sections()
    declared = [key for f in files for key in _declared_keys(f)]
    assert sorted(registry) == sorted(declared)
    assert registry["dossiers.tthc"] is TTHC and registry["documents.followup"] is FOLLOWUP


def _module(name: str, *keys: str) -> SimpleNamespace:
    return SimpleNamespace(
        __name__=name, SECTIONS=[Section(key, key.title(), lambda period, scope: None, lambda f: []) for key in keys]
    )


def test_a_key_declared_twice_is_refused(monkeypatch):
    monkeypatch.setattr(
        sections,
        "section_modules",
        lambda: [_module("egov.a.report_sections", "x"), _module("egov.b.report_sections", "y", "x")],
    )
    with pytest.raises(
        SectionError, match=re.escape("“x” is declared twice: in egov.a.report_sections and in egov.b.report_sections.")
    ):
        collect_sections()


def test_a_report_asking_for_an_unknown_key_is_refused():
    with pytest.raises(SectionError, match="nope"):
        compose(["dossiers.tthc", "nope"], PERIOD, ReportScope())


def test_the_dossiers_figures_are_scoped_by_agency(world):
    day = dt.date(2021, 3, 2)
    world.dossier(received=local(day), due=dt.date(2021, 3, 16))
    world.dossier(received=local(day), due=dt.date(2021, 3, 16), channel="direct")
    other = make_world_other_agency()
    other.dossier(received=local(day), due=dt.date(2021, 3, 16))
    assert TTHC.figures(PERIOD, ReportScope(agency=world.agency)).totals.received_total == 2
    assert TTHC.figures(PERIOD, ReportScope(agency=other.agency)).totals.received_total == 1
    assert TTHC.figures(PERIOD, ReportScope()).totals.received_total == 3


def _paragraph_texts(data: bytes) -> list[str]:
    return [p.text for p in Document(io.BytesIO(data)).paragraphs]


def test_a_report_of_two_sections_prints_both_in_order(world, monkeypatch):
    world.dossier(received=local(dt.date(2021, 3, 2)), due=dt.date(2021, 3, 16))
    second = Section(
        "test.second",
        "Phần thứ hai",
        figures=lambda period, scope: period,
        paragraphs=lambda period: [f"Đoạn của phần hai, đến ngày {period.date_to:%d/%m/%Y}."],
        table=lambda period: Table(["Cột"], [["Ô"]], [5.0], reference="Chi tiết tại bảng dưới đây."),
    )
    installed = sections.section_modules()
    monkeypatch.setattr(
        sections, "section_modules", lambda: [*installed, SimpleNamespace(__name__="t", SECTIONS=[second])]
    )
    parts = compose(["test.second", "dossiers.tthc"], PERIOD, ReportScope(agency=world.agency))
    data = report_docx(
        agency=world.agency, summary="Tóm tắt", opening="Mở đầu như sau:", parts=parts, options=ReportOptions()
    )
    texts = _paragraph_texts(data)
    first, two = texts.index("I. PHẦN THỨ HAI"), texts.index("II. KẾT QUẢ GIẢI QUYẾT THỦ TỤC HÀNH CHÍNH")
    assert texts.index("Mở đầu như sau:") < first < texts.index("Đoạn của phần hai, đến ngày 30/06/2021.") < two
    assert texts.index("Chi tiết tại bảng dưới đây.") < two
    assert any(t.startswith("Trong 06 tháng đầu năm 2021 đã tiếp nhận 01 hồ sơ") for t in texts[two:])
    tables = Document(io.BytesIO(data)).tables
    assert [t.rows[0].cells[0].text for t in tables[1:-1]] == ["Cột", "STT"]  # between header and signing block
