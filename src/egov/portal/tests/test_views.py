import pytest
from django.core import mail
from django.test import override_settings
from django.urls import reverse

from egov.dossiers import services
from egov.dossiers.models import Attachment, Dossier, Status
from egov.organisations.roles import Role
from egov.outbox.backends import FakeSmsGateway
from egov.outbox.selectors import messages_about
from egov.portal import services as portal_services
from egov.portal.models import Feedback

from .world import advance_to, attach_result, file_online, pdf_upload

pytestmark = pytest.mark.django_db


def _login(client, user):
    client.force_login(user)
    return client


# --- catalogue ---------------------------------------------------------------------------------


def test_catalogue_finds_a_procedure_with_or_without_diacritics(client, department):
    for query in ("ban buon ruou", "bán buôn rượu", "BÁN BUÔN"):
        response = client.get(reverse("portal:catalogue"), {"q": query})
        assert response.status_code == 200
        assert "Cấp Giấy phép bán buôn rượu" in response.content.decode()
    response = client.get(reverse("portal:catalogue"), {"q": "xang dau"})
    assert "Cấp Giấy phép bán buôn rượu" not in response.content.decode()


def test_catalogue_filters_by_field_and_online(client, department):
    field = department.alcohol.field
    page = client.get(reverse("portal:catalogue"), {"field": field.pk, "online": "on"}).content.decode()
    assert "Cấp Giấy phép bán buôn rượu" in page
    assert "sản xuất rượu thủ công" not in page


def test_procedure_detail_shows_the_public_details(client, department):
    page = client.get(reverse("portal:procedure", args=[department.alcohol.code])).content.decode()
    for text in (
        "Đơn đề nghị cấp Giấy phép bán buôn rượu (theo mẫu)",
        "Bản sao",
        "1.200.000",
        "15 ngày làm việc",
        "Giấy phép bán buôn rượu",
        "Nghị định 105/2017/NĐ-CP",
        "Toàn trình",
        "Trung tâm Phục vụ hành chính công",
        "Nộp hồ sơ trực tuyến",
    ):
        assert text in page, text


def test_offline_procedure_has_no_online_filing(client, department):
    page = client.get(reverse("portal:procedure", args=[department.offline.code])).content.decode()
    assert "Nộp hồ sơ trực tuyến" not in page
    _login(client, department.citizen)
    assert client.get(reverse("portal:file_contact", args=[department.offline.code])).status_code == 404


def test_unknown_procedure_is_404(client, department):
    assert client.get(reverse("portal:procedure", args=["9.999999"])).status_code == 404


# --- online filing -------------------------------------------------------------------------------


def _request_code(client, department, phone="0905 123 456"):
    url = reverse("portal:file_contact", args=[department.alcohol.code])
    response = client.post(url, {"channel": "sms", "phone": phone})
    assert response.status_code == 302, response.content.decode()[:2000]
    sms = FakeSmsGateway.outbox[-1]
    return sms.text.split("là ")[1][:6]


def _filing_data(department, code, **overrides):
    documents = list(department.alcohol.versions.get().required_documents.all())
    data = {
        "kind": "person",
        "name": "Nguyễn Văn An",
        "id_number": "051090001234",
        "address": "TP Quảng Ngãi",
        "email": "an@example.vn",
        "otp": code,
        "result_delivery": "electronic",
        f"doc_{documents[0].pk}": pdf_upload("don-de-nghi.pdf"),
        f"doc_{documents[1].pk}": pdf_upload("dang-ky-doanh-nghiep.pdf"),
    }
    data.update(overrides)
    return data, documents


def test_filing_requires_log_in(client, department):
    response = client.get(reverse("portal:file_contact", args=[department.alcohol.code]))
    assert response.status_code == 302
    assert reverse("login") in response["Location"]


def test_online_filing_with_a_one_time_code(client, department):
    _login(client, department.citizen)
    code = _request_code(client, department)
    assert FakeSmsGateway.outbox[-1].phone == "84905123456"
    data, documents = _filing_data(department, code)
    response = client.post(reverse("portal:file_form", args=[department.alcohol.code]), data)
    assert response.status_code == 302, response.content.decode()[:3000]
    dossier = Dossier.objects.get()
    assert response["Location"] == reverse("portal:my_dossier", args=[dossier.pk])
    assert dossier.owner == department.citizen
    assert dossier.channel == "online"
    assert dossier.status == Status.SUBMITTED
    assert dossier.applicant_phone == "0905123456"  # the confirmed number, not an edited one
    assert {a.required_document_id for a in dossier.attachments.all()} == {documents[0].pk, documents[1].pk}
    assert messages_about(dossier).filter(kind="online_submitted").count() == 2
    page = client.get(response["Location"]).content.decode()
    assert f"TT-{dossier.pk:08d}" in page
    # The code is single-use.
    data, _ = _filing_data(department, code)
    response = client.post(reverse("portal:file_form", args=[department.alcohol.code]), data)
    assert response.status_code == 302  # back to step 1: no pending code any more
    assert Dossier.objects.count() == 1


