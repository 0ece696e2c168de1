"""Writes for the document registers: register incoming, draft and issue outgoing, citations, files.

Every write opens one transaction; numbers come from a locked counter inside it (numbering.py),
so a failed write gives back its number. Messages in ValidationError are shown to staff as is.
"""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext, gettext_noop

from egov.core.text import clean_text, fold, nfc
from egov.organisations.models import Agency, Unit, User
from egov.organisations.roles import Scope

from . import drafting
from .attachments import display_name, validate_document_upload
from .citations import extract_citations, extract_named_laws, normalise_ref
from .models import (
    LAW_BY_NAME,
    Citation,
    CitationRelation,
    Direction,
    Document,
    DocumentFile,
    DocumentType,
    Issuer,
    SigningAuthority,
)
from .numbering import format_number, next_number, number_key, series_for
from .resolution import fits_columns, parse_ref, relation_of, replacements, resolve

# Marked with gettext_noop and translated where it is raised, in the language of the request.
DUPLICATE_MESSAGE = gettext_noop("Văn bản số {ref} của {issuer} năm {year} đã có trong sổ ({where}).")


def _today() -> dt.date:
    return timezone.localdate()


def _search_text(document: Document) -> str:
    parts = [
        document.ref,
        document.document_type.name,
        document.issuer.name,
        document.issuer.symbol,
        document.summary,
        document.notes,
        document.body,
    ]
    return fold(" ".join(part for part in parts if part))


def _where(document: Document) -> str:
    if document.direction == Direction.INCOMING:
        return gettext("sổ văn bản đến, số đến %(number)s/%(year)s") % {
            "number": document.arrival_number,
            "year": document.arrival_year,
        }
    return gettext("sổ văn bản đi")


def _check_not_duplicate(*, agency: Agency, number: str, symbol: str, issuer: Issuer, year: int, ref: str) -> None:
    existing = (
        Document.objects.filter(agency=agency, number_key=number_key(number), symbol=symbol, issuer=issuer, year=year)
        .exclude(number_key="")
        .first()
    )
    if existing is not None:
        raise ValidationError(
            {"ref": gettext(DUPLICATE_MESSAGE).format(ref=ref, issuer=issuer.name, year=year, where=_where(existing))},
            code="duplicate",
        )


def _save_registered(document: Document) -> None:
    """Save a numbered document; a concurrent duplicate that passed the friendly check still fails clearly."""
    try:
        with transaction.atomic():
            document.save()
    except IntegrityError as exc:
        # PostgreSQL names the constraint; SQLite lists its columns.
        if "document_unique_ref_issuer_year" in str(exc) or "number_key" in str(exc):
            raise ValidationError(
                {
                    "ref": gettext(DUPLICATE_MESSAGE).format(
                        ref=document.ref,
                        issuer=document.issuer.name,
                        year=document.year,
                        where=gettext("vừa được vào sổ"),
                    )
                },
                code="duplicate",
            ) from exc
        raise


