"""Search benchmark: the configured engine over a synthetic archive, against a bare FTS5 index in the same run.

For each size (default 10,000 and 100,000 documents of bench/search_synth.py) it prints the full index time and
rate (``engine.rebuild``), the incremental rate (``engine.index`` in batches of 100, as the outbox worker writes),
and query latency p50/p95/max per query type and overall. Every query is asked as a signed-in staff member with
facets on, as the search page asks it. The baseline, measured in the same run over the same documents, is a bare
SQLite FTS5 table (unicode61, no stemming, no typo tolerance, no filters, no facets, no access rule):
``SELECT rowid ... MATCH ? ORDER BY rank LIMIT 10`` with the same words. Target: p95 under 50 ms at 100,000.

Relevance: the letters of ../shared/corpus/dev (truth.jsonl's text and fields, id = file name) are mixed into the
10,000 synthetic ones as distractors; queries.jsonl is run and nDCG@10 printed per query kind and overall, for
the engine and for the bare FTS5 baseline; then again on the corpus letters alone (no distractors). Usage:

    .venv/bin/python bench/search_archive.py [--sizes 10000,100000] [--per-type 30] [--passes 2]
        [--elasticsearch]   # keep ELASTICSEARCH_URL from the environment (default: the embedded engine)
"""

from __future__ import annotations

import argparse
import datetime
import json
import math
import os
import random
import re
import sqlite3
import statistics
import sys
import tempfile
import time
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

CORPUS = ROOT.parent / "shared" / "corpus" / "dev"
USER = frozenset({"public", "staff", "user:7", "position:12"})  # a staff member holding one post
TARGET_P95_MS = 50.0


def _setup_django(data_dir: str, keep_elasticsearch: bool) -> None:
    os.environ.update(DJANGO_SETTINGS_MODULE="naskah.settings.dev", NASKAH_DATA_DIR=data_dir, NASKAH_LOG_LEVEL="ERROR")
    os.environ.pop("DATABASE_URL", None)
    if not keep_elasticsearch:
        os.environ.pop("ELASTICSEARCH_URL", None)
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)


# --- the bare FTS5 baseline ----------------------------------------------------------------------------------------

_QUOTED = re.compile(r'"([^"]*)"')


def fts5_expression(text: str) -> str:
    """The same words as a bare FTS5 query: every word (or quoted phrase, or number) a quoted string, all ANDed."""
    parts = [phrase for phrase in _QUOTED.findall(text) if phrase.strip()]
    parts += _QUOTED.sub(" ", text).replace('"', " ").split()
    return " ".join('"' + part.replace('"', "") + '"' for part in parts)


class Baseline:
    """A plain FTS5 table of title and body in its own SQLite file."""

    def __init__(self, path: Path):
        path.unlink(missing_ok=True)
        self.db = sqlite3.connect(path)
        self.db.execute("PRAGMA journal_mode=WAL")
        self.db.execute('CREATE VIRTUAL TABLE base USING fts5(title, body, tokenize="unicode61 remove_diacritics 2")')
        self.ids: list[str] = []

    def load(self, documents) -> float:
        started = time.perf_counter()
        rows = []
        for document in documents:
            self.ids.append(document.key)
            rows.append((len(self.ids), document.title, f"{document.number}\n{document.sender}\n{document.body}"))
        with self.db:
            self.db.executemany("INSERT INTO base (rowid, title, body) VALUES (?, ?, ?)", rows)
        return time.perf_counter() - started

    def search(self, text: str, limit: int = 10) -> list[str]:
        expression = fts5_expression(text)
        if not expression:
            return []
        try:
            rows = self.db.execute(
                "SELECT rowid FROM base WHERE base MATCH ? ORDER BY rank LIMIT ?", (expression, limit)
            ).fetchall()
        except sqlite3.OperationalError:
            return []
        return [self.ids[rowid - 1] for (rowid,) in rows]


# --- the query mix -------------------------------------------------------------------------------------------------

