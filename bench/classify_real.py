"""Classification on the real letters, replayed on text that ``bench/capture_real.py --texts DIR`` saved.

OCR of the real letters takes minutes; the code suggestions take a second. This reruns field extraction and the
suggestions on each letter's saved text, as the pipeline does (no trained model, the shipped crosswalk, the
configured cut-over), and prints per letter and in total whether the first and the first three suggestions hold a
code a clerk would accept (codes.jsonl) and whether a suggestion took a serial from the number as a code. The
figures equal those of ``capture_real.py`` for the same text.

    .venv/bin/python bench/capture_real.py --texts var/real_texts     # once: OCR, saves the text
    .venv/bin/python bench/classify_real.py var/real_texts [-v] [--only surat_14.jpg ...]
"""

from __future__ import annotations

import argparse
import datetime
import json
import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))


def _setup() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "naskah.settings.dev")
    os.environ.setdefault("NASKAH_LOG_LEVEL", "ERROR")
    os.environ.pop("DATABASE_URL", None)
    import django

    django.setup()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("texts", type=Path, help="The folder capture_real.py --texts wrote.")
    parser.add_argument("--only", nargs="*", default=[], help="Only these file names.")
    parser.add_argument("-v", "--verbose", action="store_true", help="Print each suggestion's reasons.")
    args = parser.parse_args()
    _setup()
    from django.conf import settings

    from archive import conf
    from archive.classification.crosswalk import read_crosswalk_csv
    from archive.classification.scheme import load_scheme
    from archive.classification.suggest import suggest_codes
    from archive.extraction import extract_fields
    from bench.capture_real import _serial_taken

    corpus = Path(settings.SHARED_DIR) / "corpus" / "real"
    truth = {Path(r["file"]).name: r for r in map(json.loads, (corpus / "truth.jsonl").read_text().splitlines())}
    codes = {Path(r["file"]).name: r for r in map(json.loads, (corpus / "codes.jsonl").read_text().splitlines())}
    scheme, crosswalk = load_scheme(), read_crosswalk_csv()
    cutover_setting = conf.get("ARCHIVE_SCHEME_CUTOVER")
    cutover = datetime.date.fromisoformat(cutover_setting) if cutover_setting else None
    names = sorted(p.name.removesuffix(".json") for p in args.texts.glob("*.json"))
    names = [n for n in names if n in truth and (not args.only or n in args.only)]
    top1 = top3 = serials = 0
    print(f"{'letter':14s} top1 top3 serial  top-3 (acceptable)")
    for name in names:
        saved = json.loads((args.texts / f"{name}.json").read_text())
        fields = extract_fields(saved["text"], ocr_confidence=saved.get("mean_confidence"))
        suggestions = suggest_codes(
            text=saved["text"], fields=fields, scheme=scheme, model=None, k=3, cutover=cutover, crosswalk=crosswalk
        )
        suggested = [s.code for s in suggestions]
        acceptable = codes[name]["acceptable_codes"]
        hit1 = bool(suggested) and suggested[0] in acceptable
        hit3 = any(code in acceptable for code in suggested[:3])
        serial = _serial_taken([{"number_code": s.number_code, "reasons": s.reasons} for s in suggestions], truth[name])
        top1, top3, serials = top1 + hit1, top3 + hit3, serials + serial
        print(
            f"{name:14s} {'y' if hit1 else '-':>4s} {'y' if hit3 else '-':>4s} {'SERIAL' if serial else '-':>6s}  "
            f"{' '.join(suggested):40s} ({' '.join(acceptable)})"
        )
        if args.verbose:
            subject = fields.subject.value if fields.subject else None
            number = fields.number.value if fields.number else None
            print(f"    number {number!r} subject {subject!r}")
            for s in suggestions:
                print(f"    {s.code} {s.score:.3f} {s.title[:60]}")
                for reason in s.reasons:
                    print(f"        {reason[:150]}")
    n = len(names) or 1
    print(f"acceptable code top-1 {top1 / n:.1%}, top-3 {top3 / n:.1%} ({top3}/{len(names)})")
    print(f"serials taken as codes: {serials}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
