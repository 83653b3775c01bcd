"""The incoming register (buku agenda surat masuk) as CSV, XLSX and PDF.

Pure functions from rows to bytes, plus ``register_export_logged``: every export that leaves the system (the
screen's download, the command) must write an "export" event to the audit log for each restricted letter in the
file, so callers either use it or call ``record_export`` with the rows they exported. Take the rows from
archive.selectors.register.register_rows, which leaves out the letters the reader may not open.
"""

from __future__ import annotations

import csv
import datetime
import io
import re
from collections.abc import Iterable
from dataclasses import astuple, dataclass

from django.utils.html import escape
from django.utils.translation import gettext as _

from archive.audit import Action, record_letter_access
from archive.models import RegisterEntry

FORMATS = ("csv", "xlsx", "pdf")
CONTENT_TYPES = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "pdf": "application/pdf",
}


@dataclass(frozen=True)
class RegisterLine:
    """One line of the buku agenda, in the order of its columns."""

    agenda_number: int
    received_on: datetime.date | None
    number: str
    letter_date: datetime.date | None
    sender: str
    subject: str
    code: str
    attachments: str
    urgency: str
    security: str


def register_headers() -> list[str]:
    return [
        _("Nomor agenda"),
        _("Tanggal terima"),
        _("Nomor surat"),
        _("Tanggal surat"),
        _("Asal/pengirim"),
        _("Perihal"),
        _("Kode klasifikasi"),
        _("Lampiran"),
        _("Sifat"),
        _("Keamanan"),
    ]


def register_lines(*, rows: Iterable[RegisterEntry]) -> list[RegisterLine]:
    lines = []
    for entry in rows:
        letter = entry.letter
        lines.append(
            RegisterLine(
                agenda_number=entry.agenda_number,
                received_on=letter.received_on,
                number=letter.number,
                letter_date=letter.letter_date,
                sender=letter.sender,
                subject=letter.subject,
                code=letter.classification.code if letter.classification else "",
                attachments=letter.attachments,
                urgency=str(letter.get_urgency_display()),
                security=str(letter.get_security_display()),
            )
        )
    return lines


def _text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime.date):
        return value.strftime("%d-%m-%Y")
    return " ".join(str(value).split())  # line breaks of OCR'd subjects would split a CSV row or a cell


FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def neutralised(text: str) -> str:
    """Text a spreadsheet shows as text: one that begins like a formula (=, +, -, @, tab, CR) gets a leading
    apostrophe, so a sender or subject such as '=HYPERLINK(...)' is never run when the export is opened."""
    return f"'{text}" if text.startswith(FORMULA_STARTS) else text


def register_csv(*, rows: Iterable[RegisterEntry], delimiter: str = ",") -> bytes:
    """Return UTF-8 CSV with a byte order mark, so Excel reads the Indonesian text right when it opens the file.

    Dates are ISO (2025-01-31), which Excel parses whatever the machine's locale; use ``delimiter=";"`` for
    an Excel set to Indonesian, whose list separator is the semicolon.
    """
    out = io.StringIO()
    writer = csv.writer(out, delimiter=delimiter, lineterminator="\r\n")
    writer.writerow(register_headers())
    for line in register_lines(rows=rows):
        writer.writerow(
            [
                value.isoformat() if isinstance(value, datetime.date) else neutralised(_text(value))
                for value in astuple(line)
            ]
        )
    return out.getvalue().encode("utf-8-sig")


XLSX_WIDTHS = (10, 13, 28, 13, 32, 50, 14, 14, 13, 14)


