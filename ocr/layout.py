"""Reading order from word boxes: visual rows, and a letter's side-by-side blocks read column by column."""

from __future__ import annotations

import re
import statistics
from dataclasses import dataclass, field

GAP_FACTOR = 2.0  # a gap wider than this many word heights separates two segments of a row
BLANK_FACTOR = 0.5  # a blank line: a vertical gap this many word heights wider than the usual leading


@dataclass(frozen=True, slots=True)
class Word:
    """One recognised word and its box in pixels."""

    text: str
    left: int
    top: int
    right: int
    bottom: int


@dataclass(slots=True)
class Row:
    """Words on one visual line, left to right."""

    words: list[Word] = field(default_factory=list)

    @property
    def top(self) -> int:
        return min(w.top for w in self.words)

    @property
    def bottom(self) -> int:
        return max(w.bottom for w in self.words)

    @property
    def left(self) -> int:
        return min(w.left for w in self.words)

    @property
    def right(self) -> int:
        return max(w.right for w in self.words)

    @property
    def middle(self) -> float:
        return (self.core_top + self.core_bottom) / 2

    @property
    def core_top(self) -> float:
        """Return the median top of the row's real words (specks and tall stamp marks do not count)."""
        return statistics.median(w.top for w in self._core())

    @property
    def core_bottom(self) -> float:
        return statistics.median(w.bottom for w in self._core())

    def _core(self) -> list[Word]:
        real = [w for w in self.words if _is_real(w)]
        return real or self.words

    @property
    def text(self) -> str:
        return " ".join(w.text for w in self.words)


def tesseract_lines(data: dict[str, list]) -> list[Row]:
    """Return Tesseract's own lines (block, paragraph, line) from ``image_to_data`` output."""
    lines: dict[tuple[int, int, int], Row] = {}
    for i, raw in enumerate(data["text"]):
        text = (raw or "").strip()
        if not text or float(data["conf"][i]) < 0:
            continue
        key = (int(data["block_num"][i]), int(data["par_num"][i]), int(data["line_num"][i]))
        left, top = int(data["left"][i]), int(data["top"][i])
        word = Word(text, left, top, left + int(data["width"][i]), top + int(data["height"][i]))
        lines.setdefault(key, Row()).words.append(word)
    for row in lines.values():
        row.words.sort(key=lambda w: w.left)
    return list(lines.values())


def text_slope(lines: list[Row]) -> float:
    """Return the median slope (dy/dx) of Tesseract's lines: how much the scan is skewed."""
    slopes: list[float] = []
    for line in lines:
        real = [w for w in line.words if _is_real(w) and len(w.text) >= 3]
        if len(real) < 4:
            continue
        xs = [(w.left + w.right) / 2 for w in real]
        ys = [float(w.bottom) for w in real]
        mean_x, mean_y = statistics.fmean(xs), statistics.fmean(ys)
        spread = sum((x - mean_x) ** 2 for x in xs)
        if spread > 0:
            slopes.append(sum((x - mean_x) * (y - mean_y) for x, y in zip(xs, ys, strict=True)) / spread)
    return statistics.median(slopes) if slopes else 0.0


def level(lines: list[Row], slope: float) -> list[Row]:
    """Return the lines with each word moved vertically to undo ``slope`` (rows become horizontal)."""
    if abs(slope) < 1e-4:
        return lines
    return [Row([_shift(w, -round(slope * (w.left + w.right) / 2)) for w in line.words]) for line in lines]


def _shift(word: Word, dy: int) -> Word:
    return Word(word.text, word.left, word.top + dy, word.right, word.bottom + dy)


def visual_rows(lines: list[Row]) -> list[Row]:
    """Merge lines that sit side by side at the same height into rows, sorted top to bottom."""
    rows: list[Row] = []
    shapes: list[_Shape] = []  # each row's measures, kept beside it (recomputed only when the row grows)
    for line in sorted(lines, key=lambda r: (r.middle, r.left)):
        shape = _Shape.of(line)
        index = next((i for i in range(len(rows) - 1, -1, -1) if shapes[i].continued_by(shape)), None)
        if index is None:
            rows.append(Row(list(line.words)))
            shapes.append(shape)
        else:
            rows[index].words = sorted(rows[index].words + line.words, key=lambda w: w.left)
            shapes[index] = _Shape.of(rows[index])
    return sorted(rows, key=lambda r: r.core_top)


