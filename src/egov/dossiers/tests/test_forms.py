"""Forms 01–06: content of the HTML, PDF page size, embedded Vietnamese font, QR code."""

import base64
import datetime as dt
import io
import re
import unicodedata

import pytest
from django.test import override_settings
from pypdf import PdfReader

from egov.dossiers import forms_render
from egov.dossiers.form_sets import dossier_form_set, form_set_on
from egov.dossiers.forms_render import (
    FormNotApplicable,
    qr_data_uri,
    render_form_html,
    render_form_pdf,
    render_register_html,
    render_register_pdf,
)
from egov.dossiers.models import Attachment, DossierStep, FormSetPeriod, PauseInterval, Status
from egov.dossiers.notifications import public_lookup_url

from .test_forms_fixtures import add_event, at, make_agency, make_dossier, make_unit, make_user, make_version

pytestmark = pytest.mark.django_db

A5 = (419.53, 595.28)  # points
A4_LANDSCAPE = (841.89, 595.28)


def page_size(pdf: bytes) -> tuple[float, float]:
    box = PdfReader(io.BytesIO(pdf)).pages[0].mediabox
    return round(float(box.width), 2), round(float(box.height), 2)


def pdf_text(pdf: bytes) -> str:
    text = " ".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)
    return re.sub(r"\s+", " ", unicodedata.normalize("NFC", text))


def fonts(pdf: bytes) -> dict[str, bool]:
    """Every font the PDF uses -> whether its file is embedded."""
    found = {}
    for page in PdfReader(io.BytesIO(pdf)).pages:
        for font in page["/Resources"]["/Font"].values():
            font = font.get_object()
            descriptor = font.get("/FontDescriptor") or font["/DescendantFonts"][0].get_object()["/FontDescriptor"]
            descriptor = descriptor.get_object()
            found[str(font["/BaseFont"])] = any(key in descriptor for key in ("/FontFile", "/FontFile2", "/FontFile3"))
    return found


def squash(html: str) -> str:
    return re.sub(r"\s+", " ", html)


@pytest.fixture
def received():
    agency = make_agency()
    receiver = make_user(agency=agency, name="Lê Thị Hoa")
    version = make_version(agency, time_limit=15, fee=1_200_000)
    return make_dossier(agency=agency, version=version, receiver=receiver)


# --- Form 01 -----------------------------------------------------------------------------------


def test_form_01_html_has_the_receipt_content(received):
    html = squash(render_form_html("01", received))
    assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in html
    assert "Độc lập - Tự do - Hạnh phúc" in html
    assert "Sở Công Thương tỉnh Quảng Ngãi" in html
    assert "Giấy tiếp nhận hồ sơ và hẹn trả kết quả" in html
    assert f"Mã hồ sơ: {received.code}" in html
    assert "Công ty TNHH Thương mại Đức Phổ" in html
    assert "Số 12 đường Lê Lợi" in html and "0905 123 456" in html and "doanhnghiep@example.vn" in html
    assert "Cấp Giấy phép bán buôn rượu" in html
    assert "Đơn đề nghị cấp Giấy phép bán buôn rượu" in html and "Bản sao chứng thực" in html
    assert "Thời gian giải quyết hồ sơ theo quy định là: 15 ngày làm việc" in html
    assert "Thời gian nhận hồ sơ: 08:30, ngày 21/09/2021" in html
    assert "Thời gian trả kết quả giải quyết hồ sơ: ngày 12/10/2021" in html
    assert "Phí, lệ phí: 1.200.000 đồng" in html
    assert "Quảng Ngãi, ngày 21 tháng 9 năm 2021" in html
    assert "Quyển số: 2021, Số thứ tự: 1" in html
    assert "Lê Thị Hoa" in html  # the receiving officer signs
    assert unicodedata.is_normalized("NFC", html)


