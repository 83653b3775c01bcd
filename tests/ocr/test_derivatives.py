"""Derivatives: the searchable PDF (scan plus invisible text) and the first-page thumbnail."""

from __future__ import annotations

import io

import pdfplumber
import pytest
from PIL import Image

from ocr.derivatives import searchable_pdf, thumbnail
from ocr.extract import extract_document
from tests.ocr import samples


def pdf_texts(data: bytes) -> list[str]:
    with pdfplumber.open(io.BytesIO(data)) as pdf:
        return [page.extract_text() or "" for page in pdf.pages]


def pdf_sizes(data: bytes) -> list[tuple[float, float]]:
    with pdfplumber.open(io.BytesIO(data)) as pdf:
        return [(float(page.width), float(page.height)) for page in pdf.pages]


def test_scanned_image_becomes_a_searchable_pdf():
    data = samples.encode(samples.letter_image(), "PNG")
    result = searchable_pdf(data, extract_document(data))
    assert result.startswith(b"%PDF")
    assert "Diskominfo" in pdf_texts(result)[0]
    width, height = pdf_sizes(result)[0]
    assert width == pytest.approx(1240 / 150 * 72, abs=2)  # the scan keeps its printed size


def test_upside_down_pages_come_out_upright():
    data = samples.tiff_pages([samples.letter_image(), samples.letter_image().rotate(180)])
    doc = extract_document(data)
    assert [page.rotation for page in doc.pages] == [0, 180]
    texts = pdf_texts(searchable_pdf(data, doc))
    assert len(texts) == 2
    assert all("PEMERINTAH KABUPATEN" in text for text in texts)


def test_born_digital_pdf_is_returned_unchanged():
    data = samples.text_pdf()
    assert searchable_pdf(data, extract_document(data)) == data


def test_mixed_pdf_keeps_text_pages_and_adds_text_to_scans():
    data = samples.merge_pdfs(
        samples.text_pdf(), samples.image_pdf([samples.letter_image(("Lampiran daftar nama pegawai",))])
    )
    texts = pdf_texts(searchable_pdf(data, extract_document(data)))
    assert "Diskominfo" in texts[0]
    assert "Lampiran daftar nama pegawai" in texts[1]


@pytest.mark.parametrize(
    ("make", "height"),
    [
        (lambda: samples.text_pdf(), round(200 * 842 / 595)),  # A4
        (lambda: samples.encode(samples.letter_image(), "JPEG"), round(200 * 600 / 1240)),
        (lambda: samples.tiff_pages([samples.letter_image(), samples.letter_image(("x",))]), round(200 * 600 / 1240)),
    ],
    ids=["pdf", "jpeg", "tiff"],
)
def test_thumbnail_is_a_png_of_the_first_page(make, height):
    image = Image.open(io.BytesIO(thumbnail(make(), width=200)))
    assert (image.format, image.width) == ("PNG", 200)
    assert image.height == pytest.approx(height, abs=1)
