"""The layout-aware importer on documents made here: an SOP AP flowchart table (text layer and scanned),
a poor OCR text layer, direction controls, Word service standards, and a decree without its appendix."""

from __future__ import annotations

import shutil
from decimal import Decimal
from pathlib import Path

import pytest

from cms.importers import parse_file
from cms.importers.types import DECISION, SERVICE_STANDARD
from tests.cms.layout_fixtures import (
    LANES,
    STEPS,
    write_bidi_pdf,
    write_decree_without_appendix,
    write_poor_layer_pdf,
    write_scanned,
    write_sop_ap_pdf,
    write_sop_ap_with_identity_pdf,
    write_standards_docx,
)

needs_tesseract = pytest.mark.skipif(shutil.which("tesseract") is None, reason="Tesseract is not installed")


def _assert_flowchart(sop, *, exact_text: bool = True):
    assert sop.actors == LANES
    assert [step.actor for step in sop.steps] == [LANES[lane] for _, lane, *_ in STEPS]
    assert [step.kind for step in sop.steps][1] == DECISION
    assert sop.steps[1].no_goto_step == 1
    assert [(s.duration_value, s.duration_unit) for s in sop.steps[:3]] == [
        (Decimal(5), "minute"),
        (Decimal(10), "minute"),
        (Decimal(1), "day"),
    ]
    assert sop.steps[3].duration_value is None and sop.steps[3].duration_text == "Setiap saat"
    if exact_text:
        assert [step.activity for step in sop.steps] == [activity for activity, *_ in STEPS]
        assert [step.output for step in sop.steps] == [output for *_, output in STEPS]


def test_sop_ap_table_with_a_text_layer(tmp_path: Path):
    document = parse_file(write_sop_ap_pdf(tmp_path / "sop.pdf"))
    (sop,) = document.sops
    assert sop.title == "SOP Pelayanan Surat Keterangan Domisili"
    assert sop.layout == "sop_ap"
    _assert_flowchart(sop)


def test_an_sop_named_only_in_its_identity_sheet_takes_that_name(tmp_path: Path):
    (sop,) = parse_file(write_sop_ap_with_identity_pdf(tmp_path / "sop.pdf")).sops
    assert sop.title.lower().removeprefix("sop ") == "pelayanan surat pindah"
    assert sop.number == "045/SOP/PEM/2024"
    _assert_flowchart(sop)


@pytest.mark.slow
@needs_tesseract
def test_scanned_sop_ap_table_is_read_by_its_grid_and_symbols(tmp_path: Path):
    scan = write_scanned(write_sop_ap_pdf(tmp_path / "born-digital.pdf"), tmp_path / "scan.pdf")
    (sop,) = parse_file(scan).sops
    assert "Surat Keterangan Domisili" in sop.title
    _assert_flowchart(sop, exact_text=False)
    assert sop.steps[0].activity.startswith("Mengajukan permohonan")


@pytest.mark.slow
@needs_tesseract
def test_a_poor_ocr_layer_is_detected_and_the_page_read_again(tmp_path: Path):
    poor = write_poor_layer_pdf(write_sop_ap_pdf(tmp_path / "sop.pdf"), tmp_path / "poor.pdf")
    document = parse_file(poor)
    (sop,) = document.sops
    _assert_flowchart(sop, exact_text=False)
    assert any("dibaca ulang dengan OCR" in note for note in document.notes)


def test_direction_controls_in_a_text_layer_are_dropped(tmp_path: Path):
    from cms.importers.pdf_pages import read_pdf_pages

    (page,) = read_pdf_pages(write_bidi_pdf(tmp_path / "bidi.pdf"))
    assert page.source == "text_layer"
    assert "Memeriksa" in [word.text for word in page.words]
    assert not any("\u202d" in word.text or "\u202c" in word.text for word in page.words)
    assert any("karakter kendali arah" in note for note in page.notes)


def test_word_service_standards_one_draft_each_named_by_their_own_title(tmp_path: Path):
    document = parse_file(write_standards_docx(tmp_path / "standar.docx"))
    assert [sop.title for sop in document.sops] == ["Izin Penyelenggaraan Jasa Contoh", "Penetapan Nomor Contoh"]
    first, second = document.sops
    assert {first.kind, second.kind} == {SERVICE_STANDARD}
    assert first.requirements == ("Nomor Induk Berusaha",)
    assert first.procedure == ("Pemohon mengajukan izin", "Petugas memeriksa")  # not the 'Catatan' list
    assert len(second.procedure) == 3
    assert "5 hari kerja" in first.completion_time and "Perubahan" in first.completion_time  # the nested table
    assert (first.cost, first.is_free) == ("Tidak dipungut biaya", True)
    assert (second.cost, second.is_free) == ("Sesuai PP tentang PNBP", False)


def test_a_decree_without_its_appendix_makes_no_draft_and_says_why(tmp_path: Path):
    document = parse_file(write_decree_without_appendix(tmp_path / "keputusan.pdf"))
    assert document.sops == ()
    assert "lampiran" in document.no_sop_reason.lower()


def test_a_heading_wrapped_in_its_cell_keeps_all_its_lines():
    from cms.importers.blocks import Block, RowCell
    from cms.importers.titles import document_title

    def row(*texts: str) -> Block:
        return Block(page=1, cells=tuple(RowCell(i, i + 1, text) for i, text in enumerate(texts)), columns=len(texts))

    blocks = [
        row("", "PENDAFTARAN PASIEN RAWAT\nJALAN", "Penanggungjawab\nKlinik"),
        row("SOP", "Nomor Dokumen", ":", "20/SOP/VIII/2023"),
    ]
    assert document_title(blocks) == "PENDAFTARAN PASIEN RAWAT JALAN"
    letterhead_below = [row("PELAYANAN PERPUSTAKAAN\nDINAS PENDIDIKAN KOTA\nNomor: 1")]
    assert document_title(letterhead_below) == "PELAYANAN PERPUSTAKAAN"


def test_a_stamp_read_as_text_is_not_taken_for_the_approver():
    from cms.importers.text_quality import is_ocr_noise

    assert is_ocr_noise("(ae > SEAR TARAT Biro JENDERAL mae ” z > \\")
    for real in ("Kepala Biro Hukum", "Dr. Effin Martiana, S.H., M.H.", "19660108 199403 1 001", "Plt. Kepala Dinas"):
        assert not is_ocr_noise(real)
