import django.contrib.postgres.fields
import django.contrib.postgres.indexes
import django.contrib.postgres.search
import django.db.models.deletion
import uuid
from django.conf import settings
from django.db import migrations, models


def _move_content_types(apps, from_label, to_label, models):
    """Keep the content types (and with them any permissions given in the
    admin) of models that moved to another app."""
    ContentType = apps.get_model("contenttypes", "ContentType")
    for model in models:
        if not ContentType.objects.filter(app_label=to_label, model=model).exists():
            ContentType.objects.filter(app_label=from_label, model=model).update(app_label=to_label)


def move_content_types(apps, schema_editor):
    _move_content_types(
        apps,
        "matches",
        "contacts",
        ["category", "initiative", "initiativemember", "talent", "need"],
    )


class Migration(migrations.Migration):
    """Talents, needs, the taxonomy and initiatives moved here from ``matches``:
    their tables keep their names (``matches_talent``, ...), so no row moves;
    only Django's state does."""

    dependencies = [
        ('matches', '0003_suggestion_indexes'),
        ('contenttypes', '0002_remove_content_type_name'),
        ('contacts', '0002_themes'),
        ('neighbourhoods', '0001_initial'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name='Category',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('slug', models.SlugField(max_length=40, unique=True, verbose_name='code')),
                        ('name', models.CharField(max_length=80, unique=True, verbose_name='name (Dutch)')),
                        ('name_en', models.CharField(max_length=80, verbose_name='name (English)')),
                        ('gift', models.CharField(choices=[('head', 'head'), ('hands', 'hands'), ('heart', 'heart')], max_length=5, verbose_name='gift of')),
                        ('keywords', django.contrib.postgres.fields.ArrayField(base_field=models.CharField(max_length=40), blank=True, default=list, help_text='Comma-separated words residents use for this, e.g. tuin, gras, maaien.', size=None, verbose_name='Dutch keywords and synonyms')),
                        ('position', models.PositiveSmallIntegerField(default=0, verbose_name='position')),
                        ('is_active', models.BooleanField(default=True, verbose_name='in use')),
                    ],
                    options={
                        'verbose_name': 'category',
                        'verbose_name_plural': 'categories',
                        'db_table': 'matches_category',
                        'ordering': ['position', 'name'],
                        'constraints': [models.CheckConstraint(condition=models.Q(('gift__in', ['head', 'hands', 'heart'])), name='category_gift_valid')],
                    },
                ),
                migrations.CreateModel(
                    name='Initiative',
                    fields=[
                        ('id', models.UUIDField(default=uuid.uuid4, editable=False, primary_key=True, serialize=False)),
                        ('name', models.CharField(max_length=120, verbose_name='name')),
                        ('description', models.TextField(blank=True, max_length=2000, verbose_name='description')),
                        ('where', models.CharField(blank=True, help_text='e.g. Buurthuis, Tuesdays 18:00', max_length=200, verbose_name='where and when')),
                        ('is_active', models.BooleanField(default=True, verbose_name='active')),
                        ('created_at', models.DateTimeField(auto_now_add=True, verbose_name='created at')),
                        ('updated_at', models.DateTimeField(auto_now=True, verbose_name='updated at')),
                        ('created_by', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='created by')),
                        ('neighbourhoods', models.ManyToManyField(related_name='initiatives', to='neighbourhoods.neighbourhood', verbose_name='neighbourhoods')),
                    ],
                    options={
                        'verbose_name': 'initiative',
                        'verbose_name_plural': 'initiatives',
                        'db_table': 'matches_initiative',
                        'ordering': ['name'],
                    },
                ),
                migrations.CreateModel(
                    name='InitiativeMember',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('role', models.CharField(choices=[('organiser', 'organiser'), ('member', 'member')], default='member', max_length=10, verbose_name='role')),
                        ('joined_on', models.DateField(blank=True, null=True, verbose_name='since')),
                        ('initiative', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='members', to='contacts.initiative', verbose_name='initiative')),
                        ('resident', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='initiative_memberships', to='contacts.resident', verbose_name='resident')),
                    ],
                    options={
                        'verbose_name': 'initiative member',
                        'verbose_name_plural': 'initiative members',
                        'db_table': 'matches_initiativemember',
                        'ordering': ['role', 'resident__name'],
                        'constraints': [models.UniqueConstraint(fields=('initiative', 'resident'), name='initiative_member_once'), models.CheckConstraint(condition=models.Q(('role__in', ['organiser', 'member'])), name='initiative_member_role_valid')],
                    },
                ),
                migrations.CreateModel(
                    name='Need',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('text', models.CharField(max_length=300, verbose_name='in their own words')),
                        ('availability', django.contrib.postgres.fields.ArrayField(base_field=models.CharField(choices=[('weekday_morning', 'weekday mornings'), ('weekday_afternoon', 'weekday afternoons'), ('weekday_evening', 'weekday evenings'), ('weekend_morning', 'weekend mornings'), ('weekend_afternoon', 'weekend afternoons'), ('weekend_evening', 'weekend evenings')], max_length=20), blank=True, default=list, size=None, verbose_name='available')),
                        ('status', models.CharField(choices=[('open', 'open'), ('matched', 'matched'), ('closed', 'no longer relevant')], default='open', max_length=10, verbose_name='status')),
                        ('search_vector', models.GeneratedField(db_persist=True, expression=django.contrib.postgres.search.SearchVector('text', config='dutch'), output_field=django.contrib.postgres.search.SearchVectorField())),
                        ('created_at', models.DateTimeField(auto_now_add=True, verbose_name='created at')),
                        ('updated_at', models.DateTimeField(auto_now=True, verbose_name='updated at')),
                        ('category', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='%(class)ss', to='contacts.category', verbose_name='category')),
                        ('conversation', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='%(class)ss', to='contacts.conversation', verbose_name='heard in')),
                        ('created_by', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='created by')),
                        ('initiative', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.CASCADE, related_name='%(class)ss', to='contacts.initiative', verbose_name='initiative')),
                        ('resident', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.CASCADE, related_name='%(class)ss', to='contacts.resident', verbose_name='resident')),
                    ],
                    options={
                        'verbose_name': 'need',
                        'verbose_name_plural': 'needs',
                        'db_table': 'matches_need',
                        'ordering': ['-created_at'],
                        'abstract': False,
                        'indexes': [django.contrib.postgres.indexes.GinIndex(fields=['search_vector'], name='need_search'), models.Index(fields=['category', 'status'], name='need_category_status')],
                        'constraints': [models.CheckConstraint(condition=models.Q(models.Q(('initiative__isnull', True), ('resident__isnull', False)), models.Q(('initiative__isnull', False), ('resident__isnull', True)), _connector='OR'), name='need_of_resident_or_initiative'), models.CheckConstraint(condition=models.Q(('status__in', ['open', 'matched', 'closed'])), name='need_status_valid'), models.CheckConstraint(condition=models.Q(('text__regex', '\\S')), name='need_has_text')],
                    },
                ),
                migrations.CreateModel(
                    name='Talent',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('text', models.CharField(max_length=300, verbose_name='in their own words')),
                        ('availability', django.contrib.postgres.fields.ArrayField(base_field=models.CharField(choices=[('weekday_morning', 'weekday mornings'), ('weekday_afternoon', 'weekday afternoons'), ('weekday_evening', 'weekday evenings'), ('weekend_morning', 'weekend mornings'), ('weekend_afternoon', 'weekend afternoons'), ('weekend_evening', 'weekend evenings')], max_length=20), blank=True, default=list, size=None, verbose_name='available')),
                        ('status', models.CharField(choices=[('open', 'open'), ('matched', 'matched'), ('closed', 'no longer relevant')], default='open', max_length=10, verbose_name='status')),
                        ('search_vector', models.GeneratedField(db_persist=True, expression=django.contrib.postgres.search.SearchVector('text', config='dutch'), output_field=django.contrib.postgres.search.SearchVectorField())),
                        ('created_at', models.DateTimeField(auto_now_add=True, verbose_name='created at')),
                        ('updated_at', models.DateTimeField(auto_now=True, verbose_name='updated at')),
                        ('category', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='%(class)ss', to='contacts.category', verbose_name='category')),
                        ('conversation', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='%(class)ss', to='contacts.conversation', verbose_name='heard in')),
                        ('created_by', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='created by')),
                        ('initiative', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.CASCADE, related_name='%(class)ss', to='contacts.initiative', verbose_name='initiative')),
                        ('resident', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.CASCADE, related_name='%(class)ss', to='contacts.resident', verbose_name='resident')),
                    ],
                    options={
                        'verbose_name': 'talent',
                        'verbose_name_plural': 'talents',
                        'db_table': 'matches_talent',
                        'ordering': ['-created_at'],
                        'abstract': False,
                        'indexes': [django.contrib.postgres.indexes.GinIndex(fields=['search_vector'], name='talent_search'), models.Index(fields=['category', 'status'], name='talent_category_status')],
                        'constraints': [models.CheckConstraint(condition=models.Q(models.Q(('initiative__isnull', True), ('resident__isnull', False)), models.Q(('initiative__isnull', False), ('resident__isnull', True)), _connector='OR'), name='talent_of_resident_or_initiative'), models.CheckConstraint(condition=models.Q(('status__in', ['open', 'matched', 'closed'])), name='talent_status_valid'), models.CheckConstraint(condition=models.Q(('text__regex', '\\S')), name='talent_has_text')],
                    },
                ),
            ],
            database_operations=[],
        ),
        migrations.RunPython(move_content_types, migrations.RunPython.noop),
    ]
