"""Suggestions: who could meet a need, and whose needs a talent could meet.

This module is the one place where the scoring is defined. Everything here
is deterministic: the same data gives the same candidates in the same order.

Who is a candidate
------------------
For a need (``suggest_for_need``), candidates are:

- residents, through one of their open talents (the best one counts);
- residents of the same neighbourhood with an open need of the same
  category, as a *shared interest* (two people who both want company), but
  only when the category is a gift of the heart: someone who also cannot
  mow their lawn is no help with the lawn;
- active initiatives, through what they offer (their open talents); the
  best relevant initiative keeps a place among the ``limit`` best
  (``INITIATIVES_KEPT``, when ``limit`` is larger) even when more residents
  score higher, so a need to get to the dinner also shows the dinner
  ("best": of the highest score without the trigram similarity, which is
  computed only for the candidates that can reach the top).

For a talent (``suggest_for_talent``) it is the other way round: residents
and active initiatives with an open need this talent could meet.

Only *relevant* candidates *nearby* are considered. Buurtwerk connects
neighbours; people further away the worker knows without a list:

- a talent (need) of the same category, of a resident of the same district
  (the district of the resident with the need; for an initiative, of any
  of its neighbourhoods);
- a talent (need) of another category that shares a word with the need's
  text, of a resident of the same neighbourhood: without the category
  agreeing, only close by;
- an initiative's talent (need) that is relevant in either way, of an
  initiative active in the district.

Never suggested (hard exclusions)
---------------------------------
- anyone, on either side, who may not be matched
  (``Resident.objects.may_be_matched()``: moved, anonymised, or without
  consent to be matched): if the resident with the need may not, there are
  no suggestions;
- the resident themselves; an inactive initiative; talents and needs that
  are not open;
- a need that is taken: it has a match in progress (proposed, sent back,
  approved, introduced, running); so nobody is suggested for it, and in
  ``suggest_for_talent`` such needs are left out;
- a candidate already matched with this need before (a rejected or ended
  match): the team lead or the residents already said no;
- an initiative the resident with the need already belongs to;
- with ``user``: residents and initiatives outside the user's
  neighbourhoods (``visible_to``).

The score
---------
Each component is a number from 0 to 1; the score is the weighted sum
(weights add up to 1), so a score is between 0 and 1.

============= ====== ==========================================================
component     weight value
============= ====== ==========================================================
category      0.40   1: the same category; 0.5: filed under another one, but
                     the candidate's text uses a keyword of the need's category
words         0.30   the greater of (a) ``ts_rank`` of the candidate's
                     ``search_vector`` against the need's words (Dutch
                     stems OR-ed, without ``FILLER_WORDS``), divided by
                     the need's own rank against them, at most 1 (1: every
                     word of the need occurs); (b) ``pg_trgm`` similarity of
                     the two texts (catches spelling: "maait" and "maaien")
proximity     0.10   1: the same street; 0.6: the same neighbourhood; 0.3:
                     the same district (an initiative: active in the
                     neighbourhood 0.6, else 0.3)
language      0.08   1: they share a language other than Dutch; 0.5: they
                     share only Dutch; 0: no shared language known
availability  0.06   1: their parts of the week overlap; 0: they do not, or
                     either is unknown
reciprocity   0.06   1: the candidate also needs something the first resident
                     (or initiative) offers: an open need in a category of
                     one of their open talents (for a talent: also offers
                     something they need)
============= ====== ==========================================================

A shared interest counts for ``SHARED_INTEREST_FACTOR`` (0.8) of its score:
someone who offers help comes before someone who wants the same. A
resident who speaks no Dutch (their languages are known and Dutch is not
among them) is matched first with those who speak one of their languages:
for the resident with such a need (or, for a talent, such a resident's
need), a candidate who shares none of their languages (or whose languages
are not known) counts for ``NO_COMMON_LANGUAGE_FACTOR`` (0.5) of their
score. So among those who offer the same kind of help everyone who speaks
their language comes first (the least such a candidate scores, 0.40 + 0.03
+ 0.08, is more than half of the most anyone else does, 0.92); someone who
offers another kind of help still does not pass an able helper on language
alone, unless the words agree much better. An initiative's languages are
not known: it keeps its score. Ties go
to a candidate's own talent over a shared interest, then to the older
talent or need (lower id). Words are compared without ``FILLER_WORDS``.

Each candidate carries its reasons (``matches.reasons.Reason``), one per
component that counts, in the order of the table (after what kind of
candidate it is: an initiative, a shared interest). "Similar words" names
the need's words the candidate also uses; when only the trigram similarity
counts, it shows from a similarity of 0.3.

Queries
-------
One SQL query finds and scores the candidates in the database and returns
the best ``limit``; one more loads their talents (or needs) with the
``resident``, ``initiative`` and ``category`` (not addresses), and one more
the residents of shared interests when there are any: at most three per
call, however many residents there are. ``score_pair`` runs the same query
kept to one candidate, with the same score and reasons (the demo's matches
take theirs from it). The scoring query is prepared once per database
connection, in the same round trip (behind PgBouncer in transaction mode it
is sent unprepared, see ``_Prepared``). The indexes that keep it fast are in
matches migration 0003 and contacts migration 0007, which also keeps the
resident's neighbourhood on their talents and needs (``bench_suggestions``
measures it).
"""

# The SQL below is put together from this module's constants, the models'
# table and column names (quoted), their status values (quoted, see
# ``_statuses``), the rule of who may be matched (``_matchable``) and
# Django's compiled SQL; every value from outside is a query parameter.
# ruff: noqa: S608

import functools
import itertools
import re
import weakref
from dataclasses import dataclass, field

from django.db import connection
from psycopg.sql import Literal

from buurtwerk import languages as language_list
from buurtwerk.sqlnames import tables
from contacts.models import (
    Category,
    Consent,
    Initiative,
    InitiativeMember,
    Need,
    Resident,
    Talent,
)
from matches.models import Match
from matches.reasons import Reason
from neighbourhoods.models import Address, Neighbourhood
from neighbourhoods.scoping import visible_neighbourhood_ids

