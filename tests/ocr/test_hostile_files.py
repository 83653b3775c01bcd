"""Hostile input, made here and small: refused, failed clearly or passed safely, nothing written or left."""

from __future__ import annotations

import multiprocessing.util
import os
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest

from ocr.errors import ExtractionFailed, RefusedFile
from ocr.extract import extract_document
from ocr.types import ExtractedDocument
from tests.ocr import samples

PNG = samples.encode(samples.letter_image(("Surat Dinas",), width=700), "PNG")
SVG = (
    b'<?xml version="1.0"?>\n<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10">'
    b"<script>alert(1)</script></svg>"
)
HTML = b"<!DOCTYPE html>\n<html><head><title>Surat</title></head><body><p>Nomor 1</p></body></html>"


@dataclass(frozen=True)
class Case:
    """A file name and content, and what extract_document must do with it."""

    id: str
    name: str
    content: Callable[[], bytes]
    outcome: type[Exception] | None  # None: accepted
    expect: tuple[str, ...] = ()  # in the error message, or checked on the result by ``accepted``


def truncated_pdf() -> bytes:
    data = samples.text_pdf()
    return data[: len(data) * 2 // 3]


def corrupt_tiff() -> bytes:
    data = samples.tiff_pages([samples.letter_image(("Surat",), width=400)])
    return data[:16] + bytes(range(256)) * 8


CASES = [
    Case("empty file", "kosong.pdf", lambda: b"", RefusedFile, ("kosong",)),
    Case("png named .pdf", "surat.pdf", lambda: PNG, None, ("image/png", "Surat Dinas")),
    Case("html named .pdf", "surat.pdf", lambda: HTML, RefusedFile, ("HTML document", "(text/html)")),
    Case("svg named .pdf", "surat.pdf", lambda: SVG, RefusedFile, ("SVG", "(image/svg+xml)")),
    Case("zip named .pdf", "surat.pdf", samples.zip_bytes, RefusedFile, ("Zip archive", "(application/zip)")),
    Case("truncated pdf", "surat.pdf", truncated_pdf, ExtractionFailed, ("terpotong",)),
    Case("corrupt tiff", "surat.tif", corrupt_tiff, ExtractionFailed, ("rusak",)),
    Case("password pdf", "surat.pdf", lambda: samples.encrypted_pdf(samples.text_pdf()), RefusedFile, ("kata sandi",)),
    Case(
        "301 blank pages",
        "arsip.pdf",
        lambda: samples.blank_pdf(301),
        RefusedFile,
        ("terlalu banyak halaman: 301 (batas 300)",),
    ),
    Case("three blank pages", "kosong.pdf", lambda: samples.blank_pdf(3), None, ("blank", "blank", "blank")),
    Case("decompression bomb", "bom.png", samples.png_bomb, RefusedFile, ("terlalu besar",)),
    Case("over-long name", "s" * 240 + ".png", lambda: PNG, None, ("image/png", "Surat Dinas")),
    Case("non-ascii name", "Surat dinas ñ ü 日本 ☃.png", lambda: PNG, None, ("image/png", "Surat Dinas")),
    Case("path-traversing name", "../../../../etc/passwd.png", lambda: PNG, None, ("image/png", "Surat Dinas")),
]


def accepted(doc: ExtractedDocument, expect: tuple[str, ...]) -> None:
    if expect and all(item == "blank" for item in expect):
        assert [page.blank for page in doc.pages] == [True] * len(expect)
        assert doc.text == "\f" * (len(expect) - 1)
        return
    assert doc.mime_type == expect[0]
    assert expect[1] in doc.text


def snapshot(folder: Path) -> list[tuple[str, int]]:
    return sorted((str(p.relative_to(folder)), p.stat().st_size) for p in folder.rglob("*"))


def place(case: Case, root: Path) -> Path:
    """Write the case's file where its name points, staying inside ``root`` (the name is hostile)."""
    inbox = root / "a" / "b" / "c" / "d" / "inbox"
    inbox.mkdir(parents=True)
    path = inbox / case.name
    path.parent.mkdir(parents=True, exist_ok=True)
    assert path.resolve().is_relative_to(root.resolve())
    path.write_bytes(case.content())
    return path


@pytest.mark.parametrize("case", CASES, ids=[case.id for case in CASES])
@pytest.mark.parametrize("as_bytes", [False, True], ids=["path", "bytes"])
def test_hostile_input(case, as_bytes, tmp_path, monkeypatch):
    # multiprocessing keeps one temporary folder per process (pymp-*, removed at exit): make it before the private
    # folder is set, so that only what the reading itself leaves behind is counted.
    multiprocessing.util.get_temp_dir()
    private_tmp = tmp_path / "tmp"
    private_tmp.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(private_tmp))
    inbox = tmp_path / "files"
    path = place(case, inbox)
    before = snapshot(inbox)
    source = path.read_bytes() if as_bytes else path
    if case.outcome is None:
        accepted(extract_document(source), case.expect)
    else:
        with pytest.raises(case.outcome) as caught:
            extract_document(source)
        assert all(item in str(caught.value) for item in case.expect), str(caught.value)
    assert snapshot(inbox) == before
    assert os.listdir(private_tmp) == []
