"""The outgoing register: draft, then issue (the number is given at issue, never at drafting), then dispatch."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext

from egov.core.text import clean_text, nfc
from egov.organisations.models import Agency, Unit, User
from egov.organisations.roles import Scope

from ..models import Direction, Document, DocumentFile, DocumentType, Issuer, SigningAuthority
from ..numbering import format_number, next_number, number_key, series_for
from .citation_links import citations_resolve_pending, citations_sync
from .files import store_docx
from .register import check_not_duplicate, save_registered, search_text, today


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
    document.search_text = search_text(document)
    document.save()
    store_docx(document=document, kind=DocumentFile.Kind.DRAFT, user=user)
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
    document.search_text = search_text(document)
    document.save()
    old_drafts = list(document.files.filter(kind=DocumentFile.Kind.DRAFT))
    store_docx(document=document, kind=DocumentFile.Kind.DRAFT, user=user)
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
    issued_on = issued_on or today()
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
    document.search_text = search_text(document)
    check_not_duplicate(
        agency=document.agency,
        number=number,
        symbol=document.symbol,
        issuer=document.issuer,
        year=document.year,
        ref=document.ref,
    )
    save_registered(document)
    store_docx(document=document, kind=DocumentFile.Kind.ISSUED, user=user)
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
