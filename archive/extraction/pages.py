"""Which page is the letter's own, and the parts of it that name the letter when labels are missing.

A received letter is often scanned with the recipient's disposition sheet (lembar disposisi) or a cover before
it: its handwritten "Surat dari", "No. Surat" and "Perihal" must not be read as the letter. The letter's page is
the first that looks like a letter (labels, an addressee, a salutation, a letterhead) and not like a sheet.
"""

from __future__ import annotations

import re

from archive.extraction.text import collapse, title_case

_SHEET = re.compile(
    r"lembar\s+disposisi|kartu\s+kendali|isi\s+disposisi|diteruskan\s+kepada|diterima\s+tanggal|tgl\.?\s+terima|"
    r"no\.?\s+agenda|tanggal\s+penyelesaian|lembar\s+pengantar|dengan\s+hormat\s+harap|paraf",
    re.I,
)
_LETTER = re.compile(
    r"^\s*(?:nomor|sifat|lampiran|perihal|hal)\s*[:;]|^\s*(?:kepada|yth\b)|dengan\s+hormat|assalamu|"
    r"^\s*pemerintah\s|^\s*(?:keputusan|surat\s+(?:keterangan|edaran|tugas|undangan))\b|^\s*tentang\s*$",
    re.I | re.M,
)


def letter_page_index(pages: list[str]) -> int:
    """Return the index of the letter's own first page among ``pages`` (0 when none stands out)."""
    for index, page in enumerate(pages):
        letter = len(_LETTER.findall(page))
        sheet = len(_SHEET.findall(page))
        if letter >= 2 and sheet < 2:
            return index
    return 0


def letter_text(text: str) -> str:
    """Return ``text`` (pages separated by form feeds) from the letter's own page on."""
    pages = text.split("\f")
    return "\f".join(pages[letter_page_index(pages) :])


_TENTANG = re.compile(r"^\s*TENTANG\s*:?\s*(?P<rest>.*)$", re.I)
_TITLE_STOP = re.compile(
    r"^\s*(?:menimbang|mengingat|memperhatikan|dengan\s+rahmat|yang\s+bertanda|nomor|kepala|direktur|bupati|"
    r"walikota|wali\s+kota|gubernur|camat|menetapkan|memutuskan)\b",
    re.I,
)


def tentang_title(lines: list[str]) -> str | None:
    """Return the title after "TENTANG" of a decree (SK) or a regulation, in title case, or None."""
    for index, line in enumerate(lines):
        match = _TENTANG.match(line)
        if match is None:
            continue
        parts = [match["rest"]] if match["rest"].strip() else []
        for following in lines[index + 1 : index + 6]:
            if not following.strip() or _TITLE_STOP.match(following) or not _mostly_upper(following):
                break
            parts.append(following)
        title = collapse(" ".join(parts))
        return title_case(title) if title else None
    return None


_DOCUMENT_TITLE = re.compile(
    r"^\s*(?P<title>(?:SURAT\s+(?:KETERANGAN|PERNYATAAN|EDARAN|PENGANTAR|TUGAS|REKOMENDASI|PERMOHONAN|KUASA)|"
    r"BERITA\s+ACARA|PENGUMUMAN|NOTA\s+DINAS|UNDANGAN|MEMO)\b[A-Z\s/&.-]*)$"
)


def document_title(lines: list[str]) -> str | None:
    """Return a centred document title ("SURAT KETERANGAN DOMISILI PERUSAHAAN") that stands for the subject."""
    for line in lines:
        match = _DOCUMENT_TITLE.match(line.strip())
        if match and len(match["title"].split()) >= 2:
            return collapse(match["title"])
    return None


def _mostly_upper(line: str) -> bool:
    letters = [c for c in line if c.isalpha()]
    return bool(letters) and sum(c.isupper() for c in letters) / len(letters) >= 0.7
