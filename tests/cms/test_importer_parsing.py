"""Parsing of the five real seed SOP documents, the duration parser and the decision rule (no database)."""

from __future__ import annotations

from collections import Counter
from datetime import date
from decimal import Decimal
from functools import cache
from pathlib import Path

import pytest
from django.conf import settings
from hypothesis import given
from hypothesis import strategies as st

from cms.importers import ParsedDocument, ParsedSop, ParsedStep, parse_document, steps_minutes
from cms.importers.decisions import mark_decisions
from cms.importers.duration_text import find_durations, parse_duration
from cms.importers.splitter import blocks, group_heading, split_document
from cms.importers.text import clean_lines

DECREE = "188.4/284/427.43/2018"


@cache
def parsed(prefix: str) -> ParsedDocument:
    path = next((Path(settings.SHARED_DIR) / "seeds").glob(f"{prefix}_*.txt"))
    return parse_document(path.read_text(encoding="utf-8"))


def sop_titled(document: ParsedDocument, title: str, group: str | None = None) -> ParsedSop:
    found = [sop for sop in document.sops if sop.title == title and (group is None or sop.group == group)]
    assert len(found) == 1, [sop.title for sop in document.sops]
    return found[0]


def minutes(sop: ParsedSop) -> list[tuple[str | None, str]]:
    return [(None if s.duration_value is None else str(s.duration_value), s.duration_unit) for s in sop.steps]


# Seed 000: Banjarnegara, tab table with actor marks, 'Waktu Penyelesaian 4 Hari kerja'.


def test_seed_000_is_one_sop_with_identity_and_service_fields():
    document = parsed("000")
    assert document.layout == "tabular"
    (sop,) = document.sops
    assert sop.title == "Proses Surat Keluar Melalui Tata Naska Dinas Elektronik (E- Office)"
    assert sop.office == "Dinas Kependudukan dan Pencatatan Sipil Kabupaten Banjarnegara"
    assert sop.date_made == date(2017, 4, 22)
    assert sop.requirements == ("Surat Masuk", "Data Pendukung", "Komputer", "Jaringan Internet", "Konsep Keluar")
    assert sop.legal_basis[0] == "Peraturan Kabupaten Banjarnegara Nomor 2 tahun 2016"
    assert len(sop.legal_basis) == 2
    assert sop.equipment == ("ATK", "Mesin Ketik", "Komputer", "Jaringan Internet 4G")
    assert (sop.cost, sop.is_free) == ("Tidak dipungut biaya", True)
    assert sop.products == ("Surat Keluar",)
    assert len(sop.complaint_channels) == 6
    assert sop.completion_time == "4 Hari kerja"
    assert sop.unparsed == ("sop_number", "records")


def test_seed_000_steps_durations_and_marked_actors():
    (sop,) = parsed("000").sops
    assert sop.actors == ("Kepala Dinas", "Direktora Dinas", "Kabid/Kasi/Kasi", "Operator D-OME", "Agenda", "Desain")
    assert len(sop.steps) == 10
    assert sop.steps[1].activity == "Pengiriman surat melalui D-OME"
    assert (sop.steps[1].duration_value, sop.steps[1].duration_max) == (Decimal(10), Decimal(120))
    assert [s.duration_value for s in sop.steps] == [Decimal(n) for n in (10, 10, 10, 10, 10, 10, 10, 5, 10, 5)]
    assert steps_minutes(sop.steps) == 90
    assert [s.actor for s in sop.steps[:3]] == ["Kabid/Kasi/Kasi", "Operator D-OME", "Direktora Dinas"]
    assert [s.actor for s in sop.steps[7:]] == ["Agenda", "Agenda", "Agenda"]
    assert sop.steps[0].requirements == "Surat Masuk\nFile\nPenulisan"
    assert sop.steps[0].output == "Konsep surat"
    assert sop.description.startswith("1. Pastikan komputer dikantor terhubung")


# Seed 001: the table lost its actor marks; the numbered sentences under it name each step's actor.


def test_seed_001_number_dates_signer_and_written_total():
    (sop,) = parsed("001").sops
    assert sop.title == "Pemanfaatan Data Agreat Kependudukan"
    assert sop.number == "004/Dukcapil/PIAK/034"
    assert (sop.date_made, sop.date_revised, sop.date_effective) == (date(2017, 1, 4),) * 3
    assert sop.approved_by_name == "Drs IMAM KUSHARTO P, M.Si"
    assert sop.approved_by_position == "Kepala Dinas Kependudukan dan Pencatatan Sipil Kabupaten Banjarnegara"
    assert sop.approved_by_nip == "19511111.1970121.1007"  # 19 digits: kept as printed, not reformatted
    assert sop.completion_time == "125 Menit"
    assert sop.unparsed == ("legal_basis",)
    assert any("125" not in note and "2 jam 5 menit" in note for note in sop.notes)


