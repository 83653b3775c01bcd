"""Field extraction that survives what real letters and their OCR do: misread labels and colons, Roman and Eastern
digits, Hijri dates, cited dates, hierarchies in the letterhead, decrees, disposition sheets, swapped columns."""

from __future__ import annotations

import datetime

import pytest

from archive.extraction import extract_fields
from archive.extraction.evaluation import USABLE, real_verdict
from archive.extraction.numbers import normalise_number, number_text
from archive.extraction.types import SURE

HEAD = "PEMERINTAH KABUPATEN MALANG\nKECAMATAN SINGOSARI\nJl. Raya Singosari No. 1 Telp. (0341) 458000\n\n"


def _letter(header: str, body: str = "Dengan hormat,\nKami mengundang Saudara.\n", head: str = HEAD) -> str:
    return head + header + "\n" + body


@pytest.mark.parametrize(
    ("line", "number"),
    [
        ("Nomor > 005/426/35.07.24/2020", "005/426/35.07.24/2020"),  # colon read as ">"
        ("Nomor 1. 005/426/35.07.24/2020", "005/426/35.07.24/2020"),  # colon read as "1."
        ("Near : 005/426/35.07.24/2020", "005/426/35.07.24/2020"),  # "Nomor" misread
        ("Nomor : 12/Skr.PKK/Kec/1X/2020", "12/Skr.PKK/Kec/IX/2020"),  # Roman month IX read as 1X
        ("Nomor : 12/Skr.PKK/Kec/TX/2020", "12/Skr.PKK/Kec/IX/2020"),  # ... or TX
        ("Nomor : 421/١٧٦١/35.73.401/2020", "421/1761/35.73.401/2020"),  # Arabic-Indic digits
        ("Nomor : UM/SISCO-BJM/261119.01 Banjarmasin, 26 November 2019", "UM/SISCO-BJM/261119.01"),
    ],
)
def test_the_number_survives_ocr_noise(line: str, number: str) -> None:
    fields = extract_fields(_letter(f"Singosari, 12 Agustus 2020\n{line}\nPerihal : Undangan\n"))
    assert fields.number is not None and fields.number.value == number


def test_a_hijri_year_after_the_gregorian_one_is_dropped_from_the_number() -> None:
    assert normalise_number("045/12/Yys/2020/1441 H") == "045/12/Yys/2020"
    assert number_text("005/ 0570 /VI.01/2022   Yth. Kepala") == "005/0570/VI.01/2022"


def test_a_hijri_date_beside_the_letters_date_keeps_the_place_and_date_line() -> None:
    fields = extract_fields(_letter("Masohi, 10 Juni 2019 M / 7 Syawal 1440 H\nPerihal : Surat Pribadi\n"))
    assert fields.date is not None and fields.date.value == datetime.date(2019, 6, 10)
    assert fields.place is not None and fields.place.value == "Masohi"


def test_a_cited_date_is_never_the_letters_date() -> None:
    body = "Dengan hormat,\nMenindaklanjuti surat Saudara tanggal 24 Maret 2020 nomor 421/12/2020, kami sampaikan.\n"
    fields = extract_fields(_letter("Nomor : 005/1/35.07.24/2020\nPerihal : Undangan\n", body))
    assert fields.date is None


def test_the_date_beside_the_signature_is_the_letters_date_when_the_head_has_none() -> None:
    body = "Dengan hormat,\nKami mengundang Saudara pada rapat.\n\nMataram, 11 September 2020\nDekan,\n\ndr. Ahmad\n"
    fields = extract_fields(_letter("Nomor : 055/FK-06/UNIZAR/IX/2020\nPerihal : Undangan Launching\n", body))
    assert fields.date is not None and fields.date.value == datetime.date(2020, 9, 11)
    assert fields.date.confidence < SURE


