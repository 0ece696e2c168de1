"""Registering documents: parsing the number, duplicates, the handling tracker, files."""

import datetime as dt
import io
import zipfile

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from egov.documents.models import Document, DocumentFile
from egov.documents.services import document_attach_file, incoming_update_handling


def test_register_incoming_parses_number_and_symbol(register_incoming, units):
    document = register_incoming(
        "20/2013/QĐ-UBND",
        type_name="Quyết định (quy phạm pháp luật)",
        document_date=dt.date(2013, 5, 7),
        arrived_on=dt.date(2013, 5, 10),
        handling_unit=units["QLTM"],
        summary="Ban hành  quy định   về quản lý chợ",
    )
    assert (document.number, document.number_year, document.symbol, document.year) == ("20", 2013, "QĐ-UBND", 2013)
    assert document.ref == "20/2013/QĐ-UBND"
    assert document.summary == "Ban hành quy định về quản lý chợ"
    assert document.arrival_number == 1 and document.handling_status == Document.Handling.NOT_STARTED
    assert "quan ly cho" in document.search_text


def test_register_incoming_tolerates_stray_spaces_and_dashes(register_incoming):
    document = register_incoming("10 – KH/BDVTU-BCSĐUBND", type_name="Kế hoạch", issuer_symbol="BDVTU")
    assert document.ref == "10-KH/BDVTU-BCSĐUBND" and document.symbol == "KH/BDVTU-BCSĐUBND"


@pytest.mark.parametrize("bad", ["", "abc", "2121", "2121/QĐ-UBND và 12/QĐ-UBND", "31/12/2020"])
def test_register_incoming_refuses_a_bad_number(register_incoming, bad):
    with pytest.raises(ValidationError) as info:
        register_incoming(bad)
    assert "không đúng dạng" in str(info.value.message_dict["ref"])
    assert not Document.objects.exists()


def test_duplicate_is_refused_with_a_clear_message(register_incoming):
    register_incoming("2121/QĐ-UBND", document_date=dt.date(2020, 12, 31), arrived_on=dt.date(2021, 1, 4))
    with pytest.raises(ValidationError) as info:
        register_incoming("02121/QĐ- UBND", document_date=dt.date(2020, 12, 31), arrived_on=dt.date(2021, 1, 5))
    message = info.value.message_dict["ref"][0]
    assert "2121/QĐ-UBND" in message and "đã có trong sổ" in message and "số đến 1/2021" in message
    assert Document.objects.count() == 1
    # Same number and symbol, another year or another issuer: a different document.
    register_incoming("2121/QĐ-UBND", document_date=dt.date(2021, 12, 1))
    assert Document.objects.count() == 2


def test_duplicate_is_refused_by_the_database_too(register_incoming):
    from django.db import IntegrityError, transaction

    original = register_incoming("5/TB-SNV", type_name="Thông báo", issuer_symbol="SNV")
    copy = Document.objects.get(pk=original.pk)
    copy.pk = None
    copy.arrival_number = 99
    with pytest.raises(IntegrityError), transaction.atomic():
        copy.save()


def test_register_incoming_validates_dates_and_unit(register_incoming, other_agency):
    from egov.organisations.models import Unit

    foreign = Unit.objects.create(agency=other_agency, name="Phòng Tổ chức", short_name="TC")
    with pytest.raises(ValidationError) as info:
        register_incoming(
            "20/2014/QĐ-UBND",
            document_date=dt.date(2013, 5, 7),
            arrived_on=dt.date(2013, 5, 1),
            handling_unit=foreign,
        )
    errors = info.value.message_dict
    assert "document_date" in errors and "handling_unit" in errors
    assert not Document.objects.exists()


def test_handling_tracker(register_incoming, units):
    document = register_incoming("655/SNV-XDCQ&CTTN", type_name="Công văn", issuer_symbol="SNV")
    updated = incoming_update_handling(
        document=document,
        handling_status=Document.Handling.DONE,
        handling_note="Đã tham mưu trả lời",
        handling_deadline=dt.date(2021, 1, 20),
        handling_unit=units["VP"],
        reply_ref="327/ SCT-VP",
    )
    assert updated.handling_status == "done" and updated.reply_ref == "327/SCT-VP"
    with pytest.raises(ValidationError):
        incoming_update_handling(document=document, handling_status="done", reply_ref="không có")


