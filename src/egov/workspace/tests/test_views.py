import datetime as dt

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from egov.dossiers.models import Attachment, Dossier, Status
from egov.organisations.roles import Role
from egov.portal.models import Feedback
from egov.portal.tests.world import PASSWORD, advance_to, file_online, other_agency_desk, pdf_upload
from egov.workdays.calendar import get_calendar

pytestmark = pytest.mark.django_db

R = Role


def _as(client, department, role):
    client.force_login(department.user(role))
    return client


def _act(client, dossier, action, data=None):
    data = {f"{action}-{key}": value for key, value in (data or {}).items()}
    return client.post(reverse("workspace:action", args=[dossier.pk, action]), data)


# --- log-in -------------------------------------------------------------------------------------


def test_login_locks_out_after_repeated_failures(client, department, settings):
    settings.AXES_FAILURE_LIMIT = 3
    user = department.user(R.RECEIVING_OFFICER)
    for _ in range(3):
        response = client.post(reverse("login"), {"username": user.username, "password": "sai-mat-khau"})
    response = client.post(reverse("login"), {"username": user.username, "password": PASSWORD})
    assert response.status_code == 429
    assert "tạm khóa" in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_login_then_the_queues(client, department):
    user = department.user(R.RECEIVING_OFFICER)
    response = client.post(
        reverse("login") + "?next=/can-bo/", {"username": user.username, "password": PASSWORD, "next": "/can-bo/"}
    )
    assert response.status_code == 302
    assert response["Location"] == "/can-bo/"
    assert client.get("/can-bo/").status_code == 200


# --- queues -------------------------------------------------------------------------------------


def test_queues_by_role(client, department):
    submitted = file_online(
        department, name="Công ty Sa Huỳnh", kind="organisation", tax_code="4300123456", id_number=""
    )
    assigned = advance_to(department, file_online(department, name="Hợp tác xã Trà Bồng"), "assigned")
    signing = advance_to(department, file_online(department, name="Công ty Thiên Ấn"), "awaiting_signature")
    resolved = advance_to(department, file_online(department, name="Doanh nghiệp Ba Tơ"), "resolved")
    paused = advance_to(department, file_online(department, name="Công ty Mỹ Khê"), "paused")

    def queue(role, slug):
        _as(client, department, role)
        response = client.get(reverse("workspace:queue", args=[slug]))
        assert response.status_code == 200, (role, slug)
        return response.content.decode()

    page = queue(R.RECEIVING_OFFICER, "tiep-nhan")
    assert "Công ty Sa Huỳnh" in page and "Trà Bồng" not in page
    page = queue(R.RECEIVING_OFFICER, "tra-ket-qua")
    assert "Ba Tơ" in page and "Thiên Ấn" not in page
    page = queue(R.SPECIALIST, "viec-cua-toi")
    assert "Trà Bồng" in page and "Sa Huỳnh" not in page and "Thiên Ấn" not in page
    page = queue(R.AGENCY_LEADER, "trinh-ky")
    assert "Thiên Ấn" in page
    page = queue(R.SPECIALIST, "cho-bo-sung")
    assert "Mỹ Khê" in page and "Trà Bồng" not in page
    # A specialist has no queue of dossiers to receive.
    _as(client, department, R.SPECIALIST)
    assert client.get(reverse("workspace:queue", args=["tiep-nhan"])).status_code == 404
    assert {submitted.pk, assigned.pk, signing.pk, resolved.pk, paused.pk}


def test_due_soon_and_overdue(client, department):
    soon = advance_to(department, file_online(department, name="Sắp Hạn"), "assigned")
    late = advance_to(department, file_online(department, name="Quá Hạn"), "assigned")
    today = timezone.localdate()
    Dossier.objects.filter(pk=soon.pk).update(due_date=get_calendar().add_working_days(today, 1))
    Dossier.objects.filter(pk=late.pk).update(due_date=today - dt.timedelta(days=3))
    _as(client, department, R.UNIT_HEAD)
    page = client.get(reverse("workspace:queue", args=["sap-den-han"])).content.decode()
    assert "Sắp Hạn" in page and "Quá Hạn" not in page
    page = client.get(reverse("workspace:queue", args=["qua-han"])).content.decode()
    assert "Quá Hạn" in page and "Sắp Hạn" not in page


def test_accounts_without_dossier_work_are_refused(client, department):
    for user in (department.user(R.CLERK), department.user(R.EMULATION_OFFICER), department.citizen):
        client.force_login(user)
        assert client.get(reverse("workspace:queues")).status_code == 403
    client.logout()
    assert client.get(reverse("workspace:queues")).status_code == 302


