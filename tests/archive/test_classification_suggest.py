"""Code suggestions: always 83/2022 leaves with retention; the number's code only when it is one; the crosswalk."""

from __future__ import annotations

import datetime
import json
import re
from pathlib import Path

import pytest
from django.conf import settings

from archive.classification.crosswalk import read_crosswalk_csv
from archive.classification.scheme import CURRENT, ClassificationScheme, load_scheme
from archive.classification.suggest import suggest_codes
from archive.classification.train import train_classifier
from archive.extraction.fields import extract_fields


def _truth() -> list[dict]:
    path = Path(settings.SHARED_DIR) / "corpus" / "dev" / "truth.jsonl"
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


TRUTH = _truth()
BY_FILE = {t["file"]: t for t in TRUTH}
CUTOVER = datetime.date(2023, 1, 1)


@pytest.fixture(scope="module")
def scheme() -> ClassificationScheme:
    return load_scheme()


def _suggest(text: str, scheme: ClassificationScheme, **kwargs):
    kwargs.setdefault("cutover", CUTOVER)
    return suggest_codes(text=text, fields=extract_fields(text), scheme=scheme, **kwargs)


def _without_number(text: str) -> str:
    return re.sub(r"(?m)^Nomor\s*:.*$", "", text)


def _letter(number: str, subject: str, body: str, date: str = "Malang, 3 Agustus 2020") -> str:
    return (
        "PEMERINTAH KABUPATEN MALANG\nKECAMATAN SINGOSARI\n\n"
        f"{date}\n\nNomor : {number}\nSifat : Biasa\nLampiran : -\nPerihal : {subject}\n\n"
        f"Kepada\nYth. Kepala Desa Tunjungtirto\ndi -\nTEMPAT\n\nDengan hormat,\n{body}\n"
    )


@pytest.mark.parametrize("letter", TRUTH, ids=[t["file"] for t in TRUTH])
def test_every_suggestion_is_a_current_leaf_code_with_retention(letter: dict, scheme: ClassificationScheme) -> None:
    suggestions = _suggest(letter["full_text"], scheme)
    assert suggestions
    for suggestion in suggestions:
        entry = scheme.get(suggestion.code, CURRENT)
        assert suggestion.scheme == CURRENT and entry is not None and entry.final_disposition, suggestion
        assert 0.0 <= suggestion.score <= 1.0 and suggestion.reasons and suggestion.title


def test_a_legacy_code_in_the_number_is_mapped_through_the_crosswalk(scheme: ClassificationScheme) -> None:
    letter = BY_FILE["contoh_5234.tif"]  # 090/2390/2023, Permohonan Izin Perjalanan Dinas
    top = _suggest(letter["full_text"], scheme)[0]
    assert top.code in read_crosswalk_csv().get("090").targets
    assert top.number_code == "090"
    assert top.reasons[0].startswith("Kode 090 pada nomor surat (pola lama 78/2012: PERJALANAN DINAS)")
    assert "perjalanan" in top.reasons[0].lower()


@pytest.mark.parametrize(
    "number",
    ["068/Wadir-III/PPI/V/2020", "055/FK-06/UNIZAR/IX/2020", "1063/RSCH/X/2020", "051/MJPRO/AS/I/2023", "12/Skr/2020"],
)
def test_a_serial_opening_the_number_is_never_taken_as_a_code(number: str, scheme: ClassificationScheme) -> None:
    text = _letter(number, "Undangan Rapat Koordinasi Perencanaan", "Kami mengundang Saudara pada rapat perencanaan.")
    suggestions = _suggest(text, scheme)
    assert suggestions and all(s.number_code is None for s in suggestions)
    assert not any("pada nomor surat" in reason for s in suggestions for reason in s.reasons)


def test_a_code_whose_title_does_not_fit_the_letter_is_not_used(scheme: ClassificationScheme) -> None:
    text = _letter("517/12/Ds/2020", "Undangan Upacara Peringatan HUT Kemerdekaan", "Upacara bendera 17 Agustus.")
    suggestions = _suggest(text, scheme)
    assert all(s.number_code is None for s in suggestions)
    assert any("tidak dipakai" in reason and "517" in reason for reason in suggestions[0].reasons)
    assert suggestions[0].code == "400.14.1.1"  # Penyelenggaraan Acara Kedinasan (Upacara ... Hari-hari Besar)


def test_an_invitation_code_has_no_counterpart_and_the_content_decides(scheme: ClassificationScheme) -> None:
    text = _letter("005/426/35.07.24/2020", "Undangan", "Mengundang Saudara pada upacara peringatan HUT RI ke-75.")
    suggestions = _suggest(text, scheme)
    assert suggestions[0].code == "400.14.1.1" and suggestions[0].number_code is None
    assert any("tidak mempunyai kode undangan" in reason for reason in suggestions[0].reasons)