def _docx_bytes() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", "<w:document/>")
    return buffer.getvalue()


@pytest.mark.parametrize(
    ("name", "content", "expected"),
    [
        ("scan.pdf", b"%PDF-1.7\n...", "application/pdf"),
        ("cong-van.docx", None, "application/vnd.openxmlformats-officedocument.wordprocessingml.document"),
        ("cu.doc", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 100, "application/msword"),
    ],
)
def test_attach_file_checks_content(register_incoming, settings, tmp_path, name, content, expected):
    settings.MEDIA_ROOT = tmp_path
    document = register_incoming("1/TB-SNV", type_name="Thông báo", issuer_symbol="SNV")
    upload = SimpleUploadedFile(name, content if content is not None else _docx_bytes())
    attachment = document_attach_file(document=document, uploaded=upload, user=None)
    assert attachment.content_type == expected and attachment.file.size > 0


@pytest.mark.parametrize(
    ("name", "content"),
    [("gia.pdf", b"MZ\x90\x00 executable"), ("rong.pdf", b""), ("zip.docx", b"PK\x03\x04 not really")],
)
def test_attach_file_refuses_wrong_content(register_incoming, settings, tmp_path, name, content):
    settings.MEDIA_ROOT = tmp_path
    document = register_incoming("1/TB-SNV", type_name="Thông báo", issuer_symbol="SNV")
    with pytest.raises(ValidationError):
        document_attach_file(document=document, uploaded=SimpleUploadedFile(name, content), user=None)
    assert not DocumentFile.objects.exists()


@pytest.mark.postgres
def test_search_column_has_a_trigram_index(db):
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SELECT indexdef FROM pg_indexes WHERE indexname = 'documents_document_search_trgm'")
        (definition,) = cursor.fetchone()
    assert "gin_trgm_ops" in definition and "search_text" in definition


@pytest.mark.postgres
def test_register_search_is_served_by_the_trigram_index_and_ignores_diacritics(register_incoming, clerk):
    """The LIKE the register runs can be served by the trigram index, and a folded word is found."""
    from django.db import connection

    from egov.documents.selectors import register_list

    register_incoming("12/KH-UBND", type_name="Kế hoạch", summary="Phối hợp thực hiện công tác dân vận năm 2021")
    register_incoming("13/KH-UBND", type_name="Kế hoạch", summary="Kiểm tra an toàn đập thủy điện")
    found = register_list(user=clerk, direction="incoming", query="DAN VẬN")
    assert list(found.values_list("ref", flat=True)) == ["12/KH-UBND"]
    query = Document.objects.filter(search_text__contains="dan van").values("pk")
    sql, params = query.query.sql_with_params()
    with connection.cursor() as cursor:
        # Leave the planner only bitmap scans, which need an index on the searched column.
        for setting in ("enable_seqscan", "enable_indexscan", "enable_indexonlyscan"):
            cursor.execute(f"SET LOCAL {setting} = off")
        cursor.execute("EXPLAIN " + sql, params)
        plan = "\n".join(row[0] for row in cursor.fetchall())
    assert "documents_document_search_trgm" in plan, plan


def test_concurrent_duplicate_that_passed_the_check_is_still_refused_clearly(register_incoming, monkeypatch):
    from egov.documents.services import incoming

    register_incoming("7/TB-SNV", type_name="Thông báo", issuer_symbol="SNV")
    # As if another clerk registered it between our check and our INSERT.
    monkeypatch.setattr(incoming, "check_not_duplicate", lambda **kwargs: None)
    with pytest.raises(ValidationError, match="vừa được vào sổ"):
        register_incoming("7/TB-SNV", type_name="Thông báo", issuer_symbol="SNV")
    assert Document.objects.count() == 1