#: The weights of the score's components (see the module docstring).
WEIGHTS = {
    "category": 0.40,
    "words": 0.30,
    "proximity": 0.10,
    "language": 0.08,
    "availability": 0.06,
    "reciprocity": 0.06,
}
SHARED_INTEREST_FACTOR = 0.8
#: The share of their score a candidate keeps who shares no language with
#: a resident who speaks no Dutch (see the module docstring).
NO_COMMON_LANGUAGE_FACTOR = 0.5
#: How many initiatives keep a place among the candidates for a need,
#: whatever their score (the best relevant ones: of the need's category, or
#: sharing its words).
INITIATIVES_KEPT = 1
#: Proximity values.
SAME_STREET, SAME_NEIGHBOURHOOD, SAME_DISTRICT = 1.0, 0.6, 0.3
#: Language values.
OTHER_LANGUAGE, ONLY_DUTCH = 1.0, 0.5
#: The category value when the candidate's text uses the category's keywords.
CATEGORY_WORDS = 0.5

#: Words that say *that* someone helps, likes or needs something, or where
#: or when, not *with what*: left out of the words a need is compared by.
#: Dutch stop words ("iemand", "kan", "wil") are dropped by PostgreSQL already.
FILLER_WORDS = (
    "graag hulp help helpen helpt geholpen nodig mensen leuk leuke vind vindt goed "
    "weet weten samen wel even vaak soms beetje ander andere anderen werkt werken "
    "gaat gaan komt komen houdt houden zoekt zoeken wil wilt willen kunnen lukt "
    "lukken meer niet heel erg buurt wijk "
    # when, not what: availability says that
    "maandag dinsdag woensdag donderdag vrijdag zaterdag zondag weekend "
    "doordeweeks ochtend ochtends middag middags avond avonds"
)

_DUTCH = language_list.DUTCH


@functools.cache
def _tables():
    """The tables the scoring query reads, with their columns, from the
    models, by model name (``buurtwerk.sqlnames``); the initiatives'
    neighbourhoods as ``Initiative_neighbourhoods``."""
    return tables(
        Address,
        Category,
        Initiative,
        Initiative._meta.get_field("neighbourhoods").remote_field.through,
        InitiativeMember,
        Match,
        Need,
        Neighbourhood,
        Resident,
        Talent,
    )


def _literal(value):
    return Literal(str(value)).as_string()


@functools.cache
def _statuses():
    """The status values the scoring query compares with, from the models,
    as quoted SQL literals: ``{open}`` for talents and needs,
    ``{in_progress}`` the matches in progress (a list for IN); the
    residents' through ``_matchable``.

    Constants in the statement's text rather than parameters: the statement
    has a generic plan (see ``_Prepared``), and in a generic plan PostgreSQL
    uses a partial index only when the query's constants prove the index's
    predicate, which a parameter (``status = $n``) cannot: the indexes of
    matches migration 0003 (``WHERE status = 'open'``, ``... AND status =
    'active'``), ``talent_open_nbh_category`` and ``need_open_nbh_category``
    (``WHERE status = 'open'``) and ``match_one_in_progress_per_need`` would
    go unused. They are the models' own values, quoted by psycopg, not
    anything from outside."""
    if Need.Status is not Talent.Status:
        raise TypeError("Talents and needs must share their statuses (Heard.Status).")
    return {
        "open": _literal(Need.Status.OPEN),
        "in_progress": ", ".join(_literal(status) for status in Match.Status.in_progress()),
    }


def _matchable(resident):
    """Who may be matched, as SQL on the resident row ``r`` (``resident`` is
    the Resident ``Table``): ``Resident.take_part_rule`` for matching, the
    same rule as ``Resident.objects.may_be_matched()``, with its columns
    quoted and its values as literals (constants, for the partial index
    ``resident_matchable_nbh``, see ``_statuses``); a true flag is the bare
    column, as that index's predicate has it."""
    parts = []
    for name, value in Resident.take_part_rule(Consent.MATCH).items():
        column = f"r.{getattr(resident, name)}"
        if isinstance(value, bool):
            parts.append(column if value else f"NOT {column}")
        else:
            parts.append(f"{column} = {_literal(value)}")
    return f"({' AND '.join(parts)})"


#: The values of the scoring query's $3 and $4 (after the id and the limit):
#: the code of Dutch and the gift whose needs make a shared interest.
_PARAMETERS = (_DUTCH, Category.Gift.HEART.value)


@dataclass
class Candidate:
    """One suggestion: a ``resident`` or an ``initiative`` that could meet
    ``need`` through ``talent`` (None for a shared interest), with its
    ``score`` (0 to 1), ``reasons`` and the ``components`` of the score."""

    resident: Resident | None
    initiative: Initiative | None
    talent: Talent | None
    need: Need
    score: float
    reasons: list[Reason] = field(default_factory=list)
    components: dict = field(default_factory=dict)
    #: For a shared interest: the candidate's own need of the same kind.
    shared_need_text: str = ""

    @property
    def owner(self):
        return self.resident or self.initiative


