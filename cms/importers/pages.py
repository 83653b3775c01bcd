"""A page as the layout readers see it: positioned words, the ruled tables on it and, for flowcharts, its image."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

import numpy as np

from cms.importers.grid import Cell, Grid

TEXT_LAYER = "text_layer"
OCR = "ocr"


@dataclass(frozen=True)
class Word:
    """One word and its box in the pixels of the page image."""

    text: str
    x0: float
    y0: float
    x1: float
    y1: float
    conf: float = 100.0  # OCR confidence 0-100; text-layer words are certain

    @property
    def cx(self) -> float:
        return (self.x0 + self.x1) / 2

    @property
    def cy(self) -> float:
        return (self.y0 + self.y1) / 2

    @property
    def height(self) -> float:
        return self.y1 - self.y0


@dataclass
class PageLayout:
    """One page: its words (from the text layer or OCR), its tables and, while parsing, its grey image."""

    number: int
    dpi: int
    width: int
    height: int
    words: list[Word]
    grids: list[Grid] = field(default_factory=list)
    source: str = TEXT_LAYER
    image: np.ndarray | None = field(default=None, repr=False)
    notes: list[str] = field(default_factory=list)
    _reread_cache: dict = field(default_factory=dict, repr=False)

    def words_in(self, box: tuple[float, float, float, float]) -> list[Word]:
        x0, y0, x1, y1 = box
        return [w for w in self.words if x0 <= w.cx < x1 and y0 <= w.cy < y1]

    def text_in(self, box: tuple[float, float, float, float]) -> str:
        return lines_text(self.words_in(box))

    def cell_text(self, cell: Cell, *, reread: bool = False) -> str:
        """Return the cell's text.

        With ``reread``, an OCR'd cell whose page reading is empty or garbled (shaded heading cells) is
        read again on its own, thresholded against its own background; the better reading is kept.
        """
        words = self.words_in(cell.box)
        if not reread or self.source != OCR or self.image is None or _sure(words):
            return lines_text(words)
        if cell.box not in self._reread_cache:
            self._reread_cache[cell.box] = self._reread(cell)
        again = self._reread_cache[cell.box]
        return lines_text(again if confidence(again) > confidence(words) else words)

    def _reread(self, cell: Cell) -> list[Word]:
        """Read the cell alone, thresholded low (bold text on a shade) and higher (thin text): the surer reading."""
        from cms.importers.grid import binarize_box
        from cms.importers.ocr_words import recognise_words

        best: list[Word] = []
        for share in (0.35, 0.55):
            found = binarize_box(self.image, cell.box, self.dpi, share=share)
            if found is None:
                return best
            crop, x0, y0 = found
            words = recognise_words(crop, dpi=self.dpi, block=True)
            placed = [Word(w.text, w.x0 + x0, w.y0 + y0, w.x1 + x0, w.y1 + y0, w.conf) for w in words]
            placed = [w for w in placed if any(ch.isalnum() for ch in w.text)]
            if confidence(placed) > confidence(best):
                best = placed
            if confidence(best) >= CONFIDENT:
                break
        return best

    def words_outside_grids(self) -> list[Word]:
        boxes = [grid.box for grid in self.grids]
        return [w for w in self.words if not any(x0 <= w.cx < x1 and y0 <= w.cy < y1 for x0, y0, x1, y1 in boxes)]


CONFIDENT = 85.0


def _sure(words: list[Word]) -> bool:
    text = "".join(w.text for w in words)
    if text.isdigit():
        return True
    return sum(ch.isalnum() for ch in text) >= 3 and confidence(words) >= CONFIDENT


def confidence(words: list[Word]) -> float:
    """Return the words' confidence weighted by their letters (0 for none; specks weigh nothing)."""
    weights = [(sum(ch.isalnum() for ch in w.text), w.conf) for w in words]
    total = sum(weight for weight, _ in weights)
    return sum(weight * conf for weight, conf in weights) / total if total else 0.0


def text_lines(words: list[Word]) -> list[list[Word]]:
    """Group words into visual lines (vertical overlap), each left to right, lines top to bottom."""
    lines: list[list[Word]] = []
    for word in sorted(words, key=lambda w: (w.cy, w.x0)):
        for line in lines:
            top = min(w.y0 for w in line)
            bottom = max(w.y1 for w in line)
            overlap = min(bottom, word.y1) - max(top, word.y0)
            if overlap > 0.5 * min(word.height, bottom - top):
                line.append(word)
                break
        else:
            lines.append([word])
    lines = [sorted(line, key=lambda w: w.x0) for line in lines]
    return sorted(lines, key=lambda line: min(w.y0 for w in line))


def lines_text(words: list[Word]) -> str:
    """Return the words as text, one visual line per line."""
    return "\n".join(" ".join(w.text for w in line) for line in text_lines(words))


def one_line(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()
