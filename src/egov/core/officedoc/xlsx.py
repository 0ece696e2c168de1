"""Every spreadsheet the system writes is made and saved here, so that text is never a formula.

Names come from the catalogue, imports and users. openpyxl stores a string beginning with "=" as
a formula, and Excel or LibreOffice re-read a cell beginning with "=", "+", "-", "@", a tab or a
carriage return as one when it is edited (OWASP, "CSV injection"). `workbook_bytes` therefore
walks every cell before saving: text is stored as text (type "s", never "f"), and text beginning
with one of those characters also gets Excel's quote prefix, which keeps it text when the cell is
edited. The text itself is unchanged (no apostrophe is added): "- Cấp lại giấy phép" prints as
typed. Numbers and dates are left alone. The system writes no formulas; none survive here.
"""

from __future__ import annotations

import io

from openpyxl import Workbook

__all__ = ["FORMULA_TRIGGERS", "escape_text_cells", "new_workbook", "workbook_bytes"]

# The first characters that make a spreadsheet read a cell as a formula (OWASP CSV injection).
FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")


def new_workbook() -> Workbook:
    return Workbook()


def escape_text_cells(book: Workbook) -> None:
    """Make every text cell of the book plain text, whatever it begins with."""
    for sheet in book.worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                value = cell.value
                if not isinstance(value, str):
                    continue
                cell.data_type = "s"
                if value.startswith(FORMULA_TRIGGERS):
                    cell.quotePrefix = True


def workbook_bytes(book: Workbook) -> bytes:
    """The .xlsx file of the book, its text cells escaped."""
    escape_text_cells(book)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()
