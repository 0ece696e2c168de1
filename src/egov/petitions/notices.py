"""The numbered notice each handling sends (law-2026.md §1.5), and its wording.

A notice is an outgoing document of the agency: it is drafted and issued through the documents
app (services/notices.py), so it takes its number from the one outgoing register, in the Nghị
định 30/2020 layout, and the register line is the notice's only copy.

Which handling sends which notice:
- accept a complaint → Mẫu số 03 Thông báo thụ lý giải quyết khiếu nại, and a complaint in
  competence found not eligible and returned → Mẫu số 04 Thông báo không thụ lý (NĐ 124/2020 as
  replaced by NĐ 155/2026 [V]);
- accept a denunciation → Thông báo thụ lý tố cáo (NĐ 31/2019 as amended by NĐ 156/2026; §1.5
  gives no number for it);
- forward → Phiếu chuyển đơn; pass an anonymous denunciation on → Phiếu chuyển thông tin; guide
  and return → Phiếu hướng dẫn, trả lại đơn; answer → Văn bản trả lời; urge a lower body → Văn bản
  đôn đốc (TT 05/2021/TT-TTCP, whose form numbers law-2026.md §1.5 leaves unverified [K]: these
  notices name the circular and no number);
- filing sends nothing.

A denunciation's notices never carry the denouncer's name or address (Luật Tố cáo: the denouncer's
identity is kept secret): the register line is read far more widely than the petition, so the
notice to the denouncer is addressed by the petition's register number.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from egov.documents.service import issued_file

from .models import Classification, Competence, Handling, PetitionEvent

__all__ = ["FORMS", "NoticeForm", "NoticeText", "notice_file", "notice_form", "notice_text"]

_KN = "Căn cứ Luật Khiếu nại số 02/2011/QH13 đã được sửa đổi, bổ sung;"
_KN_ND = (
    "Căn cứ Nghị định số 124/2020/NĐ-CP của Chính phủ quy định chi tiết một số điều và biện pháp thi hành "
    "Luật Khiếu nại, được sửa đổi, bổ sung bởi Nghị định số 155/2026/NĐ-CP;"
)
_TC = "Căn cứ Luật Tố cáo số 25/2018/QH14 đã được sửa đổi, bổ sung;"
_TC_ND = (
    "Căn cứ Nghị định số 31/2019/NĐ-CP của Chính phủ quy định chi tiết một số điều và biện pháp tổ chức thi "
    "hành Luật Tố cáo, được sửa đổi, bổ sung bởi Nghị định số 156/2026/NĐ-CP;"
)
_TCD = "Căn cứ Luật Tiếp công dân số 42/2013/QH13 đã được sửa đổi, bổ sung;"
_TCD_ND = "Căn cứ Nghị định số 154/2026/NĐ-CP của Chính phủ quy định chi tiết Luật Tiếp công dân;"
_TT05 = (
    "Căn cứ Thông tư số 05/2021/TT-TTCP của Thanh tra Chính phủ quy định quy trình xử lý đơn khiếu nại, "
    "đơn tố cáo, đơn kiến nghị, phản ánh;"
)
_ND124 = "Nghị định số 124/2020/NĐ-CP (sửa đổi bởi Nghị định số 155/2026/NĐ-CP)"
_ND31 = "Nghị định số 31/2019/NĐ-CP (sửa đổi bởi Nghị định số 156/2026/NĐ-CP)"
_TT05_SOURCE = "Thông tư số 05/2021/TT-TTCP"


@dataclass(frozen=True)
class NoticeForm:
    key: str
    name: str  # what the notice is called ("Thông báo thụ lý giải quyết khiếu nại")
    form_number: str  # "Mẫu số 03"; "" where the published number is not verified
    source: str  # the instrument the form belongs to
    document_type: str  # the outgoing document's type (documents.DocumentType.name)
    summary: str  # trích yếu
    legal_basis: tuple[str, ...]

    @property
    def citation(self) -> str:
        """The form as the register's note names it: "Mẫu số 03, Nghị định số 124/2020/NĐ-CP (…)"."""
        return f"{self.form_number}, {self.source}" if self.form_number else f"Theo {self.source}"


