"""Comparison keys of a letter's number and sender, so the same letter typed two ways is recognised (pure functions).

Scans of one paper letter differ byte for byte, and clerks type a number or a sender a little differently
("005 / 12 /427.43/2025" and "005/12/427.43/2025"; "Kab. Temanggung" and "Kabupaten Temanggung"): the keys forget
spacing, case, punctuation and the usual abbreviations. OCR's O-for-0 and l-for-1 are undone only in the numeric
segments of a number, never in a unit code such as "OR".
"""

from __future__ import annotations

import re
import unicodedata

ABBREVIATIONS = {
    "kab": "kabupaten",
    "kec": "kecamatan",
    "kel": "kelurahan",
    "prov": "provinsi",
    "pemkab": "pemerintah kabupaten",
    "pemkot": "pemerintah kota",
    "pemprov": "pemerintah provinsi",
    "kemendagri": "kementerian dalam negeri",
    "disdukcapil": "dinas kependudukan dan pencatatan sipil",
    "dukcapil": "kependudukan dan pencatatan sipil",
}
_DASHES = str.maketrans({"–": "-", "—": "-", "‐": "-", "−": "-"})
_OCR_DIGITS = str.maketrans({"O": "0", "o": "0", "I": "1", "l": "1", "L": "1"})


def number_key(number: str) -> str:
    """'005 / l2 /427.43/ 2025.' -> '005/12/427.43/2025'; empty for an empty number."""
    text = unicodedata.normalize("NFKC", number or "").translate(_DASHES)
    text = re.sub(r"\s+", "", text).strip(".,;:-/").upper()
    segments = []
    for segment in text.split("/"):
        mapped = segment.translate(_OCR_DIGITS)
        numeric = re.fullmatch(r"[0-9.\-]+", mapped) and re.search(r"[0-9]", segment)
        segments.append(mapped if numeric else segment)
    return "/".join(segments)[:200]


def sender_key(sender: str) -> str:
    """'Pemkab. Temanggung,  Bappeda' -> 'pemerintah kabupaten temanggung bappeda'."""
    text = unicodedata.normalize("NFKD", sender or "")
    text = "".join(ch for ch in text if not unicodedata.combining(ch)).casefold()
    words = re.findall(r"[a-z0-9]+", text)
    return " ".join(ABBREVIATIONS.get(word, word) for word in words)[:400]


