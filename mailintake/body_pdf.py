"""A message without attachments, captured as a PDF of its headers and text (WeasyPrint)."""

from __future__ import annotations

from django.template.loader import render_to_string

from mailintake.messages import MailItem


def message_pdf(item: MailItem) -> bytes:
    from weasyprint import HTML

    page = render_to_string("mailintake/message.html", {"item": item})
    return HTML(string=page).write_pdf()
