"""Each handling's numbered notice: its form, issued in the outgoing register of the documents app
in the handling's transaction, as a .docx in the NĐ 30/2020 layout, downloadable by petitions staff."""

import io

import docx
import pytest
from django.urls import reverse
from django.utils import translation

from egov.core.registers import RegisterCounter
from egov.core.workflow import TransitionRefused
from egov.documents.models import Direction, Document, DocumentType
from egov.documents.services import outgoing_draft_create, outgoing_issue
from egov.organisations.roles import Role, group_name
from egov.organisations.tests.factories import StaffFactory, UnitFactory

from ..models import Classification, Competence, Handling, Petition, PetitionEvent
from ..notices import FORMS, notice_form
from ..services.handling import PETITIONS, SERVICES
from ..services.intake import SenderData
from ..workflow import Action
from .factories import office

pytestmark = pytest.mark.django_db

TARGET = "UBND thị xã Đức Phổ"
SENDER = "Phan Văn Vân"


def classified(o, *, classification=Classification.COMPLAINT, competence=Competence.OWN, facts=None, **petition):
    petition = o.petition(classification=classification, handling_unit=o.unit, **petition)
    return SERVICES[Action.CLASSIFY](petition=petition, actor=o.specialist, competence=competence, **(facts or {}))


def docx_text(document: Document) -> str:
    """Every paragraph of the issued .docx, the tables' cells included (header, signing block)."""
    data = document.files.get(kind="issued").file.read()
    parsed = docx.Document(io.BytesIO(data))
    lines = [p.text for p in parsed.paragraphs]
    for table in parsed.tables:
        for row in table.rows:
            for cell in row.cells:
                lines += [p.text for p in cell.paragraphs]
    return "\n".join(lines)


def notice_of(petition) -> tuple[dict, Document]:
    event = PetitionEvent.objects.filter(petition=petition).latest("at", "pk")
    notice = event.data["notice"]
    return notice, Document.objects.get(pk=notice["document_id"])


# (what the petition is, the handling, its arguments) → (the form, the title line, the type's symbol)
OUTCOMES = {
    "complaint-accepted": (
        {},
        Action.ACCEPT,
        {},
        ("complaint_accepted", "THÔNG BÁO", "TB"),
    ),
    "complaint-not-accepted": (
        {"facts": {"signed": False}},
        Action.GUIDE_RETURN,
        {"guidance": "Đề nghị ký tên vào đơn và gửi lại."},
        ("complaint_not_accepted", "THÔNG BÁO", "TB"),
    ),
    "denunciation-accepted": (
        {"classification": Classification.DENUNCIATION, "facts": {"identity_verifiable": True}},
        Action.ACCEPT,
        {},
        ("denunciation_accepted", "THÔNG BÁO", "TB"),
    ),
    "forward": (
        {"competence": Competence.OUTSIDE},
        Action.FORWARD,
        {"target": TARGET},
        ("forward", "PHIẾU CHUYỂN", "PC"),
    ),
    "guidance": (
        {"classification": Classification.RECOMMENDATION, "competence": Competence.OUTSIDE},
        Action.GUIDE_RETURN,
        {"guidance": f"Đề nghị gửi đơn đến {TARGET}."},
        ("guidance", "", None),
    ),
    "answer": (
        {"classification": Classification.RECOMMENDATION},
        Action.ANSWER,
        {"answer": "Điện lực Đức Phổ đã lắp đặt công tơ cho hộ gia đình."},
        ("answer", "", None),
    ),
    "urge": (
        {"competence": Competence.LOWER_UNRESOLVED},
        Action.URGE,
        {"body": TARGET},
        ("urge", "", None),
    ),
    "pass-on": (
        {
            "classification": Classification.DENUNCIATION,
            "anonymous": True,
            "senders": [],
            "facts": {"concrete_evidence": True},
        },
        Action.FORWARD,
        {"target": "Phòng Quản lý thương mại"},
        ("pass_on", "PHIẾU CHUYỂN", "PC"),
    ),
}