FORMS = {
    form.key: form
    for form in [
        NoticeForm(
            "complaint_accepted",
            "Thông báo thụ lý giải quyết khiếu nại",
            "Mẫu số 03",
            _ND124,
            "Thông báo",
            "Về việc thụ lý giải quyết khiếu nại",
            (_KN, _KN_ND),
        ),
        NoticeForm(
            "complaint_not_accepted",
            "Thông báo không thụ lý giải quyết khiếu nại",
            "Mẫu số 04",
            _ND124,
            "Thông báo",
            "Về việc không thụ lý giải quyết khiếu nại",
            (_KN, _KN_ND),
        ),
        NoticeForm(
            "denunciation_accepted",
            "Thông báo thụ lý tố cáo",
            "",
            _ND31,
            "Thông báo",
            "Về việc thụ lý tố cáo",
            (_TC, _TC_ND),
        ),
        NoticeForm(
            "forward",
            "Phiếu chuyển đơn",
            "",
            _TT05_SOURCE,
            "Phiếu chuyển",
            "Về việc chuyển đơn",
            (_TCD, _TCD_ND, _TT05),
        ),
        NoticeForm(
            "pass_on",
            "Phiếu chuyển thông tin tố cáo để thanh tra, kiểm tra",
            "",
            _TT05_SOURCE,
            "Phiếu chuyển",
            "Về việc chuyển thông tin để thanh tra, kiểm tra",
            (_TC, _TC_ND, _TT05),
        ),
        NoticeForm(
            "guidance",
            "Phiếu hướng dẫn, trả lại đơn",
            "",
            _TT05_SOURCE,
            "Công văn",
            "Về việc hướng dẫn, trả lại đơn",
            (_TCD, _TCD_ND, _TT05),
        ),
        NoticeForm(
            "answer",
            "Văn bản trả lời đơn kiến nghị, phản ánh",
            "",
            _TT05_SOURCE,
            "Công văn",
            "Về việc trả lời đơn kiến nghị, phản ánh",
            (_TCD, _TCD_ND, _TT05),
        ),
        NoticeForm(
            "urge",
            "Văn bản đôn đốc giải quyết đơn",
            "",
            _TT05_SOURCE,
            "Công văn",
            "Về việc đôn đốc giải quyết đơn",
            (_TCD, _TCD_ND, _TT05),
        ),
    ]
}


def notice_form(handling: str, kind: str, competence: str) -> NoticeForm | None:
    """The notice a handling sends for a petition whose content is `kind`; None for filing."""
    if handling == Handling.ACCEPT:
        return FORMS["denunciation_accepted" if kind == Classification.DENUNCIATION else "complaint_accepted"]
    if handling == Handling.GUIDE_RETURN:
        # A complaint the agency would resolve but may not accept: the decree's non-acceptance notice.
        in_competence = kind == Classification.COMPLAINT and competence == Competence.OWN
        return FORMS["complaint_not_accepted" if in_competence else "guidance"]
    by_handling = {
        Handling.FORWARD: "forward",
        Handling.PASS_ON: "pass_on",
        Handling.ANSWER: "answer",
        Handling.URGE: "urge",
    }
    return FORMS[by_handling[handling]] if handling in by_handling else None


@dataclass(frozen=True)
class NoticeText:
    addressees: str
    paragraphs: list[str]
    recipients: list[str]


def _day(value: dt.date) -> str:
    return f"{value:%d/%m/%Y}"


