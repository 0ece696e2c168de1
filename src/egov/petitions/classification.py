"""How a petition is classified and which handling the law leaves open (law-2026.md §1.3).

This module is the specification; the services call it and store its answers.

Classification — by the CONTENT, never by the title the citizen wrote (NĐ 154/2026 Art. 15.1 [V],
TT 05/2021/TT-TTCP [K]); `titled_as` is kept only to compare:
- complaint (khiếu nại), denunciation (tố cáo), recommendation/feedback (kiến nghị, phản ánh);
- several contents (mixed): two or more of those kinds in one petition. At a reception the officer
  guides the citizen to split them (NĐ 154 Art. 14.4 [V]); a written one is returned with that
  guidance (handling it content by content is a later step);
- duplicate (đơn trùng): the same content as a petition registered earlier by this agency. It names
  that petition; its kind is the original's.

Eligibility to process (TT 05/2021 [K]) — each missing item is a defect with its message:
written in Vietnamese; dated; the sender's name and address; signed or fingerprinted; a content
with a clear request; for a complaint also within the time bar and not already finally decided;
for a denunciation the denouncer's identity verifiable. An anonymous petition has no name, address
or signature to check, and an anonymous (or false-identity) denunciation is never accepted as a
denunciation (Luật Tố cáo Art. 25.2 [K]): with concrete information and evidence it is passed on
for inspection or checking, otherwise it is filed.

Handling (`routes`) — the outcomes the officer may choose, in this order of precedence:
1. nothing new: a duplicate of a petition already handled, or a case stopped "unless new facts"
   (sample 000's Văn bản 2345/UBND-TCD), with no new facts → file;
2. an anonymous denunciation → pass on (concrete evidence) or file;
3. defects → guide and return, or file;
4. several contents → guide and return (to split them);
5. own competence → accept for resolution (complaint, denunciation) or answer (recommendation);
   a lower body's competence not resolved yet → urge that body (NĐ 154 Art. 15.3 [V]); outside
   competence → forward, or guide the citizen to the competent body (NĐ 154 Art. 15.2 [V]); a
   denunciation outside competence is forwarded, not returned (Luật Tố cáo Art. 24 [K]).

Forwarding (`forward_refusal`): a petition is forwarded once only (TT 05/2021 [K]: "một đơn tố
cáo chỉ chuyển một lần"; the department applies it to every petition), and never back to the
body that forwarded it to us.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from egov.core.text import fold

from .models import Classification, Competence, ContentKind, Handling

__all__ = [
    "Eligibility",
    "classification_errors",
    "defects",
    "forward_refusal",
    "routes",
]


BASIC_KINDS = frozenset(ContentKind.values)


def classification_errors(
    classification: str, mixed_kinds: Sequence[str] = (), *, has_original: bool = False, duplicates_allowed: bool = True
) -> dict[str, str]:
    """Field -> Vietnamese message for a classification that does not hold together; {} if it does."""
    if classification not in Classification.values or (
        classification == Classification.DUPLICATE and not duplicates_allowed
    ):
        return {"classification": "Cần phân loại theo nội dung: khiếu nại, tố cáo, kiến nghị, phản ánh."}
    kinds = set(mixed_kinds)
    if classification == Classification.MIXED:
        if not kinds <= BASIC_KINDS or len(kinds) < 2:
            return {"mixed_kinds": "Đơn có nhiều nội dung cần ghi ít nhất hai loại nội dung khác nhau."}
    elif kinds:
        return {"mixed_kinds": "Chỉ ghi các loại nội dung khi đơn có nhiều nội dung."}
    if classification == Classification.DUPLICATE and not has_original:
        return {"duplicate_of": "Đơn trùng nội dung cần chỉ rõ đơn đã vào sổ trước đó."}
    if classification != Classification.DUPLICATE and has_original:
        return {"duplicate_of": "Chỉ chọn đơn trước đó khi phân loại là đơn trùng nội dung."}
    return {}


@dataclass(frozen=True)
class Eligibility:
    """What the officer found on the petition (TT 05/2021 [K]); `None`: not asked for this kind."""

    vietnamese: bool = True
    dated: bool = True
    named: bool = True
    signed: bool = True
    clear_request: bool = True
    within_time_bar: bool | None = None
    finally_decided: bool | None = None
    identity_verifiable: bool | None = None


def defects(kind: str, facts: Eligibility, *, anonymous: bool) -> list[str]:
    """The reasons the petition cannot be processed as it stands, as Vietnamese messages."""
    found = []
    if not facts.vietnamese:
        found.append("Đơn không viết bằng tiếng Việt.")
    if not facts.dated:
        found.append("Đơn không ghi ngày, tháng, năm.")
    if not anonymous:
        if not facts.named:
            found.append("Đơn không ghi họ tên, địa chỉ của người viết đơn.")
        if not facts.signed:
            found.append("Đơn không có chữ ký hoặc điểm chỉ của người viết đơn.")
    if not facts.clear_request:
        found.append("Nội dung đơn không rõ yêu cầu.")
    if kind == ContentKind.COMPLAINT:
        if facts.within_time_bar is False:
            found.append("Khiếu nại đã hết thời hiệu.")
        if facts.finally_decided:
            found.append("Việc khiếu nại đã có quyết định giải quyết có hiệu lực pháp luật.")
    if kind == ContentKind.DENUNCIATION and not anonymous and facts.identity_verifiable is False:
        found.append("Không xác định được danh tính người tố cáo.")
    return found


def routes(
    kind: str,
    *,
    competence: Competence,
    defects: Sequence[str] = (),
    anonymous: bool = False,
    concrete_evidence: bool = False,
    nothing_new: bool = False,
) -> frozenset[Handling]:
    """The outcomes the law leaves open for a petition whose content is `kind` (a Classification
    value other than duplicate: a duplicate is judged with its original's kind and `nothing_new`)."""
    if nothing_new:
        return frozenset({Handling.FILE})
    if kind == ContentKind.DENUNCIATION and anonymous:
        return frozenset({Handling.PASS_ON, Handling.FILE}) if concrete_evidence else frozenset({Handling.FILE})
    if defects:
        return frozenset({Handling.GUIDE_RETURN, Handling.FILE})
    if kind == Classification.MIXED:
        return frozenset({Handling.GUIDE_RETURN})
    if competence == Competence.OWN:
        return frozenset({Handling.ANSWER if kind == ContentKind.RECOMMENDATION else Handling.ACCEPT})
    if competence == Competence.LOWER_UNRESOLVED:
        return frozenset({Handling.URGE})
    if kind == ContentKind.DENUNCIATION:
        return frozenset({Handling.FORWARD})
    return frozenset({Handling.FORWARD, Handling.GUIDE_RETURN})


def forward_refusal(*, forwarded_to: Iterable[str], target: str, source_body: str) -> str | None:
    """Why this forward is not allowed, in Vietnamese, or None."""
    if any(True for _ in forwarded_to):
        return "Đơn đã được chuyển một lần; mỗi đơn chỉ được chuyển một lần."
    if source_body and fold(target) == fold(source_body):
        return f"Không thể chuyển đơn trở lại “{source_body}”, cơ quan đã chuyển đơn đến."
    return None
