import django.contrib.postgres.fields
import django.contrib.postgres.indexes
import django.db.models.deletion
import django.utils.timezone
from django.conf import settings
from django.db import migrations, models


def _move_content_types(apps, from_label, to_label, models):
    """Keep the content types (and with them any permissions given in the
    admin) of models that moved to another app."""
    ContentType = apps.get_model("contenttypes", "ContentType")
    for model in models:
        if not ContentType.objects.filter(app_label=to_label, model=model).exists():
            ContentType.objects.filter(app_label=from_label, model=model).update(app_label=to_label)


def move_content_type(apps, schema_editor):
    _move_content_types(apps, "audit", "accesslog", ["accessevent"])


class Migration(migrations.Migration):
    """The access log moved here from ``audit``: the table ``audit_accessevent``
    and its append-only trigger (audit 0002) stay as they are; only Django's
    state moves."""

    initial = True

    dependencies = [
        ('audit', '0002_access_log_plain_trigger'),
        ('contenttypes', '0002_remove_content_type_name'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name='AccessEvent',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('at', models.DateTimeField(default=django.utils.timezone.now, verbose_name='when')),
                        ('role', models.CharField(choices=[('worker', 'Neighbourhood worker'), ('team_lead', 'Team lead'), ('admin', 'Administrator')], max_length=20, verbose_name='role')),
                        ('what', models.CharField(choices=[('resident', 'resident page'), ('conversation', 'conversation'), ('match', 'match'), ('search', 'search results'), ('suggestions', 'suggestions'), ('export', 'export'), ('history', 'change history'), ('access_log', 'access log'), ('erasure', 'erasure')], max_length=20, verbose_name='what')),
                        ('object_id', models.CharField(blank=True, help_text='The id of the conversation or match viewed, when relevant.', max_length=64, verbose_name='object')),
                        ('residents', django.contrib.postgres.fields.ArrayField(base_field=models.UUIDField(), blank=True, default=list, size=None, verbose_name='residents')),
                        ('ip', models.GenericIPAddressField(blank=True, null=True, verbose_name='address')),
                        ('user', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='who')),
                    ],
                    options={
                        'verbose_name': 'access event',
                        'verbose_name_plural': 'access events',
                        'db_table': 'audit_accessevent',
                        'ordering': ['-at', '-pk'],
                        'indexes': [django.contrib.postgres.indexes.BrinIndex(fields=['at'], name='access_event_at_brin'), django.contrib.postgres.indexes.GinIndex(fields=['residents'], name='access_event_residents')],
                    },
                ),
            ],
            database_operations=[],
        ),
        migrations.RunPython(move_content_type, migrations.RunPython.noop),
    ]