# --------------------------------------------------------------------------------------------
# Incoming register
# --------------------------------------------------------------------------------------------


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
    arrived_on = arrived_on or _today()
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
    _check_not_duplicate(
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
    document.search_text = _search_text(document)
    _save_registered(document)
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


# --------------------------------------------------------------------------------------------
# Outgoing register: draft, then issue (the number is given at issue, never at drafting)
# --------------------------------------------------------------------------------------------


def _own_issuer(agency: Agency) -> Issuer:
    issuer = Issuer.objects.filter(agency=agency).first()
    if issuer is None:
        raise ValidationError(
            gettext(
                "Cơ quan “%(agency)s” chưa được khai báo là cơ quan ban hành (ký hiệu dùng trong số văn bản). "
                "Quản trị hệ thống cần khai báo trong mục Cơ quan ban hành."
            )
            % {"agency": agency.name}
        )
    return issuer


def _outgoing_symbol(*, document_type: DocumentType, issuer: Issuer, drafting_unit: Unit | None) -> str:
    """QĐ-SCT for a typed document; SCT-VP for a công văn (issuer then drafting unit)."""
    if document_type.abbreviation:
        return f"{document_type.abbreviation}-{issuer.symbol}"
    if drafting_unit is None:
        raise ValidationError(
            {"drafting_unit": gettext("Công văn cần đơn vị soạn thảo để ghi ký hiệu (ví dụ SCT-VP).")}
        )
    return f"{issuer.symbol}-{drafting_unit.short_name}"


def _validate_signing(*, signing_authority: str, signer_title: str, signer_deputy_title: str, signer_name: str):
    errors = {}
    if signing_authority not in SigningAuthority.values:
        errors["signing_authority"] = gettext("Thẩm quyền ký không hợp lệ.")
    if not clean_text(signer_title):
        errors["signer_title"] = gettext("Vui lòng nhập chức vụ người ký (ví dụ GIÁM ĐỐC).")
    if not clean_text(signer_name):
        errors["signer_name"] = gettext("Vui lòng nhập họ tên người ký.")
    if signing_authority in {
        SigningAuthority.KT,
        SigningAuthority.TM,
        SigningAuthority.TL,
        SigningAuthority.TUQ,
    } and not clean_text(signer_deputy_title):
        errors["signer_deputy_title"] = gettext(
            "Ký thay, thay mặt, thừa lệnh, thừa ủy quyền cần ghi chức vụ của người trực tiếp ký."
        )
    if errors:
        raise ValidationError(errors)


def _check_drafting_scope(*, user: User | None, drafting_unit: Unit | None) -> None:
    """A unit-scoped drafter (specialist, unit head) drafts for their own unit only, so the
    draft stays within what they may see (selectors.documents_visible)."""
    if user is None or user.is_superuser or user.scope == Scope.AGENCY:
        return
    if drafting_unit is None or drafting_unit.pk != user.unit_id:
        raise ValidationError({"drafting_unit": "Bạn chỉ soạn dự thảo cho phòng, đơn vị của mình."})


def _draft_values(
    *,
    agency: Agency,
    document_type: DocumentType,
    summary: str,
    body: str,
    drafting_unit: Unit | None,
    signer_title: str,
    signer_name: str,
    signing_authority: str,
    signer_deputy_title: str,
    addressees: str,
    recipients: str,
    file_copy_holder: str,
    copies: int | None,
    notes: str,
) -> dict:
    """Checked and normalised column values of a draft (shared by create and update)."""
    issuer = _own_issuer(agency)
    if drafting_unit is not None and drafting_unit.agency_id != agency.pk:
        raise ValidationError({"drafting_unit": gettext("Đơn vị soạn thảo không thuộc cơ quan.")})
    if not clean_text(summary):
        raise ValidationError({"summary": gettext("Vui lòng nhập trích yếu nội dung.")})
    if not nfc(body).strip():
        raise ValidationError({"body": gettext("Vui lòng nhập nội dung văn bản.")})
    _validate_signing(
        signing_authority=signing_authority,
        signer_title=signer_title,
        signer_deputy_title=signer_deputy_title,
        signer_name=signer_name,
    )
    return {
        "issuer": issuer,
        "symbol": _outgoing_symbol(document_type=document_type, issuer=issuer, drafting_unit=drafting_unit),
        "document_type": document_type,
        "summary": clean_text(summary),
        "body": nfc(body).strip(),
        "drafting_unit": drafting_unit,
        "signing_authority": signing_authority,
        "signer_title": clean_text(signer_title),
        "signer_deputy_title": clean_text(signer_deputy_title),
        "signer_name": clean_text(signer_name),
        "addressees": clean_text(addressees),
        "recipients": nfc(recipients).strip(),
        "file_copy_holder": clean_text(file_copy_holder),
        "copies": copies,
        "notes": nfc(notes),
    }


@transaction.atomic
def outgoing_draft_create(
    *,
    agency: Agency,
    user: User | None,
    document_type: DocumentType,
    summary: str,
    body: str,
    drafting_unit: Unit | None,
    signer_title: str,
    signer_name: str,
    signing_authority: str = "",
    signer_deputy_title: str = "",
    addressees: str = "",
    recipients: str = "",
    file_copy_holder: str = "",
    copies: int | None = None,
    notes: str = "",
) -> Document:
    """A draft outgoing document (no number yet), with its .docx in the NĐ 30 layout."""
    _check_drafting_scope(user=user, drafting_unit=drafting_unit)
    values = _draft_values(
        agency=agency,
        document_type=document_type,
        summary=summary,
        body=body,
        drafting_unit=drafting_unit,
        signer_title=signer_title,
        signer_name=signer_name,
        signing_authority=signing_authority,
        signer_deputy_title=signer_deputy_title,
        addressees=addressees,
        recipients=recipients,
        file_copy_holder=file_copy_holder,
        copies=copies,
        notes=notes,
    )
    document = Document(
        agency=agency, direction=Direction.OUTGOING, status=Document.Status.DRAFT, created_by=user, **values
    )
    document.search_text = _search_text(document)
    document.save()
    _store_docx(document=document, kind=DocumentFile.Kind.DRAFT, user=user)
    citations_sync(document=document)
    return document


@transaction.atomic
def outgoing_draft_update(
    *,
    document: Document,
    user: User | None,
    document_type: DocumentType,
    summary: str,
    body: str,
    drafting_unit: Unit | None,
    signer_title: str,
    signer_name: str,
    signing_authority: str = "",
    signer_deputy_title: str = "",
    addressees: str = "",
    recipients: str = "",
    file_copy_holder: str = "",
    copies: int | None = None,
    notes: str = "",
) -> Document:
    """Revise a draft: new values, a new draft .docx in place of the old one, citations re-read."""
    document = Document.objects.select_for_update().get(pk=document.pk)
    if document.direction != Direction.OUTGOING or document.status != Document.Status.DRAFT:
        raise ValidationError(gettext("Văn bản đã cấp số, không sửa dự thảo được nữa."))
    _check_drafting_scope(user=user, drafting_unit=drafting_unit)
    values = _draft_values(
        agency=document.agency,
        document_type=document_type,
        summary=summary,
        body=body,
        drafting_unit=drafting_unit,
        signer_title=signer_title,
        signer_name=signer_name,
        signing_authority=signing_authority,
        signer_deputy_title=signer_deputy_title,
        addressees=addressees,
        recipients=recipients,
        file_copy_holder=file_copy_holder,
        copies=copies,
        notes=notes,
    )
    for name, value in values.items():
        setattr(document, name, value)
    document.search_text = _search_text(document)
    document.save()
    old_drafts = list(document.files.filter(kind=DocumentFile.Kind.DRAFT))
    _store_docx(document=document, kind=DocumentFile.Kind.DRAFT, user=user)
    for old in old_drafts:
        name, storage = old.file.name, old.file.storage
        old.delete()
        # The old file goes only once the new version is committed.
        transaction.on_commit(lambda name=name, storage=storage: storage.delete(name))
    citations_sync(document=document)
    return document


@transaction.atomic
def outgoing_issue(*, document: Document, user: User | None, issued_on: dt.date | None = None) -> Document:
    """Give a draft its number and date, enter it in the outgoing register, render the issued .docx."""
    document = Document.objects.select_for_update().select_related("document_type", "issuer").get(pk=document.pk)
    if document.direction != Direction.OUTGOING or document.status != Document.Status.DRAFT:
        raise ValidationError(gettext("Chỉ dự thảo văn bản đi mới được cấp số."))
    issued_on = issued_on or _today()
    series = series_for(agency=document.agency, direction=Direction.OUTGOING, document_type=document.document_type)
    number = format_number(next_number(series=series, year=issued_on.year))
    number_year = issued_on.year if document.document_type.is_normative else None
    document.number = number
    document.number_key = number_key(number)
    document.number_year = number_year
    document.ref = f"{number}/{number_year}/{document.symbol}" if number_year else f"{number}/{document.symbol}"
    document.year = issued_on.year
    document.document_date = issued_on
    document.numbering_series = series
    document.status = Document.Status.REGISTERED
    document.search_text = _search_text(document)
    _check_not_duplicate(
        agency=document.agency,
        number=number,
        symbol=document.symbol,
        issuer=document.issuer,
        year=document.year,
        ref=document.ref,
    )
    _save_registered(document)
    _store_docx(document=document, kind=DocumentFile.Kind.ISSUED, user=user)
    citations_sync(document=document)
    citations_resolve_pending(document=document)
    return document


@transaction.atomic
def outgoing_record_dispatch(
    *, document: Document, dispatched_on: dt.date, receipt: str = "", copies: int | None = None, notes: str = ""
) -> Document:
    document = Document.objects.select_for_update().get(pk=document.pk)
    if document.direction != Direction.OUTGOING or document.status != Document.Status.REGISTERED:
        raise ValidationError(gettext("Chỉ văn bản đi đã cấp số mới được ghi ngày chuyển."))
    if document.document_date and dispatched_on < document.document_date:
        raise ValidationError({"dispatched_on": gettext("Ngày chuyển không thể trước ngày văn bản.")})
    document.dispatched_on = dispatched_on
    document.receipt = clean_text(receipt)
    if copies is not None:
        document.copies = copies
    if notes:
        document.notes = nfc(notes)
    document.save()
    return document


def _store_docx(*, document: Document, kind: str, user: User | None) -> DocumentFile:
    content = drafting.render_outgoing_docx(document)
    label = document.ref.replace("/", "_") if document.ref else f"du-thao-{document.pk}"
    name = f"{label}.docx"
    attachment = DocumentFile(
        document=document,
        kind=kind,
        original_name=name,
        content_type="application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        size=len(content),
        uploaded_by=user,
    )
    # Written before the row: a rolled-back issue leaves an unreferenced file, never a row without its file.
    attachment.file.save(name, ContentFile(content), save=False)
    attachment.save()
    return attachment


@transaction.atomic
def document_attach_file(*, document: Document, uploaded, user: User | None, kind: str = "original") -> DocumentFile:
    """Attach a PDF/DOCX/DOC to a document after checking its content."""
    if kind not in DocumentFile.Kind.values:
        raise ValidationError({"kind": gettext("Loại tệp không hợp lệ.")})
    content_type = validate_document_upload(uploaded)
    name = display_name(getattr(uploaded, "name", "") or "tep")
    attachment = DocumentFile(
        document=document,
        kind=kind,
        original_name=name,
        content_type=content_type,
        size=uploaded.size,
        uploaded_by=user,
    )
    attachment.file.save(name, uploaded, save=False)
    attachment.save()
    return attachment


# --------------------------------------------------------------------------------------------
# Citations: extract from a document's text, resolve, and re-resolve when a document is registered
# --------------------------------------------------------------------------------------------


def citations_sync(*, document: Document) -> list[Citation]:
    """Replace the document's citations with those found in its text now, each resolved if possible."""
    document.citations_out.all().delete()
    text = nfc(document.body)
    rows = []
    mentions = [
        parsed
        for parsed in extract_citations(text)
        # a document quoting its own number is not a citation
        if not (document.ref and parsed.ref == document.ref) and fits_columns(parsed)
    ]
    links = replacements(text, [parsed.start for parsed in mentions])
    for index, parsed in enumerate(mentions):
        target = resolve(
            agency_id=document.agency_id,
            number=parsed.number,
            symbol=parsed.symbol,
            year=parsed.year,
            date=parsed.date,
            issuer=parsed.issuer,
            citing=document,
        )
        rows.append(
            Citation(
                citing=document,
                ref=parsed.ref,
                type_word=parsed.type_word or "",
                number=parsed.number,
                number_key=number_key(parsed.number),
                year=parsed.year,
                symbol=parsed.symbol,
                issuer=parsed.issuer or "",
                kind=parsed.kind,
                date=parsed.date,
                start=parsed.start,
                end=parsed.end,
                relation=CitationRelation.REPLACES if index in links else _cites_or_implements(text, parsed.start),
                target=target,
                resolved_at=timezone.now() if target else None,
            )
        )
    # Laws named without a number: mentions to show and follow, never resolved by number.
    rows += [
        Citation(
            citing=document,
            ref=law.name[:255],
            type_word=law.name.split()[0] if law.name.startswith("Luật") else "Bộ luật",
            number="",
            number_key="",
            year=law.year,
            symbol="",
            kind=LAW_BY_NAME,
            start=law.start,
            end=law.end,
            relation=_cites_or_implements(text, law.start),
        )
        for law in extract_named_laws(text)
    ]
    created = Citation.objects.bulk_create(rows)
    linked = []
    for replaced, replacer in links.items():
        if replacer is not None:
            created[replaced].replacer = created[replacer]
            linked.append(created[replaced])
    if linked:
        Citation.objects.bulk_update(linked, ["replacer"])
    return created


def _cites_or_implements(text: str, start: int) -> str:
    """A mention not replaced: implemented ("Thực hiện Kế hoạch số ...") or cited."""
    relation = relation_of(text, start)
    return CitationRelation.IMPLEMENTS if relation == CitationRelation.IMPLEMENTS else CitationRelation.CITES


def citations_resolve_pending(*, document: Document) -> int:
    """Link unresolved citations that point at a newly registered document; returns how many."""
    if document.status != Document.Status.REGISTERED or not document.number_key:
        return 0
    pending = Citation.objects.filter(
        citing__agency_id=document.agency_id,
        target__isnull=True,
        number_key=document.number_key,
        symbol=document.symbol,
    ).select_related("citing")
    linked = 0
    now = timezone.now()
    for citation in pending:
        target = resolve(
            agency_id=document.agency_id,
            number=citation.number,
            symbol=citation.symbol,
            year=citation.year,
            date=citation.date,
            issuer=citation.issuer or None,
            citing=citation.citing,
        )
        if target is not None:
            citation.target = target
            citation.resolved_at = now
            citation.save(update_fields=["target", "resolved_at"])
            linked += 1
    return linked
