"""Diacritic-insensitive search: a trigram GIN index on the folded column, on PostgreSQL only.

`search_text` holds egov.core.text.fold() of the number, summary, issuer and body; the selectors
query it with LIKE '%...%' (`__contains`), which pg_trgm's gin_trgm_ops serves. SQLite: no-op.
"""

from django.db import migrations


def create_index(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    schema_editor.execute(
        "CREATE INDEX IF NOT EXISTS documents_document_search_trgm "
        "ON documents_document USING gin (search_text gin_trgm_ops)"
    )


def drop_index(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("DROP INDEX IF EXISTS documents_document_search_trgm")


class Migration(migrations.Migration):
    dependencies = [("documents", "0002_seed_types_and_issuers")]

    operations = [migrations.RunPython(create_index, drop_index)]
