"""Staff pages: log-in, permissions, agency/unit scope, Vietnamese messages, nothing saved on bad input."""

import datetime as dt
import io

import docx
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from egov.documents.models import Document, DocumentFile
from egov.organisations.roles import Role

from .conftest import doc_type, issuer


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def login(client, user):
    client.force_login(user)
    return client


@pytest.fixture
def decision(register_incoming, units):
    return register_incoming(
        "2121/QĐ-UBND",
        document_date=dt.date(2020, 12, 31),
        arrived_on=dt.date(2021, 1, 4),
        handling_unit=units["QLTM"],
        summary="Phê duyệt quy trình nội bộ giải quyết thủ tục hành chính",
        body="Căn cứ Quyết định số 12/QĐ-UBND ngày 01/02/2019. Quyết định này thay thế Quyết định số 99/QĐ-UBND.",
    )


def incoming_post(**overrides):
    data = {
        "ref": "655/SNV-XDCQ&CTTN",
        "document_date": "2021-03-01",
        "issuer": issuer("SNV").pk,
        "document_type": doc_type("Công văn").pk,
        "summary": "Về việc báo cáo công tác dân vận chính quyền",
        "arrived_on": "2021-03-02",
        "body": "Thực hiện Quyết định số 2121/QĐ-UBND ngày 31/12/2020.",
    }
    data.update(overrides)
    return data


def test_login_required(client, db):
    response = client.get(reverse("documents:incoming"))
    assert response.status_code == 302 and "/dang-nhap/" in response["Location"]


def test_register_lists_with_diacritic_insensitive_search(client, clerk, decision, register_incoming):
    register_incoming("5/TB-SNV", type_name="Thông báo", issuer_symbol="SNV", summary="Lịch tiếp công dân")
    login(client, clerk)
    page = client.get(reverse("documents:incoming"), {"q": "quy trinh noi bo"})
    assert page.status_code == 200
    body = page.content.decode()
    assert "2121/QĐ-UBND" in body and "5/TB-SNV" not in body
    page = client.get(reverse("documents:incoming"), {"year": 2021, "issuer": issuer("SNV").pk})
    assert "5/TB-SNV" in page.content.decode() and "2121/QĐ-UBND" not in page.content.decode()


def test_clerk_registers_incoming_and_citations_link(client, clerk, decision):
    login(client, clerk)
    upload = SimpleUploadedFile("cv.pdf", b"%PDF-1.4 test", content_type="application/pdf")
    response = client.post(reverse("documents:incoming_create"), {**incoming_post(), "file": upload})
    assert response.status_code == 302
    document = Document.objects.get(ref="655/SNV-XDCQ&CTTN")
    assert document.arrival_number == 2 and document.created_by == clerk
    assert document.files.get().content_type == "application/pdf"
    assert document.citations_out.get().target == decision
    detail = client.get(reverse("documents:detail", args=[decision.pk])).content.decode()
    assert "Được dẫn chiếu bởi (1)" in detail and "655/SNV-XDCQ&amp;CTTN" in detail
    assert "Thay thế" in detail and "99/QĐ-UBND" in detail


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"ref": "2121"}, "không đúng dạng"),
        ({"ref": "2121/QĐ-UBND", "issuer": None, "document_date": "2020-12-31"}, "đã có trong sổ"),
        ({"document_date": "2021-03-05"}, "Ngày văn bản không thể sau ngày đến"),
        ({"summary": ""}, "This field is required"),
    ],
)
def test_bad_input_shows_a_message_and_saves_nothing(client, clerk, decision, overrides, message):
    login(client, clerk)
    data = incoming_post(**overrides)
    if overrides.get("issuer", 0) is None:
        data["issuer"] = issuer("UBND").pk
        data["document_type"] = doc_type("Quyết định (cá biệt)").pk
    before = Document.objects.count()
    response = client.post(reverse("documents:incoming_create"), data)
    assert response.status_code == 200
    content = response.content.decode()
    assert message in content or (message == "This field is required" and "Trường này là bắt buộc" in content)
    assert Document.objects.count() == before


def test_bad_file_rolls_back_the_registration(client, clerk, db):
    login(client, clerk)
    upload = SimpleUploadedFile("virus.pdf", b"MZ\x90\x00", content_type="application/pdf")
    response = client.post(reverse("documents:incoming_create"), {**incoming_post(), "file": upload})
    assert response.status_code == 200
    assert "nội dung không phải PDF, DOCX, DOC" in response.content.decode()
    assert not Document.objects.exists() and not DocumentFile.objects.exists()