def test_seed_001_steps_take_their_actors_from_the_narrative():
    (sop,) = parsed("001").sops
    assert [s.duration_value for s in sop.steps] == [Decimal(n) for n in (5, 5, 10, 10, 15, 5, 5, 20)]
    assert steps_minutes(sop.steps) == 75
    assert [s.actor for s in sop.steps] == [
        "Kepala Dinas", "Kabid", "Kasi", "Operator", "Kasi", "Kabid", "Kepala Dinas", "Kabid",
    ]  # fmt: skip
    assert sop.actors == ("Kepala Dinas", "Kabid", "Kasi", "JPU JPT", "Operator")


# Seed 002: Bantul IKMT; rows 6 and 7 are missing, the table's own total says 54 minutes.


def test_seed_002_identity_sections():
    (sop,) = parsed("002").sops
    assert sop.title == "Tata Persuratan (Surat Keluar) dengan TTE (tanda tangan elektronik)"
    assert sop.number == "IKMT-SD-01-03"
    assert sop.office == "Dinas Kependudukan dan Pencatatan Sipil Kabupaten Bantul"
    assert sop.date_made == date(2023, 1, 30)
    assert sop.date_effective is None
    assert sop.approved_by_name == "Sahabiq Purwadi Nugroho, SH, MH"
    assert sop.approved_by_position == "Kepala Dinas Kependudukan dan Pencatatan Sipil"
    assert sop.approved_by_nip == "19710506 199603 1 003"
    assert len(sop.legal_basis) == 2
    assert sop.qualifications == (
        "Pendidikan minimal SMA/SMK",
        "Memahami tentang pengelolaan persuratan/kearsipan",
        "Menguasai Komputer",
    )
    assert sop.related == ("IKMT Tata Persuratan (Surat Masuk)",)
    assert sop.warnings[0].startswith("Pengadministrasian/pengelolaan surat keluar")
    assert sop.records == ()
    assert sop.unparsed == ("requirements", "products", "complaint_channels", "records", "cost")


def test_seed_002_steps_total_by_steps_and_written_total_kept():
    (sop,) = parsed("002").sops
    assert len(sop.steps) == 7
    assert [s.duration_value for s in sop.steps] == [Decimal(n) for n in (1, 3, 3, 3, 3, 5, 2)]
    assert steps_minutes(sop.steps) == 20
    # The page keeps the document's written total as its completion time and the steps' own times;
    # the disagreement (and the missing rows 6-7) goes to the reviewer as notes.
    assert sop.completion_time == "54 menit"
    assert sop.notes == (
        "Nomor langkah 6, 7 tidak ada di tabel (baris hilang saat dipindai?).",
        "Total tertulis 54 menit, jumlah waktu langkah 20 menit: periksa langkah dan waktunya.",
    )


def test_seed_002_actors_and_decisions():
    (sop,) = parsed("002").sops
    applicant, archivist, superior, head = sop.actors
    assert applicant == "Pemohon /admin Bidang/sub bagian"
    assert head == "Pimpinan/ Kepala Dinas"
    assert [s.actor for s in sop.steps] == [applicant, archivist, applicant, applicant, superior, head, archivist]
    assert [s.kind for s in sop.steps] == ["process"] * 4 + ["decision"] * 2 + ["process"]
    # 'dikembalikan ke admin bidang' / 'ke pemohon': back to the applicant's latest step (4).
    assert [s.no_goto_step for s in sop.steps] == [None, None, None, None, 4, 4, None]


# Seed 003: narrative, lettered procedures A/B/C each become their own SOP.


def test_seed_003_lettered_procedures_become_three_sops():
    document = parsed("003")
    assert document.layout == "narrative"
    assert [sop.title for sop in document.sops] == [
        "Standar Pelayanan E-Office: Surat Masuk (Instansi Luar Dinas Komunikasi Informatika Persandian dan Statistik)",
        "Standar Pelayanan E-Office: Surat Dinas Komunikasi Informatika Persandian dan Statistik (Bidang "
        "Sekretariat, Bidang P3 Aplikasi, Bidang PIMDKI, Bidang P4KSDKI, Bidang Persandian dan Statistik)",
        "Standar Pelayanan E-Office: Surat Keluar (Bidang Sekretariat, Bidang P3Aplikasi, Bidang PIMDKI, "
        "Bidang P4KSDKI, Bidang Persandian dan Statistik)",
    ]
    assert [len(sop.steps) for sop in document.sops] == [11, 13, 13]
    assert {sop.office for sop in document.sops} == {
        "Dinas Komunikasi Informatika Persandian dan Statistik Kabupaten Indragiri Hilir"
    }