# --- the dossier page and its actions -------------------------------------------------------------


def test_a_bad_counter_payment_shows_its_message_and_records_nothing(client, department):
    dossier = advance_to(department, file_online(department), "received")
    _as(client, department, R.RECEIVING_OFFICER)
    response = client.post(
        reverse("workspace:payment", args=[dossier.pk]),
        {
            "payment-method": "cash",
            "payment-amount_vnd": "5000000",
            "payment-receipt_number": "BL 0008",
            "payment-at": timezone.localtime().strftime("%Y-%m-%dT%H:%M"),
        },
    )
    assert response.status_code == 400
    assert "Số tiền vượt quá khoản phí, lệ phí còn phải nộp." in response.content.decode()
    assert not dossier.payments.exists()
    _as(client, department, R.SPECIALIST)  # no right to take money
    response = client.post(reverse("workspace:payment", args=[dossier.pk]), {})
    assert response.status_code in (400, 404) and not dossier.payments.exists()


def test_dossier_page_offers_the_actions_of_the_table(client, department):
    dossier = file_online(department)
    _as(client, department, R.RECEIVING_OFFICER)
    page = client.get(reverse("workspace:dossier", args=[dossier.pk])).content.decode()
    for label in (
        "Tiếp nhận hồ sơ (Mẫu 01)",
        "Yêu cầu bổ sung hồ sơ (Mẫu 02)",
        "Từ chối tiếp nhận (Mẫu 03)",
        "Rút hồ sơ",
    ):
        assert label in page
    assert "Phân công xử lý" not in page
    assert "Nguyễn Văn An" in page and "051090001234" in page
    assert "1.200.000" in page
    assert reverse("dossier_forms:form", args=[dossier.pk, "01"]) in page
    _as(client, department, R.INSPECTOR)
    page = client.get(reverse("workspace:dossier", args=[dossier.pk])).content.decode()
    assert "Tiếp nhận hồ sơ (Mẫu 01)" not in page


def test_the_whole_way_through_the_workspace(client, department):
    dossier = file_online(department)
    _as(client, department, R.RECEIVING_OFFICER)
    assert _act(client, dossier, "receive").status_code == 302
    dossier.refresh_from_db()
    assert dossier.status == Status.RECEIVED and dossier.code
    assert _act(client, dossier, "transfer", {"unit": department.trade_unit.pk}).status_code == 302
    _as(client, department, R.UNIT_HEAD)
    assert _act(client, dossier, "assign", {"assignee": department.user(R.SPECIALIST).pk}).status_code == 302
    _as(client, department, R.SPECIALIST)
    assert _act(client, dossier, "submit_for_signature", {"note": "Đủ điều kiện cấp phép."}).status_code == 302
    _as(client, department, R.UNIT_HEAD)
    assert _act(client, dossier, "approve").status_code == 302
    _as(client, department, R.AGENCY_LEADER)
    response = client.post(
        reverse("workspace:action", args=[dossier.pk, "sign"]),
        {"sign-result_number": "15/GP-SCT", "sign-file": pdf_upload("giay-phep.pdf", "signed")},
    )
    assert response.status_code == 302
    dossier.refresh_from_db()
    assert dossier.status == Status.RESOLVED and dossier.result_number == "15/GP-SCT"
    assert dossier.attachments.filter(kind=Attachment.Kind.RESULT).count() == 1
    _as(client, department, R.RECEIVING_OFFICER)
    refused = _act(client, dossier, "return_result", {"method": "electronic"})
    assert refused.status_code == 400
    assert "Hồ sơ còn 1.200.000 đồng phí, lệ phí chưa nộp" in refused.content.decode()
    response = client.post(
        reverse("workspace:payment", args=[dossier.pk]),
        {
            "payment-method": "cash",
            "payment-amount_vnd": "1200000",
            "payment-receipt_number": "BL 0007",
            "payment-at": timezone.localtime().strftime("%Y-%m-%dT%H:%M"),
        },
    )
    assert response.status_code == 302
    assert _act(client, dossier, "return_result", {"method": "electronic"}).status_code == 302
    dossier.refresh_from_db()
    assert dossier.status == Status.RETURNED
    page = client.get(reverse("workspace:dossier", args=[dossier.pk])).content.decode()
    assert "biên lai BL 0007" in page and "Còn lại: 0 đồng" in page
    assert "Lê Thị Hồng Nhung" in page  # the timeline names who acted
    assert "Đã trả kết quả" in page


