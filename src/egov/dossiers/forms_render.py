"""The one-stop forms as HTML and PDF, in the set of the dossier's date (form_sets.py): Thông tư
01/2018/TT-VPCP (01–06) for dossiers received before the switch, Thông tư 03/2025/TT-VPCP (01–07)
after it (law-2026.md §6.2).

One Django template per kind of form renders the HTML; core.officedoc.pdf turns the same HTML into
PDF with the fonts the project ships, so what staff preview is what prints. Pages are A5 portrait
for a dossier's forms and A4 landscape for the register.
"""

from __future__ import annotations

import base64
import datetime as dt
import io
from dataclasses import dataclass
from typing import Any

import qrcode
from django.db.models import F, Q
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _

from egov.core.formats import local_date, vn_count, vn_date_long, vn_date_short, vn_number
from egov.core.officedoc.pdf import font_urls, html_to_pdf
from egov.organisations.models import Agency
from egov.workdays.calendar import LimitUnit

from . import form_sets
from .fees import fees_due
from .form_sets import FormSet, FormSpec, dossier_form_set, register_form_set
from .models import Attachment, Dossier, DossierEvent, DossierStep, Status
from .notifications import public_lookup_url, result_delivery_text
from .transitions import WAITING_STATES, Action

LIMIT_UNIT_TEXT = {
    LimitUnit.WORKING_DAYS: "ngày làm việc",
    LimitUnit.CALENDAR_DAYS: "ngày",
    LimitUnit.HOURS: "giờ làm việc",
}
TIMELINESS_LABELS = dict(DossierStep.Timeliness.choices)


class FormNotApplicable(Exception):
    """The dossier has not been through the step this form records (e.g. no apology yet).

    The message is shown on a staff page, so it is translated (lazily, in the UI language)."""


# The forms are legal documents (Thông tư 01/2018/TT-VPCP): they are written in Vietnamese whatever
# the UI language, so everything below renders under translation.override(FORMS_LANGUAGE), including
# the model choice labels (document form, timeliness, return method) that are translated elsewhere.
FORMS_LANGUAGE = "vi"


# --- formatting helpers ------------------------------------------------------------------------


def vn_datetime(value: dt.datetime | None) -> str:
    """'hh:mm, ngày dd/mm/yyyy' in local time, as the forms write it."""
    if value is None:
        return ""
    local = timezone.localtime(value)
    return f"{local:%H:%M}, ngày {local:%d/%m/%Y}"


def vn_date(value: dt.date | dt.datetime | None) -> str:
    if value is None:
        return ""
    if isinstance(value, dt.datetime):
        value = local_date(value)
    return vn_date_short(value)


def qr_data_uri(text: str) -> str:
    """A PNG QR code of `text` as a data URI (no file, no network), medium error correction."""
    code = qrcode.QRCode(error_correction=qrcode.constants.ERROR_CORRECT_M, box_size=8, border=2)
    code.add_data(text)
    code.make(fit=True)
    buffer = io.BytesIO()
    code.make_image(fill_color="black", back_color="white").save(buffer, format="PNG")
    return "data:image/png;base64," + base64.b64encode(buffer.getvalue()).decode("ascii")


def _place_and_date(agency: Agency, day: dt.date) -> str:
    """'Quảng Ngãi, ngày 05 tháng 01 năm 2021' (Nghị định 30/2020)."""
    place = agency.place_name or agency.province.name
    return f"{place}, {vn_date_long(day)}"


# --- the content of each form ------------------------------------------------------------------


def _last_event(dossier: Dossier, *, to_status: tuple[str, ...] = (), action: str = "") -> DossierEvent | None:
    events = dossier.events.select_related("actor").order_by("-at", "-pk")
    if action:
        return events.filter(action=action).first()
    # An event that stays in the same status (a note, an attachment) is not the transition itself.
    return events.filter(to_status__in=to_status).exclude(from_status=F("to_status")).first()


def register_number(dossier: Dossier) -> int | None:
    """The dossier's line in its agency's register (Form 06) for the year of receipt."""
    if dossier.received_at is None:
        return None
    year = local_date(dossier.received_at).year
    start, end = _year_bounds(year)
    earlier = Dossier.objects.filter(agency_id=dossier.agency_id, received_at__gte=start, received_at__lt=end).filter(
        Q(received_at__lt=dossier.received_at) | Q(received_at=dossier.received_at, pk__lt=dossier.pk)
    )
    return earlier.count() + 1


