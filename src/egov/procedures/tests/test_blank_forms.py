"""Blank forms are uploads like the dossiers' own: accepted by their content, never by their name."""

import hashlib

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from egov.demo.procedures import application_form_docx
from egov.procedures import blank_forms
from egov.procedures.blank_forms import blank_form_add
from egov.procedures.models import BlankForm, RequiredDocument
from egov.procedures.tests.factories import ProcedureVersionFactory

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path)
    return tmp_path


def stored_files(root) -> list:
    return [path for path in root.rglob("*") if path.is_file()]


def test_a_docx_is_stored_under_its_content_hash_with_its_checked_type(media):
    version = ProcedureVersionFactory()
    data = application_form_docx()
    form = blank_form_add(version=version, upload=SimpleUploadedFile("../../Mẫu 01.docx", data), name="Mẫu số 01")

    assert form.content_type == "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
    assert (form.extension, form.size, form.original_name) == (".docx", len(data), "Mẫu 01.docx")
    assert form.sha256 == hashlib.sha256(data).hexdigest()
    assert form.file.name == f"procedures/forms/{form.sha256[:2]}/{form.sha256}.docx"
    assert form.file.read() == data


@pytest.mark.parametrize(
    ("name", "data", "code"),
    [
        ("mau.pdf", b"", "empty"),
        ("mau.pdf", b"Day la van ban thuong, khong phai PDF", "invalid_type"),
        ("mau.docx", b"MZ\x90\x00\x03\x00\x00\x00" + b"\x00" * 200, "invalid_type"),
        ("mau.png", b"\x89PNG\r\n\x1a\n" + b"\x00" * 200, "invalid_type"),
    ],
)
def test_a_file_that_is_not_a_form_is_refused_and_nothing_is_stored(media, name, data, code):
    version = ProcedureVersionFactory()
    with pytest.raises(ValidationError) as refused:
        blank_form_add(version=version, upload=SimpleUploadedFile(name, data), name="Mẫu")
    assert refused.value.code == code
    assert not BlankForm.objects.exists() and stored_files(media) == []


def test_a_file_over_the_limit_is_refused(media, monkeypatch):
    monkeypatch.setattr(blank_forms, "MAX_BYTES", len(PDF) - 1)
    with pytest.raises(ValidationError, match="Tệp quá lớn"):
        blank_form_add(version=ProcedureVersionFactory(), upload=SimpleUploadedFile("mau.pdf", PDF), name="Mẫu")
    assert stored_files(media) == []


def test_a_document_of_another_version_is_refused(media):
    version, other = ProcedureVersionFactory(), ProcedureVersionFactory()
    document = RequiredDocument.objects.create(version=other, name="Đơn đề nghị")
    with pytest.raises(ValidationError, match="không thuộc phiên bản"):
        blank_form_add(
            version=version, upload=SimpleUploadedFile("mau.pdf", PDF), name="Mẫu", required_document=document
        )
    assert stored_files(media) == []


def test_a_database_failure_removes_the_stored_file(media, monkeypatch):
    def fail(*args, **kwargs):
        raise RuntimeError("database down")

    monkeypatch.setattr(BlankForm, "save", fail)
    with pytest.raises(RuntimeError):
        blank_form_add(version=ProcedureVersionFactory(), upload=SimpleUploadedFile("mau.pdf", PDF), name="Mẫu")
    assert stored_files(media) == []
