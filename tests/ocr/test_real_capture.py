"""Image preparation that holds on real letters: coloured print kept, stamps faded, photos flattened, small images
enlarged, WebP and HEIC read, text layers checked, page images reused. Fixtures are made here, small."""

from __future__ import annotations

import io
import math

import numpy as np
import pytest
from PIL import Image, ImageDraw, ImageFont
from reportlab.lib.utils import ImageReader
from reportlab.pdfgen import canvas

from ocr import derivatives, geometry
from ocr.colour import to_gray_keeping_print
from ocr.engines.tesseract import TesseractEngine
from ocr.extract import extract_document
from ocr.pages import words_agree
from tests.ocr import samples

FONT = "/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf"


def _font(size: int) -> ImageFont.FreeTypeFont:
    return ImageFont.truetype(FONT, size)


def coloured_letterhead(width: int = 1240, height: int = 1754) -> Image.Image:
    """An A4 page at 150 dpi: a green letterhead, a blue line of body text, black text under a red stamp ring."""
    page = Image.new("RGB", (width, height), "white")
    draw = ImageDraw.Draw(page)
    draw.text((160, 80), "DINAS KESEHATAN", font=_font(44), fill=(20, 140, 60))
    draw.text((160, 150), "Email: dinkes@example.go.id", font=_font(26), fill=(30, 60, 200))
    draw.text((160, 1300), "KEPALA DINAS KESEHATAN", font=_font(30), fill="black")
    draw.ellipse((300, 1180, 560, 1440), outline=(210, 30, 40), width=9)  # the stamp's ring over the name
    draw.line((620, 1330, 900, 1250), fill=(40, 40, 190), width=7)  # a signature stroke
    draw.line((640, 1200, 700, 1420), fill=(40, 40, 190), width=7)
    page.info["dpi"] = (150, 150)
    return page


def test_coloured_print_is_kept_and_stamps_and_signatures_are_faded() -> None:
    gray, report = to_gray_keeping_print(coloured_letterhead())
    pixels = np.asarray(gray)
    assert pixels[80:140, 160:700].min() < 100  # the green letterhead stays dark
    assert pixels[150:185, 160:700].min() < 100  # the blue e-mail line too
    ring = pixels[1180:1190, 400:460]  # the top of the stamp's ring, over nothing
    assert ring.min() > 200
    assert pixels[1300:1340, 160:600].min() < 60  # the black name under the ring is untouched
    assert len(report.marks) >= 2 and report.faded > 0


def test_plain_dropout_would_lose_the_letterhead_but_ocr_reads_it() -> None:
    page = coloured_letterhead()
    gray, _ = to_gray_keeping_print(page)
    gray.info["dpi"] = (150, 150)
    text = TesseractEngine().recognise(gray.crop((0, 40, 1240, 220)), "ind+eng").text
    assert "DINAS KESEHATAN" in text
    assert "dinkes@example.go.id" in text.replace(" ", "")


def _photo_of(page: Image.Image, *, angle: float = 8.0) -> tuple[Image.Image, np.ndarray]:
    """Return a photo of ``page`` lying at an angle on a dark desk, with the page's corners in the photo."""
    import cv2

    width, height = page.size
    desk = (round(width * 1.5), round(height * 1.4))
    cx, cy = desk[0] / 2, desk[1] / 2
    radians = math.radians(angle)
    corners = []
    for x, y in ((0, 0), (width, 0), (width, height), (0, height)):
        dx, dy = (x - width / 2) * 0.9, (y - height / 2) * 0.9
        dx *= 1.0 - 0.08 * (y / height)  # the far edge looks narrower: perspective
        corners.append(
            (cx + dx * math.cos(radians) - dy * math.sin(radians), cy + dx * math.sin(radians) + dy * math.cos(radians))
        )
    target = np.array(corners, dtype=np.float32)
    source = np.array([[0, 0], [width, 0], [width, height], [0, height]], dtype=np.float32)
    matrix = cv2.getPerspectiveTransform(source, target)
    photo = cv2.warpPerspective(np.asarray(page.convert("RGB")), matrix, desk, borderValue=(70, 55, 40))
    return Image.fromarray(photo), target


def test_a_page_photographed_at_an_angle_on_a_desk_is_found_and_flattened() -> None:
    page = samples.letter_image(width=1240, dpi=150).convert("RGB")
    photo, corners = _photo_of(page)
    sheet = geometry.find_sheet(photo)
    assert sheet is not None
    assert np.abs(sheet.corners - corners).max() < 25  # pixels, on a photo of 1860 x 700
    flat = geometry.flatten_sheet(photo, sheet)
    assert abs(flat.width / flat.height - page.width / page.height) < 0.08


@pytest.mark.slow
def test_a_photographed_letter_reads_as_well_as_the_scan(tmp_path) -> None:
    page = samples.letter_image(width=1240, dpi=150).convert("RGB")
    photo, _ = _photo_of(page, angle=6.0)
    path = tmp_path / "foto.jpg"
    photo.save(path, quality=90)
    document = extract_document(path)
    assert "Nomor : 005/477/Diskominfo/2023" in document.text
    assert "diluruskan" in " ".join(document.notes)


