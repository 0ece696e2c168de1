"""Indexes for the staff workspace on a million dossiers (PostgreSQL only).

- A GIN trigram index on the folded search column: `search_text` already holds the code, the
  applicant's name, ID number / tax code and the procedure without diacritics, in lower case;
  `dossier_search` filters it with LIKE '%word%', which this index serves.
- B-tree indexes on the applicant's ID number and tax code, for the exact look-ups the workspace
  search makes when the query is one (digits have too few distinct trigrams to be selective).
- A partial covering index over the open dossiers — the only rows the queues list and count —
  so that the queue tab counts are an index-only scan, however many finished dossiers pile up.

The model is unchanged (the extension, the operator class, INCLUDE and the partial condition are
PostgreSQL's), so the migration state is the same on every database; on SQLite this does nothing.
"""

from django.db import migrations

OPEN_STATUSES = (
    "submitted",
    "intake_supplement",
    "received",
    "processing",
    "consulting",
    "paused",
    "awaiting_signature",
    "resolved",
    "refused",
)
STATEMENTS = [
    "CREATE EXTENSION IF NOT EXISTS pg_trgm",
    "CREATE INDEX IF NOT EXISTS dossier_search_text_trgm ON dossiers_dossier USING gin (search_text gin_trgm_ops)",
    "CREATE INDEX IF NOT EXISTS dossier_applicant_id_number ON dossiers_dossier (applicant_id_number)"
    " WHERE applicant_id_number <> ''",
    "CREATE INDEX IF NOT EXISTS dossier_applicant_tax_code ON dossiers_dossier (applicant_tax_code)"
    " WHERE applicant_tax_code <> ''",
    "CREATE INDEX IF NOT EXISTS dossier_open_work ON dossiers_dossier (agency_id, status)"
    " INCLUDE (unit_id, assignee_id, due_date, apology_due_date)"
    " WHERE status IN (" + ", ".join(f"'{status}'" for status in OPEN_STATUSES) + ")",
]
INDEXES = ["dossier_open_work", "dossier_applicant_tax_code", "dossier_applicant_id_number", "dossier_search_text_trgm"]


def create_indexes(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for statement in STATEMENTS:
        schema_editor.execute(statement)


def drop_indexes(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for name in INDEXES:
        schema_editor.execute(f"DROP INDEX IF EXISTS {name}")


class Migration(migrations.Migration):
    dependencies = [("dossiers", "0001_initial")]

    operations = [migrations.RunPython(create_indexes, drop_indexes, elidable=False)]
