"""The Tantivy engine: the embedded default, an index in the data folder (store), one writer at a time.

Searching: the question is parsed and analysed in Python (search.text), compiled into Tantivy queries (queries),
and answered by one ranked search (BM25, or the date for ``sort="date"`` and questions without text), one
aggregation for the facets (facets) and the page's stored fields, from which the snippets are cut (documents).

Writing: ``index`` and ``delete`` are called by the outbox applier (search.worker) and commit before they return;
``rebuild`` loads a new generation beside the current one and swaps it in atomically (store).
"""

from __future__ import annotations

import json
import shutil
import time
from collections.abc import Callable, Iterable
from dataclasses import replace
from pathlib import Path

from tantivy import Occur, Order, Query

from search.engines.tantivy import facets as facet_counts
from search.engines.tantivy.documents import from_json, hit, to_json, to_tantivy
from search.engines.tantivy.queries import (
    RELAX_MIN_CLAUSES,
    TextPlan,
    access_query,
    compose,
    filter_queries,
    text_plan,
)
from search.engines.tantivy.schema import SCHEMA
from search.engines.tantivy.store import WRITER_HEAP, Journal, Store, commit, file_lock
from search.snippets import marks
from search.text import parse_query
from search.types import SearchDocument, SearchHit, SearchQuery, SearchResults

REBUILD_HEAP = 256_000_000  # bytes: the writer flushes a segment each time it fills this
REBUILD_THREADS = 1  # the analysis in Python, not Tantivy, is the slower side of a rebuild
PROGRESS_EVERY = 500


def default_root() -> Path:
    from django.conf import settings

    return Path(settings.SEARCH_INDEX_DIR)


