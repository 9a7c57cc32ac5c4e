"""Talents and needs of residents get their resident's neighbourhood, kept
by the database, and an index of the open ones by neighbourhood and
category: the suggestions read the candidates of a district and category
from it (``matches.suggestions``) instead of every open talent of the
category in the country.

The column is added empty, filled from the residents in one statement,
then kept by triggers: on every insert of a talent or need (the demo writes
them with COPY, which fires them too) and every change of its resident or
of the column itself, it is set from the resident; when a resident moves,
their talents and needs follow. An initiative's stay empty. The indexes are
built after the fill. The update leaves every row of the two tables behind
as a dead version: autovacuum cleans up (and sets the visibility map the
index-only scans need) soon after; on a large database run ``VACUUM
ANALYZE matches_talent, matches_need`` right after migrating."""

import django.db.models.deletion
from django.db import migrations, models

FILL = """
UPDATE matches_talent t SET neighbourhood_id = r.neighbourhood_id
FROM contacts_resident r WHERE r.id = t.resident_id;
UPDATE matches_need n SET neighbourhood_id = r.neighbourhood_id
FROM contacts_resident r WHERE r.id = n.resident_id;
"""

FUNCTIONS = """
CREATE FUNCTION contacts_heard_neighbourhood() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    NEW.neighbourhood_id := (
        SELECT r.neighbourhood_id FROM contacts_resident r WHERE r.id = NEW.resident_id);
    RETURN NEW;
END $$;

CREATE TRIGGER talent_neighbourhood_on_insert
BEFORE INSERT ON matches_talent
FOR EACH ROW EXECUTE FUNCTION contacts_heard_neighbourhood();

CREATE TRIGGER talent_neighbourhood_on_update
BEFORE UPDATE OF resident_id, neighbourhood_id ON matches_talent
FOR EACH ROW WHEN (OLD.resident_id IS DISTINCT FROM NEW.resident_id
                   OR OLD.neighbourhood_id IS DISTINCT FROM NEW.neighbourhood_id)
EXECUTE FUNCTION contacts_heard_neighbourhood();

CREATE TRIGGER need_neighbourhood_on_insert
BEFORE INSERT ON matches_need
FOR EACH ROW EXECUTE FUNCTION contacts_heard_neighbourhood();

CREATE TRIGGER need_neighbourhood_on_update
BEFORE UPDATE OF resident_id, neighbourhood_id ON matches_need
FOR EACH ROW WHEN (OLD.resident_id IS DISTINCT FROM NEW.resident_id
                   OR OLD.neighbourhood_id IS DISTINCT FROM NEW.neighbourhood_id)
EXECUTE FUNCTION contacts_heard_neighbourhood();

CREATE FUNCTION contacts_resident_neighbourhood_to_heard() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    UPDATE matches_talent SET neighbourhood_id = NEW.neighbourhood_id
    WHERE resident_id = NEW.id;
    UPDATE matches_need SET neighbourhood_id = NEW.neighbourhood_id
    WHERE resident_id = NEW.id;
    RETURN NULL;
END $$;

CREATE TRIGGER resident_neighbourhood_to_heard
AFTER UPDATE OF neighbourhood_id ON contacts_resident
FOR EACH ROW WHEN (OLD.neighbourhood_id IS DISTINCT FROM NEW.neighbourhood_id)
EXECUTE FUNCTION contacts_resident_neighbourhood_to_heard();
"""

DROP_FUNCTIONS = """
DROP TRIGGER resident_neighbourhood_to_heard ON contacts_resident;
DROP FUNCTION contacts_resident_neighbourhood_to_heard();
DROP TRIGGER need_neighbourhood_on_update ON matches_need;
DROP TRIGGER need_neighbourhood_on_insert ON matches_need;
DROP TRIGGER talent_neighbourhood_on_update ON matches_talent;
DROP TRIGGER talent_neighbourhood_on_insert ON matches_talent;
DROP FUNCTION contacts_heard_neighbourhood();
"""


def _neighbourhood():
    return models.ForeignKey(
        blank=True,
        db_index=False,
        editable=False,
        null=True,
        on_delete=django.db.models.deletion.PROTECT,
        related_name="+",
        to="neighbourhoods.neighbourhood",
        verbose_name="neighbourhood",
    )


def _index(name):
    return models.Index(
        condition=models.Q(("status", "open")),
        fields=["neighbourhood", "category"],
        include=("id", "resident", "availability", "search_vector"),
        name=name,
    )


class Migration(migrations.Migration):
    dependencies = [
        ("contacts", "0009_follow_up_list_indexes"),
        ("neighbourhoods", "0002_membership_lead_is_team_lead"),
    ]

    operations = [
        migrations.AddField(model_name="talent", name="neighbourhood", field=_neighbourhood()),
        migrations.AddField(model_name="need", name="neighbourhood", field=_neighbourhood()),
        migrations.RunSQL(FILL, migrations.RunSQL.noop),
        migrations.RunSQL(FUNCTIONS, DROP_FUNCTIONS),
        migrations.AddIndex(model_name="talent", index=_index("talent_open_nbh_category")),
        migrations.AddIndex(model_name="need", index=_index("need_open_nbh_category")),
    ]
