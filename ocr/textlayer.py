"""Write one searchable PDF page: the upright scan with the recognised words as invisible text over it.

The words and boxes come from the recognition already done for the page, so making the searchable PDF
costs a JPEG encoding and some drawing instead of a second Tesseract run (as OCRmyPDF's hOCR renderer does).
"""

from __future__ import annotations

import io
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from PIL import Image
from reportlab import rl_config
from reportlab.lib.utils import ImageReader
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen import canvas

from ocr.types import Word

FONT = "Helvetica"
_JPEG_QUALITY = 80


def page_pdf(image: Image.Image | Path, words: tuple[Word, ...], *, dpi: int) -> bytes:
    """Return a one-page PDF of ``image`` at ``dpi`` with ``words`` (pixel boxes) as invisible, selectable text.

    ``image`` may be the path of the JPEG page extraction kept: its bytes go into the PDF as they are (no decoding
    and encoding again).
    """
    source: ImageReader | str
    if isinstance(image, Path):
        with Image.open(image) as opened:  # only the header is read, for the size
            pixels = opened.size
        source = str(image)  # a file name: ReportLab embeds the JPEG's bytes (no decoding, no hashing of the pixels)
    else:
        pixels = image.size
        source = ImageReader(io.BytesIO(_jpeg(image)))
    scale = 72.0 / dpi
    width, height = pixels[0] * scale, pixels[1] * scale
    out = io.BytesIO()
    with _binary_streams():
        pdf = canvas.Canvas(out, pagesize=(width, height), pageCompression=1)
        pdf.drawImage(source, 0, 0, width=width, height=height)
        text = pdf.beginText()
        text.setTextRenderMode(3)  # invisible: found by search and selection, never drawn
        for word in words:
            _place(text, word, scale=scale, page_height=height)
        pdf.drawText(text)
        pdf.showPage()
        pdf.save()
    return out.getvalue()


@contextmanager
def _binary_streams() -> Iterator[None]:
    """Let ReportLab write streams as binary, not ASCII85 text: its pure-Python ASCII85 encoder took two CPU seconds
    for a page's JPEG (more than reading the page), and the file is a fifth larger for it."""
    previous = rl_config.useA85
    rl_config.useA85 = 0
    try:
        yield
    finally:
        rl_config.useA85 = previous


def _place(text, word: Word, *, scale: float, page_height: float) -> None:
    """Put one word on its box: font size from the box height, stretched to the box width."""
    content = word.text.encode("latin-1", "replace").decode("latin-1")
    size = max(word.height * scale * 0.9, 1.0)
    natural = stringWidth(content, FONT, size)
    text.setFont(FONT, size)
    text.setHorizScale(100.0 * (word.width * scale) / natural if natural else 100.0)
    text.setTextOrigin(word.left * scale, page_height - (word.top + word.height) * scale + size * 0.2)
    text.textOut(content)


def _jpeg(image: Image.Image) -> bytes:
    buffer = io.BytesIO()
    image.convert("RGB" if image.mode not in ("L", "RGB") else image.mode).save(
        buffer, format="JPEG", quality=_JPEG_QUALITY, optimize=True
    )
    return buffer.getvalue()