WORDS = ["kependudukan", "undangan", "arsip", "anggaran", "pelatihan", "imunisasi", "bantuan", "cuti", "pangkat",
         "pindah", "akta", "stunting", "mengundang", "kepindahan", "penataan", "transmigrasi", "posyandu",
         "perjalanan", "blangko", "verifikasi", "retensi", "sosialisasi", "disabilitas", "subdomain"]  # fmt: skip
MULTI = ["undangan rapat koordinasi", "perekaman ktp-el panti", "akta kelahiran anak", "laporan realisasi anggaran",
         "surat keterangan pindah", "kenaikan pangkat april", "data kependudukan kecamatan", "cuti tahunan pegawai",
         "pelatihan kehumasan", "bantuan pangan non tunai", "imunisasi polio posyandu",
         "penataan arsip kepegawaian", "perjalanan dinas semarang", "pengadaan kursi ruang tunggu"]  # fmt: skip
PHRASES = ['"rapat koordinasi"', '"data kependudukan"', '"surat keterangan pindah"', '"jemput bola"',
           '"realisasi anggaran"', '"akta kelahiran"', '"kartu keluarga"', '"program keluarga harapan"',
           '"arsip inaktif"', '"pelayanan publik"']  # fmt: skip
TYPOS = ["kependudukn", "undagan", "pelatihn", "imunisassi", "anggarn rapat", "perekamn ktp-el", "kelahirn",
         "transmigrsi", "sosialisas", "verifkasi data", "kepegawian", "disabilitsa"]  # fmt: skip
CODES = ["005", "400.12", "470", "800.1", "900.1", "400.12.2", "000.5", "474", "800.2", "400.7"]


def build_queries(documents, per_type: int, seed: int) -> dict[str, list[dict]]:
    """``type -> [SearchQuery kwargs]``, seeded; numbers and senders are taken from the archive itself."""
    rng = random.Random(seed)
    letters = [d for d in documents if d.kind == "letter"]
    visible = [d for d in letters if d.principals & USER]  # numbers the asker has seen, so may look up
    senders = sorted({d.sender for d in letters})
    units = sorted({d.unit for d in letters})
    years = ["2022", "2023", "2024"]

    def month_range():
        year, month = rng.choice([2022, 2023, 2024]), rng.randint(1, 12)
        end = datetime.date(year + (month == 12), month % 12 + 1, 1) - datetime.timedelta(days=1)
        return {"date_from": f"{year}-{month:02d}-01", "date_to": end.isoformat()}

    makers = {
        "word": lambda: {"text": rng.choice(WORDS)},
        "words": lambda: {"text": rng.choice(MULTI)},
        "phrase": lambda: {"text": rng.choice(PHRASES)},
        "typo": lambda: {"text": rng.choice(TYPOS)},
        "number": lambda: {"text": rng.choice(visible).number},
        "number_prefix": lambda: {"text": "/".join(rng.choice(visible).number.split("/")[:2])},
        "word+code+year": lambda: {
            "text": rng.choice(WORDS),
            "filters": {"code": rng.choice(CODES), "year": rng.choice(years)},
        },
        "sender": lambda: {
            "text": rng.choice(["", "permohonan", "undangan"]),
            "filters": {"sender": rng.choice(senders)},
        },
        "date_range": lambda: {"text": rng.choice(WORDS + MULTI), "filters": month_range()},
        "browse_by_date": lambda: {
            "text": "",
            "filters": {"kind": "letter", "year": rng.choice(years), "unit": rng.choice(units)},
            "sort": "date",
        },
        "facets_all": lambda: {"text": "", "filters": rng.choice([{}, {"kind": "letter"}, {"security": "biasa"}])},
        "deep_page": lambda: {"text": rng.choice(WORDS), "page": rng.randint(5, 20)},
    }
    return {name: [make() for _ in range(per_type)] for name, make in makers.items()}


# --- measuring -----------------------------------------------------------------------------------------------------


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[max(0, math.ceil(share * len(ordered)) - 1)]


def _facet_stats():
    """The embedded engine's count of searches with exact and with estimated facets (None for other engines)."""
    try:
        from search.engines.embedded import FACET_STATS
    except ImportError:  # pragma: no cover - engines without it
        return None
    return FACET_STATS


