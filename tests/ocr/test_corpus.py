"""The 12 dev letters against truth.jsonl, with a CER no worse than plain Tesseract's (both printed)."""

from __future__ import annotations

import json
import time
from pathlib import Path

import pytest
from django.conf import settings

from ocr.extract import extract_document
from ocr.metrics import cer
from tests.ocr.corpus import Letter, letter_cer, load_letters, plain_pages

pytestmark = pytest.mark.slow

EPSILON = 0.005  # ours may be at most this much worse than plain Tesseract on a letter
CORPUS = Path(settings.SHARED_DIR) / "corpus" / "dev"
TRUTH = CORPUS / "truth.jsonl"
LETTER_NAMES = [json.loads(line)["file"] for line in TRUTH.read_text().splitlines() if line] if TRUTH.is_file() else []


@pytest.fixture(scope="module")
def letters() -> dict[str, Letter]:
    return {letter.name: letter for letter in load_letters(CORPUS)}


def test_the_corpus_is_there():
    assert len(LETTER_NAMES) == 12, f"The dev corpus is missing or changed: {TRUTH}"


@pytest.fixture(scope="module")
def table(request):
    rows: list[tuple[str, str, float, float, float, float]] = []
    yield rows
    reporter = request.config.pluginmanager.getplugin("terminalreporter")
    capture = request.config.pluginmanager.getplugin("capturemanager")
    if not rows or reporter is None or capture is None:
        return
    n = len(rows)
    mean_ours, mean_plain = sum(r[2] for r in rows) / n, sum(r[3] for r in rows) / n
    totals = f"{sum(r[4] for r in rows):7.1f} {sum(r[5] for r in rows):8.1f}"
    with capture.global_and_fixture_disabled():
        reporter.write_line("\n\nletter            kind            ours   plain  t_ours  t_plain (CER; seconds)")
        for name, kind, ours, plain, t_ours, t_plain in rows:
            reporter.write_line(f"{name:17} {kind:12} {ours:7.4f} {plain:7.4f} {t_ours:7.1f} {t_plain:8.1f}")
        reporter.write_line(f"{'mean / total':30} {mean_ours:7.4f} {mean_plain:7.4f} {totals}")


@pytest.mark.parametrize("name", LETTER_NAMES)
def test_letter(name, letters, table, capsys):
    letter = letters[name]
    truth = letter.truth
    start = time.perf_counter()
    doc = extract_document(letter.path)
    t_ours = time.perf_counter() - start
    start = time.perf_counter()
    plain = plain_pages(letter.path)
    t_plain = time.perf_counter() - start
    ours_cer = letter_cer([page.text for page in doc.pages], truth)
    plain_cer = letter_cer(plain, truth)
    table.append((name, truth["kind"], ours_cer, plain_cer, t_ours, t_plain))
    with capsys.disabled():
        print(f"\n{name}: CER ours {ours_cer:.4f}, plain tesseract {plain_cer:.4f} ({t_ours:.1f} s / {t_plain:.1f} s)")

    assert doc.page_count == truth["pages"] == len(truth["page_texts"])
    expected_method = "text_layer" if truth["kind"] == "born_digital" else "ocr"
    assert [page.method for page in doc.pages] == [expected_method] * truth["pages"]
    if truth["kind"] == "born_digital":
        assert ours_cer < 0.01
    if truth.get("blank_back_page"):
        back = doc.pages[-1]
        assert back.blank and back.text == ""
    rotations = truth.get("page_rotation") or [0] * truth["pages"]
    assert [page.rotation for page in doc.pages] == rotations
    for page, rotation in zip(doc.pages, rotations, strict=True):
        if rotation:
            assert cer(page.text, truth["page_texts"][page.number - 1]) < 0.1
    assert ours_cer <= plain_cer + EPSILON