def _year_bounds(year: int) -> tuple[dt.datetime, dt.datetime]:
    tz = timezone.get_current_timezone()
    return dt.datetime(year, 1, 1, tzinfo=tz), dt.datetime(year + 1, 1, 1, tzinfo=tz)


def _time_limit_text(dossier: Dossier) -> str:
    version = dossier.procedure_version
    limit = version.effective_time_limit
    if version.time_limit_unit == LimitUnit.SAME_DAY:
        return "trong ngày"
    if limit is None:
        return version.time_limit_text
    return f"{vn_count(limit)} {LIMIT_UNIT_TEXT.get(version.time_limit_unit, 'ngày')}"


@dataclass(frozen=True)
class DocumentLine:
    name: str
    form: str
    count: int


def received_documents(dossier: Dossier) -> list[DocumentLine]:
    """Documents received with the application.

    Files attached against a required document list that document (once); other files list by
    their name. A paper dossier with no file was checked complete at the desk, so its version's
    mandatory documents are what was received.
    """
    attachments = dossier.attachments.filter(
        kind__in=[Attachment.Kind.APPLICATION, Attachment.Kind.SUPPLEMENT]
    ).select_related("required_document")
    lines: list[DocumentLine] = []
    seen: set[int] = set()
    for attachment in attachments:
        document = attachment.required_document
        if document is None:
            lines.append(DocumentLine(attachment.original_name, "Bản điện tử", 1))
        elif document.pk not in seen:
            seen.add(document.pk)
            lines.append(DocumentLine(document.name, document.get_form_display(), document.count))
    if lines:
        return lines
    return [
        DocumentLine(doc.name, doc.get_form_display(), doc.count)
        for doc in dossier.procedure_version.required_documents.filter(is_mandatory=True)
    ]


def _common(dossier: Dossier, form: FormSpec, form_set: FormSet) -> dict[str, Any]:
    return {
        "form_no": form.number,
        "kind": form.kind,
        "title": form.title,
        "form_set": form_set,
        "dossier": dossier,
        "agency": dossier.agency,
        "procedure_name": dossier.procedure_version.name or dossier.procedure.name,
        "place_and_date": _place_and_date(dossier.agency, timezone.localdate()),
    }


def _context_01(dossier: Dossier, form: FormSpec, form_set: FormSet) -> dict[str, Any]:
    receipt = _last_event(dossier, to_status=(Status.RECEIVED,))
    lookup = public_lookup_url(dossier)
    fee = fees_due(dossier)
    return {
        **_common(dossier, form, form_set),
        "place_and_date": _place_and_date(dossier.agency, local_date(dossier.received_at)),
        "documents": received_documents(dossier),
        "sets_count": vn_count(dossier.sets_count),
        "time_limit": _time_limit_text(dossier),
        "received_at": vn_datetime(dossier.received_at),
        "due_date": vn_date(dossier.due_date),
        "return_place": result_delivery_text(dossier) or dossier.get_return_method_display() or "Tại Bộ phận Một cửa",
        "fee": f"{vn_number(fee)} đồng" if fee else "",
        "fee_pending": fee is None,
        "applicant_identifier": dossier.applicant_id_number or dossier.applicant_tax_code,
        "register_book": local_date(dossier.received_at).year,
        "register_number": register_number(dossier),
        "receiver": (receipt.actor if receipt and receipt.actor else None),
        "lookup_url": lookup,
        "qr_data_uri": qr_data_uri(lookup),
    }


def _supplement_event(dossier: Dossier) -> DossierEvent | None:
    return _last_event(dossier, to_status=(Status.INTAKE_SUPPLEMENT, Status.PAUSED))


def _context_02(dossier: Dossier, form: FormSpec, form_set: FormSet) -> dict[str, Any]:
    event = _supplement_event(dossier)
    items = event.data.get("items") or [line.strip(" -•\t") for line in event.note.splitlines() if line.strip()]
    pause = dossier.pauses.order_by("-requested_at").first() if event.to_status == Status.PAUSED else None
    return {
        **_common(dossier, form, form_set),
        "place_and_date": _place_and_date(dossier.agency, local_date(event.at)),
        "items": [str(item) for item in items] or ([pause.reason] if pause else []),
        "reason": str(event.data.get("reason", "")),
        "requested_at": vn_datetime(event.at),
        "officer": event.actor,
    }


