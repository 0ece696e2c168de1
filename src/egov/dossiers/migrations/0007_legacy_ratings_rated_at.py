"""Ratings imported by import_dossiers before rated_at was kept have no time, so the statistics
(which count ratings by rated_at) never counted them: give them the finish time, which is what
the import gives a rating whose file does not say when it was given (decision 0011)."""

from django.db import migrations
from django.db.models import F


def give_legacy_ratings_their_time(apps, schema_editor):
    Dossier = apps.get_model("dossiers", "Dossier")
    # A rating is only ever imported with a result (resolved/refused), so finished_at is set.
    Dossier.objects.filter(is_legacy=True, rated_at__isnull=True, finished_at__isnull=False).exclude(
        rating=""
    ).update(rated_at=F("finished_at"))


class Migration(migrations.Migration):
    dependencies = [
        ("dossiers", "0006_legacy_import_file"),
    ]

    operations = [
        # Not reversed: the times are right under the earlier code too.
        migrations.RunPython(give_legacy_ratings_their_time, migrations.RunPython.noop),
    ]
