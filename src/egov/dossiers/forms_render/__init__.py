"""The one-stop forms as HTML and PDF, in the set of the dossier's date (form_sets.py): Thông tư
01/2018/TT-VPCP (01–06) for dossiers received before the switch, Thông tư 03/2025/TT-VPCP (01–07)
after it (law-2026.md §6.2).

One Django template per kind of form renders the HTML; core.officedoc.pdf turns the same HTML into
PDF with the fonts the project ships, so what staff preview is what prints. Pages are A5 portrait
for a dossier's forms and A4 landscape for the register.

One module per part: `dossier_forms` (when each form exists and what it says), `register` (Form
06), `rendering` (HTML and PDF); `formatting` holds how they write. Callers import from this
package.
"""

from .dossier_forms import (
    CONTEXTS,
    ISSUED,
    DocumentLine,
    HandOver,
    hand_overs,
    issued_forms,
    received_documents,
    step_timeliness,
)
from .formatting import FORMS_LANGUAGE, FormNotApplicable, qr_data_uri, vn_date, vn_datetime
from .register import RegisterLine, register_lines, register_number
from .rendering import pdf_filename, render_form_html, render_form_pdf, render_register_html, render_register_pdf

__all__ = [
    "CONTEXTS",
    "FORMS_LANGUAGE",
    "ISSUED",
    "DocumentLine",
    "FormNotApplicable",
    "HandOver",
    "RegisterLine",
    "hand_overs",
    "issued_forms",
    "pdf_filename",
    "qr_data_uri",
    "received_documents",
    "register_lines",
    "register_number",
    "render_form_html",
    "render_form_pdf",
    "render_register_html",
    "render_register_pdf",
    "step_timeliness",
    "vn_date",
    "vn_datetime",
]
