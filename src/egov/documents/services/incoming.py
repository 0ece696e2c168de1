"""The incoming register: entering a document with its arrival number, then tracking its handling."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext

from egov.core.text import clean_text, nfc
from egov.organisations.models import Agency, Unit, User

from ..citations import normalise_ref
from ..models import Direction, Document, DocumentType, Issuer
from ..numbering import next_number, number_key, series_for
from ..resolution import parse_ref
from .citation_links import citations_resolve_pending, citations_sync
from .register import check_not_duplicate, save_registered, search_text, today


@transaction.atomic
def incoming_register(
    *,
    agency: Agency,
    user: User | None,
    ref: str,
    issuer: Issuer,
    document_type: DocumentType,
    document_date: dt.date,
    summary: str,
    arrived_on: dt.date | None = None,
    handling_unit: Unit | None = None,
    handed_over_on: dt.date | None = None,
    handling_deadline: dt.date | None = None,
    body: str = "",
    notes: str = "",
    receipt: str = "",
) -> Document:
    """Enter an incoming document in the register with the next arrival number of its arrival year."""
    parsed = parse_ref(ref)
    if parsed is None:
        raise ValidationError(
            {
                "ref": gettext("Số, ký hiệu “%(ref)s” không đúng dạng (ví dụ 2121/QĐ-UBND, 20/2013/QĐ-UBND, 05-NQ/TU).")
                % {"ref": ref.strip()}
            },
            code="invalid_ref",
        )
    arrived_on = arrived_on or today()
    errors = {}
    if document_date > arrived_on:
        errors["document_date"] = gettext("Ngày văn bản không thể sau ngày đến.")
    if parsed.year is not None and parsed.year != document_date.year:
        errors["document_date"] = gettext("Năm trong số, ký hiệu (%(year)s) khác năm của ngày văn bản.") % {
            "year": parsed.year
        }
    if handling_unit is not None and handling_unit.agency_id != agency.pk:
        errors["handling_unit"] = gettext("Đơn vị xử lý không thuộc cơ quan.")
    if handed_over_on is not None and handed_over_on < arrived_on:
        errors["handed_over_on"] = gettext("Ngày chuyển không thể trước ngày đến.")
    if not clean_text(summary):
        errors["summary"] = gettext("Vui lòng nhập trích yếu nội dung.")
    if errors:
        raise ValidationError(errors)
    year = document_date.year
    check_not_duplicate(
        agency=agency, number=parsed.number, symbol=parsed.symbol, issuer=issuer, year=year, ref=parsed.ref
    )
    series = series_for(agency=agency, direction=Direction.INCOMING, document_type=None)
    document = Document(
        agency=agency,
        direction=Direction.INCOMING,
        status=Document.Status.REGISTERED,
        number=parsed.number,
        number_key=number_key(parsed.number),
        number_year=parsed.year,
        symbol=parsed.symbol,
        ref=parsed.ref,
        year=year,
        document_date=document_date,
        document_type=document_type,
        issuer=issuer,
        summary=clean_text(summary),
        body=nfc(body),
        notes=nfc(notes),
        receipt=clean_text(receipt),
        arrived_on=arrived_on,
        arrival_year=arrived_on.year,
        arrival_number=next_number(series=series, year=arrived_on.year),
        numbering_series=series,
        handling_unit=handling_unit,
        handed_over_on=handed_over_on,
        handling_deadline=handling_deadline,
        handling_status=Document.Handling.NOT_STARTED,
        created_by=user,
    )
    document.search_text = search_text(document)
    save_registered(document)
    citations_sync(document=document)
    citations_resolve_pending(document=document)
    return document


@transaction.atomic
def incoming_update_handling(
    *,
    document: Document,
    handling_status: str,
    handling_note: str = "",
    handling_deadline: dt.date | None = None,
    handling_unit: Unit | None = None,
    handed_over_on: dt.date | None = None,
    reply_ref: str = "",
) -> Document:
    """The incoming-handling tracker: progress, deadline, who handles it, the reply's number."""
    document = Document.objects.select_for_update().get(pk=document.pk)
    if document.direction != Direction.INCOMING:
        raise ValidationError(gettext("Chỉ văn bản đến mới có theo dõi giải quyết."))
    if handling_status not in Document.Handling.values:
        raise ValidationError({"handling_status": gettext("Tiến độ giải quyết không hợp lệ.")})
    if handling_unit is not None and handling_unit.agency_id != document.agency_id:
        raise ValidationError({"handling_unit": gettext("Đơn vị xử lý không thuộc cơ quan.")})
    reply_ref = reply_ref.strip()
    if reply_ref and parse_ref(reply_ref) is None:
        raise ValidationError(
            {"reply_ref": gettext("Số, ký hiệu văn bản trả lời “%(ref)s” không đúng dạng.") % {"ref": reply_ref}}
        )
    document.handling_status = handling_status
    document.handling_note = nfc(handling_note)
    document.handling_deadline = handling_deadline
    if handling_unit is not None:
        document.handling_unit = handling_unit
    if handed_over_on is not None:
        document.handed_over_on = handed_over_on
    document.reply_ref = normalise_ref(reply_ref) if reply_ref else ""
    document.save()
    return document