def test_code_by_email(client, department):
    _login(client, department.citizen)
    response = client.post(
        reverse("portal:file_contact", args=[department.alcohol.code]), {"channel": "email", "email": "an@example.vn"}
    )
    assert response.status_code == 302
    assert mail.outbox[-1].to == ["an@example.vn"]
    assert "Mã xác nhận" in mail.outbox[-1].body


def test_wrong_code_keeps_everything_unwritten(client, department):
    _login(client, department.citizen)
    code = _request_code(client, department)
    wrong = "000000" if code != "000000" else "111111"
    data, _ = _filing_data(department, wrong)
    response = client.post(reverse("portal:file_form", args=[department.alcohol.code]), data)
    assert response.status_code == 400
    assert "Mã xác nhận không đúng" in response.content.decode()
    assert Dossier.objects.count() == 0
    assert Attachment.objects.count() == 0
    # The right code still works after one mistake.
    data, _ = _filing_data(department, code)
    assert client.post(reverse("portal:file_form", args=[department.alcohol.code]), data).status_code == 302


def test_bad_file_and_bad_id_are_reported_and_the_code_is_not_spent(client, department):
    _login(client, department.citizen)
    code = _request_code(client, department)
    documents = list(department.alcohol.versions.get().required_documents.all())
    from django.core.files.uploadedfile import SimpleUploadedFile

    fake_pdf = SimpleUploadedFile("don.pdf", b"MZ\x90\x00 not a pdf at all", content_type="application/pdf")
    data, _ = _filing_data(department, code, id_number="12345", **{f"doc_{documents[0].pk}": fake_pdf})
    response = client.post(reverse("portal:file_form", args=[department.alcohol.code]), data)
    page = response.content.decode()
    assert response.status_code == 400
    assert "Định dạng tệp không được chấp nhận" in page
    assert "Số định danh cá nhân phải gồm đúng 12 chữ số" in page
    assert Dossier.objects.count() == 0
    data, _ = _filing_data(department, code)
    assert client.post(reverse("portal:file_form", args=[department.alcohol.code]), data).status_code == 302


def test_missing_mandatory_document(client, department):
    _login(client, department.citizen)
    code = _request_code(client, department)
    data, documents = _filing_data(department, code)
    del data[f"doc_{documents[1].pk}"]
    response = client.post(reverse("portal:file_form", args=[department.alcohol.code]), data)
    assert response.status_code == 400
    assert "Cần tải lên “Giấy chứng nhận đăng ký doanh nghiệp”" in response.content.decode()
    assert Dossier.objects.count() == 0


def test_invalid_phone_for_the_code(client, department):
    _login(client, department.citizen)
    response = client.post(
        reverse("portal:file_contact", args=[department.alcohol.code]), {"channel": "sms", "phone": "12"}
    )
    assert response.status_code == 400
    assert "Số điện thoại không hợp lệ" in response.content.decode()
    assert FakeSmsGateway.outbox == []


@override_settings(EGOV_INTEGRATIONS={"email": "egov.outbox.backends.DjangoEmailSender"})
def test_unconfigured_sms_says_so(client, department):
    from egov.core.integrations import reset_integrations

    reset_integrations()
    try:
        _login(client, department.citizen)
        response = client.post(
            reverse("portal:file_contact", args=[department.alcohol.code]), {"channel": "sms", "phone": "0905123456"}
        )
        assert response.status_code == 400
        assert "chưa có dịch vụ gửi tin nhắn" in response.content.decode()
    finally:
        reset_integrations()


def test_form_without_a_code_goes_back_to_step_one(client, department):
    _login(client, department.citizen)
    response = client.get(reverse("portal:file_form", args=[department.alcohol.code]))
    assert response.status_code == 302
    assert response["Location"] == reverse("portal:file_contact", args=[department.alcohol.code])


