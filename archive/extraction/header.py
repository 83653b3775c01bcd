"""The header block of a letter: ``key : value`` lines (Nomor, Sifat, Lampiran, Perihal) and the Yth. block.

The classic layout prints the labels on the left and "Kepada / Yth. ... / di - / PLACE" on the right. Text
layers and OCR sometimes merge the two columns on one line ("Sifat : Biasa Yth. Kepala Dinas ...") or read
labels and values as separate columns, so the block is first split into a left and a right stream.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from archive.extraction.dates import parse_place_date
from archive.extraction.text import clean_value, collapse, has_words, label_of, strip_noise, suspicion, title_case
from archive.extraction.types import ExtractedField

_RIGHT_START = re.compile(r"^(?:Kepada\b|Yth\b|Yang\s+terhormat\b)", re.I)
_RIGHT_INSIDE = re.compile(r"\s(?:\.\s*|\|\s*)?(?=(?:Kepada|Yth\.?)(?:\s|$))")
# "di - / PLACE" closes the addressee; "di Lingkungan ..." ("Kepala OPD / di Lingkungan Pemerintah ...") is part of it.
_DI_LINE = re.compile(r"^di(?!\s+lingkungan\b)(?:\s*[-–—.:]+\s*|\s+|$)(?P<place>.*)$", re.I)
_DI_SUFFIX = re.compile(r"^(?P<left>.*\S)\s+(?P<di>di(?:\s*[-–—]\s*|\s+[A-Z][A-Za-z]+\s*)?)$")
_ORPHAN = re.compile(r"^[_\s]*[:;]\s*(?P<value>.*)$|^\.\s+(?P<dotted>[A-Z0-9].*)$")
_COLON_LOOKALIKE = re.compile(r"^[1il!|]\s+(?=[-A-Za-z])")
_SIFAT_SHAPE = re.compile(r"^(?:sangat\s+)?(?:biasa|segera|penting|rahasia|terbatas|terbuka|konfidensial)\b", re.I)
_LAMPIRAN_SHAPE = re.compile(r"^(?:-|\d+\s*\([^)]*\)\s*[A-Za-z]+|\d+\s+[A-Za-z]+)")
_REGION_WORDS = ("Kabupaten", "Kota", "Provinsi")
_MERGED_DI = re.compile(r"\s+di$")
_NUMBERED = re.compile(r"^\d{1,2}[.)]\s+")
_CONTINUED = frozenset({"perihal"})
_MAX_ADDRESSEE_CHARS = 300


@dataclass
class Columns:
    """The header block split into the label column (left) and the addressee column (right)."""

    left: list[str] = field(default_factory=list)
    right: list[str] = field(default_factory=list)
    interleaved: bool = False


def split_columns(lines: list[str]) -> Columns:
    """Return the left and right streams of the header lines (see the module docstring)."""
    columns, in_right, place_due = Columns(), False, False
    for index, raw in enumerate(lines):
        line = _clean_line(raw)
        inside = _RIGHT_INSIDE.search(line)
        if inside and label_or_orphan(line[: inside.start()]):
            columns.left.append(line[: inside.start()].strip())
            columns.right.append(line[inside.end() :].strip())
            columns.interleaved = in_right = True
        elif (
            (in_right or place_due)
            and not columns.interleaved
            and line
            and not _RIGHT_START.match(line)
            and (label := label_of(line))
        ):
            # "Kepada" read before the label column: the labels still go left. The addressee's "di" read onto a
            # label line ends the right column, and its place may follow on the next label line.
            if place_due and (split := _label_then_place(label[0], clean_value(label[1]))):
                line = f"{label[0]} : {split[0]}" if split[0] else label[0]
                columns.right.append(split[1])
            place_due = bool(_MERGED_DI.search(line))
            in_right = in_right and not place_due
            columns.left.append(_MERGED_DI.sub("", line))
        elif _subject_line_after_kepada(line, columns, in_right=in_right):
            # "Kepada" read above the labels, then "Hal : Ceramah Umum / Menteri": the subject's second line.
            columns.left.append(line)
        elif _RIGHT_START.match(line) or (in_right and not columns.interleaved and line):
            columns.right.append(line)
            in_right = not _closes_right(columns.right)
        elif in_right and columns.interleaved:
            _split_interleaved(line, lines[index + 1 :], columns)
            in_right = not _closes_right(columns.right)
        else:
            columns.left.append(line)
    return columns


_KEPADA_ALONE = re.compile(r"^Kepada\W*$", re.I)


def _awaits_names(right: list[str]) -> bool:
    """Return whether the right column holds only "Kepada" so far (its "Yth." and names still to come)."""
    return bool(right) and all(_KEPADA_ALONE.match(line) for line in right if line)


def _subject_line_after_kepada(line: str, columns: Columns, *, in_right: bool) -> bool:
    """Return whether ``line`` continues the Perihal value while the right column holds only "Kepada"."""
    if not (in_right and line and not columns.interleaved) or _RIGHT_START.match(line):
        return False
    return _awaits_names(columns.right) and _continues_subject(columns.left)


def _continues_subject(left: list[str], *, max_lines: int = 3) -> bool:
    """Return whether the left column ends in a Perihal value (its label line and at most two lines after it)."""
    for line in list(reversed(left))[:max_lines]:
        if not line:
            return False
        if (label := label_of(line)) is not None:
            return label[0] == "perihal" and bool(label[1])
    return False


def _clean_line(raw: str) -> str:
    """Return ``raw`` without specks, keeping the colon (or the dot misread for it) that opens an orphan value."""
    if not has_words(raw):
        return ""
    if re.fullmatch(r"[1il!|:;]?\s*[-–—]", raw.strip()):  # "1 -": a dash value whose colon was misread
        return raw.strip()
    orphan = _ORPHAN.match(raw.strip())
    if orphan and orphan["dotted"] and label_of(orphan["dotted"]):  # ". Nomor : 003.1/400/...": a speck, a label
        return strip_noise(orphan["dotted"])
    if orphan:
        return ": " + strip_noise(orphan["value"] or orphan["dotted"] or "")
    return strip_noise(raw)


def label_or_orphan(text: str) -> bool:
    """Return whether ``text`` starts a header value: a label line or a value whose label was read apart."""
    return bool(label_of(strip_noise(text)) or _ORPHAN.match(text))


def _closes_right(right: list[str]) -> bool:
    """Return whether the right stream is complete: "di PLACE", or "di -" followed by the place."""
    return any(_DI_LINE.match(line) and (not _awaits_place(line) or i < len(right) - 1) for i, line in enumerate(right))


def _split_interleaved(line: str, following: list[str], columns: Columns) -> None:
    """Send one line of a merged two-column block to the left, the right, or both."""
    label = label_of(line)
    di = _DI_SUFFIX.match(line)
    awaiting_place = bool(columns.right) and _awaits_place(columns.right[-1])
    if not line:
        columns.left.append(line)
    elif awaiting_place and label and (split := _label_then_place(label[0], clean_value(label[1]))):
        value, place = split  # "Perihal : Undangan SINGOSARI": the label's value, then the place after "di"
        columns.left.append(f"{label[0]} : {value}" if value else label[0])
        columns.right.append(place)
    elif awaiting_place or _DI_LINE.match(line) or (not label and _claims_right(line, following)):
        columns.right.append(line)
    elif di and not label:
        columns.left.append(di["left"])
        columns.right.append(di["di"].strip())
    elif label:
        value, rest = _split_value(label[0], clean_value(label[1]), columns.right)
        columns.left.append(f"{label[0]} : {value}" if value else label[0])
        if rest:
            columns.right.append(rest)
    else:
        columns.left.append(line)


def _label_then_place(label: str, value: str) -> tuple[str, str] | None:
    """Return ``(value, place)`` for a label line that also carries the place the right column's "di" awaits.

    The place is the value's last word in capitals ("SINGOSARI"); a Lampiran or Sifat value that has not its
    shape is the place entirely ("Lampiran SINGOSARI"). None when the line holds no such place.
    """
    words = value.split()
    if not words or not (words[-1].isupper() and len(words[-1]) >= 3 and words[-1].isalpha()):
        return None
    if label in ("lampiran", "sifat") and len(words) == 1:
        return "", words[0]
    if len(words) < 2 or label not in ("perihal", "lampiran", "sifat"):
        return None
    return " ".join(words[:-1]), words[-1]


def _awaits_place(line: str) -> bool:
    """Return whether ``line`` is "di -" with the place still to come on the next line."""
    match = _DI_LINE.match(line)
    return bool(match) and not match["place"]


def _claims_right(line: str, following: list[str]) -> bool:
    """Return whether a plain line just before "di" is the tail of the addressee ("... Kabupaten / Temanggung")."""
    upcoming = [strip_noise(f) for f in following if has_words(f)][:3]
    for distance, later in enumerate(upcoming):
        if _DI_LINE.match(later):
            return distance <= 1 and (any(w in line.split() for w in _REGION_WORDS) or distance == 0)
    return False


def _split_value(label: str, value: str, right: list[str]) -> tuple[str, str]:
    """Return ``(value, spill)``: the part of a merged line that belongs to the label and the right column's part."""
    shapes = {"sifat": _SIFAT_SHAPE, "lampiran": _LAMPIRAN_SHAPE, "nomor": re.compile(r"^\S+")}
    if label == "nomor":
        value = re.sub(r"\s*/\s*", "/", value)
    if label in shapes and (match := shapes[label].match(value)):
        return match.group().strip(), value[match.end() :].strip(" .|")
    if label == "perihal" and right and right[-1].split()[-1:] in ([w] for w in _REGION_WORDS):
        head, _, tail = value.rpartition(" ")
        if head and tail[:1].isupper():
            return head, tail
    return value, ""