def notice_text(
    form: NoticeForm,
    *,
    agency: str,
    kind_label: str,
    register_number: str,
    received_on: dt.date,
    content: str,
    sender: str,
    sender_address: str = "",
    detail: str = "",
    target: str = "",
    issued_on: dt.date,
    due_date: dt.date | None = None,
) -> NoticeText:
    """The addressees, body and recipients of a notice. `sender` (a name) is "" when it must not be
    named (a denunciation) or is unknown (anonymous); `detail` is the guidance, the answer or the reasons;
    `target` the body a forward, pass-on or urge goes to."""
    kind = kind_label.lower()
    address = f", địa chỉ: {sender_address}" if sender_address else ""
    sender_text = f" của ông (bà) {sender}{address}" if sender else ""
    received = (
        f"Ngày {_day(received_on)}, {agency} nhận được đơn {kind}{sender_text} "
        f"(đơn số {register_number} trong sổ tiếp nhận, xử lý đơn), nội dung: {content.rstrip('.')}."
    )
    to_sender = f"Ông (bà) {sender}{address}" if sender else f"Người gửi đơn số {register_number}"
    key = form.key
    if key in ("complaint_accepted", "denunciation_accepted"):
        what = "giải quyết khiếu nại" if key == "complaint_accepted" else "tố cáo"
        paragraphs = [
            received,
            f"Sau khi xem xét, nội dung đơn đủ điều kiện thụ lý và thuộc thẩm quyền giải quyết của {agency}. "
            f"{agency} thông báo thụ lý {what} kể từ ngày {_day(issued_on)}.",
        ]
        if due_date is not None:
            paragraphs.append(f"Thời hạn giải quyết đến hết ngày {_day(due_date)}.")
        return NoticeText(to_sender, [*form.legal_basis, *paragraphs], ["Như trên"])
    if key == "complaint_not_accepted":
        paragraphs = [received, f"Đơn khiếu nại không đủ điều kiện thụ lý giải quyết vì: {detail}"]
        return NoticeText(to_sender, [*form.legal_basis, *paragraphs], ["Như trên"])
    if key == "guidance":
        paragraphs = [
            received,
            f"{agency} hướng dẫn như sau: {detail}",
            f"{agency} trả lại đơn và các tài liệu kèm theo (nếu có) để người gửi đơn thực hiện theo hướng dẫn.",
        ]
        return NoticeText(to_sender, [*form.legal_basis, *paragraphs], ["Như trên"])
    if key == "forward":
        paragraphs = [
            received,
            f"Nội dung đơn không thuộc thẩm quyền giải quyết của {agency}. {agency} chuyển đơn đến {target} "
            "để xem xét, giải quyết theo thẩm quyền và thông báo kết quả cho người gửi đơn.",
        ]
        copies = [f"Ông (bà) {sender} (để biết)"] if sender else []
        return NoticeText(target, [*form.legal_basis, *paragraphs], ["Như trên", *copies])
    if key == "pass_on":
        paragraphs = [
            received,
            "Đơn không xác định được người tố cáo nhưng có thông tin cụ thể, tài liệu, chứng cứ rõ ràng về hành "
            f"vi vi phạm pháp luật. {agency} chuyển thông tin đến {target} để thanh tra, kiểm tra theo thẩm quyền.",
        ]
        return NoticeText(target, [*form.legal_basis, *paragraphs], ["Như trên"])
    if key == "answer":
        paragraphs = [received, f"{agency} trả lời như sau: {detail}"]
        return NoticeText(to_sender, [*form.legal_basis, *paragraphs], ["Như trên"])
    if key == "urge":
        paragraphs = [
            received,
            f"Nội dung đơn thuộc thẩm quyền giải quyết của {target}, chưa được giải quyết. Căn cứ khoản 3 Điều 15 "
            f"Nghị định số 154/2026/NĐ-CP, {agency} đề nghị {target} xem xét, giải quyết theo thẩm quyền và "
            f"báo cáo kết quả về {agency}." + (f" {detail}" if detail else ""),
        ]
        copies = [f"Ông (bà) {sender} (để biết)"] if sender else []
        return NoticeText(target, [*form.legal_basis, *paragraphs], ["Như trên", *copies])
    raise ValueError(f"No wording for the notice {key!r}")


def notice_file(event: PetitionEvent):
    """The issued .docx of the notice `event` sent, or None when the step sent none."""
    notice = event.data.get("notice")
    return issued_file(notice["document_id"]) if notice else None
