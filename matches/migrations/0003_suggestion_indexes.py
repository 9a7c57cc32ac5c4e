"""Indexes for the suggestions (``matches.suggestions``).

The scoring query reads only these (index-only scans), then the few hundred
relevant rows; with them ``bench_suggestions`` on the large demo data runs
in ~30 ms per need instead of ~300 ms.

- ``resident_matchable_nbh``: the residents of a district who may be
  matched (consent, active), with what the scoring needs of them;
- ``talent_open_category`` / ``need_open_category``: the open talents (needs)
  of a category and whose they are;
- ``talent_open_resident`` / ``need_open_resident``: a resident's open
  talents (needs) with their category and words, for the text matches in the
  neighbourhood and for reciprocity.

Written as SQL because they are partial indexes with INCLUDE columns that
serve one query (and one is on contacts' table): they are not part of the
models' state, so ``makemigrations`` neither sees nor drops them.
"""

from django.db import migrations

INDEXES = [
    (
        "resident_matchable_nbh",
        "contacts_resident (neighbourhood_id) INCLUDE (id, address_id, languages) "
        "WHERE may_match AND status = 'active'",
    ),
    (
        "talent_open_category",
        "matches_talent (category_id, resident_id) INCLUDE (id) WHERE status = 'open'",
    ),
    (
        "need_open_category",
        "matches_need (category_id, resident_id) INCLUDE (id) WHERE status = 'open'",
    ),
    (
        "talent_open_resident",
        "matches_talent (resident_id) INCLUDE (id, category_id, search_vector) "
        "WHERE status = 'open'",
    ),
    (
        "need_open_resident",
        "matches_need (resident_id) INCLUDE (id, category_id, search_vector) "
        "WHERE status = 'open'",
    ),
]


class Migration(migrations.Migration):
    dependencies = [
        ("contacts", "0001_initial"),
        ("matches", "0002_categories"),
    ]

    operations = [
        migrations.RunSQL(
            sql=f"CREATE INDEX {name} ON {definition}",
            reverse_sql=f"DROP INDEX IF EXISTS {name}",
        )
        for name, definition in INDEXES
    ]