def test_permissions(client, make_staff, units, decision):
    specialist = make_staff(Role.SPECIALIST, unit=units["QLTM"])
    login(client, specialist)
    assert client.get(reverse("documents:incoming_create")).status_code == 403
    assert client.post(reverse("documents:issue", args=[decision.pk])).status_code == 403
    assert client.get(reverse("documents:detail", args=[decision.pk])).status_code == 200


def test_scope(client, make_staff, units, decision, other_agency):
    # A specialist of another unit does not see the decision handled by QLTM.
    outsider = make_staff(Role.SPECIALIST, unit=units["QLCN"])
    login(client, outsider)
    assert client.get(reverse("documents:detail", args=[decision.pk])).status_code == 404
    assert "2121/QĐ-UBND" not in client.get(reverse("documents:incoming")).content.decode()
    # Nor does a clerk of another agency.
    foreign_clerk = make_staff(Role.CLERK, user_agency=other_agency)
    login(client, foreign_clerk)
    assert client.get(reverse("documents:detail", args=[decision.pk])).status_code == 404


def test_draft_then_issue_through_the_pages(client, make_staff, units, clerk):
    drafter = make_staff(Role.SPECIALIST, unit=units["VP"])
    login(client, drafter)
    data = {
        "document_type": doc_type("Công văn").pk,
        "summary": "Triển khai kế hoạch dân vận",
        "addressees": "Trưởng các phòng, đơn vị",
        "body": "Thực hiện Quyết định số 2121/QĐ-UBND ngày 31/12/2020.",
        "drafting_unit": units["VP"].pk,
        "signing_authority": "",
        "signer_title": "GIÁM ĐỐC",
        "signer_name": "Võ Văn Rân",
        "recipients": "Như trên;",
    }
    bad = client.post(reverse("documents:draft_create"), {**data, "signing_authority": "KT."})
    assert "cần ghi chức vụ của người trực tiếp ký" in bad.content.decode()
    assert not Document.objects.exists()
    response = client.post(reverse("documents:draft_create"), data)
    draft = Document.objects.get()
    assert response.status_code == 302 and draft.status == Document.Status.DRAFT and draft.number == ""
    assert client.post(reverse("documents:issue", args=[draft.pk]), {"issued_on": "2021-03-03"}).status_code == 403
    login(client, clerk)
    client.post(reverse("documents:issue", args=[draft.pk]), {"issued_on": "2021-03-03"})
    draft.refresh_from_db()
    assert draft.ref == "01/SCT-VP" and draft.document_date == dt.date(2021, 3, 3)
    issued_file = draft.files.get(kind=DocumentFile.Kind.ISSUED)
    download = client.get(reverse("documents:file", args=[draft.pk, issued_file.pk]))
    assert download.status_code == 200
    text = [
        p.text
        for t in docx.Document(io.BytesIO(b"".join(download.streaming_content))).tables
        for p in t.rows[0].cells[0].paragraphs
    ]
    assert "Số: 01/SCT-VP" in text
    again = client.post(reverse("documents:issue", args=[draft.pk]), {"issued_on": "2021-03-04"}, follow=True)
    assert "Chỉ dự thảo văn bản đi mới được cấp số" in again.content.decode()


def test_unresolved_page(client, clerk, decision):
    login(client, clerk)
    body = client.get(reverse("documents:unresolved")).content.decode()
    assert "12/QĐ-UBND" in body and "99/QĐ-UBND" in body
    assert "?ref=12/Q%C4%90-UBND" in body or "ref=12/Q" in body


def test_handling_tracker_and_dispatch_pages(client, clerk, units, decision, agency):
    login(client, clerk)
    url = reverse("documents:handling", args=[decision.pk])
    bad = client.post(url, {"handling_status": "done", "reply_ref": "trả lời rồi"}, follow=True)
    assert "không đúng dạng" in bad.content.decode()
    decision.refresh_from_db()
    assert decision.handling_status == Document.Handling.NOT_STARTED and decision.reply_ref == ""
    client.post(url, {"handling_status": "done", "reply_ref": "327/SCT-VP", "handling_unit": units["VP"].pk})
    decision.refresh_from_db()
    assert (decision.handling_status, decision.reply_ref, decision.handling_unit) == ("done", "327/SCT-VP", units["VP"])
    # Dispatch is only for issued outgoing documents.
    refused = client.post(
        reverse("documents:dispatch", args=[decision.pk]), {"dispatched_on": "2021-03-05"}, follow=True
    )
    assert "Chỉ văn bản đi đã cấp số" in refused.content.decode()