def run_queries(engine, queries: dict[str, list[dict]], passes: int, facets: bool = True, exactness=None):
    from search.types import SearchQuery

    for batch in queries.values():  # warm up: caches and the database's pages
        for kwargs in batch:
            engine.search(SearchQuery(principals=USER, facets=facets, **kwargs))
    timings: dict[str, list[float]] = defaultdict(list)
    totals: dict[str, list[int]] = defaultdict(list)
    cpu: dict[str, list[float]] = defaultdict(list)
    stats = _facet_stats()
    for _ in range(passes):
        for name, batch in queries.items():
            before = dict(stats) if stats is not None else {}
            for kwargs in batch:
                started, started_cpu = time.perf_counter(), time.process_time()
                results = engine.search(SearchQuery(principals=USER, facets=facets, **kwargs))
                timings[name].append((time.perf_counter() - started) * 1000)
                cpu[name].append((time.process_time() - started_cpu) * 1000)
                totals[name].append(results.total)
            if stats is not None and exactness is not None:
                for key in ("exact", "estimated"):
                    exactness[name][key] += stats.get(key, 0) - before.get(key, 0)
    return timings, totals, cpu


def run_cold_textless(engine, queries: dict[str, list[dict]]) -> None:
    """Searches without text are answered from a per-process cache of their counts while the index does not
    change; this measures them with the cache emptied before each search (as after every index write)."""
    try:
        from search.engines import embedded
    except ImportError:  # pragma: no cover
        return
    from search.types import SearchQuery

    for name, batch in queries.items():
        textless = [kwargs for kwargs in batch if not kwargs.get("text")]
        if not textless:
            continue
        wall, cpu = [], []
        for kwargs in textless:
            embedded._COUNTS_CACHE.clear()
            started, started_cpu = time.perf_counter(), time.process_time()
            engine.search(SearchQuery(principals=USER, **kwargs))
            wall.append((time.perf_counter() - started) * 1000)
            cpu.append((time.process_time() - started_cpu) * 1000)
        print(
            f"  {name:16s} without text, counts cache emptied before each ({len(wall)} searches): "
            f"p50 {statistics.median(wall):.1f} ms, p95 {percentile(wall, 0.95):.1f} ms, "
            f"cpu p95 {percentile(cpu, 0.95):.1f} ms"
        )


def _statement_kind(sql: str) -> str:
    """Which part of a search a SQL statement is, by its shape (the embedded engine's statements)."""
    text = " ".join(sql.split()).lower()
    if text.startswith("with m as"):
        return "facets"
    if text.startswith(("select count(*)", "select (select count(*)")):
        return "count"
    if "naskah_search_indexedbody" in text or text.startswith("select id, kind"):
        return "fetch"
    if text.startswith("select d.id"):
        return "rank"
    if "naskah_search_indexedword" in text:
        return "typo"
    return "other"


def profile_queries(engine, queries: dict[str, list[dict]], explain: bool = False) -> None:
    """Where the CPU time of a search goes, per query type (embedded engines). Each search's SQL statements are
    captured (Django's execute_wrapper) and replayed to their last row, so a statement's cost includes the rows
    SQLite produces while they are fetched; "python" is the search's CPU time minus its statements' (parsing,
    snippets, building the results)."""
    from django.db import connection

    from search.types import SearchQuery

    parts = ("facets", "count", "rank", "typo", "fetch", "other", "python")
    print(f"  where the CPU time goes (mean ms per query): {'query type':16s} " + " ".join(f"{p:>7s}" for p in parts))
    for name, batch in queries.items():
        spent: dict[str, float] = defaultdict(float)
        for number, kwargs in enumerate(batch):
            statements: list[tuple[str, list]] = []

            def capture(execute, sql, params, many, context, statements=statements):
                statements.append((sql, params))
                return execute(sql, params, many, context)

            started = time.process_time()
            with connection.execute_wrapper(capture):
                engine.search(SearchQuery(principals=USER, **kwargs))
            total = (time.process_time() - started) * 1000
            replayed = 0.0
            with connection.cursor() as cursor:
                for sql, params in statements:
                    if not sql.lstrip().upper().startswith(("SELECT", "WITH")):
                        continue
                    begun = time.process_time()
                    cursor.execute(sql, params)
                    cursor.fetchall()
                    cost = (time.process_time() - begun) * 1000
                    spent[_statement_kind(sql)] += cost
                    replayed += cost
                    if explain and number == 0 and cost > 5:
                        cursor.execute("EXPLAIN QUERY PLAN " + sql, params)
                        plan = "; ".join(str(row[-1]) for row in cursor.fetchall())
                        print(f"    {name} {_statement_kind(sql)} {cost:.0f} ms: {plan}")
            spent["python"] += max(total - replayed, 0.0)
        print(f"  {'':47s}{name:16s} " + " ".join(f"{spent[p] / len(batch):7.1f}" for p in parts))


