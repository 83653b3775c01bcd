"""SOP import benchmark on the real SOP documents of ../shared/corpus/real/sops against their transcription.

For every document it reads the file as the importer does (text layer, OCR, DOCX) and parses it into
drafts, then compares them with ``sops_truth.jsonl``:

- SOPs found: a truth SOP is found when one draft carries its title (compared without case, punctuation or
  a leading 'SOP' / 'Standar Pelayanan'; similarity >= 0.8, each draft used once);
- steps recovered: a truth step is recovered when a step of the matched draft starts with its words
  (similarity >= 0.7 over the truth's length, in order);
- steps right: a recovered step whose lane is the truth's lane (a step the truth gives no lane must have
  none) and whose duration is the truth's (the same text, or the same number of minutes; a step the truth
  gives no time must have none);
- extra drafts: drafts that match no truth SOP; and drafts made from documents that hold no SOP (a few real
  letters of ../shared/corpus/real/letters, one of them a decree with no SOP appendix).

The baseline, measured in the same run, is the text-only importer (the document's text flattened, then
the seed parser) on the same files. Floors (issue 10): >= 90% of SOPs found, >= 85% of steps recovered,
>= 80% of steps with the right lane and duration, no draft for a document without an SOP. Usage:

    .venv/bin/python bench/sop_import_real.py [--corpus DIR] [--only sop_04.pdf ...] [--no-baseline]
        [--ocr-cache DIR] [--verbose]

``--ocr-cache`` keeps Tesseract's answers per page image between runs (for development only; the figures
to report are those of a run without it).
"""

from __future__ import annotations

import argparse
import json
import os
import re
import sys
import tempfile
import time
import unicodedata
from dataclasses import dataclass, field
from difflib import SequenceMatcher
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

DEFAULT_CORPUS = ROOT.parent / "shared" / "corpus" / "real"
NEGATIVE_LETTERS = ("surat_22.pdf", "surat_16.pdf", "surat_23.pdf")  # a decree without appendix, two letters
FLOORS = {"found": 0.90, "recovered": 0.85, "right": 0.80}
_PREFIXES = re.compile(
    r"^(standar(d|t)?\s+operasional\s+prosedure?\s*(sop)?|sop|standar\s+pelayanan(\s+publik)?|prosedur)\s+"
)
_UNITS = {"menit": 1, "mnt": 1, "jam": 60, "hari": 480, "minggu": 2400}


def _setup_django(data_dir: str) -> None:
    os.environ.update(DJANGO_SETTINGS_MODULE="naskah.settings.dev", NASKAH_DATA_DIR=data_dir, NASKAH_LOG_LEVEL="ERROR")
    os.environ.pop("DATABASE_URL", None)
    import django

    django.setup()


def norm(text: str | None) -> str:
    text = unicodedata.normalize("NFKD", text or "").encode("ascii", "ignore").decode().lower()
    return re.sub(r"[^a-z0-9]+", " ", text).strip()


def title_core(text: str) -> str:
    return _PREFIXES.sub("", norm(text) + " ").strip()


def similarity(a: str, b: str) -> float:
    return SequenceMatcher(None, a, b, autojunk=False).ratio() if a and b else 0.0


def title_score(draft_title: str, truth_title: str) -> float:
    a, b = title_core(draft_title), title_core(truth_title)
    if a and b and (a in b or b in a) and min(len(a), len(b)) >= 0.6 * max(len(a), len(b)):
        return 1.0
    return similarity(a, b)


def step_score(parsed: str, truth: str) -> float:
    a = re.sub(r"^\d+\s+", "", norm(parsed))
    b = norm(truth)
    return similarity(a[: len(b) + 3], b)


def minutes_of(text: str | None, *, default_unit: str = "") -> int | None:
    """Return the minutes a duration text states ('15 Menit', '1-3 jam' -> 60, '30"' -> 30), else None."""
    text = norm((text or "").replace('"', " menit "))
    match = re.search(r"\b(\d+)(?:\s+\d+)?\s+(?:[a-z]+\s+)?(menit|mnt|jam|hari|minggu)\b", text)
    if match:
        return int(match.group(1)) * _UNITS[match.group(2)]
    if default_unit and re.fullmatch(r"\d+", text):
        return int(text) * _UNITS[default_unit]
    return None


def duration_right(step, truth: dict, *, default_unit: str) -> bool:
    truth_text = truth.get("duration_text")
    parsed_text = getattr(step, "duration_text", "") or ""
    has_value = step.duration_value is not None
    if not truth_text:
        return not has_value and not parsed_text
    if parsed_text and similarity(norm(parsed_text), norm(truth_text)) >= 0.85:
        return True
    wanted = minutes_of(truth_text, default_unit=default_unit)
    if wanted is None or not has_value:
        return False
    from cms.durations import to_minutes

    return to_minutes(step.duration_value, step.duration_unit) == wanted


