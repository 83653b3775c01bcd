"""What the classification reads as the letter's matter: its own pages, its body without a salutation, the event
an invitation names, and word pairs that name one thing."""

from __future__ import annotations

import datetime

import pytest

from archive.classification.analysis import analyse, surface_words
from archive.classification.content import letter_parts, matter_phrases
from archive.classification.scheme import ClassificationScheme, load_scheme
from archive.classification.suggest import letter_content_terms, suggest_codes
from archive.extraction.fields import extract_fields

DISPOSITION_SHEET = (
    "PEMERINTAH KABUPATEN MALANG\nDESA TUNJUNGTIRTO\n\nLEMBAR DISPOSISI\n\nSurat Dari : Kecamatan\n"
    "Diterima tanggal : 12-8-2020\nNomor agenda : 77\nPerihal : Pengadaan Gedung Kantor Dinas Perumahan\n"
    "DITERUSKAN KEPADA :\n[ ] SEKRETARIS DESA\n[ ] KAUR KEUANGAN\nParaf :\n"
)
LETTER_WITHOUT_SALUTATION = (
    "PEMERINTAH KABUPATEN MALANG\nKECAMATAN SINGOSARI\nJl. Tumapel No. 38 Singosari\n\n"
    "Singosari, 11 Agustus 2020\nKepada :\nNomor : 005/424/35.07.24/2020 Yth. Kepala Desa/Lurah\nSifat : Penting\n"
    "Lampiran : -\nPerihal : RALAT UNDANGAN\ndi\nSINGOSARI\n\n"
    "Menyusuli Surat Camat Nomor:\n005/411/35.07.24/2020 perihal\nUndangan, karena bersamaan\n"
    "dengan acara lain maka acara\nyang semula pada :\nHari : Rabu\nPukul : 08.30 WIB\n"
    "Acara : Pendisiplinan Penerapan Protokol Kesehatan\nCovid-19 Untuk Rumah Ibadah\n"
    "Ditunda menjadi pukul 12.30 WIB.\n"
)


@pytest.fixture(scope="module")
def scheme() -> ClassificationScheme:
    return load_scheme()


def test_the_disposition_sheet_before_the_letter_is_not_read_as_its_matter() -> None:
    text = DISPOSITION_SHEET + "\f" + LETTER_WITHOUT_SALUTATION
    terms = letter_content_terms(text, extract_fields(text))
    assert not {"gedung", "rumah", "ada"} & terms.present  # the sheet's handwritten Perihal and its boxes
    assert {"disiplin", "kesehatan"} & terms.present or "sehat" in terms.present


def test_a_letter_without_salutation_has_a_body_after_its_labels() -> None:
    head, body = letter_parts(LETTER_WITHOUT_SALUTATION)
    assert any(line.startswith("Perihal") for line in head)
    assert "Menyusuli Surat Camat" in body and "Protokol Kesehatan" in body
    assert "Tumapel" not in body


def test_the_event_an_invitation_names_counts_as_its_matter() -> None:
    assert matter_phrases(LETTER_WITHOUT_SALUTATION) == [
        "Pendisiplinan Penerapan Protokol Kesehatan Covid-19 Untuk Rumah Ibadah"
    ]
    body = "Hari : Jumat\nAgenda : Sharing Knowledge with Industry: Market Intelligence &\nPromotion\n\nDemikian."
    assert matter_phrases(body) == ["Sharing Knowledge with Industry: Market Intelligence & Promotion"]
    terms = letter_content_terms(LETTER_WITHOUT_SALUTATION, extract_fields(LETTER_WITHOUT_SALUTATION))
    assert "sehat" in terms.subject  # as strong as the Hal, which here says only "Ralat Undangan"


def test_word_pairs_that_name_one_thing_do_not_meet_their_parts_elsewhere() -> None:
    assert "rumah" not in analyse("Penerapan protokol kesehatan di rumah ibadah")
    assert "protokol" not in analyse("protokol kesehatan")
    assert analyse("Rumah Sakit Umum Daerah") == analyse("RSUD")[1:]  # the abbreviation spelled out
    assert "rumahsakit" in surface_words("Pelayanan Rumah Sakit")
    assert "sakit" in analyse("COVID-19")  # a disease: penyakit


def test_a_covid_letter_on_houses_of_worship_is_not_filed_with_hospitals(scheme: ClassificationScheme) -> None:
    text = DISPOSITION_SHEET + "\f" + LETTER_WITHOUT_SALUTATION
    codes = [s.code for s in suggest_codes(text=text, fields=extract_fields(text), scheme=scheme,
                                           cutover=datetime.date(2023, 1, 1))]  # fmt: skip
    assert codes and not any(code.startswith(("400.7.3.", "600.2.", "000.1.8.")) for code in codes)
    assert any(code.startswith("400.7.") for code in codes)  # health (krisis kesehatan, penyakit)