def test_a_cropped_scan_is_taken_as_the_page_itself() -> None:
    assert geometry.find_sheet(samples.letter_image().convert("RGB")) is None


def test_a_low_resolution_image_is_enlarged_for_ocr() -> None:
    small = Image.new("L", (640, 853), 255)
    dpi = geometry.effective_dpi(small, 72)
    assert dpi == round(640 / geometry.A4_WIDTH_INCHES)
    big, big_dpi = geometry.enlarge_for_ocr(small, dpi, max_pixels=60_000_000)
    assert big_dpi >= 230 and big.width >= 2 * small.width
    same, same_dpi = geometry.enlarge_for_ocr(Image.new("L", (2480, 3508), 255), 300, max_pixels=60_000_000)
    assert same_dpi == 300 and same.width == 2480
    capped, _ = geometry.enlarge_for_ocr(small, dpi, max_pixels=1_000_000)
    assert capped.width * capped.height <= 1_000_000 * 1.01


@pytest.mark.parametrize("fmt", ["WEBP", "HEIF"])
def test_webp_and_heic_photos_are_accepted_by_their_content(fmt: str, settings) -> None:
    import pillow_heif

    pillow_heif.register_heif_opener()
    settings.OCR_ENGINE = "ocr.engines.dummy.DummyEngine"
    buffer = io.BytesIO()
    samples.letter_image().convert("RGB").save(buffer, format=fmt, quality=90)
    document = extract_document(buffer.getvalue())
    assert document.mime_type in ("image/webp", "image/heic")
    assert document.text.startswith("dummy text")


def _scan_pdf_with_layer(image: Image.Image, layer: str) -> bytes:
    """Return a one-page PDF of a scanned image with ``layer`` as an invisible text layer over it."""
    out = io.BytesIO()
    width, height = image.width * 72 / 150, image.height * 72 / 150
    pdf = canvas.Canvas(out, pagesize=(width, height))
    buffer = io.BytesIO()
    image.convert("RGB").save(buffer, format="JPEG", quality=90)
    pdf.drawImage(ImageReader(buffer), 0, 0, width=width, height=height)
    text = pdf.beginText(40, height - 60)
    text.setTextRenderMode(3)
    for line in layer.splitlines():
        text.textLine(line)
    pdf.drawText(text)
    pdf.showPage()
    pdf.save()
    return out.getvalue()


@pytest.mark.slow
def test_a_text_layer_that_does_not_match_the_page_is_replaced_by_ocr() -> None:
    image = samples.letter_image()
    wrong = "Laporan keuangan tahunan koperasi simpan pinjam\nneraca laba rugi dan perubahan modal"
    document = extract_document(_scan_pdf_with_layer(image, wrong))
    assert document.pages[0].method == "ocr"
    assert "Diskominfo" in document.text and "koperasi" not in document.text
    assert any("tidak sesuai" in note for note in document.notes)
    right = "\n".join(samples.LINES)
    kept = extract_document(_scan_pdf_with_layer(image, right))
    assert kept.pages[0].method == "text_layer"


def test_a_garbled_text_layer_is_not_trusted(settings) -> None:
    settings.OCR_ENGINE = "ocr.engines.dummy.DummyEngine"
    garbled = "l'cmerinlah Kab, upalcn tnr-,w 0OOl.l ~~ rrnn xq!! Nnmnr :: O05/4?7 ;;; qwrtp zxcvb"
    data = samples.text_pdf((garbled, garbled, garbled))
    document = extract_document(data)
    assert document.pages[0].method == "ocr"
    good = extract_document(samples.text_pdf())
    assert good.pages[0].method == "text_layer"


def test_words_agree_measures_what_the_layer_holds_of_the_page() -> None:
    assert words_agree("Dinas Komunikasi dan Informatika", "DINAS KOMUNIKASI DAN INFORMATIKA") == 1.0
    assert words_agree("koperasi simpan pinjam", "Dinas Komunikasi Informatika") == 0.0


@pytest.mark.slow
def test_each_page_is_rendered_once_and_reused_for_the_searchable_pdf(tmp_path, monkeypatch) -> None:
    data = samples.image_pdf([samples.letter_image(), samples.letter_image()])
    document = extract_document(data, workdir=tmp_path / "halaman")
    assert all(page.image_path and (tmp_path / "halaman").joinpath(page.image_path.split("/")[-1]).is_file()
               for page in document.pages)  # fmt: skip

    def no_render(*args, **kwargs):
        raise AssertionError("a page was rendered again for the searchable PDF")

    monkeypatch.setattr(derivatives, "load_page", no_render)
    pdf = derivatives.searchable_pdf(data, document)
    assert pdf.startswith(b"%PDF") and b"/Font" in pdf


def test_page_workers_get_a_path_not_the_files_bytes(tmp_path) -> None:
    from ocr.extract import Options, plan_image, plan_pdf

    data = samples.image_pdf([samples.letter_image()])
    _, jobs = plan_pdf(data, str(tmp_path / "asli"), Options.resolve())
    assert jobs and all(isinstance(job.path, str) and not hasattr(job, "data") for job in jobs)
    _, jobs = plan_image(samples.encode(samples.letter_image(), "PNG"), "x.png", "png", Options.resolve())
    assert jobs[0].path == "x.png"
