"""The content of a dossier's forms (receipt, supplement, refusal, apology, control slip, stop
notice): when each exists for a dossier, and the context its template is given."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from egov.core.formats import local_date, vn_count, vn_number
from egov.workdays.calendar import LimitUnit

from .. import form_sets
from ..fees import fees_due
from ..form_sets import FormSet, FormSpec, dossier_form_set
from ..models import Attachment, Dossier, DossierEvent, DossierStep, Status
from ..notifications import public_lookup_url, result_delivery_text
from ..transitions import Action
from .formatting import FormNotApplicable, place_and_date, qr_data_uri, vn_date, vn_datetime
from .register import register_number

LIMIT_UNIT_TEXT = {
    LimitUnit.WORKING_DAYS: "ngày làm việc",
    LimitUnit.CALENDAR_DAYS: "ngày",
    LimitUnit.HOURS: "giờ làm việc",
}
TIMELINESS_LABELS = dict(DossierStep.Timeliness.choices)


def _last_event(dossier: Dossier, *, to_status: tuple[str, ...] = (), action: str = "") -> DossierEvent | None:
    events = dossier.events.select_related("actor").order_by("-at", "-pk")
    if action:
        return events.filter(action=action).first()
    # An event that stays in the same status (a note, an attachment) is not the transition itself.
    return events.filter(to_status__in=to_status).exclude(from_status=F("to_status")).first()


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
        "place_and_date": place_and_date(dossier.agency, timezone.localdate()),
    }


def _context_01(dossier: Dossier, form: FormSpec, form_set: FormSet) -> dict[str, Any]:
    receipt = _last_event(dossier, to_status=(Status.RECEIVED,))
    lookup = public_lookup_url(dossier)
    fee = fees_due(dossier)
    return {
        **_common(dossier, form, form_set),
        "place_and_date": place_and_date(dossier.agency, local_date(dossier.received_at)),
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
        "place_and_date": place_and_date(dossier.agency, local_date(event.at)),
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
        "place_and_date": place_and_date(dossier.agency, local_date(event.at)),
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
        "place_and_date": place_and_date(dossier.agency, local_date(event.at) if event else timezone.localdate()),
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
        "place_and_date": place_and_date(dossier.agency, local_date(event.at)),
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


def form_context(form: FormSpec, form_set: FormSet, dossier: Dossier) -> dict[str, Any]:
    issued, not_issued = ISSUED[form.kind]
    if not issued(dossier):
        raise FormNotApplicable(not_issued)
    return CONTEXTS[form.kind](dossier, form, form_set)


def issued_forms(dossier: Dossier, kinds: frozenset[str]) -> list[FormSpec]:
    """The dossier's forms of these kinds that exist for it (the receipt once received, the refusal
    once refused...), in its set's order: exactly those that can be printed."""
    form_set = dossier_form_set(dossier)
    return [form for form in form_set.dossier_forms if form.kind in kinds and ISSUED[form.kind][0](dossier)]
