"""The sections a published procedure has on the national portal (NĐ 63/2010/NĐ-CP Điều 8:
trình tự, cách thức, hồ sơ, đối tượng, yêu cầu điều kiện, mẫu đơn tờ khai, căn cứ pháp lý),
imported from a catalogue file that has them and versioned with the procedure."""

import datetime as dt
import io
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command

from egov.procedures.blank_forms import blank_form_add
from egov.procedures.models import BlankForm, FilingChannel, FilingMethod, Procedure, RequiredDocument
from egov.procedures.tests.factories import AgencyFactory

pytestmark = pytest.mark.django_db

HEADER = "code,name,field,time_limit_days,reduced_time_limit_days,fee_vnd,online_level,result,legal_basis,source_url"
ROW = '2.000633,Cấp Giấy phép bán buôn rượu,Lưu thông hàng hóa trong nước,10,,,Toàn trình,Giấy phép,"{legal}",'
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


@pytest.fixture
def sct():
    return AgencyFactory(short_name="SCT", identifier="000.00.53.H48", name="Sở Công Thương tỉnh Quảng Ngãi")


def load(path: Path, *args) -> str:
    out = io.StringIO()
    call_command("load_catalogue", str(path), *args, stdout=out)
    return out.getvalue()


def write(tmp_path, text: str) -> Path:
    path = tmp_path / "catalogue.csv"
    path.write_text(text, encoding="utf-8")
    return path


def with_sections(steps: str, methods: str, applicants="Doanh nghiệp", requirements="Là doanh nghiệp") -> str:
    row = ROW.format(legal="Nghị định 105/2017/NĐ-CP\nNghị định 17/2020/NĐ-CP")
    return (
        f"{HEADER},steps,filing_methods,applicants,requirements\n"
        f'{row},"{steps}","{methods}","{applicants}","{requirements}"\n'
    )


def test_a_file_with_the_section_columns_fills_them_one_item_a_line(sct, tmp_path):
    steps = "Bước 1: Nộp hồ sơ\n\n  Bước 2:   Thẩm định hồ sơ  \nBước 3: Trả kết quả"
    methods = "Trực tiếp: Tại Bộ phận Một cửa\nQua bưu chính: Gửi hồ sơ\nTrực tuyến: motcua.quangngai.gov.vn"
    load(write(tmp_path, with_sections(steps, methods)))

    version = Procedure.objects.get(code="2.000633").versions.get()
    assert version.steps == "Bước 1: Nộp hồ sơ\nBước 2: Thẩm định hồ sơ\nBước 3: Trả kết quả"
    assert version.legal_basis == "Nghị định 105/2017/NĐ-CP\nNghị định 17/2020/NĐ-CP"
    assert (version.applicants, version.requirements) == ("Doanh nghiệp", "Là doanh nghiệp")
    assert list(version.filing_methods.values_list("channel", "description")) == [
        (FilingChannel.DIRECT, "Tại Bộ phận Một cửa"),
        (FilingChannel.POSTAL, "Gửi hồ sơ"),
        (FilingChannel.ONLINE, "motcua.quangngai.gov.vn"),
    ]


def test_a_channel_it_cannot_read_is_kept_verbatim_and_reported(sct, tmp_path):
    output = load(write(tmp_path, with_sections("Nộp hồ sơ", "Qua fax: gửi bản chụp")))

    version = Procedure.objects.get(code="2.000633").versions.get()
    assert version.raw_values["filing_methods"] == "Qua fax: gửi bản chụp"
    assert not version.filing_methods.exists()
    assert "không nhận ra hình thức nộp “Qua fax”" in output


def test_a_file_without_the_columns_leaves_what_the_editor_wrote(sct, tmp_path):
    path = write(tmp_path, f"{HEADER}\n{ROW.format(legal='Nghị định 105/2017/NĐ-CP')}\n")
    load(path)
    version = Procedure.objects.get(code="2.000633").versions.get()
    version.steps, version.applicants = "Nộp hồ sơ\nNhận kết quả", "Doanh nghiệp"
    version.save()
    FilingMethod.objects.create(version=version, channel=FilingChannel.ONLINE, time_limit=7, fee_text="Miễn phí")

    assert "không đổi 1" in load(path)
    version.refresh_from_db()
    assert (version.steps, version.applicants) == ("Nộp hồ sơ\nNhận kết quả", "Doanh nghiệp")
    assert list(version.filing_methods.values_list("channel", "time_limit", "fee_text")) == [
        (FilingChannel.ONLINE, 7, "Miễn phí")
    ]


def test_the_file_keeps_a_channels_time_limit_and_fee_set_by_the_editor(sct, tmp_path):
    load(write(tmp_path, with_sections("Nộp hồ sơ", "Trực tuyến: cũ")))
    method = FilingMethod.objects.get()
    method.time_limit, method.fee_text = 7, "Giảm 50 %"
    method.save()

    load(write(tmp_path, with_sections("Nộp hồ sơ", "Trực tuyến: mới")))
    method.refresh_from_db()
    assert (method.description, method.time_limit, method.fee_text) == ("mới", 7, "Giảm 50 %")


def test_a_new_version_carries_the_sections_and_the_old_one_keeps_its_own(sct, tmp_path, settings, tmp_path_factory):
    """A dossier keeps the version it was filed under: a 2021 dossier shows 2021's text."""
    settings.MEDIA_ROOT = str(tmp_path_factory.mktemp("media"))
    load(
        write(tmp_path, with_sections("Nộp hồ sơ 2021", "Trực tiếp: Tại Bộ phận Một cửa")),
        "--effective-from",
        "2021-01-01",
    )
    old = Procedure.objects.get(code="2.000633").versions.get()
    document = RequiredDocument.objects.create(version=old, name="Đơn đề nghị (Mẫu số 01)")
    form = blank_form_add(
        version=old, upload=SimpleUploadedFile("mau-01.pdf", PDF), name="Mẫu số 01", required_document=document
    )
    FilingMethod.objects.filter(version=old).update(time_limit=8, fee_text="Phí thẩm định")

    load(
        write(tmp_path, with_sections("Nộp hồ sơ 2026", "Trực tiếp: Tại Bộ phận Một cửa")),
        "--effective-from",
        "2026-07-01",
    )

    procedure = Procedure.objects.get(code="2.000633")
    old, new = procedure.versions.order_by("effective_from")
    assert old.effective_to == dt.date(2026, 6, 30)
    assert (procedure.version_on(dt.date(2021, 3, 1)).steps, procedure.version_on(dt.date(2026, 7, 1)).steps) == (
        "Nộp hồ sơ 2021",
        "Nộp hồ sơ 2026",
    )
    # What the file does not carry moves to the new version: a channel's limit and fee, the forms.
    assert list(new.filing_methods.values_list("channel", "time_limit", "fee_text")) == [
        (FilingChannel.DIRECT, 8, "Phí thẩm định")
    ]
    copied = new.blank_forms.get()
    assert copied.pk != form.pk and copied.file.name == form.file.name and copied.sha256 == form.sha256
    assert copied.required_document == new.required_documents.get() != document
    assert old.blank_forms.get() == form and form.required_document == document
    assert BlankForm.objects.count() == 2