def test_a_refused_action_shows_the_reason_and_keeps_the_input(client, department):
    dossier = advance_to(department, file_online(department), "assigned")
    _as(client, department, R.SPECIALIST)
    before = dossier.events.count()
    response = _act(
        client,
        dossier,
        "apologise",
        {"reason": "Cần xác minh thêm kho hàng.", "new_due_date": dossier.due_date.isoformat()},
    )
    page = response.content.decode()
    assert response.status_code == 400
    assert "Ngày hẹn lại phải là một ngày làm việc sau ngày hẹn trả ban đầu." in page
    assert "Cần xác minh thêm kho hàng." in page  # the text typed is still there
    dossier.refresh_from_db()
    assert dossier.apology_due_date is None and dossier.events.count() == before


def test_a_form_error_is_in_vietnamese(client, department):
    dossier = advance_to(department, file_online(department), "processing")
    _as(client, department, R.UNIT_HEAD)
    response = _act(client, dossier, "assign", {})
    assert response.status_code == 400
    assert "Trường này là bắt buộc." in response.content.decode()


def test_an_action_the_user_may_not_take_is_refused(client, department):
    dossier = file_online(department)
    _as(client, department, R.INSPECTOR)
    response = _act(client, dossier, "receive")
    assert response.status_code == 400
    assert "không có quyền" in response.content.decode()
    dossier.refresh_from_db()
    assert dossier.status == Status.SUBMITTED


def test_unknown_action_is_404(client, department):
    dossier = file_online(department)
    _as(client, department, R.RECEIVING_OFFICER)
    assert client.post(reverse("workspace:action", args=[dossier.pk, "teleport"])).status_code == 404
    assert client.post(reverse("workspace:action", args=[dossier.pk, "rate"])).status_code == 404


def test_apology_with_a_new_appointment(client, department):
    dossier = advance_to(department, file_online(department), "assigned")
    new_date = get_calendar().add_working_days(dossier.due_date, 3)
    _as(client, department, R.SPECIALIST)
    response = _act(
        client, dossier, "apologise", {"reason": "Chờ ý kiến Sở Tài chính.", "new_due_date": new_date.isoformat()}
    )
    assert response.status_code == 302
    dossier.refresh_from_db()
    assert dossier.apology_due_date == new_date


def test_staff_upload_and_download(client, department):
    dossier = advance_to(department, file_online(department), "assigned")
    _as(client, department, R.SPECIALIST)
    response = client.post(
        reverse("workspace:upload", args=[dossier.pk]), {"file": pdf_upload("bien-ban.pdf"), "kind": "internal"}
    )
    assert response.status_code == 302
    attachment = dossier.attachments.get(kind="internal")
    response = client.get(reverse("workspace:file", args=[dossier.pk, attachment.pk]))
    assert response.status_code == 200
    bad = SimpleUploadedFile("x.pdf", b"not a pdf", content_type="application/pdf")
    response = client.post(reverse("workspace:upload", args=[dossier.pk]), {"file": bad, "kind": "internal"})
    assert response.status_code == 400
    assert "Định dạng tệp không được chấp nhận" in response.content.decode()


def test_a_finished_dossier_offers_no_upload_and_refuses_one(client, department):
    from egov.dossiers import services

    dossier = advance_to(department, file_online(department), "assigned")
    _as(client, department, R.SPECIALIST)
    assert "Tải thêm tệp" in client.get(reverse("workspace:dossier", args=[dossier.pk])).content.decode()
    services.dossier_stop(dossier=dossier, actor=department.user(R.AGENCY_LEADER), reason="Người nộp không bổ sung.")
    page = client.get(reverse("workspace:dossier", args=[dossier.pk])).content.decode()
    assert "Tải thêm tệp" not in page and "Hồ sơ đã kết thúc: không nhận thêm tệp." in page
    response = client.post(
        reverse("workspace:upload", args=[dossier.pk]), {"file": pdf_upload("bien-ban.pdf"), "kind": "internal"}
    )
    assert response.status_code == 400
    assert "Hồ sơ đang ở trạng thái “Dừng xử lý”: không nhận thêm tệp." in response.content.decode()
    assert not dossier.attachments.filter(kind="internal").exists()


def test_a_zip_bomb_docx_is_refused_at_the_counter_and_nothing_is_written(client, department):
    from egov.core.tests.test_files import zip_bomb_docx

    _as(client, department, R.RECEIVING_OFFICER)
    documents = list(department.alcohol.versions.get().required_documents.all())
    bomb = SimpleUploadedFile("don.docx", zip_bomb_docx())
    response = client.post(
        reverse("workspace:counter") + f"?thu_tuc={department.alcohol.code}",
        _counter_data(department, **{f"doc_{documents[0].pk}": bomb}),
    )
    assert response.status_code == 400
    assert "Tệp nén khi giải nén chiếm 110 MB, vượt giới hạn 100 MB: không nhận." in response.content.decode()
    assert not Dossier.objects.exists() and not Attachment.objects.exists()


