"""Find the step rows of an OCR'd SOP table whose column positions were lost (seed 004)."""

from __future__ import annotations

import re
from dataclasses import dataclass

from cms.importers.duration_text import find_durations

_ROW_NUMBER = re.compile(r"^\s*(?P<n>\d{1,2}|[SsgIl])\s*(?P<sep>[.,)]?\s*[|\[(]?)\s*(?P<rest>.*)$")
_LETTER_DIGITS = {"S": {5}, "s": {5}, "g": {2, 7, 9}, "I": {1}, "l": {1}}
_OCR_DIGITS = {9: {2}}  # a printed 2 is often read as 9
_STARTS = re.compile(r"^(Me[a-z]{3,}|Pemohon|Agendaris|Cek|Publik|Petugas|Apabila|Kasubag)")
_NOUN_STARTS = re.compile(r"^(Pe[mn]?[a-z]{3,}an\b|Proses|Tindakan)")  # only with a time on the same line
_FLOW_SYMBOLS = {"Y", "y", "v", "V", "A", "A4", "4", "+", "\\", "[", "]", "|"}
_LOWER_START = re.compile(r"^(me[a-z]{3,}|pe[mn]?[a-z]{3,}an)\b")


@dataclass(frozen=True)
class Row:
    """One step's lines, and which of them carries its number or its first words."""

    lines: list[str]
    anchor: int


def _letters(text: str) -> bool:
    return bool(re.search(r"[A-Za-z]{3}", text))


def _number_of(line: str, expected: int) -> int | None:
    """Return the row number ``line`` starts with, if it continues the sequence at ``expected``."""
    match = _ROW_NUMBER.match(line)
    if not match or not _letters(match.group("rest")):
        return None
    durations = find_durations(line)
    if durations and durations[0].start <= len(line) - len(line.lstrip()) + 1:
        return None
    token = match.group("n")
    if token in _LETTER_DIGITS:
        ok = expected in _LETTER_DIGITS[token] and "|" in match.group("sep") + "[" or "[" in match.group("sep")
        return expected if ok and expected in _LETTER_DIGITS[token] else None
    number = int(token)
    if number == expected or expected in _OCR_DIGITS.get(number, set()):
        return expected
    return number if expected < number <= expected + 2 else None


def number_anchors(lines: list[str]) -> list[int]:
    """Return the indexes of the lines that start numbered rows 1, 2, 3 ... (small gaps allowed)."""
    anchors: list[int] = []
    expected = 1
    for index, line in enumerate(lines):
        number = _number_of(line, expected)
        if number is not None:
            anchors.append(index)
            expected = number + 1
    return anchors


def activity_start(line: str) -> bool:
    """Return whether an activity starts on ``line`` (a capitalised verb, or a verb next to a flow symbol)."""
    text = re.sub(r"^[\d\s.|\[]*", "", line.strip())
    if _STARTS.match(text) or (_NOUN_STARTS.match(text) and find_durations(text)):
        return True
    if _LOWER_START.match(text):
        return any(word in _FLOW_SYMBOLS for word in text.split()[2:8])
    return False


def split_rows(lines: list[str]) -> tuple[list[Row], str]:
    """Return the table's rows and how they were found ('numbered-centred', 'numbered-top', 'activities').

    Rows are anchored on their printed numbers when the table has them ('1 |Menyusun', 'S |Memberi' for
    5), else on the lines where an activity starts ('Membuat ...', 'Pemohon melengkapi ...'). Scanned
    tables centre a row's text on its number, so the lines between two numbers are shared out (at an
    activity's first words, else half-way, so that each row keeps one 'Waktu'); Word tables put the
    text at the top of the row.
    """
    anchors = number_anchors(lines)
    durations = sum(1 for line in lines if find_durations(line))
    if len(anchors) >= 2 and len(anchors) >= 0.5 * durations:
        if _top_aligned(lines, anchors):
            return _top_rows(lines, anchors + _unnumbered_after(lines, anchors[-1])), "numbered-top"
        return _centred_rows(lines, anchors), "numbered-centred"
    starts = [i for i, line in enumerate(lines) if activity_start(line) and not (i and _open_ended(lines[i - 1]))]
    return _top_rows(lines, starts), "activities"


def _open_ended(line: str) -> bool:
    """Return whether a line's text runs on into the next ('..., Mengarsipkan' continues a sentence)."""
    text = re.split(r"\s+-\s|\s[A-Za-z]?\d*\s*\d+\s*(?:menit|jam|hari)", line.strip(), maxsplit=1)[0]
    return bool(re.search(r"(,|\bdan|\bserta)$", text.strip()))


def _unnumbered_after(lines: list[str], last: int) -> list[int]:
    """Return rows after the last number whose number a page break lost: an activity with its time."""
    return [i for i in range(last + 1, len(lines)) if _STARTS.match(lines[i].strip()) and find_durations(lines[i])]


def _top_aligned(lines: list[str], anchors: list[int]) -> bool:
    before = [line for line in lines[: anchors[0]] if _letters(line)]
    rests = [_ROW_NUMBER.match(lines[index]).group("rest") for index in anchors]
    worded = [rest for rest in rests if rest[:1].isalpha()]
    return not before and sum(rest[:1].isupper() for rest in worded) >= 0.8 * len(worded)


def _top_rows(lines: list[str], anchors: list[int]) -> list[Row]:
    ends = anchors[1:] + [len(lines)]
    return [Row(lines=lines[start:end], anchor=0) for start, end in zip(anchors, ends, strict=True)]


def _centred_rows(lines: list[str], anchors: list[int]) -> list[Row]:
    """Share the lines between two numbers: the upper half to the row above, unless a 'Waktu' says otherwise."""
    starts = [0]
    for current, following in zip(anchors, anchors[1:], strict=False):
        starts.append(_split_gap(lines, current, following))
    ends = starts[1:] + [len(lines)]
    return [
        Row(lines=lines[start:end], anchor=anchor - start)
        for start, end, anchor in zip(starts, ends, anchors, strict=True)
    ]


def _split_gap(lines: list[str], current: int, following: int) -> int:
    """Return where the next row starts: at an activity's first words, else half-way (kept apart by 'Waktu')."""
    gap = range(current + 1, following)
    starts = [index for index in gap if _STARTS.match(re.sub(r"^[\W\d]*", "", lines[index]))]
    if starts:
        return starts[0]
    split = current + 1 + (len(gap) + 1) // 2
    timed = [index for index in gap if find_durations(lines[index])]
    current_timed = bool(find_durations(lines[current]))
    following_timed = bool(find_durations(lines[following]))
    if current_timed and not following_timed and timed:
        return min(split, timed[0])
    if not current_timed and timed and (following_timed or timed[0] < split):
        return max(split, timed[0] + 1)
    return split