@pytest.mark.parametrize("outcome", list(OUTCOMES))
def test_each_outcome_issues_its_form_in_the_outgoing_register(outcome):
    setup, action, arguments, (form_key, title, abbreviation) = OUTCOMES[outcome]
    o = office()
    petition = classified(o, **setup)
    actor = o.leader if action == Action.ACCEPT else o.specialist
    petition = SERVICES[action](petition=petition, actor=actor, **arguments)
    notice, document = notice_of(petition)
    form = FORMS[form_key]
    assert notice["form"] == form_key and notice["ref"] == document.ref
    # One register: the documents app's outgoing register, first number of the agency's shared series.
    assert document.direction == Direction.OUTGOING and document.status == Document.Status.REGISTERED
    assert document.document_type.name == form.document_type
    symbol = f"{abbreviation}-{o.issuer.symbol}" if abbreviation else f"{o.issuer.symbol}-VP"
    assert document.ref == f"01/{symbol}"
    assert document.summary == form.summary
    assert form.citation in document.notes and f"đơn số {petition.number:02d}/{petition.number_year}" in document.notes
    text = docx_text(document)
    if title:
        assert f"{title}\n{form.summary}" in text
    else:  # a công văn: "V/v ..." under its number
        assert "V/v " + form.summary.removeprefix("Về việc ") in text
    for basis in form.legal_basis:
        assert basis in text
    assert f"Số: {document.ref}" in text
    assert o.leader.full_name in text  # signed by the head of the agency
    if form_key in ("denunciation_accepted", "pass_on"):
        assert SENDER not in text and SENDER not in document.addressees  # a denouncer is never named


def test_the_published_form_numbers_of_the_complaint_notices():
    assert FORMS["complaint_accepted"].citation.startswith("Mẫu số 03, Nghị định số 124/2020/NĐ-CP")
    assert FORMS["complaint_not_accepted"].citation.startswith("Mẫu số 04, Nghị định số 124/2020/NĐ-CP")
    assert "155/2026/NĐ-CP" in FORMS["complaint_accepted"].source
    # TT 05/2021's numbering is not verified (law-2026.md §1.5 [K]): the circular is named, no number.
    assert FORMS["forward"].citation == "Theo Thông tư số 05/2021/TT-TTCP"


def test_a_forward_notice_names_the_competent_body_and_copies_the_sender():
    o = office()
    petition = classified(o, competence=Competence.OUTSIDE)
    SERVICES[Action.FORWARD](petition=petition, actor=o.specialist, target=TARGET)
    _, document = notice_of(petition)
    text = docx_text(document)
    assert document.addressees == TARGET and f"Kính gửi: {TARGET}" in text
    assert f"chuyển đơn đến {TARGET} để xem xét, giải quyết theo thẩm quyền" in text
    assert f"Ông (bà) {SENDER}" in text and "(để biết)" in text


def test_the_accept_notice_gives_the_resolution_deadline():
    o = office()
    petition = SERVICES[Action.ACCEPT](petition=classified(o), actor=o.leader)
    event = petition.events.get(action=Action.ACCEPT)
    due = petition.deadlines.get(completed_at__isnull=True).due_date
    assert event.data["due_date"] == due.isoformat()
    assert f"Thời hạn giải quyết đến hết ngày {due:%d/%m/%Y}." in docx_text(notice_of(petition)[1])


def test_filing_sends_no_notice():
    o = office()
    petition = classified(o, facts={"signed": False})
    SERVICES[Action.FILE](petition=petition, actor=o.specialist, reason="Đơn không có chữ ký.")
    assert "notice" not in petition.events.get(action=Action.FILE).data
    assert not Document.objects.filter(agency=o.agency).exists()


def test_notices_and_other_outgoing_documents_share_one_series_consecutively():
    o = office()
    first = classified(o, competence=Competence.OUTSIDE)
    SERVICES[Action.FORWARD](petition=first, actor=o.specialist, target=TARGET)
    letter = outgoing_draft_create(
        agency=o.agency,
        user=o.leader,
        document_type=DocumentType.objects.get(name="Kế hoạch"),
        summary="Về việc tiếp công dân định kỳ năm 2026",
        body="Nội dung kế hoạch.",
        drafting_unit=o.unit,
        signer_title="GIÁM ĐỐC",
        signer_name=o.leader.full_name,
    )
    outgoing_issue(document=letter, user=o.leader)
    second = classified(o, content="Khiếu nại việc thu tiền điện sai chỉ số công tơ.")
    SERVICES[Action.ACCEPT](petition=second, actor=o.leader)
    numbers = list(Document.objects.filter(agency=o.agency).order_by("pk").values_list("number", flat=True))
    assert numbers == ["01", "02", "03"]
    assert notice_of(second)[1].ref == f"03/TB-{o.issuer.symbol}"


def test_a_failed_handling_leaves_no_document_and_gives_its_number_back(monkeypatch):
    o = office()
    petition = classified(o, competence=Competence.OUTSIDE)
    counters = list(RegisterCounter.objects.values_list("register", "scope", "period", "last_number"))

    def broken(*args, **kwargs):
        raise RuntimeError("event table unavailable")

    # The event is written after the notice: a failure there must take the notice back with it.
    monkeypatch.setattr(PETITIONS, "record", broken)
    with pytest.raises(RuntimeError):
        SERVICES[Action.FORWARD](petition=petition, actor=o.specialist, target=TARGET)
    assert not Document.objects.filter(agency=o.agency).exists()
    assert list(RegisterCounter.objects.values_list("register", "scope", "period", "last_number")) == counters
    petition.refresh_from_db()
    assert petition.handling == "" and petition.forwarded_to == ""
    monkeypatch.undo()
    SERVICES[Action.FORWARD](petition=petition, actor=o.specialist, target=TARGET)
    assert notice_of(petition)[1].ref == f"01/PC-{o.issuer.symbol}"