# --- public look-up ------------------------------------------------------------------------------


def test_lookup_shows_the_step_and_dates_but_no_personal_data(client, department):
    dossier = advance_to(department, file_online(department, name="Nguyễn Văn Bí Mật", phone="0911222333"), "assigned")
    response = client.get(reverse("portal:lookup"), {"ma": dossier.code.lower()})
    page = response.content.decode()
    assert response.status_code == 200
    assert dossier.code in page
    assert "Cấp Giấy phép bán buôn rượu" in page
    assert "Đang xử lý" in page
    assert dossier.due_date.strftime("%d/%m/%Y") in page
    assert "trong hạn" in page
    for secret in ("Bí Mật", "0911222333", "051090001234", "an@example.vn", department.user(Role.SPECIALIST).full_name):
        assert secret not in page


def test_lookup_of_an_unknown_code(client, department):
    response = client.get(reverse("portal:lookup"), {"ma": "000.00.99.H48-200101-0001"})
    assert response.status_code == 404
    assert "Không tìm thấy hồ sơ" in response.content.decode()


@override_settings(EGOV_LOOKUP_RATE="3/minute")
def test_lookup_is_rate_limited(client, department):
    for _ in range(3):
        assert client.get(reverse("portal:lookup"), {"ma": "X"}).status_code == 404
    response = client.get(reverse("portal:lookup"), {"ma": "X"})
    assert response.status_code == 429
    assert int(response["Retry-After"]) > 0
    assert "quá nhiều lần" in response.content.decode()
    # The empty form is not counted.
    assert client.get(reverse("portal:lookup")).status_code == 200


# --- the citizen's account -----------------------------------------------------------------------


def test_my_dossiers_lists_only_my_own(client, department):
    mine = file_online(department)
    theirs = file_online(department, department.other_citizen, name="Phạm Thị Bình")
    _login(client, department.citizen)
    page = client.get(reverse("portal:my_dossiers")).content.decode()
    assert f"TT-{mine.pk:08d}" in page
    assert f"TT-{theirs.pk:08d}" not in page
    assert client.get(reverse("portal:my_dossier", args=[theirs.pk])).status_code == 404
    attachment = theirs.attachments.first()
    assert client.get(reverse("portal:my_dossier_file", args=[theirs.pk, attachment.pk])).status_code == 404
    assert client.get(reverse("portal:my_dossier_file", args=[mine.pk, attachment.pk])).status_code == 404


def test_supplement_upload_completes_the_request(client, department):
    dossier = advance_to(department, file_online(department), "paused")
    _login(client, department.citizen)
    page = client.get(reverse("portal:my_dossier", args=[dossier.pk])).content.decode()
    assert "Bản sao hợp đồng thuê kho hàng" in page
    response = client.post(
        reverse("portal:my_dossier_supplement", args=[dossier.pk]),
        {"files": [pdf_upload("hop-dong-kho.pdf"), pdf_upload("phu-luc.pdf")], "note": "Đã bổ sung hợp đồng."},
    )
    assert response.status_code == 302
    dossier.refresh_from_db()
    assert dossier.status == Status.PROCESSING
    assert dossier.attachments.filter(kind=Attachment.Kind.SUPPLEMENT).count() == 2
    assert dossier.pauses.get().completed_at is not None


def test_supplement_with_a_bad_file_changes_nothing(client, department):
    from django.core.files.uploadedfile import SimpleUploadedFile

    dossier = advance_to(department, file_online(department), "paused")
    _login(client, department.citizen)
    bad = SimpleUploadedFile("virus.pdf", b"MZ\x90\x00", content_type="application/pdf")
    response = client.post(reverse("portal:my_dossier_supplement", args=[dossier.pk]), {"files": [pdf_upload(), bad]})
    assert response.status_code == 400
    assert "virus.pdf" in response.content.decode()
    dossier.refresh_from_db()
    assert dossier.status == Status.PAUSED
    assert not dossier.attachments.filter(kind=Attachment.Kind.SUPPLEMENT).exists()


def test_a_finished_dossier_takes_no_supplement_in_the_portal(client, department):
    dossier = advance_to(department, file_online(department), "paused")
    services.dossier_withdraw(dossier=dossier, actor=department.citizen, reason="Không còn nhu cầu.")
    _login(client, department.citizen)
    response = client.post(
        reverse("portal:my_dossier_supplement", args=[dossier.pk]), {"files": [pdf_upload("hop-dong-kho.pdf")]}
    )
    assert response.status_code == 400
    assert "Hồ sơ đang ở trạng thái “Rút hồ sơ”: không nhận thêm tệp." in response.content.decode()
    assert not dossier.attachments.filter(kind=Attachment.Kind.SUPPLEMENT).exists()


