"""The task models moved to the assignments app (assignments/0001): dropped from this app's
state only, their tables and rows are kept. The follow-up export permission went with them."""

from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [
        ('documents', '0007_citation_implements'),
        ('assignments', '0001_initial'),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            database_operations=[],
            state_operations=[
                migrations.RemoveField(
                    model_name='task',
                    name='coordinating_units',
                ),
                migrations.RemoveField(
                    model_name='task',
                    name='created_by',
                ),
                migrations.RemoveField(
                    model_name='task',
                    name='document',
                ),
                migrations.RemoveField(
                    model_name='task',
                    name='lead_agency',
                ),
                migrations.RemoveField(
                    model_name='task',
                    name='lead_unit',
                ),
                migrations.RemoveField(
                    model_name='taskoccurrence',
                    name='task',
                ),
                migrations.DeleteModel(
                    name='ProgressReport',
                ),
                migrations.DeleteModel(
                    name='Task',
                ),
                migrations.DeleteModel(
                    name='TaskOccurrence',
                ),
            ],
        ),
        migrations.AlterModelOptions(
            name='document',
            options={'ordering': ['-year', '-document_date', '-pk'], 'permissions': [('issue_number', 'Cấp số, vào sổ văn bản đi'), ('draft_outgoing', 'Soạn dự thảo văn bản đi')], 'verbose_name': 'văn bản', 'verbose_name_plural': 'văn bản'},
        ),
    ]
