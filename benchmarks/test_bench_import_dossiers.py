"""Smoke test of the import benchmark: its generated file is valid and imports clean (tiny size)."""

import pytest

from benchmarks.bench_import_dossiers import generate_csv, seed_catalogue


@pytest.mark.django_db
def test_generated_file_imports_and_checks_clean():
    from egov.dossiers.integrity import dossiers_check
    from egov.dossiers.legacy_import import legacy_import

    report = legacy_import(generate_csv(300, seed=1, procedure_codes=seed_catalogue()))
    assert report.rows == 300 and report.generated_codes == 150
    assert dossiers_check().offences == []