def actor_right(step, truth: dict, lanes: list[str]) -> bool:
    wanted = truth.get("actor")
    if not wanted:
        return not step.actor
    if not step.actor or not lanes:
        return False
    best = max(lanes, key=lambda lane: similarity(norm(step.actor), norm(lane)))
    return best == wanted and similarity(norm(step.actor), norm(best)) >= 0.6


def align_steps(parsed: list, truth: list[dict]) -> list[tuple[int, int]]:
    """Return (truth index, parsed index) pairs of the best in-order alignment (similarity >= 0.7)."""
    rows, cols = len(truth), len(parsed)
    score = [[0.0] * (cols + 1) for _ in range(rows + 1)]
    for i in range(rows - 1, -1, -1):
        for j in range(cols - 1, -1, -1):
            sim = step_score(parsed[j].activity, truth[i]["activity"])
            take = (1 + sim + score[i + 1][j + 1]) if sim >= 0.7 else -1.0
            score[i][j] = max(take, score[i + 1][j], score[i][j + 1])
    pairs, i, j = [], 0, 0
    while i < rows and j < cols:
        sim = step_score(parsed[j].activity, truth[i]["activity"])
        if sim >= 0.7 and abs(score[i][j] - (1 + sim + score[i + 1][j + 1])) < 1e-9:
            pairs.append((i, j))
            i, j = i + 1, j + 1
        elif score[i][j] == score[i + 1][j]:
            i += 1
        else:
            j += 1
    return pairs


@dataclass
class DocumentScore:
    name: str
    sops: int = 0
    found: int = 0
    steps: int = 0
    recovered: int = 0
    right: int = 0
    extra: int = 0
    drafts: int = 0
    seconds: float = 0.0
    error: str = ""
    lines: list[str] = field(default_factory=list)


def score_document(name: str, parsed_sops: list, truths: list[dict]) -> DocumentScore:
    result = DocumentScore(name=name, sops=len(truths), steps=sum(len(t["steps"]) for t in truths))
    result.drafts = len(parsed_sops)
    pairs = sorted(
        (
            (title_score(sop.title, truth["title"]), d, t)
            for d, sop in enumerate(parsed_sops)
            for t, truth in enumerate(truths)
        ),
        reverse=True,
    )
    used_d, used_t, matched = set(), set(), {}
    for value, d, t in pairs:
        if value >= 0.8 and d not in used_d and t not in used_t:
            used_d.add(d)
            used_t.add(t)
            matched[t] = d
    result.found = len(matched)
    result.extra = len(parsed_sops) - len(matched)
    for t, truth in enumerate(truths):
        if t not in matched:
            result.lines.append(f"    not found: {truth['title']!r}")
            continue
        sop = parsed_sops[matched[t]]
        unit = "menit" if any(re.fullmatch(r'\d+"?', (s.get("duration_text") or "")) for s in truth["steps"]) else ""
        lanes = truth.get("actors") or []
        for ti, pi in align_steps(list(sop.steps), truth["steps"]):
            result.recovered += 1
            step, want = sop.steps[pi], truth["steps"][ti]
            a_ok, d_ok = actor_right(step, want, lanes), duration_right(step, want, default_unit=unit)
            result.right += a_ok and d_ok
            if not (a_ok and d_ok):
                result.lines.append(
                    f"    step {want['n']}: lane {step.actor!r} (want {want.get('actor')!r}), "
                    f"time {_shown(step)!r} (want {want.get('duration_text')!r})"
                )
        got = len(align_steps(list(sop.steps), truth["steps"]))
        if got < len(truth["steps"]):
            result.lines.append(f"    {truth['title']!r}: {got}/{len(truth['steps'])} steps ({len(sop.steps)} parsed)")
    for d, sop in enumerate(parsed_sops):
        if d not in used_d:
            result.lines.append(f"    extra draft: {sop.title!r} ({len(sop.steps)} steps)")
    return result


def _shown(step) -> str:
    if step.duration_value is not None:
        return f"{step.duration_value} {step.duration_unit}"
    return getattr(step, "duration_text", "") or ""


def _pct(part: int, whole: int) -> str:
    return f"{100 * part / whole:5.1f}%" if whole else "   - "


