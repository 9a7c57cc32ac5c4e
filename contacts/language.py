"""Dutch as residents speak it: the analysis of what a worker wrote down,
for the suggestions and the category proposal.

PostgreSQL's ``dutch`` configuration stems words (``tuinen`` → ``tuin``) but
knows neither word forms that change their stem (``gerepareerd`` and
``repareert`` are different stems) nor compounds (``fietsenmaker`` shares
nothing with ``fiets``), and it cannot know that a ``hovenier`` works in
gardens or that someone who "can't manage the stairs with shopping" needs
help with the shopping. This module adds, in Python, the words a text
*also* says (its ``terms``):

- the **lemma** of each word (``simplemma``, whose Dutch data ships in its
  wheel): ``gerepareerd`` → ``repareren``;
- the **parts of a compound**, split where each part is a common Dutch word
  (word frequencies from ``wordfreq``, data in its wheel), with the linking
  ``s``/``e``/``en`` dropped: ``plantsoenendienst`` → ``plantsoen dienst``,
  ``fietsenmaker`` → ``fiets maker``;
- a few **derivations** whose verb is a common word: ``reparatie`` →
  ``repareren``, ``begeleiding`` → ``begeleiden``, ``maker`` → ``maken``;
- **typos** of words the thesaurus knows (one letter off, of a word that is
  not Dutch as written): ``hovenir`` → ``hovenier``;
- the **thesaurus** (``contacts.models.ThesaurusEntry``, kept in the admin):
  everyday synonyms and job words (``hovenier`` → ``tuin tuinieren``) and
  problems phrased as the help they ask for (``trap`` + ``boodschappen`` →
  ``boodschappen doen``; ``alleen`` + ``dag`` → ``gezelschap``). An entry
  applies when all its words occur in the text in any form.

The terms are stored with the talent or need (``Heard.terms``) and go, with
the text, through PostgreSQL's ``dutch`` configuration into its
``search_vector``: everything that compares words (the suggestions' query,
the category proposal) keeps working on one kind of lexeme, on any
PostgreSQL (embedded or a server), with nothing installed in PostgreSQL's
share directory. The analysis is deterministic and needs no database but
for loading the thesaurus (``thesaurus()``: one query, then kept in the
process until an entry changes).
"""

import functools
import re
import threading

import simplemma
from wordfreq import zipf_frequency

from contacts.models import Category, ThesaurusEntry

#: A word: letters only (digits, hyphens and apostrophes split words).
_WORD = re.compile(r"[^\W\d_]+")
_LANG = "nl"

#: A compound's part must be at least this common (Zipf scale: 3 is about
#: once per million words); a long part may be rarer.
PART_FREQUENCY, LONG_PART_FREQUENCY, LONG_PART = 3.2, 2.5, 7
#: Words this common are words of their own, not compounds to split
#: (``ziekenhuis``, ``boodschappen``).
WHOLE_WORD_FREQUENCY = 4.0
#: Words shorter than this are never split.
SHORTEST_COMPOUND = 7
#: Three-letter words that may be the last part of a compound
#: (``tuinman``, ``computerles``); other three-letter tails are too often
#: pieces of longer words (``boodschap-pen``).
SHORT_PARTS = frozenset(
    ("man", "les", "dag", "bed", "bus", "pan", "pot", "kat", "tas", "hal", "weg", "zak", "ijs")
)
#: The linking sounds between a compound's parts.
_LINKS = ("en", "s", "e")
#: A derived verb must be at least this common to be added.
DERIVED_FREQUENCY = 2.5
#: Derivations: (ending of a noun, ending of its verb).
_DERIVATIONS = (("atie", "eren"), ("ering", "eren"), ("ing", "en"), ("eur", "eren"), ("er", "en"))


def words(text):
    """The words of ``text``, lower case, in order."""
    return _WORD.findall((text or "").lower())


@functools.lru_cache(maxsize=100_000)
def frequency(word):
    """How common ``word`` is in Dutch (Zipf scale, 0 for unknown)."""
    return zipf_frequency(word, _LANG)


@functools.lru_cache(maxsize=100_000)
def lemma(word):
    """The dictionary form of ``word`` (lower case)."""
    return simplemma.lemmatize(word, lang=_LANG).lower()


def _part_frequency(part):
    if len(part) < 3:
        return 0.0
    if len(part) == 3:
        return frequency(part) if part in SHORT_PARTS else 0.0
    found = frequency(part)
    floor = LONG_PART_FREQUENCY if len(part) >= LONG_PART else PART_FREQUENCY
    return found if found >= floor else 0.0


def _split(word, *, deep):
    """The best split of ``word`` into common parts: (score, parts) or None."""
    best = None
    for cut in range(3, len(word) - 2):
        head, tail = word[:cut], word[cut:]
        heads = [head] + [head[: -len(link)] for link in _LINKS if head.endswith(link)]
        head = max(heads, key=_part_frequency)
        head_score = _part_frequency(head)
        if not head_score:
            continue
        tail_score, parts = _part_frequency(tail), [tail]
        if not tail_score and deep and len(tail) >= SHORTEST_COMPOUND:
            inner = _split(tail, deep=False)
            if inner:
                tail_score, parts = inner[0] - 0.5, inner[1]  # two cuts: less sure
        if not tail_score:
            continue
        score = min(head_score, tail_score)
        if best is None or score > best[0]:
            best = (score, [head, *parts])
    return best


