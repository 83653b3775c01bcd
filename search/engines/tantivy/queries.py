"""A SearchQuery as a Tantivy query: the question's clauses (search.text.parse_query), the filters, the access rule.

Each clause must match (Occur.Must) in one of the text fields, scored by BM25 times the field's weight:
- a word: its stem in any text field; when the word has 5+ letters and its stem is rare in the index (an OCR
  misreading, or a typo in the question), also any written word one edit away (Tantivy's fuzzy term query over
  ``words``, Damerau-Levenshtein distance 1);
- a quoted phrase: its stems in that order in the title, the sender or the body;
- a letter number: its key among the leading parts indexed for the document's number and the numbers it cites.
A word more than half of the documents hold (in an index of 10+) is not required when other clauses are: it only
adds to the score ("surat bappeda" finds a Bappeda letter without "surat"). When nothing matches a question of 3+
clauses, the engine asks again for documents matching all but any one of them (``compose(relaxed=True)``).

Filters and the access rule are Must clauses scored 0, so hits, the total and every facet only count documents
the asker may open.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

import tantivy
from tantivy import FieldType, Occur, Query

from search.engines.tantivy.documents import RESTRICTED, code_path, sender_key
from search.engines.tantivy.schema import PHRASE_FIELDS, SCHEMA, WEIGHTS
from search.text import MIN_TYPO_LENGTH, Clause
from search.types import STAFF, InvalidFilter

RARE_WORD = 3  # a stem fewer documents than this hold may be a misreading: the word's neighbours are tried too
FUZZY_BOOST = 1.0  # score of a match by a neighbouring word (a stem match scores by BM25)
COMMON_SHARE = 0.5  # a word held by more than this share of the documents is not required ...
COMMON_MIN_DOCUMENTS = 10  # ... in an index of at least this many documents
RELAX_MIN_CLAUSES = 3


@dataclass
class TextPlan:
    required: list[Query]
    optional: list[Query]  # common words: they add to the score only
    marked: set[str] = field(default_factory=set)  # what the snippets mark: stems, number keys ...
    typos: set[str] = field(default_factory=set)  # ... and the words one edit away from these (search.snippets)


def _any(queries: list[Query]) -> Query:
    return queries[0] if len(queries) == 1 else Query.boolean_query([(Occur.Should, query) for query in queries])


def _all(queries: list[Query]) -> Query:
    return queries[0] if len(queries) == 1 else Query.boolean_query([(Occur.Must, query) for query in queries])


def _weighted(name: str, term: str) -> Query:
    return Query.boost_query(Query.term_query(SCHEMA, name, term), WEIGHTS[name])


def _stem_frequency(searcher: tantivy.Searcher, term: str) -> int:
    return searcher.doc_freq("title", term) + searcher.doc_freq("body", term)


def word_query(searcher: tantivy.Searcher, clause: Clause) -> tuple[Query, str | None]:
    """The clause's query, and the word whose neighbours are looked for too (None when the stem is not rare)."""
    term, word = clause.terms[0], clause.word
    alternatives = [_weighted(name, term) for name in WEIGHTS]
    if len(word) >= MIN_TYPO_LENGTH and word.isalpha() and _stem_frequency(searcher, term) < RARE_WORD:
        fuzzy = Query.fuzzy_term_query(SCHEMA, "words", word, distance=1, transposition_cost_one=True)
        alternatives.append(Query.boost_query(fuzzy, FUZZY_BOOST))
        return _any(alternatives), word
    return _any(alternatives), None


def phrase_query(clause: Clause) -> Query:
    terms = list(clause.terms)
    return _any([Query.boost_query(Query.phrase_query(SCHEMA, name, terms), WEIGHTS[name]) for name in PHRASE_FIELDS])


def number_query(clause: Clause) -> Query:
    return _any([_weighted("number", clause.terms[0]), _weighted("refs", clause.terms[0])])


def _common(searcher: tantivy.Searcher, clauses: list[Clause]) -> set[int]:
    """Positions of the words more than COMMON_SHARE of the documents hold; never all the clauses."""
    words = [(index, clause.terms[0]) for index, clause in enumerate(clauses) if clause.kind == "word"]
    documents = searcher.num_docs
    if len(clauses) < 2 or not words or documents < COMMON_MIN_DOCUMENTS:
        return set()
    common = {
        index
        for index, term in words
        if max(searcher.doc_freq(name, term) for name in ("title", "body")) > COMMON_SHARE * documents
    }
    return common if len(common) < len(clauses) else set()


