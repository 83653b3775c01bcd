"""Field extraction on every corpus letter's truth text, on blocks copied from Tesseract output, and on edge cases."""

from __future__ import annotations

import datetime
import json
from pathlib import Path

import pytest
from django.conf import settings

from archive.extraction.evaluation import EXTRA_FIELDS, FIELDS, evaluate_fields, expected_value, field_shares
from archive.extraction.fields import extract_fields, normalise_sifat


def _truth() -> list[dict]:
    path = Path(settings.SHARED_DIR) / "corpus" / "dev" / "truth.jsonl"
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


TRUTH = _truth()
CHECKED = FIELDS + EXTRA_FIELDS


@pytest.mark.parametrize("letter", TRUTH, ids=[t["file"] for t in TRUTH])
@pytest.mark.parametrize("field", [name for name, _ in CHECKED])
def test_field_matches_the_truth_exactly(letter: dict, field: str) -> None:
    fields = extract_fields(letter["full_text"])
    assert fields.values()[field] == expected_value(field, letter)


def test_share_of_fields_exactly_right_on_truth_text() -> None:
    results = [evaluate_fields(extract_fields(t["full_text"]), t) for t in TRUTH]
    shares = field_shares(results)
    print("field shares on truth text:", {k: round(v, 3) for k, v in shares.items()})
    assert len(results) == 12
    assert shares["all"] >= 0.95


def test_confidences_are_high_on_clean_text() -> None:
    fields = extract_fields(TRUTH[0]["full_text"])
    for name in ("number", "date", "sender", "subject", "sifat", "lampiran", "addressee"):
        found = getattr(fields, name)
        assert found is not None and found.confidence >= 0.8, name
    assert fields.parsed_number is not None and fields.parsed_number.kka == "823"
    assert fields.sifat is not None and fields.sifat.raw == "Biasa"


# Header blocks exactly as Tesseract / the PDF text layer gave them for corpus letters.
VALUES_BEFORE_LABELS = """PEMERINTAH KABUPATEN TEMANGGUNG
DINAS KEPENDUDUKAN DAN PENCATATAN SIPIL
Jalan Jenderal Sudirman Nomor 31 Temanggung 56211, Telepon (0293) 491305

Temanggung, 15 Maret 2023

: 555/874/2023
Nomor
: Biasa
Sifat
1 -
Lampiran
Perihal : Permohonan Pembuatan
Subdomain dan Hosting Aplikasi
Antrean
Kepada
Yth. Kepala Dinas Komunikasi dan
Informatika Kabupaten Temanggung
di -
TEMANGGUNG

Dengan hormat,"""

MERGED_COLUMNS = """PEMERINTAH KABUPATEN TEMANGGUNG
BADAN PERENCANAAN PEMBANGUNAN DAERAH
Jalan Kartini Nomor 1 Temanggung 56212, Telepon (0293) 491125
Temanggung, 9 Februari 2023
Nomor : 470/759/Bappeda/2023 Kepada
Sifat : Biasa Yth. Kepala Dinas Kependudukan dan
Lampiran : - Pencatatan Sipil Kabupaten
Perihal : Permohonan Data Agregat Temanggung
Kependudukan di -
TEMANGGUNG
Dengan hormat,"""

RIGHT_COLUMN_AFTER = """PEMERINTAH KABUPATEN TEMANGGUNG
KECAMATAN PARAKAN
Jalan Diponegoro Nomor 5 Parakan, Temanggung 56254

Parakan, 16 Mei 2023

Nomor : 475/1749/2023 . Kepada
: Biasa | Yth. Kepala Dinas Kependudukan dan
Sifat
Lampiran : 1 (satu) bendel
Perihal : Permohonan Penerbitan Surat
Keterangan Pindah Kolektif
Pencatatan Sipil Kabupaten
Temanggung
di -
: . TEMANGGUNG

Dengan hormat,"""

