"""The per-agency dossier version: every writer of dossiers changes it, at the write and after commit."""

import datetime as dt

import pytest
from django.core.cache import cache
from django.db import transaction

from egov.organisations.roles import Role
from egov.workspace import selectors

from .. import services, signals
from ..models import Dossier, Status
from .factories import make_staff, procedure_with_workflow, submitted_dossier
from .test_legacy_import import csv_bytes, row, run

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _empty_cache():
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def procedure():
    return procedure_with_workflow(time_limit=5, effective_from=dt.date(2020, 1, 1))


def version(agency_id):
    return cache.get(signals.version_key(agency_id))


def test_every_dossier_write_changes_its_agencys_version_only(procedure):
    other = procedure_with_workflow()
    desk = make_staff(procedure.agency, Role.RECEIVING_OFFICER)
    seen = [version(procedure.agency_id)]
    dossier = submitted_dossier(procedure)  # create
    seen.append(version(procedure.agency_id))
    services.dossier_receive(dossier=dossier, actor=desk)  # a transition's save()
    seen.append(version(procedure.agency_id))
    dossier.events.all().delete()  # its history protects a dossier from deletion
    dossier.steps.all().delete()
    Dossier.objects.get(pk=dossier.pk).delete()
    seen.append(version(procedure.agency_id))
    assert None not in seen[1:] and len(set(seen)) == 4
    assert version(other.agency_id) is None


def test_the_version_changes_again_after_commit(procedure, django_capture_on_commit_callbacks):
    # Counts another request computed before the commit, from the data as it was, may have been
    # cached under the token set at the write: the commit must replace it.
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        submitted_dossier(procedure)
        at_write = version(procedure.agency_id)
    assert callbacks and at_write is not None
    assert version(procedure.agency_id) not in (None, at_write)


def test_a_rolled_back_write_still_leaves_a_new_version(procedure):
    before = version(procedure.agency_id)
    with pytest.raises(RuntimeError), transaction.atomic():
        submitted_dossier(procedure)
        raise RuntimeError
    assert version(procedure.agency_id) != before  # harmless: counted again, same figures


@pytest.mark.parametrize("dry_run", [False, True])
def test_the_legacy_import_bulk_insert_changes_the_version(procedure, dry_run):
    # The bulk COPY (PostgreSQL) or bulk_create sends no post_save.
    before = version(procedure.agency_id)
    run(csv_bytes(row(procedure, received_at="2025-03-03T09:00")), dry_run=dry_run)
    assert version(procedure.agency_id) not in (None, before)


def test_an_imported_open_dossier_shows_in_the_cached_queue_counts(procedure, settings):
    settings.EGOV_QUEUE_COUNTS_CACHE_SECONDS = 300
    desk = make_staff(procedure.agency, Role.RECEIVING_OFFICER, unit=procedure.lead_unit)

    def mine():
        selectors.load_access(desk)
        counts = dict((q.slug, n) for q, n in selectors.queue_counts(desk))
        del desk._perm_cache, desk._role_names  # the next "request" reads them again
        return counts["viec-cua-toi"]

    assert mine() == 0
    assert mine() == 0  # now cached
    run(csv_bytes(row(procedure, received_at="2025-03-03T09:00")))  # received, not finished
    assert Dossier.objects.get().status == Status.RECEIVED
    assert mine() == 1


def test_a_cache_outage_does_not_stop_a_dossier_write(procedure, monkeypatch, caplog):
    def down(*args, **kwargs):
        raise ConnectionError("cache down")

    monkeypatch.setattr(cache, "set_many", down)
    dossier = submitted_dossier(procedure)
    assert Dossier.objects.filter(pk=dossier.pk).exists()
    assert "Dossier version of agencies" in caplog.text
