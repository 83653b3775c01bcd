"""Tests of the searchable PDF's text layer: the words of the first recognition, placed on their boxes."""

from __future__ import annotations

import io

import pdfplumber
import pytesseract

from ocr.derivatives import searchable_pdf
from ocr.extract import extract_document
from tests.ocr import samples

LINES = ("PEMERINTAH KABUPATEN LUMAJANG", "Nomor : 005/123/427.43/2024", "Perihal : Undangan Rapat Koordinasi")


def test_searchable_pdf_reuses_the_recognised_words(monkeypatch):
    data = samples.encode(samples.letter_image(LINES, width=1240, dpi=150), "PNG", dpi=150)
    document = extract_document(data)
    page = document.pages[0]
    assert page.words and any(word.text == "Undangan" for word in page.words)

    calls = []
    original = pytesseract.image_to_pdf_or_hocr
    monkeypatch.setattr(pytesseract, "image_to_pdf_or_hocr", lambda *a, **k: calls.append(1) or original(*a, **k))
    pdf = searchable_pdf(data, document)
    assert calls == []  # no second recognition

    with pdfplumber.open(io.BytesIO(pdf)) as opened:
        pdf_page = opened.pages[0]
        text = pdf_page.extract_text()
        assert "005/123/427.43/2024" in text and "Undangan Rapat Koordinasi" in text
        assert len(pdf_page.images) == 1
        found = {word["text"]: word for word in pdf_page.extract_words()}
    box = next(word for word in page.words if word.text == "Undangan")
    scale = 72 / 150
    assert abs(found["Undangan"]["x0"] - box.left * scale) < 2
    assert abs(found["Undangan"]["top"] - box.top * scale) < box.height * scale
