"""The incoming register: agenda numbers given on confirmation, the register's filters and its exports."""

from __future__ import annotations

import csv
import datetime
import io

import pytest
from django.core.management import call_command
from django.db import transaction
from django.utils import timezone
from openpyxl import load_workbook
from pypdf import PdfReader

from archive.exports import register_csv, register_export, register_pdf, register_xlsx
from archive.models import Capture, ClassificationCode, IncomingLetter, Register, RegisterEntry
from archive.selectors.register import SYSTEM, classification_subtree_ids, register_rows
from archive.services.letters import letter_confirm
from archive.services.numbering import register_default
from tests.factories.archive import IncomingLetterFactory, RegisterFactory, UserFactory

pytestmark = pytest.mark.django_db

D = datetime.date
HEADERS = [
    "Nomor agenda",
    "Tanggal terima",
    "Nomor surat",
    "Tanggal surat",
    "Asal/pengirim",
    "Perihal",
    "Kode klasifikasi",
    "Lampiran",
    "Sifat",
    "Keamanan",
]


def code(value: str, scheme: str = "permendagri_83_2022") -> ClassificationCode:
    return ClassificationCode.objects.get(scheme=scheme, code=value)


def confirm(letter: IncomingLetter, **values) -> RegisterEntry:
    letter_confirm(letter=letter, user=UserFactory(username="operator"), **values)
    return RegisterEntry.objects.get(letter=letter)


# Agenda numbers ---------------------------------------------------------------------------------------------


def test_default_registers_come_from_the_migration():
    incoming = Register.objects.get(kind=Register.Kind.INCOMING, is_default=True)
    assert incoming.code == "agenda-masuk"
    assert Register.objects.filter(kind=Register.Kind.OUTGOING, is_default=True).count() == 1
    assert register_default() == incoming


def test_confirming_gives_agenda_numbers_in_order_per_register_and_year():
    first, second, third = (confirm(IncomingLetterFactory(received_on=D(2025, 1, day))) for day in (2, 3, 3))
    assert [(entry.agenda_year, entry.agenda_number) for entry in (first, second, third)] == [
        (2025, 1),
        (2025, 2),
        (2025, 3),
    ]
    assert first.register == register_default()
    new_year = confirm(IncomingLetterFactory(received_on=D(2026, 1, 2)))
    assert (new_year.agenda_year, new_year.agenda_number) == (2026, 1)
    unit_register = RegisterFactory(name="Agenda Bidang PIAK")
    own = confirm(IncomingLetterFactory(received_on=D(2025, 5, 1)), register=unit_register)
    assert (own.register, own.agenda_number) == (unit_register, 1)
    assert confirm(IncomingLetterFactory(received_on=D(2025, 12, 31))).agenda_number == 4


def test_confirmed_letter_keeps_its_values_and_its_capture_is_registered():
    letter = IncomingLetterFactory(received_on=D(2025, 2, 1))
    capture = Capture.objects.create(original="x.pdf", original_name="x.pdf", sha256="0" * 64, size=1, letter=letter)
    entry = confirm(letter, sender="Camat Sukamaju", classification=code("400.12.3.1"))
    letter.refresh_from_db()
    capture.refresh_from_db()
    assert letter.status == IncomingLetter.Status.REGISTERED and letter.sender == "Camat Sukamaju"
    assert capture.status == Capture.Status.REGISTERED
    assert entry.registered_by.username == "operator"


def test_confirming_again_is_refused_and_keeps_the_first_number():
    letter = IncomingLetterFactory(received_on=D(2025, 4, 1))
    entry = confirm(letter)
    other = confirm(IncomingLetterFactory(received_on=D(2025, 4, 1)))
    from archive.services.letters import AlreadyRegistered

    with pytest.raises(AlreadyRegistered):
        confirm(letter, subject="Perihal diperbaiki", received_on=D(2026, 1, 5))
    entry.refresh_from_db()
    assert entry.agenda_number == 1 and entry.agenda_year == 2025
    assert other.agenda_number == 2
    assert RegisterEntry.objects.filter(letter=letter).count() == 1
    assert confirm(IncomingLetterFactory(received_on=D(2025, 4, 2))).agenda_number == 3


