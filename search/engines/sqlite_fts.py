"""The embedded engine on SQLite: analysed text in an FTS5 table whose rowid is the IndexedDocument id, ranked by
BM25 with the title and number weighted above the sender and the body."""

from __future__ import annotations

from search.engines.embedded import ACCESS_BITS, DOCS, PRINCIPALS, EmbeddedEngine, Fields, Match

FTS = "search_fts"
# The text is analysed before it gets here (search.text): FTS5 only splits it on spaces, "_" stays inside a term.
CREATE_FTS = (
    f"CREATE VIRTUAL TABLE IF NOT EXISTS {FTS} USING fts5("
    "title, number, sender, body, refs, tokenize = \"unicode61 remove_diacritics 0 tokenchars '_'\")"
)
# A document row deleted by any path (a test database flush included) takes its text with it.
_TRIGGER_BODY = f"DELETE FROM {FTS} WHERE rowid = old.id;"  # noqa: S608
CREATE_TRIGGER = f"CREATE TRIGGER IF NOT EXISTS search_fts_delete AFTER DELETE ON {DOCS} BEGIN {_TRIGGER_BODY} END"
# bm25 weights, in column order: title, number, sender, body, refs
WEIGHTS = "8.0, 10.0, 4.0, 1.0, 2.0"


def _quote(term: str) -> str:
    return '"' + term.replace('"', '""') + '"'


def _part(kind: str, terms: list[str]) -> str:
    if kind == "any":
        return "(" + " OR ".join(_quote(t) for t in terms) + ")"
    if kind == "phrase":
        return _quote(" ".join(terms))
    return "{number refs} : " + _quote(terms[0])  # number: leading parts indexed for the number and the text's


class SqliteEngine(EmbeddedEngine):
    name = "sqlite"
    _date_sorted = "+d.date"  # unary "+": SQLite then finds rows by their filters' indexes and sorts them
    _date_walk_join = f"CROSS JOIN {FTS} ON {FTS}.rowid = d.id"  # CROSS JOIN: SQLite keeps d as the outer loop
    _match_ids = f"d.id IN (SELECT rowid FROM {FTS} WHERE {FTS} MATCH %s)"  # noqa: S608

    def _ensure_text_index(self, cursor) -> None:
        cursor.execute(CREATE_FTS)
        cursor.execute(CREATE_TRIGGER)

    def _write_text(self, cursor, rows: list[tuple[int, Fields]]) -> None:
        cursor.executemany(
            f"INSERT INTO {FTS} (rowid, title, number, sender, body, refs) VALUES (%s, %s, %s, %s, %s, %s)",  # noqa: S608
            [
                (
                    doc_id,
                    " ".join(f.title),
                    " ".join(f.number),
                    " ".join(f.sender),
                    " ".join(f.body),
                    " ".join(f.refs),
                )
                for doc_id, f in rows
            ],
        )

    def _clear_text(self, cursor) -> None:
        # Dropping the table is far faster than deleting its rows one by one; DDL is transactional in SQLite.
        cursor.execute(f"DROP TABLE IF EXISTS {FTS}")
        cursor.execute(CREATE_FTS)

    def _match(self, groups: list[tuple[str, list[str]]], relaxed: bool = False, optional=()) -> Match:
        parts = [_part(kind, terms) for kind, terms in groups]
        if relaxed:  # all but any one of the clauses
            expression = " OR ".join(
                "(" + " AND ".join(part for other, part in enumerate(parts) if other != left_out) + ")"
                for left_out in range(len(parts))
            )
        else:
            expression = " AND ".join(parts)
        if optional:  # "(A) AND (common OR A)": as many matches as A alone, and the common word's weight in bm25
            either = " OR ".join([*(_part(kind, terms) for kind, terms in optional), f"({expression})"])
            expression = f"({expression}) AND ({either})"
        return Match(
            join=f"JOIN {FTS} ON {FTS}.rowid = d.id",
            where=f"{FTS} MATCH %s",
            params=[expression],
            score=f"-bm25({FTS}, {WEIGHTS})",
            score_params=[],
            source=f"{FTS} CROSS JOIN {DOCS} d ON d.id = {FTS}.rowid",  # CROSS JOIN: SQLite keeps FTS5 outer
        )

    def _fast_total(self, cursor, match: Match, principals: frozenset[str]) -> int | None:
        """FTS5's own count of the matches (it reads no row) less the matches the asker may not open: documents
        whose access bits they lack (the access index) and that none of their other principals opens."""
        mask = 0
        others = []
        for token in principals:
            if token in ACCESS_BITS:
                mask |= ACCESS_BITS[token]
            else:
                others.append(token)
        if not mask:
            return None
        every = sum(ACCESS_BITS.values())
        closed = [value for value in range(every + 1) if not value & mask]
        closed_marks = ", ".join(["%s"] * len(closed))
        opened, opened_params = "", []
        if others:
            marks = ", ".join(["%s"] * len(others))
            opened = (
                f"AND NOT (d.restricted AND d.id IN (SELECT document_id FROM {PRINCIPALS} "  # noqa: S608
                f"WHERE token IN ({marks})))"
            )
            opened_params = sorted(others)
        cursor.execute(
            f"SELECT (SELECT count(*) FROM {FTS} WHERE {FTS} MATCH %s) - (SELECT count(*) FROM {DOCS} d "  # noqa: S608
            f"WHERE d.access IN ({closed_marks}) AND d.id IN (SELECT rowid FROM {FTS} WHERE {FTS} MATCH %s) {opened})",
            [*match.params, *closed, *match.params, *opened_params],
        )
        return cursor.fetchone()[0]

    def _code_prefix(self, column: str, code: str) -> tuple[str, list]:
        # "X." <= code < "X/": every code starting with "X." ("/" follows "." in byte order), using the index.
        return f"({column} >= %s AND {column} < %s)", [code + ".", code + "/"]

    def _code_facet(self, code_filter: str | None) -> tuple[str, list]:
        if not code_filter:
            return "CASE WHEN instr(code, '.') > 0 THEN substr(code, 1, instr(code, '.') - 1) ELSE code END", []
        rest = "substr(code, %s)"
        return (
            f"CASE WHEN code = %s THEN code WHEN instr({rest}, '.') > 0 "
            f"THEN %s || substr({rest}, 1, instr({rest}, '.') - 1) ELSE code END",
            [code_filter, len(code_filter) + 2, code_filter + ".", len(code_filter) + 2, len(code_filter) + 2],
        )