@dataclass(frozen=True, slots=True)
class _Shape:
    """A row's measures for merging: its core top and bottom, left and right, and its real words' spans."""

    core_top: float
    core_bottom: float
    left: int
    right: int
    spans: tuple[tuple[int, int], ...]

    @classmethod
    def of(cls, row: Row) -> _Shape:
        core = row._core()
        spans = tuple((w.left, w.right) for w in row.words if _is_real(w))
        return cls(
            core_top=statistics.median(w.top for w in core),
            core_bottom=statistics.median(w.bottom for w in core),
            left=row.left,
            right=row.right,
            spans=spans,
        )

    @property
    def middle(self) -> float:
        return (self.core_top + self.core_bottom) / 2

    def continued_by(self, line: _Shape) -> bool:
        """Return whether ``line`` continues this row horizontally (same height, no horizontal overlap)."""
        height = min(self.core_bottom - self.core_top, line.core_bottom - line.core_top)
        if abs(self.middle - line.middle) >= height / 2:
            return False
        return not any(line.left < right and left < line.right for left, right in self.spans)


def segments(row: Row, gap: float) -> list[Row]:
    """Split a row at gaps wider than ``gap`` between words with letters or digits.

    Punctuation-only words ("-" of "di -", specks read as "." or "|") never open a piece: they stay with
    the piece before them, or with the next one at the start of a row; far from every other word they
    are specks (of a fold, a hole or dust) and are dropped. The colon of "Nomor : ..." also bridges the
    key's tab gap, so the value stays with its key.
    """
    pieces: list[Row] = []
    pending: list[Word] = []
    last_real: Word | None = None
    words = row.words
    for i, word in enumerate(words):
        if not _is_real(word):
            if _isolated(words, i, gap):
                continue
            (pieces[-1].words if pieces else pending).append(word)
            if ":" in word.text and pieces:
                last_real = word
            continue
        if last_real is None or word.left - last_real.right > gap:
            pieces.append(Row([*pending, word]))
            pending = []
        else:
            pieces[-1].words.append(word)
        last_real = word
    if pending:
        pieces.append(Row(pending))
    return pieces


def _isolated(words: list[Word], i: int, gap: float) -> bool:
    """Return whether word ``i`` is farther than ``gap`` from both neighbours (or the row's ends)."""
    before = words[i].left - words[i - 1].right if i > 0 else float("inf")
    after = words[i + 1].left - words[i].right if i + 1 < len(words) else float("inf")
    return before > gap and after > gap


def _is_real(word: Word) -> bool:
    """Return whether a word has a letter or digit (else it is punctuation or a speck)."""
    return any(ch.isalnum() for ch in word.text)


def word_height(rows: list[Row]) -> float:
    """Return the median height of the words of three characters or more (a text-size unit)."""
    heights = [w.bottom - w.top for row in rows for w in row.words if len(w.text) >= 3]
    return float(statistics.median(heights)) if heights else 30.0


def usual_leading(rows: list[Row]) -> float:
    """Return the median vertical gap between consecutive rows (the page's line spacing)."""
    gaps = [b.core_top - a.core_bottom for a, b in zip(rows, rows[1:], strict=False)]
    positive = [g for g in gaps if g > 0]
    return float(statistics.median(positive)) if positive else 0.0


def reading_order(data: dict[str, list]) -> str:
    """Return the text of Tesseract's ``image_to_data`` output in reading order."""
    return arrange(tesseract_lines(data))


