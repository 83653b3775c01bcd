"""The embedded engine on PostgreSQL: the analysed text as a tsvector column of IndexedDocument (weights: A title
and number, B sender, C body, D the numbers in the text) with a GIN index, ranked by ts_rank_cd.

The text is analysed in Python (search.text), so the tsvector and the tsquery are written as literals of terms:
PostgreSQL's own parser and dictionaries never see the words, and both embedded engines find the same things."""

from __future__ import annotations

from search.engines.embedded import DOCS, EmbeddedEngine, Fields, Match

ADD_COLUMN = f"ALTER TABLE {DOCS} ADD COLUMN IF NOT EXISTS tsv tsvector NOT NULL DEFAULT ''"
ADD_INDEX = f"CREATE INDEX IF NOT EXISTS search_doc_tsv ON {DOCS} USING gin (tsv)"
MAX_POSITION = 16383  # PostgreSQL keeps positions up to this
MAX_POSITIONS_PER_TERM = 255


def _lexeme(term: str) -> str:
    return "'" + term.replace("\\", "\\\\").replace("'", "''") + "'"


def tsvector_literal(fields: Fields) -> str:
    """``'rekam':1A,7C 'surat':2A`` for the fields' terms (a gap between fields keeps phrases inside one)."""
    positions: dict[str, list[str]] = {}
    position = 1
    for terms, weight in (
        (fields.title, "A"),
        (fields.number, "A"),
        (fields.sender, "B"),
        (fields.body, "C"),
        (fields.refs, "D"),
    ):
        for term in terms:
            slots = positions.setdefault(term, [])
            if len(slots) < MAX_POSITIONS_PER_TERM:
                slots.append(f"{min(position, MAX_POSITION)}{weight}")
            position += 1
        position += 1
    return " ".join(f"{_lexeme(term)}:{','.join(slots)}" for term, slots in positions.items())


def tsquery_literal(groups: list[tuple[str, list[str]]], relaxed: bool = False, optional=()) -> str:
    """All the clauses, or when ``relaxed`` all but any one of them; ``optional`` ones only add to the rank."""
    literal = _tsquery(groups, relaxed)
    if optional:
        return f"({literal}) & ({_tsquery(list(optional), joiner=' | ')} | ({literal}))"
    return literal


def _tsquery(groups: list[tuple[str, list[str]]], relaxed: bool = False, joiner: str | None = None) -> str:
    parts = []
    for kind, terms in groups:
        if kind == "any":
            parts.append("(" + " | ".join(_lexeme(t) for t in terms) + ")")
        elif kind == "phrase":
            parts.append("(" + " <-> ".join(_lexeme(t) for t in terms) + ")")
        else:  # number: leading parts, indexed with the number (A) and the numbers in the text (D)
            parts.append(_lexeme(terms[0]) + ":AD")
    if joiner:
        return joiner.join(parts)
    if relaxed:
        return " | ".join(
            "(" + " & ".join(part for other, part in enumerate(parts) if other != left_out) + ")"
            for left_out in range(len(parts))
        )
    return " & ".join(parts)


class PostgresEngine(EmbeddedEngine):
    name = "postgres"

    def _ensure_text_index(self, cursor) -> None:
        cursor.execute(ADD_COLUMN)
        cursor.execute(ADD_INDEX)

    def _write_text(self, cursor, rows: list[tuple[int, Fields]]) -> None:
        cursor.executemany(
            f"UPDATE {DOCS} SET tsv = %s::tsvector WHERE id = %s",  # noqa: S608
            [(tsvector_literal(fields), doc_id) for doc_id, fields in rows],
        )

    def _match(self, groups: list[tuple[str, list[str]]], relaxed: bool = False, optional=()) -> Match:
        literal = tsquery_literal(groups, relaxed, optional)
        return Match(
            join="",
            where="d.tsv @@ %s::tsquery",
            params=[literal],
            score="ts_rank_cd(d.tsv, %s::tsquery)",
            score_params=[literal],
        )

    def _code_facet(self, code_filter: str | None) -> tuple[str, list]:
        if not code_filter:
            return "split_part(code, '.', 1)", []
        return (
            "CASE WHEN code = %s THEN code ELSE %s || split_part(substr(code, %s), '.', 1) END",
            [code_filter, code_filter + ".", len(code_filter) + 2],
        )