def test_form_01_prints_how_the_applicant_chose_to_receive_the_result(received):
    """Not the counter for everyone: an online applicant choosing the electronic result reads it on Mẫu 01."""
    received.result_delivery = "electronic"
    html = squash(render_form_html("01", received))
    assert "Đăng ký nhận kết quả tại: Trực tuyến, trong mục “Hồ sơ của tôi” trên Cổng dịch vụ công" in html
    received.result_delivery, received.result_address = "post", "Số 5 Phan Bội Châu, TP Quảng Ngãi"
    html = squash(render_form_html("01", received))
    assert "Qua dịch vụ bưu chính công ích, tới địa chỉ: Số 5 Phan Bội Châu, TP Quảng Ngãi" in html


def test_form_01_lists_attached_documents_instead_of_the_required_list(received):
    required = received.procedure_version.required_documents.first()
    Attachment.objects.create(
        dossier=received,
        required_document=required,
        original_name="don.pdf",
        extension=".pdf",
        content_type="application/pdf",
        size=10,
        sha256="a" * 64,
        uploaded_at=received.received_at,
        file="x.pdf",
    )
    lines = forms_render.received_documents(received)
    assert [line.name for line in lines] == [required.name]


def test_form_01_qr_code_encodes_the_public_lookup_link(received, settings):
    settings.EGOV_PUBLIC_BASE_URL = "https://dichvucong.quangngai.gov.vn/"
    url = public_lookup_url(received)
    assert url == f"https://dichvucong.quangngai.gov.vn/tra-cuu/?ma={received.code}"
    html = render_form_html("01", received)
    # QR encoding is deterministic: the image in the form is the one made from the link.
    assert qr_data_uri(url) in html
    png = base64.b64decode(qr_data_uri(url).split(",", 1)[1])
    assert png.startswith(b"\x89PNG")
    assert url in html


def test_form_01_not_available_before_receipt():
    dossier = make_dossier(status=Status.SUBMITTED)
    with pytest.raises(FormNotApplicable):
        render_form_html("01", dossier)


def test_form_01_pdf_is_a5_with_embedded_vietnamese_font(received):
    pdf = render_form_pdf("01", received)
    assert pdf.startswith(b"%PDF")
    assert page_size(pdf) == A5
    assert len(PdfReader(io.BytesIO(pdf)).pages) == 1
    used = fonts(pdf)
    # Only the shipped face, embedded: a glyph missing from it would pull in a system fallback font.
    assert used and all(name.split("+")[-1].startswith("EgovSerif") for name in used), used
    assert all(used.values()), used
    text = pdf_text(pdf)
    assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in text
    assert "Độc lập - Tự do - Hạnh phúc" in text
    assert "Công ty TNHH Thương mại Đức Phổ" in text
    assert "1.200.000 đồng" in text


# --- Forms 02, 03, 04 --------------------------------------------------------------------------


def test_form_02_lists_items_to_supply():
    dossier = make_dossier(status=Status.INTAKE_SUPPLEMENT)
    officer = make_user(agency=dossier.agency, name="Phạm Minh Đức")
    add_event(
        dossier,
        "request_supplement",
        Status.SUBMITTED,
        Status.INTAKE_SUPPLEMENT,
        note="Bản sao hợp đồng thuê kho\nSơ đồ kho hàng",
        data={"reason": "Thiếu giấy tờ chứng minh kho hàng"},
        actor=officer,
    )
    html = squash(render_form_html("02", dossier))
    assert "Phiếu yêu cầu bổ sung, hoàn thiện hồ sơ" in html
    assert "Bản sao hợp đồng thuê kho" in html and "Sơ đồ kho hàng" in html
    assert "Lý do: Thiếu giấy tờ chứng minh kho hàng" in html
    assert "Phạm Minh Đức" in html
    assert page_size(render_form_pdf("02", dossier)) == A5


def test_form_02_during_processing_uses_the_pause_reason(received):
    add_event(received, "pause", Status.PROCESSING, Status.PAUSED, data={})
    PauseInterval.objects.create(dossier=received, requested_at=at(2021, 9, 22), reason="Bổ sung bản vẽ mặt bằng")
    assert "Bổ sung bản vẽ mặt bằng" in render_form_html("02", received)


