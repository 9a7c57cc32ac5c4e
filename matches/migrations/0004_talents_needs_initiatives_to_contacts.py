import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    """The other half of contacts 0003: matches' state forgets the moved models
    and its foreign keys point at ``contacts``. Nothing in the database changes."""

    dependencies = [
        ('audit', '0003_moved_models'),
        ('contacts', '0003_talents_needs_initiatives_from_matches'),
        ('matches', '0003_suggestion_indexes'),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.RemoveField(
                    model_name='talent',
                    name='category',
                ),
                migrations.RemoveField(
                    model_name='need',
                    name='category',
                ),
                migrations.RemoveField(
                    model_name='initiative',
                    name='created_by',
                ),
                migrations.RemoveField(
                    model_name='initiative',
                    name='neighbourhoods',
                ),
                migrations.AlterField(
                    model_name='match',
                    name='initiative',
                    field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='matches', to='contacts.initiative', verbose_name='initiative'),
                ),
                migrations.RemoveField(
                    model_name='initiativemember',
                    name='initiative',
                ),
                migrations.RemoveField(
                    model_name='talent',
                    name='initiative',
                ),
                migrations.RemoveField(
                    model_name='need',
                    name='initiative',
                ),
                migrations.RemoveField(
                    model_name='initiativemember',
                    name='resident',
                ),
                migrations.RemoveField(
                    model_name='need',
                    name='conversation',
                ),
                migrations.RemoveField(
                    model_name='need',
                    name='created_by',
                ),
                migrations.RemoveField(
                    model_name='need',
                    name='resident',
                ),
                migrations.AlterField(
                    model_name='match',
                    name='need',
                    field=models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='matches', to='contacts.need', verbose_name='need'),
                ),
                migrations.RemoveField(
                    model_name='talent',
                    name='conversation',
                ),
                migrations.RemoveField(
                    model_name='talent',
                    name='created_by',
                ),
                migrations.RemoveField(
                    model_name='talent',
                    name='resident',
                ),
                migrations.AlterField(
                    model_name='match',
                    name='talent',
                    field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='matches', to='contacts.talent', verbose_name='talent'),
                ),
                migrations.DeleteModel(
                    name='Category',
                ),
                migrations.DeleteModel(
                    name='Initiative',
                ),
                migrations.DeleteModel(
                    name='InitiativeMember',
                ),
                migrations.DeleteModel(
                    name='Need',
                ),
                migrations.DeleteModel(
                    name='Talent',
                ),
            ],
            database_operations=[],
        ),
    ]