# --- counter intake -----------------------------------------------------------------------------


def _counter_data(department, **overrides):
    documents = list(department.alcohol.versions.get().required_documents.all())
    data = {
        "kind": "organisation",
        "name": "Công ty TNHH Thương mại Sa Huỳnh",
        "tax_code": "4300123456",
        "representative": "Trần Văn Bình",
        "phone": "0905123400",
        "channel": "direct",
        "sets_count": "1",
        "result_delivery": "desk",
        f"doc_{documents[0].pk}": pdf_upload("scan-don.pdf"),
    }
    return data | overrides


def test_counter_intake_with_scans_received_at_once(client, department):
    _as(client, department, R.RECEIVING_OFFICER)
    url = reverse("workspace:counter") + f"?thu_tuc={department.alcohol.code}"
    assert "Bản quét: Đơn đề nghị" in client.get(url).content.decode()
    response = client.post(url, _counter_data(department, receive_now="on"))
    assert response.status_code == 302, response.content.decode()[:3000]
    dossier = Dossier.objects.get()
    assert dossier.channel == "direct" and dossier.owner is None
    assert dossier.status == Status.RECEIVED and dossier.code.startswith(department.agency.identifier)
    scan = dossier.attachments.get()
    assert scan.is_digitised and scan.required_document is not None


def test_counter_intake_with_bad_data_writes_nothing(client, department):
    _as(client, department, R.RECEIVING_OFFICER)
    url = reverse("workspace:counter") + f"?thu_tuc={department.alcohol.code}"
    response = client.post(url, _counter_data(department, tax_code="123"))
    assert response.status_code == 400
    assert "Mã số thuế phải gồm 10 chữ số" in response.content.decode()
    assert Dossier.objects.count() == 0 and Attachment.objects.count() == 0


def test_counter_intake_is_for_the_desk_only(client, department):
    _as(client, department, R.SPECIALIST)
    assert client.get(reverse("workspace:counter")).status_code == 403


# --- search ---------------------------------------------------------------------------------------


def test_search_by_name_without_diacritics_id_number_and_code(client, department):
    dossier = advance_to(
        department, file_online(department, name="Đặng Thị Mỹ Lệ", id_number="051190009999"), "received"
    )
    file_online(department, name="Người Khác", id_number="051190001111")
    _as(client, department, R.RECEIVING_OFFICER)
    for query in ("dang thi my le", "Đặng Thị Mỹ Lệ", "051190009999", dossier.code, "ban buon ruou le"):
        page = client.get(reverse("workspace:search"), {"q": query}).content.decode()
        assert "Đặng Thị Mỹ Lệ" in page, query
        assert "Người Khác" not in page, query


def test_home_page_leads_staff_to_their_work_and_citizens_to_the_portal(client, department):
    page = client.get("/").content.decode()
    assert reverse("portal:catalogue") in page and reverse("portal:lookup") in page
    assert reverse("workspace:queues") not in page
    _as(client, department, R.SPECIALIST)
    assert reverse("workspace:queues") in client.get("/").content.decode()


# --- citizens' feedback -------------------------------------------------------------------------


def test_feedback_queue_of_the_agency_with_overdue_marked(client, department):
    today = timezone.localdate()
    calendar = get_calendar()
    late = Feedback.objects.create(
        author=department.citizen,
        agency=department.agency,
        message="Phản ánh đã quá hạn trả lời.",
        due_date=today - dt.timedelta(days=1),
    )
    Feedback.objects.create(
        author=department.citizen,
        agency=department.agency,
        message="Góp ý còn trong hạn.",
        due_date=calendar.add_working_days(today, 5),
    )
    other = other_agency_desk()
    Feedback.objects.create(author=department.citizen, agency=other.agency, message="Góp ý gửi Sở Tư pháp.")
    page = _as(client, department, R.RECEIVING_OFFICER).get(reverse("workspace:feedback_queue")).content.decode()
    assert "Phản ánh đã quá hạn trả lời." in page and "Góp ý còn trong hạn." in page
    assert "Góp ý gửi Sở Tư pháp." not in page
    assert "Chờ trả lời (2)" in page and "Quá hạn trả lời (1)" in page
    assert page.count('class="overdue"') == 1
    overdue = client.get(reverse("workspace:feedback_queue") + "?loc=qua-han").content.decode()
    assert "Phản ánh đã quá hạn trả lời." in overdue and "Góp ý còn trong hạn." not in overdue
    # Another agency's desk does not reach it, not even by its address.
    client.force_login(other)
    assert client.get(reverse("workspace:feedback", args=[late.pk])).status_code == 404


