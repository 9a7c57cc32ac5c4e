"""Languages as ISO 639-3 codes (buurtwerk.languages): the residents'
languages and the snapshots of them in their change history are recoded
from ISO 639-1 (``nl`` → ``nld``, ``ar`` → ``ara``). Here rather than in
contacts because the history's column must be widened first and the
history triggers (this app's) paused: recoding is not a change anyone made,
so it records no event, and the snapshots are recoded alike so that the
next real change does not show every language as changed.

The table is frozen here; the reverse drops the codes that have no ISO
639-1 code (``ary``, ``pap``, ...), which did not exist before."""

import buurtwerk.languages
import django.contrib.postgres.fields
from django.db import migrations, models

# ISO 639-1 → ISO 639-3, as buurtwerk.languages had it when this was written.
ISO639_1_TO_3 = {
    "nl": "nld", "en": "eng", "fy": "fry", "ar": "ara", "tr": "tur", "pl": "pol",
    "ro": "ron", "bg": "bul", "uk": "ukr", "ru": "rus", "de": "deu", "fr": "fra",
    "es": "spa", "pt": "por", "it": "ita", "el": "ell", "hu": "hun", "lt": "lit",
    "lv": "lav", "sk": "slk", "cs": "ces", "sr": "srp", "hr": "hrv", "bs": "bos",
    "sq": "sqi", "ku": "kur", "fa": "fas", "ps": "pus", "ur": "urd", "hi": "hin",
    "pa": "pan", "ta": "tam", "so": "som", "ti": "tir", "am": "amh", "sw": "swa",
    "zh": "zho", "vi": "vie", "id": "ind", "tl": "tgl", "th": "tha",
}  # fmt: skip

#: The history triggers of contacts_resident (migration 0001).
RESIDENT_TRIGGERS = (
    "{pgtrigger_insert_insert_19361,pgtrigger_update_update_1bd4f,pgtrigger_delete_delete_e4e30}"
)

RECODE = """
WITH codes(old, new) AS (SELECT * FROM unnest(%(old)s::text[], %(new)s::text[]))
UPDATE {table} t SET languages = ARRAY(
    SELECT coalesce(codes.new, l.code)
    FROM unnest(t.languages) WITH ORDINALITY AS l(code, position)
    LEFT JOIN codes ON codes.old = l.code
    WHERE codes.new IS NOT NULL OR %(keep_unknown)s
    ORDER BY l.position
)::varchar[]
WHERE cardinality(t.languages) > 0
  AND t.languages && %(old)s::varchar[]
"""


def _recode(schema_editor, mapping, *, keep_unknown):
    old, new = list(mapping), list(mapping.values())
    with schema_editor.connection.cursor() as cursor:
        cursor.execute("SELECT set_config('pgtrigger.ignore', %s, true)", [RESIDENT_TRIGGERS])
        for table in ("contacts_resident", "audit_residentevent"):
            cursor.execute(
                RECODE.format(table=table), {"old": old, "new": new, "keep_unknown": keep_unknown}
            )
        cursor.execute("SELECT set_config('pgtrigger.ignore', '{}', true)")


def forward(apps, schema_editor):
    _recode(schema_editor, ISO639_1_TO_3, keep_unknown=True)


def backward(apps, schema_editor):
    _recode(schema_editor, {v: k for k, v in ISO639_1_TO_3.items()}, keep_unknown=False)


class Migration(migrations.Migration):
    dependencies = [
        ("audit", "0003_moved_models"),
        ("contacts", "0020_iso639_3_languages_and_round_coach"),
    ]

    operations = [
        migrations.AlterField(
            model_name="residentevent",
            name="languages",
            field=django.contrib.postgres.fields.ArrayField(
                base_field=models.CharField(
                    choices=[
                        ("nld", "Dutch"),
                        ("eng", "English"),
                        ("fry", "Frisian"),
                        ("ara", "Arabic"),
                        ("ary", "Moroccan Arabic (Darija)"),
                        ("apc", "Levantine Arabic (Syrian)"),
                        ("tzm", "Tamazight (Berber)"),
                        ("rif", "Tarifit (Riffian Berber)"),
                        ("tur", "Turkish"),
                        ("pap", "Papiamentu"),
                        ("srn", "Sranantongo"),
                        ("hns", "Sarnami Hindustani"),
                        ("pol", "Polish"),
                        ("ron", "Romanian"),
                        ("bul", "Bulgarian"),
                        ("ukr", "Ukrainian"),
                        ("rus", "Russian"),
                        ("deu", "German"),
                        ("fra", "French"),
                        ("spa", "Spanish"),
                        ("por", "Portuguese"),
                        ("kea", "Cape Verdean Creole"),
                        ("ita", "Italian"),
                        ("ell", "Greek"),
                        ("hun", "Hungarian"),
                        ("lit", "Lithuanian"),
                        ("lav", "Latvian"),
                        ("slk", "Slovak"),
                        ("ces", "Czech"),
                        ("srp", "Serbian"),
                        ("hrv", "Croatian"),
                        ("bos", "Bosnian"),
                        ("sqi", "Albanian"),
                        ("kur", "Kurdish"),
                        ("fas", "Persian"),
                        ("prs", "Dari"),
                        ("pus", "Pashto"),
                        ("urd", "Urdu"),
                        ("hin", "Hindi"),
                        ("pan", "Punjabi"),
                        ("tam", "Tamil"),
                        ("som", "Somali"),
                        ("tir", "Tigrinya"),
                        ("amh", "Amharic"),
                        ("swa", "Swahili"),
                        ("zho", "Chinese"),
                        ("vie", "Vietnamese"),
                        ("ind", "Indonesian"),
                        ("tgl", "Tagalog"),
                        ("tha", "Thai"),
                    ],
                    max_length=3,
                ),
                blank=True,
                default=list,
                size=None,
                validators=[buurtwerk.languages.validate_codes],
                verbose_name="languages spoken",
            ),
        ),
        migrations.RunPython(forward, backward),
    ]
