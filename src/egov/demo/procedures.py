"""Published sections of the demo's main procedure, the wholesale alcohol licence (Cấp giấy phép
bán buôn rượu), as its catalogue entry gives them from Nghị định 105/2017/NĐ-CP as amended by
Nghị định 17/2020/NĐ-CP (Điều 11 conditions, Điều 24 dossier, Điều 25 steps). Demo data for
Quảng Ngãi: the province's own decision publishing the procedure decides in production.
"""

from __future__ import annotations

import io

from django.core.files.uploadedfile import SimpleUploadedFile

from egov.procedures.service import (
    DocumentSpec,
    FilingChannel,
    FilingMethod,
    ProcedureVersion,
    RequiredDocument,
    blank_form_add,
    procedure_version_set_documents,
)

FORM_NAME = "Mẫu số 01: Đơn đề nghị cấp Giấy phép bán buôn rượu"
FEE = "Phí thẩm định theo Thông tư số 168/2016/TT-BTC của Bộ Tài chính"

ALCOHOL_WHOLESALE = {
    "steps": (
        "Thương nhân nộp 01 bộ hồ sơ đề nghị cấp Giấy phép bán buôn rượu đến Sở Công Thương.\n"
        "Trường hợp hồ sơ chưa đầy đủ, hợp lệ, trong thời hạn 03 ngày làm việc kể từ ngày tiếp nhận hồ sơ, "
        "Sở Công Thương có văn bản yêu cầu thương nhân bổ sung.\n"
        "Trong thời hạn 10 ngày làm việc kể từ ngày nhận đủ hồ sơ hợp lệ, Sở Công Thương xem xét, thẩm định "
        "và cấp Giấy phép bán buôn rượu; trường hợp từ chối cấp phải trả lời bằng văn bản và nêu rõ lý do."
    ),
    "applicants": "Doanh nghiệp",
    "requirements": (
        "Là doanh nghiệp được thành lập theo quy định của pháp luật.\n"
        "Có quyền sử dụng hợp pháp kho hàng (hoặc hệ thống kho hàng) phù hợp với quy mô kinh doanh của doanh "
        "nghiệp, đáp ứng yêu cầu bảo quản được chất lượng của rượu trong thời gian lưu kho.\n"
        "Có văn bản giới thiệu hoặc hợp đồng nguyên tắc của thương nhân sản xuất rượu, thương nhân phân phối "
        "rượu hoặc thương nhân bán buôn rượu khác."
    ),
}
METHODS = [
    (FilingChannel.DIRECT, "Nộp hồ sơ tại Bộ phận Một cửa của Sở Công Thương tỉnh Quảng Ngãi."),
    (FilingChannel.POSTAL, "Gửi hồ sơ qua dịch vụ bưu chính đến Sở Công Thương tỉnh Quảng Ngãi."),
    (
        FilingChannel.ONLINE,
        "Nộp hồ sơ trực tuyến trên Cổng Dịch vụ công quốc gia hoặc Hệ thống thông tin giải quyết thủ tục "
        "hành chính tỉnh Quảng Ngãi (motcua.quangngai.gov.vn).",
    ),
]
_COPY = RequiredDocument.Form.COPY
DOCUMENTS = [
    DocumentSpec("Đơn đề nghị cấp Giấy phép bán buôn rượu (Mẫu số 01)"),
    DocumentSpec("Giấy chứng nhận đăng ký doanh nghiệp hoặc giấy tờ tương đương", _COPY),
    DocumentSpec("Hợp đồng thuê hoặc tài liệu chứng minh quyền sử dụng hợp pháp kho hàng (hệ thống kho hàng)", _COPY),
    DocumentSpec(
        "Văn bản giới thiệu hoặc hợp đồng nguyên tắc của thương nhân sản xuất rượu, thương nhân phân phối rượu "
        "hoặc thương nhân bán buôn rượu khác",
        _COPY,
    ),
]


def application_form_docx() -> bytes:
    """The blank application (Mẫu số 01) as a .docx the applicant fills in."""
    import docx  # python-docx

    document = docx.Document()
    for line in ("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc", ""):
        document.add_paragraph(line).alignment = 1
    document.add_paragraph("ĐƠN ĐỀ NGHỊ CẤP GIẤY PHÉP BÁN BUÔN RƯỢU").alignment = 1
    document.add_paragraph("Kính gửi: Sở Công Thương tỉnh Quảng Ngãi.").alignment = 1
    for line in (
        "Tên thương nhân: ............................................................",
        "Địa chỉ trụ sở chính: ......................................................",
        "Điện thoại: .................... Fax: .................... Thư điện tử: ....................",
        "Giấy chứng nhận đăng ký doanh nghiệp số: .................... do .................... cấp "
        "ngày .... tháng .... năm ....",
        "Địa chỉ kho hàng: .........................................................",
        "Đề nghị Sở Công Thương xem xét cấp Giấy phép bán buôn rượu, gồm các loại rượu: ....................",
        "Thương nhân cam đoan thực hiện đúng các quy định của pháp luật về kinh doanh rượu; nếu sai, thương "
        "nhân xin chịu hoàn toàn trách nhiệm trước pháp luật.",
        "",
        "NGƯỜI ĐẠI DIỆN THEO PHÁP LUẬT CỦA THƯƠNG NHÂN",
        "(Ký tên, đóng dấu)",
    ):
        document.add_paragraph(line)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def publish_alcohol_wholesale(version: ProcedureVersion) -> None:
    """Fill the version's published sections; running again changes nothing."""
    changed = [name for name, text in ALCOHOL_WHOLESALE.items() if getattr(version, name) != text]
    for name in changed:
        setattr(version, name, ALCOHOL_WHOLESALE[name])
    if changed:
        version.save(update_fields=[*changed, "updated_at"])
    for order, (channel, description) in enumerate(METHODS):
        FilingMethod.objects.update_or_create(
            version=version, channel=channel, defaults={"description": description, "fee_text": FEE, "order": order}
        )
    documents = procedure_version_set_documents(version=version, documents=DOCUMENTS)
    if not version.blank_forms.filter(name=FORM_NAME).exists():
        upload = SimpleUploadedFile("Mau-01-don-de-nghi-cap-giay-phep-ban-buon-ruou.docx", application_form_docx())
        blank_form_add(version=version, upload=upload, name=FORM_NAME, required_document=documents[0])
