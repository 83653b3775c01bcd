"""File types are judged from content by libmagic; names are only compared and reported."""

from __future__ import annotations

import pytest

from ocr.errors import RefusedFile
from ocr.filetypes import detect, name_mismatch
from tests.ocr import samples


@pytest.fixture(scope="module")
def page():
    return samples.letter_image(("Surat",), width=300)


@pytest.mark.parametrize(
    ("fmt", "mime", "kind"),
    [("PNG", "image/png", "png"), ("JPEG", "image/jpeg", "jpeg"), ("TIFF", "image/tiff", "tiff")],
)
def test_images_are_accepted_by_content(page, fmt, mime, kind):
    filetype = detect(samples.encode(page, fmt))
    assert (filetype.mime_type, filetype.kind) == (mime, kind)
    assert filetype.description


def test_pdf_is_accepted():
    filetype = detect(samples.image_pdf([samples.letter_image(("x",), width=200)]))
    assert (filetype.mime_type, filetype.kind) == ("application/pdf", "pdf")
    assert "PDF" in filetype.description


def test_empty_is_refused():
    with pytest.raises(RefusedFile, match="kosong"):
        detect(b"")


def test_refusal_names_what_was_found():
    with pytest.raises(RefusedFile) as caught:
        detect(b"<!DOCTYPE html><html><body><p>Surat</p></body></html>")
    message = str(caught.value)
    assert message.startswith("Jenis berkas tidak diterima:")
    assert "HTML document" in message
    assert "(text/html)" in message


def test_plain_text_is_refused():
    with pytest.raises(RefusedFile, match="text/plain"):
        detect(b"Nomor : 005/477/2023\n")


def test_a_name_that_lies_is_reported_but_content_wins(page):
    filetype = detect(samples.encode(page, "PNG"))
    note = name_mismatch("surat.pdf", filetype)
    assert note is not None
    assert "application/pdf" in note
    assert "image/png" in note


@pytest.mark.parametrize("name", [None, "", "surat.png", "SURAT.PNG", "folder/../surat.png", "tanpa-akhiran"])
def test_no_note_when_the_name_agrees_or_says_nothing(page, name):
    assert name_mismatch(name, detect(samples.encode(page, "PNG"))) is None
