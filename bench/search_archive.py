"""Search benchmark: the project's engine against a bare Tantivy index of the same documents, in the same run.

For each size (default 10,000 and 100,000 letters of bench/search_synth.py; 1,000,000 on demand with ``--sizes``):
- indexing: the full build (``engine.rebuild``) in documents per second, the time spent generating the synthetic
  letters left out, against the bare index built from the same analysis (search.text, the engine's own analyser);
  the incremental rate (``engine.index`` in batches of 100, as the outbox applier writes); the size of both indexes;
- latency per query kind, p50/p95 in ms, every query asked as a signed-in staff member with facets on, as the Cari
  page asks it. The floor, measured over the same queries, is the bare index answering the same compiled Tantivy
  query (text clauses and filters, already built: no Python around it) without the access filter, with the same
  facet aggregation, and no hit fetched or snippet cut. The ratio is engine p95 / bare p95;
- the resident memory of a web process (a fresh one, Django loaded) before and after opening the index and
  answering the query mix;
- the load average while querying (the machine is shared).

Relevance: the letters of ../shared/corpus/dev (truth.jsonl: text and fields, id = file name) are indexed among the
synthetic letters of the first size; queries.jsonl is run and nDCG@10 printed per query and overall (engine, and
the bare index with the text clauses only); then again on the corpus letters alone.

Targets (issue 15): p95 <= 15 ms at 100,000 and <= 100 ms at 1,000,000 on this two-core machine, <= 1.5x the bare
index; indexing >= 5,000 documents/s; nDCG@10 no lower than 0.763 (the FTS5 engine's, with distractors).

    .venv/bin/python bench/search_archive.py [--sizes 10000,100000] [--per-type 30] [--passes 2]
        [--elasticsearch]   # the engine from ELASTICSEARCH_URL instead of Tantivy (no bare comparison of it)

One million letters: ``--sizes 1000000 --no-relevance``. Generating the letters takes about 5 minutes of CPU and
they are generated twice (engine, bare), indexing each time about 3-4 minutes on a quiet machine; with the queries
and the memory probe, count on 20-30 minutes and ~3 GB of scratch space in /tmp. Each size prints how long it took.
"""

from __future__ import annotations

import argparse
import datetime
import json
import math
import os
import random
import statistics
import subprocess
import sys
import tempfile
import time
from collections import defaultdict
from collections.abc import Iterable, Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

CORPUS = ROOT.parent / "shared" / "corpus" / "dev"
USER = frozenset({"public", "staff", "user:7", "position:12"})  # a staff member holding one post
TARGETS = {100_000: 15.0, 1_000_000: 100.0}  # p95 ms
TARGET_RATIO = 1.5
TARGET_RATE = 5_000
TARGET_NDCG = 0.763


def _setup_django(data_dir: str, keep_elasticsearch: bool) -> None:
    os.environ.update(DJANGO_SETTINGS_MODULE="naskah.settings.dev", NASKAH_DATA_DIR=data_dir, NASKAH_LOG_LEVEL="ERROR")
    os.environ.pop("DATABASE_URL", None)
    os.environ.pop("NASKAH_SEARCH_INDEX_DIR", None)
    if not keep_elasticsearch:
        os.environ.pop("ELASTICSEARCH_URL", None)
    import django

    django.setup()


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


class Sample:
    """What the query mix takes from the archive while it streams by: numbers the asker may see, senders, units."""

    def __init__(self, seed: int, keep: int = 5_000):
        self.rng = random.Random(seed)
        self.keep = keep
        self.numbers: list[str] = []
        self.senders: set[str] = set()
        self.units: set[str] = set()
        self.seen = 0

    def watch(self, documents: Iterable) -> Iterator:
        for document in documents:
            if document.kind == "letter":
                self.senders.add(document.sender)
                self.units.add(document.unit)
                if document.principals & USER and document.number:
                    self.seen += 1  # reservoir sample of the visible numbers
                    if len(self.numbers) < self.keep:
                        self.numbers.append(document.number)
                    elif (slot := self.rng.randrange(self.seen)) < self.keep:
                        self.numbers[slot] = document.number
            yield document