def test_the_scheme_of_the_numbers_code_follows_the_letters_date(scheme: ClassificationScheme) -> None:
    old = _letter("003.1/400/35.07.24/2020", "Penyampaian Tema dan Logo HUT RI ke-75", "Peringatan 17 Agustus.")
    top = _suggest(old, scheme)[0]
    assert (top.code, top.number_code) == ("400.14.1.1", "003.1")
    assert "pola lama 78/2012" in top.reasons[0]
    new = _letter(
        "000.1.5/12/Umum/2024", "Undangan Rapat Pimpinan", "Rapat pimpinan dan notula.", "Malang, 3 Juli 2024"
    )
    top = _suggest(new, scheme)[0]
    assert (top.code, top.number_code) == ("000.1.5", "000.1.5")
    assert "Permendagri 83/2022" in top.reasons[0]


def test_a_heading_code_in_the_number_leads_to_its_leaves_chosen_by_the_content(scheme: ClassificationScheme) -> None:
    text = _letter(
        "900.1.1/801/Umum-2025",
        "Undangan Rapat Paripurna",
        "Penyampaian Nota Pengantar Rancangan KUPA PPAS Perubahan 2025 dan APBD Perubahan.",
        "Padang, 10 Juli 2025",
    )
    suggestions = _suggest(text, scheme)
    assert {s.code for s in suggestions} <= {"900.1.1.1", "900.1.1.2", "900.1.1.3", "900.1.1.4"} | {
        s.code for s in suggestions if s.number_code is None
    }
    assert suggestions[0].code.startswith("900.1.1.") and suggestions[0].number_code == "900.1.1"


def test_title_words_decide_when_there_is_no_number(scheme: ClassificationScheme) -> None:
    text = _without_number(BY_FILE["contoh_7134.tiff"]["full_text"])  # Permohonan Cuti karena Alasan Penting
    suggestions = _suggest(text, scheme)
    assert suggestions[0].code == "800.1.11.5"  # Cuti Alasan Penting
    assert suggestions[0].reasons[0].startswith("Judul kode cocok:")


def test_generic_words_alone_suggest_nothing(scheme: ClassificationScheme) -> None:
    text = _letter("-", "Penyampaian Surat", "Bersama ini kami sampaikan surat dan data kecamatan dan desa.")
    assert _suggest(text, scheme) == [] or all(s.score < 0.3 for s in _suggest(text, scheme))


def test_the_sender_kind_offers_its_relation_code(scheme: ClassificationScheme) -> None:
    text = (
        "POLITEKNIK POS INDONESIA\n\nBandung, 2 Mei 2020\nNomor : 068/Wadir-III/PPI/V/2020\n"
        "Perihal : Penghentian Pelaksanaan Pemagangan Mahasiswa\n\nKepada\nYth. Pimpinan Perusahaan\ndi Tempat\n\n"
        "Dengan hormat,\nProgram magang mahasiswa dihentikan sampai akhir semester.\n"
    )
    codes = [s.code for s in _suggest(text, scheme)]
    assert "400.14.5.4" in codes  # Hubungan dengan Perguruan Tinggi/Sekolah, Termasuk Magang


CONFIRMED_470 = [
    "Permohonan perekaman KTP-el bagi warga binaan lembaga pemasyarakatan yang belum memiliki NIK.",
    "Mohon pelayanan perekaman KTP-el keliling bagi penyandang disabilitas di desa kami.",
    "Penyampaian data penduduk rentan administrasi kependudukan untuk perekaman KTP-el dan kartu keluarga.",
    "Permohonan jemput bola perekaman KTP-el bagi lansia dan penghuni panti jompo.",
]


def test_the_trained_model_lifts_what_clerks_confirmed_mapped_to_filing_codes(scheme: ClassificationScheme) -> None:
    letter = BY_FILE["contoh_7563.jpg"]  # about KTP-el recording in a social home
    text = _without_number(letter["full_text"])
    confirmed = [(t["full_text"], t["classification_code"]) for t in TRUTH if t is not letter]
    confirmed += [(t, "471.13") for t in CONFIRMED_470]  # clerks filed them under the old KTP code
    model = train_classifier(confirmed)
    with_model = _suggest(text, scheme, model=model)
    top = with_model[0]
    assert top.code == "400.12.2.1"  # Identitas Penduduk, the crosswalk's counterpart of 471.13
    assert any(
        re.fullmatch(r"Model dari \d+ surat terkonfirmasi: 0,\d\d \(kode 471.13, padanannya\)", r) for r in top.reasons
    )


def test_ministry_numbers_and_empty_text(scheme: ClassificationScheme) -> None:
    kl = _suggest("Nomor : R-99/IJ/KP.07.6/04/2020\nHal : Undangan rapat koordinasi perencanaan\n", scheme)
    assert not any("pada nomor surat" in r for s in kl for r in s.reasons)
    assert _suggest("", scheme) == []