def _refusal_event(dossier: Dossier) -> DossierEvent | None:
    return _last_event(dossier, to_status=(Status.INTAKE_REFUSED, Status.REFUSED))


def _context_03(dossier: Dossier, form: FormSpec, form_set: FormSet) -> dict[str, Any]:
    event = _refusal_event(dossier)
    return {
        **_common(dossier, form, form_set),
        "place_and_date": _place_and_date(dossier.agency, local_date(event.at)),
        "at_intake": event.to_status == Status.INTAKE_REFUSED,
        "reason": event.data.get("reason") or event.note,
        "officer": event.actor,
    }


def _context_04(dossier: Dossier, form: FormSpec, form_set: FormSet) -> dict[str, Any]:
    event = _last_event(dossier, action=Action.APOLOGISE)
    new_date = dossier.apology_due_date
    data = event.data if event else {}
    return {
        **_common(dossier, form, form_set),
        "place_and_date": _place_and_date(dossier.agency, local_date(event.at) if event else timezone.localdate()),
        "received_date": vn_date(dossier.received_at),
        "original_due": vn_date(dossier.due_date),
        "reason": data.get("reason") or (event.note if event else ""),
        "new_due": vn_date(new_date) if new_date else str(data.get("new_due_date", "")),
    }


@dataclass(frozen=True)
class HandOver:
    order: int
    giver: str
    receiver: str
    handed_at: str
    due_at: str
    finished_at: str
    timeliness: str
    timeliness_code: str
    note: str


def step_timeliness(step: DossierStep) -> str:
    """The stored result, else early / on time / late by the day finished against the day due
    (the same day-level rule as the statistics, domain.md §2.5); '' while unfinished."""
    if step.timeliness:
        return step.timeliness
    if step.finished_at is None or step.due_at is None:
        return ""
    finished, due = local_date(step.finished_at), local_date(step.due_at)
    if finished < due:
        return DossierStep.Timeliness.EARLY
    return DossierStep.Timeliness.ON_TIME if finished == due else DossierStep.Timeliness.LATE


def _performer(step: DossierStep) -> str:
    parts = [str(step.assignee)] if step.assignee_id else []
    if step.unit_id:
        parts.append(step.unit.name)
    return " – ".join(parts) or step.name


def hand_overs(dossier: Dossier) -> list[HandOver]:
    steps = list(dossier.steps.select_related("unit", "assignee").order_by("order", "started_at", "pk"))
    rows = []
    giver = "Bộ phận tiếp nhận và trả kết quả"
    for step in steps:
        code = step_timeliness(step)
        rows.append(
            HandOver(
                order=step.order,
                giver=giver,
                receiver=f"{step.name}: {_performer(step)}",
                handed_at=vn_datetime(step.started_at),
                due_at=vn_datetime(step.due_at),
                finished_at=vn_datetime(step.finished_at),
                timeliness=str(TIMELINESS_LABELS.get(code, "Đang xử lý")),
                timeliness_code=code or "pending",
                note=step.note,
            )
        )
        giver = _performer(step)
    return rows


def _context_05(dossier: Dossier, form: FormSpec, form_set: FormSet) -> dict[str, Any]:
    rows = hand_overs(dossier)
    lead = dossier.unit
    steps = dossier.steps.select_related("unit")
    coordinating = sorted({step.unit.name for step in steps if step.unit_id and step.unit_id != dossier.unit_id})
    return {
        **_common(dossier, form, form_set),
        "lead_unit": lead.name if lead else dossier.agency.name,
        "coordinating_units": coordinating,
        "rows": rows,
        "received_at": vn_datetime(dossier.received_at),
        "due_date": vn_date(dossier.due_date),
        "apology_due_date": vn_date(dossier.apology_due_date),
    }


def _context_stop_notice(dossier: Dossier, form: FormSpec, form_set: FormSet) -> dict[str, Any]:
    """TT 03/2025 Form 05: the applicant asked to stop (NĐ 118/2025 Art. 21, law-2026.md §6.1 [S]) and
    no decision had been issued: here, a received dossier the applicant withdrew."""
    event = _last_event(dossier, action=Action.WITHDRAW)
    return {
        **_common(dossier, form, form_set),
        "place_and_date": _place_and_date(dossier.agency, local_date(event.at)),
        "received_date": vn_date(dossier.received_at),
        "requested_at": vn_datetime(event.at),
        "reason": event.note,
        "officer": event.actor if event.actor_id and event.actor_id != dossier.owner_id else None,
    }


