"""The embedded engine on SQLite: analysed text in an FTS5 table whose rowid is the IndexedDocument id, ranked by
BM25 with the title and number weighted above the sender and the body."""

from __future__ import annotations

from search.engines.embedded import DOCS, EmbeddedEngine, Fields, Match

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


class SqliteEngine(EmbeddedEngine):
    name = "sqlite"
    _date_sorted = "+d.date"  # unary "+": SQLite then finds rows by their filters' indexes and sorts them
    _date_walk_join = f"CROSS JOIN {FTS} ON {FTS}.rowid = d.id"  # CROSS JOIN: SQLite keeps d as the outer loop

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

    def _match(self, groups: list[tuple[str, list[str]]]) -> Match:
        parts = []
        for kind, terms in groups:
            if kind == "any":
                parts.append("(" + " OR ".join(_quote(t) for t in terms) + ")")
            elif kind == "phrase":
                parts.append(_quote(" ".join(terms)))
            else:  # number: its leading parts are indexed for the number and the numbers in the text
                parts.append("{number refs} : " + _quote(terms[0]))
        expression = " AND ".join(parts)
        return Match(
            join=f"JOIN {FTS} ON {FTS}.rowid = d.id",
            where=f"{FTS} MATCH %s",
            params=[expression],
            score=f"-bm25({FTS}, {WEIGHTS})",
            score_params=[],
        )

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
