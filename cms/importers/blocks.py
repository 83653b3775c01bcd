"""A document as a stream of blocks in reading order: loose lines of text and table rows of cells.

PDF pages (words and ruled grids) and Word files (paragraphs and tables) both become this stream, so the
readers of service standards and narrative procedures work the same on either.
"""

from __future__ import annotations

from dataclasses import dataclass

from cms.importers.pages import PageLayout, one_line, text_lines


@dataclass(frozen=True)
class RowCell:
    """One cell of a table row: the columns it spans (end exclusive) and its text (lines kept)."""

    col: int
    col_end: int
    text: str


@dataclass(frozen=True)
class Block:
    """A loose line (``cells`` empty) or a table row; ``columns`` is its table's column count."""

    page: int
    text: str = ""
    cells: tuple[RowCell, ...] = ()
    columns: int = 0
    table: int = 0

    @property
    def is_row(self) -> bool:
        return bool(self.cells)

    @property
    def spans_table(self) -> bool:
        """Return whether one cell fills the whole row (a title or section row)."""
        filled = [cell for cell in self.cells if cell.text.strip()]
        return len(filled) == 1 and filled[0].col_end - filled[0].col >= self.columns

    def row_text(self) -> str:
        return one_line(" ".join(cell.text for cell in self.cells))


def page_blocks(pages: list[PageLayout]) -> list[Block]:
    """Return the blocks of PDF pages: each page's loose lines and table rows, top to bottom."""
    blocks: list[Block] = []
    table = 0
    for page in pages:
        items: list[tuple[float, Block]] = []
        for line in text_lines(page.words_outside_grids()):
            items.append((min(w.y0 for w in line), Block(page=page.number, text=" ".join(w.text for w in line))))
        for grid in page.grids:
            table += 1
            n_cols = len(grid.xs) - 1
            for row in range(len(grid.ys) - 1):
                cells = tuple(
                    RowCell(col=c.col, col_end=c.col_end, text=page.cell_text(c)) for c in grid.cells if c.row == row
                )
                if any(cell.text.strip() for cell in cells):
                    block = Block(page=page.number, cells=cells, columns=n_cols, table=table)
                    items.append((grid.ys[row], block))
        blocks += [block for _, block in sorted(items, key=lambda item: item[0])]
    return blocks


def plain_text(blocks: list[Block]) -> str:
    """Return the blocks as text (rows as tab-separated cells, pages apart), for notes and fallbacks."""
    lines: list[str] = []
    page = None
    for block in blocks:
        if page is not None and block.page != page:
            lines.append("\f")
        page = block.page
        if block.is_row:
            lines.append("\t".join(one_line(cell.text) for cell in block.cells))
        else:
            lines.append(block.text)
    return "\n".join(lines)


def cell_lines(text: str) -> list[str]:
    return [one_line(line) for line in text.splitlines() if one_line(line)]