def test_seed_003_actors_are_sentence_subjects():
    incoming, _, outgoing = parsed("003").sops
    assert incoming.actors == ("Operator", "Pejabat", "Pejabat terendah")
    assert [s.actor for s in incoming.steps[:5]] == ["Operator"] * 4 + [None]  # 'Surat diverifikasi'
    assert incoming.steps[6].activity.endswith("b. Pejabat terendah melakukan eksekusi terhadap isi surat masuk")
    assert outgoing.steps[0].actor == "Pejabat Berwenang"
    assert incoming.approved_by_nip == "19751126 199802 1 001"
    assert incoming.warnings == (
        "Proses digitalisasi surat hingga cetak lembar disposisi hanya boleh dilakukan pada akun e-office "
        "yang terkait.",
    )
    for name in ("sop_number", "step_actors", "step_durations", "step_outputs", "cost"):
        assert name in incoming.unparsed


# Seed 004: the Lumajang SOP book, 79 SOPs on OCR'd pages under seven group headings.


def test_seed_004_splits_into_one_sop_per_title_with_its_group():
    document = parsed("004")
    assert document.layout == "book"
    assert len(document.sops) == 79
    assert Counter(sop.group for sop in document.sops) == {
        "SOP Keuangan": 7,
        "SOP Umum dan Kepegawaian": 21,
        "SOP Perencanaan": 10,
        "SOP Bidang Pemanfaatan Data dan Inovasi Pelayanan": 7,
        "SOP Bidang Capil": 4,
        "SOP Bidang PIAK": 9,
        "SOP Bidang Dafduk": 21,
    }
    titles = [sop.title for sop in document.sops]
    assert titles[:3] == [
        "Prosedur Pembayaran Pajak",
        "Mekanisme Pendokumentasi SPJ",
        "Prosedur Penyusunan Daftar Gaji",
    ]
    assert titles[-1] == "SOP Penerbitan KTP Asing Hilang"
    assert "Prosedur Bidang Pemanfaatan Data dan Inovasi Pelayanan" not in titles  # the group's own name
    for title in (
        "Mekanisme Tata Cara Pelaksanaan Monitoring dan Evaluasi Bidang Pemanfaatan Data dan Inovasi Pelayanan",
        "Mekanisme Tata Cara Pelaksanaan Kerjasama",  # under 'PRAKARSA (KERJASAMA DG SKPD)'
        "SOP Penerbitan Akta Kelahiran Ketan Ireng",  # 'STANDART OPERASIONAL PROSEDURE ( SOP )' + next line
        "SOP Penerbitan Surat Keterangan Pindah dari Luar Negeri / SKDLN WNI",
        "Prosedur Pengusulan Pembuatan KARIS/KARSU",
    ):
        assert title in titles
    # Same title in two groups: two SOPs.
    assert [sop.group for sop in document.sops if sop.title == "SOP Penerbitan Akta Kematian"] == [
        "SOP Bidang Pemanfaatan Data dan Inovasi Pelayanan",
        "SOP Bidang Capil",
    ]


def test_seed_004_decree_gives_office_number_date_signer_and_legal_basis():
    document = parsed("004")
    context = document.context
    assert context.office == "Dinas Kependudukan dan Pencatatan Sipil Kabupaten Lumajang"
    assert context.number == DECREE
    assert context.date_effective == date(2018, 2, 25)
    assert context.approved_by_name == "TK HIDAYAT SH.M Hum"
    assert context.approved_by_position == "Kepala Dinas Kependudukan dan Pencatatan Sipil Kabupaten Lumajang"
    assert context.approved_by_nip == "19660710 199202 1 007"
    assert len(context.legal_basis) == 9
    assert context.legal_basis[1] == "Undang-Undang Nomor 25 Tahun 2009 tentang Pelayanan Publik"
    assert len(context.listed_titles) == 83
    assert {sop.number for sop in document.sops} == {""}  # the book gives no per-SOP numbers
    assert {sop.established_by for sop in document.sops} == {
        "Keputusan Kepala Dinas Kependudukan dan Pencatatan Sipil Kabupaten Lumajang Nomor " + DECREE
    }
    assert all(sop.legal_basis == context.legal_basis for sop in document.sops)
    assert "Tercantum di keputusan tetapi tidak ditemukan: SOP pelayanan kartu identitas anak (KIA)" in document.notes


