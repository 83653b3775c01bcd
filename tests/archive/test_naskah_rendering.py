"""Every naskah type renders to a PDF with its parts: the kop, the header lines or the title, the type's own parts,
the body with its table, the signature block (a.n./Plt. when they apply) and the tembusan; number and date only
once they are assigned. Text is read back from the PDF."""

from __future__ import annotations

import datetime

import pytest

from archive.composing.richtext import body_clean, body_text
from archive.models import PositionHolder
from archive.services.composing import outgoing_preview_pdf
from tests.factories.archive import UserFactory
from tests.factories.eletters import build_eoffice, composed_letter, pdf_text

pytestmark = pytest.mark.django_db

KOP = ("PEMERINTAH KABUPATEN BANJARNEGARA", "DINAS KEPENDUDUKAN DAN PENCATATAN SIPIL", "Kode Pos 53418")
SIGNATURE = ("Dr. Sahabiq Purwadi Nugroho, S.H., M.H.", "Pembina Utama Muda, IV/c", "NIP. 197105061996031003")
TEMBUSAN = ("Tembusan:", "Bupati Banjarnegara", "Sekretaris Daerah Kabupaten Banjarnegara")
EXPECTED = {
    "surat": (
        "Nomor :",
        "Sifat : Biasa",
        "Lampiran : 1 (satu) berkas",
        "Hal : Rapat koordinasi",
        "Yth.",
        "Camat Bawang",
        "di Banjarnegara",
        "Bawang 51.234",
        *TEMBUSAN,
    ),
    "surat_undangan": (
        "Nomor :",
        "Hal : Rapat koordinasi",
        "Yth.",
        "Camat Wanadadi",
        "hari/tanggal : Senin, 14 Desember 2026",
        "waktu : 09.00 WIB s.d. selesai",
        "tempat : Aula Dinas Kependudukan",
        "Penyerahan data agregat",
        "dimohon hadir tepat waktu",
        *TEMBUSAN,
    ),
    "nota_dinas": (
        "NOTA DINAS",
        "NOMOR",
        "Yth. : 1. Camat Bawang",
        "Dari : Kepala Dinas Kependudukan dan Pencatatan",
        "Tembusan : Bupati Banjarnegara",
        "Hal : Rapat koordinasi",
    ),
    "surat_edaran": (
        "SURAT EDARAN KEPALA DINAS KEPENDUDUKAN DAN PENCATATAN SIPIL",
        "TENTANG",
        "RAPAT KOORDINASI PELAYANAN ADMINISTRASI KEPENDUDUKAN",
        "Yth.",
        "Ditetapkan di : Banjarnegara",
        *TEMBUSAN,
    ),
    "surat_tugas": (
        "SURAT TUGAS",
        "NOMOR",
        "Dasar : 1. Peraturan Bupati Banjarnegara Nomor 21 Tahun 2014",
        "MEMERINTAHKAN:",
        "Kepada :",
        "Siti Aminah, S.E. 198502022010012002 Penata Tk. I, III/d",
        "Untuk : 1. Mengikuti bimbingan teknis SIAK di Semarang",
        "Banjarnegara,",
    ),
    "surat_keterangan": (
        "SURAT KETERANGAN",
        "Yang bertanda tangan di bawah ini:",
        "NIP : 197105061996031003",
        "dengan ini menerangkan bahwa:",
        "Nama : Agus Prasetyo",
        "Jabatan : Staf",
    ),
    "keputusan": (
        "KEPUTUSAN KEPALA DINAS KEPENDUDUKAN DAN PENCATATAN SIPIL",
        "TENTANG",
        "Menimbang : a. bahwa untuk mempercepat",
        "b. bahwa perlu menetapkan",
        "Mengingat : 1. Undang-Undang Nomor 23 Tahun 2006",
        "MEMUTUSKAN:",
        "Menetapkan : KEPUTUSAN KEPALA DINAS",
        "KESATU : Membentuk Tim Jemput Bola",
        "KEDUA : Keputusan ini mulai berlaku",
        "Ditetapkan di : Banjarnegara",
    ),
    "pengumuman": ("PENGUMUMAN", "NOMOR", "TENTANG", "Bawang 51.234", "Banjarnegara,"),
}


