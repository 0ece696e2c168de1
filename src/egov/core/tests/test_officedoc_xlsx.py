"""core.officedoc.xlsx: text is stored as text, whatever it begins with; nothing else writes spreadsheets."""

import ast
import datetime as dt
import io
from pathlib import Path

import pytest
from openpyxl import load_workbook

from egov.core.officedoc.xlsx import FORMULA_TRIGGERS, new_workbook, workbook_bytes

SOURCE = Path(__file__).resolve().parents[2]


@pytest.mark.parametrize("first", FORMULA_TRIGGERS)
def test_text_beginning_like_a_formula_is_read_back_as_the_same_text(first):
    """OWASP "CSV injection": =, +, -, @, tab and carriage return start a formula."""
    text = f'{first}HYPERLINK("http://attacker.example","Xem")'
    book = new_workbook()
    book.active.cell(row=1, column=1, value=text)
    book.active["B1"] = "Cấp Giấy phép bán buôn rượu"
    cell, plain = load_workbook(io.BytesIO(workbook_bytes(book))).active["A1":"B1"][0]
    assert (cell.value, cell.data_type, cell.quotePrefix) == (text, "s", True)
    assert (plain.value, plain.data_type, plain.quotePrefix) == ("Cấp Giấy phép bán buôn rượu", "s", False)


def test_numbers_and_dates_stay_what_they_are():
    book = new_workbook()
    book.active.append([6279, 98.5, -3, dt.date(2021, 1, 5), None])
    row = load_workbook(io.BytesIO(workbook_bytes(book))).active[1]
    assert [cell.value for cell in row[:3]] == [6279, 98.5, -3]
    assert [cell.data_type for cell in row[:4]] == ["n", "n", "n", "d"]


def _writers(tree: ast.AST) -> list[str]:
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module and node.module.split(".")[0] in ("openpyxl", "xlsxwriter"):
            found += [alias.name for alias in node.names if alias.name == "Workbook"]
        elif isinstance(node, ast.Import):
            found += [alias.name for alias in node.names if alias.name.split(".")[0] in ("xlsxwriter", "odf")]
        elif (
            isinstance(node, ast.Attribute)
            and node.attr in ("writer", "DictWriter")
            and isinstance(node.value, ast.Name)
            and node.value.id == "csv"
        ):
            found.append(f"csv.{node.attr}")
    return found


def test_every_spreadsheet_is_written_through_core_officedoc_xlsx():
    """A new export that made its own workbook or CSV would bypass the escaping."""
    offenders = {}
    for path in SOURCE.rglob("*.py"):
        relative = path.relative_to(SOURCE)
        if "tests" in relative.parts or relative == Path("core/officedoc/xlsx.py"):
            continue
        found = _writers(ast.parse(path.read_text(encoding="utf-8")))
        if found:
            offenders[str(relative)] = found
    assert offenders == {}, "write spreadsheets with egov.core.officedoc.xlsx (new_workbook, workbook_bytes)"