CONTEXTS = {
    form_sets.RECEIPT: _context_01,
    form_sets.SUPPLEMENT: _context_02,
    form_sets.REFUSAL: _context_03,
    form_sets.APOLOGY: _context_04,
    form_sets.CONTROL_SLIP: _context_05,
    form_sets.STOP_NOTICE: _context_stop_notice,
}


# When each form exists for a dossier, and what is said when it does not: one rule per form, read
# before printing it and when listing a dossier's forms (no context is built for that).
ISSUED = {
    form_sets.RECEIPT: (
        lambda d: d.received_at is not None and bool(d.code),
        _("Hồ sơ chưa được tiếp nhận nên chưa có Giấy tiếp nhận và hẹn trả kết quả."),
    ),
    form_sets.SUPPLEMENT: (
        lambda d: _supplement_event(d) is not None,
        _("Hồ sơ chưa có yêu cầu bổ sung, hoàn thiện."),
    ),
    form_sets.REFUSAL: (
        lambda d: _refusal_event(d) is not None,
        _("Hồ sơ không bị từ chối tiếp nhận hay từ chối giải quyết."),
    ),
    form_sets.APOLOGY: (
        lambda d: d.apology_due_date is not None or _last_event(d, action=Action.APOLOGISE) is not None,
        _("Hồ sơ chưa có phiếu xin lỗi và hẹn lại ngày trả kết quả."),
    ),
    form_sets.CONTROL_SLIP: (
        lambda d: d.received_at is not None,
        _("Hồ sơ chưa được tiếp nhận nên chưa có phiếu kiểm soát."),
    ),
    form_sets.STOP_NOTICE: (
        lambda d: d.received_at is not None and _last_event(d, action=Action.WITHDRAW) is not None,
        _("Hồ sơ không có yêu cầu dừng giải quyết của người nộp sau khi tiếp nhận."),
    ),
}


def _context(form: FormSpec, form_set: FormSet, dossier: Dossier) -> dict[str, Any]:
    issued, not_issued = ISSUED[form.kind]
    if not issued(dossier):
        raise FormNotApplicable(not_issued)
    return CONTEXTS[form.kind](dossier, form, form_set)


def issued_forms(dossier: Dossier, kinds: frozenset[str]) -> list[FormSpec]:
    """The dossier's forms of these kinds that exist for it (the receipt once received, the refusal
    once refused...), in its set's order: exactly those that can be printed."""
    form_set = dossier_form_set(dossier)
    return [form for form in form_set.dossier_forms if form.kind in kinds and ISSUED[form.kind][0](dossier)]


def pdf_filename(form_no: str, dossier: Dossier) -> str:
    name = (dossier.code or f"ho-so-{dossier.pk}").replace('"', "")
    return f"mau-{form_no}-{name}.pdf"


# --- Form 06: the register ---------------------------------------------------------------------


@dataclass(frozen=True)
class RegisterLine:
    number: int
    code: str
    procedure: str
    sets_count: str
    applicant: str
    address_phone: str
    lead: str
    received: str
    due: str
    transferred: str
    result_received: str
    returned: str
    note: str


def register_lines(agency: Agency, year: int) -> list[RegisterLine]:
    """One line per dossier received by the agency in `year` (local time), in order of receipt."""
    start, end = _year_bounds(year)
    dossiers = (
        Dossier.objects.filter(agency=agency, received_at__gte=start, received_at__lt=end)
        .select_related("procedure_version", "unit")
        .order_by("received_at", "pk")
    )
    first_steps = dict(
        DossierStep.objects.filter(dossier__in=dossiers.values("pk"))
        .order_by("dossier_id", "-started_at")
        .values_list("dossier_id", "started_at")
    )  # ordered descending, so the dict keeps each dossier's earliest hand-over
    lines = []
    for number, dossier in enumerate(dossiers, start=1):
        notes = []
        if dossier.apology_due_date:
            notes.append(f"Hẹn lại {vn_date(dossier.apology_due_date)}")
        if dossier.outcome:
            notes.append(dossier.get_outcome_display())
        elif dossier.status in WAITING_STATES:
            notes.append(dossier.get_status_display())
        lines.append(
            RegisterLine(
                number=number,
                code=dossier.code or "",
                procedure=dossier.procedure_version.name,
                sets_count=vn_count(dossier.sets_count),
                applicant=dossier.applicant_name,
                address_phone="; ".join(filter(None, [dossier.applicant_address, dossier.applicant_phone])),
                lead=dossier.unit.name if dossier.unit_id else "",
                received=vn_datetime(dossier.received_at),
                due=vn_date(dossier.due_date),
                transferred=vn_date(first_steps.get(dossier.pk)),
                result_received=vn_date(dossier.result_date or dossier.finished_at),
                returned=vn_date(dossier.returned_at),
                note="; ".join(str(n) for n in notes),
            )
        )
    return lines