# The scoring query. {Source} is the table of the talent or need we start
# from, {Target} that of the candidates' talents or needs; {Model} is a
# model's table and {Model.field} the field's column (``_tables``), {open}
# and {in_progress} status values (``_statuses``), {matchable} the condition
# on a resident ``r`` who may be matched (``_matchable``); the other
# placeholders are the clauses that differ between the two directions, and
# the constants of the module docstring. The CTEs name their own columns
# (``AS ...``), so only the tables' columns come from the models. $1 is the
# talent's or need's id, $2 the limit, $3 and $4 ``_PARAMETERS``, $5... the
# parameters of the user's neighbourhoods. The ``{..._only}`` clauses are
# empty but for ``score_pair``, which keeps one candidate (see ``_only``).
#
# How it stays fast (see bench_suggestions): the few rows about the source
# are computed once (MATERIALIZED CTEs); the candidates are read with
# index-only scans: the matchable residents of the district
# (resident_matchable_nbh, migration 0003), and their open talents (needs)
# from the index of the open ones by neighbourhood and category
# (talent_open_nbh_category, need_open_nbh_category: contacts migration
# 0007), which holds what the score needs of them but the text: of the
# category in the district's neighbourhoods, or of the neighbourhood (in a
# LATERAL ... OFFSET 0 with the words compared outside it: else PostgreSQL
# takes the words' index across the country); who of them has something
# open the source's owner offers (needs) from the same index, once
# (``reciprocal``). The stored neighbourhood only narrows the search; who
# is nearby is still decided by the residents' neighbourhoods. Every
# component but the words is computed for the few hundred to thousand
# candidates; the words' trigram similarity (the costly
# part, it needs the text from the table) only for those that can still
# reach the best $2 (``probe``, ``threshold``), and once per candidate
# (OFFSET 0: else PostgreSQL computes it for each use). The statement is
# prepared once per database connection (planning it takes longer than
# running it), with a generic plan, and runs without JIT compilation (which
# takes ~200 ms here, far more than the query). Index-only scans need the
# visibility map: after loading much data, VACUUM (autovacuum does, in
# time).
_SQL = """
WITH source AS MATERIALIZED (
    SELECT s.{Source.id} AS id, s.{Source.category} AS category_id, s.{Source.text} AS text,
           s.{Source.search_vector} AS search_vector, s.{Source.availability} AS availability,
           s.{Source.resident} AS resident_id, s.{Source.initiative} AS initiative_id,
           COALESCE(r.{Resident.name}, i.{Initiative.name}) AS owner_name,
           -- the addresses on the resident's street
           ARRAY(SELECT sa.{Address.id} FROM {Address} sa
                 WHERE sa.{Address.street} = a.{Address.street}
           ) AS street_addresses,
           COALESCE(r.{Resident.languages}, '{{}}') AS languages,
           ARRAY(SELECT l FROM unnest(r.{Resident.languages}) AS l WHERE l <> $3
           ) AS other_languages,
           -- their languages are known and Dutch is not among them
           COALESCE(cardinality(r.{Resident.languages}) > 0
                    AND NOT ($3 = ANY(r.{Resident.languages})), FALSE) AS without_dutch,
           CASE WHEN s.{Source.resident} IS NOT NULL THEN ARRAY[r.{Resident.neighbourhood}]
                ELSE ARRAY(SELECT n.{Initiative_neighbourhoods.neighbourhood}
                           FROM {Initiative_neighbourhoods} n
                           WHERE n.{Initiative_neighbourhoods.initiative} = s.{Source.initiative})
           END AS neighbourhoods,
           category.{Category.name} AS category, category.{Category.name_en} AS category_en,
           category.{Category.gift} = $4 AS of_the_heart,
           category.{Category.keywords} AS keywords,
           -- the categories of what the source's owner has on the other side
           ARRAY(SELECT DISTINCT o.{Target.category} FROM {Target} o
                 WHERE o.{Target.status} = {open}
                   AND (o.{Target.resident} = s.{Source.resident}
                        OR o.{Target.initiative} = s.{Source.initiative})
           ) AS own_categories
    FROM {Source} s
    JOIN {Category} category ON category.{Category.id} = s.{Source.category}
    LEFT JOIN {Resident} r ON r.{Resident.id} = s.{Source.resident}
    LEFT JOIN {Address} a ON a.{Address.id} = r.{Resident.address}
    LEFT JOIN {Initiative} i ON i.{Initiative.id} = s.{Source.initiative}
    WHERE s.{Source.id} = $1 AND s.{Source.status} = {open}
      AND (s.{Source.resident} IS NULL OR {matchable})
      AND (s.{Source.initiative} IS NULL OR i.{Initiative.is_active})
      {source_not_taken}
),
-- the neighbourhoods of the source's district(s)
area AS MATERIALIZED (
    SELECT nb.{Neighbourhood.id} AS id FROM {Neighbourhood} nb
    WHERE nb.{Neighbourhood.district} IN (
        SELECT d.{Neighbourhood.district} FROM {Neighbourhood} d, source
        WHERE d.{Neighbourhood.id} = ANY(source.neighbourhoods))
),
-- earlier matches: for a need, of this need; for a talent, of its owner
paired AS MATERIALIZED (
    SELECT m.{Match.need} AS need_id, m.{Match.helper} AS helper_id,
           m.{Match.initiative} AS initiative_id
    FROM {Match} m, source
    WHERE {paired}
),
filler AS MATERIALIZED (
    SELECT tsvector_to_array(to_tsvector('dutch', '{filler}')) AS lexemes
),
-- the source's words (stemmed, without filler words) and its category's
-- keywords, each OR-ed into a tsquery
query AS MATERIALIZED (
    SELECT queries.words, queries.keywords,
           NULLIF(ts_rank(source.search_vector, queries.words), 0) AS own_rank
    FROM source, filler, LATERAL (SELECT
        NULLIF(array_to_string(ARRAY(
            SELECT quote_literal(lexeme)
            FROM unnest(tsvector_to_array(source.search_vector)) AS lexeme
            WHERE lexeme <> ALL (filler.lexemes)
        ), ' | '), '')::tsquery AS words,
        NULLIF(array_to_string(ARRAY(
            SELECT DISTINCT '(' || keyword_query::text || ')'
            FROM unnest(source.keywords) AS keyword,
                 LATERAL plainto_tsquery('dutch', keyword) AS keyword_query
            WHERE numnode(keyword_query) > 0
        ), ' | '), '')::tsquery AS keywords
    ) AS queries
),
-- the residents of the district who may be matched
people AS MATERIALIZED (
    SELECT r.{Resident.id} AS id, r.{Resident.neighbourhood} AS neighbourhood_id,
           r.{Resident.address} AS address_id, r.{Resident.languages} AS languages
    FROM {Resident} r, source
    WHERE r.{Resident.neighbourhood} = ANY(ARRAY(SELECT id FROM area))
      AND {matchable}
      AND r.{Resident.id} IS DISTINCT FROM source.resident_id
      {resident_not_paired} {resident_visible} {resident_only}
),
-- their relevant open talents (for a talent: needs), with what the score
-- needs of them but the text: of the same category in the district; of
-- another category sharing a word in the neighbourhood
pool AS MATERIALIZED (
    SELECT c.{Target.id} AS id, c.{Target.category} AS category_id,
           c.{Target.search_vector} AS search_vector, c.{Target.availability} AS availability,
           r.id AS resident_id, r.neighbourhood_id, r.address_id, r.languages
    FROM {Target} c JOIN people r ON r.id = c.{Target.resident}
    WHERE c.{Target.status} = {open}
      AND c.{Target.neighbourhood} = ANY(ARRAY(SELECT id FROM area))
      AND c.{Target.category} = (SELECT category_id FROM source) {talent_only}
    UNION ALL
    SELECT c.id, c.category_id, c.search_vector, c.availability,
           r.id, r.neighbourhood_id, r.address_id, r.languages
    FROM source CROSS JOIN query CROSS JOIN LATERAL (
        SELECT c.{Target.id} AS id, c.{Target.resident} AS resident_id,
               c.{Target.category} AS category_id, c.{Target.search_vector} AS search_vector,
               c.{Target.availability} AS availability
        FROM {Target} c
        WHERE c.{Target.status} = {open} AND c.{Target.neighbourhood} = ANY(source.neighbourhoods)
          AND c.{Target.category} <> source.category_id {talent_only}
        OFFSET 0
    ) AS c
    JOIN people r ON r.id = c.resident_id AND r.neighbourhood_id = ANY(source.neighbourhoods)
    WHERE c.search_vector @@ query.words
),
{shared_pool}
-- who of them has something open in a category the source's owner offers
-- (for a talent: needs), for the reciprocity
reciprocal AS MATERIALIZED (
    SELECT DISTINCT o.{Source.resident} AS id
    FROM {Source} o CROSS JOIN source
    WHERE o.{Source.status} = {open} AND o.{Source.category} = ANY(source.own_categories)
      AND o.{Source.neighbourhood} = ANY(ARRAY(SELECT id FROM area)) {reciprocal_only}
),
-- the active initiatives of the district
local_initiatives AS MATERIALIZED (
    SELECT i.{Initiative.id} AS id, EXISTS (
               SELECT 1 FROM {Initiative_neighbourhoods} n
               WHERE n.{Initiative_neighbourhoods.initiative} = i.{Initiative.id}
                 AND n.{Initiative_neighbourhoods.neighbourhood} = ANY(source.neighbourhoods)
           ) AS nearby
    FROM {Initiative} i, source
    WHERE i.{Initiative.id} IN (
              SELECT n.{Initiative_neighbourhoods.initiative} FROM {Initiative_neighbourhoods} n
              WHERE n.{Initiative_neighbourhoods.neighbourhood} = ANY(ARRAY(SELECT id FROM area)))
      AND i.{Initiative.is_active} AND i.{Initiative.id} IS DISTINCT FROM source.initiative_id
      {initiative_not_paired} {initiative_not_joined} {initiative_visible} {initiative_only}
),
-- every candidate (in ``c`` its talent, for a talent its need, as the
-- pool has it) with the components of its score but the words, and what
-- it gets of the words from their stems alone (``words_rank``: the words'
-- score is at least that; the rest is the trigram similarity, which needs
-- the text)
candidates AS (
    -- residents through their talents (for a talent: their needs)
    SELECT 'own' AS via, c.id AS item_id, c.resident_id, NULL::uuid AS initiative_id,
           c.category_id, c.availability, c.languages,
           {category_score} AS category_score,
           {proximity_score} AS proximity_score, {language_score} AS language_score,
           {availability_score} AS availability_score,
           {reciprocity_score} AS reciprocity_score,
           {language_factor} AS factor, {words_rank} AS words_rank
    FROM pool c CROSS JOIN source CROSS JOIN query
    WHERE TRUE {not_taken}
    {shared_interest}
    UNION ALL
    -- initiatives through what they offer (for a talent: what they need)
    SELECT 'own', c.id, NULL::uuid, i.id, c.category_id, c.availability, '{{}}'::varchar[],
           {category_score},
           CASE WHEN i.nearby THEN {same_neighbourhood} ELSE {same_district} END,
           0.0,
           {availability_score},
           CASE WHEN EXISTS (
               SELECT 1 FROM {Source} o WHERE o.{Source.initiative} = i.id
               AND o.{Source.status} = {open} AND o.{Source.category} = ANY(source.own_categories)
           ) THEN 1.0 ELSE 0.0 END,
           1.0, {words_rank}
    FROM local_initiatives i
    JOIN (
        SELECT t.{Target.id} AS id, t.{Target.initiative} AS initiative_id,
               t.{Target.category} AS category_id, t.{Target.search_vector} AS search_vector,
               t.{Target.availability} AS availability
        FROM {Target} t WHERE t.{Target.status} = {open}
    ) AS c ON c.initiative_id = i.id
    CROSS JOIN source CROSS JOIN query
    WHERE {relevant} {not_taken}
),
-- the score without the words: the least a candidate scores
bounded AS MATERIALIZED (
    SELECT candidates.*,
           ({w_category} * category_score + {w_proximity} * proximity_score
            + {w_language} * language_score + {w_availability} * availability_score
            + {w_reciprocity} * reciprocity_score) * factor AS floor_score
    FROM candidates {item_only}
),
-- the score at least $2 candidates reach: the full score of $2 different
-- candidates, each with its best lower bound (``floor_score`` and
-- ``words_rank``), the $2 best of those; nobody who cannot reach it even
-- with every word in common is compared word for word (the trigram
-- similarity is the costly part), so the result is the same
probe AS MATERIALIZED (
    SELECT c.floor_score + {w_words} * c.factor * words.score AS score
    FROM (
        SELECT * FROM (
            SELECT DISTINCT ON (COALESCE(resident_id, initiative_id))
                   via, item_id, factor, floor_score, words_rank,
                   floor_score + {w_words} * factor * words_rank AS low
            FROM bounded
            ORDER BY COALESCE(resident_id, initiative_id), low DESC, via, item_id
        ) AS per_candidate
        ORDER BY low DESC, via, item_id LIMIT $2
    ) AS c
    CROSS JOIN source
    CROSS JOIN LATERAL ({item_text}) AS item
    CROSS JOIN LATERAL (SELECT {words_score} AS score OFFSET 0) AS words
),
threshold AS MATERIALIZED (
    SELECT CASE WHEN count(*) >= $2 THEN min(score) ELSE 0.0 END AS score FROM probe
),
-- the initiatives' talents (needs) with the best lower bounds: compared
-- word for word whatever the threshold, as the best of them keeps a place
kept_initiatives AS MATERIALIZED (
    SELECT item_id FROM bounded WHERE initiative_id IS NOT NULL
    ORDER BY floor_score + {w_words} * factor * words_rank DESC, item_id
    LIMIT {initiatives_kept}
),
-- the full score of the others who can reach it (the words' score at most
-- 1: the same arithmetic as the score's, so never less than it), and of
-- the kept initiatives' (see ``top``)
scored AS (
    SELECT c.*, item.text, item.search_vector, words.score AS words_score,
           c.floor_score + {w_words} * c.factor * words.score AS score
    FROM bounded c CROSS JOIN threshold CROSS JOIN source
    CROSS JOIN LATERAL ({item_text}) AS item
    CROSS JOIN LATERAL (SELECT {words_score} AS score OFFSET 0) AS words
    WHERE c.floor_score + {w_words} * c.factor * 1::real >= threshold.score
       OR (c.initiative_id IS NOT NULL AND c.item_id IN (SELECT item_id FROM kept_initiatives))
),
best AS (
    SELECT DISTINCT ON (COALESCE(resident_id, initiative_id)) *
    FROM scored
    ORDER BY COALESCE(resident_id, initiative_id), score DESC, via, item_id
),
-- the best $2, among them the best {initiatives_kept} initiative(s) when
-- there are any and $2 leaves room for a resident too (in the place their
-- score gives them): the worker sees
-- the group that offers the help (a dinner, a women's group) even when
-- more residents offer it
top AS (
    SELECT * FROM (
        SELECT ranked.* FROM (
            SELECT best.*,
                   row_number() OVER (PARTITION BY best.initiative_id IS NULL
                                      ORDER BY score DESC, via, item_id) AS place_in_kind
            FROM best
        ) AS ranked
        ORDER BY (ranked.initiative_id IS NOT NULL AND $2 > {initiatives_kept}
                  AND ranked.place_in_kind <= {initiatives_kept}) DESC,
                 score DESC, via, item_id
        LIMIT $2
    ) AS kept
),
-- the words of the source's text as written, each with its stems
source_words AS MATERIALIZED (
    SELECT w.word, tsvector_to_array(to_tsvector('dutch', w.word)) AS lexemes, w.position
    FROM source,
         regexp_split_to_table(source.text, '[^[:alnum:]]+') WITH ORDINALITY AS w(word, position)
)
SELECT top.via, top.item_id, top.text AS item_text, top.resident_id, top.initiative_id, top.score,
       top.category_score, top.words_score, top.proximity_score, top.language_score,
       top.availability_score, top.reciprocity_score,
       top.languages, top.availability,
       category.{Category.name} AS category, category.{Category.name_en} AS category_en,
       source.languages AS source_languages, source.availability AS source_availability,
       source.owner_name, source.category AS source_category,
       source.category_en AS source_category_en,
       -- the source's words (as written) whose stems the candidate's text has
       ARRAY(
           SELECT w.word FROM source_words w, filler
           WHERE w.lexemes && tsvector_to_array(top.search_vector)
             AND NOT (w.lexemes <@ filler.lexemes)
           ORDER BY w.position
       ) AS words,
       mutual.names AS mutual_categories, mutual.names_en AS mutual_categories_en
FROM top
JOIN {Category} category ON category.{Category.id} = top.category_id
CROSS JOIN source
CROSS JOIN LATERAL (
    SELECT array_agg(c.{Category.name} ORDER BY c.{Category.position}, c.{Category.name})
               AS names,
           array_agg(c.{Category.name_en} ORDER BY c.{Category.position}, c.{Category.name})
               AS names_en
    FROM {Category} c
    WHERE top.reciprocity_score > 0 AND c.{Category.id} = ANY(source.own_categories) AND EXISTS (
        SELECT 1 FROM {Source} o
        WHERE o.{Source.category} = c.{Category.id} AND o.{Source.status} = {open}
          AND (o.{Source.resident} = top.resident_id OR o.{Source.initiative} = top.initiative_id))
) AS mutual
ORDER BY top.score DESC, top.via, top.item_id
"""