@pytest.fixture
def office():
    return build_eoffice()


@pytest.mark.parametrize("naskah_type", sorted(EXPECTED))
def test_every_naskah_type_renders_with_its_parts(office, naskah_type):
    letter = composed_letter(office, naskah_type=naskah_type)
    text = pdf_text(outgoing_preview_pdf(letter=letter))
    for expected in (*KOP, *EXPECTED[naskah_type], *SIGNATURE, "KONSEP"):
        assert expected in text, f"{expected!r} missing from the {naskah_type} PDF:\n{text}"
    # Before signing there is no number and no date: the number line is empty and no day is printed.
    assert "2026/" not in text and "Desember 2026 Nomor" not in text

    letter.number, letter.letter_date = "000.1.2/7/PIAK.1/2026", datetime.date(2026, 12, 7)
    letter.save()
    text = pdf_text(outgoing_preview_pdf(letter=letter))
    assert "000.1.2/7/PIAK.1/2026" in text and "7 Desember 2026" in text


def test_a_letter_signed_below_the_head_reads_a_n_and_an_acting_holder_plt(office):
    letter = composed_letter(office, submit=False)
    from archive.services.outgoing import outgoing_submit

    outgoing_submit(letter=letter, user=office.users["staf"], verifiers=[office["kasi"]], signer=office["kabid"])
    text = pdf_text(outgoing_preview_pdf(letter=letter))
    assert "a.n. KEPALA DINAS KEPENDUDUKAN DAN PENCATATAN SIPIL Kabid PIAK," in text
    assert "Budi Santoso, S.Sos." in text

    acting = UserFactory(username="plt-kadis", first_name="Wahyu", last_name="Hidayat")
    PositionHolder.objects.create(position=office["kadis"], user=acting, start=datetime.date(2024, 1, 1), acting=True)
    other = composed_letter(office, naskah_type="nota_dinas")
    text = pdf_text(outgoing_preview_pdf(letter=other))
    assert "Plt. KEPALA DINAS KEPENDUDUKAN DAN PENCATATAN SIPIL," in text and "Wahyu Hidayat" in text
    assert "a.n." not in text  # the head's own post, and a nota dinas is never signed on behalf


def test_a_unit_without_its_own_kop_prints_the_kop_above_it_and_none_says_so(office):
    letter = composed_letter(office)
    assert "DINAS KEPENDUDUKAN" in pdf_text(outgoing_preview_pdf(letter=letter))  # Seksi → Bidang → Dinas
    office["kadis"].unit.letterhead.delete()
    assert "Kop surat unit ini belum diisi" in pdf_text(outgoing_preview_pdf(letter=letter))


def test_the_body_keeps_paragraphs_lists_and_tables_and_drops_everything_else():
    dirty = (
        '<div style="color:red" onclick="x()">Satu <script>alert(1)</script><b>tebal</b></div>'
        '<table border=1><tr><td colspan="2" onmouseover="x">sel</td><td rowspan="999">b</td></tr></table>'
        '<img src="file:///etc/passwd"><a href="javascript:alert(1)">tautan</a><o:p>word</o:p><ul><li>butir</li></ul>'
    )
    clean = body_clean(dirty)
    assert clean == (
        '<p>Satu <b>tebal</b></p><table><tr><td colspan="2">sel</td><td>b</td></tr></table>tautan'
        "<ul><li>butir</li></ul>"
    )
    assert body_clean("Baris satu\n\n1 < 2 & 3") == "<p>Baris satu</p>\n\n<p>1 &lt; 2 &amp; 3</p>"
    assert body_clean("<p> </p><br>") == ""
    assert body_text(clean) == "Satu tebal\nsel b\ntautan\nbutir"