def build_queries(sample: Sample, per_type: int, seed: int) -> dict[str, list[dict]]:
    """``kind -> [SearchQuery kwargs]``, seeded; numbers and senders are taken from the archive itself."""
    rng = random.Random(seed)
    senders, units, years = sorted(sample.senders), sorted(sample.units), ["2022", "2023", "2024"]

    def month_range():
        year, month = rng.choice([2022, 2023, 2024]), rng.randint(1, 12)
        end = datetime.date(year + (month == 12), month % 12 + 1, 1) - datetime.timedelta(days=1)
        return {"date_from": f"{year}-{month:02d}-01", "date_to": end.isoformat()}

    makers = {
        "word": lambda: {"text": rng.choice(WORDS)},
        "words": lambda: {"text": rng.choice(MULTI)},
        "phrase": lambda: {"text": rng.choice(PHRASES)},
        "typo": lambda: {"text": rng.choice(TYPOS)},
        "number": lambda: {"text": rng.choice(sample.numbers)},
        "number_prefix": lambda: {"text": "/".join(rng.choice(sample.numbers).split("/")[:2])},
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


# --- the bare index ------------------------------------------------------------------------------------------------


class Bare:
    """The same documents in a plain Tantivy index: the same analysis and fields, no principals, nothing stored but
    the key."""

    def __init__(self, path: Path):
        from search.engines.tantivy.schema import create_index

        self.index = create_index(path)
        self.path = path

    def load(self, documents: Iterable) -> tuple[int, float]:
        from search.engines.tantivy import documents as analysed

        writer = self.index.writer(heap_size=256_000_000, num_threads=1)
        count = 0
        for document in documents:
            out = analysed.indexed(document)  # the engine's own fields, less the principals and the stored hit
            out.add_bytes("stored", document.key.encode())  # read for the relevance run only
            writer.add_document(out)
            count += 1
        writer.commit()
        writer.wait_merging_threads()
        self.index.reload()
        return count, 0.0

    def compile(self, kwargs: dict, text_only: bool = False):
        """The engine's own query for ``kwargs`` without the access filter (built before timing)."""
        from search.engines.tantivy.queries import compose, filter_queries, text_plan
        from search.filters import clean
        from search.text import parse_query

        searcher = self.index.searcher()
        clauses = parse_query(kwargs.get("text", ""))
        plan = text_plan(searcher, clauses) if clauses else None
        filters = {} if text_only else clean(kwargs.get("filters", {}))
        by_date = kwargs.get("sort") == "date" or plan is None
        return compose(plan, filter_queries(filters)), by_date, filters.get("code")

    def run(self, compiled, page: int = 1, facets: bool = True) -> list:
        from tantivy import Order

        from search.engines.tantivy import facets as facet_counts

        query, by_date, code = compiled
        searcher = self.index.searcher()
        options = {"limit": 10, "offset": (page - 1) * 10, "count": True}
        if by_date:
            options.update(order_by_field="day", order=Order.Desc)
        result = searcher.search(query, **options)
        if facets and result.count:
            searcher.aggregate(query, facet_counts.aggregations(code))
        return result.hits


# --- measuring -----------------------------------------------------------------------------------------------------


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[max(0, math.ceil(share * len(ordered)) - 1)]


class Timed:
    """Iterate ``documents`` and count the time spent producing them (generation is not the engine's work)."""

    def __init__(self, documents: Iterable):
        self.documents = iter(documents)
        self.spent = 0.0
        self.spent_cpu = 0.0
        self.spent_thread = 0.0

    def __iter__(self):
        while True:
            started, started_cpu, started_thread = time.perf_counter(), time.process_time(), time.thread_time()
            try:
                document = next(self.documents)
            except StopIteration:
                document = None
            self.spent += time.perf_counter() - started
            self.spent_cpu += time.process_time() - started_cpu
            self.spent_thread += time.thread_time() - started_thread
            if document is None:
                return
            yield document


def run_engine(engine, queries: dict[str, list[dict]], passes: int):
    from search.types import SearchQuery

    def ask(kwargs):
        return engine.search(SearchQuery(principals=USER, **kwargs))

    for batch in queries.values():  # warm up
        for kwargs in batch:
            ask(kwargs)
    timings, totals, cpu = defaultdict(list), defaultdict(list), defaultdict(list)
    for _ in range(passes):
        for name, batch in queries.items():
            for kwargs in batch:
                started, started_cpu = time.perf_counter(), time.process_time()
                results = ask(kwargs)
                timings[name].append((time.perf_counter() - started) * 1000)
                cpu[name].append((time.process_time() - started_cpu) * 1000)
                totals[name].append(results.total)
    return timings, totals, cpu


def run_bare(bare: Bare, queries: dict[str, list[dict]], passes: int):
    compiled = {
        name: [(bare.compile(kwargs), kwargs.get("page", 1)) for kwargs in batch] for name, batch in queries.items()
    }
    for batch in compiled.values():
        for query, page in batch:
            bare.run(query, page)
    timings, cpu = defaultdict(list), defaultdict(list)
    for _ in range(passes):
        for name, batch in compiled.items():
            for query, page in batch:
                started, started_cpu = time.perf_counter(), time.process_time()
                bare.run(query, page)
                timings[name].append((time.perf_counter() - started) * 1000)
                cpu[name].append((time.process_time() - started_cpu) * 1000)
    return timings, cpu


def print_latency(timings, totals, cpu, bare_timings, bare_cpu) -> dict:
    """One line per query kind: wall-clock p50/p95/max and CPU-time p50/p95 (process time: the latency without
    other processes taking the cores), hits; the same for the bare index; the ratios of the p95s, wall and CPU."""
    columns = ["n", "p50 ms", "p95 ms", "max ms", "cpu p50", "cpu p95", "hits", "|", "bare p50", "bare p95"]
    columns += ["cpu p50", "cpu p95", "|", "ratio", "cpu"]
    print(f"  {'query kind':16s} " + " ".join(f"{name:>{1 if name == '|' else 7}s}" for name in columns))
    nan = [float("nan")]

    def line(name, values, cpus, bare, bare_cpus, hits) -> tuple[float, float, float, float]:
        p95, cpu95, bare95, bare_cpu95 = (percentile(v, 0.95) for v in (values, cpus, bare, bare_cpus))
        print(
            f"  {name:16s} {len(values):4d} {statistics.median(values):7.2f} {p95:7.2f} {max(values):7.2f} "
            f"{statistics.median(cpus):7.2f} {cpu95:7.2f} {hits:>6s} | {statistics.median(bare):8.2f} {bare95:8.2f} "
            f"{statistics.median(bare_cpus):7.2f} {bare_cpu95:7.2f} | "
            f"{p95 / max(bare95, 1e-3):5.2f}x {cpu95 / max(bare_cpu95, 1e-3):5.2f}x"
        )
        return p95, cpu95, bare95, bare_cpu95

    for name, values in timings.items():
        hits = f"{statistics.mean(totals[name]):.0f}"
        line(name, values, cpu[name], bare_timings.get(name) or nan, bare_cpu.get(name) or nan, hits)

    def every(table):
        return [value for values in table.values() for value in values] or nan

    p95, cpu95, bare95, bare_cpu95 = line(
        "overall", every(timings), every(cpu), every(bare_timings), every(bare_cpu), ""
    )
    return {"p95": p95, "cpu_p95": cpu95, "ratio": p95 / max(bare95, 1e-3), "cpu_ratio": cpu95 / max(bare_cpu95, 1e-3)}


def folder_size(path: Path) -> int:
    return sum(item.stat().st_size for item in path.rglob("*") if item.is_file())


RSS_SCRIPT = """
import json, os, sys
sys.path.insert(0, {root!r})
os.environ.update(DJANGO_SETTINGS_MODULE="naskah.settings.dev", NASKAH_DATA_DIR={data!r}, NASKAH_LOG_LEVEL="ERROR")
import django
django.setup()
import search.api, search.views  # what a web process has loaded before its first search

def rss():
    status = dict(line.split(":", 1) for line in open("/proc/self/status") if ":" in line)
    return {{key: int(status[key].split()[0]) // 1024 for key in ("VmRSS", "RssAnon", "RssFile")}}

before = rss()
from search.engines import get_engine
from search.types import SearchQuery
engine = get_engine()
for kwargs in json.loads({queries!r}):
    engine.search(SearchQuery(principals=frozenset({user!r}), **kwargs))
print(json.dumps({{"before": before, "after": rss()}}))
"""


def web_process_memory(data_dir: str, queries: dict[str, list[dict]]) -> dict:
    mix = [kwargs for batch in queries.values() for kwargs in batch]
    script = RSS_SCRIPT.format(root=str(ROOT), data=data_dir, queries=json.dumps(mix), user=sorted(USER))
    out = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=True)
    return json.loads(out.stdout.strip().splitlines()[-1])


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


