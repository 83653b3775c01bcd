"""A finished PDF uploaded instead of composed, made ready to sign: a line at the foot of every page with the
number, the date and the verification address, and a last page (lembar pengesahan) carrying the number, the hal
and the signature block with its mark, where the signature's widget goes."""

from __future__ import annotations

import io

from django.template.loader import render_to_string
from django.utils import translation

from archive.composing.context import LetterContext
from archive.composing.render import RenderedLetter, html_pdf, letter_pdf

FOOT_TEMPLATE = "archive/naskah/_upload_foot.html"
PENGESAHAN = "archive/naskah/pengesahan.html"


def _foot(width: float, height: float, context: LetterContext, page: int, pages: int) -> bytes:
    with translation.override("id"):
        html = render_to_string(
            FOOT_TEMPLATE, {"letter": context, "width": width, "height": height, "page": page, "pages": pages}
        )
    return html_pdf(html)


def stamp_uploaded(pdf: bytes, context: LetterContext) -> RenderedLetter:
    """Return the uploaded letter with its foot lines and the lembar pengesahan appended (the mark's page)."""
    from pypdf import PdfReader, PdfWriter

    writer = PdfWriter(clone_from=io.BytesIO(pdf))
    uploaded = len(writer.pages)
    total = uploaded + 1
    for number, page in enumerate(writer.pages, start=1):
        page.transfer_rotation_to_content()
        width, height = float(page.mediabox.width), float(page.mediabox.height)
        foot = PdfReader(io.BytesIO(_foot(width, height, context, number, total))).pages[0]
        page.merge_translated_page(foot, float(page.mediabox.left), float(page.mediabox.bottom))
    pengesahan = letter_pdf(_pengesahan(context))
    for page in PdfReader(io.BytesIO(pengesahan.pdf)).pages:
        writer.add_page(page)
    output = io.BytesIO()
    writer.write(output)
    mark = pengesahan.mark
    if mark is not None:
        from archive.composing.render import MarkBox

        mark = MarkBox(page=uploaded + mark.page, box=mark.box)
    return RenderedLetter(pdf=output.getvalue(), mark=mark, page_count=total)


def _pengesahan(context: LetterContext) -> LetterContext:
    from dataclasses import replace

    from archive.composing.naskah_types import NaskahType

    page = NaskahType(code="pengesahan", label="lembar pengesahan", template=PENGESAHAN, addressed=False)
    return replace(context, naskah=page)