def test_draft_update_page(client, make_staff, units, agency):
    from egov.documents.services import outgoing_draft_create

    drafter = make_staff(Role.SPECIALIST, unit=units["VP"])
    draft = outgoing_draft_create(
        agency=agency,
        user=drafter,
        document_type=doc_type("Công văn"),
        summary="Bản đầu",
        body="Nội dung đầu.",
        drafting_unit=units["VP"],
        signer_title="GIÁM ĐỐC",
        signer_name="Võ Văn Rân",
    )
    login(client, drafter)
    url = reverse("documents:draft_update", args=[draft.pk])
    page = client.get(url)
    assert page.status_code == 200 and page.context["form"].initial["summary"] == "Bản đầu"
    data = {
        "document_type": doc_type("Công văn").pk,
        "summary": "Bản sửa",
        "body": "",
        "drafting_unit": units["VP"].pk,
        "signer_title": "GIÁM ĐỐC",
        "signer_name": "Võ Văn Rân",
    }
    assert "Trường này là bắt buộc" in client.post(url, data).content.decode()
    draft.refresh_from_db()
    assert draft.summary == "Bản đầu"
    assert client.post(url, {**data, "body": "Nội dung sửa."}).status_code == 302
    draft.refresh_from_db()
    assert (draft.summary, draft.body, draft.number) == ("Bản sửa", "Nội dung sửa.", "")


def draft_post(units, **overrides):
    data = {
        "document_type": doc_type("Công văn").pk,
        "summary": "Về việc triển khai kế hoạch dân vận",
        "addressees": "Trưởng các phòng, đơn vị",
        "body": (
            "1. Quán triệt kế hoạch.\n2. Báo cáo kết quả.\nGiao Văn phòng tổng hợp, báo cáo định kỳ 6 tháng, 01 năm."
        ),
        "drafting_unit": units["VP"].pk,
        "signing_authority": "",
        "signer_title": "GIÁM ĐỐC",
        "signer_name": "Võ Văn Rân",
        "recipients": "Như trên;",
    }
    data.update(overrides)
    return data


def test_the_clerk_drafts_and_issues(client, clerk, units):
    login(client, clerk)
    assert client.get(reverse("documents:draft_create")).status_code == 200
    response = client.post(reverse("documents:draft_create"), draft_post(units))
    draft = Document.objects.get()
    assert response.status_code == 302 and draft.created_by == clerk
    client.post(reverse("documents:issue", args=[draft.pk]), {"issued_on": "2021-03-03"})
    draft.refresh_from_db()
    assert draft.ref == "01/SCT-VP"


def test_a_specialist_drafts_for_their_own_unit_only(client, make_staff, units):
    specialist = make_staff(Role.SPECIALIST, unit=units["QLTM"])
    login(client, specialist)
    page = client.get(reverse("documents:draft_create"))
    assert list(page.context["form"].fields["drafting_unit"].queryset) == [units["QLTM"]]
    response = client.post(reverse("documents:draft_create"), draft_post(units))  # VP: not theirs
    assert response.status_code == 200 and not Document.objects.exists()
    # The service refuses too, whatever form calls it.
    from django.core.exceptions import ValidationError

    from egov.documents.services import outgoing_draft_create

    with pytest.raises(ValidationError, match="phòng, đơn vị của mình"):
        data = draft_post(units)
        outgoing_draft_create(
            agency=specialist.agency,
            user=specialist,
            document_type=doc_type("Công văn"),
            summary=data["summary"],
            body=data["body"],
            drafting_unit=units["VP"],
            signer_title="GIÁM ĐỐC",
            signer_name="Võ Văn Rân",
        )
    response = client.post(reverse("documents:draft_create"), draft_post(units, drafting_unit=units["QLTM"].pk))
    draft = Document.objects.get()
    # ... and can open it afterwards (it is within the unit's scope).
    assert client.get(reverse("documents:detail", args=[draft.pk])).status_code == 200
