"""PDF handling: page counts and limits, encryption, corruption, text layers and page rasterising."""

from __future__ import annotations

import pytest

from ocr import pdf
from ocr.errors import ExtractionFailed, RefusedFile
from tests.ocr import samples


@pytest.fixture(scope="module")
def born_digital() -> bytes:
    return samples.text_pdf()


@pytest.fixture(scope="module")
def scanned() -> bytes:
    return samples.image_pdf([samples.letter_image(), samples.letter_image(("Halaman dua",))])


def test_inspect_counts_pages_and_sizes(scanned):
    info = pdf.inspect(scanned, max_pages=10)
    assert info.page_count == 2
    width, height = info.page_sizes[0]
    assert width == pytest.approx(1240 * 72 / 150, abs=1)
    assert height > 0


def test_too_many_pages_are_refused_before_any_work():
    with pytest.raises(RefusedFile, match=r"terlalu banyak halaman: 5 \(batas 4\)"):
        pdf.inspect(samples.blank_pdf(5), max_pages=4)


def test_password_protected_pdf_is_refused(born_digital):
    with pytest.raises(RefusedFile, match="kata sandi"):
        pdf.inspect(samples.encrypted_pdf(born_digital), max_pages=10)


def test_owner_password_only_pdf_is_readable(born_digital):
    locked = samples.encrypted_pdf(born_digital, user_password="")
    assert pdf.inspect(locked, max_pages=10).page_count == 1
    assert "Diskominfo" in pdf.text_layers(locked)[0]


def test_truncated_pdf_fails_with_a_reason(born_digital):
    with pytest.raises(ExtractionFailed, match="terpotong"):
        pdf.inspect(born_digital[: len(born_digital) // 2], max_pages=10)


def test_garbage_after_a_pdf_header_fails():
    with pytest.raises(ExtractionFailed, match="PDF rusak"):
        pdf.inspect(b"%PDF-1.7\n" + b"\x00garbage" * 50 + b"\n%%EOF\n", max_pages=10)


def test_text_layer_keeps_the_printed_lines(born_digital):
    text = pdf.text_layers(born_digital)[0]
    assert "Nomor : 005/477/Diskominfo/2023" in text.split("\n")
    assert "Dengan hormat, kami mengundang Saudara untuk hadir" in text.split("\n")


def test_scanned_pdf_has_no_usable_text_layer(scanned):
    layers = pdf.text_layers(scanned)
    assert not any(pdf.usable(text, min_chars=20) for text in layers)


@pytest.mark.parametrize(("text", "usable"), [("", False), (" . , - ", False), ("a1" * 10, True), ("abc", False)])
def test_usable_counts_letters_and_digits(text, usable):
    assert pdf.usable(text, min_chars=20) is usable


def test_raster_dpi_keeps_a4_and_lowers_huge_pages():
    assert pdf.raster_dpi((595, 842), dpi=300, max_pixels=60_000_000) == 300
    lowered = pdf.raster_dpi((14400, 14400), dpi=300, max_pixels=60_000_000)
    assert (14400 / 72 * lowered) ** 2 <= 60_000_000
    assert lowered >= 1


def test_rasterise_renders_one_page_at_the_asked_resolution(scanned):
    image = pdf.rasterise(scanned, 2, dpi=72)
    assert image.size == pytest.approx((596, 192), abs=2)  # page 2 is 1240 x 400 px at 150 dpi


def test_rasterise_a_missing_page_fails(scanned):
    with pytest.raises(ExtractionFailed):
        pdf.rasterise(scanned, 9, dpi=72)


def _pdf_with_whitened_serial() -> bytes:
    """Return a born-digital page whose draft serial is printed in white, beside white text on a dark banner."""
    import io

    from reportlab.pdfgen import canvas

    out = io.BytesIO()
    page = canvas.Canvas(out, pagesize=(595, 842))
    page.setFillColorRGB(0.1, 0.3, 0.1)
    page.rect(50, 760, 495, 40, stroke=0, fill=1)
    page.setFillColorRGB(1, 1, 1)
    page.drawString(60, 775, "DINAS KOMUNIKASI DAN INFORMATIKA")
    page.setFillColorRGB(0, 0, 0)
    page.drawString(60, 700, "Nomor : 445/")
    page.setFillColorRGB(1, 1, 1)
    page.drawString(130, 700, "2924")
    page.setFillColorRGB(0, 0, 0)
    page.drawString(160, 700, "/RSUD/IV/2019")
    page.drawString(60, 680, "Perihal : Pembentukan Tim Inovasi Daerah")
    page.showPage()
    page.save()
    return out.getvalue()


def test_text_layer_leaves_out_white_text_the_page_does_not_show():
    text = pdf.text_layers(_pdf_with_whitened_serial())[0]
    assert "2924" not in text  # whitened on white paper: the page shows a blank serial
    assert "445/" in text and "/RSUD/IV/2019" in text
    assert "DINAS KOMUNIKASI DAN INFORMATIKA" in text  # white on a dark banner is seen


@pytest.mark.parametrize(
    ("colour", "white"),
    [((1.0, 1.0, 1.0), True), ((1,), True), (1, True), ((0, 0, 0, 0), True), ((0.0, 0.0, 0.0), False),
     ((0, 0, 0, 1), False), ((1.0, 0.0, 0.0), False), (None, False), ("pattern", False)],
)  # fmt: skip
def test_white_fill_colours(colour, white):
    assert pdf._is_white(colour) is white