def test_a_birth_date_in_a_certificate_is_not_the_letters_date() -> None:
    body = "Kepala Desa menerangkan bahwa :\nTempat & Tgl Lahir : Japan, 1 Juli 1963\nJenis Kelamin : Laki-laki\n"
    fields = extract_fields(_letter("SURAT KETERANGAN DOMISILI PERUSAHAAN\nNomor : 517/55/Ds/2013\n", body))
    assert fields.date is None or fields.date.value.year != 1963


def test_a_misread_perihal_label_keeps_its_value() -> None:
    fields = extract_fields(_letter("Nomor : 005/1/35.07.24/2020\nPenha! : Undangan Upacara Bendera\n"))
    assert fields.subject is not None and fields.subject.value == "Undangan Upacara Bendera"


def test_labels_read_after_the_kepada_block_stay_labels() -> None:
    header = "Singosari, 18 Agustus 2020\nKepada :\nNomor : 005/123/35.07.24/2020\nSifat : Segera\nPerihal : Undangan\n"
    header += "Yth. Kepala Desa Tunjungtirto\nDi\nTunjungtirto\n"
    fields = extract_fields(_letter(header))
    assert fields.number.value == "005/123/35.07.24/2020"
    assert fields.subject.value == "Undangan"


def test_the_sender_is_the_lowest_unit_of_the_letterhead_not_the_whole_hierarchy() -> None:
    head = (
        "MAHKAMAH AGUNG REPUBLIK INDONESIA\nDIREKTORAT JENDERAL BADAN PERADILAN AGAMA\n"
        "PENGADILAN TINGGI AGAMA SURABAYA\nPENGADILAN AGAMA MALANG\nJl. Raya Panji No. 202 Telp. (0341) 399192\n\n"
    )
    fields = extract_fields(_letter("Nomor : W13-A5/123/HM.00/1/2024\nPerihal : Undangan\n", head=head))
    assert fields.sender is not None and fields.sender.value == "Pengadilan Agama Malang"


def test_a_faculty_keeps_its_university_and_a_council_its_province() -> None:
    head = "UNIVERSITAS ISLAM AL-AZHAR\nFAKULTAS KEDOKTERAN\nJalan Unizar No. 20 Turida, Mataram\n\n"
    fields = extract_fields(_letter("Nomor : 055/FK-06/UNIZAR/IX/2020\nPerihal : Undangan\n", head=head))
    assert fields.sender.value == "Fakultas Kedokteran Universitas Islam Al-Azhar"
    head = (
        '" oe\nSUMATERA BARAT\nDEWAN PERWAKILAN RAKYAT DAERAH\nPROVINSI SUMATERA BARAT\nJln. Khatib Sulaiman No. 87\n\n'
    )
    fields = extract_fields(_letter("Nomor : 900.1.1/801/Umum-2025\nHal : Undangan\n", head=head))
    assert fields.sender.value == "Dewan Perwakilan Rakyat Daerah Provinsi Sumatera Barat"


def test_a_decrees_sender_has_no_keputusan_and_its_tentang_title_is_the_subject() -> None:
    head = "PEMERINTAH KOTA MATARAM\nRUMAH SAKIT UMUM DAERAH KOTA\nMATARAM\nJl. Bung Karno No. 3 Telp. (0370) 640774\n"
    decree = (
        "KEPUTUSAN DIREKTUR RUMAH SAKIT UMUM DAERAH KOTA MATARAM\nNOMOR : 445/ /RSUD/IV/2019\nTENTANG\n"
        "PEMBENTUKAN TIM INOVASI DAERAH\nSULE (SURVEI ELEKTRONIK)\nDIREKTUR RUMAH SAKIT UMUM DAERAH KOTA MATARAM\n"
        "Menimbang : a. bahwa untuk mewujudkan visi\n"
    )
    fields = extract_fields(head + decree)
    assert fields.sender.value == "Rumah Sakit Umum Daerah Kota Mataram"
    assert "Keputusan" not in fields.sender.value
    assert fields.subject.value.casefold() == "pembentukan tim inovasi daerah sule (survei elektronik)"


