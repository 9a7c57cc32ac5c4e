"""The table of the database cache (``CACHES`` without ``REDIS_URL``): the
same table ``manage.py createcachetable`` makes, created here so that
``migrate`` is the only step. Created whatever ``CACHES`` says, so a site
that moves from Redis back to the database cache finds it in place; ``IF
NOT EXISTS`` for a site that ran ``createcachetable`` itself."""

from django.db import migrations

TABLE = "buurtwerk_cache"  # buurtwerk.config.CACHE_TABLE


class Migration(migrations.Migration):

    dependencies = [
        ("buurtwerk", "0001_initial"),
    ]

    operations = [
        migrations.RunSQL(
            sql=[
                f'CREATE TABLE IF NOT EXISTS "{TABLE}" ('
                '"cache_key" varchar(255) NOT NULL PRIMARY KEY, '
                '"value" text NOT NULL, '
                '"expires" timestamp with time zone NOT NULL)',
                f'CREATE INDEX IF NOT EXISTS "{TABLE}_expires" ON "{TABLE}" ("expires")',
            ],
            reverse_sql=[f'DROP TABLE IF EXISTS "{TABLE}"'],
        ),
    ]
