"""Read a Word (.docx) document as blocks: paragraphs and table rows in order, merged cells once,
nested tables flattened into their cell, automatic list numbering written out as list markers."""

from __future__ import annotations

from pathlib import Path

from cms.importers.blocks import Block, RowCell
from cms.importers.text_quality import strip_invisible


class DocxReadError(Exception):
    """The Word file is damaged."""


def read_docx_blocks(path: Path) -> list[Block]:
    """Return the document's blocks; page numbers count explicit page breaks (Word does not store pages)."""
    import docx
    from docx.table import Table

    try:
        document = docx.Document(str(path))
    except Exception as exc:  # noqa: BLE001 - python-docx raises many types for broken files
        raise DocxReadError(f"dokumen Word rusak ({exc})") from exc
    blocks: list[Block] = []
    page, table_number = 1, 0
    for item in document.iter_inner_content():
        if isinstance(item, Table):
            table_number += 1
            blocks += _table_blocks(item, page, table_number)
            continue
        text = paragraph_text(item)
        if text.strip():
            blocks.append(Block(page=page, text=text.strip()))
        if 'w:type="page"' in item._p.xml or "<w:lastRenderedPageBreak" in item._p.xml:
            page += 1
    return blocks


def paragraph_text(paragraph) -> str:
    """Return a paragraph's text, with '- ' (or an indented '- ' for deeper levels) for list paragraphs."""
    text = strip_invisible(paragraph.text)
    p_pr = paragraph._p.pPr
    num_pr = p_pr.numPr if p_pr is not None else None
    if num_pr is not None and text.strip():
        level = num_pr.ilvl.val if num_pr.ilvl is not None else 0
        return f"{'  ' * level}- {text.strip()}" if level == 0 else f"  a. {text.strip()}"
    return text


def cell_text(cell) -> str:
    """Return a cell's paragraphs and nested tables, line by line."""
    from docx.table import Table

    lines: list[str] = []
    for item in cell.iter_inner_content():
        if isinstance(item, Table):
            for row in item.rows:
                seen: list = []
                parts = []
                for inner in row.cells:
                    if any(inner._tc is other for other in seen):
                        continue
                    seen.append(inner._tc)
                    parts.append(" ".join(cell_text(inner).split()))
                lines.append(" ".join(part for part in parts if part))
        else:
            text = paragraph_text(item)
            if text.strip():
                lines.append(text)
    return "\n".join(lines)


def _table_blocks(table, page: int, number: int) -> list[Block]:
    blocks = []
    above: list = []
    n_cols = len(table.columns)
    for row in table.rows:
        cells = list(row.cells)
        row_cells: list[RowCell] = []
        column = 0
        while column < len(cells):
            cell = cells[column]
            end = column + 1
            while end < len(cells) and cells[end]._tc is cell._tc:
                end += 1
            merged_down = column < len(above) and above[column]._tc is cell._tc
            row_cells.append(RowCell(col=column, col_end=end, text="" if merged_down else cell_text(cell)))
            column = end
        if any(c.text.strip() for c in row_cells):
            blocks.append(Block(page=page, cells=tuple(row_cells), columns=n_cols, table=number))
        above = cells
    return blocks