@functools.lru_cache(maxsize=100_000)
def compound_parts(word):
    """The parts of ``word`` if it is a compound of common words, else ()."""
    if len(word) < SHORTEST_COMPOUND or frequency(word) >= WHOLE_WORD_FREQUENCY:
        return ()
    found = _split(word, deep=True)
    return tuple(found[1]) if found else ()


@functools.lru_cache(maxsize=100_000)
def derived(word):
    """The verbs ``word`` is derived from, when common: ``reparatie`` →
    (``repareren``,)."""
    found = []
    for ending, verb_ending in _DERIVATIONS:
        if word.endswith(ending) and len(word) > len(ending) + 2:
            stem = word[: -len(ending)]
            for verb in (stem + verb_ending, stem[:-1] + verb_ending):
                if verb != word and frequency(verb) >= DERIVED_FREQUENCY:
                    found.append(verb)
                    break
            if found:
                break
    return tuple(found)


@functools.lru_cache(maxsize=100_000)
def word_forms(word):
    """What one word also says: its lemma, its parts and theirs, the verbs
    it is derived from (without ``word`` itself)."""
    forms = [lemma(word)]
    for part in compound_parts(word):
        forms += [part, lemma(part)]
    for form in list(forms):
        forms += derived(form)
    return tuple(form for form in dict.fromkeys(forms) if form != word)


def _one_letter_off(a, b):
    """Whether ``a`` becomes ``b`` by one letter changed, added, dropped or
    two neighbours swapped."""
    if a == b or abs(len(a) - len(b)) > 1:
        return False
    if len(a) == len(b):
        diff = [i for i in range(len(a)) if a[i] != b[i]]
        return len(diff) == 1 or (
            len(diff) == 2 and diff[1] == diff[0] + 1 and a[diff[0]] == b[diff[1]]
        )
    short, long_ = (a, b) if len(a) < len(b) else (b, a)
    return any(long_[:i] + long_[i + 1 :] == short for i in range(len(long_)))


class Thesaurus:
    """The thesaurus entries as the analysis uses them: each entry's words
    as lemmas (all must occur) and the words it adds."""

    def __init__(self, entries=(), vocabulary=()):
        self.entries = []
        self.by_word = {}
        self.vocabulary = {word for phrase in vocabulary for word in words(phrase)}
        for phrase, means in entries:
            required = frozenset(lemma(word) for word in words(phrase))
            added = tuple(words(means))
            if not required or not added:
                continue
            entry = (required, added)
            self.entries.append(entry)
            for word in required:
                self.by_word.setdefault(word, []).append(entry)
            self.vocabulary |= set(words(phrase))
            self.vocabulary |= set(added)
        # Typos are corrected to words of at least five letters only.
        self._by_length = {}
        for word in self.vocabulary:
            if len(word) >= 5:
                self._by_length.setdefault(len(word), []).append(word)

    def correction(self, word):
        """The thesaurus word ``word`` is a typo of, or None. Only for a word
        of five letters or more that is not Dutch as written."""
        if len(word) < 5 or word in self.vocabulary or frequency(word) > 0:
            return None
        for length in (len(word), len(word) - 1, len(word) + 1):
            for known in self._by_length.get(length, ()):
                if _one_letter_off(word, known):
                    return known
        return None

    def expand(self, present):
        """The words the entries that apply to the set of words ``present``
        add, in the entries' order."""
        added = []
        seen = set()
        for word in sorted(present):
            for entry in self.by_word.get(word, ()):
                if id(entry) in seen:
                    continue
                seen.add(id(entry))
                if entry[0] <= present:
                    added += entry[1]
        return added


EMPTY = Thesaurus()


def analyse(text, thesaurus=None):
    """The terms ``text`` also says (see the module docstring), as one
    string of words separated by spaces, without the words of the text
    itself; "" when it adds nothing. ``thesaurus``: a ``Thesaurus`` (None:
    none). No query."""
    thesaurus = thesaurus or EMPTY
    own = words(text)
    present = set(own)
    terms = []

    def add(word):
        """``word`` and its forms (not the forms of those)."""
        for form in (word, *word_forms(word)):
            if form not in present:
                present.add(form)
                terms.append(form)

    for word in own:
        add(word)
        fixed = thesaurus.correction(word)
        if fixed:
            add(fixed)
    # Twice: an entry's words may make another apply (a job word's
    # synonyms, a problem said with a synonym).
    for _round in range(2):
        new = [word for word in thesaurus.expand(present) if word not in present]
        if not new:
            break
        for word in new:
            add(word)
    return " ".join(terms)


_cache = {}
_lock = threading.Lock()


def thesaurus():
    """The active thesaurus entries as a ``Thesaurus``, with the active
    categories' keywords as words that typos are corrected to: two queries
    the first time in this process, none later until an entry changes
    (``forget_thesaurus``, called when one is saved or deleted)."""
    found = _cache.get("thesaurus")
    if found is None:
        keywords = Category.objects.filter(is_active=True).values_list("keywords", flat=True)
        found = Thesaurus(
            ThesaurusEntry.objects.active().values_list("words", "means"),
            vocabulary=[word for each in keywords for word in each],
        )
        with _lock:
            _cache["thesaurus"] = found
    return found


def forget_thesaurus(**_kwargs):
    """Load the thesaurus again next time (a signal receiver too)."""
    with _lock:
        _cache.pop("thesaurus", None)


def analyse_with_thesaurus(text):
    """``analyse`` with the thesaurus (``thesaurus()``: at most one query)."""
    return analyse(text, thesaurus())
