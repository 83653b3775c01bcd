"""Header fields that survive OCR noise in the labels: a colon read as a dot or behind a dash, a lost or misread
Lampiran dash, and a speck after a letterhead line (the synthetic corpus' OCR readings, reduced to their headers)."""

from __future__ import annotations

import pytest

from archive.extraction.fields import DASH_MISREAD, VALUE_UNREAD, extract_fields
from archive.extraction.text import label_of
from archive.extraction.types import SURE

HEAD = """PEMERINTAH KABUPATEN TEMANGGUNG
DINAS SOSIAL
Jalan Suwandi Suwardi Nomor 4 Temanggung 56213

Temanggung, 14 September 2023
Nomor : 474.1/17/Dinsos/2023
Sifat : Biasa
{lampiran}
{perihal}

Yth. Kepala Dinas Kependudukan dan Pencatatan Sipil
Kabupaten Temanggung
di Temanggung

Dengan hormat,
Bersama ini kami sampaikan permohonan pencatatan kelahiran anak asuh.
"""


def _fields(lampiran: str = "Lampiran : 1 (satu) lembar", perihal: str = "Hal : Permohonan Pencatatan Kelahiran"):
    return extract_fields(HEAD.format(lampiran=lampiran, perihal=perihal))


@pytest.mark.parametrize(
    "line",
    [
        "Hal . Permohonan Pencatatan Kelahiran",  # the colon's upper dot lost
        "Perihal — : Permohonan Pencatatan Kelahiran",  # a dash speck before the colon
        "Perihal – : Permohonan Pencatatan Kelahiran",
    ],
)
def test_a_label_whose_colon_is_misread_keeps_its_value(line: str) -> None:
    subject = _fields(perihal=line).subject
    assert subject is not None and subject.value == "Permohonan Pencatatan Kelahiran"


def test_a_dot_inside_prose_is_not_taken_for_a_colon() -> None:
    assert label_of("Hal.ini kami sampaikan") is None
    assert label_of("Hal ini . kami sampaikan") is None


@pytest.mark.parametrize("line", ["Lampiran i", "Lampiran : l", "Lampiran |"])
def test_a_lampiran_dash_read_as_one_stroke_is_the_dash(line: str) -> None:
    lampiran = _fields(lampiran=line).lampiran
    assert lampiran is not None and lampiran.value == "-"
    assert lampiran.confidence < SURE and {DASH_MISREAD, VALUE_UNREAD} & set(lampiran.notes)


def test_a_lampiran_label_without_any_value_read_is_the_dash_and_not_sure() -> None:
    lampiran = _fields(lampiran="Lampiran").lampiran
    assert lampiran is not None and lampiran.value == "-"
    assert lampiran.confidence < SURE and VALUE_UNREAD in lampiran.notes


def test_a_real_lampiran_and_a_missing_label_are_left_as_they_are() -> None:
    assert _fields().lampiran.value == "1 (satu) lembar"
    assert _fields(lampiran="").lampiran is None


def test_a_speck_after_the_letterhead_line_is_not_part_of_the_sender() -> None:
    text = HEAD.format(lampiran="Lampiran : -", perihal="Hal : Permohonan").replace("DINAS SOSIAL", "DINAS SOSIAL °")
    sender = extract_fields(text).sender
    assert sender is not None and sender.value == "Dinas Sosial Kabupaten Temanggung"


TWO_COLUMNS_NO_COLONS = """PEMERINTAH PROVINSI LAMPUNG
SEKRETARIAT DAERAH
Jl. R.W. Monginsidi No.69 Telp (0721) 481166

Bandar Lampung, 14 Februari 2022

Nomor 005/0570/VI.01/2022
Sifat Biasa
Lampiran 2 (dua) berkas
Hal Undangan Rapat Pengelolaan
e-Database Sistem informasi
Pemerintah Daerah (SIPD)
Kepada
Yth. Kepala Organisasi Perangkat Daerah
Di Lingkungan Pemerintah Provinsi
Lampung
(Daftar Terlampir)
di -
Tempat

Dalam rangka pengelolaan data berbasis elektronik kami mengundang Saudara.
"""


def test_a_header_read_column_by_column_without_colons_gives_its_fields() -> None:
    fields = extract_fields(TWO_COLUMNS_NO_COLONS)
    assert fields.number.value == "005/0570/VI.01/2022"
    assert fields.subject.value == "Undangan Rapat Pengelolaan e-Database Sistem informasi Pemerintah Daerah (SIPD)"
    assert fields.lampiran.value == "2 (dua) berkas"
    # "Di Lingkungan ..." belongs to the addressee; "di -" then closes it with the place
    assert fields.addressee.value.startswith("Kepala Organisasi Perangkat Daerah Di Lingkungan Pemerintah Provinsi")
    assert fields.addressee_place.value == "Tempat"


