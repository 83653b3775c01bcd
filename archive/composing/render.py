"""Rendering a LetterContext to HTML and to PDF (WeasyPrint), and finding where its signature mark was drawn.

The PDF is made from the HTML alone: the kop's logo and the QR code are embedded as data URIs and every other
fetch is refused, so a letter's body can never make the server read a file or call an address.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.conf import settings
from django.template.loader import render_to_string
from django.utils import translation

from archive.composing.context import LetterContext

# The element of the signature block the PDF signature's widget is placed over.
MARK_ANCHOR = "tanda-tangan-elektronik"
CSS_PX_TO_PT = 0.75  # WeasyPrint lays out in CSS pixels (1/96 in); PDF user space is in points (1/72 in)


@dataclass(frozen=True)
class MarkBox:
    """Where the signature mark sits: 0-based page and (x1, y1, x2, y2) in PDF points from the bottom left."""

    page: int
    box: tuple[float, float, float, float]


@dataclass(frozen=True)
class RenderedLetter:
    pdf: bytes
    mark: MarkBox | None
    page_count: int


def letter_html(context: LetterContext) -> str:
    """The letter as HTML; always in Bahasa Indonesia, the language of the office's naskah dinas."""
    with translation.override("id"):
        return render_to_string(context.naskah.template, {"letter": context, "paper": paper_size()})


def paper_size() -> str:
    """The page size of naskah dinas: A4 unless the office prints on folio (ARCHIVE_LETTER_PAPER = "F4")."""
    return "215mm 330mm" if getattr(settings, "ARCHIVE_LETTER_PAPER", "A4").upper() == "F4" else "A4"


def letter_pdf(context: LetterContext) -> RenderedLetter:
    from weasyprint import HTML

    document = HTML(string=letter_html(context), base_url=str(settings.BASE_DIR), url_fetcher=data_only()).render()
    return RenderedLetter(pdf=document.write_pdf(), mark=_mark_box(document), page_count=len(document.pages))


def html_pdf(html: str) -> bytes:
    """Any other printed form (receipts, expedition slips) from self-contained HTML."""
    from weasyprint import HTML

    return HTML(string=html, base_url=str(settings.BASE_DIR), url_fetcher=data_only()).write_pdf()


def data_only():
    """A fetcher that reads embedded data URIs and refuses every other address (files, http)."""
    from weasyprint.urls import URLFetcher

    return URLFetcher(allowed_protocols=("data",), allow_redirects=False)


def _mark_box(document) -> MarkBox | None:
    for index, page in enumerate(document.pages):
        anchor = page.anchors.get(MARK_ANCHOR)
        if anchor is None:
            continue
        left, top, right, bottom = anchor
        height = page.height * CSS_PX_TO_PT
        return MarkBox(
            page=index,
            box=(
                left * CSS_PX_TO_PT,
                height - bottom * CSS_PX_TO_PT,
                right * CSS_PX_TO_PT,
                height - top * CSS_PX_TO_PT,
            ),
        )
    return None
