import io
import threading
import time
import zipfile

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test import override_settings

from egov.organisations.roles import Role

from ..attachments import attachment_add, attachment_mark_digitised, dossier_files_size
from ..models import Attachment, Dossier, Status
from ..transitions import TERMINAL_STATES
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
        ("van-ban.pdf", b"PK\x03\x04 not really a zip", "archive_corrupt"),
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


# --- what a dossier takes: not after it is finished, and no more than its cap --------------------


@pytest.fixture
def citizen(django_user_model):
    return django_user_model.objects.create_user(username="cong-dan", password="x")


@pytest.fixture
def owned(settings, tmp_path, citizen):
    settings.MEDIA_ROOT = tmp_path
    return submitted_dossier(procedure_with_workflow(), owner=citizen)


def _set_status(dossier, status):
    Dossier.objects.filter(pk=dossier.pk).update(status=status)
    dossier.refresh_from_db()
    return dossier


@pytest.mark.parametrize("status", sorted(TERMINAL_STATES))
def test_a_finished_dossier_takes_no_file_from_anyone(owned, citizen, status, tmp_path):
    dossier = _set_status(owned, status)
    desk = make_staff(dossier.agency, Role.RECEIVING_OFFICER)
    for actor, kind in ((citizen, Attachment.Kind.SUPPLEMENT), (desk, Attachment.Kind.RESULT)):
        with pytest.raises(ValidationError) as refused:
            attachment_add(dossier=dossier, upload=SimpleUploadedFile("a.pdf", PDF), actor=actor, kind=kind)
        assert refused.value.code == "invalid_state"
        assert "không nhận thêm tệp" in refused.value.messages[0]
    assert not Attachment.objects.exists()
    assert not any(path.is_file() for path in tmp_path.rglob("*"))


def test_a_decided_dossier_takes_the_agency_result_but_no_file_from_the_applicant(owned, citizen):
    dossier = _set_status(owned, Status.RESOLVED)
    with pytest.raises(ValidationError) as refused:
        attachment_add(dossier=dossier, upload=SimpleUploadedFile("a.pdf", PDF), actor=citizen)
    assert refused.value.code == "invalid_state"
    desk = make_staff(dossier.agency, Role.RECEIVING_OFFICER)
    result = attachment_add(
        dossier=dossier, upload=SimpleUploadedFile("kq.pdf", PDF), actor=desk, kind=Attachment.Kind.RESULT
    )
    assert result.kind == Attachment.Kind.RESULT


def test_the_state_is_read_again_when_the_file_is_written(owned, citizen):
    """A dossier finished by someone else after the caller read it: the locked row decides."""
    stale = Dossier.objects.get(pk=owned.pk)
    _set_status(owned, Status.WITHDRAWN)
    with pytest.raises(ValidationError) as refused:
        attachment_add(dossier=stale, upload=SimpleUploadedFile("a.pdf", PDF), actor=citizen)
    assert refused.value.code == "invalid_state"


@pytest.mark.parametrize(("cap", "stored"), [(3 * len(PDF), 3), (3 * len(PDF) - 1, 2)])
def test_the_dossier_cap_reached_exactly_is_accepted_and_one_byte_more_refused(
    dossier, desk, settings, tmp_path, cap, stored
):
    settings.EGOV_DOSSIER_MAX_BYTES = cap
    for number in range(stored):
        attachment_add(dossier=dossier, upload=SimpleUploadedFile(f"{number}.pdf", PDF), actor=desk)
    with pytest.raises(ValidationError) as refused:
        attachment_add(dossier=dossier, upload=SimpleUploadedFile("them.pdf", PDF), actor=desk)
    assert refused.value.code == "dossier_quota"
    assert refused.value.messages[0].startswith(f"Tổng dung lượng tệp của một hồ sơ tối đa {cap} byte")
    assert dossier_files_size(dossier) == stored * len(PDF) <= cap
    assert len([path for path in tmp_path.rglob("*") if path.is_file()]) == stored


def test_the_cap_message_gives_the_figures(dossier, desk, settings):
    settings.EGOV_DOSSIER_MAX_BYTES = 3 * 1024 * 1024
    big = PDF + b"%" * (2 * 1024 * 1024 - len(PDF))
    attachment_add(dossier=dossier, upload=SimpleUploadedFile("1.pdf", big), actor=desk)
    with pytest.raises(ValidationError) as refused:
        attachment_add(dossier=dossier, upload=SimpleUploadedFile("2.pdf", big), actor=desk)
    assert refused.value.messages == [
        "Tổng dung lượng tệp của một hồ sơ tối đa 3 MB: hồ sơ đã có 2 MB, tệp gửi thêm 2 MB, chỉ còn nhận được 1 MB."
    ]


def test_a_zip_bomb_docx_is_refused_and_nothing_is_stored(dossier, desk, tmp_path):
    from egov.core.tests.test_files import zip_bomb_docx

    with pytest.raises(ValidationError) as refused:
        attachment_add(dossier=dossier, upload=SimpleUploadedFile("don-de-nghi.docx", zip_bomb_docx()), actor=desk)
    assert refused.value.code == "archive_too_large"
    assert not Attachment.objects.exists()
    assert not any(path.is_file() for path in tmp_path.rglob("*"))


CONCURRENT_UPLOADS = 6


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_concurrent_uploads_do_not_pass_the_dossier_cap(settings, tmp_path, monkeypatch):
    """Every upload passes the unlocked pre-check together; the dossier row lock lets two through."""
    settings.MEDIA_ROOT = tmp_path
    settings.EGOV_DOSSIER_MAX_BYTES = 2 * len(PDF) + len(PDF) // 2
    dossier = submitted_dossier(procedure_with_workflow())
    desk = make_staff(dossier.agency, Role.RECEIVING_OFFICER)
    save = Attachment.save

    def slow_save(self, *args, **kwargs):  # widen the window between the check and the write
        time.sleep(0.2)
        return save(self, *args, **kwargs)

    monkeypatch.setattr(Attachment, "save", slow_save)
    barrier = threading.Barrier(CONCURRENT_UPLOADS)
    outcomes: list[str] = []
    lock = threading.Lock()

    def upload(number: int) -> None:
        try:
            connection.ensure_connection()
            barrier.wait(timeout=60)
            attachment_add(dossier=dossier, upload=SimpleUploadedFile(f"{number}.pdf", PDF), actor=desk)
            outcome = "stored"
        except ValidationError as exc:
            outcome = exc.code
        except BaseException as exc:  # reported below
            outcome = repr(exc)
        finally:
            connection.close()
        with lock:
            outcomes.append(outcome)

    threads = [threading.Thread(target=upload, args=(number,)) for number in range(CONCURRENT_UPLOADS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert sorted(outcomes) == ["dossier_quota"] * (CONCURRENT_UPLOADS - 2) + ["stored"] * 2
    assert dossier_files_size(dossier) == 2 * len(PDF) <= settings.EGOV_DOSSIER_MAX_BYTES
    assert len([path for path in tmp_path.rglob("*") if path.is_file()]) == 2