def test_feedback_is_answered_from_its_page_and_shown_as_answered(client, department):
    feedback = Feedback.objects.create(author=department.citizen, agency=department.agency, message="Góp ý thử.")
    url = reverse("workspace:feedback", args=[feedback.pk])
    _as(client, department, R.RECEIVING_OFFICER)
    response = client.post(url, {"answer": "ngắn"})
    assert response.status_code == 400 and "ít nhất 10 ký tự" in response.content.decode()
    response = client.post(url, {"answer": "Cảm ơn ông/bà; Sở đã điều chỉnh giờ tiếp nhận."})
    assert response.status_code == 302
    page = client.get(url).content.decode()
    assert "Cảm ơn ông/bà; Sở đã điều chỉnh giờ tiếp nhận." in page and "Nguyễn Thị Thu Hà trả lời lúc" in page
    assert "Gửi trả lời" not in page
    assert client.post(url, {"answer": "Một câu trả lời nữa."}).status_code == 403


def test_feedback_pages_are_for_the_roles_that_handle_it(client, department):
    feedback = Feedback.objects.create(author=department.citizen, agency=department.agency, message="Góp ý thử.")
    for role, expected in ((R.SPECIALIST, 403), (R.CLERK, 403), (R.INSPECTOR, 200), (R.AGENCY_LEADER, 200)):
        _as(client, department, role)
        assert client.get(reverse("workspace:feedback_queue")).status_code == expected, role
        assert client.get(reverse("workspace:feedback", args=[feedback.pk])).status_code == expected, role
    # The inspector reads, and is not offered the answer form nor allowed to post one.
    _as(client, department, R.INSPECTOR)
    assert "Gửi trả lời" not in client.get(reverse("workspace:feedback", args=[feedback.pk])).content.decode()
    assert (
        client.post(reverse("workspace:feedback", args=[feedback.pk]), {"answer": "Trả lời của thanh tra."}).status_code
        == 403
    )
    client.force_login(department.citizen)
    assert client.get(reverse("workspace:feedback_queue")).status_code == 403


# --- how the result is returned -----------------------------------------------------------------


def test_counter_intake_asks_how_to_receive_the_result_without_the_electronic_way(client, department):
    _as(client, department, R.RECEIVING_OFFICER)
    url = reverse("workspace:counter") + f"?thu_tuc={department.alcohol.code}"
    page = client.get(url).content.decode()
    assert 'value="post"' in page and 'value="electronic"' not in page
    response = client.post(url, _counter_data(department, result_delivery="post", result_address="Số 5 Phan Bội Châu"))
    assert response.status_code == 302
    dossier = Dossier.objects.get()
    assert (dossier.result_delivery, dossier.result_address) == ("post", "Số 5 Phan Bội Châu")


def test_the_desk_changes_the_choice_and_returns_by_post_with_the_tracking_number(client, department):
    from egov.dossiers import services
    from egov.dossiers.models import ReturnMethod
    from egov.portal.tests.world import applicant, pay_at_desk

    dossier = services.dossier_submit(
        procedure=department.alcohol,
        applicant=applicant(),
        channel="online",
        actor=department.citizen,
        owner=department.citizen,
        result_delivery=ReturnMethod.ELECTRONIC,
    )
    dossier = advance_to(department, dossier, "resolved")
    pay_at_desk(dossier, department.user(R.RECEIVING_OFFICER))
    _as(client, department, R.RECEIVING_OFFICER)
    page = client.get(reverse("workspace:dossier", args=[dossier.pk])).content.decode()
    assert "Đổi hình thức nhận kết quả" in page
    response = _act(client, dossier, "change_result_delivery", {"method": "post", "address": "Số 5 Phan Bội Châu"})
    assert response.status_code == 302
    # The return form shows the choice and asks for the posting's number.
    page = client.get(reverse("workspace:dossier", args=[dossier.pk])).content.decode()
    assert "Số hiệu bưu gửi" in page
    response = _act(client, dossier, "return_result", {"method": "desk"})
    assert response.status_code == 400 and "Cần nhập số hiệu bưu gửi" in response.content.decode()
    assert _act(client, dossier, "return_result", {"postal_tracking": "EB123456789VN"}).status_code == 302
    dossier.refresh_from_db()
    assert (dossier.status, dossier.return_method) == (Status.RETURNED, "post")
    assert dossier.events.order_by("pk").last().data["postal_tracking"] == "EB123456789VN"
