"""Reception sessions, their visits, and the cases they open or link."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

from django.db import transaction
from django.db.models import Max

from egov.core.formats import local_today
from egov.core.text import clean_text, nfc
from egov.organisations.models import Agency, User
from egov.organisations.roles import Role
from egov.procedures.service import Field

from ..classification import classification_errors
from ..models import (
    Case,
    ReceiverRole,
    ReceptionForm,
    ReceptionKind,
    ReceptionSession,
    Visit,
    VisitOutcome,
    VisitPerson,
)
from .base import RECORD_RECEPTION, authorise, raise_errors

# --- cases ------------------------------------------------------------------------------------------


def _case_create(*, agency: Agency, title: str, opened_on: dt.date, field: Field | None) -> Case:
    case = Case(agency=agency, title=clean_text(title), opened_on=opened_on, field=field)
    case.full_clean()
    case.save()
    return case


def _case_errors(case: Case | None, new_case_title: str, agency: Agency) -> dict[str, str]:
    if case is not None and clean_text(new_case_title):
        return {"case": "Chọn vụ việc đã có hoặc ghi vụ việc mới, không chọn cả hai."}
    if case is not None and case.agency_id != agency.pk:
        return {"case": "Vụ việc thuộc cơ quan khác."}
    return {}


# --- reception sessions and visits -----------------------------------------------------------------


@transaction.atomic
def session_register(
    *,
    agency: Agency,
    kind: str,
    held_on: dt.date,
    place: str,
    receiver: User,
    receiver_role: str,
    actor: User,
    form: str = ReceptionForm.DIRECT,
) -> ReceptionSession:
    """Record a reception session that took place (its visits are added with `visit_register`)."""
    authorise(actor, RECORD_RECEPTION, agency.pk)
    errors: dict[str, str] = {}
    if kind not in ReceptionKind.values:
        errors["kind"] = "Cần chọn hình thức tiếp: thường xuyên, định kỳ hoặc đột xuất."
    if form not in ReceptionForm.values:
        errors["form"] = "Cần chọn cách thức tiếp: trực tiếp hoặc trực tuyến."
    if not clean_text(place):
        errors["place"] = "Cần ghi địa điểm tiếp công dân."
    if held_on > local_today():
        errors["held_on"] = f"Ngày {held_on:%d/%m/%Y} chưa đến; chỉ ghi sổ buổi tiếp đã diễn ra."
    if receiver.agency_id != agency.pk:
        errors["receiver"] = "Người tiếp công dân phải là cán bộ của cơ quan."
    if receiver_role not in ReceiverRole.values:
        errors["receiver_role"] = "Cần ghi người tiếp là cán bộ tiếp công dân hay người đứng đầu cơ quan."
    elif receiver_role == ReceiverRole.LEADER and not receiver.has_role(Role.AGENCY_LEADER):
        errors["receiver"] = f"{receiver} không phải lãnh đạo cơ quan."
    elif kind == ReceptionKind.PERIODIC and receiver_role != ReceiverRole.LEADER:
        # Luật Tiếp công dân Art. 18 as amended by Luật 136/2025: the head receives in person.
        errors["receiver_role"] = "Buổi tiếp định kỳ do người đứng đầu cơ quan trực tiếp tiếp, không ủy quyền."
    raise_errors(errors)
    session = ReceptionSession(
        agency=agency,
        kind=kind,
        form=form,
        held_on=held_on,
        place=clean_text(place),
        receiver=receiver,
        receiver_role=receiver_role,
        recorded_by=actor,
    )
    session.full_clean()
    session.save()
    return session


@dataclass(frozen=True)
class PersonData:
    name: str
    id_number: str = ""
    address: str = ""
    is_representative: bool = False


@transaction.atomic
def visit_register(
    *,
    session: ReceptionSession,
    people: Sequence[PersonData],
    content: str,
    classification: str,
    outcome: str,
    actor: User,
    people_count: int | None = None,
    is_delegation: bool = False,
    case: Case | None = None,
    new_case_title: str = "",
    prior_handling: str = "",
    in_competence: bool | None = None,
    outcome_detail: str = "",
    note: str = "",
) -> Visit:
    """Add a visit to the session's register. A returning subject links its case (`case`); a new
    one opens a case (`new_case_title`). A delegation gives its head count and its representatives."""
    session = ReceptionSession.objects.select_for_update().get(pk=session.pk)
    authorise(actor, RECORD_RECEPTION, session.agency_id)
    named = [p for p in people if clean_text(p.name)]
    count = len(named) if people_count is None else people_count
    errors = classification_errors(classification, duplicates_allowed=False)
    errors |= _case_errors(case, new_case_title, session.agency)
    if not clean_text(content):
        errors["content"] = "Cần ghi tóm tắt nội dung công dân trình bày."
    if not named or len(named) != len(people):
        errors["people"] = "Cần ghi họ tên từng công dân được tiếp."
    elif count < len(named):
        errors["people_count"] = f"Số người ({count}) ít hơn số công dân đã ghi tên ({len(named)})."
    elif is_delegation and count < 2:
        errors["people_count"] = "Đoàn đông người cần ghi số người của đoàn."
    elif is_delegation and not any(p.is_representative for p in named):
        errors["people"] = "Đoàn đông người cần ghi người đại diện."
    if outcome not in VisitOutcome.values:
        errors["outcome"] = "Cần ghi kết quả tiếp: hướng dẫn, tiếp nhận đơn, chuyển đơn hoặc trả lời trực tiếp."
    elif outcome in (VisitOutcome.GUIDED, VisitOutcome.FORWARDED) and not clean_text(outcome_detail):
        errors["outcome_detail"] = "Cần ghi cơ quan được hướng dẫn đến hoặc cơ quan nhận đơn chuyển, và số văn bản."
    raise_errors(errors)
    if clean_text(new_case_title):
        case = _case_create(agency=session.agency, title=new_case_title, opened_on=session.held_on, field=None)
    number = (session.visits.aggregate(last=Max("number"))["last"] or 0) + 1
    visit = Visit(
        session=session,
        number=number,
        case=case,
        content=nfc(content).strip(),
        classification=classification,
        people_count=count,
        is_delegation=is_delegation,
        prior_handling=clean_text(prior_handling),
        in_competence=in_competence,
        outcome=outcome,
        outcome_detail=nfc(outcome_detail).strip(),
        note=nfc(note).strip(),
        recorded_by=actor,
    )
    visit.full_clean()
    visit.save()
    VisitPerson.objects.bulk_create(
        VisitPerson(
            visit=visit,
            order=order,
            name=clean_text(p.name),
            id_number=clean_text(p.id_number),
            address=clean_text(p.address),
            is_representative=p.is_representative,
        )
        for order, p in enumerate(named, start=1)
    )
    return visit
