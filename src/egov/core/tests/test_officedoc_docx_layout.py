"""The shared Nghị định 30 layout: every table's grid (what LibreOffice reads) and its cells (what
Word reads) give the same fixed column widths, within the 165 mm between the margins."""

import io

import docx
from docx.oxml.ns import qn
from docx.shared import Cm

from egov.core.officedoc.docx_layout import Header, Layout, Signature, add_table, recipient_lines, render


def _widths(table) -> tuple[list[int], list[list[int]]]:
    grid = [int(col.get(qn("w:w"))) for col in table._tbl.tblGrid.findall(qn("w:gridCol"))]
    cells = [[cell.width.twips for cell in row.cells] for row in table.rows]
    return grid, cells


def test_every_table_has_the_same_fixed_widths_in_its_grid_and_its_cells():
    layout = Layout(
        header=Header(
            parent_agency="UBND TỈNH QUẢNG NGÃI",
            agency="SỞ CÔNG THƯƠNG",
            number_line="Số:      /BC-SCT",
            place="Quảng Ngãi",
            date=None,
        ),
        title="BÁO CÁO",
        paragraphs=["Nội dung."],
        recipients=recipient_lines(["Sở Nội vụ"], "VP"),
        signature=Signature("GIÁM ĐỐC", "", "Nguyễn Văn A"),
    )
    annex = [1.0, 5.0, 3.0, 4.5, 3.0]
    data = render(layout, extra=lambda document: add_table(document, list("TABCD"), [list("12345")], annex))
    header, annex_table, signing = docx.Document(io.BytesIO(data)).tables
    for table, expected_cm in ((header, [6.5, 10.0]), (annex_table, annex), (signing, [7.5, 9.0])):
        expected = [Cm(w).twips for w in expected_cm]
        grid, cells = _widths(table)
        assert grid == expected and all(row == expected for row in cells)
        assert abs(sum(expected) - Cm(16.5).twips) < len(expected)  # whole twips per column
        properties = table._tbl.tblPr
        assert properties.find(qn("w:tblLayout")).get(qn("w:type")) == "fixed"
        assert properties.find(qn("w:tblW")).get(qn("w:w")) == str(sum(expected))