def test_a_supplement_past_the_dossier_cap_is_refused_whole(client, department, settings):
    dossier = advance_to(department, file_online(department), "paused")
    used = sum(dossier.attachments.values_list("size", flat=True))
    files = [pdf_upload("hop-dong-kho.pdf"), pdf_upload("phu-luc.pdf")]
    settings.EGOV_DOSSIER_MAX_BYTES = used + files[0].size + 1  # room for one more file, not two
    _login(client, department.citizen)
    response = client.post(reverse("portal:my_dossier_supplement", args=[dossier.pk]), {"files": files})
    assert response.status_code == 400
    assert "Tổng dung lượng tệp của một hồ sơ tối đa" in response.content.decode()
    dossier.refresh_from_db()
    assert dossier.status == Status.PAUSED
    assert not dossier.attachments.filter(kind=Attachment.Kind.SUPPLEMENT).exists()


def test_a_zip_bomb_docx_is_refused_in_the_filing_form_and_the_code_is_not_spent(client, department):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from egov.core.tests.test_files import zip_bomb_docx

    _login(client, department.citizen)
    code = _request_code(client, department)
    documents = list(department.alcohol.versions.get().required_documents.all())
    bomb = SimpleUploadedFile("don-de-nghi.docx", zip_bomb_docx())
    data, _ = _filing_data(department, code, **{f"doc_{documents[0].pk}": bomb})
    response = client.post(reverse("portal:file_form", args=[department.alcohol.code]), data)
    assert response.status_code == 400
    assert "Tệp nén khi giải nén chiếm 110 MB, vượt giới hạn 100 MB: không nhận." in response.content.decode()
    assert Dossier.objects.count() == 0
    data, _ = _filing_data(department, code)
    assert client.post(reverse("portal:file_form", args=[department.alcohol.code]), data).status_code == 302


def test_the_signed_result_reaches_the_applicant_only_when_returned_electronically(client, department):
    """Signed but not handed over (its fee unpaid): the file is not the applicant's yet."""
    dossier = advance_to(department, file_online(department), "resolved")
    result = attach_result(department, dossier)
    _login(client, department.citizen)
    assert (
        "giay-phep-ban-buon-ruou.pdf"
        not in client.get(reverse("portal:my_dossier", args=[dossier.pk])).content.decode()
    )
    assert client.get(reverse("portal:my_dossier_file", args=[dossier.pk, result.pk])).status_code == 404


def test_result_download_and_rating_once(client, department):
    dossier = advance_to(department, file_online(department), "returned")
    result = dossier.attachments.get(kind=Attachment.Kind.RESULT)
    _login(client, department.citizen)
    page = client.get(reverse("portal:my_dossier", args=[dossier.pk])).content.decode()
    assert "Kết quả giải quyết (bản điện tử)" in page
    assert "Đánh giá mức độ hài lòng" in page
    response = client.get(reverse("portal:my_dossier_file", args=[dossier.pk, result.pk]))
    assert response.status_code == 200
    assert b"".join(response.streaming_content).startswith(b"%PDF")
    response = client.post(
        reverse("portal:my_dossier_rate", args=[dossier.pk]), {"rating": "very_satisfied", "comment": "Nhanh."}
    )
    assert response.status_code == 302
    dossier.refresh_from_db()
    assert dossier.rating == "very_satisfied"
    response = client.post(reverse("portal:my_dossier_rate", args=[dossier.pk]), {"rating": "unsatisfied"})
    assert response.status_code == 400
    assert "đã được đánh giá" in response.content.decode()
    dossier.refresh_from_db()
    assert dossier.rating == "very_satisfied"


def test_rating_before_return_is_refused(client, department):
    dossier = advance_to(department, file_online(department), "assigned")
    _login(client, department.citizen)
    response = client.post(reverse("portal:my_dossier_rate", args=[dossier.pk]), {"rating": "satisfied"})
    assert response.status_code == 400
    dossier.refresh_from_db()
    assert dossier.rating == ""