def run_baseline(baseline: Baseline, queries: dict[str, list[dict]], passes: int) -> dict[str, list[float]]:
    timings: dict[str, list[float]] = defaultdict(list)
    for batch in queries.values():
        for kwargs in batch:
            baseline.search(kwargs.get("text", ""))
    for _ in range(passes):
        for name, batch in queries.items():
            if not any(kwargs.get("text") for kwargs in batch):
                continue
            for kwargs in batch:
                if not kwargs.get("text"):
                    continue
                started = time.perf_counter()
                baseline.search(kwargs["text"])
                timings[name].append((time.perf_counter() - started) * 1000)
    return timings


def print_latency(timings, totals, base_timings, bare_timings, cpu, exactness=None) -> tuple[float, float, list[str]]:
    """One line per query type. "cpu p95": this process's CPU time per query (in-process engines: the latency
    without other processes competing for the cores); "no facets": the same queries' p95 with facets off."""
    print(
        f"  {'query type':16s} {'n':>4s} {'p50 ms':>8s} {'p95 ms':>8s} {'max ms':>8s} {'cpu p95':>8s} {'no facets':>9s}"
        f" {'avg hits':>9s}"
        f" | {'FTS5 p50':>8s} {'FTS5 p95':>8s} {'p95 ratio':>9s} | facets exact"
    )
    slow = []
    for name, values in timings.items():
        base = base_timings.get(name)
        base_part = (
            f"{statistics.median(base):8.2f} {percentile(base, 0.95):8.2f} "
            f"{percentile(values, 0.95) / max(percentile(base, 0.95), 1e-3):8.1f}x"
            if base
            else f"{'-':>8s} {'-':>8s} {'-':>9s}"
        )
        p95 = percentile(values, 0.95)
        if p95 >= TARGET_P95_MS:
            slow.append(name)
        print(
            f"  {name:16s} {len(values):4d} {statistics.median(values):8.2f} {p95:8.2f} {max(values):8.2f} "
            f"{percentile(cpu[name], 0.95):8.2f} {percentile(bare_timings[name], 0.95):9.2f} "
            f"{statistics.mean(totals[name]):9.0f} | {base_part} | {_exact_text(exactness, name)}"
        )
    every = [value for values in timings.values() for value in values]
    every_bare = [value for values in bare_timings.values() for value in values]
    every_base = [value for values in base_timings.values() for value in values]
    text_only = [value for name, values in timings.items() if name in base_timings for value in values]
    overall_p95 = percentile(every, 0.95)
    overall_cpu_p95 = percentile([v for values in cpu.values() for v in values], 0.95)
    base_p95 = percentile(every_base, 0.95)
    print(
        f"  {'overall':16s} {len(every):4d} {statistics.median(every):8.2f} {overall_p95:8.2f} {max(every):8.2f}"
        f" {overall_cpu_p95:8.2f}"
        f" {percentile(every_bare, 0.95):9.2f} {'':9s} | {statistics.median(every_base):8.2f} {base_p95:8.2f} "
        f"{percentile(text_only, 0.95) / max(base_p95, 1e-3):8.1f}x (text queries)"
    )
    return overall_p95, overall_cpu_p95, slow


def _exact_text(exactness, name: str) -> str:
    if not exactness or name not in exactness:
        return "-"
    exact, estimated = exactness[name]["exact"], exactness[name]["estimated"]
    if not estimated:
        return "all exact"
    return f"{exact} exact, {estimated} estimated"


