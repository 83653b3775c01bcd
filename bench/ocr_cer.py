"""Per-letter CER of extract_document against plain `tesseract <page> - -l ind+eng`, with wall times.

Usage: .venv/bin/python bench/ocr_cer.py [--plain-cache FILE] [--set OCR_NAME=VALUE ...] [letter ...]
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import time
from pathlib import Path

import django

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "naskah.settings.test")
django.setup()

from django.conf import settings  # noqa: E402

from ocr.extract import extract_document  # noqa: E402
from ocr.metrics import cer  # noqa: E402
from tests.ocr.corpus import letter_cer, load_letters, plain_pages  # noqa: E402


def plain_for(letter, cache: dict[str, list[str]]) -> tuple[list[str], float]:
    """Return plain Tesseract's pages (from the cache when present) and the seconds spent."""
    if letter.name in cache:
        return cache[letter.name], 0.0
    start = time.perf_counter()
    pages = plain_pages(letter.path)
    cache[letter.name] = pages
    return pages, time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("letters", nargs="*")
    parser.add_argument("--plain-cache", type=Path)
    parser.add_argument("--set", action="append", default=[], metavar="OCR_NAME=VALUE")
    args = parser.parse_args()
    for item in args.set:
        name, value = item.split("=", 1)
        setattr(settings, name, json.loads(value))
    cache = json.loads(args.plain_cache.read_text()) if args.plain_cache and args.plain_cache.exists() else {}
    letters = load_letters(Path(settings.SHARED_DIR) / "corpus" / "dev")
    letters = [x for x in letters if not args.letters or x.name in args.letters]
    print(f"{'letter':17} {'kind':12} pg {'ours':>7} {'plain':>7} {'t_ours':>6} {'t_plain':>7}  per page ours/plain")
    sums = [0.0, 0.0, 0.0, 0.0]
    for letter in letters:
        start = time.perf_counter()
        doc = extract_document(letter.path)
        t_ours = time.perf_counter() - start
        plain, t_plain = plain_for(letter, cache)
        ours_cer = letter_cer([p.text for p in doc.pages], letter.truth)
        plain_cer = letter_cer(plain, letter.truth)
        per_page = " ".join(
            f"{cer(p.text, t):.3f}/{cer(q, t):.3f}{'(' + p.method[0] + ')' if p.method != 'ocr' else ''}"
            for p, q, t in zip(doc.pages, plain, letter.truth["page_texts"], strict=False)
        )
        for i, value in enumerate((ours_cer, plain_cer, t_ours, t_plain)):
            sums[i] += value
        print(
            f"{letter.name:17} {letter.truth['kind']:12} {doc.page_count:2} {ours_cer:7.4f} {plain_cer:7.4f}"
            f" {t_ours:6.1f} {t_plain:7.1f}  {per_page}",
            flush=True,
        )
    n = max(1, len(letters))
    print(f"{'mean / total':17} {'':12}    {sums[0] / n:7.4f} {sums[1] / n:7.4f} {sums[2]:6.1f} {sums[3]:7.1f}")
    if args.plain_cache:
        args.plain_cache.write_text(json.dumps(cache))


if __name__ == "__main__":
    main()
