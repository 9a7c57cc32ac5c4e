"""The languages people speak in the neighbourhoods, as ISO 639-3 codes:
the one list, and the one rule that turns a code someone gives into the
stored one.

Residents (``contacts.Resident.languages``), workers
(``accounts.User.languages``) and the external coach a round can name
(``contacts.Round.coach_languages``) are all stored as ISO 639-3 codes,
because the languages of the neighbourhoods in the seeds have no ISO 639-1
code: Tamazight, Moroccan Arabic (Darija), Papiamentu, Sranantongo. It lives
here, in the first app, because accounts (workers) and contacts (residents)
both need it.

The list is the languages most often heard at Dutch front doors, not all
7,900 codes, so the picker on a phone stays short; adding one is a line
here and its Dutch name in the catalogue (the English name is the msgid).

``normalise`` is the rule for input from outside (``import_residents``,
whose format accepts ISO 639-1 codes and ISO 639-3 codes): an ISO 639-1 code
becomes its ISO 639-3 code (``ar`` → ``ara``), and a few codes with the same
meaning for the people here become the one on the list (``ber``, the
collective code for the Berber languages, and ``zgh``, Standard Moroccan
Tamazight, become ``tzm``; ``arb``, Modern Standard Arabic, becomes ``ara``).
The data migration from ISO 639-1 (audit 0004_iso639_3_languages, after
contacts 0020 widened the column) uses the same table, frozen into it."""

from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class Language:
    code: str  #: ISO 639-3
    name: object  #: English name, translated by the catalogue
    iso639_1: str = ""  #: the ISO 639-1 code, where there is one


_LIST = [
    Language("nld", _("Dutch"), "nl"),
    Language("eng", _("English"), "en"),
    Language("fry", _("Frisian"), "fy"),
    Language("ara", _("Arabic"), "ar"),
    Language("ary", _("Moroccan Arabic (Darija)")),
    Language("apc", _("Levantine Arabic (Syrian)")),
    Language("tzm", _("Tamazight (Berber)")),
    Language("rif", _("Tarifit (Riffian Berber)")),
    Language("tur", _("Turkish"), "tr"),
    Language("pap", _("Papiamentu")),
    Language("srn", _("Sranantongo")),
    Language("hns", _("Sarnami Hindustani")),
    Language("pol", _("Polish"), "pl"),
    Language("ron", _("Romanian"), "ro"),
    Language("bul", _("Bulgarian"), "bg"),
    Language("ukr", _("Ukrainian"), "uk"),
    Language("rus", _("Russian"), "ru"),
    Language("deu", _("German"), "de"),
    Language("fra", _("French"), "fr"),
    Language("spa", _("Spanish"), "es"),
    Language("por", _("Portuguese"), "pt"),
    Language("kea", _("Cape Verdean Creole")),
    Language("ita", _("Italian"), "it"),
    Language("ell", _("Greek"), "el"),
    Language("hun", _("Hungarian"), "hu"),
    Language("lit", _("Lithuanian"), "lt"),
    Language("lav", _("Latvian"), "lv"),
    Language("slk", _("Slovak"), "sk"),
    Language("ces", _("Czech"), "cs"),
    Language("srp", _("Serbian"), "sr"),
    Language("hrv", _("Croatian"), "hr"),
    Language("bos", _("Bosnian"), "bs"),
    Language("sqi", _("Albanian"), "sq"),
    Language("kur", _("Kurdish"), "ku"),
    Language("fas", _("Persian"), "fa"),
    Language("prs", _("Dari")),
    Language("pus", _("Pashto"), "ps"),
    Language("urd", _("Urdu"), "ur"),
    Language("hin", _("Hindi"), "hi"),
    Language("pan", _("Punjabi"), "pa"),
    Language("tam", _("Tamil"), "ta"),
    Language("som", _("Somali"), "so"),
    Language("tir", _("Tigrinya"), "ti"),
    Language("amh", _("Amharic"), "am"),
    Language("swa", _("Swahili"), "sw"),
    Language("zho", _("Chinese"), "zh"),
    Language("vie", _("Vietnamese"), "vi"),
    Language("ind", _("Indonesian"), "id"),
    Language("tgl", _("Tagalog"), "tl"),
    Language("tha", _("Thai"), "th"),
]

#: Codes on the list by another code with the same meaning here.
ALIASES = {"ber": "tzm", "zgh": "tzm", "arb": "ara"}

#: (code, name) for a field's ``choices``.
LANGUAGES = [(language.code, language.name) for language in _LIST]
LANGUAGE_CODES = frozenset(language.code for language in _LIST)
_NAMES = dict(LANGUAGES)
_FROM_ISO639_1 = {language.iso639_1: language.code for language in _LIST if language.iso639_1}
#: Dutch, the language the suggestions do not count as a reason on its own.
DUTCH = "nld"


def normalise(code):
    """The stored ISO 639-3 code for ``code`` (ISO 639-1 or ISO 639-3, any
    case, spaces around), or None when it is not on the list."""
    code = str(code).strip().lower()
    code = _FROM_ISO639_1.get(code, ALIASES.get(code, code))
    return code if code in LANGUAGE_CODES else None


def name(code):
    """The language's name in the active language. An ISO 639-1 code (in a
    change history written before the migration to ISO 639-3) reads as its
    language; a code not on the list as itself."""
    return _NAMES.get(code) or _NAMES.get(_FROM_ISO639_1.get(code), code)


def names(codes):
    """``name`` of each code, as strings, in the given order."""
    return [str(name(code)) for code in codes]


def validate_codes(value):
    """Validator of a list of stored codes: each must be on the list."""
    unknown = sorted(set(value) - LANGUAGE_CODES)
    if unknown:
        raise ValidationError(
            _("Unknown language code: %(codes)s."),
            code="unknown_language",
            params={"codes": ", ".join(unknown)},
        )
