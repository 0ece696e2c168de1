"""Scenarios (a) online filing to a rated result, and (c) the public look-up, in Chromium."""

import datetime as dt
from pathlib import Path

import pytest
from django.core import mail
from django.utils import timezone

from egov.dossiers.models import Dossier, Status
from egov.organisations.roles import Role
from egov.outbox.backends import FakeSmsGateway
from egov.portal.models import Feedback

from .browser import PHONE, expect_message, fill_online_filing, note, pdf_file, take_action
from .world import PASSWORD, advance_to, build_department, file_online

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_citizen_files_online_and_staff_take_it_to_a_rated_result(run_factory):
    """Filing with an electronic result chosen, a fee paid online (the fake payment integration),
    the staff's handling, and the result downloaded from "Hồ sơ của tôi"."""
    department = build_department()
    users = {role: user.username for role, user in department.users.items()}
    run = run_factory("a-online")

    # The citizen, on a phone: finds the procedure without diacritics and files it.
    citizen = run.person(PHONE)
    run.login(citizen, department.citizen.username, PASSWORD)
    citizen.goto(run.url("/thu-tuc/"))
    citizen.get_by_label("Tìm thủ tục").fill("ban buon ruou")
    citizen.get_by_role("button", name="Tìm").click()
    run.shot(citizen, "tim-thu-tuc")
    citizen.get_by_role("link", name="Cấp Giấy phép bán buôn rượu").click()
    assert "1.200.000" in citizen.content()
    run.shot(citizen, "chi-tiet-thu-tuc")
    citizen.get_by_role("link", name="Nộp hồ sơ trực tuyến").click()
    citizen.get_by_label("Tin nhắn điện thoại").check()
    citizen.get_by_label("Số điện thoại", exact=True).fill("0905123456")
    run.shot(citizen, "xac-nhan-so-dien-thoai")
    citizen.get_by_role("button", name="Gửi mã xác nhận").click()
    code = FakeSmsGateway.outbox[-1].text.split("là ")[1][:6]
    fill_online_filing(citizen, department, code)
    # How the result comes back: electronically, in "Hồ sơ của tôi".
    citizen.get_by_label("Trực tuyến", exact=True).check()
    run.shot(citizen, "khai-ho-so")
    citizen.get_by_role("button", name="Nộp hồ sơ").click()
    expect_message(citizen, "Đã nộp hồ sơ trực tuyến")
    dossier = Dossier.objects.get()
    assert dossier.result_delivery == "electronic"
    assert "Nhận kết quả" in citizen.content() and "Trực tuyến" in citizen.content()
    run.shot(citizen, "da-nop")

    # The one-stop desk receives it and hands it to the trade unit.
    desk = run.person()
    run.login(desk, users[Role.RECEIVING_OFFICER], PASSWORD, "/can-bo/")
    run.shot(desk, "hang-doi-tiep-nhan")
    desk.get_by_role("link", name="Chưa tiếp nhận").first.click()
    take_action(run, desk, "receive", shot="tiep-nhan")
    dossier.refresh_from_db()
    assert dossier.status == Status.RECEIVED and dossier.code
    take_action(run, desk, "transfer")

    # The unit head assigns, the specialist appraises, the unit head approves.
    head = run.person()
    run.login(head, users[Role.UNIT_HEAD], PASSWORD, "/can-bo/hang-doi/viec-cua-toi/")
    head.get_by_role("link", name=dossier.code).click()
    take_action(
        run,
        head,
        "assign",
        lambda box: box.get_by_label("Chuyên viên xử lý").select_option(label="Trần Văn Minh"),
        "phan-cong",
    )
    specialist = run.person()
    run.login(specialist, users[Role.SPECIALIST], PASSWORD, f"/can-bo/ho-so/{dossier.pk}/")
    take_action(run, specialist, "submit_for_signature", lambda box: note(box, "Đủ điều kiện cấp phép."), "tham-dinh")
    head.goto(run.url(f"/can-bo/ho-so/{dossier.pk}/"))
    take_action(run, head, "approve")

    # The director signs with the electronic result; the desk returns it.
    leader = run.person()
    run.login(leader, users[Role.AGENCY_LEADER], PASSWORD, "/can-bo/hang-doi/trinh-ky/")
    run.shot(leader, "hang-doi-trinh-ky")
    leader.get_by_role("link", name=dossier.code).click()

    def sign(box):
        box.get_by_label("Số, ký hiệu kết quả").fill("15/GP-SCT")
        box.locator("input[type=file]").set_input_files(files=[pdf_file("giay-phep-ban-buon-ruou.pdf")])

    take_action(run, leader, "sign", sign, "ky-duyet")

    # The fee is due before the result is handed over: the citizen pays it online.
    citizen.goto(run.url(f"/cong-dan/ho-so/{dossier.pk}/"))
    assert "Phải nộp: 1.200.000 đồng · Đã nộp: 0 đồng · Còn lại: 1.200.000 đồng" in citizen.content()
    run.shot(citizen, "phi-phai-nop")
    citizen.get_by_role("button", name="Thanh toán trực tuyến 1.200.000 đồng").click()
    expect_message(citizen, "Đã thanh toán 1.200.000 đồng")
    assert "Còn lại: 0 đồng" in citizen.content()
    run.shot(citizen, "da-thanh-toan")

    # Signed but not handed over: the file is not the citizen's yet.
    assert "giay-phep-ban-buon-ruou.pdf" not in citizen.content()
    # The receipt and the result notice said where the result comes: online, not at the counter.
    received_mail = next(m for m in mail.outbox if "Giấy tiếp nhận hồ sơ" in m.subject)
    assert "Nơi trả kết quả: trực tuyến, trong mục “Hồ sơ của tôi”" in received_mail.body

    desk.goto(run.url(f"/can-bo/ho-so/{dossier.pk}/"))
    box = desk.locator("#action-return_result")
    box.locator("summary").click()
    assert box.get_by_label("Hình thức trả").is_disabled()
    assert box.get_by_label("Hình thức trả").input_value() == "electronic"
    take_action(run, desk, "return_result")
    run.shot(desk, "da-tra-ket-qua")
    dossier.refresh_from_db()
    assert (dossier.status, dossier.return_method) == (Status.RETURNED, "electronic")
    returned_mail = mail.outbox[-1]
    assert "Kết quả điện tử đã có trong Hồ sơ của tôi" in returned_mail.subject
    assert f"/cong-dan/ho-so/{dossier.pk}/" in returned_mail.body

    # The citizen sees the code and the result, downloads it and rates once.
    citizen.goto(run.url("/cong-dan/ho-so/"))
    assert dossier.code in citizen.content()
    citizen.get_by_role("link", name=dossier.code).click()
    with citizen.expect_download() as download:
        citizen.get_by_role("link", name="Kết quả giải quyết (bản điện tử): giay-phep-ban-buon-ruou.pdf").click()
    assert download.value.suggested_filename == "giay-phep-ban-buon-ruou.pdf"
    citizen.get_by_label("Rất hài lòng").check()
    run.shot(citizen, "danh-gia")
    citizen.get_by_role("button", name="Gửi đánh giá").click()
    expect_message(citizen, "Cảm ơn bạn đã đánh giá")
    assert "Gửi đánh giá" not in citizen.content()
    run.shot(citizen, "da-danh-gia")
    dossier.refresh_from_db()
    assert dossier.rating == "very_satisfied"