def test_seed_004_every_sop_has_steps_and_actor_columns_but_step_actors_are_reported():
    sops = parsed("004").sops
    assert all(sop.steps and sop.actors for sop in sops)
    assert sum(1 for sop in sops if any(s.duration_value for s in sop.steps)) == 78
    assert sum(1 for sop in sops if all(s.duration_value for s in sop.steps)) == 43
    # OCR lost the actor columns: a step's actor is only taken from its own sentence, the rest reported.
    assert all("step_actors" in sop.unparsed for sop in sops)
    assert all({"requirements", "products", "complaint_channels", "cost"} <= set(sop.unparsed) for sop in sops)


def test_seed_004_salary_change_steps_durations_and_decision():
    sop = sop_titled(parsed("004"), "Prosedur Penyusunan Perubahan Daftar Gaji")
    assert sop.actors == ("Kasubag Keu", "Sekretaris", "Kadin")
    assert minutes(sop) == [("1", "day"), ("1", "day"), ("30", "minute"), ("15", "minute"), ("1", "day"),
                            ("10", "minute"), ("10", "minute"), ("1", "minute")]  # fmt: skip
    assert steps_minutes(sop.steps) == 3 * 480 + 66
    assert sop.steps[1].activity == "Mengetik Daftar Gaji"
    check = sop.steps[2]
    assert check.activity.startswith("Memeriksa Daftar gaji. Jika setuju")
    assert (check.kind, check.no_goto_step) == ("decision", 2)


@pytest.mark.parametrize(
    ("title", "durations", "total"),
    [
        ("Prosedur Pengajuan Cuti", [15, 45, 10, 15, 10, 10, 10, 10, 10, 10], 145),
        ("Prosedur Pembuatan Surat Tugas", [5, 5, 10, 10, 5, 5, 5, 5, 5, 10], 65),  # three 'S menit'
        ("Prosedur Pengusulan MPP", [20, 10, 10, 15, 15, 10, 5, 5, 5, 5, 5, 5], 110),
        ("SOP Penambahan Anggota Keluarga", [None, 10, 5, 10, 2, 2], 29),  # one cell per line
    ],
)
def test_seed_004_minute_durations(title, durations, total):
    sop = sop_titled(parsed("004"), title)
    assert [None if s.duration_value is None else int(s.duration_value) for s in sop.steps] == durations
    assert {s.duration_unit for s in sop.steps if s.duration_value} == {"minute"}
    assert steps_minutes(sop.steps) == total


def test_seed_004_word_table_rows_start_at_the_activity():
    sop = sop_titled(parsed("004"), "SOP Pengelolaan Akses ke Pusat Data")
    assert sop.actors == ("Kasi", "Kabid", "Kadin", "Orang yang Diberi Hak Akses")
    assert minutes(sop) == [("1", "day"), ("1", "hour"), ("3", "hour"), ("5", "hour"), ("1", "hour")]
    assert steps_minutes(sop.steps) == 480 + 60 + 180 + 300 + 60
    assert sop.steps[0].activity.startswith("Membuat daftar semua orang yang dapat masuk ke pusat data")
    assert sop.steps[0].requirements == "Perangkat dan pengguna akses"
    assert sop.steps[2].output == "Surat perjanjian"


def test_seed_004_heading_actors_and_an_applicant_step():
    sop = sop_titled(parsed("004"), "SOP Penerbitan Akta Perkawinan")
    assert sop.actors == (
        "Pemohon", "Petugas Loket", "Petugas Operator", "Petugas Pengambilan", "Kasi", "Kabid", "Kadin",
    )  # fmt: skip
    assert sop.steps[0].actor == "Pemohon"
    assert [s.actor for s in sop.steps[1:]] == [None] * (len(sop.steps) - 1)


# The duration parser.


@pytest.mark.parametrize(
    ("text", "value", "maximum", "unit"),
    [
        ("10 menit", "10", None, "minute"),
        ("1 Jam", "1", None, "hour"),
        ("1jam", "1", None, "hour"),
        ("2 hari", "2", None, "day"),
        ("4 Hari kerja", "4", None, "day"),
        ("10 - 120 menit", "10", "120", "minute"),
        ("25- 120 menit", "25", "120", "minute"),
        ("S menit", "5", None, "minute"),
        ("5Menit |", "5", None, "minute"),
        ("1 minggu", "1", None, "week"),
        ("1,5 jam", "1.5", None, "hour"),
        ("Surat Masuk 10 menit Disposisi", "10", None, "minute"),
        ("2 o - 5 menit", "5", None, "minute"),  # OCR noise is not the start of a range
    ],
)
def test_parse_duration(text, value, maximum, unit):
    duration = parse_duration(text)
    assert duration is not None
    assert (duration.value, duration.maximum, duration.unit) == (
        Decimal(value),
        None if maximum is None else Decimal(maximum),
        unit,
    )


