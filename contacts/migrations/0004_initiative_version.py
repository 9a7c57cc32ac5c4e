
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('contacts', '0003_talents_needs_initiatives_from_matches'),
    ]

    operations = [
        migrations.AddField(
            model_name='initiative',
            name='version',
            field=models.PositiveIntegerField(default=1, editable=False),
        ),
    ]
