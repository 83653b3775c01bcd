"""Reading the event of an invitation: letters made here in the shapes offices write them, and the invitations among
the real letters of ../shared/corpus/real/ (OCR'd for real, marked slow) against an event transcribed by eye."""

from __future__ import annotations

import datetime
import json
from pathlib import Path

import pytest

from archive.extraction.events import extract_event, looks_like_invitation

LABELLED = """PEMERINTAH KABUPATEN CONTOH
DINAS PENDIDIKAN
Nomor : 005/221/Disdik/2024
Perihal : Undangan Rapat Persiapan Hari Guru

Dengan hormat,
Bersama ini kami mengundang Bapak/Ibu untuk hadir pada:

Hari/Tgl : Kamis, 21 November 2024
Waktu : 13.30 s.d. 15.00 WITA
Tempat : Aula Dinas Pendidikan
Jl. Merdeka No. 5
Acara : Rapat persiapan peringatan
Hari Guru Nasional
Pakaian : Batik

Demikian atas perhatiannya diucapkan terima kasih.
"""

SEPARATE_DAY_AND_DATE = """Perihal : Undangan
Hari : Jum'at
Tanggal : 3 Mei 2024
Jam : 07.30 WIB - selesai
Bertempat di Lapangan Upacara Kantor Bupati
Acara : Upacara Hari Pendidikan Nasional
"""

SENTENCE = """Perihal : Undangan Sosialisasi Aplikasi SRIKANDI
Dengan hormat, kami mengundang Saudara pada hari Selasa, 14 Mei 2024 pukul 09.00 WIB di Ruang Rapat Bupati.
Atas perhatiannya kami ucapkan terima kasih."""

WITH_DISPOSITION_SHEET = """LEMBAR DISPOSISI
Surat dari : Kecamatan Maju
Tgl. Surat : 2 Januari 2024
Diterima Tgl : 4 Januari 2024
Jam : 10.15

UNDANGAN
Hari/Tanggal : Senin, 8 Januari 2024
Pukul : 08.00 WIB
Tempat : Pendopo Kecamatan Maju
"""

CORRECTION = """RALAT UNDANGAN
acara yang semula dilaksanakan pada:
Hari : Rabu
Tanggal : 12 Juni 2024
Pukul : 08.30 WIB
Tempat : Pendopo Kabupaten
Acara : Rapat Koordinasi Camat
ditunda pelaksanaannya menjadi :
Hari : Kamis
Tanggal : 13 Juni 2024
Pukul : 13.00 WIB
Sedangkan lain lain tidak ada perubahan.
"""

NO_YEAR = """Perihal : Undangan Rapat
Hari/Tanggal : Senin, 6 Januari
Pukul : 09.00 WIB
Tempat : Aula
"""

NOT_AN_INVITATION = """Perihal : Permohonan Data Agregat Kependudukan
Dengan hormat, sehubungan dengan penyusunan RKPD tahun 2024 kami mohon data per tanggal 31 Desember 2022.
"""


def test_labelled_block_with_running_values_and_end_time():
    event = extract_event(LABELLED, subject="Undangan Rapat Persiapan Hari Guru")
    assert event.date == datetime.date(2024, 11, 21)
    assert event.weekday == "Kamis"
    assert (event.start_time, event.end_time) == (datetime.time(13, 30), datetime.time(15, 0))
    assert event.zone == "WITA" and not event.until_done
    assert event.place == "Aula Dinas Pendidikan Jl. Merdeka No. 5"  # the next line runs on, "Pakaian :" stops it
    assert event.agenda == "Rapat persiapan peringatan Hari Guru Nasional"
    assert event.confidence >= 0.9


def test_day_and_date_on_their_own_lines_and_bertempat():
    event = extract_event(SEPARATE_DAY_AND_DATE, subject="Undangan")
    assert event.date == datetime.date(2024, 5, 3) and event.weekday == "Jumat"
    assert event.start_time == datetime.time(7, 30) and event.until_done
    assert event.place == "Lapangan Upacara Kantor Bupati"
    assert event.agenda == "Upacara Hari Pendidikan Nasional"