# The components of the score, on a candidate ``c`` as the query names its
# columns (the talent's or need's ``category_id``, ``search_vector``,
# ``availability``; the resident's ``resident_id``, ``neighbourhood_id``,
# ``address_id``, ``languages``).
_CATEGORY_SCORE = """CASE WHEN c.category_id = source.category_id THEN 1.0
         WHEN c.search_vector @@ query.keywords THEN {category_words} ELSE 0.0 END"""
# The words' score is the greater of the two: the first needs only the
# stems, the second the text (``item``, see ``_ITEM_TEXT``).
_WORDS_RANK = """COALESCE(
             LEAST(1.0, ts_rank(c.search_vector, query.words) / query.own_rank), 0.0)"""
_WORDS_SCORE = """GREATEST(c.words_rank, similarity(item.text, source.text))"""
_PROXIMITY_SCORE = """CASE WHEN c.address_id = ANY(source.street_addresses) THEN {same_street}
         WHEN c.neighbourhood_id = ANY(source.neighbourhoods) THEN {same_neighbourhood}
         ELSE {same_district} END"""
_LANGUAGE_SCORE = """CASE WHEN c.languages && source.other_languages THEN {other_language}
         WHEN c.languages && source.languages THEN {only_dutch} ELSE 0.0 END"""