def test_internal_papers_are_not_offered_to_the_applicant(client, department):
    from egov.dossiers.attachments import attachment_add

    dossier = advance_to(department, file_online(department), "assigned")
    internal = attachment_add(
        dossier=dossier,
        upload=pdf_upload("to-trinh.pdf"),
        actor=department.user(Role.SPECIALIST),
        kind=Attachment.Kind.INTERNAL,
    )
    _login(client, department.citizen)
    assert "to-trinh.pdf" not in client.get(reverse("portal:my_dossier", args=[dossier.pk])).content.decode()
    assert client.get(reverse("portal:my_dossier_file", args=[dossier.pk, internal.pk])).status_code == 404


def test_the_applicant_downloads_the_receipt_and_the_forms_sent_to_them(client, department):
    dossier = advance_to(department, file_online(department), "paused")  # received, then asked to supplement
    _login(client, department.citizen)
    page = client.get(reverse("portal:my_dossier", args=[dossier.pk])).content.decode()
    receipt = reverse("portal:my_dossier_form", args=[dossier.pk, "01"])
    supplement = reverse("portal:my_dossier_form", args=[dossier.pk, "02"])
    assert f'href="{receipt}"' in page and "Giấy tiếp nhận hồ sơ và hẹn trả kết quả" in page
    assert f'href="{supplement}"' in page
    response = client.get(receipt)
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == f'attachment; filename="mau-01-{dossier.code}.pdf"'
    assert response.content.startswith(b"%PDF")
    # Not issued (no refusal, no apology) or not the applicant's (the control slip, the register).
    for number in ("03", "04", "05", "06", "07", "99"):
        assert f'href="{reverse("portal:my_dossier_form", args=[dossier.pk, number])}"' not in page
        assert client.get(reverse("portal:my_dossier_form", args=[dossier.pk, number])).status_code == 404, number


def test_a_dossier_not_yet_received_has_no_receipt_to_download(client, department):
    dossier = file_online(department)
    _login(client, department.citizen)
    assert "Phiếu cơ quan gửi bạn" not in client.get(reverse("portal:my_dossier", args=[dossier.pk])).content.decode()
    assert client.get(reverse("portal:my_dossier_form", args=[dossier.pk, "01"])).status_code == 404


def test_nobody_downloads_the_forms_of_a_dossier_not_theirs(client, department):
    theirs = advance_to(department, file_online(department, department.other_citizen, name="Phạm Thị Bình"), "received")
    _login(client, department.citizen)
    assert client.get(reverse("portal:my_dossier_form", args=[theirs.pk, "01"])).status_code == 404


def test_feedback(client, department):
    dossier = file_online(department)
    theirs = file_online(department, department.other_citizen)
    _login(client, department.citizen)
    response = client.post(
        reverse("portal:feedback"), {"dossier": theirs.pk, "message": "Góp ý về hồ sơ của người khác."}
    )
    assert response.status_code == 400
    response = client.post(reverse("portal:feedback"), {"message": "ngắn"})
    assert response.status_code == 400
    assert "ít nhất 10 ký tự" in response.content.decode()
    response = client.post(
        reverse("portal:feedback"), {"dossier": dossier.pk, "message": "Cán bộ hướng dẫn rất tận tình."}
    )
    assert response.status_code == 302
    assert Feedback.objects.get().dossier == dossier


def test_signup_creates_a_citizen_account(client, db):
    response = client.post(
        reverse("portal:signup"),
        {
            "username": "tranthic",
            "full_name": "Trần Thị C",
            "email": "c@example.vn",
            "phone": "0905 111 222",
            "password1": "mot-mat-khau-du-dai-2026",
            "password2": "mot-mat-khau-du-dai-2026",
        },
    )
    assert response.status_code == 302
    from egov.organisations.models import User

    user = User.objects.get(username="tranthic")
    assert user.phone == "0905111222"
    assert user.agency_id is None and user.scope is None
    assert client.get(reverse("portal:my_dossiers")).status_code == 200


@override_settings(EGOV_SIGNUP_RATE="2/hour")
def test_signup_is_rate_limited_per_address_and_creates_nothing_over_the_limit(client, db):
    from egov.organisations.models import User

    def attempt(username):
        data = {
            "username": username,
            "full_name": "Lê Văn D",
            "email": f"{username}@example.vn",
            "phone": "0905 333 444",
        }
        return client.post(reverse("portal:signup"), {**data, "password1": "mot-mat-khau-du-dai-2026",
                                                      "password2": "mot-mat-khau-du-dai-2026"})  # fmt: skip

    assert attempt("levand1").status_code == 302
    client.logout()
    assert client.post(reverse("portal:signup"), {"username": ""}).status_code == 400  # an invalid attempt counts too
    response = attempt("levand2")
    assert response.status_code == 429
    assert int(response["Retry-After"]) > 0
    page = response.content.decode()
    assert "quá nhiều lần đăng ký" in page and 'value="levand2"' in page  # what was typed is kept
    assert not User.objects.filter(username="levand2").exists()
    assert client.get(reverse("portal:signup")).status_code == 200  # showing the form is not counted