def test_form_03_refusal_with_reason():
    dossier = make_dossier(status=Status.INTAKE_REFUSED)
    add_event(dossier, "refuse_intake", Status.SUBMITTED, Status.INTAKE_REFUSED, note="Không thuộc thẩm quyền của Sở")
    html = squash(render_form_html("03", dossier))
    assert "Phiếu từ chối tiếp nhận, giải quyết hồ sơ" in html
    assert "không tiếp nhận" in html
    assert "Không thuộc thẩm quyền của Sở" in html
    assert page_size(render_form_pdf("03", dossier)) == A5


def test_form_03_not_available_without_refusal(received):
    with pytest.raises(FormNotApplicable):
        render_form_html("03", received)


def test_form_04_apology_with_new_appointment(received):
    received.apology_due_date = dt.date(2021, 10, 19)
    received.save()
    add_event(received, "apologise", Status.PROCESSING, Status.PROCESSING, note="cần lấy ý kiến Sở Xây dựng")
    html = squash(render_form_html("04", received))
    assert "Phiếu xin lỗi và hẹn lại ngày trả kết quả" in html
    assert "Ngày 21/09/2021" in html
    assert "hẹn trả kết quả vào ngày 12/10/2021" in html
    assert "Lý do: cần lấy ý kiến Sở Xây dựng" in html
    assert "19/10/2021" in html
    assert "Thủ trưởng cơ quan" in html
    pdf = render_form_pdf("04", received)
    assert page_size(pdf) == A5
    assert "xin lỗi ông/bà" in pdf_text(pdf)


def test_form_04_not_available_without_apology(received):
    with pytest.raises(FormNotApplicable):
        render_form_html("04", received)


# --- Form 05 -----------------------------------------------------------------------------------


def test_form_05_shows_each_hand_over_with_its_timeliness(received):
    lead = make_unit(received.agency, "Phòng Quản lý thương mại")
    other = make_unit(received.agency, "Phòng Kỹ thuật an toàn")
    received.unit = lead
    received.save()
    specialist = make_user(agency=received.agency, unit=lead, name="Võ Thị Lan")
    steps = [
        # stored result wins
        ("Phân công xử lý", lead, at(2021, 9, 21, 9), at(2021, 9, 22, 17), at(2021, 9, 21, 15), "early"),
        # computed: finished the day it was due
        ("Thẩm định hồ sơ", lead, at(2021, 9, 21, 15), at(2021, 9, 28, 17), at(2021, 9, 28, 10), ""),
        # computed: finished after its day
        ("Lấy ý kiến", other, at(2021, 9, 28, 10), at(2021, 9, 30, 17), at(2021, 10, 4, 8), ""),
        # not finished yet
        ("Trình ký", lead, at(2021, 10, 4, 8), at(2021, 10, 6, 17), None, ""),
    ]
    for order, (name, unit, started, due, finished, timeliness) in enumerate(steps, start=1):
        DossierStep.objects.create(
            dossier=received,
            order=order,
            name=name,
            unit=unit,
            assignee=specialist if order == 2 else None,
            started_at=started,
            due_at=due,
            finished_at=finished,
            timeliness=timeliness,
        )
    rows = forms_render.hand_overs(received)
    assert [row.timeliness for row in rows] == ["Trước hạn", "Đúng hạn", "Quá hạn", "Đang xử lý"]
    assert rows[0].giver == "Bộ phận tiếp nhận và trả kết quả"
    assert "Võ Thị Lan" in rows[2].giver  # who handed over to the consultation step
    html = squash(render_form_html("05", received))
    assert "Phiếu kiểm soát quá trình giải quyết hồ sơ" in html
    assert f"Cơ quan (bộ phận) chủ trì giải quyết hồ sơ: {lead.name}" in html
    assert other.name in html
    assert "09:00, ngày 21/09/2021" in html
    for label in ("Trước hạn", "Đúng hạn", "Quá hạn"):
        assert label in html
    pdf = render_form_pdf("05", received)
    assert page_size(pdf) == A5
    text = pdf_text(pdf)
    assert "Quá hạn" in text and "Trước hạn" in text