def test_rolled_back_confirmation_does_not_use_up_a_number():
    kept = confirm(IncomingLetterFactory(received_on=D(2025, 7, 1)))
    abandoned = IncomingLetterFactory(received_on=D(2025, 7, 1))
    with pytest.raises(RuntimeError), transaction.atomic():
        letter_confirm(letter=abandoned, user=None)
        raise RuntimeError("the request failed after registering")
    assert not RegisterEntry.objects.filter(letter=abandoned).exists()
    assert kept.agenda_number == 1
    assert confirm(IncomingLetterFactory(received_on=D(2025, 7, 2))).agenda_number == 2


def test_letter_without_date_received_is_received_today():
    entry = confirm(IncomingLetterFactory(received_on=None))
    today = timezone.localdate()
    assert entry.letter.received_on == today and entry.agenda_year == today.year


def test_outgoing_register_cannot_take_incoming_letters():
    outgoing = register_default(kind=Register.Kind.OUTGOING)
    letter = IncomingLetterFactory()
    with pytest.raises(ValueError, match="not an incoming register"):
        letter_confirm(letter=letter, user=None, register=outgoing)
    letter.refresh_from_db()
    assert letter.status == IncomingLetter.Status.NEEDS_REVIEW  # the whole confirmation rolled back


def test_registered_letter_cannot_be_deleted():
    from django.db.models import ProtectedError

    entry = confirm(IncomingLetterFactory())
    with pytest.raises(ProtectedError):
        entry.letter.delete()


# Filters ----------------------------------------------------------------------------------------------------


@pytest.fixture
def register_2025():
    """Four letters of 2025 and one of 2024 in the default register, one in a unit's register."""
    rows = [
        {
            "received_on": D(2025, 1, 10),
            "sender": "Kecamatan Sukamaju",
            "classification": code("400.12.3.1"),
            "urgency": "segera",
            "security": "biasa",
        },
        {
            "received_on": D(2025, 2, 14),
            "sender": "BAPPEDA Kabupaten",
            "classification": code("400.12.2.1"),
            "urgency": "biasa",
            "security": "rahasia",
        },
        {
            "received_on": D(2025, 3, 1),
            "sender": "Kelurahan Sukamaju Baru",
            "classification": code("000.5"),
            "urgency": "sangat_segera",
            "security": "terbatas",
        },
        {
            "received_on": D(2025, 3, 20),
            "sender": "Dinas Kesehatan",
            "classification": code("474.11", "legacy_78_2012"),
            "urgency": "biasa",
            "security": "biasa",
        },
        {
            "received_on": D(2024, 12, 30),
            "sender": "Kecamatan Sukamaju",
            "classification": code("400.12.3.1"),
            "urgency": "biasa",
            "security": "biasa",
        },
    ]
    for values in rows:
        confirm(IncomingLetterFactory(received_on=values.pop("received_on")), **values)
    confirm(IncomingLetterFactory(received_on=D(2025, 1, 11)), register=RegisterFactory())
    return register_default()


def senders(rows) -> list[str]:
    return [entry.letter.sender for entry in rows]


def test_rows_of_a_year_in_agenda_order(register_2025):
    rows = register_rows(user=SYSTEM, register=register_2025, year=2025)
    assert [entry.agenda_number for entry in rows] == [1, 2, 3, 4]
    assert senders(rows)[0] == "Kecamatan Sukamaju"
    assert [entry.agenda_number for entry in register_rows(user=SYSTEM, register=register_2025, year=2024)] == [1]
    assert register_rows(user=SYSTEM, year=2025).count() == 5  # every register


def test_filter_by_date_received(register_2025):
    rows = register_rows(user=SYSTEM, register=register_2025, date_from=D(2025, 2, 14), date_to=D(2025, 3, 1))
    assert senders(rows) == ["BAPPEDA Kabupaten", "Kelurahan Sukamaju Baru"]