def test_the_civil_services_leadership_training_is_a_diklat(scheme: ClassificationScheme) -> None:
    text = (
        "PEMERINTAH DAERAH PROVINSI JAWA BARAT\nBADAN PENGEMBANGAN SUMBER DAYA MANUSIA\n\nCimahi, 30 Juni 2021\n"
        "Nomor : 1579/PSM 16.01/BPSDM\nSifat : Penting\nHal : Ceramah Umum\n\nYth. Bapak/Ibu\ndi\nTEMPAT\n\n"
        "Dengan hormat, kami sedang menyelenggarakan Pelatihan Kepemimpinan Nasional Tingkat II Angkatan XV.\n"
        "Kami mengundang Saudara pada ceramah umum dalam Pelatihan Kepemimpinan tersebut.\n"
    )
    assert "diklat" in analyse("Pelatihan Kepemimpinan Administrator")
    codes = [s.code for s in suggest_codes(text=text, fields=extract_fields(text), scheme=scheme)]
    assert codes and codes[0].startswith("800.2.")  # PENDIDIKAN DAN PELATIHAN (DIKLAT)


def test_subject_words_of_the_stop_lists_are_kept() -> None:
    assert "luar" in analyse("Perjalanan Dinas Luar Negeri") and "kecil" in analyse("Usaha Kecil dan Menengah")
    assert "pemuda" in analyse("Kegiatan Kepemudaan")  # derived: its stem "muda" is a rank's ("Penata Muda")
    assert "kota" in analyse("Kawasan Permukiman Perkotaan") and "kota" not in analyse("PEMERINTAH KOTA MALANG")


def test_a_trip_abroad_is_filed_as_one(scheme: ClassificationScheme) -> None:
    text = (
        "PEMERINTAH KABUPATEN MALANG\nDINAS PENDIDIKAN\n\nMalang, 3 Juli 2024\nNomor : -\n"
        "Perihal : Permohonan Izin Perjalanan Dinas Luar Negeri\n\nKepada\nYth. Bupati Malang\ndi Tempat\n\n"
        "Dengan hormat, kami mohon izin perjalanan dinas luar negeri bagi pegawai kami ke Malaysia.\n"
    )
    codes = [s.code for s in suggest_codes(text=text, fields=extract_fields(text), scheme=scheme)]
    assert codes and codes[0].startswith("000.1.3.")  # Perjalanan Dinas Luar Negeri, not Dalam Negeri


def test_siblings_the_letter_does_not_tell_apart_take_one_place(scheme: ClassificationScheme) -> None:
    text = (
        "PEMERINTAH KABUPATEN MALANG\nKECAMATAN SINGOSARI\n\nSingosari, 3 Agustus 2020\nNomor : -\n"
        "Perihal : Pengelolaan Database Arsip\n\nKepada\nYth. Kepala Desa\ndi Tempat\n\n"
        "Dengan hormat, mohon pengelolaan database arsip di desa masing-masing.\n"
    )
    suggestions = suggest_codes(text=text, fields=extract_fields(text), scheme=scheme)
    codes = [s.code for s in suggestions]
    assert len(codes) == 3
    # 000.5.8.1 and 000.5.8.2 (Database Pengelolaan Arsip Aktif / Inaktif) meet the same words: one is shown
    assert len({c for c in codes if c.startswith("000.5.8.")}) == 1
    parents = [(scheme.get(s.code, "permendagri_83_2022").parent, frozenset(s.reasons)) for s in suggestions]
    assert len(set(parents)) == len(parents)


def test_a_leaf_title_met_under_several_parents_names_its_subject_with_its_parent(
    scheme: ClassificationScheme,
) -> None:
    from archive.classification.titles import title_index

    index = title_index(scheme)
    promotion = index.terms["500.9.3.1"]  # "Industri Manufaktur" under "Promosi Industri" (and under four others)
    assert promotion["promosi"] == pytest.approx(promotion["manufaktur"])
    assert index.terms["000.7.3"]["koordinasi"] > index.terms["000.7.3"]["bangun"] / 2  # a title of its own
    text = (
        "KEMENTERIAN PERINDUSTRIAN\n\nJakarta, 9 November 2023\nNomor : B-771/IND/XI/2023\n"
        "Hal : Promosi Industri Manufaktur ke Pasar Ekspor\n\nYth. Pimpinan Perusahaan\ndi tempat\n\n"
        "Dengan hormat, kami mengundang Saudara pada temu promosi industri manufaktur.\n"
    )
    codes = [s.code for s in suggest_codes(text=text, fields=extract_fields(text), scheme=scheme)]
    assert codes[0] == "500.9.3.1"


def test_a_fields_policy_code_needs_a_letter_on_policy(scheme: ClassificationScheme) -> None:
    works = (
        "CV DUA BERLIAN\nGENERAL CONTRAKTOR\n\nMalang, 14 Agustus 2020\nNomor : 02/PR-PMK/VIII/2020\n"
        "Perihal : Permohonan Pelaksanaan Pekerjaan\n\nYth. Kepala Desa Tunjungtirto\n\nDengan hormat,\n"
        "Sehubungan dengan ditunjuknya kami sebagai kontraktor pada paket pekerjaan peningkatan jalan lingkungan "
        "desa, kami mohon izin pelaksanaan pekerjaan di kawasan permukiman perdesaan.\n"
    )
    codes = [s.code for s in suggest_codes(text=works, fields=extract_fields(works), scheme=scheme)]
    assert "600.1.1" not in codes  # Kebijakan di Bidang Pekerjaan Umum
    assert "600.1.14.3" in codes  # Kawasan Permukiman Perdesaan
    policy = works.replace("kami mohon izin", "sesuai kebijakan pekerjaan umum daerah kami mohon izin")
    scored = suggest_codes(text=policy, fields=extract_fields(policy), scheme=scheme, k=10)
    assert "600.1.1" in [s.code for s in scored]
