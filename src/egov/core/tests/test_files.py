"""core.files: content sniffing and the bounds on archive-based files (zip bombs shaped as .docx)."""

import functools
import io
import struct
import zipfile
import zlib

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from docx import Document

from egov.core.files import DOC, DOCX, PDF, XLSX, check_upload, clean_original_name, content_type_of, megabytes
from egov.core.officedoc.xlsx import new_workbook, workbook_bytes

TYPES = {PDF: ".pdf", DOCX: ".docx", XLSX: ".xlsx", DOC: ".doc"}
LIMIT = 20 * 1024 * 1024
MB = 1024 * 1024


def _docx_parts(archive: zipfile.ZipFile) -> None:
    archive.writestr("[Content_Types].xml", "<Types/>")
    archive.writestr("word/document.xml", "<w:document/>")


@functools.cache
def zip_bomb_docx() -> bytes:
    """A .docx of about 110 KB whose picture decompresses to 110 MB of zeros."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        _docx_parts(archive)
        zeros = bytes(MB)
        with archive.open("word/media/image1.png", "w") as member:
            for _ in range(110):
                member.write(zeros)
    return buffer.getvalue()


def check(data: bytes, name: str = "tep.docx"):
    return check_upload(SimpleUploadedFile(name, data), types=TYPES, max_bytes=LIMIT)


def refused_code(data: bytes) -> str:
    with pytest.raises(ValidationError) as refused:
        check(data)
    return refused.value.code


def test_a_zip_bomb_shaped_as_docx_is_refused_without_decompressing_it(monkeypatch):
    bomb = zip_bomb_docx()
    assert len(bomb) < 200 * 1024
    # The directory says enough: nothing may be decompressed to refuse it.
    monkeypatch.setattr(zlib, "decompressobj", lambda *a, **k: pytest.fail("decompressed"))
    with pytest.raises(ValidationError) as refused:
        check(bomb)
    assert refused.value.code == "archive_too_large"
    assert refused.value.messages == ["Tệp nén khi giải nén chiếm 110 MB, vượt giới hạn 100 MB: không nhận."]


def test_a_member_compressed_past_the_ratio_is_refused(settings):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        _docx_parts(archive)
        archive.writestr("word/media/image1.png", bytes(5 * MB))  # about 5 KB compressed: ~1000 times
    with pytest.raises(ValidationError) as refused:
        check(buffer.getvalue())
    assert refused.value.code == "archive_ratio"
    assert "word/media/image1.png: 5 MB khi giải nén, gấp hơn 100 lần" in refused.value.messages[0]
    settings.EGOV_ARCHIVE_MAX_RATIO = 2000
    assert check(buffer.getvalue()).content_type == DOCX


def test_too_many_members_are_refused_before_the_directory_is_read(monkeypatch):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        _docx_parts(archive)
        for number in range(1000):
            archive.writestr(f"word/media/{number}.xml", "")
    monkeypatch.setattr(zipfile, "ZipFile", lambda *a, **k: pytest.fail("directory parsed"))
    with pytest.raises(ValidationError) as refused:
        check(buffer.getvalue())
    assert refused.value.code == "archive_members"
    assert refused.value.messages == ["Tệp nén chứa 1.002 tệp bên trong, vượt giới hạn 1.000 tệp: không nhận."]


def _patch_declared_size(data: bytes, name: bytes, size: int) -> bytes:
    """The archive with `name`'s uncompressed size rewritten in both its headers."""
    data = bytearray(data)
    local = data.find(b"PK\x03\x04")
    while local >= 0:
        length = struct.unpack_from("<H", data, local + 26)[0]
        if data[local + 30 : local + 30 + length] == name:
            struct.pack_into("<I", data, local + 22, size)
        local = data.find(b"PK\x03\x04", local + 4)
    central = data.find(b"PK\x01\x02")
    while central >= 0:
        length = struct.unpack_from("<H", data, central + 28)[0]
        if data[central + 46 : central + 46 + length] == name:
            struct.pack_into("<I", data, central + 24, size)
        central = data.find(b"PK\x01\x02", central + 4)
    return bytes(data)


def test_a_member_larger_than_its_directory_entry_says_is_refused():
    """A bomb hiding behind small declared sizes passes the directory's bounds, not the reading."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        _docx_parts(archive)
        archive.writestr("word/media/image1.png", bytes(50 * 1024))
    lying = _patch_declared_size(buffer.getvalue(), b"word/media/image1.png", 1000)
    assert zipfile.ZipFile(io.BytesIO(lying)).getinfo("word/media/image1.png").file_size == 1000
    assert refused_code(lying) == "archive_corrupt"


def test_encrypted_members_and_other_methods_than_deflate_are_refused():
    """Neither can be read through to check its size."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_BZIP2) as archive:
        _docx_parts(archive)
    assert refused_code(buffer.getvalue()) == "archive_method"
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        _docx_parts(archive)
    data = bytearray(buffer.getvalue())
    central = data.find(b"PK\x01\x02")
    struct.pack_into("<H", data, central + 8, struct.unpack_from("<H", data, central + 8)[0] | 1)
    assert refused_code(bytes(data)) == "archive_encrypted"


def test_real_office_files_pass():
    document = Document()
    for _ in range(200):
        document.add_paragraph("Cấp Giấy phép bán buôn rượu trên địa bàn tỉnh Quảng Ngãi. " * 5)
    buffer = io.BytesIO()
    document.save(buffer)
    assert check(buffer.getvalue()).extension == ".docx"
    book = new_workbook()
    for row in range(2000):
        book.active.append(["Lưu thông hàng hóa trong nước", row, row * 2])
    assert check(workbook_bytes(book), "bieu.xlsx").content_type == XLSX


def test_sniffing_ignores_the_name():
    assert content_type_of(b"%PDF-1.4\n%%EOF\n") == PDF
    assert content_type_of(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(512)) == DOC
    with pytest.raises(ValidationError) as refused:
        check(b"MZ\x90\x00" + bytes(64), "giay-phep.pdf")
    assert refused.value.code == "invalid_type"
    assert refused.value.messages == ["Định dạng tệp không được chấp nhận (nội dung không phải PDF, DOCX, XLSX, DOC)."]


@pytest.mark.parametrize(
    ("size", "text"),
    [(700, "700 byte"), (2560, "2,5 KB"), (MB - 45, "1 MB"), (1_572_864, "1,5 MB"), (100 * MB, "100 MB")],
)
def test_sizes_are_written_the_vietnamese_way(size, text):
    assert megabytes(size) == text


def test_an_uploaded_name_keeps_only_its_printable_base_name_in_nfc():
    assert clean_original_name("C:\\Users\\an\\Đơn đề nghị.pdf") == "Đơn đề nghị.pdf"
    assert clean_original_name("../../etc/Ho\u0302\u0300 so\u031b\x07.pdf") == "Hồ sơ.pdf"
    with pytest.raises(ValidationError) as refused:
        clean_original_name("thu-muc/..")
    assert refused.value.code == "invalid_name"