def test_c_public_lookup_without_logging_in(run_factory):
    department = build_department()
    dossier = advance_to(department, file_online(department, name="Nguyễn Văn Bí Mật"), "assigned")
    run = run_factory("c-lookup")
    visitor = run.person(PHONE)
    visitor.goto(run.url("/"))
    visitor.get_by_role("link", name="Tra cứu hồ sơ").first.click()
    visitor.get_by_label("Mã hồ sơ").fill(dossier.code)
    visitor.get_by_role("button", name="Tra cứu").click()
    page = visitor.content()
    assert "Cấp Giấy phép bán buôn rượu" in page and "Đang xử lý" in page
    assert dossier.due_date.strftime("%d/%m/%Y") in page
    assert "Bí Mật" not in page and "0905123456" not in page
    run.shot(visitor, "ket-qua-tra-cuu")
    visitor.get_by_label("Mã hồ sơ").fill("000.00.99.H48-" + timezone.localdate().strftime("%y%m%d") + "-9999")
    visitor.get_by_role("button", name="Tra cứu").click()
    assert "Không tìm thấy hồ sơ" in visitor.content()
    run.shot(visitor, "khong-tim-thay")
    # Keyboard only: the skip link is the first thing a Tab reaches.
    visitor.goto(run.url("/tra-cuu/"))
    visitor.keyboard.press("Tab")
    assert visitor.evaluate("document.activeElement.textContent").strip() == "Bỏ qua, đến nội dung chính"


def test_c_public_lookup_in_english_chosen_in_the_header(run_factory):
    department = build_department()
    dossier = advance_to(department, file_online(department), "assigned")
    run = run_factory("c-lookup-en")
    visitor = run.person(PHONE)
    visitor.goto(run.url("/tra-cuu/"))
    visitor.get_by_label("Ngôn ngữ").select_option("en")
    visitor.get_by_role("button", name="Chọn ngôn ngữ").click()
    visitor.wait_for_load_state()
    assert visitor.evaluate("document.documentElement.lang") == "en"
    visitor.get_by_label("Dossier code").fill(dossier.code)
    visitor.get_by_role("button", name="Look up", exact=True).click()
    page = visitor.content()
    assert f"Dossier {dossier.code}" in page and "Being processed, on schedule" in page
    assert "Tình trạng" not in page
    run.shot(visitor, "ket-qua-tra-cuu-tieng-anh")