def parse_labels(left: list[str], *, interleaved: bool = False) -> dict[str, ExtractedField[str]]:
    """Return the first value of each label in the left stream, with continuation lines for Perihal.

    Confidence: "label : value" 0.9; a bare label whose value sits on the next line 0.75, or on the line
    before (labels and values read as two columns) 0.65; a value given to a bare label by order 0.55. Merged
    columns cost 0.1; characters that look misread cost up to 0.4.
    """
    found: dict[str, ExtractedField[str]] = {}
    used: set[int] = set()
    pending: list[str] = []
    values_first = _values_first(left)
    for index, line in enumerate(left):
        label = label_of(line)
        if label is None or label[0] in found:
            continue
        name, value = label
        if value:
            found[name] = _field(name, value, left, index, 0.9, used)
        elif (taken := _adjacent_value(left, index, used, values_first=values_first)) is not None:
            found[name] = _field(name, taken[1], left, taken[0], taken[2], used)
        else:
            pending.append(name)
    _assign_by_order(pending, left, used, found)
    penalty = 0.1 if interleaved else 0.0
    return {k: _lower(v, penalty) for k, v in found.items()}


def _adjacent_value(
    left: list[str], index: int, used: set[int], *, values_first: bool
) -> tuple[int, str, float] | None:
    """Return ``(line index, value, confidence)`` of a bare label's value on the next or the previous line."""
    after = _orphan_at(left, index + 1, used)
    before = _orphan_at(left, index - 1, used)
    if before is None and values_first and index >= 1 and index - 1 not in used:
        previous = left[index - 1]
        if previous and not label_of(previous) and _COLON_LOOKALIKE.match(previous):
            before = _COLON_LOOKALIKE.sub("", previous)
    if values_first and before is not None:
        return index - 1, before, 0.65
    if after is not None:
        return index + 1, after, 0.75
    return None


