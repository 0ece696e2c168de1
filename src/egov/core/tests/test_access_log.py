"""The access log is append-only: no change or deletion through the ORM, the admin or SQL."""

import pytest
from django.db import IntegrityError, InternalError, ProgrammingError, connection, transaction
from django.test import Client, RequestFactory

from egov.core.access_log import Action, Kind, access_record
from egov.core.models import AccessLogEntry
from egov.organisations.tests.factories import AgencyFactory, UserFactory

pytestmark = pytest.mark.django_db


def _entry() -> AccessLogEntry:
    request = RequestFactory().get("/can-bo/ho-so/1/", REMOTE_ADDR="203.0.113.7")
    request.user = UserFactory()
    agency = AgencyFactory()
    return access_record(request, action=Action.VIEW, kind=Kind.DOSSIER, object_id=1, agency_id=agency.pk, label="X")


def test_an_entry_records_who_what_and_from_where():
    entry = _entry()
    assert entry.user is not None and entry.client_address == "203.0.113.7" and entry.channel == "web"


def test_the_orm_refuses_to_change_or_delete_entries():
    entry = _entry()
    entry.label = "khác"
    with pytest.raises(PermissionError):
        entry.save()
    with pytest.raises(PermissionError):
        entry.delete()
    with pytest.raises(PermissionError):
        AccessLogEntry.objects.filter(pk=entry.pk).update(label="khác")
    with pytest.raises(PermissionError):
        AccessLogEntry.objects.all().delete()
    assert AccessLogEntry.objects.get(pk=entry.pk).label == "X"


@pytest.mark.postgres
def test_postgresql_refuses_update_and_delete_sent_as_sql():
    entry = _entry()
    for sql in (
        "UPDATE core_accesslogentry SET label = 'khác' WHERE id = %s",
        "DELETE FROM core_accesslogentry WHERE id = %s",
    ):
        with (
            pytest.raises((InternalError, ProgrammingError, IntegrityError)),
            transaction.atomic(),
            connection.cursor() as cursor,
        ):
            cursor.execute(sql, [entry.pk])
    assert AccessLogEntry.objects.get(pk=entry.pk).label == "X"


def test_the_admin_shows_entries_but_cannot_change_or_delete_them():
    entry = _entry()
    client = Client()
    client.force_login(UserFactory(is_staff=True, is_superuser=True))
    assert client.get("/admin/core/accesslogentry/").status_code == 200
    page = client.get(f"/admin/core/accesslogentry/{entry.pk}/change/")
    assert page.status_code == 200 and 'name="_save"' not in page.content.decode()
    assert client.post(f"/admin/core/accesslogentry/{entry.pk}/delete/", {"post": "yes"}).status_code == 403
    assert AccessLogEntry.objects.filter(pk=entry.pk).exists()
