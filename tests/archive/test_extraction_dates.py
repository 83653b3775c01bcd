"""Indonesian dates: every supported written form parses back; OCR spellings; the place-and-date line."""

from __future__ import annotations

import datetime

import pytest
from hypothesis import given
from hypothesis import strategies as st

from archive.extraction.dates import (
    FORMS,
    find_dates,
    find_letter_date,
    format_date,
    month_number,
    parse_date,
    parse_place_date,
)

_DATES = st.dates(min_value=datetime.date(1950, 1, 1), max_value=datetime.date(2099, 12, 31))


@given(value=_DATES, form=st.sampled_from(FORMS))
def test_every_supported_form_parses_back(value: datetime.date, form: str) -> None:
    assert parse_date(format_date(value, form)) == value


@given(value=_DATES, form=st.sampled_from(FORMS), before=st.sampled_from(["", "tanggal ", "pada hari ini "]))
def test_a_date_inside_a_sentence_is_found_where_it_is(value: datetime.date, form: str, before: str) -> None:
    text = f"{before}{format_date(value, form)} di Aula."
    found = find_dates(text)
    assert [f.date for f in found] == [value]
    assert text[found[0].start : found[0].end].strip(" .") in format_date(value, form)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("12 Pebruari 2024", datetime.date(2024, 2, 12)),
        ("3 Nopember 2021", datetime.date(2021, 11, 3)),
        ("9 Agt 2023", datetime.date(2023, 8, 9)),
        ("21 Septernber 2023", datetime.date(2023, 9, 21)),  # OCR "rn" for "m"
        ("21 0ktober 2023", datetime.date(2023, 10, 21)),  # OCR zero for "O"
        ("l4 Agustus 2O23", datetime.date(2023, 8, 14)),  # OCR "l" and "O" in the digits
        ("12-03-2024", datetime.date(2024, 3, 12)),  # day first, never month first
        ("12/03/2024", datetime.date(2024, 3, 12)),
        ("2024-03-12", datetime.date(2024, 3, 12)),
        ("Rabu, 19 April 2023", datetime.date(2023, 4, 19)),
    ],
)
def test_parses_indonesian_and_ocr_spellings(text: str, expected: datetime.date) -> None:
    assert parse_date(text) == expected


@pytest.mark.parametrize("text", ["31 Februari 2024", "13/13/2024", "Triwulan I Tahun 2023", "30 Tahun 2023", ""])
def test_rejects_impossible_or_partial_dates(text: str) -> None:
    assert parse_date(text) is None


def test_month_names_are_exact_or_marked_as_guessed() -> None:
    assert month_number("Maret") == (3, False)
    assert month_number("Pebruari") == (2, False)
    assert month_number("Septernber") == (9, True)
    assert month_number("Tahun") is None


def test_place_and_date_line() -> None:
    found = parse_place_date("Lumajang, 12 Maret 2024")
    assert found is not None
    assert found[0] == "Lumajang"
    assert found[1].date == datetime.date(2024, 3, 12)
    assert parse_place_date("Rabu, 19 April 2023") is None  # a weekday is not a place
    assert parse_place_date("hari, tanggal : Rabu, 19 April 2023") is None
    assert parse_place_date("Jalan Diponegoro Nomor 5 Parakan, Temanggung 56254") is None


def test_letter_date_prefers_the_place_line_over_dates_in_the_body() -> None:
    text = "Rapat pada Rabu, 19 April 2023.\nTemanggung, 11 April 2023\nNomor : 005/1407/2023"
    found = find_letter_date(text)
    assert found is not None
    date, place = found
    assert date.value == datetime.date(2023, 4, 11)
    assert place is not None and place.value == "Temanggung"
    assert date.confidence >= 0.9


def test_letter_date_fallbacks_lower_the_confidence() -> None:
    labelled = find_letter_date("Nomor : 1/2/3\nTanggal : 13 Maret 2023")
    guessed = find_letter_date("Temanggung, 13 Marct 2023")
    assert labelled and guessed
    assert labelled[0].value == guessed[0].value == datetime.date(2023, 3, 13)
    assert labelled[1] is None
    assert 0.95 > guessed[0].confidence > labelled[0].confidence


def test_a_date_in_running_text_is_not_the_letters_date() -> None:
    assert find_letter_date("Dibuat 13 Maret 2023 di kantor") is None
    assert find_letter_date("sesuai surat Saudara tanggal 2 Januari 2023 perihal rapat") is None
    assert find_letter_date("Tanpa tanggal") is None


def test_place_and_date_at_the_end_of_a_merged_line() -> None:
    found = find_letter_date("Nomor : 800/12/2024 Semarang, 2 Januari 2024\nHal : Laporan")
    assert found is not None
    date, place = found
    assert date.value == datetime.date(2024, 1, 2)
    assert place is not None and place.value == "Semarang"
    assert date.confidence == 0.8
