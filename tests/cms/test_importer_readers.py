"""Reading SOP documents: text, a generated Word file with a table, text-layer and scanned PDFs, refusals."""

from __future__ import annotations

import shutil
from decimal import Decimal
from pathlib import Path

import docx
import pytest
import weasyprint
from PIL import Image, ImageDraw, ImageFont

from cms.importers import (
    DocumentReadError,
    UnsupportedDocument,
    collect_paths,
    parse_document,
    read_document,
    steps_minutes,
)

ROWS = [
    ("1", "Operator menerima dan mencatat surat masuk", "X", "", "Surat masuk", "5 menit", "Agenda surat"),
    ("2", "Kasi memeriksa surat dan memberi disposisi", "", "X", "Agenda surat", "1 jam", "Disposisi"),
    ("3", "Operator mengarsipkan surat", "X", "", "Disposisi", "10 - 20 menit", "Arsip"),
]
HEADER = ("No", "Kegiatan", "Operator", "Kasi", "Kelengkapan", "Waktu", "Output")


def assert_three_steps(text: str) -> None:
    (sop,) = parse_document(text).sops
    assert sop.title == "Prosedur Pengagendaan Surat Masuk"
    assert sop.actors == ("Operator", "Kasi")
    assert [step.activity for step in sop.steps] == [row[1] for row in ROWS]
    assert [step.actor for step in sop.steps] == ["Operator", "Kasi", "Operator"]
    assert [(s.duration_value, s.duration_max, s.duration_unit) for s in sop.steps] == [
        (Decimal(5), None, "minute"),
        (Decimal(1), None, "hour"),
        (Decimal(10), Decimal(20), "minute"),
    ]
    assert [step.output for step in sop.steps] == ["Agenda surat", "Disposisi", "Arsip"]
    assert steps_minutes(sop.steps) == 75
    assert sop.requirements == ("KTP", "Surat permohonan")
    assert (sop.cost, sop.is_free) == ("Gratis", True)


def test_text_file_utf8_and_windows_encoding(tmp_path: Path, seeds_dir: Path):
    seed = read_document(seeds_dir / "002_f8282cca168daaab.txt")
    assert seed.kind == "text"
    assert "IKMT-SD-01-03" in seed.text
    legacy = tmp_path / "sop.txt"
    legacy.write_bytes("Prosedur Pengagendaan Surat Masuk\nBiaya: Rp 5.000 – gratis untuk lansia\n".encode("cp1252"))
    assert "– gratis" in read_document(legacy).text


def test_word_document_with_a_table_reads_as_tab_rows(tmp_path: Path):
    document = docx.Document()
    document.add_paragraph("Prosedur Pengagendaan Surat Masuk")
    document.add_paragraph("Persyaratan")
    document.add_paragraph("1. KTP")
    document.add_paragraph("2. Surat permohonan")
    table = document.add_table(rows=1 + len(ROWS), cols=len(HEADER))
    for row, values in zip(table.rows, [HEADER, *ROWS], strict=True):
        for cell, value in zip(row.cells, values, strict=True):
            cell.text = value
    document.add_paragraph("Biaya / Tarif")
    document.add_paragraph("Gratis")
    path = tmp_path / "sop-tanpa-ekstensi"  # the name says nothing: the content decides
    document.save(str(path))
    source = read_document(path)
    assert source.kind == "docx"
    assert "1\tOperator menerima dan mencatat surat masuk\tX\t\tSurat masuk\t5 menit\tAgenda surat" in source.text
    assert_three_steps(source.text)


def test_word_merged_cells_appear_once(tmp_path: Path):
    document = docx.Document()
    table = document.add_table(rows=2, cols=3)
    table.cell(0, 0).merge(table.cell(0, 1)).text = "Pelaksana"
    table.cell(0, 2).text = "Waktu"
    path = tmp_path / "merged.docx"
    document.save(str(path))
    assert read_document(path).text.splitlines()[0] == "Pelaksana\t\tWaktu"


