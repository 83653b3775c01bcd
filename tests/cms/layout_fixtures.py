"""Small SOP documents made in the tests: an SOP AP flowchart table (PDF, text layer or scanned), a Word file
of service standards with merged cells, nested tables and automatic numbering, and a decree without its
appendix."""

from __future__ import annotations

import io
from pathlib import Path

import docx
import weasyprint
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from PIL import Image

LANES = ("Pemohon", "Petugas Loket", "Kepala Seksi")
STEPS = (
    # activity, lane index, symbol, kelengkapan, waktu, output
    ("Mengajukan permohonan dan berkas", 0, "capsule", "KTP", "5 menit", "Berkas permohonan"),
    ("Memeriksa kelengkapan berkas permohonan", 1, "diamond", "Berkas permohonan", "10 menit", "Berkas lengkap"),
    ("Menandatangani surat keterangan", 2, "box", "Konsep surat", "1 hari kerja", "Surat ditandatangani"),
    ("Menerima surat keterangan", 0, "capsule", "Surat", "Setiap saat", "Surat keterangan"),
)
_SYMBOLS = {
    "box": "width:60px;height:26px;border:2px solid #000;margin:14px auto",
    "capsule": "width:66px;height:26px;border:2px solid #000;border-radius:14px;margin:14px auto",
    "diamond": "width:34px;height:34px;border:2px solid #000;transform:rotate(45deg);margin:18px auto",
}


def sop_ap_html(title: str = "SOP Pelayanan Surat Keterangan Domisili") -> str:
    """Return an SOP AP page: identity rows, then the flowchart table with symbols in the lanes."""
    lanes = "".join(f"<th>{name}</th>" for name in LANES)
    rows = []
    for number, (activity, lane, symbol, needs, time, output) in enumerate(STEPS, 1):
        cells = "".join(
            f'<td class="lane"><div style="{_SYMBOLS[symbol]}"></div></td>'
            if index == lane
            else '<td class="lane"></td>'
            for index in range(len(LANES))
        )
        rows.append(
            f"<tr><td>{number}</td><td>{activity}</td>{cells}<td>{needs}</td><td>{time}</td><td>{output}</td></tr>"
        )
    return f"""
    <style>
      @page {{ size: A4 landscape; margin: 12mm }}
      body {{ font-family: DejaVu Sans; font-size: 10pt }}
      table {{ border-collapse: collapse; width: 100% }}
      td, th {{ border: 1.5px solid #000; padding: 4px; vertical-align: top }}
      td.lane {{ width: 95px; height: 64px; padding: 0 }}
    </style>
    <p style="text-align:center;font-weight:bold">{title.upper()}</p>
    <table>
      <tr><th rowspan="2">No</th><th rowspan="2">Kegiatan</th><th colspan="3">Pelaksana</th>
          <th colspan="3">Mutu Baku</th></tr>
      <tr>{lanes}<th>Kelengkapan</th><th>Waktu</th><th>Output</th></tr>
      {"".join(rows)}
    </table>"""


def write_sop_ap_pdf(path: Path) -> Path:
    path.write_bytes(weasyprint.HTML(string=sop_ap_html()).write_pdf())
    return path


IDENTITY = (
    ("Nomor SOP", "045/SOP/PEM/2024"),
    ("Tanggal Pembuatan", "10 Oktober 2024"),
    ("Nama SOP", "PELAYANAN SURAT PINDAH"),
)


def write_sop_ap_with_identity_pdf(path: Path) -> Path:
    """An SOP AP whose name stands only in its identity sheet, each value past a ':' column (label | : | value),
    the letterhead in the sheet's first column and no heading above the flowchart."""
    rows = "".join(
        f"<tr>{'<td rowspan=3>PEMERINTAH KABUPATEN UJI<br>DINAS KEPENDUDUKAN</td>' if index == 0 else ''}"
        f"<td>{label.upper()}</td><td style='width:12px'>:</td><td>{value}</td></tr>"
        for index, (label, value) in enumerate(IDENTITY)
    )
    sheet = f"<table style='margin-bottom:10mm'>{rows}</table>"
    html = sop_ap_html().replace('<p style="text-align:center;font-weight:bold">', sheet + "<p hidden>", 1)
    path.write_bytes(weasyprint.HTML(string=html).write_pdf())
    return path


def write_scanned(pdf: Path, target: Path, *, dpi: int = 200) -> Path:
    """Write ``pdf``'s pages as a scan would be: images only, no text layer."""
    from pdf2image import convert_from_path

    pages = [page.convert("L") for page in convert_from_path(str(pdf), dpi=dpi)]
    pages[0].save(target, "PDF", resolution=dpi, save_all=True, append_images=pages[1:])
    return target


def write_bidi_pdf(target: Path) -> Path:
    """Write a born-digital page whose text layer wraps every word in direction-control characters."""
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont
    from reportlab.pdfgen import canvas

    pdfmetrics.registerFont(TTFont("DejaVuSans", "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf"))
    page = canvas.Canvas(str(target), pagesize=(595, 842))
    text = page.beginText(40, 800)
    text.setFont("DejaVuSans", 11)
    for _ in range(6):
        text.textLine(" ".join(f"\u202d{word}\u202c" for word in ("Memeriksa", "kelengkapan", "berkas", "pemohon")))
    page.drawText(text)
    page.save()
    return target


