"""Scenario (b): a walk-in dossier at the counter, a supplement request, and an apology with a
new appointment — in Chromium, with the printed forms."""

import pytest

from egov.dossiers.models import Dossier, Status
from egov.organisations.roles import Role
from egov.portal.tests.browser import expect_message, pdf_file, take_action
from egov.portal.tests.world import PASSWORD, build_department
from egov.workdays.calendar import get_calendar

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_b_walk_in_dossier_with_supplement_and_apology(run_factory):
    department = build_department()
    users = {role: user.username for role, user in department.users.items()}
    run = run_factory("b-counter")
    documents = list(department.alcohol.versions.get().required_documents.all())

    # At the counter: the officer enters the applicant, scans the papers, receives at once.
    desk = run.person()
    run.login(desk, users[Role.RECEIVING_OFFICER], PASSWORD, "/can-bo/")
    desk.get_by_role("link", name="Nhận hồ sơ tại quầy").click()
    desk.get_by_label("Thủ tục").select_option(label=f"{department.alcohol.code} — {department.alcohol.name}")
    desk.get_by_role("button", name="Tiếp tục").click()
    desk.get_by_label("Tổ chức, doanh nghiệp").check()
    desk.get_by_label("Tên tổ chức, cá nhân").fill("Công ty TNHH Thương mại Sa Huỳnh")
    desk.get_by_label("Mã số thuế (tổ chức)").fill("4300123456")
    desk.get_by_label("Người đại diện").fill("Trần Văn Bình")
    desk.get_by_label("Số điện thoại").fill("0905123400")
    desk.set_input_files(f"#id_doc_{documents[0].pk}", files=[pdf_file("scan-don-de-nghi.pdf")])
    desk.set_input_files(f"#id_doc_{documents[1].pk}", files=[pdf_file("scan-dang-ky-doanh-nghiep.pdf")])
    desk.get_by_label("Hồ sơ đầy đủ: tiếp nhận ngay và cấp mã hồ sơ").check()
    run.shot(desk, "nhap-ho-so-tai-quay")
    desk.get_by_role("button", name="Ghi nhận hồ sơ").click()
    expect_message(desk, "Đã tiếp nhận hồ sơ")
    dossier = Dossier.objects.get()
    assert dossier.channel == "direct" and dossier.code and dossier.attachments.filter(is_digitised=True).count() == 2
    run.shot(desk, "da-tiep-nhan")
    desk.get_by_role("link", name="Mẫu 01").click()
    assert dossier.code in desk.content()
    run.shot(desk, "mau-01")
    desk.go_back()
    take_action(run, desk, "transfer")

    head = run.person()
    run.login(head, users[Role.UNIT_HEAD], PASSWORD, f"/can-bo/ho-so/{dossier.pk}/")
    take_action(
        run, head, "assign", lambda box: box.get_by_label("Chuyên viên xử lý").select_option(label="Trần Văn Minh")
    )

    # The specialist asks for a missing document: the dossier waits for the applicant.
    specialist = run.person()
    run.login(specialist, users[Role.SPECIALIST], PASSWORD, f"/can-bo/ho-so/{dossier.pk}/")

    def supplement(box):
        box.get_by_label("Các thành phần cần bổ sung (mỗi dòng một mục)").fill(
            "Bản sao có chứng thực hợp đồng thuê kho hàng\nSơ đồ kho hàng"
        )
        box.get_by_label("Lý do, hướng dẫn").fill("Hồ sơ chưa chứng minh được kho hàng theo quy định.")

    take_action(run, specialist, "request_supplement", supplement, "yeu-cau-bo-sung")
    dossier.refresh_from_db()
    assert dossier.status == Status.PAUSED
    specialist.goto(run.url("/can-bo/hang-doi/cho-bo-sung/"))
    assert dossier.code in specialist.content()
    run.shot(specialist, "hang-doi-cho-bo-sung")

    # The applicant brings the papers to the desk: scanned, then the supplement is complete.
    desk.goto(run.url(f"/can-bo/ho-so/{dossier.pk}/"))
    desk.get_by_text("Tải thêm tệp").click()
    desk.set_input_files("#id_file", files=[pdf_file("scan-hop-dong-thue-kho.pdf")])
    desk.get_by_label("Loại tệp").select_option("application")
    desk.get_by_role("button", name="Tải lên").click()
    expect_message(desk, "Đã tải tệp lên")
    take_action(
        run, desk, "complete_supplement", lambda box: box.get_by_label("Ghi chú").fill("Đã nhận đủ hồ sơ bổ sung.")
    )
    dossier.refresh_from_db()
    assert dossier.status == Status.PROCESSING and dossier.pauses.get().completed_at

    # The specialist cannot finish in time: apology with a new appointment (Form 04).
    new_date = get_calendar().add_working_days(dossier.due_date, 3)
    specialist.goto(run.url(f"/can-bo/ho-so/{dossier.pk}/"))

    def apology(box, date=dossier.due_date):
        box.get_by_label("Lý do chậm trả kết quả").fill("Chờ ý kiến của Sở Tài chính về kho hàng.")
        box.get_by_label("Ngày hẹn trả mới").fill(date.isoformat())

    # A date that is not after the original appointment is refused, with the text kept.
    box = specialist.locator("#action-apologise")
    box.locator("summary").click()
    apology(box)
    box.locator("button[type=submit]").click()
    assert "Ngày hẹn lại phải là một ngày làm việc sau ngày hẹn trả ban đầu" in specialist.content()
    assert specialist.locator("#id_apologise-reason").input_value() == "Chờ ý kiến của Sở Tài chính về kho hàng."
    run.shot(specialist, "xin-loi-sai-ngay")
    take_action(run, specialist, "apologise", lambda box: apology(box, new_date))
    dossier.refresh_from_db()
    assert dossier.apology_due_date == new_date
    specialist.get_by_role("link", name="Mẫu 04").click()
    assert new_date.strftime("%d/%m/%Y") in specialist.content() or str(new_date.year) in specialist.content()
    run.shot(specialist, "mau-04")