_AVAILABILITY_SCORE = """CASE WHEN c.availability && source.availability THEN 1.0
         ELSE 0.0 END"""
# The candidate has something open in a category the source's owner offers
# (for a talent: needs): ``reciprocal``.
_RECIPROCITY_SCORE = """CASE WHEN c.resident_id IN (SELECT id FROM reciprocal)
         THEN 1.0 ELSE 0.0 END"""
# The share of its score a resident candidate ``c`` keeps: all of it, but
# ``NO_COMMON_LANGUAGE_FACTOR`` when the resident with the need speaks no
# Dutch and ``c`` none of their languages. For a need the source is that
# resident; for a talent the candidate is.
_LANGUAGE_FACTOR_FOR_NEED = """CASE WHEN source.without_dutch
              AND NOT (c.languages && source.languages)
         THEN {no_common_language_factor} ELSE 1.0 END"""
_LANGUAGE_FACTOR_FOR_TALENT = """CASE WHEN cardinality(c.languages) > 0
              AND NOT ($3 = ANY(c.languages)) AND NOT (c.languages && source.languages)
         THEN {no_common_language_factor} ELSE 1.0 END"""
_RELEVANT = """(c.category_id = source.category_id OR c.search_vector @@ query.words)"""
_TAKEN = """SELECT 1 FROM {Match} m WHERE m.{Match.need} = {need}
             AND m.{Match.status} IN ({in_progress})"""
# The text and stems of a candidate ``c``'s talent (for a talent: need),
# or of its need for a shared interest: read from the table only for the
# candidates whose words are compared.
_ITEM_TEXT = """SELECT t.{Target.text} AS text, t.{Target.search_vector} AS search_vector
        FROM {Target} t WHERE c.via = 'own' AND t.{Target.id} = c.item_id"""
_SHARED_TEXT = """
        UNION ALL
        SELECT n.{Need.text}, n.{Need.search_vector}
        FROM {Need} n WHERE c.via = 'shared' AND n.{Need.id} = c.item_id"""

