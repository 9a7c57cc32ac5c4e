"""Propose a category for what a resident said, from the categories' Dutch
keywords, with Dutch stemming in PostgreSQL, on the text and what it also
says (``contacts.language``: word forms, compounds, the thesaurus: "alleen
de hele dag" proposes company).

One query does it all. Each keyword of each active category becomes a
Dutch phrase query (``phraseto_tsquery('dutch', keyword)``: stemmed, stop
words dropped, several words must stand together), so no keyword can break
the query syntax. The text becomes ``to_tsvector('dutch', text)``. Per
category:

- ``weight``: how many of its keywords occur in the text, a phrase of n
  words counting n (a matched phrase is the more specific hit: "band
  plakken" beats "band"); keywords that stem alike count once; a keyword
  found only in the text's terms counts ``TERMS_WEIGHT`` of that;
- ``rank``: ``ts_rank`` of the text against all its keywords OR-ed into one
  tsquery.

The best category has the highest weight, then the highest rank, then the
lowest position, then the lowest slug, so the answer is deterministic.
Weight comes before ``ts_rank`` because ``ts_rank`` of an OR-query divides
by the number of its terms: used alone, it would prefer a category with a
short keyword list over one with a generous one for the same single hit.
"""

import functools

from buurtwerk.sqlnames import tables
from contacts.language import analyse_with_thesaurus
from contacts.models import Category

#: What a keyword found only in what the text also says (its terms) weighs,
#: against one in the words as written: "videobellen met de kleinkinderen"
#: is about the computer, not about children.
TERMS_WEIGHT = 0.4

#: The category chosen when nothing in the text points anywhere.
OTHER_SLUG = "overig"

# {Category} is the table, {Category.field} a column (buurtwerk.sqlnames).
_RANKING = """
    WITH document AS (
        SELECT to_tsvector('dutch', %(text)s) AS said,
               to_tsvector('dutch', %(text)s) || to_tsvector('dutch', %(terms)s) AS vector
    ),
    keyword_queries AS (
        SELECT DISTINCT category.{Category.id} AS id,
               phraseto_tsquery('dutch', keyword.word) AS query
        FROM {Category} AS category
        CROSS JOIN LATERAL unnest(category.{Category.keywords}) AS keyword(word)
        WHERE category.{Category.is_active}
    ),
    scored AS (
        SELECT
            keyword_queries.id,
            sum(CASE WHEN document.said @@ query THEN (numnode(query) + 1) / 2.0
                     ELSE {terms_weight} * (numnode(query) + 1) / 2.0 END)
                FILTER (WHERE document.vector @@ query) AS weight,
            ts_rank(
                document.vector, string_agg('(' || query::text || ')', ' | ')::tsquery
            ) AS rank
        FROM keyword_queries CROSS JOIN document
        WHERE numnode(query) > 0
        GROUP BY keyword_queries.id, document.vector, document.said
        HAVING bool_or(document.vector @@ query)
    )
    SELECT category.*, scored.weight, scored.rank
    FROM scored JOIN {Category} AS category ON category.{Category.id} = scored.id
    ORDER BY scored.weight DESC, scored.rank DESC,
             category.{Category.position}, category.{Category.slug}
    LIMIT %(limit)s
"""


@functools.cache
def _ranking():
    """The ranking query, with the names of Category's table and columns."""
    return _RANKING.format(**tables(Category), terms_weight=repr(float(TERMS_WEIGHT)))


def rank_categories(text, *, limit=None, terms=None):
    """The active categories whose keywords occur in ``text`` or in what it
    also says (``terms``, from ``contacts.language.analyse``; None: analysed
    here, with the thesaurus), best first, each with ``weight`` and ``rank``
    attributes (see the module docstring). One query (two when the
    thesaurus is not loaded yet); none for an empty text. A NUL, which
    PostgreSQL refuses in text, is dropped: the words come straight from the
    form as it is typed."""
    text = (text or "").replace("\x00", "")
    if not text.strip():
        return []
    if terms is None:
        terms = analyse_with_thesaurus(text)
    params = {"text": text, "terms": terms, "limit": limit}
    return list(Category.objects.raw(_ranking(), params))


def propose_category(text, *, terms=None):
    """The best category for ``text`` (and its ``terms``, as for
    ``rank_categories``), or None when no keyword occurs in it. One query."""
    ranked = rank_categories(text, limit=1, terms=terms)
    return ranked[0] if ranked else None


def other_category():
    """The fallback category ("Overig"): one query. None if an admin removed it."""
    return Category.objects.filter(slug=OTHER_SLUG).first()
