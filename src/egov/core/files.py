"""The one check every uploaded file goes through (dossiers' attachments, documents' files).

A file is judged by its bytes, never by its name or the type the browser sent. Archive-based
formats (DOCX, XLSX, ODF, ZIP: anything that is a zip inside) are judged from the archive's
directory before anything is decompressed: the members' total uncompressed size, each member's
ratio to its compressed size and the number of members are bounded (EGOV_ARCHIVE_* settings), so a
"zip bomb" named .docx is refused as it arrives. A member whose real content is larger than its
directory entry says, hidden to slip past those bounds, is caught by reading each member through
once, bounded by its declared size, with nothing written anywhere.
"""

from __future__ import annotations

import io
import os
import struct
import zipfile
import zlib
from collections.abc import Mapping
from dataclasses import dataclass

import filetype
from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext

from .formats import vn_number
from .text import nfc

PDF = "application/pdf"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
DOC = "application/msword"
ZIP = "application/zip"

# The legacy DOC (OLE compound file): `filetype` does not recognise a bare OLE container.
_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_ZIP_MAGIC = b"PK\x03\x04"
_CHUNK = 64 * 1024
# A member smaller than this once decompressed is not held to the ratio (a blank page compresses
# well and harms nobody); Apache POI's ZipSecureFile uses the same threshold and ratio (100).
RATIO_GRACE_BYTES = 100 * 1024


@dataclass(frozen=True)
class CheckedFile:
    data: bytes
    content_type: str
    extension: str


def megabytes(size: int) -> str:
    """1_572_864 -> "1,5 MB", 2_560 -> "2,5 KB", 700 -> "700 byte" (Vietnamese decimal comma)."""
    if round(size / 1024, 1) >= 1024:
        return f"{vn_number(size / (1024 * 1024), 1)} MB"
    if size >= 1024:
        return f"{vn_number(size / 1024, 1)} KB"
    return f"{vn_number(size)} byte"


def _limits() -> tuple[int, int, int]:
    return (
        settings.EGOV_ARCHIVE_MAX_UNCOMPRESSED_BYTES,
        settings.EGOV_ARCHIVE_MAX_RATIO,
        settings.EGOV_ARCHIVE_MAX_MEMBERS,
    )


def _refuse_archive(message: str, code: str, **params) -> ValidationError:
    return ValidationError(message, code=code, params=params)


def _declared_member_count(data: bytes) -> int | None:
    """The number of members the end-of-directory record announces, read before the directory
    itself is parsed (a 20 MB file can announce hundreds of thousands of empty members)."""
    end = data.rfind(b"PK\x05\x06", max(0, len(data) - 65_557))
    if end < 0 or end + 22 > len(data):
        return None
    (count,) = struct.unpack_from("<H", data, end + 10)
    if count != 0xFFFF:
        return count
    # Zip64: the locator just before points at the zip64 end record, which has the real count.
    locator = end - 20
    if locator < 0 or data[locator : locator + 4] != b"PK\x06\x07":
        return None
    (record,) = struct.unpack_from("<Q", data, locator + 8)
    if record + 40 > len(data) or data[record : record + 4] != b"PK\x06\x06":
        return None
    (count,) = struct.unpack_from("<Q", data, record + 32)
    return count


def _read_through(data: bytes, info: zipfile.ZipInfo) -> bool:
    """Whether the member's content is exactly its declared size (decompressed chunk by chunk
    into nothing, never past that size plus one chunk)."""
    if info.compress_type == zipfile.ZIP_STORED:
        return info.compress_size == info.file_size
    # The local header's name and extra field lengths give where the compressed bytes start.
    header = data[info.header_offset : info.header_offset + 30]
    if len(header) < 30 or header[:4] != _ZIP_MAGIC:
        return False
    name_length, extra_length = struct.unpack_from("<HH", header, 26)
    start = info.header_offset + 30 + name_length + extra_length
    compressed = memoryview(data)[start : start + info.compress_size]
    decompressor = zlib.decompressobj(-zlib.MAX_WBITS)
    produced = 0
    try:
        for offset in range(0, len(compressed), _CHUNK):
            pending = bytes(compressed[offset : offset + _CHUNK])
            while pending:
                produced += len(decompressor.decompress(pending, _CHUNK))
                if produced > info.file_size:
                    return False
                pending = decompressor.unconsumed_tail
        produced += len(decompressor.flush())
    except zlib.error:
        return False
    return produced == info.file_size and decompressor.eof