def _orphan_at(left: list[str], index: int, used: set[int]) -> str | None:
    """Return the value of the orphan line ``left[index]`` (": Biasa") if it is one and still free."""
    if not 0 <= index < len(left) or index in used:
        return None
    match = _ORPHAN.match(left[index])
    return (match["value"] or match["dotted"] or "") if match else None


def _values_first(left: list[str]) -> bool:
    """Return whether values were read before their labels (": 555/874/2023", then "Nomor")."""
    for index, line in enumerate(left):
        label = label_of(line)
        if label is not None and not label[1]:
            previous_bare = index >= 2 and (bare := label_of(left[index - 2])) is not None and not bare[1]
            return index >= 1 and bool(_ORPHAN.match(left[index - 1])) and not previous_bare
    return False


def _assign_by_order(
    pending: list[str], left: list[str], used: set[int], found: dict[str, ExtractedField[str]]
) -> None:
    """Give bare labels the values that were read elsewhere (": Segera" after the date line), in order."""
    orphans = [(i, m) for i, line in enumerate(left) if i not in used and (m := _ORPHAN.match(line))]
    for name, (index, match) in zip(pending, orphans, strict=False):
        value = match["value"] or match["dotted"] or ""
        if value:
            found[name] = _field(name, value, left, index, 0.55, used)