def register_xlsx(*, rows: Iterable[RegisterEntry], title: str = "") -> bytes:
    """Return a workbook with one sheet: the header row (frozen, with filters) and one row per entry, dates as dates."""
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font
    from openpyxl.utils import get_column_letter

    workbook = Workbook()
    sheet = workbook.active
    sheet.title = re.sub(r"[\\/?*\[\]:]", "-", title or _("Buku agenda"))[:31]  # characters Excel refuses
    sheet.append(register_headers())
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for line in register_lines(rows=rows):
        sheet.append([neutralised(value) if isinstance(value, str) else value for value in astuple(line)])
    for row in sheet.iter_rows(min_row=2):
        for cell in row:
            if isinstance(cell.value, datetime.date):
                cell.number_format = "DD-MM-YYYY"
            cell.alignment = Alignment(vertical="top", wrap_text=True)
    for index, width in enumerate(XLSX_WIDTHS, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = width
    sheet.freeze_panes = "A2"
    sheet.auto_filter.ref = sheet.dimensions
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


PDF_CSS = """
@page { size: A4 landscape; margin: 12mm 10mm 14mm 10mm;
        @bottom-right { content: counter(page) " / " counter(pages); font-size: 8pt; } }
body { font-family: "DejaVu Sans", "Liberation Sans", sans-serif; font-size: 8pt; }
h1 { font-size: 12pt; margin: 0 0 2mm 0; text-align: center; }
p.period { text-align: center; margin: 0 0 4mm 0; }
table { width: 100%; border-collapse: collapse; table-layout: fixed; }
thead { display: table-header-group; }
tr { page-break-inside: avoid; }
th, td { box-sizing: border-box; border: 0.5pt solid #000; padding: 1mm; vertical-align: top;
         overflow-wrap: break-word; }
th { background: #e6e6e6; }
td.n { text-align: right; }
"""
PDF_WIDTHS = (6, 7, 13, 7, 15, 22, 9, 7, 7, 7)  # per cent of the table width


def register_pdf(*, rows: Iterable[RegisterEntry], title: str = "", period: str = "") -> bytes:
    """Return the register as a landscape A4 table with the buku agenda columns, the header on every page."""
    from weasyprint import HTML

    return HTML(string=register_html(rows=rows, title=title, period=period)).write_pdf()


def register_html(*, rows: Iterable[RegisterEntry], title: str = "", period: str = "") -> str:
    heads = "".join(
        f'<th style="width:{width}%">{escape(header)}</th>'
        for header, width in zip(register_headers(), PDF_WIDTHS, strict=True)
    )
    body = "".join(_html_row(line) for line in register_lines(rows=rows))
    if not body:
        body = f'<tr><td colspan="{len(PDF_WIDTHS)}">{escape(_("Tidak ada surat."))}</td></tr>'
    return (
        f'<!doctype html><html><head><meta charset="utf-8"><style>{PDF_CSS}</style></head><body>'
        f"<h1>{escape(title or _('Buku Agenda Surat Masuk'))}</h1>"
        + (f'<p class="period">{escape(period)}</p>' if period else "")
        + f"<table><thead><tr>{heads}</tr></thead><tbody>{body}</tbody></table></body></html>"
    )


def _html_row(line: RegisterLine) -> str:
    cells = [f'<td class="n">{line.agenda_number}</td>']
    cells += [f"<td>{escape(_text(value))}</td>" for value in astuple(line)[1:]]
    return f"<tr>{''.join(cells)}</tr>"


def register_export(*, rows: Iterable[RegisterEntry], file_format: str, title: str = "", period: str = "") -> bytes:
    """Return the register in ``file_format`` (csv, xlsx or pdf)."""
    if file_format == "csv":
        return register_csv(rows=rows)
    if file_format == "xlsx":
        return register_xlsx(rows=rows, title=title)
    if file_format == "pdf":
        return register_pdf(rows=rows, title=title, period=period)
    raise ValueError(f"Unknown export format {file_format!r}; expected one of {', '.join(FORMATS)}")


def record_export(*, rows: Iterable[RegisterEntry], file_format: str, user=None) -> int:
    """Write one "export" audit event per restricted letter in ``rows``; return how many were written.

    The events name ``user``, or when None whoever the request or command runs as (archive.audit.acting_as).
    """
    restricted = [entry.letter for entry in rows if entry.letter.is_restricted]
    for letter in restricted:
        record_letter_access(letter, action=Action.EXPORT, user=user, what=f"buku agenda {file_format}")
    return len(restricted)


def register_export_logged(
    *, rows: Iterable[RegisterEntry], file_format: str, title: str = "", period: str = "", user=None
) -> bytes:
    """Return the register in ``file_format`` and log the export of each restricted letter in it."""
    rows = list(rows)
    content = register_export(rows=rows, file_format=file_format, title=title, period=period)
    record_export(rows=rows, file_format=file_format, user=user)
    return content