def test_a_document_title_stands_for_a_missing_perihal() -> None:
    fields = extract_fields(_letter("SURAT KETERANGAN DOMISILI PERUSAHAAN\nNomor : 517/55/Ds/2013\n"))
    assert fields.subject.value == "SURAT KETERANGAN DOMISILI PERUSAHAAN"


def test_the_letters_own_page_is_read_when_a_disposition_sheet_precedes_it() -> None:
    sheet = (
        "LEMBAR DISPOSISI\nSurat dari : Dirjen ILMATE\nNo. Surat : B 771/ILMATE\nDiterima tanggal : 13 Nov 2023\n"
        "No. Agenda : 2231\nPerihal : Sharing Knowledge\nDiteruskan kepada : Direktur Operasi\nIsi disposisi : hadir\n"
    )
    letter = _letter(
        "Jakarta, 9 November 2023\nNomor : B-771/ILMATE.3/IND/XI/2023\nHal : Undangan Sharing Knowledge\n",
        head="KEMENTERIAN PERINDUSTRIAN\nDIREKTORAT JENDERAL INDUSTRI LOGAM, MESIN, ALAT TRANSPORTASI\nJalan Gatot\n\n",
    )
    fields = extract_fields(sheet + "\f" + letter)
    assert fields.date.value == datetime.date(2023, 11, 9)
    assert fields.subject.value == "Undangan Sharing Knowledge"
    assert fields.number.value.startswith("B-771/ILMATE.3")


def test_the_sender_comes_from_the_signature_when_the_letterhead_is_an_image() -> None:
    text = (
        "Bandung, 2 Mei 2020\nNomor : 068/Wadir-III/PPI/V/2020\nPerihal : Penghentian Pemagangan\n\n"
        "Kepada\nYth. Pimpinan Perusahaan\ndi Tempat\n\nDengan Hormat,\nProgram magang dihentikan.\n\n"
        "Hormat kami,\nWakil Direktur III\nPoliteknik Pos Indonesia\n\nDr. Ir. Agus Purnomo, M.T.\n"
    )
    fields = extract_fields(text)
    assert fields.sender.value == "Politeknik Pos Indonesia" and fields.sender.confidence < SURE


def test_a_poorly_read_page_shows_nothing_as_sure() -> None:
    text = _letter("Singosari, 12 Agustus 2020\nNomor : 005/426/35.07.24/2020\nPerihal : Undangan\n")
    assert extract_fields(text).number.confidence >= SURE
    poor = extract_fields(text, ocr_confidence=70.0)
    assert all(f.confidence < SURE for f in (poor.number, poor.date, poor.subject) if f is not None)


def test_real_verdicts_accept_what_a_clerk_accepts() -> None:
    truth = {"sender": "Desa Tamanharjo, Kecamatan Singosari, Kabupaten Malang (Kepala Desa)"}
    assert real_verdict("sender", "Desa Tamanharjo Kabupaten Malang", truth) == USABLE
    assert real_verdict("sender", "Pemerintah Kabupaten Malang", truth) == "wrong"
    assert real_verdict("number", "005 / 426 /35.07.24/2020", {"letter_number": "005/426/35.07.24/2020"}) == "right"
    assert real_verdict("date", None, {"letter_date": None}) == "right"


def test_a_letter_without_salutation_keeps_its_body_out_of_the_addressee() -> None:
    from archive.classification.scheme import load_scheme
    from archive.classification.suggest import suggest_codes

    text = _letter(
        "Singosari, 12 Agustus 2020\nNomor : 005/426/35.07.24/2020\nPerihal : Undangan Upacara\n"
        "Kepada\nYth. Kepala Desa Tunjungtirto\n",
        "Dalam rangka memperingati hari ulang tahun kemerdekaan Republik Indonesia ke-75 kami mengundang "
        "Saudara untuk hadir pada upacara bendera di lapangan kecamatan pada hari Senin.\n",
    )
    fields = extract_fields(text)
    assert fields.addressee.value == "Kepala Desa Tunjungtirto"
    suggestions = suggest_codes(text=text, fields=fields, scheme=load_scheme())
    assert suggestions and suggestions[0].code == "400.14.1.1"
