"""Finished letters uploaded as PDFs instead of composed: what makes one unusable for signing."""

from __future__ import annotations

import io

from django.utils.translation import gettext as _


def pdf_problem(data: bytes) -> str | None:
    """Return why ``data`` cannot be a letter to sign (not a PDF, damaged, encrypted, empty), or None."""
    from pypdf import PdfReader
    from pypdf.errors import PdfReadError

    if not data.lstrip()[:5] == b"%PDF-":
        return _("Berkas ini bukan PDF. Unggah surat yang sudah jadi sebagai PDF.")
    try:
        reader = PdfReader(io.BytesIO(data))
        if reader.is_encrypted:
            return _("PDF ini terkunci dengan kata sandi; unggah PDF yang tidak terkunci.")
        if len(reader.pages) == 0:
            return _("PDF ini tidak berisi halaman.")
    except (PdfReadError, ValueError, KeyError, TypeError, OSError) as error:
        return _("PDF ini rusak dan tidak dapat dibaca (%(reason)s).") % {"reason": str(error)[:120]}
    return None
