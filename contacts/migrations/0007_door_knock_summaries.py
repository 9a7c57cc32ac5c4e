"""DoorKnockSummary: the door knocks of each address summed up, for
coverage. Created and filled from the existing door knocks in one INSERT ...
SELECT (the rule of contacts.services.rounds.door_knock_summaries_add, in
SQL frozen with the names of this migration's time)."""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('contacts', '0006_open_follow_ups_per_neighbourhood'),
        ('neighbourhoods', '0002_membership_lead_is_team_lead'),
    ]

    operations = [
        migrations.CreateModel(
            name='DoorKnockSummary',
            fields=[
                ('address', models.OneToOneField(on_delete=django.db.models.deletion.CASCADE, primary_key=True, related_name='door_knock_summary', serialize=False, to='neighbourhoods.address', verbose_name='address')),
                ('knocks', models.PositiveIntegerField(verbose_name='door knocks')),
                ('spoke', models.BooleanField(verbose_name='spoke')),
                ('answered', models.BooleanField(verbose_name='answered')),
                ('last_knock', models.DateTimeField(verbose_name='last door knock')),
            ],
            options={
                'verbose_name': 'door-knock summary',
                'verbose_name_plural': 'door-knock summaries',
                'constraints': [models.CheckConstraint(condition=models.Q(('knocks__gte', 1)), name='door_knock_summary_knocked'), models.CheckConstraint(condition=models.Q(('spoke', False), ('answered', True), _connector='OR'), name='door_knock_summary_spoke_answered')],
            },
        ),
        migrations.RunSQL(
            """
            INSERT INTO contacts_doorknocksummary (address_id, knocks, spoke, answered, last_knock)
            SELECT address_id, count(*), bool_or(outcome = 'spoke'),
                   bool_or(outcome <> 'not_home'), max(knocked_at)
            FROM contacts_doorknock
            GROUP BY address_id
            """,
            migrations.RunSQL.noop,
        ),
    ]