def test_pages_work_on_a_phone_and_have_labels(client, department):
    page = client.get(reverse("portal:catalogue")).content.decode()
    assert 'name="viewport"' in page
    assert '<label for="id_q">' in page
    assert "https://" not in page.split("<body")[0]  # no CDN asset in the head


@override_settings(EGOV_OTP_RATE="2/hour")
def test_sending_codes_is_capped_per_address(client, department):
    _login(client, department.citizen)
    url = reverse("portal:file_contact", args=[department.alcohol.code])
    for phone in ("0905111111", "0905222222"):
        assert client.post(url, {"channel": "sms", "phone": phone}).status_code == 302
    response = client.post(url, {"channel": "sms", "phone": "0905333333"})
    assert response.status_code == 400
    assert "Đã gửi quá nhiều mã xác nhận" in response.content.decode()
    assert len(FakeSmsGateway.outbox) == 2


# --- fees and online payment -----------------------------------------------------------------------


def test_the_applicant_sees_the_fee_and_pays_it_online(client, department):
    """Issue: fees always read "Phải nộp: 0 đồng". The 1.200.000 đồng fee shows, is paid through the
    payment integration (its fake here), and the page then shows it paid with its e-invoice."""
    dossier = advance_to(department, file_online(department), "resolved")
    _login(client, department.citizen)
    page = client.get(reverse("portal:my_dossier", args=[dossier.pk])).content.decode()
    assert "Phải nộp: 1.200.000 đồng · Đã nộp: 0 đồng · Còn lại: 1.200.000 đồng" in page
    assert "Thanh toán trực tuyến 1.200.000 đồng" in page
    response = client.post(reverse("portal:my_dossier_pay", args=[dossier.pk]), follow=True)
    page = response.content.decode()
    assert "Đã thanh toán 1.200.000 đồng (mã giao dịch FAKEPAY-" in page
    assert "Còn lại: 0 đồng" in page and "hóa đơn điện tử FAKE-HD" in page
    assert "Thanh toán trực tuyến 1.200.000 đồng" not in page
    assert dossier.payments.get().method == "online"


def test_without_a_payment_gateway_the_applicant_is_sent_to_the_desk(client, department):
    from egov.core.integrations import reset_integrations

    dossier = advance_to(department, file_online(department), "received")
    _login(client, department.citizen)
    with override_settings(EGOV_INTEGRATIONS={}):
        reset_integrations()
        try:
            response = client.post(reverse("portal:my_dossier_pay", args=[dossier.pk]), follow=True)
        finally:
            reset_integrations()
    assert "Thanh toán trực tuyến chưa được kết nối" in response.content.decode()
    assert not dossier.payments.exists()


def test_nobody_pays_for_a_dossier_not_theirs(client, department, django_user_model):
    dossier = advance_to(department, file_online(department), "received")
    other = django_user_model.objects.create_user(username="nguoi-khac", password="x")
    _login(client, other)
    assert client.post(reverse("portal:my_dossier_pay", args=[dossier.pk])).status_code == 404
    assert not dossier.payments.exists()


def test_the_procedure_page_lists_alternative_rates_without_adding_them_up(client, department):
    from egov.procedures.models import FeeItem

    version = department.alcohol.versions.get()
    version.fee_items.all().delete()
    FeeItem.objects.create(version=version, name="Phí thẩm định", amount_vnd=1_200_000, condition="TP, thị xã")
    FeeItem.objects.create(version=version, name="Phí thẩm định", amount_vnd=600_000, condition="khu vực khác", order=1)
    page = client.get(reverse("portal:procedure", args=[department.alcohol.code])).content.decode()
    assert "Phí thẩm định (TP, thị xã)" in page and "600.000" in page
    assert "Tổng cộng" not in page and "1.800.000" not in page


