import django.db.models.deletion
from django.db import migrations, models
from django.db.migrations.operations.base import Operation


class ChangeProxyBase(Operation):
    """Point a proxy model at its base model's new app (Django has no
    operation for a change of bases). State only: a proxy has no table."""

    reversible = True

    def __init__(self, name, base):
        self.name = name
        self.base = base

    def deconstruct(self):
        return self.__class__.__name__, [], {"name": self.name, "base": self.base}

    def state_forwards(self, app_label, state):
        state.models[app_label, self.name.lower()].bases = (self.base,)
        state.reload_model(app_label, self.name.lower(), delay=True)

    def database_forwards(self, app_label, schema_editor, from_state, to_state):
        pass

    def database_backwards(self, app_label, schema_editor, from_state, to_state):
        pass

    def describe(self):
        return f"Proxy {self.name} now based on {self.base}"


class Migration(migrations.Migration):
    """The tracked models moved (talents, needs, initiatives to ``contacts``; the
    access log to ``accesslog``): the history proxies take their new bases and
    the event tables' foreign keys point at the new apps. State only."""

    dependencies = [
        ('contacts', '0003_talents_needs_initiatives_from_matches'),
        ('accesslog', '0001_initial'),
        ('audit', '0002_access_log_plain_trigger'),
    ]

    operations = [
        ChangeProxyBase(name="TrackedTalent", base="contacts.talent"),
        ChangeProxyBase(name="TrackedNeed", base="contacts.need"),
        ChangeProxyBase(name="TrackedInitiative", base="contacts.initiative"),
        ChangeProxyBase(name="TrackedInitiativeMember", base="contacts.initiativemember"),
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.RemoveField(
                    model_name='accessevent',
                    name='user',
                ),
    
                migrations.AlterField(
                    model_name='initiativememberevent',
                    name='initiative',
                    field=models.ForeignKey(db_constraint=False, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', related_query_name='+', to='contacts.initiative', verbose_name='initiative'),
                ),
                migrations.AlterField(
                    model_name='matchhistoryevent',
                    name='initiative',
                    field=models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', related_query_name='+', to='contacts.initiative', verbose_name='initiative'),
                ),
                migrations.AlterField(
                    model_name='matchhistoryevent',
                    name='need',
                    field=models.ForeignKey(db_constraint=False, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', related_query_name='+', to='contacts.need', verbose_name='need'),
                ),
                migrations.AlterField(
                    model_name='matchhistoryevent',
                    name='talent',
                    field=models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', related_query_name='+', to='contacts.talent', verbose_name='talent'),
                ),
                migrations.AlterField(
                    model_name='needevent',
                    name='category',
                    field=models.ForeignKey(db_constraint=False, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', related_query_name='+', to='contacts.category', verbose_name='category'),
                ),
                migrations.AlterField(
                    model_name='needevent',
                    name='initiative',
                    field=models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', related_query_name='+', to='contacts.initiative', verbose_name='initiative'),
                ),
                migrations.AlterField(
                    model_name='talentevent',
                    name='category',
                    field=models.ForeignKey(db_constraint=False, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', related_query_name='+', to='contacts.category', verbose_name='category'),
                ),
                migrations.AlterField(
                    model_name='talentevent',
                    name='initiative',
                    field=models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', related_query_name='+', to='contacts.initiative', verbose_name='initiative'),
                ),
                migrations.DeleteModel(
                    name='AccessEvent',
                ),
            ],
            database_operations=[],
        ),
    ]
