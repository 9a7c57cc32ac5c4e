"""Conversation.workers gets its own through model, ConversationWorker, on
the table Django made for it, with a copy of the conversation's time so
that a worker's latest conversations are read from one index.

The table keeps its rows: the model takes it over in the state only, then
the column is added, filled from the conversations and kept by triggers;
the two single-column indexes go (the unique pair and the new index lead
with the same columns)."""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models

FUNCTIONS = """
CREATE FUNCTION contacts_conversation_worker_time() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    SELECT c.happened_at INTO NEW.happened_at
    FROM contacts_conversation c WHERE c.id = NEW.conversation_id;
    RETURN NEW;
END $$;

CREATE TRIGGER conversation_worker_time
BEFORE INSERT OR UPDATE ON contacts_conversation_workers
FOR EACH ROW EXECUTE FUNCTION contacts_conversation_worker_time();

CREATE FUNCTION contacts_conversation_time_to_workers() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    UPDATE contacts_conversation_workers SET happened_at = NEW.happened_at
    WHERE conversation_id = NEW.id;
    RETURN NULL;
END $$;

CREATE TRIGGER conversation_time_to_workers
AFTER UPDATE OF happened_at ON contacts_conversation
FOR EACH ROW WHEN (OLD.happened_at IS DISTINCT FROM NEW.happened_at)
EXECUTE FUNCTION contacts_conversation_time_to_workers();
"""

DROP_FUNCTIONS = """
DROP TRIGGER conversation_time_to_workers ON contacts_conversation;
DROP FUNCTION contacts_conversation_time_to_workers();
DROP TRIGGER conversation_worker_time ON contacts_conversation_workers;
DROP FUNCTION contacts_conversation_worker_time();
"""


class Migration(migrations.Migration):
    dependencies = [
        ("contacts", "0004_initiative_version"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name="ConversationWorker",
                    fields=[
                        (
                            "id",
                            models.BigAutoField(
                                auto_created=True,
                                primary_key=True,
                                serialize=False,
                                verbose_name="ID",
                            ),
                        ),
                        (
                            "conversation",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.CASCADE,
                                related_name="worker_links",
                                to="contacts.conversation",
                            ),
                        ),
                        (
                            "user",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.CASCADE,
                                related_name="+",
                                to=settings.AUTH_USER_MODEL,
                            ),
                        ),
                    ],
                    options={
                        "verbose_name": "worker in a conversation",
                        "verbose_name_plural": "workers in conversations",
                        "db_table": "contacts_conversation_workers",
                        "unique_together": {("conversation", "user")},
                    },
                ),
                migrations.AlterField(
                    model_name="conversation",
                    name="workers",
                    field=models.ManyToManyField(
                        related_name="conversations",
                        through="contacts.ConversationWorker",
                        to=settings.AUTH_USER_MODEL,
                        verbose_name="workers",
                    ),
                ),
            ],
        ),
        migrations.AddField(
            model_name="conversationworker",
            name="happened_at",
            field=models.DateTimeField(editable=False, null=True, verbose_name="when"),
        ),
        migrations.RunSQL(
            """UPDATE contacts_conversation_workers w SET happened_at = c.happened_at
            FROM contacts_conversation c WHERE c.id = w.conversation_id""",
            migrations.RunSQL.noop,
        ),
        migrations.AlterField(
            model_name="conversationworker",
            name="happened_at",
            field=models.DateTimeField(editable=False, verbose_name="when"),
        ),
        migrations.RunSQL(FUNCTIONS, DROP_FUNCTIONS),
        migrations.AlterField(
            model_name="conversationworker",
            name="conversation",
            field=models.ForeignKey(
                db_index=False,
                on_delete=django.db.models.deletion.CASCADE,
                related_name="worker_links",
                to="contacts.conversation",
            ),
        ),
        migrations.AlterField(
            model_name="conversationworker",
            name="user",
            field=models.ForeignKey(
                db_index=False,
                on_delete=django.db.models.deletion.CASCADE,
                related_name="+",
                to=settings.AUTH_USER_MODEL,
            ),
        ),
        migrations.AddIndex(
            model_name="conversationworker",
            index=models.Index(
                fields=["user", "-happened_at", "conversation"], name="conversation_worker_recent"
            ),
        ),
    ]