def test_event_in_a_sentence():
    event = extract_event(SENTENCE, subject="Undangan Sosialisasi Aplikasi SRIKANDI")
    assert event.date == datetime.date(2024, 5, 14) and event.weekday == "Selasa"
    assert event.start_time == datetime.time(9, 0) and event.zone == "WIB"
    assert event.place == "Ruang Rapat Bupati"
    assert event.agenda == "Sosialisasi Aplikasi SRIKANDI"  # the subject less its "Undangan"


def test_a_disposition_sheet_scanned_first_is_not_the_event():
    event = extract_event(WITH_DISPOSITION_SHEET, subject="Undangan")
    assert event.date == datetime.date(2024, 1, 8)
    assert event.start_time == datetime.time(8, 0)
    assert event.place == "Pendopo Kecamatan Maju"


def test_a_correction_moves_the_event_and_keeps_the_rest():
    event = extract_event(CORRECTION, subject="Ralat Undangan")
    assert event.date == datetime.date(2024, 6, 13) and event.weekday == "Kamis"
    assert event.start_time == datetime.time(13, 0)
    assert event.place == "Pendopo Kabupaten"
    assert event.agenda == "Rapat Koordinasi Camat"


def test_a_date_without_year_takes_the_letters_year_or_the_next():
    assert extract_event(NO_YEAR, letter_date=datetime.date(2024, 12, 20)).date == datetime.date(2025, 1, 6)
    event = extract_event(NO_YEAR, letter_date=datetime.date(2025, 1, 2))
    assert event.date == datetime.date(2025, 1, 6)
    assert "tahun diambil dari tanggal surat" in event.notes


def test_letters_that_invite_to_nothing_have_no_event():
    assert not looks_like_invitation(NOT_AN_INVITATION, "Permohonan Data Agregat Kependudukan")
    assert extract_event(NOT_AN_INVITATION, subject="Permohonan Data Agregat Kependudukan") is None
    assert extract_event("") is None


def test_the_dev_corpus_invitations(truth):
    found = {
        name: extract_event(record["full_text"], subject=record["subject"])
        for name, record in truth.items()
        if extract_event(record["full_text"], subject=record["subject"])
    }
    assert set(found) == {"contoh_5912.jpg", "contoh_5933.pdf"}
    assert found["contoh_5912.jpg"].date == datetime.date(2023, 4, 19)
    assert found["contoh_5912.jpg"].place == "Aula Dinas Kependudukan dan Pencatatan Sipil"
    assert found["contoh_5933.pdf"].start_time == datetime.time(9, 0)
    assert found["contoh_5933.pdf"].place == "Ruang Rapat Dinas Komunikasi dan Informatika"


REAL = Path(__file__).parent / "data" / "real_invitation_events.json"


def _real_invitations():
    from django.conf import settings

    root = Path(settings.SHARED_DIR) / "corpus" / "real"
    records = {
        record["file"]: record
        for record in map(json.loads, (root / "truth.jsonl").read_text(encoding="utf-8").splitlines())
    }
    expected = {key: value for key, value in json.loads(REAL.read_text(encoding="utf-8")).items() if key[0] != "_"}
    invitations = {name for name, record in records.items() if "undangan" in record["doc_type"]}
    assert invitations == set(expected), "every invitation of truth.jsonl has its event transcribed"
    return [(root / name, records[name], expected[name]) for name in sorted(expected)]


@pytest.mark.slow
@pytest.mark.parametrize("path, record, expected", _real_invitations(), ids=lambda value: getattr(value, "name", ""))
def test_real_invitations(path, record, expected):
    from ocr.extract import extract_document

    text = extract_document(path.read_bytes()).text
    letter_date = datetime.date.fromisoformat(record["letter_date"]) if record["letter_date"] else None
    event = extract_event(text, subject=record["subject"], letter_date=letter_date)
    assert event is not None
    assert event.date == datetime.date.fromisoformat(expected["date"])
    assert event.weekday == expected["weekday"]
    assert event.start_time == datetime.time.fromisoformat(expected["start"])
    assert event.end_time == (datetime.time.fromisoformat(expected["end"]) if expected["end"] else None)
    assert event.until_done == expected["until_done"]
    assert event.zone == expected["zone"]
    assert expected["place"].lower() in event.place.lower()
    assert event.agenda.lower().startswith(expected["agenda"].lower())
