"""The Office's periodic follow-up report of a directive's tasks (.docx, NĐ 30 layout)."""

from __future__ import annotations

import datetime as dt

from django.utils import translation

from egov.core.formats import vn_date_short
from egov.core.officedoc.docx_layout import (
    DOCUMENT_LANGUAGE,
    Header,
    Layout,
    Signature,
    add_table,
    recipient_lines,
    render,
)
from egov.documents.service import Direction, Document, Issuer, agency_line, parent_agency_line, summary_subject

from .report_sections import FOLLOWUP
from .selectors import document_progress_summary


def followup_report_docx(*, document: Document, as_of: dt.date, **options) -> bytes:
    """The follow-up report of `document` as .docx (see _followup_report_docx), in Vietnamese
    whatever the UI language."""
    with translation.override(DOCUMENT_LANGUAGE):
        return _followup_report_docx(document=document, as_of=as_of, **options)


def _followup_report_docx(
    *,
    document: Document,
    as_of: dt.date,
    signer_title: str,
    signer_name: str,
    signing_authority: str = "",
    signer_deputy_title: str = "",
    recipients: list[str] | None = None,
    archive_unit: str = "VP",
) -> bytes:
    """A BÁO CÁO on the progress of every task of `document` up to `as_of`, unnumbered (the clerk
    numbers it when it is issued)."""
    summary = document_progress_summary(document=document, as_of=as_of)
    own = Issuer.objects.filter(agency=document.agency).first()
    symbol = f"BC-{own.symbol}" if own else "BC"
    type_name = document.document_type.name.split(" (")[0]
    cited = f"{type_name} số {document.ref}"
    if document.document_date:
        cited += f" ngày {vn_date_short(document.document_date)}"
    if document.direction == Direction.INCOMING:
        cited += f" của {document.issuer.name}"
    part = FOLLOWUP.part(summary)
    paragraphs = [
        f"Thực hiện {cited} về {summary_subject(document.summary)}; kết quả thực hiện các nhiệm vụ "
        f"tính đến ngày {vn_date_short(as_of)} như sau:",
        *part.paragraphs,
        part.table.reference,
    ]
    layout = Layout(
        header=Header(
            parent_agency=parent_agency_line(document),
            agency=agency_line(document),
            number_line=f"Số:        /{symbol}",
            place=document.agency.place_name or document.agency.province.name,
            date=as_of,
        ),
        title="BÁO CÁO",
        summary=f"Kết quả thực hiện {cited}",
        paragraphs=paragraphs,
        recipients=recipient_lines(recipients or [], archive_unit),
        signature=Signature(
            authority_line=f"{signing_authority} {signer_title}".strip(),
            title_line=signer_deputy_title,
            name=signer_name,
        ),
    )
    table = part.table
    return render(
        layout, extra=lambda docx_document: add_table(docx_document, table.header, table.rows, table.widths_cm)
    )
