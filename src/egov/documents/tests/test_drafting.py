"""Drafting outgoing documents: NĐ 30 layout, the number given at issue, citations linked."""

import datetime as dt
import io

import docx
import pytest
from django.core.exceptions import ValidationError

from egov.documents.drafting import cong_van_summary
from egov.documents.models import Document, DocumentFile, Issuer
from egov.documents.services import outgoing_draft_create, outgoing_issue, outgoing_record_dispatch

from .conftest import assert_nd30_page, doc_type


def lines_of(content: bytes) -> tuple[list[str], list[str], docx.document.Document]:
    document = docx.Document(io.BytesIO(content))
    paragraphs = [p.text for p in document.paragraphs]
    cells = [p.text for t in document.tables for row in t.rows for c in row.cells for p in c.paragraphs]
    return paragraphs, cells, document


def file_of(document: Document, kind: str) -> bytes:
    with document.files.get(kind=kind).file.open("rb") as handle:
        return handle.read()


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


@pytest.fixture
def plan_draft(agency, units, clerk):
    return outgoing_draft_create(
        agency=agency,
        user=clerk,
        document_type=doc_type("Kế hoạch"),
        summary="Triển khai công tác dân vận năm 2021",
        body=(
            "Căn cứ Quyết định số 2121/QĐ-UBND ngày 31/12/2020 của UBND tỉnh;\n"
            "Kế hoạch này thay thế Kế hoạch số 15/KH-SCT ngày 05/01/2021 của Sở Công Thương.\n"
            "I. MỤC ĐÍCH, YÊU CẦU"
        ),
        drafting_unit=units["VP"],
        signing_authority="KT.",
        signer_title="GIÁM ĐỐC",
        signer_deputy_title="PHÓ GIÁM ĐỐC",
        signer_name="Nguyễn Văn B",
        recipients="- Như trên;\n- UBND tỉnh;\nLưu: VT, VP.",
    )


def test_draft_layout_without_number(plan_draft):
    paragraphs, cells, document = lines_of(file_of(plan_draft, DocumentFile.Kind.DRAFT))
    assert_nd30_page(document)
    assert cells[:4] == ["UBND TỈNH QUẢNG NGÃI", "SỞ CÔNG THƯƠNG", "", "Số:        /KH-SCT"]
    assert "Quảng Ngãi, ngày      tháng      năm" in " ".join(cells)
    assert "KẾ HOẠCH" in paragraphs and "Triển khai công tác dân vận năm 2021" in paragraphs
    body = next(p for p in document.paragraphs if p.text.startswith("Căn cứ"))
    assert body.alignment == docx.enum.text.WD_ALIGN_PARAGRAPH.JUSTIFY
    assert abs(body.paragraph_format.first_line_indent - docx.shared.Cm(1.27)) < docx.shared.Mm(0.5)
    assert body.runs[0].font.size == docx.shared.Pt(14) and body.runs[0].font.name == "Times New Roman"
    assert [c for c in cells if "GIÁM ĐỐC" in c] == ["KT. GIÁM ĐỐC", "PHÓ GIÁM ĐỐC"]
    # The recipients end with exactly one archive line.
    start = cells.index("Nơi nhận:")
    assert cells[start + 1 : start + 4] == ["- Như trên;", "- UBND tỉnh;", "- Lưu: VT, VP."]
    motto = [p for t in document.tables for c in t.rows[0].cells for p in c.paragraphs if p.text.startswith("Độc lập")]
    assert motto[0].runs[0].font.underline and motto[0].runs[0].font.bold
    assert document.sections[0].different_first_page_header_footer  # no page number on page 1


def test_draft_gets_citations_but_no_number(plan_draft):
    assert plan_draft.number == "" and plan_draft.status == Document.Status.DRAFT
    assert [c.ref for c in plan_draft.citations_out.all()] == ["2121/QĐ-UBND", "15/KH-SCT"]


def test_issue_numbers_registers_and_links_citations(plan_draft, register_incoming, clerk, agency, units):
    decision = register_incoming("2121/QĐ-UBND", document_date=dt.date(2020, 12, 31), arrived_on=dt.date(2021, 1, 4))
    old_plan = outgoing_issue(
        document=outgoing_draft_create(
            agency=agency,
            user=clerk,
            document_type=doc_type("Kế hoạch"),
            summary="Kế hoạch cũ",
            body="Nội dung.",
            drafting_unit=units["VP"],
            signer_title="GIÁM ĐỐC",
            signer_name="Võ Văn Rân",
        ),
        user=clerk,
        issued_on=dt.date(2021, 1, 5),
    )
    # Number 15 in the text, number 01 in the register: move the register's line to 15 for this test.
    Document.objects.filter(pk=old_plan.pk).update(number="15", number_key="15", ref="15/KH-SCT")
    issued = outgoing_issue(document=plan_draft, user=clerk, issued_on=dt.date(2021, 3, 5))
    assert issued.ref == "02/KH-SCT" and issued.document_date == dt.date(2021, 3, 5) and issued.year == 2021
    targets = {c.ref: (c.target_id, c.relation) for c in issued.citations_out.all()}
    assert targets == {"2121/QĐ-UBND": (decision.pk, "cites"), "15/KH-SCT": (old_plan.pk, "replaces")}
    _, cells, _ = lines_of(file_of(issued, DocumentFile.Kind.ISSUED))
    assert "Số: 02/KH-SCT" in cells and "Quảng Ngãi, ngày 05 tháng 3 năm 2021" in cells
    dispatched = outgoing_record_dispatch(
        document=issued, dispatched_on=dt.date(2021, 3, 5), receipt="Bưu điện", copies=8
    )
    assert dispatched.copies == 8 and dispatched.receipt == "Bưu điện"
    with pytest.raises(ValidationError):
        outgoing_record_dispatch(document=issued, dispatched_on=dt.date(2021, 3, 1))