VALUE_AFTER_DATE = """PEMERINTAH KABUPATEN TEMANGGUNG
DINAS SOSIAL
Jalan Suwandi Suwardi Nomor 4 Temanggung 56213

Nomor : 470/1804/Dinsos/2023
Sifat
:
Temanggung, 14 Agustus 2023
_: Segera
Lampiran : -
Hal
. Permohonan Perekaman KTP-el bagi Penghuni
Panti Sosial
|
Yth. Kepala Dinas Kependudukan dan Pencatatan Sipil
Kabupaten Temanggung ~
"di Temanggung

Dengan hormat,"""


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            VALUES_BEFORE_LABELS,
            {
                "number": "555/874/2023",
                "sifat": "biasa",
                "lampiran": "-",
                "subject": "Permohonan Pembuatan Subdomain dan Hosting Aplikasi Antrean",
                "addressee": "Kepala Dinas Komunikasi dan Informatika Kabupaten Temanggung",
            },
        ),
        (
            MERGED_COLUMNS,
            {
                "number": "470/759/Bappeda/2023",
                "sifat": "biasa",
                "lampiran": "-",
                "subject": "Permohonan Data Agregat Kependudukan",
                "addressee": "Kepala Dinas Kependudukan dan Pencatatan Sipil Kabupaten Temanggung",
                "addressee_place": "Temanggung",
            },
        ),
        (
            RIGHT_COLUMN_AFTER,
            {
                "number": "475/1749/2023",
                "sifat": "biasa",
                "lampiran": "1 (satu) bendel",
                "subject": "Permohonan Penerbitan Surat Keterangan Pindah Kolektif",
                "addressee": "Kepala Dinas Kependudukan dan Pencatatan Sipil Kabupaten Temanggung",
                "addressee_place": "Temanggung",
                "sender": "Kecamatan Parakan Kabupaten Temanggung",
            },
        ),
        (
            VALUE_AFTER_DATE,
            {
                "number": "470/1804/Dinsos/2023",
                "date": datetime.date(2023, 8, 14),
                "sifat": "segera",
                "lampiran": "-",
                "subject": "Permohonan Perekaman KTP-el bagi Penghuni Panti Sosial",
                "addressee": "Kepala Dinas Kependudukan dan Pencatatan Sipil Kabupaten Temanggung",
                "addressee_place": "Temanggung",
            },
        ),
    ],
    ids=["values-before-labels", "merged-columns", "right-column-after", "value-after-date"],
)
def test_ocr_layouts(text: str, expected: dict) -> None:
    values = extract_fields(text).values()
    assert {name: values[name] for name in expected} == expected


def test_values_found_away_from_their_label_are_less_certain() -> None:
    clean = extract_fields(TRUTH[2]["full_text"])  # contoh_5040, same letter as VALUES_BEFORE_LABELS
    scattered = extract_fields(VALUES_BEFORE_LABELS)
    merged = extract_fields(MERGED_COLUMNS)
    clean_7800 = extract_fields(next(t for t in TRUTH if t["file"] == "contoh_7800.pdf")["full_text"])
    assert clean.number and scattered.number and clean.sifat and scattered.sifat
    assert scattered.number.confidence < clean.number.confidence
    assert scattered.sifat.confidence < clean.sifat.confidence
    assert merged.subject and clean_7800.subject
    assert merged.subject.confidence < clean_7800.subject.confidence


def test_several_addressees_are_joined_with_semicolons() -> None:
    text = (
        "Nomor : 005/12/2024\nSifat : Segera\nHal : Undangan\n\n"
        "Yth. 1. Camat Parakan;\n2. Camat Kedu\n3. Kepala Desa se-Kecamatan\nKranggan\ndi Tempat\n\nDengan hormat,"
    )
    fields = extract_fields(text)
    assert fields.addressee is not None
    assert fields.addressee.value == "Camat Parakan; Camat Kedu; Kepala Desa se-Kecamatan Kranggan"
    assert fields.addressee_place is not None and fields.addressee_place.value == "Tempat"


