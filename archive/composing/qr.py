"""QR codes as images embedded in the letters and receipts (SVG data URIs, drawn by segno)."""

from __future__ import annotations

import segno


def qr_data_uri(text: str) -> str:
    """An SVG QR code of ``text`` (error correction M: still read when a corner is stamped or creased)."""
    return segno.make(text, error="m", micro=False).svg_data_uri(border=1, scale=4)