def test_cong_van_layout(agency, units):
    draft = outgoing_draft_create(
        agency=agency,
        user=None,
        document_type=doc_type("Công văn"),
        summary="Triển khai Kế hoạch phối hợp",
        body="Đề nghị các phòng thực hiện.",
        drafting_unit=units["VP"],
        addressees="Trưởng các phòng, đơn vị trực thuộc Sở",
        signer_title="GIÁM ĐỐC",
        signer_name="Võ Văn Rân",
    )
    issued = outgoing_issue(document=draft, user=None, issued_on=dt.date(2021, 3, 3))
    paragraphs, cells, _ = lines_of(file_of(issued, DocumentFile.Kind.ISSUED))
    assert "Số: 01/SCT-VP" in cells and "V/v triển khai Kế hoạch phối hợp" in cells
    assert "Kính gửi: Trưởng các phòng, đơn vị trực thuộc Sở" in paragraphs
    assert "GIÁM ĐỐC" in cells and "Võ Văn Rân" in cells
    assert not any(p.isupper() and p.startswith("CÔNG VĂN") for p in paragraphs)


def test_draft_validation(agency, units):
    with pytest.raises(ValidationError) as info:
        outgoing_draft_create(
            agency=agency,
            user=None,
            document_type=doc_type("Công văn"),
            summary="",
            body="x",
            drafting_unit=units["VP"],
            signer_title="GIÁM ĐỐC",
            signer_name="",
        )
    assert "summary" in info.value.message_dict
    with pytest.raises(ValidationError) as info:
        outgoing_draft_create(
            agency=agency,
            user=None,
            document_type=doc_type("Kế hoạch"),
            summary="S",
            body="x",
            drafting_unit=units["VP"],
            signing_authority="KT.",
            signer_title="GIÁM ĐỐC",
            signer_name="A",
        )
    assert "signer_deputy_title" in info.value.message_dict
    assert not Document.objects.exists()


def test_agency_without_issuer_symbol_cannot_draft(agency, units):
    Issuer.objects.filter(agency=agency).update(agency=None)
    with pytest.raises(ValidationError, match="chưa được khai báo là cơ quan ban hành"):
        outgoing_draft_create(
            agency=agency,
            user=None,
            document_type=doc_type("Kế hoạch"),
            summary="S",
            body="x",
            drafting_unit=units["VP"],
            signer_title="GIÁM ĐỐC",
            signer_name="A",
        )


def test_draft_update_replaces_the_draft_file_and_citations(
    plan_draft, clerk, units, django_capture_on_commit_callbacks
):
    from egov.documents.services import outgoing_draft_update

    old_file = plan_draft.files.get(kind=DocumentFile.Kind.DRAFT)
    old_name = old_file.file.name
    storage = old_file.file.storage
    assert storage.exists(old_name)
    with django_capture_on_commit_callbacks(execute=True):
        updated = outgoing_draft_update(
            document=plan_draft,
            user=clerk,
            document_type=doc_type("Kế hoạch"),
            summary="Triển khai công tác dân vận năm 2021 (sửa)",
            body="Căn cứ Nghị định số 04/2015/NĐ-CP ngày 09/01/2015 của Chính phủ.",
            drafting_unit=units["VP"],
            signer_title="GIÁM ĐỐC",
            signer_name="Võ Văn Rân",
        )
    assert not storage.exists(old_name)  # the superseded draft file is removed once committed
    assert [c.ref for c in updated.citations_out.all()] == ["04/2015/NĐ-CP"]
    drafts = updated.files.filter(kind=DocumentFile.Kind.DRAFT)
    assert drafts.count() == 1 and drafts.get().file.name != old_name
    paragraphs, _, _ = lines_of(file_of(updated, DocumentFile.Kind.DRAFT))
    assert "Triển khai công tác dân vận năm 2021 (sửa)" in paragraphs
    issued = outgoing_issue(document=updated, user=clerk, issued_on=dt.date(2021, 4, 1))
    with pytest.raises(ValidationError, match="không sửa dự thảo"):
        outgoing_draft_update(
            document=issued,
            user=clerk,
            document_type=doc_type("Kế hoạch"),
            summary="x",
            body="y",
            drafting_unit=units["VP"],
            signer_title="GIÁM ĐỐC",
            signer_name="A",
        )


@pytest.mark.parametrize(
    ("typed", "printed"),
    [
        ("Về việc triển khai Kế hoạch phối hợp", "V/v triển khai Kế hoạch phối hợp"),
        ("V/v triển khai Kế hoạch phối hợp", "V/v triển khai Kế hoạch phối hợp"),
        ("v/v Triển khai Kế hoạch phối hợp", "V/v triển khai Kế hoạch phối hợp"),
        ("Triển khai Kế hoạch phối hợp", "V/v triển khai Kế hoạch phối hợp"),
        ("Về triển khai Kế hoạch phối hợp", "V/v triển khai Kế hoạch phối hợp"),
        ("Vệ sinh an toàn thực phẩm", "V/v vệ sinh an toàn thực phẩm"),
    ],
)
def test_cong_van_summary_is_written_once_with_v_v(typed, printed):
    assert cong_van_summary(typed) == printed