def test_a_dossier_waiting_for_its_fee_says_so_and_resumes_once_paid(client, department):
    """DVCQG status 6: the applicant sees the request and that the clock is stopped; paying resumes it."""

    dossier = advance_to(department, file_online(department), "assigned")
    services.dossier_request_payment(dossier=dossier, actor=department.user(Role.SPECIALIST))
    _login(client, department.citizen)
    page = client.get(reverse("portal:my_dossier", args=[dossier.pk])).content.decode()
    assert "Chờ thực hiện nghĩa vụ tài chính" in page
    assert "Tạm dừng, chờ người nộp thực hiện nghĩa vụ tài chính" in page
    assert "Kết quả chỉ được trả sau khi bạn nộp đủ phí, lệ phí." in page
    client.post(reverse("portal:my_dossier_pay", args=[dossier.pk]))
    dossier.refresh_from_db()
    assert dossier.status == Status.PROCESSING
    page = client.get(reverse("portal:my_dossier", args=[dossier.pk])).content.decode()
    assert "Còn lại: 0 đồng" in page and page.count("Chờ thực hiện nghĩa vụ tài chính") == 1  # the timeline


def test_the_citizen_sees_the_deadline_then_the_answer_on_their_pages(client, department):
    dossier = file_online(department)
    _login(client, department.citizen)
    response = client.post(
        reverse("portal:feedback"),
        {"dossier": dossier.pk, "message": "Xin hướng dẫn thêm về hợp đồng kho hàng."},
        follow=True,
    )
    feedback = Feedback.objects.get()
    day = feedback.due_date.strftime("%d/%m/%Y")
    assert f"Cơ quan trả lời chậm nhất ngày {day}." in response.content.decode()
    assert f"Chưa có trả lời; hạn trả lời ngày {day}." in response.content.decode()
    portal_services.feedback_answer(
        feedback=feedback, actor=department.user(Role.RECEIVING_OFFICER), answer="Chỉ cần bản sao có chứng thực."
    )
    for url in (reverse("portal:feedback"), reverse("portal:my_dossier", args=[dossier.pk])):
        page = client.get(url).content.decode()
        assert "Chỉ cần bản sao có chứng thực." in page and "Xin hướng dẫn thêm về hợp đồng kho hàng." in page
    # Another citizen sees none of it.
    _login(client, department.other_citizen)
    assert "Chỉ cần bản sao có chứng thực." not in client.get(reverse("portal:feedback")).content.decode()


# --- the procedure's published sections (NĐ 63/2010/NĐ-CP Điều 8) -------------------------------


def _publish(version, *, steps: str, media_root) -> None:
    from django.core.files.uploadedfile import SimpleUploadedFile

    from egov.demo.procedures import application_form_docx
    from egov.procedures.blank_forms import blank_form_add
    from egov.procedures.models import FilingChannel, FilingMethod

    version.steps = steps
    version.applicants = "Doanh nghiệp\nHợp tác xã"
    version.requirements = "Là doanh nghiệp được thành lập theo quy định của pháp luật."
    version.legal_basis = "Nghị định 105/2017/NĐ-CP\nNghị định 17/2020/NĐ-CP"
    version.save()
    FilingMethod.objects.create(version=version, channel=FilingChannel.DIRECT, description="Tại Bộ phận Một cửa")
    FilingMethod.objects.create(
        version=version, channel=FilingChannel.ONLINE, time_limit=8, fee_text="Giảm 50 %", description="Trực tuyến"
    )
    blank_form_add(
        version=version,
        upload=SimpleUploadedFile("Mẫu 01.docx", application_form_docx()),
        name="Mẫu số 01: Đơn đề nghị",
        required_document=version.required_documents.first(),
    )


