"""Taking one person's name, phone number and e-mail address out of free
text, for texts shared with other people (a conversation with several
residents) that must survive the person's erasure, and for an export that
must not give away a third party's name.

What counts as a mention:

- the whole name, and each part of it of two letters or more except the
  Dutch and other name particles (``de``, ``van``, ``ter`` ...), which are
  ordinary words too: "Anna de Vries" takes out "Anna de Vries", "Anna"
  and "Vries", not every "de";
- a part only as a whole word, or followed by a possessive s
  ("Annas", "Anna's"): "Bas" is taken out, "Basisschool" stays;
- the phone number however it was written: ``06-12 34 56 78``,
  ``+31 (0)6 1234 5678``, ``0031612345678``;
- the e-mail address;
- optionally other phrases, as they are (e.g. a street name).

All case-insensitively. Spelling variants (``Jose`` for ``José``) and
nicknames are not found: a worker's notes can always say more than a
pattern knows.
"""

import re

#: What takes the place of a removed mention or text.
REDACTED = "[…]"

#: Name particles (tussenvoegsels and their cousins): words in ordinary
#: sentences too, so never taken out on their own.
PARTICLES = frozenset(
    {
        *("a", "al", "aan", "bij", "d", "da", "dal", "de", "del", "della", "den", "der"),
        *("des", "di", "dos", "du", "el", "het", "in", "la", "le", "les", "lo", "op", "s"),
        *("t", "te", "ten", "ter", "tot", "uit", "uijt", "van", "vande", "vanden", "vander"),
        *("ver", "von", "vom", "zu", "zum", "zur"),
    }
)

_SEPARATOR = r"[\s\-./()]*"


def _digits(number):
    return _SEPARATOR.join(re.escape(digit) for digit in number)


def _phone_pattern(phone):
    """A pattern for ``phone`` (stored as ``+`` and digits) in the ways
    people write it; None when there is no usable number."""
    digits = re.sub(r"\D", "", phone or "")
    if len(digits) < 6:
        return None
    if digits.startswith("31") and len(digits) == 11:
        subscriber = digits[2:]
        country = rf"(?:\+|00){_SEPARATOR}3{_SEPARATOR}1{_SEPARATOR}(?:\(0\){_SEPARATOR})?"
        prefix = rf"(?:{country}|0{_SEPARATOR})"
        return rf"(?<!\d){prefix}{_digits(subscriber)}(?!\d)"
    return rf"(?<!\d)(?:(?:\+|00){_SEPARATOR})?{_digits(digits)}(?!\d)"


def _word_pattern(word):
    return rf"(?<!\w){re.escape(word)}(?:'?s)?(?!\w)"


def _phrase_pattern(phrase):
    words = phrase.split()
    return r"\s+".join(re.escape(word) for word in words) if words else None


class Redactor:
    """Removes the mentions of one person from texts (see the module
    docstring). Build it once, apply it to many texts."""

    def __init__(self, *, name="", phone="", email="", phrases=()):
        # At each position the first alternative that matches wins: the
        # e-mail address and phone number before the name (an address may
        # hold the name), whole phrases before single words.
        phrases = [_phrase_pattern(phrase or "") for phrase in (name, *phrases)]
        words = [
            _word_pattern(part)
            for part in (p.strip(".,'\"()") for p in re.split(r"[\s\-]+", name or ""))
            if len(part) >= 2 and part.lower() not in PARTICLES
        ]
        patterns = [
            re.escape(email) if email else None,
            _phone_pattern(phone),
            *sorted(filter(None, phrases), key=len, reverse=True),
            *sorted(words, key=len, reverse=True),
        ]
        patterns = [pattern for pattern in patterns if pattern]
        self._pattern = (
            re.compile("|".join(f"(?:{p})" for p in patterns), re.IGNORECASE) if patterns else None
        )

    @classmethod
    def for_resident(cls, resident, *, phrases=()):
        return cls(name=resident.name, phone=resident.phone, email=resident.email, phrases=phrases)

    def __call__(self, text):
        """``text`` with every mention replaced by REDACTED."""
        if not text or self._pattern is None:
            return text
        return self._pattern.sub(REDACTED, text)


def redact_all(text, redactors):
    """``text`` with the mentions of everyone in ``redactors`` removed."""
    for redactor in redactors:
        text = redactor(text)
    return text
