"""The task tables take this app's names (documents_task -> assignments_task, the same for the
occurrences, the reports and the co-ordinating units' table): a rename, every row kept."""

from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [
        ('assignments', '0001_initial'),
        ('documents', '0008_tasks_moved_to_assignments'),
    ]

    operations = [
        migrations.AlterModelTable(
            name='progressreport',
            table=None,
        ),
        migrations.AlterModelTable(
            name='task',
            table=None,
        ),
        migrations.AlterModelTable(
            name='taskoccurrence',
            table=None,
        ),
    ]