# --- relevance -----------------------------------------------------------------------------------------------------


def corpus_documents():
    from search.types import STAFF, SearchDocument

    documents = []
    for line in (CORPUS / "truth.jsonl").read_text(encoding="utf-8").splitlines():
        if not line.strip():
            continue
        truth = json.loads(line)
        sifat = (truth.get("sifat") or "").lower()
        documents.append(
            SearchDocument(
                kind="letter",
                id=truth["file"],
                title=truth.get("subject", ""),
                principals=frozenset({STAFF}),
                body=truth.get("full_text", ""),
                number=truth.get("letter_number", ""),
                sender=truth.get("sender", ""),
                date=datetime.date.fromisoformat(truth["letter_date"]) if truth.get("letter_date") else None,
                code=truth.get("classification_code", ""),
                security="rahasia" if sifat == "rahasia" else "biasa",
                status="registered",
                unit="Sekretariat",
            )
        )
    return documents


def ndcg_at_10(ranked: list[str], relevant: dict[str, int]) -> float:
    dcg = sum((2 ** relevant.get(key, 0) - 1) / math.log2(rank + 2) for rank, key in enumerate(ranked[:10]))
    ideal = sorted(relevant.values(), reverse=True)[:10]
    idcg = sum((2**grade - 1) / math.log2(rank + 2) for rank, grade in enumerate(ideal))
    return dcg / idcg if idcg else 0.0


def relevance(engine, baseline: Baseline) -> None:
    from search.types import SearchQuery

    queries = [json.loads(line) for line in (CORPUS / "queries.jsonl").read_text().splitlines() if line.strip()]
    by_kind: dict[str, list[float]] = defaultdict(list)
    base_by_kind: dict[str, list[float]] = defaultdict(list)
    print(f"  {'id':4s} {'kind':7s} {'query':34s} {'nDCG@10':>8s} {'FTS5':>6s}  top hit")
    for query in queries:
        filters = {key: query[key] for key in ("date_from", "date_to") if query.get(key)}
        results = engine.search(SearchQuery(text=query["query"], principals=USER, filters=filters, per_page=10))
        ranked = [hit.id for hit in results.hits]
        relevant = {f"letter:{name}": grade for name, grade in query["relevant"].items()}
        score = ndcg_at_10([f"{hit.kind}:{hit.id}" for hit in results.hits], relevant)
        base_score = ndcg_at_10(baseline.search(query["query"]), relevant)
        by_kind[query["kind"]].append(score)
        base_by_kind[query["kind"]].append(base_score)
        print(
            f"  {query['id']:4s} {query['kind']:7s} {query['query'][:34]:34s} {score:8.3f} {base_score:6.3f}  "
            f"{ranked[0] if ranked else '-'} ({results.total} hits)"
        )
    for kind in sorted(by_kind):
        print(
            f"  nDCG@10 {kind:7s} {statistics.mean(by_kind[kind]):.3f}"
            f"  (FTS5 {statistics.mean(base_by_kind[kind]):.3f}, {len(by_kind[kind])} queries)"
        )
    every = [value for values in by_kind.values() for value in values]
    every_base = [value for values in base_by_kind.values() for value in values]
    print(f"  nDCG@10 mean    {statistics.mean(every):.3f}  (FTS5 {statistics.mean(every_base):.3f})")


