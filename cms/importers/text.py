"""Small text helpers shared by the layouts: cleaning OCR lines, list items, dates, NIP, title case."""

from __future__ import annotations

import html
import re
from collections import Counter
from datetime import date

PAGE_BREAK = "\f"
_TAG = re.compile(r"<[^>]{1,200}>")
_SPACES = re.compile(r"[ \u00a0]+")
_MONTHS = {
    "januari": 1,
    "februari": 2,
    "pebruari": 2,
    "maret": 3,
    "april": 4,
    "mei": 5,
    "juni": 6,
    "juli": 7,
    "agustus": 8,
    "september": 9,
    "oktober": 10,
    "nopember": 11,
    "november": 11,
    "desember": 12,
}
_DATE = re.compile(r"\b(\d{1,2})\s+([A-Za-z]{3,10})\s+((?:19|20)\d\d)\b")
_ITEM_MARKER = re.compile(r"^\s*(?:[-•*–]\s*(?:\d{1,2}[.)]?\s+)?|\d{1,2}[.)]\s+|[a-z][.)]\s+)")
_INLINE_ITEMS = re.compile(r"(?:^|\s)(\d{1,2})[.)]\s+")
_SMALL_WORDS = {"dan", "di", "ke", "dari", "yang", "untuk", "pada", "atau", "dengan", "serta", "oleh", "per"}
_ACRONYMS = {
    "SOP", "KK", "KTP", "WNI", "WNA", "SKP", "SKD", "SKDLN", "SKPLN", "SKTT", "SPJ", "SPP", "SPM", "DPA",
    "RKA", "LAKIP", "DUK", "MPP", "KIA", "PKS", "SKPD", "TTE", "TIK", "PIAK", "SIAK", "IKU", "ATK", "NIK",
    "SK", "KARIS", "KARSU", "KTP-EL", "BPKAD", "BKD", "SP2D", "IKMT", "PNS", "PPTK", "ADB", "TNDE",
}  # fmt: skip


def clean_lines(text: str) -> list[str]:
    """Return the text's lines without HTML tags or trailing blanks; a page break becomes blank lines."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    text = html.unescape(_TAG.sub(" ", text))
    text = text.replace(PAGE_BREAK, "\n\n\n\n")
    return [line.rstrip() for line in text.split("\n")]


def collapse(text: str) -> str:
    """Return ``text`` on one line with single spaces (tabs kept out of the way)."""
    return _SPACES.sub(" ", text.replace("\t", " ").replace("\n", " ")).strip()


def drop_repeated_lines(lines: list[str], *, min_count: int = 3) -> list[str]:
    """Drop running page headers: non-blank lines repeated on many pages of a short document."""
    counts = Counter(collapse(line) for line in lines if line.strip())
    noisy = {line for line, count in counts.items() if count >= min_count and len(line) > 12}
    return [line for line in lines if collapse(line) not in noisy and not re.fullmatch(r"\s*Page \d+\s*", line)]


def strip_item_marker(text: str) -> str:
    """Return a list item without its bullet or number ('- 1 Perbup ...' -> 'Perbup ...')."""
    return collapse(_ITEM_MARKER.sub("", text, count=1)).rstrip(";").strip()


def split_inline_items(text: str) -> list[str]:
    """Split '1. Surat Masuk 2. File' into its items; text without numbers is one item."""
    text = collapse(text)
    if not _INLINE_ITEMS.search(text):
        return [text] if text else []
    parts = _INLINE_ITEMS.split(text)
    items = [collapse(part) for index, part in enumerate(parts) if index % 2 == 0]
    return [item.rstrip(";") for item in items if item]


def parse_date(text: str) -> date | None:
    """Return the first Indonesian date ('30 Januari 2023', '25 Pebruari 2018') in ``text``."""
    for day, month, year in _DATE.findall(text):
        number = _MONTHS.get(month.lower())
        if number:
            try:
                return date(int(year), number, int(day))
            except ValueError:
                continue
    return None


def format_nip(text: str) -> str:
    """Return an 18-digit NIP as 'YYYYMMDD YYYYMM G NNN', other numbers as printed."""
    digits = re.sub(r"\D", "", text)
    if len(digits) == 18:
        return f"{digits[:8]} {digits[8:14]} {digits[14]} {digits[15:]}"
    return collapse(text).strip(" .:")


def is_mostly_upper(text: str) -> bool:
    letters = [ch for ch in text if ch.isalpha()]
    return bool(letters) and sum(ch.isupper() for ch in letters) / len(letters) > 0.8


def smart_title(text: str) -> str:
    """Return an all-capitals heading in title case, keeping acronyms and Indonesian small words."""
    text = collapse(text)
    if not is_mostly_upper(text):
        return text
    words = []
    for index, word in enumerate(text.split(" ")):
        core = word.strip("().,:;/")
        if core.upper() in _ACRONYMS or (core.isupper() and len(core) <= 3 and not core.isalpha()):
            words.append(word)
        elif index and core.lower() in _SMALL_WORDS:
            words.append(word.lower())
        else:
            words.append(_capitalise(word))
    return " ".join(words)


def _capitalise(word: str) -> str:
    if "-" in word.strip("-"):
        return "-".join(_capitalise(part) for part in word.split("-"))
    lowered = word.lower()
    for index, char in enumerate(lowered):
        if char.isalpha():
            return lowered[:index] + char.upper() + lowered[index + 1 :]
    return lowered


def office_title(text: str) -> str:
    """Return an office name in title case with 'Kab.' spelled out ('DINAS X KAB. Y' -> 'Dinas X Kabupaten Y')."""
    text = re.sub(r"\bKab\.\s*", "Kabupaten ", collapse(text), flags=re.IGNORECASE)
    text = text.rstrip(" .,")
    return smart_title(text) if is_mostly_upper(text) else text
