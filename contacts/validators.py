import re
import unicodedata

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from buurtwerk import languages

_PHONE_SEPARATORS = re.compile(r"[\s\-./()]")
#: Stored form: + and 8 to 15 digits (ITU E.164); a Dutch number has exactly 9 after +31.
PHONE_RE = r"^\+(31[1-9][0-9]{8}|(?!31)[1-9][0-9]{7,14})$"


def normalise_phone(value):
    """``06-12 34 56 78`` → ``+31612345678``; ``0044 20 …`` → ``+4420…``.
    Returns the input unchanged when it cannot be a phone number, so the
    validator can reject it with the original text in the form."""
    if not value:
        return ""
    compact = _PHONE_SEPARATORS.sub("", value.strip())
    if compact.startswith("00"):
        compact = "+" + compact[2:]
    elif compact.startswith("0"):
        compact = "+31" + compact[1:]
    if compact.startswith("+310"):  # "+31 (0)6 …" written the Dutch way
        compact = "+31" + compact[4:]
    return compact if re.match(r"^\+[0-9]+$", compact) else value.strip()


def validate_phone(value):
    if not re.match(PHONE_RE, normalise_phone(value)):
        raise ValidationError(
            _(
                "Enter a Dutch phone number (like 06 12345678) "
                "or an international one starting with +."
            ),
            code="invalid_phone",
        )


def validate_language_codes(value):
    """Kept for the migrations that name it; the rule is ``buurtwerk.languages``."""
    languages.validate_codes(value)


# Letters that Unicode does not decompose into a base letter and an accent.
_UNDECOMPOSABLE = str.maketrans(
    {"ı": "i", "ł": "l", "ø": "o", "đ": "d", "ð": "d", "ß": "ss", "æ": "ae", "œ": "oe", "þ": "th"}  # noqa: RUF001
)


def search_key(value):
    """Lower case without accents, for accent-insensitive search:
    ``Çelik-Özdemir`` → ``celik-ozdemir``; control characters dropped. Kept
    in ``Resident.search_name`` so the trigram index can serve the search
    without unaccent()."""
    decomposed = unicodedata.normalize("NFKD", value or "")
    # Control characters (a NUL, which PostgreSQL refuses in text) are dropped too.
    stripped = "".join(
        char
        for char in decomposed
        if not unicodedata.combining(char) and unicodedata.category(char) != "Cc"
    )
    return " ".join(stripped.casefold().translate(_UNDECOMPOSABLE).split())