def test_b_the_desk_cannot_return_an_unpaid_result_and_records_the_counter_receipt(run_factory):
    """No result is returned while a due fee is unpaid (NĐ 118/2025 Art. 8 [S]); the desk records the
    receipt (number, amount, time) and then returns it."""
    department = build_department()
    dossier = advance_to(department, file_online(department), "resolved")
    run = run_factory("b-thu-phi")
    desk = run.person()
    run.login(desk, department.user(Role.RECEIVING_OFFICER).username, PASSWORD, f"/can-bo/ho-so/{dossier.pk}/")
    box = desk.locator("#action-return_result")
    box.locator("summary").click()
    box.get_by_label("Hình thức trả").select_option("desk")
    box.locator("button[type=submit]").click()
    desk.wait_for_load_state()
    assert "Hồ sơ còn 1.200.000 đồng phí, lệ phí chưa nộp" in desk.content()
    run.shot(desk, "tu-choi-tra-ket-qua")
    desk.get_by_text("Ghi nhận khoản thu tại quầy").click()
    desk.get_by_label("Số biên lai").fill("BL 0012")
    assert desk.get_by_label("Số tiền (đồng)").input_value() == "1200000"
    run.shot(desk, "ghi-nhan-khoan-thu")
    desk.get_by_role("button", name="Ghi nhận khoản thu").click()
    expect_message(desk, "Đã ghi nhận khoản thu.")
    assert "biên lai BL 0012" in desk.content() and "Còn lại: 0 đồng" in desk.content()
    take_action(run, desk, "return_result", lambda box: box.get_by_label("Hình thức trả").select_option("desk"))
    dossier.refresh_from_db()
    assert dossier.status == Status.RETURNED
    run.shot(desk, "da-tra-ket-qua")


def test_a_citizen_sends_feedback_and_reads_the_desks_answer(run_factory):
    """Feedback reaches the agency's desk in its queue (the overdue marked), is answered there, and
    the citizen is told by e-mail and reads the answer in their account."""
    department = build_department()
    dossier = advance_to(department, file_online(department), "assigned")
    Feedback.objects.create(
        author=department.other_citizen,
        agency=department.agency,
        message="Phản ánh cũ chưa được trả lời.",
        due_date=timezone.localdate() - dt.timedelta(days=3),
    )
    run = run_factory("a-gop-y")
    citizen = run.person(PHONE)
    run.login(citizen, department.citizen.username, PASSWORD, f"/cong-dan/ho-so/{dossier.pk}/")
    citizen.get_by_role("link", name="Góp ý, phản ánh về hồ sơ này").click()
    citizen.get_by_label("Nội dung góp ý, phản ánh").fill("Xin hướng dẫn thêm về hợp đồng thuê kho hàng.")
    citizen.get_by_role("button", name="Gửi góp ý").click()
    feedback = Feedback.objects.get(author=department.citizen)
    expect_message(citizen, f"Cơ quan trả lời chậm nhất ngày {feedback.due_date:%d/%m/%Y}.")
    run.shot(citizen, "da-gui-gop-y")

    desk = run.person()
    run.login(desk, department.user(Role.RECEIVING_OFFICER).username, PASSWORD, "/can-bo/")
    desk.get_by_role("navigation", name="Chức năng chính").get_by_role("link", name="Góp ý, phản ánh").click()
    assert "Chờ trả lời (2)" in desk.content() and "Quá hạn trả lời (1)" in desk.content()
    overdue_row = desk.locator("tr.overdue")
    assert "Phản ánh cũ chưa được trả lời." in overdue_row.inner_text() and "Quá hạn" in overdue_row.inner_text()
    run.shot(desk, "hang-doi-gop-y")
    desk.get_by_role("row", name="Xin hướng dẫn thêm").get_by_role("link").click()
    desk.get_by_label("Nội dung trả lời").fill("Ông/bà nộp bản sao hợp đồng thuê kho có chứng thực.")
    run.shot(desk, "tra-loi-gop-y")
    desk.get_by_role("button", name="Gửi trả lời").click()
    expect_message(desk, "Đã gửi trả lời tới người gửi góp ý.")
    assert "Nguyễn Thị Thu Hà trả lời lúc" in desk.content()

    assert "Ông/bà nộp bản sao hợp đồng thuê kho có chứng thực." in mail.outbox[-1].body
    citizen.goto(run.url("/cong-dan/gop-y/"))
    assert "Ông/bà nộp bản sao hợp đồng thuê kho có chứng thực." in citizen.content()
    citizen.goto(run.url(f"/cong-dan/ho-so/{dossier.pk}/"))
    assert "Ông/bà nộp bản sao hợp đồng thuê kho có chứng thực." in citizen.content()
    run.shot(citizen, "doc-tra-loi")