def _html_table() -> str:
    cells = "".join(f"<th>{value}</th>" for value in HEADER)
    rows = "".join("<tr>" + "".join(f"<td>{value}</td>" for value in row) + "</tr>" for row in ROWS)
    return (
        "<style>table{border-collapse:collapse} td,th{border:1px solid #000;padding:3px}</style>"
        "<p>Prosedur Pengagendaan Surat Masuk</p><p>Persyaratan</p><p>1. KTP</p><p>2. Surat permohonan</p>"
        f"<table><tr>{cells}</tr>{rows}</table><p>Biaya / Tarif</p><p>Gratis</p>"
    )


def test_pdf_text_layer_with_a_ruled_table(tmp_path: Path):
    path = tmp_path / "sop.pdf"
    path.write_bytes(weasyprint.HTML(string=_html_table()).write_pdf())
    source = read_document(path)
    assert (source.kind, source.ocr_pages) == ("pdf", ())
    assert_three_steps(source.text)


SCANNED_LINES = [
    "Prosedur Pengagendaan Surat Masuk",
    "",
    "Pelaksana Mutu Baku",
    "No Kegiatan Operator Kasi Kelengkapan Waktu Output",
    "1 Menerima surat masuk Surat 5 menit Agenda",
    "2 Memeriksa surat Agenda 10 menit Disposisi",
    "3 Mengarsipkan surat Disposisi 2 jam Arsip",
]


@pytest.mark.skipif(shutil.which("tesseract") is None, reason="Tesseract is not installed")
def test_scanned_pdf_goes_through_ocr(tmp_path: Path):
    image = Image.new("L", (1700, 1000), "white")
    draw = ImageDraw.Draw(image)
    font = ImageFont.load_default(size=40)
    for index, line in enumerate(SCANNED_LINES):
        draw.text((80, 80 + index * 90), line, fill="black", font=font)
    path = tmp_path / "scan.pdf"
    image.save(path, "PDF", resolution=200)
    source = read_document(path)
    assert (source.kind, source.ocr_pages) == ("pdf", (1,))
    (sop,) = parse_document(source.text).sops
    assert sop.title == "Prosedur Pengagendaan Surat Masuk"
    assert sop.actors == ("Operator", "Kasi")
    assert [(s.duration_value, s.duration_unit) for s in sop.steps] == [
        (Decimal(5), "minute"),
        (Decimal(10), "minute"),
        (Decimal(2), "hour"),
    ]
    assert steps_minutes(sop.steps) == 135


def test_unsupported_types_are_refused_naming_what_was_found(tmp_path: Path):
    png = tmp_path / "sop.txt"  # an image, whatever the name says
    Image.new("RGB", (10, 10), "white").save(png, "PNG")
    with pytest.raises(UnsupportedDocument, match=r"sop\.txt: jenis berkas tidak didukung: PNG image.*\(image/png\)"):
        read_document(png)
    archive = tmp_path / "sop.docx"
    shutil.make_archive(str(tmp_path / "bundle"), "zip", root_dir=tmp_path, base_dir="sop.txt")
    (tmp_path / "bundle.zip").rename(archive)
    with pytest.raises(UnsupportedDocument, match=r"\(application/zip\)"):
        read_document(archive)
    empty = tmp_path / "empty.pdf"
    empty.write_bytes(b"")
    with pytest.raises(UnsupportedDocument, match="berkas kosong"):
        read_document(empty)


def test_missing_and_broken_files(tmp_path: Path):
    with pytest.raises(DocumentReadError, match="tidak ditemukan"):
        read_document(tmp_path / "none.txt")
    broken = tmp_path / "broken.pdf"
    broken.write_bytes(b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\n")
    with pytest.raises(DocumentReadError, match=r"broken\.pdf: PDF rusak"):
        read_document(broken)


def test_collect_paths_expands_folders_and_skips_hidden_files(tmp_path: Path):
    (tmp_path / "b.txt").write_text("b")
    (tmp_path / "a.txt").write_text("a")
    (tmp_path / ".hidden").write_text("x")
    named_twice = tmp_path / "b.txt"
    missing = tmp_path / "missing.txt"  # reported later by the reader, not dropped silently
    assert collect_paths([tmp_path, named_twice, missing]) == [tmp_path / "a.txt", named_twice, missing]
