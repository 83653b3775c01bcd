"""The printable SOP AP layout: HTML context and the PDF rendered from it with WeasyPrint."""

from __future__ import annotations

from django.template.loader import render_to_string
from django.utils.text import slugify

PRINT_TEMPLATE = "cms/sop_print.html"


def print_context(page) -> dict:
    return {"page": page, "steps": page.ordered_steps, "actors": page.ordered_actors}


def render_sop_pdf(page, *, base_url: str) -> bytes:
    from weasyprint import HTML

    html = render_to_string(PRINT_TEMPLATE, print_context(page))
    return HTML(string=html, base_url=base_url).write_pdf()


def pdf_filename(page) -> str:
    return f"sop-{slugify(page.title)[:80] or page.pk}.pdf"
