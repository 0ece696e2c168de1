"""Reading an official document or downloading its file goes into the access log (core.access_log)."""

from django.core.files.uploadedfile import SimpleUploadedFile

from egov.core.models import AccessLogEntry
from egov.documents.services import document_attach_file


def test_reading_a_document_and_downloading_its_file_are_logged(client, clerk, register_incoming, agency):
    document = register_incoming("15/QĐ-UBND")
    upload = SimpleUploadedFile("qd.pdf", b"%PDF-1.4 test", content_type="application/pdf")
    file = document_attach_file(document=document, uploaded=upload, user=clerk)
    client.force_login(clerk)
    assert client.get(f"/van-ban/{document.pk}/").status_code == 200
    assert client.get(f"/van-ban/{document.pk}/tep/{file.pk}/").status_code == 200
    entries = list(AccessLogEntry.objects.order_by("pk").values_list("user", "agency", "action", "kind", "object_id"))
    assert entries == [
        (clerk.pk, agency.pk, "view", "document", document.pk),
        (clerk.pk, agency.pk, "download", "document_file", file.pk),
    ]
    last = AccessLogEntry.objects.order_by("pk").last()
    assert "15/QĐ-UBND" in last.label and "qd.pdf" in last.label


def test_a_refused_read_is_not_logged_as_a_read(client, make_staff, register_incoming, other_agency):
    from egov.organisations.roles import Role

    document = register_incoming("16/QĐ-UBND")
    outsider = make_staff(Role.CLERK, user_agency=other_agency)
    client.force_login(outsider)
    assert client.get(f"/van-ban/{document.pk}/").status_code == 404
    assert not AccessLogEntry.objects.exists()