@pytest.mark.parametrize("text", ["", "Tentative", "17 tahun", "Sistem menit", "SOP Pengiriman", "Nomor 12"])
def test_parse_duration_finds_nothing(text):
    assert parse_duration(text) is None


UNIT_WORDS = {"menit": "minute", "Menit": "minute", "MENIT": "minute", "mnt": "minute", "jam": "hour",
              "Jam": "hour", "hari": "day", "Hari kerja": "day", "minggu": "week"}  # fmt: skip
words = st.text(alphabet="abcdefghijklmnoprstuwy ", max_size=20).map(str.strip)


@given(st.integers(min_value=1, max_value=9999), st.sampled_from(sorted(UNIT_WORDS)), st.sampled_from(["", " ", "  "]))
def test_any_whole_number_and_unit_is_read(number, unit_word, space):
    duration = parse_duration(f"{number}{space}{unit_word}")
    assert duration is not None
    assert (duration.value, duration.maximum, duration.unit) == (Decimal(number), None, UNIT_WORDS[unit_word])


@given(st.integers(1, 500), st.integers(1, 500), st.sampled_from(["-", " - ", "–", " s/d "]), words, words)
def test_ranges_are_ordered_low_high_in_any_text(a, b, separator, before, after):
    text = f"{before} {a}{separator}{b} menit {after}"
    duration = parse_duration(text)
    assert duration is not None
    assert duration.value == Decimal(min(a, b))
    assert duration.maximum == (None if a == b else Decimal(max(a, b)))


@given(words, st.integers(1, 999), words)
def test_match_positions_cover_the_duration(before, number, after):
    text = f"{before} {number} jam {after}"
    (match,) = find_durations(text)
    assert text[match.start : match.end] == f"{number} jam"


@given(st.text(alphabet="abcdefghijklmnopqrstuvwxyz ,.-", max_size=60))
def test_text_without_digits_or_confusables_has_no_duration(text):
    assert parse_duration(text.replace("s", "").replace("l", "").replace("o", "")) is None


# Decisions and the splitter.


def test_decision_goes_back_to_the_named_actors_latest_step_else_the_previous_one():
    steps = [
        ParsedStep(activity="Membuat konsep", actor="Staf"),
        ParsedStep(activity="Mengetik konsep", actor="Staf"),
        ParsedStep(activity="Memberi paraf", actor="Kasubag"),
        ParsedStep(
            activity="Memeriksa. Jika setuju, diserahkan ke Sekretaris. Jika tidak, diserahkan ke staf untuk revisi",
            actor="Kasubag",
        ),
        ParsedStep(activity="Memeriksa. Jika tidak, dikembalikan untuk diperbaiki", actor="Sekretaris"),
    ]
    marked = mark_decisions(steps, ("Staf", "Kasubag", "Sekretaris"))
    assert [(s.kind, s.no_goto_step) for s in marked] == [
        ("process", None), ("process", None), ("process", None), ("decision", 2), ("decision", 4),
    ]  # fmt: skip


def test_group_heading_pages_and_continuation_pages():
    assert group_heading(["SOP", "", "UMUM DAN", "KEPEGAWAIAN"]) == "SOP Umum dan Kepegawaian"
    assert group_heading(["SOP", "BIDANG PEMANFATAN DATA", "DAN INOVASI PELAYANAN"]) == (
        "SOP Bidang Pemanfaatan Data dan Inovasi Pelayanan"
    )
    assert group_heading(["SOP", "Prosedur Pembayaran Pajak", "Pelaksana"]) is None
    text = "SOP\nKEUANGAN\n\n\n\nProsedur A\n\nPelaksana Mutu Baku\n1 |Membuat 5 menit\n\n\n\n2 |Mengirim 1 jam\n"
    lines = clean_lines(text)
    assert len(blocks(lines)) == 3
    split = split_document(lines)
    (section,) = split.sections
    assert (section.title, section.group) == ("Prosedur A", "SOP Keuangan")
    assert [line for line in section.lines if line.strip()][-1] == "2 |Mengirim 1 jam"