def write_poor_layer_pdf(source: Path, target: Path) -> Path:
    """Write ``source``'s page image with an invisible, garbled text layer on top (as a poor scanner OCR does)."""
    from pdf2image import convert_from_path
    from reportlab.lib.utils import ImageReader
    from reportlab.pdfgen import canvas

    image = convert_from_path(str(source), dpi=200)[0].convert("L")
    width, height = image.size[0] * 72 / 200, image.size[1] * 72 / 200
    page = canvas.Canvas(str(target), pagesize=(width, height))
    buffer = io.BytesIO()
    image.save(buffer, "PNG")
    page.drawImage(ImageReader(io.BytesIO(buffer.getvalue())), 0, 0, width, height)
    text = page.beginText(20, height - 40)
    text.setTextRenderMode(3)  # invisible
    text.setFont("Helvetica", 9)
    for index in range(40):
        text.textLine("xq zvk qwrtp mnbv lkjhg " * 3 + f"{index}")
    page.drawText(text)
    page.save()
    return target


def write_decree_without_appendix(path: Path) -> Path:
    html = """
    <p style="text-align:center">KEPUTUSAN KEPALA DINAS KOMUNIKASI DAN INFORMATIKA</p>
    <p style="text-align:center">NOMOR 12 TAHUN 2024</p>
    <p style="text-align:center">TENTANG</p>
    <p style="text-align:center">STANDAR OPERASIONAL PROSEDUR PELAYANAN INFORMASI PUBLIK</p>
    <p>Menimbang : bahwa perlu menetapkan standar operasional prosedur;</p>
    <p>Mengingat : 1. Undang-Undang Nomor 14 Tahun 2008 tentang Keterbukaan Informasi Publik;</p>
    <p>MEMUTUSKAN</p>
    <p>Menetapkan : KESATU Standar Operasional Prosedur sebagaimana tercantum dalam Lampiran
       yang merupakan bagian tidak terpisahkan dari Keputusan ini.</p>
    <p>KEDUA Keputusan ini mulai berlaku pada tanggal ditetapkan.</p>"""
    path.write_bytes(weasyprint.HTML(string=html).write_pdf())
    return path


def _number_paragraph(paragraph, level: int = 0) -> None:
    """Give a Word paragraph automatic list numbering (the number is not in its text)."""
    p_pr = paragraph._p.get_or_add_pPr()
    num_pr = OxmlElement("w:numPr")
    ilvl = OxmlElement("w:ilvl")
    ilvl.set(qn("w:val"), str(level))
    num_id = OxmlElement("w:numId")
    num_id.set(qn("w:val"), "1")
    num_pr.append(ilvl)
    num_pr.append(num_id)
    p_pr.append(num_pr)


def write_standards_docx(path: Path) -> Path:
    """Write a decree appendix holding two service standards (NO | KOMPONEN | URAIAN tables)."""
    document = docx.Document()
    document.add_paragraph("KEMENTERIAN CONTOH REPUBLIK INDONESIA")
    document.add_paragraph("SALINAN")
    for name, requirement, steps, cost in (
        (
            "IZIN PENYELENGGARAAN JASA CONTOH",
            "Nomor Induk Berusaha",
            ("Pemohon mengajukan izin", "Petugas memeriksa"),
            "Tidak dipungut biaya",
        ),
        (
            "PENETAPAN NOMOR CONTOH",
            "Surat permohonan",
            ("Pemohon menyampaikan berkas", "Petugas menetapkan nomor", "Pemohon menerima penetapan"),
            "Sesuai PP tentang PNBP",
        ),
    ):
        title = document.add_paragraph(name)
        _number_paragraph(title)
        table = document.add_table(rows=6, cols=3)
        heading = ("No.", "KOMPONEN", "URAIAN")
        for cell, text in zip(table.rows[0].cells, heading, strict=True):
            cell.text = text
        section = table.cell(1, 0).merge(table.cell(1, 2))
        section.text = "PENYAMPAIAN PELAYANAN"
        rows = (
            ("1.", "Persyaratan"),
            ("2.", "Sistem, Mekanisme, dan Prosedur"),
            ("3.", "Jangka Waktu Penyelesaian"),
            ("4.", "Biaya/Tarif"),
        )
        for row, (number, label) in zip(table.rows[2:], rows, strict=True):
            row.cells[0].text = number
            row.cells[1].text = label
        table.cell(2, 2).text = requirement
        procedure = table.cell(3, 2)
        procedure.text = "Keterangan:"
        for step in steps:
            _number_paragraph(procedure.add_paragraph(step))
        procedure.add_paragraph("Catatan:")
        _number_paragraph(procedure.add_paragraph("Bukan langkah"))
        nested = table.cell(4, 2).add_table(rows=2, cols=2)
        nested.cell(0, 0).text, nested.cell(0, 1).text = "Permohonan baru", "5 hari kerja"
        nested.cell(1, 0).text, nested.cell(1, 1).text = "Perubahan", "3 hari kerja"
        table.cell(5, 2).text = cost
    document.save(str(path))
    return path


def blank_png(path: Path) -> Path:
    Image.new("RGB", (20, 20), "white").save(path, "PNG")
    return path