# Residents of the neighbourhood with an open need of the same category,
# when it is a gift of the heart: which, and their scoring.
_SHARED_POOL = """shared_pool AS MATERIALIZED (
    SELECT c.{Need.id} AS id, c.{Need.category} AS category_id,
           c.{Need.search_vector} AS search_vector, c.{Need.availability} AS availability,
           r.id AS resident_id, r.neighbourhood_id, r.address_id, r.languages
    FROM {Need} c JOIN people r ON r.id = c.{Need.resident}
    WHERE (SELECT of_the_heart FROM source) AND c.{Need.status} = {open}
      AND c.{Need.neighbourhood} = ANY((SELECT neighbourhoods FROM source)::bigint[])
      AND c.{Need.category} = (SELECT category_id FROM source)
      AND c.{Need.id} <> (SELECT id FROM source) {shared_only}
      AND r.neighbourhood_id = ANY((SELECT neighbourhoods FROM source)::bigint[])
),"""
_SHARED_INTEREST = """
    UNION ALL
    SELECT 'shared', c.id, c.resident_id, NULL::uuid, c.category_id, c.availability, c.languages,
           {category_score}, {proximity_score}, {language_score},
           {availability_score}, {reciprocity_score},
           {shared_interest_factor} * {language_factor}, {words_rank}
    FROM shared_pool c CROSS JOIN source CROSS JOIN query
"""


def _constants():
    """The module's constants as SQL literals, for the query's text."""
    if not FILLER_WORDS.replace(" ", "").isalpha():  # it goes inside quotes
        raise ValueError("FILLER_WORDS may hold letters and spaces only.")
    return {
        "filler": FILLER_WORDS,
        "same_street": repr(float(SAME_STREET)),
        "same_neighbourhood": repr(float(SAME_NEIGHBOURHOOD)),
        "same_district": repr(float(SAME_DISTRICT)),
        "other_language": repr(float(OTHER_LANGUAGE)),
        "only_dutch": repr(float(ONLY_DUTCH)),
        "category_words": repr(float(CATEGORY_WORDS)),
        "shared_interest_factor": repr(float(SHARED_INTEREST_FACTOR)),
        "no_common_language_factor": repr(float(NO_COMMON_LANGUAGE_FACTOR)),
        "initiatives_kept": str(int(INITIATIVES_KEPT)),
        **{f"w_{name}": repr(float(weight)) for name, weight in WEIGHTS.items()},
    }


def _scores(names):
    """The components' SQL, on a candidate ``c`` (see ``_CATEGORY_SCORE``)."""
    return {
        name: template.format(**names)
        for name, template in (
            ("category_score", _CATEGORY_SCORE),
            ("words_rank", _WORDS_RANK),
            ("words_score", _WORDS_SCORE),
            ("proximity_score", _PROXIMITY_SCORE),
            ("language_score", _LANGUAGE_SCORE),
            ("availability_score", _AVAILABILITY_SCORE),
            ("reciprocity_score", _RECIPROCITY_SCORE),
        )
    }


def _only(names, *, first):
    """The clauses that keep one candidate for a need: $first is the id of
    a talent (a resident's or an initiative's) or NULL, $first + 1 that of
    another resident's need (a shared interest) or NULL. They only narrow
    ``people`` and ``local_initiatives`` to its owner and the pools and the
    candidates to it: every other clause, and so its score, stays as it is."""
    if first is None:
        return dict.fromkeys(
            (
                "resident_only",
                "initiative_only",
                "reciprocal_only",
                "talent_only",
                "shared_only",
                "item_only",
            ),
            "",
        )
    talent, shared = f"${first}", f"${first + 1}"
    return {
        "resident_only": """AND r.{Resident.id} IN (
                SELECT t.{Talent.resident} FROM {Talent} t WHERE t.{Talent.id} = {talent}
                UNION ALL
                SELECT o.{Need.resident} FROM {Need} o WHERE o.{Need.id} = {shared})""".format(
            **names, talent=talent, shared=shared
        ),
        "initiative_only": """AND i.{Initiative.id} = (
                SELECT t.{Talent.initiative} FROM {Talent} t
                WHERE t.{Talent.id} = {talent})""".format(**names, talent=talent),
        "reciprocal_only": "AND o.{Need.resident} IN (SELECT id FROM people)".format(**names),
        # On the talents (needs) ``c`` of the pools.
        "talent_only": "AND c.{Talent.id} = {talent}".format(**names, talent=talent),
        "shared_only": "AND c.{Need.id} = {shared}".format(**names, shared=shared),
        "item_only": f"""WHERE (via = 'own' AND item_id = {talent})
                OR (via = 'shared' AND item_id = {shared})""",
    }


def _sql(*, for_need, visible, only=None):
    """The scoring query for a need (``for_need``) or a talent; ``visible``
    is the placeholder of the array of the user's neighbourhood ids, or None
    for everyone; ``only``: the number of the first of the two parameters of
    ``_only`` (for a need only), or None for every candidate."""
    by_model = _tables()
    need, talent = by_model["Need"], by_model["Talent"]
    source, target = (need, talent) if for_need else (talent, need)
    names = {
        **by_model,
        **_statuses(),
        **_constants(),
        "matchable": _matchable(by_model["Resident"]),
        "Source": source,
        "Target": target,
    }

    def clause(template, **values):
        return template.format(**names, **values)

    common = {
        **names,
        **_scores(names),
        **_only(names, first=only),
        "relevant": clause(_RELEVANT),
        "language_factor": clause(
            _LANGUAGE_FACTOR_FOR_NEED if for_need else _LANGUAGE_FACTOR_FOR_TALENT
        ),
        "resident_visible": (
            clause("AND r.{Resident.neighbourhood} = ANY({visible})", visible=visible)
            if visible
            else ""
        ),
        "initiative_visible": (
            clause(
                """AND i.{Initiative.id} IN (
                SELECT v.{Initiative_neighbourhoods.initiative} FROM {Initiative_neighbourhoods} v
                WHERE v.{Initiative_neighbourhoods.neighbourhood} = ANY({visible}))""",
                visible=visible,
            )
            if visible
            else ""
        ),
    }
    if for_need:
        taken = clause(_TAKEN, need=f"s.{source.id}")
        clauses = {
            "source_not_taken": f"AND NOT EXISTS ({taken})",
            "not_taken": "",
            "item_text": clause(_ITEM_TEXT) + clause(_SHARED_TEXT),
            "paired": clause("m.{Match.need} = source.id"),
            "resident_not_paired": clause("""AND r.{Resident.id} NOT IN (
                SELECT helper_id FROM paired WHERE helper_id IS NOT NULL)"""),
            "initiative_not_paired": clause("""AND i.{Initiative.id} NOT IN (
                SELECT initiative_id FROM paired WHERE initiative_id IS NOT NULL)"""),
            "initiative_not_joined": clause("""AND NOT EXISTS (
                SELECT 1 FROM {InitiativeMember} j
                WHERE j.{InitiativeMember.initiative} = i.{Initiative.id}
                  AND j.{InitiativeMember.resident} = source.resident_id)"""),
            "shared_pool": clause(_SHARED_POOL, shared_only=common["shared_only"]),
            "shared_interest": clause(
                _SHARED_INTEREST, **_scores(names), language_factor=common["language_factor"]
            ),
        }
    else:
        clauses = {
            "source_not_taken": "",
            # Not a need that is taken, nor one this talent's owner was
            # matched with before.
            "not_taken": f"""AND NOT EXISTS ({clause(_TAKEN, need="c.id")})
                AND c.id NOT IN (SELECT need_id FROM paired)""",
            "item_text": clause(_ITEM_TEXT),
            "paired": clause(
                "m.{Match.helper} = source.resident_id"
                " OR m.{Match.initiative} = source.initiative_id"
            ),
            "resident_not_paired": "",
            "initiative_not_paired": "",
            "initiative_not_joined": "",
            "shared_pool": "",
            "shared_interest": "",
        }
    return _SQL.format(**common, **clauses)


