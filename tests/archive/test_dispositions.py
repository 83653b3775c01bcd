"""Dispositions: create, forward down a tree, read, report with a file, complete, cancel, roll-up and inboxes."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.utils import timezone

from archive.models import Disposition, DispositionRecipient, Instruction, PositionHolder
from archive.selectors.dispositions import (
    LetterDispositionStatus,
    flatten_chain,
    inbox_for_user,
    letter_chain,
    letter_disposition_status,
    letters_disposition_status,
    open_dispositions,
    positions_below,
    user_involved_in_letter,
)
from archive.services.dispositions import (
    disposition_cancel,
    disposition_complete,
    disposition_create,
    disposition_forward,
    disposition_mark_read,
    disposition_report,
)
from tests.factories.archive import IncomingLetterFactory, UserFactory
from tests.factories.dispositions import build_office, instructions, registered_letter

pytestmark = pytest.mark.django_db

Status = DispositionRecipient.Status


@pytest.fixture
def office():
    return build_office()


@pytest.fixture
def letter(office):
    return registered_letter(user=office.users["kadis"], subject="Undangan rapat koordinasi adminduk")


def dispose(office, letter, *to, **values) -> Disposition:
    values.setdefault("instructions", instructions("Tindak lanjuti/selesaikan"))
    return disposition_create(
        letter=letter,
        from_position=office["kadis"],
        user=office.users["kadis"],
        recipients=[office[key] for key in to],
        **values,
    )


def recipient_of(disposition: Disposition, position) -> DispositionRecipient:
    return disposition.recipients.get(position=position)


def test_the_standard_instructions_are_seeded_in_order():
    names = list(Instruction.objects.filter(is_active=True).values_list("name", flat=True))
    assert names[0] == "Untuk diketahui"
    for name in ("Tindak lanjuti/selesaikan", "Siapkan jawaban/konsep", "Koordinasikan/konfirmasikan", "Arsipkan"):
        assert name in names
    assert "Wakili/hadiri" in names


def test_create_addresses_each_post_with_its_own_inbox_state(office, letter):
    deadline = timezone.localdate() + datetime.timedelta(days=7)
    disposition = dispose(
        office,
        letter,
        "kabid",
        "sekretaris",
        instructions=instructions("Untuk diketahui", "Siapkan jawaban/konsep"),
        note="Mohon disiapkan bahan rapat.",
        deadline=deadline,
        urgency="segera",
    )
    assert disposition.from_user == office.users["kadis"] and not disposition.from_acting
    assert disposition.deadline == deadline and disposition.urgency == "segera"
    assert {i.name for i in disposition.instructions.all()} == {"Untuk diketahui", "Siapkan jawaban/konsep"}
    rows = list(disposition.recipients.order_by("position__rank"))
    assert [row.position for row in rows] == [office["sekretaris"], office["kabid"]]
    assert all(row.status == Status.SENT and row.read_at is None for row in rows)
    assert letter_disposition_status(letter=letter) == LetterDispositionStatus.IN_PROGRESS


def test_only_a_registered_letter_is_disposed(office):
    draft = IncomingLetterFactory()
    with pytest.raises(ValidationError, match="didaftarkan"):
        dispose(office, draft, "kabid")
    assert not Disposition.objects.exists()


def test_a_disposition_needs_an_instruction_or_a_note_and_a_recipient(office, letter):
    with pytest.raises(ValidationError, match="instruksi atau tulis catatan"):
        dispose(office, letter, "kabid", instructions=[])
    with pytest.raises(ValidationError, match="sedikitnya satu jabatan"):
        dispose(office, letter)
    inactive = Instruction.objects.get(name="File")
    inactive.is_active = False
    inactive.save()
    with pytest.raises(ValidationError, match="tidak aktif"):
        dispose(office, letter, "kabid", instructions=[inactive])
    assert dispose(office, letter, "kabid", instructions=[], note="Hadiri mewakili saya.").note


def test_only_a_holder_of_the_post_disposes_from_it(office, letter):
    with pytest.raises(PermissionDenied):
        disposition_create(
            letter=letter,
            from_position=office["kadis"],
            user=office.users["kabid"],
            recipients=[office["kasi"]],
            instructions=instructions("Pantau"),
        )
    recorded = disposition_create(
        letter=letter,
        from_position=office["kadis"],
        user=UserFactory(username="operator"),
        recipients=[office["kasi"]],
        instructions=instructions("Pantau"),
        on_behalf=True,
    )
    assert recorded.from_position == office["kadis"]


def test_a_two_level_forward_builds_a_tree(office, letter):
    top = dispose(office, letter, "kabid", "sekretaris")
    kabid_row = recipient_of(top, office["kabid"])
    to_kasi = disposition_forward(
        recipient=kabid_row,
        user=office.users["kabid"],
        recipients=[office["kasi"]],
        instructions=instructions("Koordinasikan/konfirmasikan"),
        note="Koordinasikan dengan kecamatan.",
    )
    kasi_row = recipient_of(to_kasi, office["kasi"])
    to_staf = disposition_forward(
        recipient=kasi_row, user=office.users["kasi"], recipients=[office["staf"]], instructions=instructions("File")
    )
    kabid_row.refresh_from_db()
    kasi_row.refresh_from_db()
    assert to_kasi.parent == kabid_row and to_staf.parent == kasi_row
    assert to_kasi.urgency == top.urgency
    assert kabid_row.status == Status.FORWARDED and kabid_row.read_at and kabid_row.acted_at
    assert kasi_row.status == Status.FORWARDED
    chain = letter_chain(letter=letter)
    assert [node.disposition for node in chain] == [top]
    kabid_node = next(n for n in chain[0].recipients if n.recipient.position == office["kabid"])
    assert [node.disposition for node in kabid_node.forwards] == [to_kasi]
    assert [node.disposition for node in kabid_node.forwards[0].recipients[0].forwards] == [to_staf]
    assert [(node.disposition, node.depth) for node in flatten_chain(chain)] == [(top, 0), (to_kasi, 1), (to_staf, 2)]


def test_a_forward_must_go_downward(office, letter):
    top = dispose(office, letter, "kabid")
    kabid_row = recipient_of(top, office["kabid"])
    for key in ("kadis", "sekretaris", "kabid"):  # up, sideways, itself
        with pytest.raises(ValidationError, match="di bawah"):
            disposition_forward(
                recipient=kabid_row,
                user=office.users["kabid"],
                recipients=[office[key]],
                instructions=instructions("File"),
            )
    assert Disposition.objects.count() == 1
    # Two levels down is still downward.
    disposition_forward(
        recipient=kabid_row, user=office.users["kabid"], recipients=[office["staf"]], instructions=instructions("File")
    )
    assert positions_below(position=office["kabid"]) == [office["kasi"], office["staf"]]


def test_a_forward_keeps_within_the_deadline_it_was_given(office, letter):
    given = timezone.localdate() + datetime.timedelta(days=5)
    kabid_row = recipient_of(dispose(office, letter, "kabid", deadline=given), office["kabid"])
    forward = {"recipient": kabid_row, "user": office.users["kabid"], "instructions": instructions("File")}
    with pytest.raises(ValidationError, match="tidak boleh melewati batas waktu"):
        disposition_forward(recipients=[office["kasi"]], deadline=given + datetime.timedelta(days=1), **forward)
    assert Disposition.objects.count() == 1
    sooner = disposition_forward(recipients=[office["kasi"]], deadline=given - datetime.timedelta(days=2), **forward)
    kept = disposition_forward(recipients=[office["staf"]], **forward)
    assert sooner.deadline == given - datetime.timedelta(days=2)
    assert kept.deadline == given  # a forward without a deadline keeps the one it was given


def test_only_the_recipient_post_forwards_its_row(office, letter):
    top = dispose(office, letter, "kabid", "sekretaris")
    with pytest.raises(PermissionDenied):
        disposition_forward(
            recipient=recipient_of(top, office["kabid"]),
            user=office.users["sekretaris"],
            recipients=[office["kasi"]],
            instructions=instructions("File"),
        )


def test_read_marks_once_and_only_by_a_holder(office, letter):
    row = recipient_of(dispose(office, letter, "kabid"), office["kabid"])
    with pytest.raises(PermissionDenied):
        disposition_mark_read(recipient=row, user=office.users["kasi"])
    disposition_mark_read(recipient=row, user=office.users["kabid"])
    row.refresh_from_db()
    first = row.read_at
    assert row.status == Status.READ and row.read_by == office.users["kabid"] and first
    disposition_mark_read(recipient=row, user=office.users["kabid"])
    row.refresh_from_db()
    assert row.read_at == first


def test_report_with_a_file_is_stored_and_readable(office, letter):
    row = recipient_of(dispose(office, letter, "kabid"), office["kabid"])
    content = b"%PDF-1.4 laporan hasil rapat"
    report = disposition_report(
        recipient=row,
        user=office.users["kabid"],
        note="Rapat sudah dihadiri; notulen terlampir.",
        files=[ContentFile(content, name="../Notulen rapat.pdf")],
    )
    row.refresh_from_db()
    assert row.status == Status.REPORTED and row.acted_at and row.read_at
    attachment = report.attachments.get()
    assert attachment.name == "Notulen rapat.pdf" and attachment.size == len(content)
    assert attachment.file.name.startswith("archive/disposisi/") and attachment.file.name.endswith(".pdf")
    with default_storage.open(attachment.file.name, "rb") as handle:
        assert handle.read() == content
    with pytest.raises(ValidationError, match="isi laporan"):
        disposition_report(recipient=row, user=office.users["kabid"], note="  ")


def test_complete_closes_the_row_and_open_forwards_below(office, letter):
    top = dispose(office, letter, "kabid", "sekretaris")
    kabid_row = recipient_of(top, office["kabid"])
    kasi_row = recipient_of(
        disposition_forward(
            recipient=kabid_row,
            user=office.users["kabid"],
            recipients=[office["kasi"]],
            instructions=instructions("File"),
        ),
        office["kasi"],
    )
    with pytest.raises(PermissionDenied):
        disposition_complete(recipient=kabid_row, user=office.users["sekretaris"])
    # The sender (Kepala Dinas) accepts the Kabid's work; the Kasi's open forward closes with it.
    disposition_complete(recipient=kabid_row, user=office.users["kadis"], note="Cukup, terima kasih.")
    kabid_row.refresh_from_db()
    kasi_row.refresh_from_db()
    assert kabid_row.status == Status.DONE and kabid_row.closed_by == office.users["kadis"]
    assert kasi_row.status == Status.DONE
    assert kabid_row.reports.get().note == "Cukup, terima kasih."
    with pytest.raises(ValidationError, match="sudah selesai"):
        disposition_complete(recipient=kabid_row, user=office.users["kabid"])
    with pytest.raises(ValidationError, match="tidak dapat diteruskan"):
        disposition_forward(
            recipient=kabid_row,
            user=office.users["kabid"],
            recipients=[office["kasi"]],
            instructions=instructions("File"),
        )


def test_cancel_only_while_unread(office, letter):
    top = dispose(office, letter, "kabid", "sekretaris")
    disposition_mark_read(recipient=recipient_of(top, office["kabid"]), user=office.users["kabid"])
    with pytest.raises(PermissionDenied):
        disposition_cancel(disposition=top, user=office.users["kabid"])
    with pytest.raises(ValidationError, match="sudah dibaca oleh Kabid PIAK"):
        disposition_cancel(disposition=top, user=office.users["kadis"])
    assert not top.recipients.filter(status=Status.CANCELLED).exists()
    assert disposition_cancel(disposition=top, user=office.users["kadis"], positions=[office["sekretaris"]]) == 1
    assert recipient_of(top, office["sekretaris"]).status == Status.CANCELLED
    assert recipient_of(top, office["kabid"]).status == Status.READ


def test_cancelling_a_whole_forward_gives_the_row_back(office, letter):
    kabid_row = recipient_of(dispose(office, letter, "kabid"), office["kabid"])
    forward = disposition_forward(
        recipient=kabid_row, user=office.users["kabid"], recipients=[office["kasi"]], instructions=instructions("File")
    )
    kabid_row.refresh_from_db()
    assert kabid_row.status == Status.FORWARDED
    assert disposition_cancel(disposition=forward, user=office.users["kabid"]) == 1
    kabid_row.refresh_from_db()
    assert kabid_row.status == Status.READ and kabid_row.acted_at is None
    assert not inbox_for_user(user=office.users["kasi"], day=timezone.localdate()).exists()


def test_roll_up_of_the_letter(office, letter):
    other = registered_letter(user=office.users["kadis"])
    assert letter_disposition_status(letter=letter) == LetterDispositionStatus.NONE
    top = dispose(office, letter, "kabid", "sekretaris")
    assert letter_disposition_status(letter=letter) == LetterDispositionStatus.IN_PROGRESS
    disposition_cancel(disposition=top, user=office.users["kadis"], positions=[office["sekretaris"]])
    kabid_row = recipient_of(top, office["kabid"])
    disposition_report(recipient=kabid_row, user=office.users["kabid"], note="Sudah ditindaklanjuti.")
    assert letter_disposition_status(letter=letter) == LetterDispositionStatus.IN_PROGRESS
    disposition_complete(recipient=kabid_row, user=office.users["kadis"])
    assert letter_disposition_status(letter=letter) == LetterDispositionStatus.DONE
    assert letters_disposition_status(letters=[letter, other]) == {
        letter.pk: LetterDispositionStatus.DONE,
        other.pk: LetterDispositionStatus.NONE,
    }
    only_cancelled = registered_letter(user=office.users["kadis"])
    disposition_cancel(disposition=dispose(office, only_cancelled, "kasi"), user=office.users["kadis"])
    assert letter_disposition_status(letter=only_cancelled) == LetterDispositionStatus.NONE


def test_inbox_through_an_acting_plt_holder(office, letter):
    today = timezone.localdate()
    plt = UserFactory(username="plt_kabid", first_name="Plt Kabid")
    PositionHolder.objects.create(
        position=office["kabid"],
        user=plt,
        start=today - datetime.timedelta(days=3),
        end=today + datetime.timedelta(days=10),
        acting=True,
    )
    top = dispose(office, letter, "kabid", "sekretaris")
    row = recipient_of(top, office["kabid"])
    assert list(inbox_for_user(user=plt, day=today)) == [row]
    assert list(inbox_for_user(user=office.users["sekretaris"], day=today)) == [recipient_of(top, office["sekretaris"])]
    assert not inbox_for_user(user=office.users["kasi"], day=today).exists()
    # After the assignment ends the Plt no longer sees the post's inbox.
    assert not inbox_for_user(user=plt, day=today + datetime.timedelta(days=11)).exists()
    # The Plt acts for the post: reads and forwards, signing as Plt.
    disposition_mark_read(recipient=row, user=plt)
    forward = disposition_forward(
        recipient=row, user=plt, recipients=[office["kasi"]], instructions=instructions("File")
    )
    assert forward.from_acting and forward.from_user == plt
    assert list(inbox_for_user(user=office.users["kasi"], day=today)) == [recipient_of(forward, office["kasi"])]
    assert user_involved_in_letter(user=plt, letter=letter, day=today)
    assert not user_involved_in_letter(user=office.users["staf"], letter=letter, day=today)


def test_closed_rows_leave_the_open_inbox_but_stay_in_the_full_one(office, letter):
    today = timezone.localdate()
    row = recipient_of(dispose(office, letter, "kasi"), office["kasi"])
    disposition_complete(recipient=row, user=office.users["kasi"])
    assert not inbox_for_user(user=office.users["kasi"], day=today).exists()
    assert list(inbox_for_user(user=office.users["kasi"], day=today, include_closed=True)) == [row]


def test_open_dispositions_have_an_age_in_working_days(office, letter):
    row = recipient_of(dispose(office, letter, "kabid"), office["kabid"])
    monday = datetime.date(2025, 3, 10)
    sent = timezone.make_aware(datetime.datetime(2025, 3, 7, 9, 0))  # the Friday before
    Disposition.objects.filter(pk=row.disposition_id).update(created_at=sent)
    [item] = open_dispositions(today=monday)
    assert item.recipient == row and item.age == 1 and not item.overdue and not item.idle
