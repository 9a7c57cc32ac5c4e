"""Dutch first, English complete: every string has its Dutch translation,
and the compiled catalogue matches its source."""

import gettext
import re
from pathlib import Path

from django.conf import settings

PO = Path(settings.BASE_DIR) / "locale" / "nl" / "LC_MESSAGES" / "django.po"
MO = PO.with_suffix(".mo")


def po_entries():
    """(msgid, [msgstr, ...]) for every entry but the header."""
    text = PO.read_text()
    for block in text.split("\n\n"):
        lines = [line for line in block.splitlines() if not line.startswith("#")]
        if "fuzzy" in block.split("msgid")[0]:
            yield "FUZZY", []
        joined = "\n".join(lines)
        msgid = "".join(re.findall(r'"(.*)"', joined.split("msgid_plural")[0].split("msgstr")[0]))
        if not msgid:
            continue
        parts = joined.split("msgstr")[1:]
        translations = ["".join(re.findall(r'"(.*)"', part)) for part in parts]
        yield msgid, translations


def test_every_string_has_a_dutch_translation():
    untranslated = [msgid for msgid, strs in po_entries() if not strs or not all(strs)]
    assert untranslated == []


def test_the_compiled_catalogue_is_up_to_date():
    with MO.open("rb") as mo:
        compiled = gettext.GNUTranslations(mo)
    for msgid, translations in po_entries():
        if "\\" in msgid or len(translations) != 1:
            continue  # escapes and plurals: checked by the line above
        assert compiled.gettext(msgid) == translations[0], msgid