def relevance(engine, bare: Bare | None) -> float:
    from search.types import SearchQuery

    queries = [json.loads(line) for line in (CORPUS / "queries.jsonl").read_text().splitlines() if line.strip()]
    scores, bare_scores = [], []
    print(f"  {'id':4s} {'kind':7s} {'query':34s} {'nDCG@10':>8s} {'bare':>6s}  top hit")
    for query in queries:
        filters = {key: query[key] for key in ("date_from", "date_to") if query.get(key)}
        results = engine.search(SearchQuery(text=query["query"], principals=USER, filters=filters, per_page=10))
        relevant = {f"letter:{name}": grade for name, grade in query["relevant"].items()}
        score = ndcg_at_10([f"{hit.kind}:{hit.id}" for hit in results.hits], relevant)
        scores.append(score)
        bare_score = float("nan")
        if bare is not None:
            compiled = bare.compile({"text": query["query"], "filters": filters})
            searcher = bare.index.searcher()
            found = [searcher.doc(address).get_first("stored") for _score, address in bare.run(compiled, facets=False)]
            bare_score = ndcg_at_10([key.decode() for key in found], relevant)
            bare_scores.append(bare_score)
        top = results.hits[0].id if results.hits else "-"
        print(f"  {query['id']:4s} {query['kind']:7s} {query['query'][:34]:34s} {score:8.3f} {bare_score:6.3f}  "
              f"{top} ({results.total} hits)")  # fmt: skip
    mean = statistics.mean(scores)
    print(f"  nDCG@10 mean {mean:.3f} (bare {statistics.mean(bare_scores) if bare_scores else float('nan'):.3f}; "
          f"target >= {TARGET_NDCG}: {'met' if mean >= TARGET_NDCG else 'not met'})")  # fmt: skip
    return mean