# --- Form 06 -----------------------------------------------------------------------------------


def test_register_has_one_line_per_dossier_of_the_agency_and_year():
    agency = make_agency()
    version = make_version(agency)
    second = make_dossier(agency=agency, version=version, received_at=at(2021, 3, 2), applicant_name="Hộ kinh doanh Bé")
    first = make_dossier(agency=agency, version=version, received_at=at(2021, 1, 4), applicant_name="Công ty Ánh Dương")
    make_dossier(agency=agency, version=version, received_at=at(2020, 12, 31, 23), applicant_name="Năm trước")
    make_dossier(received_at=at(2021, 5, 5), applicant_name="Cơ quan khác")
    make_dossier(agency=agency, version=version, status=Status.SUBMITTED, applicant_name="Chưa tiếp nhận")

    lines = forms_render.register_lines(agency, 2021)
    assert [line.code for line in lines] == [first.code, second.code]
    assert [line.number for line in lines] == [1, 2]
    html = squash(render_register_html(agency, 2021))
    assert "Sổ theo dõi hồ sơ" in html and "Năm 2021" in html
    assert "Công ty Ánh Dương" in html and "Hộ kinh doanh Bé" in html
    assert "Năm trước" not in html and "Cơ quan khác" not in html and "Chưa tiếp nhận" not in html
    # Form 01's register line is the dossier's line here.
    assert forms_render.register_number(second) == 2

    pdf = render_register_pdf(agency, 2021)
    assert pdf.startswith(b"%PDF")
    assert page_size(pdf) == A4_LANDSCAPE
    assert "Công ty Ánh Dương" in pdf_text(pdf)


def test_form_06_through_a_dossier_is_its_agency_register(received):
    assert received.code in render_form_html("06", received)
    assert page_size(render_form_pdf("06", received)) == A4_LANDSCAPE


def test_unknown_form_number(received):
    with pytest.raises(ValueError):
        render_form_html("08", received)


# --- the set of forms by date (TT 01/2018/TT-VPCP, then TT 03/2025/TT-VPCP; law-2026.md §6.2, §8.2 [S]) ---


@pytest.fixture
def received_2026():
    agency = make_agency()
    receiver = make_user(agency=agency, name="Lê Thị Hoa")
    version = make_version(agency, time_limit=15, fee=1_200_000)
    return make_dossier(
        agency=agency,
        version=version,
        receiver=receiver,
        received_at=at(2026, 3, 2, 8, 30),
        due_date=dt.date(2026, 3, 23),
        applicant_tax_code="4300123456",
        applicant_representative="Trần Văn Bình",
    )


def test_a_2021_dossier_keeps_the_2018_set_printed_today(received):
    """Forms printed in 2026 for a 2021 dossier keep their 2021 template (TT 01/2018/TT-VPCP)."""
    assert [(f.number, f.kind) for f in dossier_form_set(received).forms] == [
        ("01", "receipt"),
        ("02", "supplement"),
        ("03", "refusal"),
        ("04", "apology"),
        ("05", "control_slip"),
        ("06", "register"),
    ]
    html = squash(render_form_html("01", received))
    assert "Mẫu số 01 (Thông tư 01/2018/TT-VPCP)" in html
    assert "Số định danh cá nhân" not in html and "Chữ ký số" not in html
    assert "Phiếu kiểm soát quá trình giải quyết hồ sơ" in render_form_html("05", received)
    with pytest.raises(FormNotApplicable, match="không có Mẫu số 07"):
        render_form_html("07", received)