class TantivyEngine:
    name = "tantivy"

    def __init__(self, root: Path | str | None = None):
        self.store = Store(root if root is not None else default_root())

    # --- lifecycle ----------------------------------------------------------------------------------------------

    def ensure_ready(self) -> None:
        self.store.ensure()

    def ping(self) -> bool:
        try:
            self.store.ensure()
        except OSError:
            return False
        return True

    def describe(self) -> dict:
        """Where the index is and what it holds (search_status)."""
        pointer = self.store.pointer()
        folder = self.store.root / pointer.generation
        searcher = self.store.searcher()
        return {
            "path": str(self.store.root),
            "generation": pointer.generation,
            "documents": searcher.num_docs,
            "segments": searcher.num_segments,
            "bytes": sum(item.stat().st_size for item in folder.iterdir() if item.is_file()),
            "rebuilding": self.store.rebuilding(),
        }

    def count(self, kind: str | None = None) -> int:
        searcher = self.store.searcher()
        if not kind:
            return searcher.num_docs
        return searcher.search(Query.term_query(SCHEMA, "kind", kind), limit=1, count=True).count

    # --- searching ----------------------------------------------------------------------------------------------

    def search(self, query: SearchQuery) -> SearchResults:
        started = time.perf_counter()
        clauses = parse_query(query.text)
        conditions = filter_queries(query.filters)
        access = access_query(query.principals)
        if query.text.strip() and not clauses:  # only stop words: nothing to look for
            return self._results(query, [], 0, facet_counts.empty() if query.facets else {}, started)
        searcher = self.store.searcher()
        plan = text_plan(searcher, clauses) if clauses else None
        hits, total, facets = self._answer(searcher, query, plan, conditions, access, relaxed=False)
        if not total and plan is not None and len(plan.required) >= RELAX_MIN_CLAUSES:
            hits, total, facets = self._answer(searcher, query, plan, conditions, access, relaxed=True)
        return self._results(query, hits, total, facets, started)

    def _answer(self, searcher, query: SearchQuery, plan: TextPlan | None, conditions, access, relaxed: bool):
        compiled = compose(plan, conditions, relaxed, access)
        by_date = query.sort == "date" or plan is None
        options: dict = {"limit": query.per_page, "offset": query.offset, "count": True}
        if by_date:
            options.update(order_by_field="day", order=Order.Desc)
        result = searcher.search(compiled, **options)
        marked = marks(plan.marked, plan.typos) if plan is not None else marks(())
        stored = [(score, searcher.doc(address).get_first("stored")) for score, address in result.hits]
        judged: dict = {}
        hits = [hit(payload, 0.0 if by_date else score, marked, judged) for score, payload in stored]
        if by_date and plan is not None and hits:
            hits = self._with_scores(searcher, compiled, hits)
        if not query.facets:
            facets = {}
        elif result.count:
            facets = facet_counts.count(searcher, compiled, query.filters.get("code"))
        else:
            facets = facet_counts.empty()
        return hits, result.count, facets

    @staticmethod
    def _with_scores(searcher, compiled: Query, hits: list[SearchHit]) -> list[SearchHit]:
        """A page found in date order, with its relevance scores: the same query, ranked, over the page's keys."""
        keys = [f"{found.kind}:{found.id}" for found in hits]
        page = Query.term_set_query(SCHEMA, "key", keys)
        ranked = searcher.search(Query.boolean_query([(Occur.Must, compiled), (Occur.Must, page)]), limit=len(keys))
        scores = {}
        for score, address in ranked.hits:
            values = json.loads(searcher.doc(address).get_first("stored"))
            scores[f"{values['kind']}:{values['id']}"] = score
        return [replace(found, score=scores.get(key, 0.0)) for key, found in zip(keys, hits, strict=True)]

    @staticmethod
    def _results(query: SearchQuery, hits: list[SearchHit], total: int, facets, started: float) -> SearchResults:
        return SearchResults(
            hits=hits,
            total=total,
            facets=facets,
            page=max(query.page, 1),
            per_page=query.per_page,
            took_ms=(time.perf_counter() - started) * 1000,
        )

    # --- writing ------------------------------------------------------------------------------------------------

    def index(self, documents: Iterable[SearchDocument]) -> int:
        latest = {document.key: document for document in documents}  # one write per key, the last one given
        if not latest:
            return 0
        prepared = [(key, to_tantivy(document)) for key, document in latest.items()]  # analysed before locking
        with self.store.writing() as (writer, _index):
            for key, document in prepared:
                writer.delete_documents_by_term("key", key)
                writer.add_document(document)
            if self.store.rebuilding():
                Journal(self.store.journal_file).append(
                    [{"op": "index", "document": to_json(document)} for document in latest.values()]
                )
        return len(latest)

    def delete(self, kind: str, ids: Iterable[str]) -> int:
        keys = list(dict.fromkeys(f"{kind}:{object_id}" for object_id in ids))
        if not keys:
            return 0
        with self.store.writing() as (writer, index):
            present = index.searcher().search(Query.term_set_query(SCHEMA, "key", keys), limit=1, count=True).count
            for key in keys:
                writer.delete_documents_by_term("key", key)
            if self.store.rebuilding():
                Journal(self.store.journal_file).append([{"op": "delete", "keys": keys}])
        return present

    def rebuild(self, documents: Iterable[SearchDocument], progress: Callable[[int], None] | None = None) -> int:
        """Load a new generation while searches read the current one; replay the changes written meanwhile; swap.

        The load and its merges run without the writer lock (the outbox applier keeps writing, to the current
        generation and the journal); only the replay of the journal and the swap hold it, a short moment."""
        store = self.store
        store.ensure()
        journal = Journal(store.journal_file)
        with file_lock(store.rebuild_lock, timeout=None):  # one rebuild at a time: a second one fails at once
            with file_lock(store.writer_lock):
                journal.reset()  # from here on, every write is journalled too
            name, index = store.new_generation()
            try:
                writer = index.writer(heap_size=REBUILD_HEAP, num_threads=REBUILD_THREADS)
                written = self._load(writer, documents, progress)
                writer.wait_merging_threads()
                with file_lock(store.writer_lock):
                    writer = index.writer(heap_size=WRITER_HEAP, num_threads=1)
                    self._replay(writer, journal)
                    commit(writer)
                    writer.wait_merging_threads()
                    store.publish(name)
                    journal.reset()
            except BaseException:
                shutil.rmtree(store.root / name, ignore_errors=True)
                raise
            store.remove_stale()
        store.searcher()  # this process reads the new generation at once
        return written

    @staticmethod
    def _load(writer, documents: Iterable[SearchDocument], progress) -> int:
        seen: set[str] = set()
        written = 0
        for document in documents:
            if document.key in seen:  # the same record twice: the last one stays
                writer.delete_documents_by_term("key", document.key)
            else:
                seen.add(document.key)
                written += 1
            writer.add_document(to_tantivy(document))
            if progress and written % PROGRESS_EVERY == 0:
                progress(written)
        commit(writer)
        if progress:
            progress(written)
        return written

    @staticmethod
    def _replay(writer, journal: Journal) -> None:
        for entry in journal.entries():
            if entry["op"] == "index":
                document = from_json(entry["document"])
                writer.delete_documents_by_term("key", document.key)
                writer.add_document(to_tantivy(document))
            else:
                for key in entry["keys"]:
                    writer.delete_documents_by_term("key", key)
