import io
import zipfile

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import override_settings

from egov.organisations.roles import Role

from ..attachments import attachment_add, attachment_mark_digitised
from ..models import Attachment
from .factories import make_staff, procedure_with_workflow, submitted_dossier

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64
EXE = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff" + b"\x00" * 64


def docx_bytes() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", "<w:document/>")
    return buffer.getvalue()


@pytest.fixture
def dossier(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return submitted_dossier(procedure_with_workflow())


@pytest.fixture
def desk(dossier):
    return make_staff(dossier.agency, Role.RECEIVING_OFFICER)


@pytest.mark.parametrize(
    ("content", "expected_type", "extension"),
    [
        (PDF, "application/pdf", ".pdf"),
        (PNG, "image/png", ".png"),
        (docx_bytes(), "application/vnd.openxmlformats-officedocument.wordprocessingml.document", ".docx"),
    ],
)
def test_accepted_types_are_recognised_by_content(dossier, desk, content, expected_type, extension):
    upload = SimpleUploadedFile("tệp đính kèm.bin", content)
    attachment = attachment_add(dossier=dossier, upload=upload, actor=desk)
    assert (attachment.content_type, attachment.extension, attachment.size) == (expected_type, extension, len(content))
    assert attachment.file.name.endswith(attachment.sha256 + extension)
    assert attachment.original_name == "tệp đính kèm.bin"
    assert attachment.file.read() == content


@pytest.mark.parametrize(
    ("name", "content", "code"),
    [
        ("giay-phep.pdf", EXE, "invalid_type"),  # a renamed executable
        ("trong.pdf", b"", "empty"),
        ("../../etc/passwd", PDF, None),  # accepted, but only its base name is kept
        ("   ", PDF, "invalid_name"),
        ("van-ban.pdf", b"PK\x03\x04 not really a zip", "invalid_type"),
    ],
)
def test_bad_uploads_are_refused_and_nothing_is_saved(dossier, desk, name, content, code):
    upload = SimpleUploadedFile(name, content)
    if code is None:
        attachment = attachment_add(dossier=dossier, upload=upload, actor=desk)
        assert attachment.original_name == "passwd" and ".." not in attachment.file.name
        return
    with pytest.raises(ValidationError) as refused:
        attachment_add(dossier=dossier, upload=upload, actor=desk)
    assert refused.value.code == code
    assert Attachment.objects.count() == 0


def test_oversize_file_refused(dossier, desk, tmp_path):
    with override_settings(EGOV_ATTACHMENT_MAX_BYTES=1024), pytest.raises(ValidationError) as refused:
        attachment_add(dossier=dossier, upload=SimpleUploadedFile("lon.pdf", PDF + b"0" * 2000), actor=desk)
    assert refused.value.code == "too_large"
    assert not any(tmp_path.rglob("*.pdf"))


def test_file_removed_when_the_database_write_fails(dossier, desk, tmp_path, monkeypatch):
    def broken_save(self, *args, **kwargs):
        raise RuntimeError("database down")

    monkeypatch.setattr(Attachment, "save", broken_save)
    with pytest.raises(RuntimeError):
        attachment_add(dossier=dossier, upload=SimpleUploadedFile("a.pdf", PDF), actor=desk)
    assert not any(path.is_file() for path in tmp_path.rglob("*"))


def test_only_owner_or_staff_in_scope_may_upload(dossier, django_user_model):
    stranger = django_user_model.objects.create_user(username="stranger", password="x")
    with pytest.raises(ValidationError) as refused:
        attachment_add(dossier=dossier, upload=SimpleUploadedFile("a.pdf", PDF), actor=stranger)
    assert refused.value.code == "forbidden"


def test_item_of_another_procedure_refused(dossier, desk):
    from egov.procedures.models import RequiredDocument

    other = procedure_with_workflow().versions.get()
    item = RequiredDocument.objects.create(version=other, name="Đơn đề nghị")
    with pytest.raises(ValidationError) as refused:
        attachment_add(dossier=dossier, upload=SimpleUploadedFile("a.pdf", PDF), actor=desk, required_document=item)
    assert refused.value.code == "invalid_item"


def test_mark_digitised(dossier, desk):
    attachment = attachment_add(dossier=dossier, upload=SimpleUploadedFile("a.pdf", PDF), actor=desk)
    assert attachment_mark_digitised(attachment=attachment, actor=desk).is_digitised
    specialist = make_staff(dossier.agency, Role.SPECIALIST)
    with pytest.raises(ValidationError):
        attachment_mark_digitised(attachment=attachment, actor=specialist)
