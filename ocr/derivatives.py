"""Files made from an original: a searchable PDF (scan + invisible text) and a PNG thumbnail."""

from __future__ import annotations

import io
import tempfile
from pathlib import Path

import pytesseract
from pdf2image import convert_from_bytes
from PIL import Image
from pypdf import PdfReader, PdfWriter

from ocr import filetypes, images, pdf, textlayer
from ocr.errors import ExtractionFailed
from ocr.extract import Options, Source, read_source
from ocr.pages import PageJob, load_page
from ocr.types import ExtractedDocument, PageText

_JPEG_QUALITY = 80


def searchable_pdf(source: Source, doc: ExtractedDocument) -> bytes:
    """Return a PDF of the pages with an invisible text layer; a born-digital PDF is returned as is.

    Pages read by OCR reuse the upright page image extraction left (``PageText.image_path``) and its words, so
    no page is rendered twice; pages that kept their text layer are copied from the original unchanged. A page
    without a kept image (extraction run without a work folder) is rendered again.
    """
    options = Options.resolve()
    data, _ = read_source(source, max_bytes=options.max_bytes)
    kind = filetypes.detect(data).kind
    if kind == "pdf" and not doc.used_ocr:
        return data
    original = _reader(data) if kind == "pdf" else None
    writer = PdfWriter()
    with tempfile.TemporaryDirectory(prefix="naskah-pdf-") as folder:
        for page in doc.pages:
            if page.method == "text_layer" and original is not None:
                writer.add_page(original.pages[page.number - 1])
            elif page.image_path and Path(page.image_path).is_file():
                single = textlayer.page_pdf(Path(page.image_path), page.words, dpi=page.image_dpi or options.dpi)
                writer.add_page(PdfReader(io.BytesIO(single)).pages[0])
            else:
                writer.add_page(PdfReader(io.BytesIO(_render_again(data, kind, page, options, folder))).pages[0])
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def _render_again(data: bytes, kind: str, page: PageText, options: Options, folder: str) -> bytes:
    """Return the one-page PDF of a page whose image was not kept, rendering it from the original."""
    path = Path(folder) / "asli"
    if not path.exists():
        path.write_bytes(data)
    dpi = _raster_dpis(data, options).get(page.number, 0) if kind == "pdf" else 0
    return _ocr_pdf_page(PageJob(path=str(path), kind=kind, number=page.number, dpi=dpi), page, options)


def _reader(data: bytes) -> PdfReader:
    """Return a pypdf reader of an accepted PDF (decrypted with the empty password if needed)."""
    reader = PdfReader(io.BytesIO(data), strict=False)
    if reader.is_encrypted:
        reader.decrypt("")
    return reader


def _raster_dpis(data: bytes, options: Options) -> dict[int, int]:
    """Return the resolution each PDF page was rasterised at during extraction."""
    info = pdf.inspect(data, max_pages=options.max_pages)
    return {
        number: pdf.raster_dpi(size, dpi=options.dpi, max_pixels=options.max_pixels)
        for number, size in enumerate(info.page_sizes, start=1)
    }


def _ocr_pdf_page(job: PageJob, page: PageText, options: Options) -> bytes:
    """Return a one-page PDF: the upright scan with the page's invisible text over it.

    The words recognised during extraction are reused; only a page extracted without word boxes (another
    engine) is recognised again by Tesseract's own PDF renderer.
    """
    image = load_page(job, options)
    dpi = job.dpi or page.image_dpi or images.resolution(image, default=options.dpi)
    image = images.rotate(image, page.rotation)
    if abs(page.skew) >= options.steps.deskew_min_angle:
        image = images.deskew(image, page.skew)
    if page.words or page.blank:
        return textlayer.page_pdf(image, page.words, dpi=dpi)
    with tempfile.TemporaryDirectory(prefix="naskah-ocr-") as tmp:
        path = _save_for_pdf(image, Path(tmp), dpi)
        try:
            return pytesseract.image_to_pdf_or_hocr(
                str(path), lang=options.languages, extension="pdf", config=f"--dpi {dpi}", timeout=300
            )
        except (pytesseract.TesseractError, RuntimeError, OSError) as exc:
            raise ExtractionFailed(f"PDF teks halaman {page.number} gagal dibuat: {exc}") from exc


def _save_for_pdf(image: Image.Image, folder: Path, dpi: int) -> Path:
    """Save a compact copy Tesseract embeds as is: PNG for black-and-white, JPEG otherwise."""
    if image.mode == "1":
        path = folder / "page.png"
        image.save(path, dpi=(dpi, dpi))
    else:
        path = folder / "page.jpg"
        image.convert("RGB" if image.mode not in ("L", "RGB") else image.mode).save(
            path, quality=_JPEG_QUALITY, dpi=(dpi, dpi)
        )
    return path


def thumbnail(source: Source, *, width: int = 300) -> bytes:
    """Return a PNG, ``width`` pixels wide, of the first page."""
    options = Options.resolve()
    data, _ = read_source(source, max_bytes=options.max_bytes)
    if filetypes.detect(data).kind == "pdf":
        pdf.inspect(data, max_pages=options.max_pages)
        try:
            image = convert_from_bytes(data, first_page=1, last_page=1, size=(width, None), timeout=60)[0]
        except Exception as exc:  # noqa: BLE001 - pdftoppm failures come in many types
            raise ExtractionFailed(f"Gambar kecil PDF gagal dibuat ({type(exc).__name__}).") from exc
    else:
        images.frame_count(data, max_pixels=options.max_pixels)
        image = images.load_frame(data, 0, max_pixels=options.max_pixels)
        image = images.flatten(image)
        image.thumbnail((width, width * 20), Image.Resampling.LANCZOS)
    out = io.BytesIO()
    image.convert("RGB" if image.mode not in ("L", "RGB") else image.mode).save(out, format="PNG", optimize=True)
    return out.getvalue()