def _field(
    name: str, value: str, left: list[str], index: int, confidence: float, used: set[int]
) -> ExtractedField[str]:
    """Return the field for ``value`` found at ``left[index]``, adding Perihal's continuation lines."""
    used.add(index)
    parts = [clean_value(value)]
    if name in _CONTINUED:
        for next_index in range(index + 1, len(left)):
            line = left[next_index]
            if not line or label_or_orphan(line) or parse_place_date(line):
                break
            parts.append(clean_value(line))
            used.add(next_index)
    text = join_wrapped(parts)
    return ExtractedField(text, confidence, left[index])


def _lower(found: ExtractedField[str], penalty: float) -> ExtractedField[str]:
    """Return ``found`` with its confidence lowered by ``penalty`` and by suspicious characters."""
    confidence = max(0.1, found.confidence - penalty - suspicion(found.value))
    return ExtractedField(found.value, round(confidence, 2), found.source, found.raw, found.notes)


def join_wrapped(parts: list[str]) -> str:
    """Return wrapped lines joined with spaces; a line ending in a hyphen before a lower-case word is re-joined."""
    text = ""
    for part in (p for p in parts if p):
        if text.endswith("-") and part[:1].islower() and not text.endswith(" -"):
            text = text[:-1] + part
        else:
            text = f"{text} {part}" if text else part
    return collapse(text)


def parse_addressee(right: list[str]) -> tuple[ExtractedField[str] | None, ExtractedField[str] | None]:
    """Return the addressee (several joined by "; ") and the place from the "Kepada / Yth. ... / di" block."""
    names: list[list[str]] = []
    place: str | None = None
    for index, line in enumerate(right):
        if sum(len(part) for lines in names for part in lines) > _MAX_ADDRESSEE_CHARS or (names and not line.strip()):
            break  # no "di ..." closed the block: what follows is no longer the addressee
        di = _DI_LINE.match(line)
        if di:
            place = di["place"] or next((r for r in right[index + 1 :] if r), None)
            place = re.sub(r"^[\s:;.,-]+", "", place or "") or None
            break
        body = re.sub(r"^(?:Kepada\b\s*)?(?:Yth\b\.?|Yang\s+terhormat\b)?\s*:?\s*", "", line, flags=re.I)
        if not body:
            continue
        if _NUMBERED.match(body) or not names:
            names.append([])
        names[-1].append(_NUMBERED.sub("", body))
    texts = [join_wrapped(lines).rstrip(";, ") for lines in names]
    texts = [t for t in texts if not t.endswith(":")] or texts
    if not texts:
        return None, None
    value = "; ".join(texts)
    confidence = max(0.1, (0.85 if place else 0.6) - suspicion(value))
    addressee = ExtractedField(value, round(confidence, 2), " / ".join(right[:3]))
    where = ExtractedField(title_case(place), 0.8, place) if place else None
    return addressee, where