def test_filter_by_code_takes_its_sub_codes(register_2025):
    assert senders(register_rows(user=SYSTEM, register=register_2025, year=2025, classification="400.12")) == [
        "Kecamatan Sukamaju",
        "BAPPEDA Kabupaten",
    ]
    assert senders(register_rows(user=SYSTEM, register=register_2025, year=2025, classification=code("400.12.3"))) == [
        "Kecamatan Sukamaju"
    ]
    # Old decimal scheme: 474.11 is a child of 474.1 (one digit, one level), and of 474.
    assert senders(register_rows(user=SYSTEM, register=register_2025, classification="474")) == ["Dinas Kesehatan"]
    assert code("474.11", "legacy_78_2012").pk in classification_subtree_ids(code="474.1")
    assert register_rows(user=SYSTEM, register=register_2025, classification="474.2").count() == 0


def test_filter_by_sender_urgency_and_security(register_2025):
    assert senders(register_rows(user=SYSTEM, register=register_2025, year=2025, sender="sukamaju")) == [
        "Kecamatan Sukamaju",
        "Kelurahan Sukamaju Baru",
    ]
    assert senders(register_rows(user=SYSTEM, register=register_2025, urgency="sangat_segera")) == [
        "Kelurahan Sukamaju Baru"
    ]
    assert senders(register_rows(user=SYSTEM, register=register_2025, security="rahasia")) == ["BAPPEDA Kabupaten"]
    assert (
        register_rows(user=SYSTEM, register=register_2025, sender="sukamaju", urgency="segera", year=2024).count() == 0
    )


# Exports ----------------------------------------------------------------------------------------------------


def _rows(register):
    return register_rows(user=SYSTEM, register=register, year=2025)


def test_csv_export_has_a_bom_the_headers_and_every_row(register_2025):
    content = register_csv(rows=_rows(register_2025))
    assert content.startswith(b"\xef\xbb\xbf")
    table = list(csv.reader(io.StringIO(content.decode("utf-8-sig"))))
    assert table[0] == HEADERS
    assert len(table) == 5
    first = dict(zip(HEADERS, table[1], strict=True))
    letter = RegisterEntry.objects.get(register=register_2025, agenda_year=2025, agenda_number=1).letter
    assert first["Nomor agenda"] == "1"
    assert first["Tanggal terima"] == "2025-01-10"
    assert first["Nomor surat"] == letter.number
    assert first["Tanggal surat"] == "2025-03-03"
    assert first["Asal/pengirim"] == "Kecamatan Sukamaju"
    assert first["Perihal"] == letter.subject
    assert first["Kode klasifikasi"] == "400.12.3.1"
    assert first["Lampiran"] == "1 berkas"
    assert first["Sifat"] == "segera"
    assert table[2][9] == "rahasia" and table[3][8] == "sangat segera"


def test_csv_keeps_multiline_subjects_on_one_row():
    letter = IncomingLetterFactory(received_on=D(2025, 1, 1), subject='Undangan\nrapat; koordinasi, "penting"')
    confirm(letter)
    table = list(csv.reader(io.StringIO(register_csv(rows=register_rows(user=SYSTEM, year=2025)).decode("utf-8-sig"))))
    assert table[1][5] == 'Undangan rapat; koordinasi, "penting"'


def test_exports_neutralise_cells_that_begin_like_a_formula():
    hostile = ['=HYPERLINK("http://x.test")', "+1+1", "-2+3"]
    letter = IncomingLetterFactory(received_on=D(2025, 1, 1), sender='=HYPERLINK("http://x.test")')
    letter.subject, letter.attachments = "+1+1", "-2+3"
    letter.save()
    confirm(letter)
    rows = register_rows(user=SYSTEM, year=2025)
    table = list(csv.reader(io.StringIO(register_csv(rows=rows).decode("utf-8-sig"))))
    sheet = load_workbook(io.BytesIO(register_xlsx(rows=rows))).active
    cells = list(sheet[2])
    for text in hostile:
        assert f"'{text}" in table[1]
        assert any(cell.value == f"'{text}" and cell.data_type == "s" for cell in cells)
    confirm(IncomingLetterFactory(received_on=D(2025, 1, 2), sender="@SUM(A1)"))
    again = register_csv(rows=register_rows(user=SYSTEM, year=2025)).decode("utf-8-sig")
    assert "'@SUM(A1)" in list(csv.reader(io.StringIO(again)))[2]