def test_d_a_citizen_reads_the_published_procedure_and_downloads_its_blank_form(run_factory):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from egov.demo.procedures import ALCOHOL_WHOLESALE, METHODS, application_form_docx
    from egov.procedures.blank_forms import blank_form_add
    from egov.procedures.models import FilingMethod

    from .test_accessibility import violations

    department = build_department()
    version = department.alcohol.versions.get()
    for name, text in ALCOHOL_WHOLESALE.items():
        setattr(version, name, text)
    version.save()
    for order, (channel, description) in enumerate(METHODS):
        FilingMethod.objects.create(version=version, channel=channel, description=description, order=order)
    data = application_form_docx()
    blank_form_add(
        version=version,
        upload=SimpleUploadedFile("Mẫu 01 - Đơn đề nghị.docx", data),
        name="Mẫu số 01: Đơn đề nghị cấp Giấy phép bán buôn rượu",
        required_document=version.required_documents.first(),
    )
    run = run_factory("d-mau-don")

    citizen = run.person(PHONE)
    citizen.goto(run.url("/thu-tuc/"))
    citizen.get_by_label("Tìm thủ tục").fill("ban buon ruou")
    citizen.get_by_role("button", name="Tìm").click()
    citizen.get_by_role("link", name="Cấp Giấy phép bán buôn rượu").click()
    for heading in ("Trình tự thực hiện", "Cách thức thực hiện", "Đối tượng thực hiện", "Mẫu đơn, tờ khai"):
        assert citizen.get_by_role("heading", name=heading).is_visible(), heading
    steps = citizen.locator("section[aria-labelledby=steps-heading] li")
    assert steps.count() == 3 and "10 ngày làm việc" in steps.nth(2).inner_text()
    run.shot(citizen, "chi-tiet-thu-tuc-day-du")
    assert violations(citizen) == []

    forms = citizen.locator("section[aria-labelledby=forms-heading]")
    with citizen.expect_download() as info:
        forms.get_by_role("link", name="Mẫu số 01: Đơn đề nghị cấp Giấy phép bán buôn rượu").click()
    download = info.value
    assert download.suggested_filename == "Mẫu 01 - Đơn đề nghị.docx"
    assert Path(download.path()).read_bytes() == data


def test_the_applicant_is_told_why_a_supplement_is_refused(run_factory):
    """A zip bomb named .docx, then a dossier stopped while the page was open: the page says why."""
    from egov.core.tests.test_files import zip_bomb_docx
    from egov.dossiers import services

    department = build_department()
    dossier = advance_to(department, file_online(department), "paused")
    run = run_factory("tep-bo-sung-bi-tu-choi")
    citizen = run.person(PHONE)
    run.login(citizen, department.citizen.username, PASSWORD, f"/cong-dan/ho-so/{dossier.pk}/")
    bomb = {"name": "hop-dong-kho.docx", "mimeType": "application/octet-stream", "buffer": zip_bomb_docx()}
    citizen.set_input_files("#id_files", files=[bomb])
    citizen.get_by_role("button", name="Gửi hồ sơ bổ sung").click()
    citizen.wait_for_load_state()
    summary = citizen.locator(".error-summary")
    assert "Tệp nén khi giải nén chiếm 110 MB, vượt giới hạn 100 MB: không nhận." in summary.inner_text()
    run.shot(citizen, "tep-nen-bat-thuong")

    # The agency stops the dossier while the applicant is choosing the right file.
    citizen.set_input_files("#id_files", files=[pdf_file("hop-dong-kho.pdf")])
    services.dossier_stop(dossier=dossier, actor=department.user(Role.AGENCY_LEADER), reason="Quá hạn bổ sung.")
    citizen.get_by_role("button", name="Gửi hồ sơ bổ sung").click()
    citizen.wait_for_load_state()
    assert (
        "Hồ sơ đang ở trạng thái “Dừng xử lý”: không nhận thêm tệp." in citizen.locator(".error-summary").inner_text()
    )
    assert citizen.get_by_role("button", name="Gửi hồ sơ bổ sung").count() == 0
    run.shot(citizen, "ho-so-da-dung")
    assert not dossier.attachments.filter(kind="supplement").exists()