def test_a_refused_notice_refuses_the_handling():
    o = office()
    o.leader.groups.remove(o.leader.groups.get(name=group_name(Role.AGENCY_LEADER)))
    petition = classified(o, competence=Competence.OUTSIDE)
    with pytest.raises(TransitionRefused) as refused:
        SERVICES[Action.FORWARD](petition=petition, actor=o.specialist, target=TARGET)
    assert refused.value.code == "no_signer"
    assert "lãnh đạo cơ quan" in refused.value.messages[0]
    assert Petition.objects.get(pk=petition.pk).handling == ""
    assert not Document.objects.filter(agency=o.agency).exists()


def test_the_notice_docx_has_the_decree_30_header():
    o = office()
    petition = SERVICES[Action.ACCEPT](petition=classified(o), actor=o.leader)
    _, document = notice_of(petition)
    text = docx_text(document)
    for line in (
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        "Độc lập - Tự do - Hạnh phúc",
        f"UBND TỈNH {o.agency.province.name.upper()}",
        o.agency.name.upper(),
        f"Số: 01/TB-{o.issuer.symbol}",
        "Nơi nhận:",
        "- Lưu: VT, VP.",
    ):
        assert line in text, line


def test_the_notice_is_vietnamese_whatever_the_page_language():
    o = office()
    petition = classified(o, competence=Competence.OUTSIDE)
    with translation.override("en"):
        SERVICES[Action.FORWARD](petition=petition, actor=o.specialist, target=TARGET)
    assert "nhận được đơn khiếu nại" in docx_text(notice_of(petition)[1])


def test_petitions_staff_download_the_notice_others_do_not(client):
    o = office()
    petition = classified(o, competence=Competence.OUTSIDE)
    SERVICES[Action.FORWARD](petition=petition, actor=o.specialist, target=TARGET)
    forward = petition.events.get(action=Action.FORWARD)
    url = reverse("petitions:notice", args=[petition.pk, forward.pk])
    client.force_login(o.specialist)
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment")
    parsed = docx.Document(io.BytesIO(b"".join(response.streaming_content)))
    assert any("PHIẾU CHUYỂN" in p.text for p in parsed.paragraphs)
    # A step that sent no notice, another unit's specialist, another agency: not found.
    classify = petition.events.get(action=Action.CLASSIFY)
    assert client.get(reverse("petitions:notice", args=[petition.pk, classify.pk])).status_code == 404
    for outsider in (
        StaffFactory(unit=UnitFactory(agency=o.agency), roles=[Role.SPECIALIST]),
        office().leader,
    ):
        client.force_login(outsider)
        assert client.get(url).status_code == 404
    # Without the petitions permission (an administrator of the same agency): forbidden.
    client.force_login(o.administrator)
    assert client.get(url).status_code == 403


def test_the_sender_named_on_a_notice_is_the_representative():
    o = office()
    senders = [SenderData(name="Lê Thị Hoa"), SenderData(name="Trần Văn Bình", is_representative=True)]
    petition = classified(o, competence=Competence.OUTSIDE, senders=senders, signatory_count=2)
    SERVICES[Action.FORWARD](petition=petition, actor=o.specialist, target=TARGET)
    text = docx_text(notice_of(petition)[1])
    assert "Ông (bà) Trần Văn Bình" in text and "Lê Thị Hoa" not in text


def test_every_handling_but_filing_has_a_form():
    for handling in Handling.values:
        form = notice_form(handling, Classification.COMPLAINT, Competence.OUTSIDE)
        assert (form is None) == (handling == Handling.FILE)


def test_an_unassigned_petition_decided_by_the_head_keeps_the_registering_unit_on_its_letter():
    o = office()
    petition = o.petition(classification=Classification.RECOMMENDATION)  # registered by the VP specialist
    petition = SERVICES[Action.CLASSIFY](petition=petition, actor=o.leader, competence=Competence.OWN)
    SERVICES[Action.ANSWER](petition=petition, actor=o.leader, answer="Đã trả lời.")
    _, document = notice_of(petition)
    assert document.drafting_unit == o.unit and document.ref == f"01/{o.issuer.symbol}-VP"
