"""Small sample files made inside the tests: letter images, scanned and born-digital PDFs, hostile input."""

from __future__ import annotations

import io
import struct
import zipfile
import zlib

from PIL import Image, ImageDraw, ImageFont
from pypdf import PdfReader, PdfWriter

FONT = "/usr/share/fonts/truetype/dejavu/DejaVuSerif.ttf"
LINES = (
    "PEMERINTAH KABUPATEN TEMANGGUNG",
    "DINAS KOMUNIKASI DAN INFORMATIKA",
    "",
    "Nomor : 005/477/Diskominfo/2023",
    "Perihal : Undangan Pelatihan Pengelola Media",
    "",
    "Dengan hormat, kami mengundang Saudara untuk hadir",
    "pada rapat evaluasi pelayanan administrasi.",
)


def letter_image(lines: tuple[str, ...] = LINES, *, width: int = 1240, dpi: int = 150) -> Image.Image:
    """Return a white page (mode L) with ``lines`` printed in a 12 pt serif at ``dpi``."""
    size = round(12 * dpi / 72)
    font = ImageFont.truetype(FONT, size)
    height = max(400, 2 * size * (len(lines) + 4))
    image = Image.new("L", (width, height), 255)
    draw = ImageDraw.Draw(image)
    for i, line in enumerate(lines):
        draw.text((round(dpi * 0.8), round(dpi * 0.6) + i * round(size * 1.6)), line, font=font, fill=0)
    image.info["dpi"] = (dpi, dpi)
    return image


def encode(image: Image.Image, fmt: str, *, dpi: int = 150, **params: object) -> bytes:
    """Return ``image`` saved in ``fmt`` (PNG, JPEG, TIFF) with its resolution."""
    out = io.BytesIO()
    image.save(out, format=fmt, dpi=(dpi, dpi), **params)
    return out.getvalue()


def tiff_pages(pages: list[Image.Image], *, dpi: int = 150) -> bytes:
    """Return a multi-page TIFF (compressed with Group 4 when bilevel, else LZW)."""
    out = io.BytesIO()
    pages[0].save(out, format="TIFF", save_all=True, append_images=pages[1:], dpi=(dpi, dpi), compression="tiff_lzw")
    return out.getvalue()


def image_pdf(pages: list[Image.Image], *, dpi: int = 150) -> bytes:
    """Return a PDF whose pages are only images (a scanned PDF, no text layer)."""
    out = io.BytesIO()
    rgb = [page.convert("RGB") for page in pages]
    rgb[0].save(out, format="PDF", save_all=True, append_images=rgb[1:], resolution=float(dpi))
    return out.getvalue()


def text_pdf(lines: tuple[str, ...] = LINES) -> bytes:
    """Return a born-digital A4 PDF (with a text layer) printed by WeasyPrint."""
    from weasyprint import HTML

    body = "".join(f"<p>{line or '&nbsp;'}</p>" for line in lines)
    html = f"<html><body style='font: 12pt serif'>{body}</body></html>"
    return HTML(string=html).write_pdf()


def merge_pdfs(*documents: bytes) -> bytes:
    """Return the pages of ``documents`` in one PDF."""
    writer = PdfWriter()
    for data in documents:
        for page in PdfReader(io.BytesIO(data)).pages:
            writer.add_page(page)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def encrypted_pdf(data: bytes, *, user_password: str = "rahasia") -> bytes:
    """Return ``data`` encrypted with pypdf (AES-256); an empty user password only sets an owner one."""
    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(data)))
    writer.encrypt(user_password=user_password, owner_password="pemilik", algorithm="AES-256")
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def blank_pdf(pages: int) -> bytes:
    """Return a PDF of ``pages`` empty A4 pages."""
    writer = PdfWriter()
    for _ in range(pages):
        writer.add_blank_page(width=595, height=842)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def zip_bytes() -> bytes:
    """Return a small ZIP archive."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("surat.txt", "isi surat")
    return out.getvalue()


def png_bomb(side: int = 30_000) -> bytes:
    """Return a valid one-colour PNG of ``side`` x ``side`` pixels (1 bit), compressed to about 100 KB."""
    row = b"\x00" + b"\xff" * ((side + 7) // 8)
    compressor = zlib.compressobj(9)
    chunks = [compressor.compress(row) for _ in range(side)]
    idat = b"".join(chunks) + compressor.flush()

    def chunk(kind: bytes, body: bytes) -> bytes:
        return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body))

    header = struct.pack(">IIBBBBB", side, side, 1, 0, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", idat) + chunk(b"IEND", b"")
