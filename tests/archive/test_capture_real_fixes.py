"""Failure modes seen on real letters: prose without a salutation, a place after "di" on the Perihal line, a speck
before "Nomor", the other column's place and date on the Nomor line, tripled letters, dates the number confirms,
and title words met through abbreviations, variant spellings and English words."""

from __future__ import annotations

import datetime

import pytest

from archive.classification.analysis import analyse
from archive.classification.scheme import ClassificationScheme, load_scheme
from archive.classification.suggest import letter_content_terms, suggest_codes
from archive.classification.titles import content_weight, letter_terms, title_index
from archive.extraction.fields import extract_fields, split_regions
from archive.extraction.text import suspicion
from archive.extraction.types import SURE

# A Camat's invitation as CamScanner OCR reads it: the Kepada column merged with the labels, the place after "di"
# on the Perihal line, no "Dengan hormat", body lines of eight or nine words.
INVITATION = """PEMERINTAH KABUPATEN MALANG
KECAMATAN SINGOSARI
Jl. Tumapel No. 38 Singosari Telp (0341) 458009

Singosari, 12 Agustus 2020
_ Kepada :
Nomor . 005 / 426 / 35.07.24/2020 Yth. Kepala Desa/Lurah
Sifat : Penting
Lampiran : - di
Perihal : Undangan SINGOSARI

Dalam rangka memperingati HUT RI ke-75 Tahun 2020 dengan
tema INDONESIA MAJU kami akan melaksanakan Upacara Peringatan
Detik Detik Proklamasi Kemerdekaan Republik Indonesia dan Pengibaran
Bendera Merah Putih, maka dengan ini mengharap kehadiran Saudara
"""


@pytest.fixture(scope="module")
def scheme() -> ClassificationScheme:
    return load_scheme()


def test_prose_of_eight_words_ends_the_head_of_a_letter_without_salutation() -> None:
    regions = split_regions(INVITATION)
    assert "Upacara Peringatan" in regions.body
    assert not any("Upacara" in line for line in regions.head)


def test_the_place_after_di_on_the_perihal_line_goes_to_the_addressee() -> None:
    fields = extract_fields(INVITATION)
    assert fields.subject is not None and fields.subject.value == "Undangan"
    assert fields.addressee_place is None or "SINGOSARI" in fields.addressee_place.value.upper()


def test_the_body_decides_an_invitation_whose_subject_says_only_undangan(scheme: ClassificationScheme) -> None:
    fields = extract_fields(INVITATION)
    codes = [s.code for s in suggest_codes(text=INVITATION, fields=fields, scheme=scheme)]
    assert "400.14.1.1" in codes  # Penyelenggaraan Acara Kedinasan (Upacara ... Peringatan Hari-hari Besar)


def test_a_speck_before_nomor_keeps_the_label_and_a_cited_number_is_not_taken() -> None:
    text = (
        "PEMERINTAH KABUPATEN MALANG\nKECAMATAN SINGOSARI\n\nSingosari, 01 Agustus 2020\n\n"
        ". Nomor : 003.1/400 / 35.07.24/2020\nKepada :\nYth. Kepala Desa/Lurah\nSifat Penting se Kecamatan\n"
        "Lampiran di\nPerihal : Penyampaian Tema dan Logo\n\n"
        "Menindaklanjuti Surat dari Sekretaris Daerah Kabupaten Malang\n"
        "Nomor: 003.1/4409/35.07.032/2020 perihal sebagaimana pada pokok surat\n"
    )
    fields = extract_fields(text)
    assert fields.number is not None and fields.number.value == "003.1/400/35.07.24/2020"


@pytest.mark.parametrize(
    ("line", "number"),
    [
        ("Nomor : B 771/ILMATE.3/IND/XI/2023 Jakarta, 9 November 2023", "B 771/ILMATE.3/IND/XI/2023"),
        ("Nomor : 02/DB-PMK/VIII/2020 Malang, J4 Agustus 2020", "02/DB-PMK/VIII/2020"),
    ],
)
def test_the_other_columns_place_and_date_is_cut_from_the_number(line: str, number: str) -> None:
    text = f"CV DUA BERLIAN\nGENERAL KONTRAKTOR\n\n{line}\nLampiran : -\nPerihal : Permohonan\n\nDengan hormat,\n"
    fields = extract_fields(text)
    assert fields.number is not None
    assert fields.number.value.replace(" ", "") == number.replace(" ", "")


def test_a_tripled_letter_makes_a_reading_suspect() -> None:
    assert suspicion("Peta Bidang Pengadaaan Tanah") > 0
    assert suspicion("Laporan Triwulan III Tahun 2020") == 0
    assert suspicion("www.malangkab.go.id") == 0


def _letter(date_line: str, number: str) -> str:
    return (
        f"PEMERINTAH KABUPATEN MALANG\nKECAMATAN SINGOSARI\n\n{date_line}\n\nNomor : {number}\nSifat : Biasa\n"
        "Lampiran : -\nPerihal : Undangan Rapat\n\nKepada\nYth. Kepala Desa\ndi -\nTEMPAT\n\nDengan hormat,\nIsi.\n"
    )