def test_a_2026_dossier_uses_the_seven_forms_of_tt_03_2025(received_2026):
    form_set = dossier_form_set(received_2026)
    assert [(f.number, f.title) for f in form_set.forms] == [
        ("01", "Giấy tiếp nhận hồ sơ và hẹn trả kết quả"),
        ("02", "Phiếu yêu cầu bổ sung, hoàn thiện hồ sơ"),
        ("03", "Phiếu từ chối tiếp nhận giải quyết hồ sơ"),
        ("04", "Phiếu xin lỗi và đề nghị gia hạn thời gian giải quyết"),
        ("05", "Thông báo dừng giải quyết hồ sơ"),
        ("06", "Phiếu kiểm soát quá trình giải quyết hồ sơ"),
        ("07", "Sổ theo dõi hồ sơ"),
    ]
    html = squash(render_form_html("01", received_2026))
    assert "Mẫu số 01 (Thông tư 03/2025/TT-VPCP)" in html
    assert "Số định danh cá nhân/mã số thuế (tổ chức): 4300123456" in html
    assert "Người được ủy quyền/người đại diện: Trần Văn Bình" in html
    assert "Chữ ký số của người tiếp nhận (phiếu điện tử)" in html
    control = squash(render_form_html("06", received_2026))
    assert "Mẫu số 06 (Thông tư 03/2025/TT-VPCP)" in control and "Phiếu kiểm soát quá trình giải quyết hồ sơ" in control
    register = squash(render_form_html("07", received_2026))
    assert "Mẫu số 07" in register and "Sổ theo dõi hồ sơ" in register and received_2026.code in register


def test_the_2025_form_04_asks_to_extend_the_time_limit(received_2026):
    received_2026.apology_due_date = dt.date(2026, 3, 30)
    received_2026.save()
    add_event(
        received_2026, "apologise", Status.PROCESSING, Status.PROCESSING, at_=at(2026, 3, 19), note="cần xác minh"
    )
    html = squash(render_form_html("04", received_2026))
    assert "Phiếu xin lỗi và đề nghị gia hạn thời gian giải quyết" in html
    assert 'đề nghị ông/bà đồng ý gia hạn thời gian giải quyết hồ sơ đến ngày <span class="bold">30/03/2026' in html


def test_form_05_of_2025_is_the_notice_of_stopping_at_the_applicants_request(received_2026):
    """NĐ 118/2025 Art. 21 / TT 03/2025 Art. 7 [S]: the applicant asks to stop before any decision."""
    with pytest.raises(FormNotApplicable):
        render_form_html("05", received_2026)
    add_event(
        received_2026, "withdraw", Status.PROCESSING, Status.WITHDRAWN, at_=at(2026, 3, 5, 10, 15), note="Đổi địa điểm"
    )
    html = squash(render_form_html("05", received_2026))
    assert "THÔNG BÁO DỪNG GIẢI QUYẾT HỒ SƠ".lower() in html.lower()
    assert "Lúc 10:15, ngày 05/03/2026, ông/bà/tổ chức đề nghị dừng giải quyết hồ sơ với lý do: Đổi địa điểm" in html
    assert page_size(render_form_pdf("05", received_2026)) == A5


def test_the_switch_date_is_data(received_2026):
    FormSetPeriod.objects.filter(form_set=FormSetPeriod.FormSet.TT03_2025).update(valid_from=dt.date(2026, 3, 3))
    assert dossier_form_set(received_2026).code == FormSetPeriod.FormSet.TT01_2018
    assert form_set_on(dt.date(2026, 3, 3)).code == FormSetPeriod.FormSet.TT03_2025
    assert form_set_on(dt.date(2025, 9, 14)).code == FormSetPeriod.FormSet.TT01_2018


def test_the_register_of_a_year_is_numbered_in_its_set():
    agency = make_agency()
    assert "Mẫu số 06" in render_register_html(agency, 2021)
    assert "Mẫu số 07" in render_register_html(agency, 2026)


# --- safety ------------------------------------------------------------------------------------


def test_applicant_text_is_escaped(received):
    received.applicant_name = "<script>alert(1)</script> Công ty"
    received.save()
    html = render_form_html("01", received)
    assert "<script>alert(1)</script>" not in html
    assert "&lt;script&gt;" in html


@override_settings(EGOV_PUBLIC_BASE_URL="https://dvc.example.vn")
def test_lookup_url_escapes_the_code(received):
    received.code = "000.00.53.H48-210921-0001"
    assert public_lookup_url(received) == "https://dvc.example.vn/tra-cuu/?ma=000.00.53.H48-210921-0001"
