"""Languages a resident speaks, as ISO 639-1 codes.

The list is the languages most often heard at Dutch front doors rather than
all 184 codes, so the picker on a phone stays short; adding one is a line
here (and its Dutch name in the catalogue). Papiamentu, Sranantongo and
Tamazight have no ISO 639-1 code and so cannot be recorded yet."""

from django.utils.translation import gettext_lazy as _

LANGUAGES = [
    ("nl", _("Dutch")),
    ("en", _("English")),
    ("fy", _("Frisian")),
    ("ar", _("Arabic")),
    ("tr", _("Turkish")),
    ("pl", _("Polish")),
    ("ro", _("Romanian")),
    ("bg", _("Bulgarian")),
    ("uk", _("Ukrainian")),
    ("ru", _("Russian")),
    ("de", _("German")),
    ("fr", _("French")),
    ("es", _("Spanish")),
    ("pt", _("Portuguese")),
    ("it", _("Italian")),
    ("el", _("Greek")),
    ("hu", _("Hungarian")),
    ("lt", _("Lithuanian")),
    ("lv", _("Latvian")),
    ("sk", _("Slovak")),
    ("cs", _("Czech")),
    ("sr", _("Serbian")),
    ("hr", _("Croatian")),
    ("bs", _("Bosnian")),
    ("sq", _("Albanian")),
    ("ku", _("Kurdish")),
    ("fa", _("Persian")),
    ("ps", _("Pashto")),
    ("ur", _("Urdu")),
    ("hi", _("Hindi")),
    ("pa", _("Punjabi")),
    ("ta", _("Tamil")),
    ("so", _("Somali")),
    ("ti", _("Tigrinya")),
    ("am", _("Amharic")),
    ("sw", _("Swahili")),
    ("zh", _("Chinese")),
    ("vi", _("Vietnamese")),
    ("id", _("Indonesian")),
    ("tl", _("Tagalog")),
    ("th", _("Thai")),
]

LANGUAGE_CODES = frozenset(code for code, _name in LANGUAGES)
