"""extract_document end to end on small generated letters, with the real Tesseract and poppler."""

from __future__ import annotations

import os

import pytest

from ocr.errors import ExtractionFailed, RefusedFile
from ocr.extract import extract_document
from ocr.types import Limits
from tests.ocr import samples


@pytest.fixture(scope="module")
def png() -> bytes:
    return samples.encode(samples.letter_image(), "PNG")


def test_png_letter_is_recognised_line_by_line(png):
    doc = extract_document(png)
    assert (doc.mime_type, doc.page_count) == ("image/png", 1)
    page = doc.pages[0]
    assert (page.number, page.method, page.rotation, page.blank) == (1, "ocr", 0, False)
    assert "Nomor : 005/477/Diskominfo/2023" in page.text.split("\n")
    assert "PEMERINTAH KABUPATEN TEMANGGUNG" in page.text.split("\n")
    assert page.confidence is not None and 80 <= page.confidence <= 100
    assert doc.text == page.text


def test_a_path_is_only_read(tmp_path, png):
    source = tmp_path / "surat.png"
    source.write_bytes(png)
    before = (sorted(os.listdir(tmp_path)), source.stat().st_mtime_ns)
    doc = extract_document(source)
    assert doc.declared_name == "surat.png" and doc.notes == ()
    assert (sorted(os.listdir(tmp_path)), source.stat().st_mtime_ns) == before
    assert source.read_bytes() == png
    assert extract_document(str(source)).text == extract_document(png).text == doc.text


def test_born_digital_pdf_uses_its_text_layer():
    doc = extract_document(samples.text_pdf())
    page = doc.pages[0]
    assert (doc.mime_type, page.method, page.confidence) == ("application/pdf", "text_layer", None)
    assert "Perihal : Undangan Pelatihan Pengelola Media" in page.text.split("\n")


def test_pages_run_in_parallel_and_progress_is_reported(settings):
    settings.OCR_WORKERS = 2
    data = samples.tiff_pages(
        [samples.letter_image(("Halaman pertama surat dinas",)), samples.letter_image(("Halaman kedua lampiran",))]
    )
    calls: list[tuple[int, int]] = []
    doc = extract_document(data, progress=lambda done, total: calls.append((done, total)))
    assert calls == [(1, 2), (2, 2)]
    assert [page.number for page in doc.pages] == [1, 2]
    assert "pertama" in doc.pages[0].text and "kedua" in doc.pages[1].text
    assert doc.text == doc.pages[0].text + "\f" + doc.pages[1].text


def test_mixed_pdf_reads_text_pages_and_scans_the_others():
    scanned = samples.image_pdf([samples.letter_image(("Lampiran daftar nama pegawai",))])
    doc = extract_document(samples.merge_pdfs(samples.text_pdf(), scanned))
    assert [page.method for page in doc.pages] == ["text_layer", "ocr"]
    assert "Lampiran daftar nama pegawai" in doc.pages[1].text


def test_upside_down_scan_is_turned():
    data = samples.encode(samples.letter_image().rotate(180), "JPEG", quality=90)
    page = extract_document(data).pages[0]
    assert page.rotation == 180
    assert "Nomor : 005/477/Diskominfo/2023" in page.text.split("\n")


def test_blank_back_page_of_a_scan_is_empty():
    blank = samples.letter_image(("",))
    doc = extract_document(samples.image_pdf([samples.letter_image(), blank]))
    assert doc.page_count == 2
    assert (doc.pages[1].text, doc.pages[1].blank, doc.pages[1].confidence) == ("", True, None)
    assert doc.text.endswith("\f")


@pytest.mark.parametrize(
    ("limits", "message"),
    [
        (Limits(max_bytes=1000), "terlalu besar"),
        (Limits(max_pixels=100_000), "terlalu besar"),
        (Limits(max_pages=1), "terlalu banyak halaman: 2"),
    ],
)
def test_limits_refuse(limits, message):
    data = samples.tiff_pages([samples.letter_image(), samples.letter_image()])
    with pytest.raises(RefusedFile, match=message):
        extract_document(data, limits=limits)


def test_settings_choose_the_engine_and_the_limits(settings, png):
    settings.OCR_ENGINE = "ocr.engines.dummy.DummyEngine"
    assert extract_document(png).text.startswith("dummy text 1240x600")  # 150 dpi: not enlarged
    settings.OCR_MAX_BYTES = 100
    with pytest.raises(RefusedFile, match="batas 0 MB"):
        extract_document(png)


def test_a_name_that_lies_is_noted_and_ignored(tmp_path, png):
    source = tmp_path / "surat.pdf"
    source.write_bytes(png)
    doc = extract_document(source)
    assert doc.mime_type == "image/png"
    assert len(doc.notes) == 1 and "application/pdf" in doc.notes[0]


def test_languages_are_passed_to_the_engine(png):
    assert "Diskominfo" in extract_document(png, languages="eng").text
    with pytest.raises(ExtractionFailed, match="Tesseract"):
        extract_document(png, languages="xyz")


def test_an_engine_failure_in_a_worker_process_is_reported(settings):
    settings.OCR_WORKERS = 2
    data = samples.tiff_pages([samples.letter_image(), samples.letter_image()])
    with pytest.raises(ExtractionFailed, match="Tesseract"):
        extract_document(data, languages="xyz")


def test_unreadable_path_and_wrong_source_type(tmp_path):
    with pytest.raises(ExtractionFailed, match="tidak dapat dibaca"):
        extract_document(tmp_path / "tidak-ada.pdf")
    with pytest.raises(TypeError):
        extract_document(12345)  # type: ignore[arg-type]


def test_bytes_like_sources_are_accepted(settings, png):
    settings.OCR_ENGINE = "ocr.engines.dummy.DummyEngine"
    assert extract_document(bytearray(png)).page_count == 1
    assert extract_document(memoryview(png)).mime_type == "image/png"
