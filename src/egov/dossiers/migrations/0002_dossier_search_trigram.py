"""A trigram index on the folded search column, for staff search on a million dossiers.

`search_text` already holds the code, applicant name, ID number / tax code and procedure without
diacritics, in lower case; `dossier_search` filters it with LIKE '%word%', which a GIN trigram
index serves. PostgreSQL only (the extension and the index type do not exist on SQLite); the model
is unchanged, so the migration state is the same on every database.
"""

from django.db import migrations


def create_index(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    schema_editor.execute(
        "CREATE INDEX IF NOT EXISTS dossier_search_text_trgm ON dossiers_dossier USING gin (search_text gin_trgm_ops)"
    )


def drop_index(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("DROP INDEX IF EXISTS dossier_search_text_trgm")


class Migration(migrations.Migration):
    dependencies = [("dossiers", "0001_initial")]

    operations = [migrations.RunPython(create_index, drop_index, elidable=False)]
