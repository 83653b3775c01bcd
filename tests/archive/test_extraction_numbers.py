"""Letter-number parsing: the formats of the domain notes, OCR repairs, the Nomor line and cited numbers."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from archive.extraction.numbers import find_letter_number, find_references, normalise_number, parse_letter_number


@pytest.mark.parametrize(
    ("text", "kka", "serial", "unit", "year"),
    [
        ("188.4 /284 /427.43 /2018", "188.4", "284", "427.43", 2018),
        ("000.8.3.3/15/OR", "000.8.3.3", "15", "OR", None),
        ("823/360/Diskominfo/2023", "823", "360", "Diskominfo", 2023),
        ("555/874/2023", "555", "874", "", 2023),
        ("050/123/Bappeda/Ren/2019", "050", "123", "Bappeda/Ren", 2019),
        ("400.12.3.1 / 7 / Dukcapil", "400.12.3.1", "7", "Dukcapil", None),
    ],
)
def test_parses_pemda_numbers(text: str, kka: str, serial: str, unit: str, year: int | None) -> None:
    parsed = parse_letter_number(text)
    assert parsed is not None
    assert (parsed.kka, parsed.serial, parsed.unit, parsed.year) == (kka, serial, unit, year)
    assert parsed.style == "pemda"
    assert not parsed.corrected
    assert parsed.text == normalise_number(text)


def test_parses_ministry_style_numbers() -> None:
    parsed = parse_letter_number("R-99/IJ/KP.07.6/04/2020")
    assert parsed is not None
    assert parsed.style == "kl"
    assert (parsed.security, parsed.serial, parsed.unit, parsed.kka) == ("R", "99", "IJ", "KP.07.6")
    assert (parsed.month, parsed.year) == (4, 2020)
    assert parsed.text == "R-99/IJ/KP.07.6/04/2020"


@pytest.mark.parametrize(
    ("ocr", "expected", "kka"),
    [
        ("O05 / 1407 / 2O23", "005/1407/2023", "005"),
        ("47l.13/22/Dukcapil/2023", "471.13/22/Dukcapil/2023", "471.13"),
        ("474,1/17/Dinsos/2023", "474.1/17/Dinsos/2023", "474.1"),
        ("823/36O/Diskominfo/2O23", "823/360/Diskominfo/2023", "823"),
    ],
)
def test_repairs_ocr_look_alikes_in_code_segments_only(ocr: str, expected: str, kka: str) -> None:
    parsed = parse_letter_number(ocr)
    assert parsed is not None
    assert parsed.text == expected
    assert parsed.kka == kka
    assert parsed.corrected


def test_unit_letters_are_not_turned_into_digits() -> None:
    parsed = parse_letter_number("005/12/OR/2023")
    assert parsed is not None
    assert parsed.unit == "OR"


@pytest.mark.parametrize("text", ["Temanggung", "12/03/2024", "III/b", "L/P", "19730611 200101 1 011", "005", ""])
def test_rejects_what_is_not_a_letter_number(text: str) -> None:
    assert parse_letter_number(text) is None


def test_finds_the_number_on_the_nomor_line() -> None:
    text = (
        "PEMERINTAH KABUPATEN TEMANGGUNG\nJalan Pahlawan Nomor 8\n\n"
        "Nomor : 823 / 360 / Diskominfo / 2023\nSifat : Biasa"
    )
    found = find_letter_number(text)
    assert found is not None
    assert found.value == "823/360/Diskominfo/2023"
    assert found.confidence >= 0.9
    assert found.source.startswith("Nomor")


def test_confidence_reflects_how_the_number_was_found() -> None:
    clean = find_letter_number("Nomor : 005/1407/2023")
    repaired = find_letter_number("Nomor : O05/1407/2O23")
    unlabelled = find_letter_number("Bersama ini 005/1407/2023 kami kirim")
    unparsed = find_letter_number("NOMOR 23 TAHUN 2020")
    assert clean and repaired and unlabelled and unparsed
    assert repaired.value == clean.value == unlabelled.value == "005/1407/2023"
    assert clean.confidence > repaired.confidence > unparsed.confidence
    assert clean.confidence > unlabelled.confidence
    assert unparsed.value == "23 TAHUN 2020"


def test_tolerates_ocr_noise_around_the_label() -> None:
    found = find_letter_number("Nomor . : 851/1503/2023")
    assert found is not None and found.value == "851/1503/2023"


def test_finds_cited_numbers_but_not_its_own_or_nip_or_ranks() -> None:
    body = (
        "Menindaklanjuti surat Kepala BKPSDM Nomor 800/123/BKPSDM/2023 tanggal 3 Maret 2023 dan\n"
        "surat kami nomor: 005/1407/2023, bersama ini kami sampaikan (III/b) NIP 19730611 200101 1 011\n"
        "sebagaimana surat 800/123/BKPSDM/2023 di atas, tanggal 12/03/2024.\n"
        "Nomor : 823/360/Diskominfo/2023"
    )
    found = find_references(body, exclude="823/360/Diskominfo/2023")
    assert [f.value for f in found] == ["800/123/BKPSDM/2023", "005/1407/2023"]
    assert found[0].confidence > 0.6


_SEGMENT = st.text(alphabet="ABCDEFGHJKMNPRSTUVWXYZabcdefghjkmnpqrstuvwxyz", min_size=2, max_size=9)


@given(
    first=st.integers(0, 9),
    rest=st.lists(st.integers(1, 20), max_size=3),
    serial=st.integers(1, 99999),
    unit=st.lists(_SEGMENT, max_size=2),
    year=st.one_of(st.none(), st.integers(1990, 2099)),
    spaces=st.sampled_from(["", " ", "  "]),
)
def test_any_pemda_number_parses_back(
    first: int, rest: list[int], serial: int, unit: list[str], year: int | None, spaces: str
) -> None:
    kka = ".".join([f"{first}00", *map(str, rest)])
    segments = [kka, str(serial), *unit] + ([str(year)] if year else [])
    parsed = parse_letter_number(f"{spaces}/{spaces}".join(segments))
    assert parsed is not None
    assert (parsed.kka, parsed.serial, parsed.unit, parsed.year) == (kka, str(serial), "/".join(unit), year)
    assert parsed.text == "/".join(segments)
