"""The parts of a letter's text that say what it is about, for the classification: its own pages (not the
recipient's disposition sheet scanned before them), its head (letterhead, labels, addressee) and its body.
"""

from __future__ import annotations

import re

from archive.extraction.fields import split_regions
from archive.extraction.pages import letter_text

# A line of the header block: the labels and the addressee block (the body starts after the last one).
_HEADER_LABEL = re.compile(r"^\s*(?:nomor|no\.|sifat|lampiran|perihal|hal|yth\b|kepada|di\b|tempat\b)", re.I)
# Where the label and addressee lines are looked for when the head took the whole page.
_HEAD_LINES = 30


def letter_parts(text: str) -> tuple[list[str], str]:
    """Return the head lines and the body text of the letter's own pages.

    When no salutation or prose line ends the head ("Menyusuli surat ..." in short scanned lines), the head runs
    to the end of the page; the body then starts after the last label or addressee line of the first lines.
    """
    own = letter_text(text)
    regions = split_regions(own)
    first_page = own.split("\f", 1)[0].splitlines()
    if len(regions.head) < len(first_page):
        return regions.head, regions.body
    labels = [i for i, line in enumerate(first_page[:_HEAD_LINES]) if _HEADER_LABEL.match(line)]
    if not labels:
        return regions.head, regions.body
    end = labels[-1] + 1
    return first_page[:end], own[len("\n".join(first_page[:end])) :]


def body_lines(text: str) -> str:
    """Return the body of the letter's own pages without its headings and signature blocks."""
    return "\n".join(line for line in letter_parts(text)[1].splitlines() if not is_heading(line))


def is_heading(line: str) -> bool:
    """Return whether ``line`` is a short upper-case line (a signature block or table heading, not prose).

    A longer line in capitals inside the prose ("pekerjaan PENINGKATAN JALAN LINGKUNGAN DESA ...") is the letter's
    matter, emphasised.
    """
    letters = [c for c in line if c.isalpha()]
    return bool(letters) and sum(c.isupper() for c in letters) / len(letters) > 0.8 and len(line.split()) <= 6


# What an invitation or notice is about, beside its Hal: "Acara : ...", "Agenda : ...", "Kegiatan : ...".
# The value may run on over two lines that hold no label and do not end a sentence.
_MATTER_LABEL = re.compile(
    r"(?im)^\s*(?:acara|agenda|kegiatan)\s*[:;]\s*(?P<value>.+(?:\n(?![^\n:]*:)[^\n]*[^.\n]$){0,2})"
)


def matter_phrases(body: str) -> list[str]:
    """Return the phrases of the body that name the letter's matter (an event's name, its purpose)."""
    return [" ".join(m["value"].split()) for m in _MATTER_LABEL.finditer(body)]
