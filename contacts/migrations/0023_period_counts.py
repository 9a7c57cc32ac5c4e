"""Counts per calendar period for the period reports
(``contacts.models.period_counts``): four tables, filled from the rows
once, then kept by triggers on every write of what they count.

``contacts_periods(moment)`` is the one rule for which periods a moment
falls in: its local month, quarter and year, in the time zone of the
settings when this migration ran (``settings.TIME_ZONE``; a change of it
needs a migration that recreates the function and calls
``contacts_period_counts_rebuild()``).

Each count goes up with a row and down when it goes; a count that would
fall to 0 deletes its row. An increase is INSERT ... ON CONFLICT DO UPDATE,
so two transactions counting the same period and neighbourhood meet in the
row lock and the second adds to what the first left. A conversation counts
its residents and themes whether they were linked before or after it was
written, and a link counts only once its conversation exists, so the order
in which rows arrive or go does not matter."""

from django.conf import settings
from django.db import migrations, models
import django.db.models.deletion

FUNCTIONS = """
CREATE FUNCTION contacts_periods(moment timestamptz)
RETURNS TABLE (months smallint, starts_on date)
LANGUAGE sql STABLE AS $$
    SELECT 1::smallint, date_trunc('month', moment AT TIME ZONE '{zone}')::date
    UNION ALL
    SELECT 3::smallint, date_trunc('quarter', moment AT TIME ZONE '{zone}')::date
    UNION ALL
    SELECT 12::smallint, date_trunc('year', moment AT TIME ZONE '{zone}')::date
$$;

CREATE FUNCTION contacts_count_theme(_theme bigint, _nbh bigint, _at timestamptz, _delta integer)
RETURNS void LANGUAGE plpgsql AS $$
BEGIN
    IF _delta > 0 THEN
        INSERT INTO contacts_themecount AS t
            (months, starts_on, neighbourhood_id, theme_id, conversations)
        SELECT p.months, p.starts_on, _nbh, _theme, 1 FROM contacts_periods(_at) p
        ON CONFLICT (months, starts_on, neighbourhood_id, theme_id)
        DO UPDATE SET conversations = t.conversations + 1;
    ELSE
        DELETE FROM contacts_themecount t USING contacts_periods(_at) p
        WHERE t.months = p.months AND t.starts_on = p.starts_on
          AND t.neighbourhood_id = _nbh AND t.theme_id = _theme AND t.conversations <= 1;
        UPDATE contacts_themecount t SET conversations = t.conversations - 1
        FROM contacts_periods(_at) p
        WHERE t.months = p.months AND t.starts_on = p.starts_on
          AND t.neighbourhood_id = _nbh AND t.theme_id = _theme;
    END IF;
END $$;

CREATE FUNCTION contacts_count_spoken(_resident uuid, _nbh bigint, _at timestamptz, _delta integer)
RETURNS void LANGUAGE plpgsql AS $$
BEGIN
    IF _delta > 0 THEN
        INSERT INTO contacts_spokenresident AS t
            (months, starts_on, neighbourhood_id, resident_id, address_id, conversations)
        SELECT p.months, p.starts_on, _nbh, _resident,
               (SELECT r.address_id FROM contacts_resident r WHERE r.id = _resident), 1
        FROM contacts_periods(_at) p
        ON CONFLICT (months, starts_on, neighbourhood_id, resident_id)
        DO UPDATE SET conversations = t.conversations + 1;
    ELSE
        DELETE FROM contacts_spokenresident t USING contacts_periods(_at) p
        WHERE t.months = p.months AND t.starts_on = p.starts_on
          AND t.neighbourhood_id = _nbh AND t.resident_id = _resident AND t.conversations <= 1;
        UPDATE contacts_spokenresident t SET conversations = t.conversations - 1
        FROM contacts_periods(_at) p
        WHERE t.months = p.months AND t.starts_on = p.starts_on
          AND t.neighbourhood_id = _nbh AND t.resident_id = _resident;
    END IF;
END $$;

CREATE FUNCTION contacts_count_conversation(
    _conversation uuid, _nbh bigint, _place varchar, _at timestamptz, _delta integer)
RETURNS void LANGUAGE plpgsql AS $$
BEGIN
    IF _delta > 0 THEN
        INSERT INTO contacts_conversationcount AS t
            (months, starts_on, neighbourhood_id, place, conversations)
        SELECT p.months, p.starts_on, _nbh, _place, 1 FROM contacts_periods(_at) p
        ON CONFLICT (months, starts_on, neighbourhood_id, place)
        DO UPDATE SET conversations = t.conversations + 1;
    ELSE
        DELETE FROM contacts_conversationcount t USING contacts_periods(_at) p
        WHERE t.months = p.months AND t.starts_on = p.starts_on
          AND t.neighbourhood_id = _nbh AND t.place = _place AND t.conversations <= 1;
        UPDATE contacts_conversationcount t SET conversations = t.conversations - 1
        FROM contacts_periods(_at) p
        WHERE t.months = p.months AND t.starts_on = p.starts_on
          AND t.neighbourhood_id = _nbh AND t.place = _place;
    END IF;
    PERFORM contacts_count_theme(l.theme_id, _nbh, _at, _delta)
    FROM contacts_conversation_themes l WHERE l.conversation_id = _conversation;
    PERFORM contacts_count_spoken(l.resident_id, _nbh, _at, _delta)
    FROM contacts_conversation_residents l WHERE l.conversation_id = _conversation;
END $$;

CREATE FUNCTION contacts_count_knock(
    _nbh bigint, _address bigint, _at timestamptz, _answered boolean, _delta integer)
RETURNS void LANGUAGE plpgsql AS $$
BEGIN
    IF _delta > 0 THEN
        INSERT INTO contacts_knockcount AS t
            (months, starts_on, neighbourhood_id, address_id, knocks, answered)
        SELECT p.months, p.starts_on, _nbh, _address, 1, _answered::integer
        FROM contacts_periods(_at) p
        ON CONFLICT (months, starts_on, neighbourhood_id, address_id)
        DO UPDATE SET knocks = t.knocks + 1, answered = t.answered + _answered::integer;
    ELSE
        DELETE FROM contacts_knockcount t USING contacts_periods(_at) p
        WHERE t.months = p.months AND t.starts_on = p.starts_on
          AND t.neighbourhood_id = _nbh AND t.address_id = _address AND t.knocks <= 1;
        UPDATE contacts_knockcount t
        SET knocks = t.knocks - 1, answered = t.answered - _answered::integer
        FROM contacts_periods(_at) p
        WHERE t.months = p.months AND t.starts_on = p.starts_on
          AND t.neighbourhood_id = _nbh AND t.address_id = _address;
    END IF;
END $$;

CREATE FUNCTION contacts_period_counts_conversation() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'UPDATE'
       AND (OLD.happened_at, OLD.neighbourhood_id, OLD.place)
           IS NOT DISTINCT FROM (NEW.happened_at, NEW.neighbourhood_id, NEW.place) THEN
        RETURN NULL;
    END IF;
    IF TG_OP IN ('UPDATE', 'DELETE') THEN
        PERFORM contacts_count_conversation(
            OLD.id, OLD.neighbourhood_id, OLD.place, OLD.happened_at, -1);
    END IF;
    IF TG_OP IN ('INSERT', 'UPDATE') THEN
        PERFORM contacts_count_conversation(
            NEW.id, NEW.neighbourhood_id, NEW.place, NEW.happened_at, 1);
    END IF;
    RETURN NULL;
END $$;

CREATE TRIGGER period_counts_conversation
AFTER INSERT OR DELETE OR UPDATE OF happened_at, neighbourhood_id, place
ON contacts_conversation
FOR EACH ROW EXECUTE FUNCTION contacts_period_counts_conversation();

CREATE FUNCTION contacts_period_counts_conversation_resident() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP IN ('UPDATE', 'DELETE') THEN
        PERFORM contacts_count_spoken(OLD.resident_id, c.neighbourhood_id, c.happened_at, -1)
        FROM contacts_conversation c WHERE c.id = OLD.conversation_id;
    END IF;
    IF TG_OP IN ('INSERT', 'UPDATE') THEN
        PERFORM contacts_count_spoken(NEW.resident_id, c.neighbourhood_id, c.happened_at, 1)
        FROM contacts_conversation c WHERE c.id = NEW.conversation_id;
    END IF;
    RETURN NULL;
END $$;

CREATE TRIGGER period_counts_conversation_resident
AFTER INSERT OR DELETE OR UPDATE OF conversation_id, resident_id
ON contacts_conversation_residents
FOR EACH ROW EXECUTE FUNCTION contacts_period_counts_conversation_resident();

CREATE FUNCTION contacts_period_counts_conversation_theme() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP IN ('UPDATE', 'DELETE') THEN
        PERFORM contacts_count_theme(OLD.theme_id, c.neighbourhood_id, c.happened_at, -1)
        FROM contacts_conversation c WHERE c.id = OLD.conversation_id;
    END IF;
    IF TG_OP IN ('INSERT', 'UPDATE') THEN
        PERFORM contacts_count_theme(NEW.theme_id, c.neighbourhood_id, c.happened_at, 1)
        FROM contacts_conversation c WHERE c.id = NEW.conversation_id;
    END IF;
    RETURN NULL;
END $$;

CREATE TRIGGER period_counts_conversation_theme
AFTER INSERT OR DELETE OR UPDATE OF conversation_id, theme_id
ON contacts_conversation_themes
FOR EACH ROW EXECUTE FUNCTION contacts_period_counts_conversation_theme();

CREATE FUNCTION contacts_period_counts_door_knock() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'UPDATE'
       AND (OLD.address_id, OLD.knocked_at, OLD.outcome)
           IS NOT DISTINCT FROM (NEW.address_id, NEW.knocked_at, NEW.outcome) THEN
        RETURN NULL;
    END IF;
    IF TG_OP IN ('UPDATE', 'DELETE') THEN
        PERFORM contacts_count_knock(
            s.neighbourhood_id, OLD.address_id, OLD.knocked_at, OLD.outcome <> 'not_home', -1)
        FROM neighbourhoods_address a JOIN neighbourhoods_street s ON s.id = a.street_id
        WHERE a.id = OLD.address_id;
    END IF;
    IF TG_OP IN ('INSERT', 'UPDATE') THEN
        PERFORM contacts_count_knock(
            s.neighbourhood_id, NEW.address_id, NEW.knocked_at, NEW.outcome <> 'not_home', 1)
        FROM neighbourhoods_address a JOIN neighbourhoods_street s ON s.id = a.street_id
        WHERE a.id = NEW.address_id;
    END IF;
    RETURN NULL;
END $$;

CREATE TRIGGER period_counts_door_knock
AFTER INSERT OR DELETE OR UPDATE OF address_id, knocked_at, outcome ON contacts_doorknock
FOR EACH ROW EXECUTE FUNCTION contacts_period_counts_door_knock();

CREATE FUNCTION contacts_period_counts_resident_address() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    UPDATE contacts_spokenresident SET address_id = NEW.address_id WHERE resident_id = NEW.id;
    RETURN NULL;
END $$;

CREATE TRIGGER period_counts_resident_address
AFTER UPDATE OF address_id ON contacts_resident
FOR EACH ROW WHEN (OLD.address_id IS DISTINCT FROM NEW.address_id)
EXECUTE FUNCTION contacts_period_counts_resident_address();

CREATE FUNCTION contacts_period_counts_address_street() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    UPDATE contacts_knockcount k SET neighbourhood_id = s.neighbourhood_id
    FROM neighbourhoods_street s
    WHERE s.id = NEW.street_id AND k.address_id = NEW.id
      AND k.neighbourhood_id IS DISTINCT FROM s.neighbourhood_id;
    RETURN NULL;
END $$;

CREATE TRIGGER period_counts_address_street
AFTER UPDATE OF street_id ON neighbourhoods_address
FOR EACH ROW WHEN (OLD.street_id IS DISTINCT FROM NEW.street_id)
EXECUTE FUNCTION contacts_period_counts_address_street();

CREATE FUNCTION contacts_period_counts_street_neighbourhood() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    UPDATE contacts_knockcount k SET neighbourhood_id = NEW.neighbourhood_id
    FROM neighbourhoods_address a
    WHERE a.street_id = NEW.id AND k.address_id = a.id;
    RETURN NULL;
END $$;

CREATE TRIGGER period_counts_street_neighbourhood
AFTER UPDATE OF neighbourhood_id ON neighbourhoods_street
FOR EACH ROW WHEN (OLD.neighbourhood_id IS DISTINCT FROM NEW.neighbourhood_id)
EXECUTE FUNCTION contacts_period_counts_street_neighbourhood();

CREATE FUNCTION contacts_period_counts_rebuild() RETURNS void
LANGUAGE plpgsql AS $$
BEGIN
    DELETE FROM contacts_conversationcount;
    DELETE FROM contacts_themecount;
    DELETE FROM contacts_spokenresident;
    DELETE FROM contacts_knockcount;
    INSERT INTO contacts_conversationcount
        (months, starts_on, neighbourhood_id, place, conversations)
    SELECT p.months, p.starts_on, c.neighbourhood_id, c.place, count(*)
    FROM contacts_conversation c CROSS JOIN LATERAL contacts_periods(c.happened_at) p
    GROUP BY 1, 2, 3, 4;
    INSERT INTO contacts_themecount (months, starts_on, neighbourhood_id, theme_id, conversations)
    SELECT p.months, p.starts_on, c.neighbourhood_id, l.theme_id, count(*)
    FROM contacts_conversation_themes l
    JOIN contacts_conversation c ON c.id = l.conversation_id
    CROSS JOIN LATERAL contacts_periods(c.happened_at) p
    GROUP BY 1, 2, 3, 4;
    INSERT INTO contacts_spokenresident
        (months, starts_on, neighbourhood_id, resident_id, address_id, conversations)
    SELECT p.months, p.starts_on, c.neighbourhood_id, l.resident_id, min(r.address_id), count(*)
    FROM contacts_conversation_residents l
    JOIN contacts_conversation c ON c.id = l.conversation_id
    LEFT JOIN contacts_resident r ON r.id = l.resident_id
    CROSS JOIN LATERAL contacts_periods(c.happened_at) p
    GROUP BY 1, 2, 3, 4;
    INSERT INTO contacts_knockcount
        (months, starts_on, neighbourhood_id, address_id, knocks, answered)
    SELECT p.months, p.starts_on, s.neighbourhood_id, k.address_id,
           count(*), count(*) FILTER (WHERE k.outcome <> 'not_home')
    FROM contacts_doorknock k
    JOIN neighbourhoods_address a ON a.id = k.address_id
    JOIN neighbourhoods_street s ON s.id = a.street_id
    CROSS JOIN LATERAL contacts_periods(k.knocked_at) p
    GROUP BY 1, 2, 3, 4;
END $$;

SELECT contacts_period_counts_rebuild();
"""