# --- the run -------------------------------------------------------------------------------------------------------


def measure_size(engine, archive, size: int, args, data_dir: str) -> dict:
    from search.engines.tantivy.engine import TantivyEngine

    size_started = time.perf_counter()
    print(f"\n== {size:,} documents ==")
    from search.text import clear_caches, stem

    stem("pelatihan")  # Sastrawi's dictionary loaded before timing (once per process, for both loads)
    sample = Sample(args.seed)
    timed = Timed(sample.watch(archive.letters(size)))
    clear_caches()  # both loads start cold (as search_reindex does, in a fresh process)
    started, started_cpu, started_thread = time.perf_counter(), time.process_time(), time.thread_time()
    written = engine.rebuild(iter(timed))
    index_s = time.perf_counter() - started - timed.spent
    index_cpu = time.process_time() - started_cpu - timed.spent_cpu
    index_thread = time.thread_time() - started_thread - timed.spent_thread
    rate = written / index_s
    tantivy = isinstance(engine, TantivyEngine)
    bare = None
    line = f"  full index (rebuild): {written:,} docs in {index_s:.1f} s = {rate:,.0f} docs/s"
    line += f" (generating them took {timed.spent:.1f} s more, left out); CPU {index_cpu:.1f} s"
    line += f" = {written / index_cpu:,.0f} docs per CPU second (both threads: analysis in Python, Tantivy's writer)"
    line += (
        f"\n    of which the analysis thread {index_thread:.1f} s = {written / index_thread:,.0f} docs per CPU second"
        " (the bound on the wall-clock rate when Tantivy's writer thread has the other core)"
    )
    if tantivy:
        bare = Bare(Path(data_dir) / f"bare-{size}")
        timed_bare = Timed(archive.letters(size))
        clear_caches()
        started = time.perf_counter()
        started_cpu = time.process_time()
        bare.load(timed_bare)
        bare_s = time.perf_counter() - started - timed_bare.spent
        bare_cpu = time.process_time() - started_cpu - timed_bare.spent_cpu
        line += (
            f"\n  bare Tantivy, same analysis: {bare_s:.1f} s = {written / bare_s:,.0f} docs/s; CPU {bare_cpu:.1f} s"
        )
        line += f" = {written / bare_cpu:,.0f} docs per CPU second"
    print(line)
    if tantivy:
        generation = engine.store.root / engine.store.pointer().generation
        print(
            f"  index size: {folder_size(generation) / 2**20:,.1f} MiB"
            f" | bare: {folder_size(bare.path) / 2**20:,.1f} MiB"
        )
    tail = list(archive.letters(1000))  # updates of letters the index holds, as the outbox applier writes them
    started = time.perf_counter()
    for offset in range(0, len(tail), 100):
        engine.index(tail[offset : offset + 100])
    incremental_s = time.perf_counter() - started
    print(f"  incremental index(): {len(tail):,} docs in batches of 100: {len(tail) / incremental_s:,.0f} docs/s")
    queries = build_queries(sample, args.per_type, args.seed + size)
    load_before = os.getloadavg()[0]
    timings, totals, cpu = run_engine(engine, queries, args.passes)
    bare_timings, bare_cpu = run_bare(bare, queries, args.passes) if bare else ({}, {})
    load = max(load_before, os.getloadavg()[0])
    print(f"  load average (1 min) while querying: up to {load:.2f} on {os.cpu_count()} cores")
    figures = print_latency(timings, totals, cpu, bare_timings, bare_cpu)
    if tantivy:
        memory = web_process_memory(data_dir, queries)
        before, after = memory["before"], memory["after"]
        print(f"  web process resident memory: {before['VmRSS']} MiB before opening the index, {after['VmRSS']} MiB "
              f"after {sum(map(len, queries.values()))} searches (anonymous {after['RssAnon']} MiB, "
              f"mapped index files {after['RssFile'] - before['RssFile']} MiB)")  # fmt: skip
    print(f"  this size took {time.perf_counter() - size_started:,.0f} s (generating, indexing twice, querying)")
    return {"size": size, **figures, "rate": rate, "cpu_rate": written / index_cpu, "load": load, "bare": bare}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="10000,100000")
    parser.add_argument("--per-type", type=int, default=30, help="queries of each kind")
    parser.add_argument("--passes", type=int, default=2, help="measured passes over the queries (after a warm-up)")
    parser.add_argument("--seed", type=int, default=20261122)
    parser.add_argument("--elasticsearch", action="store_true", help="the engine from ELASTICSEARCH_URL")
    parser.add_argument("--no-relevance", action="store_true")
    args = parser.parse_args()
    sizes = [int(size) for size in args.sizes.split(",") if size.strip()]
    run_started = time.perf_counter()

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
            verdict = measure_size(engine, archive, size, args, data_dir)
            verdicts.append(verdict)
            if size == sizes[0] and not args.no_relevance:
                corpus = corpus_documents()
                engine.index(corpus)
                if verdict["bare"] is not None:
                    verdict["bare"].load(corpus)
                print(f"\n  relevance: {len(corpus)} corpus letters among {size:,} synthetic ones (as {sorted(USER)})")
                verdict["ndcg"] = relevance(engine, verdict["bare"])
                engine.delete("letter", [document.id for document in corpus])
        if not args.no_relevance:
            corpus = corpus_documents()
            engine.rebuild(iter(corpus))
            print(f"\n  relevance without distractors: the {len(corpus)} corpus letters alone")
            relevance(engine, None)
        print()
        failed = False
        for verdict in verdicts:
            size, p95, ratio, rate = verdict["size"], verdict["p95"], verdict["ratio"], verdict["rate"]
            target = TARGETS.get(size)
            parts = [
                f"p95 at {size:,}: {p95:.1f} ms, cpu p95 {verdict['cpu_p95']:.1f} ms"
                + (f" (target <= {target:.0f} ms: {'met' if p95 <= target else 'not met'})" if target else "")
            ]
            parts.append(
                f"{ratio:.2f}x bare Tantivy (cpu {verdict['cpu_ratio']:.2f}x)"
                f" (target <= {TARGET_RATIO}x: {'met' if ratio <= TARGET_RATIO else 'not met'})"
            )
            parts.append(
                f"indexing {rate:,.0f} docs/s, {verdict['cpu_rate']:,.0f} per CPU second"
                f" (target >= {TARGET_RATE:,}: {'met' if rate >= TARGET_RATE else 'not met'})"
            )
            parts.append(f"load up to {verdict['load']:.2f}")
            print("; ".join(parts))
            failed |= bool(target) and p95 > target
        print(f"whole run: {time.perf_counter() - run_started:.0f} s")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