# --- the run -------------------------------------------------------------------------------------------------------


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="10000,100000")
    parser.add_argument("--per-type", type=int, default=30, help="queries of each type")
    parser.add_argument("--passes", type=int, default=2, help="measured passes over the queries (after a warm-up)")
    parser.add_argument("--seed", type=int, default=20261122)
    parser.add_argument("--elasticsearch", action="store_true", help="keep ELASTICSEARCH_URL (default: embedded)")
    parser.add_argument("--no-relevance", action="store_true")
    parser.add_argument("--explain", action="store_true", help="print the query plans of the costly statements")
    args = parser.parse_args()
    sizes = [int(size) for size in args.sizes.split(",") if size.strip()]

    with tempfile.TemporaryDirectory(prefix="naskah-bench-search-") as data_dir:
        _setup_django(data_dir, args.elasticsearch)
        from search_synth import Archive

        from search.engines import get_engine

        engine = get_engine()
        engine.ensure_ready()
        archive = Archive(seed=args.seed)
        print(f"engine: {engine.name}; machine: {os.cpu_count()} cores; scratch data: {data_dir}")
        verdicts = []
        for size in sizes:
            started = time.perf_counter()
            documents = list(archive.letters(size))
            generated = time.perf_counter() - started
            kinds = defaultdict(int)
            for document in documents:
                kinds[document.kind] += 1
            print(
                f"\n== {size:,} documents ({', '.join(f'{n:,} {k}s' for k, n in sorted(kinds.items()))}; "
                f"generated in {generated:.1f} s) =="
            )
            started = time.perf_counter()
            written = engine.rebuild(iter(documents))
            index_s = time.perf_counter() - started
            baseline = Baseline(Path(data_dir) / "baseline.sqlite3")
            base_s = baseline.load(documents)
            print(
                f"  full index (rebuild): {written:,} docs in {index_s:.1f} s = {written / index_s:,.0f} docs/s"
                f"  | bare FTS5 insert: {base_s:.1f} s = {len(documents) / base_s:,.0f} docs/s"
                f"  | ratio {index_s / base_s:.1f}x"
            )
            tail = documents[-1000:]
            started = time.perf_counter()
            for offset in range(0, len(tail), 100):
                engine.index(tail[offset : offset + 100])
            incremental_s = time.perf_counter() - started
            print(
                f"  incremental index(): {len(tail):,} docs in batches of 100 in {incremental_s:.1f} s = "
                f"{len(tail) / incremental_s:,.0f} docs/s"
            )
            queries = build_queries(documents, args.per_type, args.seed + size)
            load_before = os.getloadavg()[0]
            exactness: dict[str, dict[str, int]] = defaultdict(lambda: defaultdict(int))
            timings, totals, cpu = run_queries(engine, queries, args.passes, exactness=exactness)
            bare_timings, _, _ = run_queries(engine, queries, 1, facets=False)
            base_timings = run_baseline(baseline, queries, args.passes)
            load = max(load_before, os.getloadavg()[0])
            print(f"  load average (1 min) while querying: up to {load:.2f} on {os.cpu_count()} cores")
            overall_p95, overall_cpu_p95, slow = print_latency(
                timings, totals, base_timings, bare_timings, cpu, exactness
            )
            if engine.name != "elasticsearch":
                run_cold_textless(engine, queries)
                profile_queries(engine, queries, explain=args.explain)
            verdicts.append((size, overall_p95, overall_cpu_p95, load, slow))
            if size == sizes[0] and not args.no_relevance:
                corpus = corpus_documents()
                engine.index(corpus)
                baseline.load(corpus)
                print(f"\n  relevance: {len(corpus)} corpus letters among {size:,} synthetic ones (as {sorted(USER)})")
                relevance(engine, baseline)
                engine.delete("letter", [document.id for document in corpus])
            baseline.db.close()
        if not args.no_relevance:  # the same queries on the corpus letters alone: ranking without look-alikes
            corpus = corpus_documents()
            engine.rebuild(iter(corpus))
            baseline = Baseline(Path(data_dir) / "baseline.sqlite3")
            baseline.load(corpus)
            print(f"\n  relevance without distractors: the {len(corpus)} corpus letters alone")
            relevance(engine, baseline)
            baseline.db.close()
        print()
        failed = False
        for size, overall_p95, overall_cpu_p95, load, slow in verdicts:
            met = overall_p95 < TARGET_P95_MS
            failed |= size >= 100_000 and not met
            print(
                f"p95 at {size:,}: {overall_p95:.1f} ms (target < {TARGET_P95_MS:.0f} ms): "
                f"{'met' if met else 'not met'}; cpu p95 {overall_cpu_p95:.1f} ms "
                f"({'met' if overall_cpu_p95 < TARGET_P95_MS else 'not met'} on CPU time); load up to {load:.2f}"
                + (f"; slow types: {', '.join(slow)}" if slow else "")
            )
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