def test_a_date_the_number_confirms_is_sure_on_a_poorly_read_page() -> None:
    fields = extract_fields(_letter("Singosari, 12 Agustus 2020", "005/426/VIII/2020"), ocr_confidence=80.0)
    assert fields.date is not None and fields.date.value == datetime.date(2020, 8, 12)
    assert fields.date.confidence >= SURE
    assert fields.number is not None and fields.number.confidence < SURE  # the cap stays on what nothing confirms


def test_a_date_on_its_own_line_is_sure_when_a_number_without_month_has_its_year() -> None:
    fields = extract_fields(_letter("Singosari, 12 Agustus 2020", "005/426/35.07.24/2020"), ocr_confidence=80.0)
    assert fields.date is not None and fields.date.confidence >= SURE


@pytest.mark.parametrize("number", ["005/426/IX/2020", "005/426/VIII/2021", "005/426/35.07.24/2021"])
def test_a_date_the_number_does_not_confirm_stays_below_sure_on_a_poorly_read_page(number: str) -> None:
    fields = extract_fields(_letter("Singosari, 12 Agustus 2020", number), ocr_confidence=80.0)
    assert fields.date is not None and fields.date.confidence < SURE


def test_a_guessed_month_is_never_made_sure_by_the_number() -> None:
    fields = extract_fields(_letter("Singosari, 12 Agustsu 2020", "005/426/VIII/2020"), ocr_confidence=80.0)
    assert fields.date is not None and fields.date.confidence < SURE


def test_variant_spellings_and_english_words_meet_the_titles() -> None:
    assert analyse("ijin") == analyse("izin")
    assert "industri" in analyse("Sharing Knowledge with Industry")
    assert analyse("pemukiman") == analyse("permukiman")


def test_a_title_abbreviation_is_met_by_the_words_it_stands_for(scheme: ClassificationScheme) -> None:
    index = title_index(scheme)
    terms = letter_terms("Permohonan Pelatihan", "")
    stem = analyse("pelatihan")[0]
    assert index.words["800.2.4.2"][stem] == "pelatihan"  # "Penyelenggaraan Diklat"
    assert content_weight(stem, terms, index, "800.2.4.2") == content_weight(stem, terms, index, "400.10.3.5")


def test_undangan_alone_does_not_lead_to_legislation_codes(scheme: ClassificationScheme) -> None:
    text = _letter("Singosari, 12 Agustus 2020", "005/424/35.07.24/2020").replace("Undangan Rapat", "RALAT UNDANGAN")
    codes = [s.code for s in suggest_codes(text=text, fields=extract_fields(text), scheme=scheme)]
    undang = {"000.4.3.5", "100.3.8", "500.3.10.1", "100.3.2"}
    assert not undang & set(codes)


def test_a_letter_spaced_letterhead_that_lost_word_gaps_names_its_body() -> None:
    text = (
        "PEMERINTAH PROVINSI JAWA TIMUR\nB ADAN K E P E G A W A I A N D A E RA H\n"
        "Jl. Jemur Andayani I Telp. (031) 8477551\nS U R A B A Y A 60236\n\nSurabaya, 22 Juni 2022\n\n"
        "Nomor : 005/4048/204.2/2022\nSifat : Penting\nLampiran : -\nHal : Undangan Rapat Koordinasi\n\n"
        "Dengan hormat,\nIsi.\n"
    )
    fields = extract_fields(text)
    assert fields.sender is not None
    assert fields.sender.value == "Badan Kepegawaian Daerah Provinsi Jawa Timur"


def test_a_long_upper_case_stretch_of_prose_still_counts_as_the_letters_matter() -> None:
    text = (
        'CV "DUA BERLIAN"\nGENERAL KONTRAKTOR\n\nNomor : 02/DB-PMK/VIII/2020\n'
        "Perihal : Permohonan Pelaksanaan Pekerjaan\n\nYth\nKepala Desa Tunjungtirto\n\nDengan hormat,\n"
        "Sehubungan dengan ditunjuknya CV DUA BERLIAN sebagai kontraktor pelaksana pada paket\n"
        "pekerjaan PENINGKATAN JALAN LINGKUNGAN DESA TUNJUNGTIRTO KEC\n"
        "SINGOSARI, maka surat ini kami maksudkan sebagai permohonan izin pelaksanaan pekerjaan.\n"
        "\nHormat Kami,\nCV DUA BERLIAN\n\nKEPALA BAGIAN UMUM DAN KEPEGAWAIAN\n"
    )
    terms = letter_content_terms(text, extract_fields(text))
    assert {"jalan", "lingkung"} <= set(terms.body)  # a seven-word line in capitals inside the prose
    assert "pegawai" not in terms.body  # a signature block in capitals is not the matter