def _visibility(user):
    """(placeholder, params) of the array of the neighbourhood ids ``user``
    may see; (None, []) for everyone; None when the user may see nothing."""
    if user is None:
        return None, []
    if not (user.is_authenticated and user.is_active):
        return None
    if user.sees_everything:
        return None, []
    return f"${3 + len(_PARAMETERS)}::bigint[]", [visible_neighbourhood_ids(user)]


class _Prepared:
    """The names of the statements prepared on each database connection.

    PostgreSQL keeps a prepared statement for the whole session, whatever
    happens to transactions. After an error we cannot know whether the
    PREPARE took effect, so the statement is prepared again under a new
    name.

    Behind PgBouncer in transaction mode (the database's
    ``TRANSACTION_POOLING``, from ``DATABASE_PGBOUNCER``) a session is not
    ours beyond the transaction: the next one may run on another server
    connection, which never saw the PREPARE, and the next client on this
    one. There the query is sent unprepared and planned at every call."""

    def __init__(self):
        self._names = weakref.WeakKeyDictionary()  # raw connection -> {sql: name}
        self._counter = itertools.count(1)

    def rows(self, sql, params):
        """Run ``sql`` ($1... placeholders) with ``params``: one query."""
        return self.many(sql, [params])[0]

    def many(self, sql, params_list):
        """Run ``sql`` once with each of ``params_list`` (of one length), in
        one round trip: the rows of each run, in order. One query (behind
        PgBouncer in transaction mode, unprepared, one per run)."""
        connection.ensure_connection()
        if connection.settings_dict.get("TRANSACTION_POOLING"):
            # Unprepared, but still one round trip for the whole batch.
            parts = [_unprepared(sql, params) for params in params_list]
            return _results(
                "; ".join(statement for statement, _values in parts),
                [value for _statement, values in parts for value in values],
            )
        known = self._names.setdefault(connection.connection, {})
        name = known.get(sql)
        # A generic plan: the query's shape does not depend on the parameters.
        statements = "SET LOCAL jit = off; SET LOCAL plan_cache_mode = force_generic_plan; "
        if name is None:
            name = f"suggestions_{next(self._counter)}"
            statements += f"PREPARE {name} AS {sql.replace('%', '%%')}; "
        execute = f"EXECUTE {name}({', '.join(['%s'] * len(params_list[0]))})"
        statements += "; ".join([execute] * len(params_list))
        try:
            results = _results(statements, [v for params in params_list for v in params])
        except Exception:
            known.pop(sql, None)
            raise
        known[sql] = name
        return results


def _results(statements, params):
    """The rows (as dicts) of each statement of ``statements`` that returns
    rows (not a SET or PREPARE), in order: one round trip."""
    results = []
    with connection.cursor() as cursor:
        cursor.execute(statements, params)
        while True:
            if cursor.description is not None:
                columns = [column.name for column in cursor.description]
                rows = cursor.fetchall()
                results.append([dict(zip(columns, row, strict=True)) for row in rows])
            if not cursor.nextset():
                break
    return results


_PLACEHOLDER = re.compile(r"\$(\d+)")


def _unprepared(sql, params):
    """``sql`` ($1... placeholders) and ``params`` as one statement for
    psycopg (%s placeholders, a value for each, as some are used twice),
    without JIT compilation (see ``_SQL``); nothing stays in the session."""
    values = []

    def placeholder(match):
        values.append(params[int(match.group(1)) - 1])
        return "%s"

    return f"SET LOCAL jit = off; {_PLACEHOLDER.sub(placeholder, sql.replace('%', '%%'))}", values


_prepared = _Prepared()


def _run(*, pk, for_need, user, limit):
    """The rows of the scoring query for the talent or need ``pk``: one query."""
    visibility = _visibility(user)
    if visibility is None:
        return []
    visible, visible_params = visibility
    return _prepared.rows(
        _sql(for_need=for_need, visible=visible), [pk, limit, *_PARAMETERS, *visible_params]
    )


def _components(row):
    return {
        "category": float(row["category_score"]),
        "words": float(row["words_score"]),
        "proximity": float(row["proximity_score"]),
        "language": float(row["language_score"]),
        "availability": float(row["availability_score"]),
        "reciprocity": float(row["reciprocity_score"]),
    }


def _unique_words(tokens):
    seen, words = set(), []
    for token in tokens:
        word = token.lower()
        if word not in seen:
            seen.add(word)
            words.append(word)
    return words


def _shared_language(row):
    theirs = set(row["languages"] or [])
    shared = [code for code in row["source_languages"] if code in theirs]
    others = [code for code in shared if code != _DUTCH]
    return (others or shared or [None])[0]