DROP_FUNCTIONS = """
DROP TRIGGER period_counts_street_neighbourhood ON neighbourhoods_street;
DROP TRIGGER period_counts_address_street ON neighbourhoods_address;
DROP TRIGGER period_counts_resident_address ON contacts_resident;
DROP TRIGGER period_counts_door_knock ON contacts_doorknock;
DROP TRIGGER period_counts_conversation_theme ON contacts_conversation_themes;
DROP TRIGGER period_counts_conversation_resident ON contacts_conversation_residents;
DROP TRIGGER period_counts_conversation ON contacts_conversation;
DROP FUNCTION contacts_period_counts_rebuild();
DROP FUNCTION contacts_period_counts_street_neighbourhood();
DROP FUNCTION contacts_period_counts_address_street();
DROP FUNCTION contacts_period_counts_resident_address();
DROP FUNCTION contacts_period_counts_door_knock();
DROP FUNCTION contacts_period_counts_conversation_theme();
DROP FUNCTION contacts_period_counts_conversation_resident();
DROP FUNCTION contacts_period_counts_conversation();
DROP FUNCTION contacts_count_knock(bigint, bigint, timestamptz, boolean, integer);
DROP FUNCTION contacts_count_conversation(uuid, bigint, varchar, timestamptz, integer);
DROP FUNCTION contacts_count_spoken(uuid, bigint, timestamptz, integer);
DROP FUNCTION contacts_count_theme(bigint, bigint, timestamptz, integer);
DROP FUNCTION contacts_periods(timestamptz);
"""


