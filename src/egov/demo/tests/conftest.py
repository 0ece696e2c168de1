"""The demo's document data is checked against the documents tests' department and units."""

from egov.documents.tests.conftest import agency, province, units  # noqa: F401 (fixtures)