def arrange(lines: list[Row]) -> str:
    """Return the text of ``lines`` (or single words) in reading order.

    Tesseract reads the classic letter's "Nomor/Sifat/Lampiran/Perihal" block and the "Kepada Yth."
    block beside it line by line across both, or splits the keys from their values. Here rows are
    rebuilt from the word boxes (levelled for skew), read top to bottom, a two-column run column by
    column, with a blank line where the page leaves one.
    """
    rows = visual_rows(level(lines, text_slope(lines)))
    if not rows:
        return ""
    unit = word_height(rows)
    blank = usual_leading(rows) + BLANK_FACTOR * unit
    out: list[str] = []
    i = 0
    previous: Row | None = None
    while i < len(rows):
        if previous is not None and rows[i].core_top - previous.core_bottom > blank:
            out.append("")
        run_end, split_x = _two_column_run(rows, i, unit, blank)
        if run_end > i + 1:
            out.extend(_read_columns(rows[i:run_end], split_x, unit))
            previous, i = rows[run_end - 1], run_end
        else:
            out.append(" ".join(piece.text for piece in segments(rows[i], GAP_FACTOR * unit)))
            previous, i = rows[i], i + 1
    return "\n".join(out).strip()


LOOK_AHEAD_ROWS = 2  # a run may start with this many short rows of the right-hand column ("Kepada") above it
_KEY = re.compile(r"^[^\W\d_]{2,12}\.?$")  # a header key alone before its value ("Nomor", "Hal"), its colon lost


def _two_column_run(rows: list[Row], start: int, unit: float, blank: float) -> tuple[int, float]:
    """Return the end (exclusive) of a two-column run starting at ``start`` and the column border.

    A run is consecutive rows without a blank line between them, each with one or two pieces, where at
    least two rows have a right-hand piece starting at the same x (a column, not stamp or speck noise).
    A key read apart from its value (the colon lost: "Nomor", "005/...") counts as one piece with it; a row
    wholly left of the border, indented under the values, is a value's continuation whatever its spacing; and
    up to :data:`LOOK_AHEAD_ROWS` short rows right of the border may open the run ("Kepada" above "Nomor").
    """
    gap = GAP_FACTOR * unit
    first_index = start
    while first_index < len(rows) and len(_pieces(rows[first_index], gap)) != 2:
        short = len(rows[first_index].words) <= 2 and len(_pieces(rows[first_index], gap)) == 1
        if not short or first_index - start >= LOOK_AHEAD_ROWS or first_index + 1 >= len(rows):
            return start + 1, 0.0
        if rows[first_index + 1].core_top - rows[first_index].core_bottom > blank:
            return start + 1, 0.0
        first_index += 1
    if first_index >= len(rows):
        return start + 1, 0.0
    first = _pieces(rows[first_index], gap)
    right_lefts = [float(first[1].left)]
    if any(rows[i].left < right_lefts[0] - unit / 2 for i in range(start, first_index)):
        return start + 1, 0.0
    values_left = float(first[0].left)
    end = first_index + 1
    while end < len(rows):
        row = rows[end]
        if row.core_top - rows[end - 1].core_bottom > blank:
            break
        pieces = _pieces(row, gap)
        split_x = min(right_lefts)
        continued = row.left > values_left + gap and row.right < split_x - unit / 2
        if not continued and (len(pieces) > 2 or (len(pieces) == 1 and row.left < split_x < row.right - unit)):
            break
        if len(pieces) == 2 and not continued:
            right_lefts.append(float(pieces[1].left))
        end += 1
    middle = statistics.median(right_lefts)
    if sum(abs(x - middle) <= unit for x in right_lefts) < 2:
        return start + 1, 0.0
    return end, min(right_lefts)


def _pieces(row: Row, gap: float) -> list[Row]:
    """Return a row's pieces (see :func:`segments`), a key read apart from its value joined to it."""
    pieces = segments(row, gap)
    if len(pieces) >= 3 and _KEY.match(pieces[0].text.strip(" :")):
        return [Row(pieces[0].words + pieces[1].words), *pieces[2:]]
    return pieces


def _read_columns(rows: list[Row], split_x: float, unit: float) -> list[str]:
    """Return the left column's lines, then the right column's (each row's part of a column on one line)."""
    left: list[str] = []
    right: list[str] = []
    for row in rows:
        sides: tuple[list[str], list[str]] = ([], [])
        for piece in segments(row, GAP_FACTOR * unit):
            sides[piece.left >= split_x - unit / 2].append(piece.text)
        for column, texts in zip((left, right), sides, strict=True):
            if texts:
                column.append(" ".join(texts))
    return left + right