def _register_context(agency: Agency, year: int) -> dict[str, Any]:
    form_set = register_form_set(year)
    form = form_set.by_kind(form_sets.REGISTER)
    return {
        "form_no": form.number,
        "kind": form.kind,
        "form_set": form_set,
        "title": form.title,
        "agency": agency,
        "year": year,
        "lines": register_lines(agency, year),
        "place_and_date": _place_and_date(agency, timezone.localdate()),
    }


# --- rendering ---------------------------------------------------------------------------------


def _render(template: str, context: dict[str, Any], *, for_pdf: bool, request=None) -> str:
    context = {**context, "fonts": font_urls(for_pdf), "for_pdf": for_pdf, "page_size": _page_size(context)}
    return render_to_string(template, context, request=request)


def _page_size(context: dict[str, Any]) -> str:
    return "A4 landscape" if context["kind"] == form_sets.REGISTER else "A5 portrait"


def _form_of(form_no: str, dossier: Dossier) -> tuple[FormSpec, FormSet]:
    """Form `form_no` of the dossier's set; ValueError for a number no set has, FormNotApplicable
    for one its set does not have (07 for a 2021 dossier)."""
    if form_no not in form_sets.ALL_NUMBERS:
        raise ValueError(f"Unknown form {form_no!r}: expected one of {', '.join(form_sets.ALL_NUMBERS)}")
    form_set = dossier_form_set(dossier)
    form = form_set.by_number(form_no)
    if form is None:
        raise FormNotApplicable(
            _("Bộ biểu mẫu %(basis)s áp dụng cho hồ sơ này không có Mẫu số %(number)s.")
            % {"basis": form_set.legal_basis, "number": form_no}
        )
    return form, form_set


def render_form_html(form_no: str, dossier: Dossier, *, request=None) -> str:
    """The HTML of form `form_no` of the dossier's set; the register's number gives the register of
    its agency and year."""
    form, form_set = _form_of(form_no, dossier)
    if form.kind == form_sets.REGISTER:
        return render_register_html(dossier.agency, _register_year(dossier), request=request)
    with translation.override(FORMS_LANGUAGE):
        context = _context(form, form_set, dossier)
        return _render(f"dossiers/forms/{form.kind}.html", context, for_pdf=False, request=request)


def render_form_pdf(form_no: str, dossier: Dossier) -> bytes:
    form, form_set = _form_of(form_no, dossier)
    if form.kind == form_sets.REGISTER:
        return render_register_pdf(dossier.agency, _register_year(dossier))
    with translation.override(FORMS_LANGUAGE):
        html = _render(f"dossiers/forms/{form.kind}.html", _context(form, form_set, dossier), for_pdf=True)
    return html_to_pdf(html)


def _register_year(dossier: Dossier) -> int:
    if dossier.received_at is None:
        raise FormNotApplicable(_("Hồ sơ chưa được tiếp nhận nên chưa vào Sổ theo dõi hồ sơ."))
    return local_date(dossier.received_at).year


def render_register_html(agency: Agency, year: int, *, request=None) -> str:
    with translation.override(FORMS_LANGUAGE):
        return _render("dossiers/forms/register.html", _register_context(agency, year), for_pdf=False, request=request)


def render_register_pdf(agency: Agency, year: int) -> bytes:
    with translation.override(FORMS_LANGUAGE):
        html = _render("dossiers/forms/register.html", _register_context(agency, year), for_pdf=True)
    return html_to_pdf(html)