def test_xlsx_export_opens_with_dates_as_dates(register_2025):
    workbook = load_workbook(io.BytesIO(register_xlsx(rows=_rows(register_2025), title="Buku Agenda 2025")))
    sheet = workbook.active
    assert sheet.title == "Buku Agenda 2025"
    values = list(sheet.iter_rows(values_only=True))
    assert list(values[0]) == HEADERS
    assert len(values) == 5
    assert values[1][0] == 1 and values[4][0] == 4
    assert values[1][1] == datetime.datetime(2025, 1, 10)
    assert values[2][4] == "BAPPEDA Kabupaten" and values[2][6] == "400.12.2.1" and values[2][9] == "rahasia"
    assert sheet.freeze_panes == "A2"


def test_pdf_export_is_a_landscape_table_with_every_row(register_2025):
    reader = PdfReader(io.BytesIO(register_pdf(rows=_rows(register_2025), title="Buku Agenda Surat Masuk 2025")))
    page = reader.pages[0]
    assert page.mediabox.width > page.mediabox.height  # landscape
    text = " ".join(" ".join(page.extract_text().split()) for page in reader.pages)
    assert "Buku Agenda Surat Masuk 2025" in text
    for header in ("Nomor agenda", "Tanggal terima", "Kode klasifikasi", "Keamanan"):
        assert header in text
    for expected in ("Kecamatan Sukamaju", "BAPPEDA Kabupaten", "Dinas Kesehatan", "400.12.2.1", "10-01-2025"):
        assert expected in text
    assert "Kelurahan" in text and "Baru" in text
    assert "Sukamaju" in text and "30-12-2024" not in text  # the 2024 letter is not in the 2025 register


def test_pdf_of_an_empty_register_says_so():
    text = PdfReader(io.BytesIO(register_pdf(rows=[]))).pages[0].extract_text()
    assert "Tidak ada surat" in text


def test_unknown_format_is_refused():
    with pytest.raises(ValueError, match="docx"):
        register_export(rows=[], file_format="docx")


def test_export_register_command_writes_each_format(register_2025, tmp_path):
    for file_format in ("csv", "xlsx", "pdf"):
        out = tmp_path / f"agenda.{file_format}"
        output = io.StringIO()
        call_command("export_register", "--year", "2025", "--format", file_format, "--out", str(out), stdout=output)
        assert out.stat().st_size > 0
        assert "4 entries" in output.getvalue()
    table = list(csv.reader(io.StringIO((tmp_path / "agenda.csv").read_text(encoding="utf-8-sig"))))
    assert [row[0] for row in table[1:]] == ["1", "2", "3", "4"]
    assert load_workbook(tmp_path / "agenda.xlsx").active.max_row == 5
    assert "Dinas Kesehatan" in PdfReader(tmp_path / "agenda.pdf").pages[0].extract_text()


def test_export_register_command_filters_and_names_registers(register_2025, tmp_path):
    out = tmp_path / "filtered.csv"
    output = io.StringIO()
    call_command(
        "export_register",
        "--year=2025",
        "--format=csv",
        f"--out={out}",
        "--code=400.12",
        "--sender=kecamatan",
        stdout=output,
    )
    rows = list(csv.reader(io.StringIO(out.read_text(encoding="utf-8-sig"))))[1:]
    assert [row[4] for row in rows] == ["Kecamatan Sukamaju"]
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match="agenda-masuk"):
        call_command("export_register", "--year=2025", "--format=csv", f"--out={out}", "--register=tidak-ada")