class Migration(migrations.Migration):

    dependencies = [
        ('contacts', '0022_period_report_indexes'),
        ('neighbourhoods', '0002_membership_lead_is_team_lead'),
    ]

    operations = [
        migrations.CreateModel(
            name='ConversationCount',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('months', models.PositiveSmallIntegerField()),
                ('starts_on', models.DateField()),
                ('place', models.CharField(max_length=10)),
                ('conversations', models.PositiveIntegerField()),
                ('neighbourhood', models.ForeignKey(db_constraint=False, db_index=False, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='neighbourhoods.neighbourhood')),
            ],
            options={
                'constraints': [models.UniqueConstraint(fields=('months', 'starts_on', 'neighbourhood', 'place'), include=('conversations',), name='conversation_count_key')],
            },
        ),
        migrations.CreateModel(
            name='KnockCount',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('months', models.PositiveSmallIntegerField()),
                ('starts_on', models.DateField()),
                ('knocks', models.PositiveIntegerField()),
                ('answered', models.PositiveIntegerField()),
                ('address', models.ForeignKey(db_constraint=False, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='neighbourhoods.address')),
                ('neighbourhood', models.ForeignKey(db_constraint=False, db_index=False, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='neighbourhoods.neighbourhood')),
            ],
            options={
                'constraints': [models.UniqueConstraint(fields=('months', 'starts_on', 'neighbourhood', 'address'), include=('knocks', 'answered'), name='knock_count_key')],
            },
        ),
        migrations.CreateModel(
            name='SpokenResident',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('months', models.PositiveSmallIntegerField()),
                ('starts_on', models.DateField()),
                ('conversations', models.PositiveIntegerField()),
                ('address', models.ForeignKey(db_constraint=False, db_index=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='neighbourhoods.address')),
                ('neighbourhood', models.ForeignKey(db_constraint=False, db_index=False, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='neighbourhoods.neighbourhood')),
                ('resident', models.ForeignKey(db_constraint=False, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='contacts.resident')),
            ],
            options={
                'constraints': [models.UniqueConstraint(fields=('months', 'starts_on', 'neighbourhood', 'resident'), include=('address',), name='spoken_resident_key')],
            },
        ),
        migrations.CreateModel(
            name='ThemeCount',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('months', models.PositiveSmallIntegerField()),
                ('starts_on', models.DateField()),
                ('conversations', models.PositiveIntegerField()),
                ('neighbourhood', models.ForeignKey(db_constraint=False, db_index=False, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='neighbourhoods.neighbourhood')),
                ('theme', models.ForeignKey(db_constraint=False, db_index=False, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='contacts.theme')),
            ],
            options={
                'constraints': [models.UniqueConstraint(fields=('months', 'starts_on', 'neighbourhood', 'theme'), include=('conversations',), name='theme_count_key')],
            },
        ),
        migrations.RunSQL(
        FUNCTIONS.format(zone=settings.TIME_ZONE), DROP_FUNCTIONS, elidable=False
    ),
]
