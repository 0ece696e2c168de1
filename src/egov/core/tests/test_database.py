"""An integer past its column's range is refused by PostgreSQL, never stored wrapped (core.database)."""

import pytest
from django.db import DataError, transaction

from egov.dossiers.models import Dossier
from egov.dossiers.tests.factories import DossierFactory
from egov.procedures.models import FeeItem, ProcedureVersion


@pytest.fixture
def prepared_statements(settings):
    """The production database options: server-side binding, statements prepared after a few runs."""
    options = settings.DATABASES["default"]["OPTIONS"]
    assert options["server_side_binding"] is True
    assert options["prepare_threshold"] == int(settings.DB_PREPARE_THRESHOLD) == 5


@pytest.mark.postgres
@pytest.mark.django_db
@pytest.mark.parametrize("value", [1_000_000, 2**31, 40_000, 2**16])
def test_a_small_integer_column_refuses_what_it_cannot_hold(prepared_statements, value):
    # Before: 1,000,000 was stored as 16960, 2**31 and 2**16 as 0, once the cursor had dumped a
    # small plain integer (a foreign key of the same INSERT) — the "at least 1" rule then passed.
    for _ in range(8):  # the same INSERT, past the prepare threshold
        DossierFactory(sets_count=3)
    with pytest.raises(DataError, match="out of range for type smallint"), transaction.atomic():
        DossierFactory(sets_count=value)
    dossier = DossierFactory(sets_count=3)
    with pytest.raises(DataError, match="out of range"), transaction.atomic():
        Dossier.objects.filter(pk=dossier.pk).update(sets_count=value)
    assert sorted(set(Dossier.objects.values_list("sets_count", flat=True))) == [3]


@pytest.mark.postgres
@pytest.mark.django_db
def test_an_integer_column_refuses_a_value_that_would_wrap_to_a_valid_one(prepared_statements):
    version = DossierFactory().procedure_version
    for days in range(1, 8):
        ProcedureVersion.objects.filter(pk=version.pk).update(time_limit=days)
    with pytest.raises(DataError, match="out of range for type integer"), transaction.atomic():
        ProcedureVersion.objects.filter(pk=version.pk).update(time_limit=2**32 + 5)  # was stored as 5
    version.refresh_from_db()
    assert version.time_limit == 7


@pytest.mark.postgres
@pytest.mark.django_db
def test_a_big_integer_past_bigint_is_a_database_error_not_a_crash_of_the_driver(prepared_statements):
    # Before: the binary int8 dumper raised OverflowError, which no error handling expects.
    version = DossierFactory().procedure_version
    with pytest.raises(DataError, match="out of range"), transaction.atomic():
        FeeItem.objects.create(version=version, name="Lệ phí", amount_vnd=2**63)
    assert not FeeItem.objects.exists()