@pytest.mark.parametrize(
    ("raw", "code"),
    [
        ("Biasa", "biasa"),
        ("SEGERA", "segera"),
        ("Sangat Segera", "sangat_segera"),
        ("Sangat Rahasia", "sangat_rahasia"),
        ("Rahasia", "rahasia"),
        ("Penting", "penting"),
        ("Terbuka", "biasa"),
        ("Biasa.", "biasa"),
        ("Bisa", "biasa"),
        ("Segra", "segera"),
        ("Lain-lain", None),
    ],
)
def test_sifat_is_normalised(raw: str, code: str | None) -> None:
    assert normalise_sifat(raw) == code


def test_sifat_keeps_the_printed_value_and_doubts_unknown_ones() -> None:
    known = extract_fields("Nomor : 1/2/3\nSifat : Sangat Segera\n")
    misread = extract_fields("Nomor : 1/2/3\nSifat : Segra\n")
    unknown = extract_fields("Nomor : 1/2/3\nSifat : Lain-lain\n")
    assert known.sifat and misread.sifat and unknown.sifat
    assert (known.sifat.value, known.sifat.raw) == ("sangat_segera", "Sangat Segera")
    assert misread.sifat.value == "segera" and misread.sifat.confidence < known.sifat.confidence
    assert unknown.sifat.value == "Lain-lain" and unknown.sifat.confidence <= 0.3


def test_sender_rules() -> None:
    province = extract_fields("PEMERINTAH PROVINSI JAWA TENGAH\nDINAS KESEHATAN PROVINSI JAWA TENGAH\nJalan X 1\n")
    bupati = extract_fields("BUPATI TEMANGGUNG\n\nTemanggung, 2 Januari 2024\n")
    government_only = extract_fields("PEMERINTAH KABUPATEN TEMANGGUNG\nJalan Ahmad Yani 1\n")
    hospital = extract_fields("PEMERINTAH KABUPATEN TEMANGGUNG\nRSUD KABUPATEN TEMANGGUNG\nJalan X\n")
    assert province.sender and bupati.sender and government_only.sender and hospital.sender
    assert province.sender.value == "Dinas Kesehatan Provinsi Jawa Tengah"
    assert bupati.sender.value == "Bupati Temanggung"
    assert government_only.sender.value == "Pemerintah Kabupaten Temanggung"
    assert hospital.sender.value == "RSUD Kabupaten Temanggung"
    assert bupati.sender.confidence < province.sender.confidence


def test_misread_characters_lower_the_confidence() -> None:
    clean = extract_fields("PEMERINTAH KABUPATEN TEMANGGUNG\nDINAS SOSIAL\n\nHal : Permohonan Data\n")
    noisy = extract_fields("PEMERINTAH KABUPATEN TEMANGGUNG\nDINAS S0S|AL\n\nHal : Perm0honan D~ata\n")
    assert clean.sender and noisy.sender and clean.subject and noisy.subject
    assert noisy.sender.confidence < clean.sender.confidence
    assert noisy.subject.confidence < clean.subject.confidence


def test_nothing_found_gives_none_not_guesses() -> None:
    fields = extract_fields("Catatan rapat tanpa kop.\nDengan hormat,\nIsi catatan.")
    values = fields.values()
    assert all(values[name] is None for name in ("number", "date", "sender", "subject", "sifat", "addressee"))
    assert values["references"] == []


def test_evaluation_counts_a_wrong_field() -> None:
    letter = TRUTH[0]
    wrong = letter["full_text"].replace("Perihal : Usul Kenaikan", "Perihal : Usulan Kenaikan")
    result = evaluate_fields(extract_fields(wrong), letter)
    assert result["subject"] is False
    assert sum(result.values()) == len(FIELDS) - 1


def test_spaced_number_beside_the_date_on_one_line() -> None:
    fields = extract_fields("Nomor : 800 / 12 / Setda / 2024 Semarang, 2 Januari 2024\nHal : Laporan\n")
    assert fields.number is not None and fields.number.value == "800/12/Setda/2024"
    assert fields.place is not None and fields.place.value == "Semarang"
