"""Why a candidate is suggested: reasons a worker can check.

A ``Reason`` is a code and its parameters, so it can be stored with a match
(``Match.reasons``, as ``[{"code": ..., "params": {...}}]``) and shown later
in whatever language the reader uses: ``.text`` renders it with gettext in
the active language. The parameters carry everything the text needs
(category names in Dutch and English, a language code, availability values),
so rendering never queries the database.

Codes, with the English text (the Dutch comes from the translation catalogue):

==================== =========================================================
same_category        same category: Tuin en groen
category_words       words that fit the category: Taal oefenen (Nederlands)
similar_words        similar words: gras, maaien    (or "similar wording")
same_street          same street
same_neighbourhood   same neighbourhood
same_district        same district
shared_language      shares language: Arabic
availability_overlap both available on weekday mornings, weekend afternoons
reciprocity          also needs something Ans offers: Computer en telefoon
                     (direction "offers": also offers something Ans needs: ...)
shared_interest      looking for the same: Gezelschap en een praatje
initiative_offers    offered by the initiative Buurtmaaltijd
initiative_needs     needed by the initiative Buurtmaaltijd
==================== =========================================================
"""

from dataclasses import dataclass, field

from django.utils.translation import get_language, gettext

from buurtwerk import languages as language_list
from contacts.models import Availability


def _category(params, category_language):
    """The category name in ``category_language`` (None: the active language)."""
    language = category_language or get_language() or "nl"
    if language.startswith("en") and params.get("category_en"):
        return params["category_en"]
    return params.get("category", "")


def _language(code):
    return str(language_list.name(code)) if code else ""


def _slots(values):
    labels = []
    for value in values:
        try:
            labels.append(str(Availability(value).label))
        except ValueError:
            labels.append(value)
    return ", ".join(labels)


def _reciprocity(params, category_language):
    values = {"name": params.get("name", ""), "category": _category(params, category_language)}
    if params.get("direction") == "offers":
        return gettext("also offers something %(name)s needs: %(category)s") % values
    return gettext("also needs something %(name)s offers: %(category)s") % values


def _similar_words(params, category_language):
    if params.get("words"):
        return gettext("similar words: %(words)s") % {"words": ", ".join(params["words"])}
    return gettext("similar wording")


_TEXTS = {
    "same_category": lambda p, c: (
        gettext("same category: %(category)s") % {"category": _category(p, c)}
    ),
    "category_words": lambda p, c: (
        gettext("words that fit the category: %(category)s") % {"category": _category(p, c)}
    ),
    "similar_words": _similar_words,
    "same_street": lambda p, c: gettext("same street"),
    "same_neighbourhood": lambda p, c: gettext("same neighbourhood"),
    "same_district": lambda p, c: gettext("same district"),
    "shared_language": lambda p, c: (
        gettext("shares language: %(language)s") % {"language": _language(p.get("language"))}
    ),
    "availability_overlap": lambda p, c: (
        gettext("both available on %(times)s") % {"times": _slots(p.get("slots", []))}
    ),
    "reciprocity": _reciprocity,
    "shared_interest": lambda p, c: (
        gettext("looking for the same: %(category)s") % {"category": _category(p, c)}
    ),
    "initiative_offers": lambda p, c: (
        gettext("offered by the initiative %(name)s") % {"name": p.get("name", "")}
    ),
    "initiative_needs": lambda p, c: (
        gettext("needed by the initiative %(name)s") % {"name": p.get("name", "")}
    ),
}

CODES = frozenset(_TEXTS)


@dataclass(frozen=True)
class Reason:
    """One reason a candidate fits: ``code`` (see the module docstring) and
    the ``params`` its text needs. JSON-serialisable as it is."""

    code: str
    params: dict = field(default_factory=dict)

    def __str__(self):
        return self.text

    @property
    def text(self):
        """The reason in the active language, e.g. "same street"."""
        return self.render()

    def render(self, *, category_language=None):
        """The reason in the active language; category names in
        ``category_language`` ("nl" or "en") instead of the active one when
        given. An unknown code (from a newer version) renders as itself."""
        text = _TEXTS.get(self.code)
        return text(self.params, category_language) if text else self.code

    def as_json(self):
        return {"code": self.code, "params": dict(self.params)}

    @classmethod
    def from_json(cls, data):
        return cls(code=data["code"], params=dict(data.get("params") or {}))