def _reasons(row, *, for_need, initiative=None):
    """The reasons for one row of the scoring query, in the order of the
    table in the module docstring (what kind of candidate first)."""
    parts = _components(row)
    reasons = []
    if initiative is not None:
        code = "initiative_offers" if for_need else "initiative_needs"
        reasons.append(Reason(code, {"name": initiative.name}))
    if row["via"] == "shared":
        reasons.append(
            Reason(
                "shared_interest",
                {"category": row["category"], "category_en": row["category_en"]},
            )
        )
    source_category = {
        "category": row["source_category"],
        "category_en": row["source_category_en"],
    }
    if parts["category"] >= 1:
        reasons.append(Reason("same_category", source_category))
    elif parts["category"] > 0:
        reasons.append(Reason("category_words", source_category))
    if parts["words"] > 0:
        words = _unique_words(row["words"] or [])
        if words or parts["words"] >= 0.3:  # trigram similarity alone: only when notable
            reasons.append(Reason("similar_words", {"words": words}))
    if parts["proximity"] >= SAME_STREET:
        reasons.append(Reason("same_street"))
    elif parts["proximity"] >= SAME_NEIGHBOURHOOD:
        reasons.append(Reason("same_neighbourhood"))
    elif parts["proximity"] > 0:
        reasons.append(Reason("same_district"))
    if parts["language"] > 0:
        reasons.append(Reason("shared_language", {"language": _shared_language(row)}))
    if parts["availability"] > 0:
        theirs = set(row["availability"] or [])
        slots = [slot for slot in row["source_availability"] if slot in theirs]
        reasons.append(Reason("availability_overlap", {"slots": slots}))
    if parts["reciprocity"] > 0 and row["mutual_categories"]:
        reasons.append(
            Reason(
                "reciprocity",
                {
                    "name": row["owner_name"],
                    "category": ", ".join(row["mutual_categories"]),
                    "category_en": ", ".join(row["mutual_categories_en"]),
                    "direction": "needs" if for_need else "offers",
                },
            )
        )
    return reasons


_RELATED = ("resident", "initiative", "category")


def suggest_for_need(need, *, user=None, limit=10):
    """The best ``limit`` candidates to meet ``need``, best first (see the
    module docstring). ``user`` limits them to residents and initiatives
    that user may see; None means everyone (commands). At most three
    queries: the scoring, the candidates' talents, the residents of shared
    interests (each only when there is something to load)."""
    return _candidates_for_need(need, _run(pk=need.pk, for_need=True, user=user, limit=limit))


def _candidates_for_need(need, rows):
    """The ``Candidate``s of the scoring query's ``rows`` for ``need``: at
    most two queries (the talents, the residents of shared interests)."""
    talent_ids = [row["item_id"] for row in rows if row["via"] == "own"]
    shared_ids = [row["resident_id"] for row in rows if row["via"] == "shared"]
    talents = Talent.objects.select_related(*_RELATED).in_bulk(talent_ids) if talent_ids else {}
    residents = Resident.objects.in_bulk(shared_ids) if shared_ids else {}
    candidates = []
    for row in rows:
        talent = talents.get(row["item_id"]) if row["via"] == "own" else None
        resident = talent.resident if talent else residents.get(row["resident_id"])
        initiative = talent.initiative if talent else None
        if resident is None and initiative is None:
            continue  # deleted between the two queries
        candidates.append(
            Candidate(
                resident=resident,
                initiative=initiative,
                talent=talent,
                need=need,
                score=round(float(row["score"]), 3),
                reasons=_reasons(row, for_need=True, initiative=initiative),
                components=_components(row),
                shared_need_text=row["item_text"] if row["via"] == "shared" else "",
            )
        )
    return candidates


def suggest_for_talent(talent, *, user=None, limit=10):
    """The best ``limit`` open needs ``talent`` could meet (of residents and
    initiatives), best first: the same scoring the other way round. Two
    queries (one when there is nothing to suggest)."""
    rows = _run(pk=talent.pk, for_need=False, user=user, limit=limit)
    ids = [row["item_id"] for row in rows]
    needs = Need.objects.select_related(*_RELATED).in_bulk(ids) if ids else {}
    candidates = []
    for row in rows:
        need = needs.get(row["item_id"])
        if need is None:
            continue  # deleted between the two queries
        candidates.append(
            Candidate(
                resident=need.resident,
                initiative=need.initiative,
                talent=talent,
                need=need,
                score=round(float(row["score"]), 3),
                reasons=_reasons(row, for_need=False, initiative=need.initiative),
                components=_components(row),
            )
        )
    return candidates


# One candidate.


def _pk(value):
    return getattr(value, "pk", value)


def _pair_statement(user):
    """The scoring query kept to one candidate (``_only``) and the values
    of its parameters before the candidate's need, talent and shared need
    (the first stands in for the need's id); None when ``user`` may see
    nothing."""
    visibility = _visibility(user)
    if visibility is None:
        return None
    visible, visible_params = visibility
    first = 3 + len(_PARAMETERS) + len(visible_params)  # after $1, $2 and those
    # The limit is 1: with one candidate left, the threshold is its own.
    return _sql(for_need=True, visible=visible, only=first), [1, *_PARAMETERS, *visible_params]


def _pair_params(prefix, need, talent, shared_need):
    if (talent is None) == (shared_need is None):
        raise TypeError("Score a talent or another resident's need (a shared interest).")
    return [_pk(need), *prefix, _pk(talent), _pk(shared_need)]


def score_pair(need, *, talent=None, shared_need=None, user=None):
    """The one candidate ``talent`` (a resident's, or what an initiative
    offers) or ``shared_need`` (another resident's need: a shared interest)
    for ``need``, as ``suggest_for_need`` lists it: the same ``Candidate``,
    score and reasons, by the same query kept to that candidate. None when
    the suggestions would not propose it at all (one of the exclusions, or
    not relevant or not nearby). Not ranked: ``suggest_for_need`` lists a
    resident's best talent only, and the ``limit`` best. ``user`` as there.
    At most two queries (the scoring, the candidate's talent or resident)."""
    statement = _pair_statement(user)
    params = _pair_params(statement[1] if statement else [], need, talent, shared_need)
    if statement is None:
        return None
    candidates = _candidates_for_need(need, _prepared.rows(statement[0], params))
    return candidates[0] if candidates else None


#: How many candidates ``score_pairs`` scores in one round trip.
PAIRS_PER_QUERY = 250


def score_pairs(pairs):
    """``score_pair`` for many candidates at once, for a bulk writer (the
    demo), without loading them: for each (need, talent, shared need) of
    ``pairs`` (ids or instances, one of the last two None) that candidate's
    (score, reasons), or None; for everyone (no ``user``). One query per
    ``PAIRS_PER_QUERY`` pairs, and one for the initiatives among them."""
    if not pairs:
        return []
    sql, prefix = _pair_statement(None)
    params = [_pair_params(prefix, *pair) for pair in pairs]
    rows = []
    for start in range(0, len(params), PAIRS_PER_QUERY):
        found = _prepared.many(sql, params[start : start + PAIRS_PER_QUERY])
        rows += [each[0] if each else None for each in found]
    ids = {row["initiative_id"] for row in rows if row and row["initiative_id"]}
    initiatives = Initiative.objects.in_bulk(ids) if ids else {}
    return [
        (
            round(float(row["score"]), 3),
            _reasons(row, for_need=True, initiative=initiatives.get(row["initiative_id"])),
        )
        if row
        else None
        for row in rows
    ]