def print_table(title: str, scores: list[DocumentScore], negatives: list[DocumentScore]) -> dict:
    print(f"\n{title}")
    print(f"{'document':14} {'SOPs found':>11} {'steps recovered':>16} {'lane+time right':>16} {'extra':>6} {'s':>6}")
    totals = DocumentScore(name="total")
    for s in scores:
        for attr in ("sops", "found", "steps", "recovered", "right", "extra", "seconds"):
            setattr(totals, attr, getattr(totals, attr) + getattr(s, attr))
        note = f"  ERROR {s.error}" if s.error else ""
        print(
            f"{s.name:14} {s.found:>4}/{s.sops:<4}  {s.recovered:>6}/{s.steps:<4}     {s.right:>6}/{s.steps:<4}     "
            f"{s.extra:>4} {s.seconds:6.1f}{note}"
        )
    print(
        f"{'total':14} {totals.found:>4}/{totals.sops:<4}  {totals.recovered:>6}/{totals.steps:<4}     "
        f"{totals.right:>6}/{totals.steps:<4}     {totals.extra:>4} {totals.seconds:6.1f}"
    )
    print(
        f"{'':14} {_pct(totals.found, totals.sops):>11} {_pct(totals.recovered, totals.steps):>16} "
        f"{_pct(totals.right, totals.steps):>16}"
    )
    negative_drafts = sum(n.drafts for n in negatives)
    for n in negatives:
        why = f" ({n.error})" if n.error else ""
        print(f"{n.name:14} no SOP in it: {n.drafts} draft(s){why}")
    return {
        "found": totals.found / totals.sops if totals.sops else 0,
        "recovered": totals.recovered / totals.steps if totals.steps else 0,
        "right": totals.right / totals.steps if totals.steps else 0,
        "negative_drafts": negative_drafts,
        "extra": totals.extra,
    }


def run_documents(paths: list[Path], truth: dict[str, list[dict]], parse, *, verbose: bool) -> list[DocumentScore]:
    scores = []
    for path in paths:
        started = time.perf_counter()
        error, sops = "", []
        try:
            document = parse(path)
            sops = list(document.sops)
            error = "; ".join(getattr(document, "notes", ())[:1]) if not sops else ""
        except Exception as exc:  # noqa: BLE001 - a failing document is a figure, not a crash
            error = f"{type(exc).__name__}: {exc}"[:120]
        score = score_document(path.name, sops, truth.get(path.name, []))
        score.seconds = time.perf_counter() - started
        score.error = score.error or (error if not sops else "")
        if verbose:
            for line in score.lines:
                print(f"{path.name}{line}")
        scores.append(score)
    return scores


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS)
    parser.add_argument("--only", nargs="*", default=[])
    parser.add_argument("--no-baseline", action="store_true")
    parser.add_argument("--ocr-cache", type=Path)
    parser.add_argument("--verbose", action="store_true")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as data_dir:
        _setup_django(data_dir)
        from cms import importers

        if args.ocr_cache:
            importers.ocr_words.enable_cache(args.ocr_cache)
        truth: dict[str, list[dict]] = {}
        for line in (args.corpus / "sops_truth.jsonl").read_text().splitlines():
            item = json.loads(line)
            truth.setdefault(item["file"], []).append(item)
        paths = sorted(p for p in (args.corpus / "sops").iterdir() if not args.only or p.name in args.only)
        negatives = [args.corpus / "letters" / name for name in NEGATIVE_LETTERS]
        negatives = [p for p in negatives if p.exists() and not args.only]
        texts: dict[Path, str] = {}

        def parse_new(path: Path):
            return importers.parse_file(path, keep_text=texts)

        def parse_baseline(path: Path):
            return importers.parse_document(texts[path]) if path in texts else importers.parse_document("")

        scores = run_documents(paths, truth, parse_new, verbose=args.verbose)
        negative_scores = run_documents(negatives, {}, parse_new, verbose=args.verbose)
        if not args.no_baseline:
            baseline = run_documents(paths, truth, parse_baseline, verbose=False)
            baseline_neg = run_documents(negatives, {}, parse_baseline, verbose=False)
            print_table(
                "Baseline: text-only importer (flattened text -> seed parser), same files", baseline, baseline_neg
            )
        result = print_table("Importer (layout-aware), real SOP documents", scores, negative_scores)
    print("\nFloors (issue 10):")
    ok = True
    for key, floor in FLOORS.items():
        met = result[key] >= floor
        ok &= met
        print(f"  {key:10} {100 * result[key]:5.1f}% (floor {100 * floor:.0f}%): {'met' if met else 'NOT met'}")
    met = result["negative_drafts"] == 0
    ok &= met
    print(
        f"  drafts from documents without an SOP: {result['negative_drafts']} (floor 0): {'met' if met else 'NOT met'}"
    )
    print(f"  drafts that match no SOP: {result['extra']}")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