def test_procedure_page_shows_the_published_sections_as_headings_and_lists(client, department, settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path)
    version = department.alcohol.versions.get()
    _publish(version, steps="Bước 1: Nộp hồ sơ\nBước 2: Thẩm định\nBước 3: Trả kết quả", media_root=tmp_path)
    page = client.get(reverse("portal:procedure", args=[department.alcohol.code])).content.decode()

    for heading in (
        "Trình tự thực hiện",
        "Cách thức thực hiện",
        "Thành phần hồ sơ",
        "Đối tượng thực hiện",
        "Yêu cầu, điều kiện thực hiện",
        "Căn cứ pháp lý",
        "Mẫu đơn, tờ khai",
    ):
        assert f">{heading}</h2>" in page, heading
    # The list numbers the steps itself: the typed "Bước 1:" is not repeated.
    assert '<ol class="sections"><li>Nộp hồ sơ</li><li>Thẩm định</li><li>Trả kết quả</li></ol>' in page
    assert "<li>Doanh nghiệp</li><li>Hợp tác xã</li>" in page
    assert "<li>Nghị định 105/2017/NĐ-CP</li><li>Nghị định 17/2020/NĐ-CP</li>" in page
    # Each channel with its own limit, or the version's; its own fee, or the version's.
    assert '<th scope="row">Trực tiếp</th><td>15 ngày làm việc</td><td>Theo mục Phí, lệ phí</td>' in page
    assert '<th scope="row">Trực tuyến</th><td>8 ngày làm việc</td><td>Giảm 50 %</td>' in page
    form = version.blank_forms.get()
    link = reverse("portal:blank_form", args=[department.alcohol.code, form.pk])
    assert page.count(f'href="{link}" download') == 2  # in the dossier's table and in the forms' list
    assert "(DOCX, " in page


def test_a_blank_form_downloads_without_logging_in_under_its_name_and_checked_type(
    client, department, settings, tmp_path
):
    settings.MEDIA_ROOT = str(tmp_path)
    _publish(department.alcohol.versions.get(), steps="Nộp hồ sơ", media_root=tmp_path)
    form = department.alcohol.versions.get().blank_forms.get()
    response = client.get(reverse("portal:blank_form", args=[department.alcohol.code, form.pk]))

    assert response.status_code == 200
    assert response["Content-Type"] == "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
    assert (
        "attachment" in response["Content-Disposition"] and "M%E1%BA%ABu%2001.docx" in response["Content-Disposition"]
    )
    assert b"".join(response.streaming_content) == form.file.open("rb").read()
    # Only under its own procedure, and only while the procedure is published.
    assert client.get(reverse("portal:blank_form", args=[department.offline.code, form.pk])).status_code == 404
    department.alcohol.is_active = False
    department.alcohol.save()
    assert client.get(reverse("portal:blank_form", args=[department.alcohol.code, form.pk])).status_code == 404


def test_a_dossier_links_to_the_rules_it_was_filed_under(client, department, settings, tmp_path):
    """A 2021 dossier shows 2021's text after the procedure's rules changed."""
    import datetime as dt

    from django.utils import timezone

    from egov.dossiers.models import Dossier
    from egov.procedures.tests.factories import ProcedureVersionFactory

    settings.MEDIA_ROOT = str(tmp_path)
    old = department.alcohol.versions.get()
    _publish(old, steps="Nộp hồ sơ giấy năm 2021", media_root=tmp_path)
    dossier = file_online(department)
    today = timezone.localdate()
    old.effective_to = today - dt.timedelta(days=1)
    old.save()
    ProcedureVersionFactory(procedure=department.alcohol, effective_from=today, steps="Nộp hồ sơ trực tuyến năm 2026")
    Dossier.objects.filter(pk=dossier.pk).update(procedure_version=old)

    url = reverse("portal:procedure", args=[department.alcohol.code])
    assert "Nộp hồ sơ trực tuyến năm 2026" in client.get(url).content.decode()
    _login(client, department.citizen)
    mine = client.get(reverse("portal:my_dossier", args=[dossier.pk])).content.decode()
    link = f"{url}?ngay={old.effective_from:%Y-%m-%d}"
    assert f'href="{link}"' in mine
    page = client.get(link).content.decode()
    assert "Nộp hồ sơ giấy năm 2021" in page and "năm 2026" not in page
    assert f"Quy định áp dụng ngày {old.effective_from:%d/%m/%Y}." in page
    assert "Mẫu số 01: Đơn đề nghị" in page  # the old version's form stays downloadable
    assert f"Từ ngày {old.effective_from:%d/%m/%Y} đến ngày {old.effective_to:%d/%m/%Y}" in page


def test_a_bad_date_shows_todays_rules_with_a_message(client, department):
    page = client.get(reverse("portal:procedure", args=[department.alcohol.code]), {"ngay": "31/02/2021"})
    assert page.status_code == 200
    text = page.content.decode()
    assert "Ngày không hợp lệ" in text and "Cấp Giấy phép bán buôn rượu" in text
    before = client.get(reverse("portal:procedure", args=[department.alcohol.code]), {"ngay": "2001-12-31"})
    assert "Thủ tục chưa có quy định có hiệu lực vào ngày này." in before.content.decode()