def text_plan(searcher: tantivy.Searcher, clauses: list[Clause]) -> TextPlan:
    queries: list[Query] = []
    marked: set[str] = set()
    typos: set[str] = set()
    for clause in clauses:
        if clause.kind == "word":
            query, typo = word_query(searcher, clause)
            if typo is not None:
                typos.add(typo)
        else:
            query = phrase_query(clause) if clause.kind == "phrase" else number_query(clause)
        marked |= set(clause.terms)
        queries.append(query)
    common = _common(searcher, clauses)
    return TextPlan(
        required=[query for index, query in enumerate(queries) if index not in common],
        optional=[query for index, query in enumerate(queries) if index in common],
        marked=marked,
        typos=typos,
    )


def compose(
    plan: TextPlan | None, conditions: list[Query], relaxed: bool = False, access: Access | None = None
) -> Query:
    """The text (all required clauses, or when ``relaxed`` all but any one; optional ones add to the score), the
    conditions (filters), scored 0, and the access rule."""
    parts: list[tuple[Occur, Query]] = []
    text = plan is not None and bool(plan.required)
    if text:
        assert plan is not None
        if relaxed and len(plan.required) > 1:
            leave_one_out = [
                _all([query for index, query in enumerate(plan.required) if index != left_out])
                for left_out in range(len(plan.required))
            ]
            parts.append((Occur.Must, _any(leave_one_out)))
        else:
            parts += [(Occur.Must, query) for query in plan.required]
        parts += [(Occur.Should, query) for query in plan.optional]
    else:
        parts.append((Occur.Must, Query.all_query()))
    conditions = list(conditions)
    if access is not None:
        if access.hidden is not None and (text or conditions):
            parts.append((Occur.MustNot, access.hidden))
        else:
            assert access.allowed is not None
            conditions.append(access.allowed)
    if conditions:
        parts.append((Occur.Must, Query.const_score_query(_all(conditions), 0.0)))
    return Query.boolean_query(parts)


# --- filters and access ----------------------------------------------------------------------------------------


def _day(key: str, value: str) -> int:
    try:
        return datetime.date.fromisoformat(value).toordinal()
    except ValueError:
        raise InvalidFilter(f"{key}: {value}") from None


def filter_queries(filters: dict[str, str]) -> list[Query]:
    """One query per filter (keys as types.FILTER_KEYS; values as filters.clean leaves them)."""
    queries = [
        Query.term_query(SCHEMA, key, filters[key]) for key in ("kind", "security", "status", "unit") if key in filters
    ]
    if "code" in filters:
        path = code_path(filters["code"])
        queries.append(Query.term_query(SCHEMA, "code_path", path[-1]) if path else Query.empty_query())
    if "sender" in filters:
        queries.append(Query.term_query(SCHEMA, "sender_key", sender_key(filters["sender"])))
    if "date_from" in filters or "date_to" in filters:
        lower = _day("date_from", filters["date_from"]) if "date_from" in filters else 1  # 0: undated, left out
        upper = _day("date_to", filters["date_to"]) if "date_to" in filters else None
        queries.append(Query.range_query(SCHEMA, "day", FieldType.Integer, lower, upper))
    if "year" in filters:
        try:
            year = int(filters["year"])
        except ValueError:
            raise InvalidFilter(f"year: {filters['year']}") from None
        queries.append(Query.term_query(SCHEMA, "year", year))
    return queries


@dataclass(frozen=True)
class Access:
    """The access rule as a query: documents to keep (``allowed``, scored 0 with the filters) or documents to leave
    out (``hidden``, a MustNot clause: checked only at the documents the rest of the query matches)."""

    allowed: Query | None = None
    hidden: Query | None = None


def access_query(principals: frozenset[str]) -> Access:
    """Documents sharing a principal with the asker; none for an asker without principals.

    An asker holding STAFF may see every document but the restricted ones (without STAFF) that hold none of the
    asker's other principals: those few are left out, rather than uniting the postings of STAFF, most of the index
    (measured at 100,000 letters: a word's search and facets a third cheaper). Others: the union of their principals
    (public pages, a few letters)."""
    if not principals:
        return Access(allowed=Query.empty_query())
    union = _any([Query.term_query(SCHEMA, "principals", principal) for principal in sorted(principals)])
    if STAFF not in principals:
        # A union of term queries, not a term set: a union skips ahead with the text's matches.
        return Access(allowed=union)
    restricted = Query.term_query(SCHEMA, "restricted", RESTRICTED)
    others = [Query.term_query(SCHEMA, "principals", principal) for principal in sorted(principals - {STAFF})]
    hidden = Query.boolean_query([(Occur.Must, restricted), *((Occur.MustNot, query) for query in others)])
    # Kept as a union too: with neither text nor filters to check the exclusion against, the union of the postings
    # is the cheaper of the two (compose).
    return Access(allowed=union, hidden=hidden)
