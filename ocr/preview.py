"""Page images for reading a letter on screen: one page of a PDF or image file as a JPEG of a given width."""

from __future__ import annotations

import io

from pdf2image import convert_from_bytes
from PIL import Image

from ocr import filetypes, images, pdf
from ocr.errors import ExtractionFailed
from ocr.extract import Options

_QUALITY = 82


def page_jpeg(data: bytes, number: int, *, width: int = 1200) -> bytes:
    """Return page ``number`` (1-based) of ``data`` as a JPEG ``width`` pixels wide (never enlarged past the scan)."""
    options = Options.resolve()
    if filetypes.detect(data).kind == "pdf":
        info = pdf.inspect(data, max_pages=options.max_pages)
        if not 1 <= number <= info.page_count:
            raise ExtractionFailed(f"Halaman {number} tidak ada.")
        try:
            image = convert_from_bytes(data, first_page=number, last_page=number, size=(width, None), timeout=60)[0]
        except Exception as exc:  # noqa: BLE001 - pdftoppm failures come in many types
            raise ExtractionFailed(f"Halaman {number} PDF tidak dapat digambar ({type(exc).__name__}).") from exc
    else:
        if not 1 <= number <= images.frame_count(data, max_pixels=options.max_pixels):
            raise ExtractionFailed(f"Halaman {number} tidak ada.")
        image = images.flatten(images.load_frame(data, number - 1, max_pixels=options.max_pixels))
        if image.width > width:
            image = image.resize((width, round(image.height * width / image.width)), Image.Resampling.LANCZOS)
    out = io.BytesIO()
    image.convert("RGB").save(out, format="JPEG", quality=_QUALITY, optimize=True, progressive=True)
    return out.getvalue()
