"""Small text helpers shared by the extractors: header labels, Indonesian title case, OCR suspicion."""

from __future__ import annotations

import difflib
import re
import unicodedata

LABEL_SEPARATOR = re.compile(r"\s*[:;]\s*")

# Spellings of the header labels (key of the ``key : value`` lines), including common abbreviations.
LABELS: dict[str, tuple[str, ...]] = {
    "nomor": ("nomor", "no", "no.", "nomer", "nomar", "nornor", "near", "nemor", "namor"),
    "sifat": ("sifat", "sitat", "sifal"),
    "lampiran": ("lampiran", "lamp", "lamp.", "lampiran", "larnpiran"),
    "perihal": ("perihal", "hal", "penhal", "perlhal", "perinal", "penha"),
    "tanggal": ("tanggal", "tgl", "tgl."),
}
_KEYED = re.compile(r"^\s*(?P<key>[A-Za-z]{2,10}\.?)\s*[.,'_!|\-–—]{0,2}\s*[:;]\s*(?P<value>.*?)\s*$")
_BARE = re.compile(r"^\s*(?P<key>[A-Za-z]{2,10}\.?)\s*[.:;_-]{0,2}\s*$")
_UNKEYED = re.compile(r"^\s*(?P<key>Nomor|NOMOR|Sifat|Lampiran|Perihal)\s+(?P<value>[^:;\s][^:;]*?)\s*$")
# "Hal" without its colon only before a capitalised value ("Hal Undangan Rapat"): "Hal ini ..." is prose.
_UNKEYED_HAL = re.compile(r"^\s*(?P<key>Hal|HAL)\s+(?P<value>[A-Z(\"“][^:;]*?)\s*$")
# The colon after a label misread as ">", "1.", "|" or "!" ("Nomor > 005/...", "Sifat | Biasa"), or as a dot standing
# apart between spaces ("Hal . Permohonan ...": the colon's upper dot lost).
_MISREAD_COLON = re.compile(
    r"^\s*(?P<key>[A-Za-z]{2,10}\.?)\s*(?:>|\||!|1\.|l\.|i\.|(?<=\s)\.(?=\s))\s*(?P<value>\S.*?)\s*$"
)

_LOWER_WORDS = frozenset("dan atau serta di ke dari untuk pada yang dengan atas bagi oleh dalam tentang karena".split())
ACRONYMS = frozenset(
    "RSUD DPRD UPT UPTD SMP SMA SMK SD TK PKK BPBD BPKAD BKD BKPSDM RI KB KTP KTP-EL NIK PNS ASN TNI POLRI "
    "PDAM BUMD BLUD SKPD OPD PPID UMKM IKM TIK BAPPEDA SDM PMD PU PUPR".split()
)
_SUSPICIOUS = re.compile(r"[|~^_{}\[\]<>\\@#$%*=«»¢£§©®°±¶]")
_DIGIT_IN_WORD = re.compile(r"[A-Za-z]\d|\d[A-Za-z]")
# One letter three times in a row ("Pengadaaan"): no Indonesian word has that; Roman numerals and "www" aside.
_TRIPLED = re.compile(r"([a-hj-vyz])\1\1", re.I)


def label_of(line: str) -> tuple[str, str] | None:
    """Return ``(label, value)`` when ``line`` is a ``key : value`` header line, else ``None``.

    A label alone on its line ("Nomor", "Sifat :") gives an empty value: OCR read the column of labels apart
    from the column of values.

    The key may be misread by OCR (``Nomer``, ``Sifal``, ``Perihai``); the colon may be lost for the long
    labels only, since "Hal ini ..." is ordinary prose.
    """
    match = _KEYED.match(line) or _MISREAD_COLON.match(line) or _UNKEYED.match(line) or _UNKEYED_HAL.match(line)
    if match is None:
        bare = _BARE.match(line)
        label = canonical_label(bare["key"]) if bare else None
        return (label, "") if label else None
    label = canonical_label(match["key"])
    return (label, match["value"]) if label else None


def canonical_label(key: str) -> str | None:
    """Return the canonical name of a header label, tolerating one or two misread characters."""
    key = key.lower().strip()
    for label, spellings in LABELS.items():
        if key in spellings:
            return label
    if len(key) < 5:
        return None
    for label, spellings in LABELS.items():
        if difflib.get_close_matches(key, [s for s in spellings if len(s) >= 5], n=1, cutoff=0.75):
            return label
    return None


def title_case(text: str) -> str:
    """Return an upper-case heading in Indonesian title case ("DINAS SOSIAL DAN ..." -> "Dinas Sosial dan ...")."""
    words = re.sub(r"\s+", " ", text.strip()).split(" ")
    return " ".join(_title_word(word, first=i == 0) for i, word in enumerate(words))


def _title_word(word: str, *, first: bool) -> str:
    """Return one word of :func:`title_case`."""
    if word.upper() in ACRONYMS:
        return word.upper()
    lower = word.lower()
    if not first and lower in _LOWER_WORDS:
        return lower
    if lower.startswith("se-") and len(lower) > 3:
        return "se-" + _title_word(word[3:], first=True)
    if word[:1] in "(\"'“" and len(word) > 1:
        return word[0] + _title_word(word[1:], first=True)
    return "-".join(part[:1].upper() + part[1:] for part in lower.split("-"))


def suspicion(value: str) -> float:
    """Return a confidence penalty (0..0.4) for characters that OCR typically produces by mistake."""
    penalty = 0.0
    if _SUSPICIOUS.search(value):
        penalty += 0.2
    if _DIGIT_IN_WORD.search(re.sub(r"\b(?:KTP-el|[A-Z]+-\d+)\b", "", value)):
        penalty += 0.15
    if any(unicodedata.category(c) == "Ll" and not c.isascii() for c in value):
        penalty += 0.1
    if _TRIPLED.search(value):
        penalty += 0.15
    return min(penalty, 0.4)


def collapse(text: str) -> str:
    """Return ``text`` with whitespace runs collapsed to one space and ends stripped."""
    return re.sub(r"\s+", " ", text).strip()


_LEADING_NOISE = re.compile(r"^[\s._|~“”\"'‘’•*`,]+")
_TRAILING_NOISE = re.compile(r"(?:\s+[.~|_“”\"'‘’•*`,:;°©®«»¢£§¶™-]+|[~|_“”\"‘’•*`°]+)+\s*$")


def strip_noise(line: str) -> str:
    """Return ``line`` without the specks OCR leaves at its ends (". Temanggung", "Temanggung ~", "“Sumber")."""
    line = _LEADING_NOISE.sub("", line)
    if re.search(r"[:;]\s*[-–—]+\s*\S?\s*$", line):  # "Lampiran : -" (a dash as the value) is not a speck
        return line.strip()
    return _TRAILING_NOISE.sub("", line).strip()


def has_words(line: str) -> bool:
    """Return whether ``line`` holds at least one letter or digit (a speck-only line counts as blank)."""
    return any(c.isalnum() for c in line)


def clean_value(value: str) -> str:
    """Return a header value without OCR specks, keeping a lone dash ("Lampiran : -") as the dash."""
    if re.fullmatch(r"[-–—]+(?:\s+\S)?", value.strip()):
        return "-"
    return strip_noise(value)