def check_archive(data: bytes) -> list[str]:
    """The member names of a zip-based file within the bounds, or a ValidationError."""
    max_total, max_ratio, max_members = _limits()
    announced = _declared_member_count(data)
    if announced is not None and announced > max_members:
        raise _refuse_archive(
            gettext("Tệp nén chứa %(count)s tệp bên trong, vượt giới hạn %(limit)s tệp: không nhận."),
            "archive_members",
            count=vn_number(announced),
            limit=vn_number(max_members),
        )
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        members = archive.infolist()
    except (zipfile.BadZipFile, zipfile.LargeZipFile, ValueError, EOFError, struct.error) as exc:
        raise ValidationError(gettext("Tệp nén bị hỏng, không đọc được."), code="archive_corrupt") from exc
    if len(members) > max_members:
        raise _refuse_archive(
            gettext("Tệp nén chứa %(count)s tệp bên trong, vượt giới hạn %(limit)s tệp: không nhận."),
            "archive_members",
            count=vn_number(len(members)),
            limit=vn_number(max_members),
        )
    total = sum(info.file_size for info in members)
    if total > max_total:
        raise _refuse_archive(
            gettext("Tệp nén khi giải nén chiếm %(size)s, vượt giới hạn %(limit)s: không nhận."),
            "archive_too_large",
            size=megabytes(total),
            limit=megabytes(max_total),
        )
    # Members laid over each other (the "overlapping" bomb) claim more compressed bytes than there are.
    if sum(info.compress_size for info in members) > len(data):
        raise ValidationError(gettext("Tệp nén bị hỏng, không đọc được."), code="archive_corrupt")
    for info in members:
        if info.file_size > RATIO_GRACE_BYTES and info.file_size > max_ratio * max(info.compress_size, 1):
            raise _refuse_archive(
                gettext(
                    "Tệp nén có tỷ lệ nén bất thường (%(name)s: %(size)s khi giải nén, gấp hơn %(ratio)s lần "
                    "dung lượng nén): không nhận."
                ),
                "archive_ratio",
                name=info.filename[:100],
                size=megabytes(info.file_size),
                ratio=vn_number(max_ratio),
            )
    for info in members:
        if info.flag_bits & 0x1:
            raise ValidationError(
                gettext("Tệp nén có đặt mật khẩu: không kiểm tra được nội dung, không nhận."),
                code="archive_encrypted",
            )
        if info.compress_type not in (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED):
            raise ValidationError(
                gettext("Tệp nén dùng phương thức nén không được hỗ trợ (chỉ nhận Deflate)."),
                code="archive_method",
            )
        if not _read_through(data, info):
            raise ValidationError(
                gettext("Tệp nén có tệp bên trong khác với kích thước khai báo: không nhận."),
                code="archive_corrupt",
            )
    return [info.filename for info in members]


def _is_zip_based(data: bytes) -> bool:
    if data.startswith(_ZIP_MAGIC):
        return True
    kind = filetype.guess(data[:8192])
    return kind is not None and (kind.mime in (ZIP, DOCX, XLSX) or kind.extension in ("zip", "docx", "xlsx"))


def content_type_of(data: bytes) -> str | None:
    """The type the bytes really are; a zip-based file is checked (check_archive) on the way."""
    if data.startswith(_OLE_MAGIC):
        return DOC
    if _is_zip_based(data):
        names = check_archive(data)
        if "[Content_Types].xml" in names:
            if any(name.startswith("word/") for name in names):
                return DOCX
            if any(name.startswith("xl/") for name in names):
                return XLSX
        return ZIP
    kind = filetype.guess(data[:8192])
    return kind.mime if kind is not None else None


def check_upload(upload, *, types: Mapping[str, str], max_bytes: int, type_names: str = "") -> CheckedFile:
    """Read an upload and accept it only when its content is one of `types` (content type ->
    stored extension), not empty, not larger than `max_bytes`, and within the archive bounds."""
    too_large = ValidationError(
        gettext("Tệp quá lớn: tối đa %(limit)s.") % {"limit": megabytes(max_bytes)},
        code="too_large",
    )
    size = getattr(upload, "size", None)
    if size is not None and size > max_bytes:
        raise too_large
    if hasattr(upload, "seek"):
        upload.seek(0)
    data = upload.read(max_bytes + 1)
    if not data:
        raise ValidationError(gettext("Tệp rỗng, vui lòng chọn lại tệp."), code="empty")
    if hasattr(upload, "seek"):
        upload.seek(0)  # the caller may store the upload itself
    if len(data) > max_bytes:
        raise too_large
    content_type = content_type_of(data)
    if content_type not in types:
        allowed = type_names or ", ".join(ext.lstrip(".").upper() for ext in dict.fromkeys(types.values()))
        raise ValidationError(
            gettext("Định dạng tệp không được chấp nhận (nội dung không phải %(allowed)s).") % {"allowed": allowed},
            code="invalid_type",
        )
    return CheckedFile(data, content_type, types[content_type])


def clean_original_name(name: str) -> str:
    """The uploaded name for display only: no directories, no control characters, NFC."""
    base = os.path.basename(name.replace("\\", "/")).strip()
    base = "".join(ch for ch in base if ch.isprintable())
    if base in ("", ".", ".."):
        raise ValidationError("Tên tệp không hợp lệ.", code="invalid_name")
    return nfc(base)[:255]
