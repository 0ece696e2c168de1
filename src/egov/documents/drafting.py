"""Outgoing documents rendered as .docx in the Nghị định 30/2020 layout, from register metadata.

A draft shows "Số:      /SCT-VP" and a blank date; the issued version carries the number and
date given by `services.outgoing_issue`. The layout itself lives in core/officedoc/docx_layout.py.
"""

from __future__ import annotations

import re

from django.utils import translation

from egov.core.officedoc.docx_layout import DOCUMENT_LANGUAGE, Header, Layout, Signature, recipient_lines, render
from egov.core.text import nfc

from .models import Document


def parent_agency_line(document: Document) -> str:
    """Cơ quan chủ quản: the agencies using this system are departments of a provincial People's Committee."""
    return f"UBND TỈNH {document.agency.province.name.upper()}"


def agency_line(document: Document) -> str:
    name = document.agency.name
    # "Sở Công Thương tỉnh Quảng Ngãi" is written "SỞ CÔNG THƯƠNG" under its parent's line.
    for suffix in (f" tỉnh {document.agency.province.name}", f" {document.agency.province.name}"):
        if name.endswith(suffix):
            name = name[: -len(suffix)]
            break
    return name.upper()


def number_line(document: Document) -> str:
    if document.ref:
        return f"Số: {document.ref}"
    return f"Số:        /{document.symbol}"


def signature_of(document: Document) -> Signature:
    authority = document.signing_authority
    if authority:
        return Signature(
            authority_line=f"{authority} {document.signer_title}",
            title_line=document.signer_deputy_title,
            name=document.signer_name,
        )
    return Signature(authority_line=document.signer_title, title_line="", name=document.signer_name)


def body_paragraphs(text: str) -> list[str]:
    return [line.strip() for line in text.splitlines() if line.strip()]


def render_outgoing_docx(document: Document) -> bytes:
    """The .docx of an outgoing document, in Vietnamese whatever the UI language."""
    with translation.override(DOCUMENT_LANGUAGE):
        return _outgoing_docx(document)


def _outgoing_docx(document: Document) -> bytes:
    document_type = document.document_type
    is_cong_van = document_type.is_cong_van
    summary = document.summary
    if is_cong_van:
        summary = cong_van_summary(summary)
    header = Header(
        parent_agency=parent_agency_line(document),
        agency=agency_line(document),
        number_line=number_line(document),
        place=document.agency.place_name or document.agency.province.name,
        date=document.document_date,
        cong_van_summary=summary if is_cong_van else "",
    )
    unit = document.drafting_unit.short_name if document.drafting_unit else ""
    layout = Layout(
        header=header,
        title="" if is_cong_van else _type_title(document_type.name),
        summary="" if is_cong_van else summary,
        addressees=document.addressees,
        paragraphs=body_paragraphs(document.body),
        recipients=recipient_lines(document.recipients.splitlines(), unit),
        signature=signature_of(document),
    )
    return render(layout)


# "V/v", "Về việc", "Về" at the head of a summary: the words that introduce its subject.
_SUBJECT_LEAD = re.compile(r"(?:v/v|về\s+việc|về)(?:\s+|$)", flags=re.IGNORECASE)


def summary_subject(summary: str) -> str:
    """What a summary is about, without its lead words and in lower case, for a sentence or line
    that says "về" / "V/v" itself: "Về việc triển khai ..." and "Về triển khai ..." -> "triển khai ..."."""
    subject = nfc(summary).strip().rstrip(".")
    match = _SUBJECT_LEAD.match(subject)
    if match:
        subject = subject[match.end() :].lstrip()
    return subject[:1].lower() + subject[1:]


def cong_van_summary(summary: str) -> str:
    """The "V/v ..." line of a công văn, whether the summary was typed "Về việc ...", "V/v ..." or bare."""
    subject = summary_subject(summary)
    return f"V/v {subject}" if subject else subject


def _type_title(name: str) -> str:
    """The title printed for a type: the name without the register's qualifier, in capitals."""
    return name.split(" (")[0].upper()