@pytest.mark.parametrize("line", ["Hal ini kami sampaikan", "Hal tersebut sudah", "hal Undangan"])
def test_hal_without_colon_before_lower_case_words_is_prose(line: str) -> None:
    assert label_of(line) is None


def test_hal_without_colon_before_a_capitalised_value_is_the_subject_label() -> None:
    assert label_of("Hal Undangan Rapat Pengelolaan") == ("perihal", "Undangan Rapat Pengelolaan")


def test_a_place_date_whose_comma_was_read_as_a_dot_is_the_letters_date_but_not_sure() -> None:
    text = HEAD.format(lampiran="Lampiran : -", perihal="Hal : Permohonan").replace(
        "Temanggung, 14 September 2023", "Temanggung. 14 September 2023"
    )
    fields = extract_fields(text)
    assert fields.date.value.isoformat() == "2023-09-14" and fields.date.confidence < SURE
    assert fields.place.value == "Temanggung"


@pytest.mark.parametrize("line", ["No. 12 Maret 2024", "Tgl. 5 Mei 2020", "Jl. Veteran 6 April 2020"])
def test_a_label_or_an_address_before_a_dot_is_no_place(line: str) -> None:
    from archive.extraction.dates import parse_place_date

    assert parse_place_date(line) is None


KEPADA_FIRST = """BADAN PENGEMBANGAN SUMBER DAYA MANUSIA
Jalan Kolonel Masturi KM. 3,5 Cipageran Cimahi

Cimahi, 30 Juni 2021
Kepada
Nomor : 1579/PSM 16.01/BPSDM
Sifat : Penting
Lampiran : 1 (satu) Berkas
Hal : Ceramah Umum
Menteri
Yth. Bapak/Ibu/Sdr
(Daftar Undangan Terlampir)
di
TEMPAT

Dipermaklumkan dengan hormat, bahwa Badan Pengembangan Sumber Daya Manusia sedang menyelenggarakan pelatihan.
"""


def test_the_subjects_second_line_stays_with_it_when_kepada_was_read_above_the_labels() -> None:
    fields = extract_fields(KEPADA_FIRST)
    assert fields.subject.value == "Ceramah Umum Menteri"
    assert fields.addressee.value.startswith("Bapak/Ibu/Sdr")
    assert fields.addressee_place.value == "Tempat"


def test_a_receipt_stamp_read_above_the_letterhead_is_not_the_sender() -> None:
    text = "TUNJUNGTIRTO\n\n" + HEAD.format(lampiran="Lampiran : -", perihal="Hal : Permohonan")
    assert extract_fields(text).sender.value == "Dinas Sosial Kabupaten Temanggung"


ATTACHED = """DIREKTORAT JENDERAL INDUSTRI LOGAM, MESIN, ALAT TRANSPORTASI DAN ELEKTRONIKA
Jalan Jenderal Gatot Subroto Kav. 52-53 Jakarta Selatan

Nomor : B 771/ILMATE.3/IND/XI/2023 Jakarta, J November 2023
Lampiran : 2 (dua) berkas
Hal : Sharing Knowledge with Industry

Yth
(Daftar Terlampir)
di tempat

Menindaklanjuti Sharing Knowledge yang telah dilaksanakan, kami bermaksud mengundang Saudara.
\f{heading}
Nomor : {number}
Tanggal : 9 November 2023

DAFTAR UNDANGAN
"""


def test_an_attachment_restating_the_letters_number_gives_the_date_the_letter_lost() -> None:
    fields = extract_fields(ATTACHED.format(heading="Lampiran Surat II", number="B/F#l ILMATE.3/IND/XI/2023"))
    assert fields.date.value.isoformat() == "2023-11-09"
    assert fields.date.confidence < SURE and "tanggal dari lampiran surat" in fields.date.notes


@pytest.mark.parametrize(
    ("heading", "number"),
    [("Lampiran Surat II", "800/12/BKD/2021"), ("DAFTAR HADIR", "B 771/ILMATE.3/IND/XI/2023")],
)
def test_another_documents_date_or_a_page_that_is_no_attachment_gives_none(heading: str, number: str) -> None:
    assert extract_fields(ATTACHED.format(heading=heading, number=number)).date is None
