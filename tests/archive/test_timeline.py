"""A letter's timeline on one page: every step in the order it happened with who and when, and only what the
viewer's access allows (the chain for those on it, nothing at all of a restricted letter for others)."""

from __future__ import annotations

import datetime

import pytest
from django.contrib.auth.models import Group
from django.urls import reverse
from django.utils import timezone

from archive.selectors.timeline import letter_timeline
from archive.services.dispositions import (
    disposition_complete,
    disposition_create,
    disposition_forward,
    disposition_mark_read,
    disposition_report,
)
from tests.factories.dispositions import build_office, instructions, registered_letter

pytestmark = pytest.mark.django_db


@pytest.fixture
def office():
    built = build_office()
    for key, user in built.users.items():
        user.groups.add(Group.objects.get(name="Staf" if key == "staf" else "Pejabat"))
    return built


def _story(office, **values):
    """Received, registered, disposed to the Kabid, read, forwarded to the Kasi, reported, completed."""
    letter = registered_letter(user=office.users["kadis"], received_on=timezone.localdate(), **values)
    top = disposition_create(
        letter=letter,
        from_position=office["kadis"],
        user=office.users["kadis"],
        recipients=[office["kabid"]],
        instructions=instructions("Tindak lanjuti/selesaikan"),
        note="Segera tindak lanjuti.",
        deadline=timezone.localdate() + datetime.timedelta(days=7),
    )
    kabid_row = top.recipients.get()
    disposition_mark_read(recipient=kabid_row, user=office.users["kabid"])
    forward = disposition_forward(
        recipient=kabid_row,
        user=office.users["kabid"],
        recipients=[office["kasi"]],
        instructions=instructions("Siapkan jawaban/konsep"),
    )
    kasi_row = forward.recipients.get()
    disposition_report(recipient=kasi_row, user=office.users["kasi"], note="Konsep jawaban sudah disiapkan.")
    disposition_complete(recipient=kabid_row, user=office.users["kabid"], note="Selesai.")
    return letter


def test_timeline_in_order_with_who_and_when(office):
    letter = _story(office, subject="Permohonan data")
    entries = letter_timeline(letter=letter, user=office.users["kadis"], show_chain=True, show_filing=True)
    kinds = [entry.kind for entry in entries]
    assert kinds[:2] == ["received", "registered"]
    assert kinds.index("disposed") < kinds.index("read") < kinds.index("report") < kinds.index("closed")
    assert [entry.when for entry in entries] == sorted(entry.when for entry in entries)
    disposed = [entry for entry in entries if entry.kind == "disposed"]
    assert disposed[0].what == "Didisposisikan: Kepala Dinas → Kabid PIAK"
    assert "Isi disposisi: Tindak lanjuti/selesaikan" in disposed[0].lines
    assert "Catatan: Segera tindak lanjuti." in disposed[0].lines
    assert disposed[1].what == "Diteruskan: Kabid PIAK → Kasi Pendaftaran"
    assert disposed[0].who == "Kepala Dinas"
    report = next(entry for entry in entries if entry.kind == "report")
    assert report.who == "Kasi Pendaftaran" and report.detail == "Konsep jawaban sudah disiapkan."
    closed = [entry.what for entry in entries if entry.kind == "closed"]
    assert "Disposisi untuk Kabid PIAK selesai" in closed and "Disposisi untuk Kasi Pendaftaran selesai" in closed


def test_chain_left_out_for_who_is_not_on_it(client, office):
    letter = _story(office, subject="Permohonan data")
    entries = letter_timeline(letter=letter, user=office.users["sekretaris"], show_chain=False, show_filing=False)
    assert {entry.kind for entry in entries} == {"received", "registered"}
    client.force_login(office.users["sekretaris"])  # may open the biasa letter, is not on its chain
    page = client.get(reverse("archive_daily:timeline", args=[letter.pk])).content.decode()
    assert "Didaftarkan di buku agenda" in page
    assert "Kabid PIAK" not in page
    client.force_login(office.users["kasi"])  # on the chain
    page = client.get(reverse("archive_daily:timeline", args=[letter.pk])).content.decode()
    assert "Diteruskan: Kabid PIAK → Kasi Pendaftaran" in page
    assert "Konsep jawaban sudah disiapkan." in page


def test_restricted_letter_has_no_timeline_for_outsiders(client, office):
    letter = _story(office, subject="Hasil audit", security="rahasia")
    client.force_login(office.users["sekretaris"])
    assert client.get(reverse("archive_daily:timeline", args=[letter.pk])).status_code == 404
    client.force_login(office.users["kasi"])
    assert client.get(reverse("archive_daily:timeline", args=[letter.pk])).status_code == 200


def test_timeline_page_is_linked_from_the_disposition(client, office):
    letter = _story(office, subject="Permohonan data")
    client.force_login(office.users["kabid"])
    row = letter.dispositions.first().recipients.get()
    page = client.get(reverse("archive_dispositions:detail", args=[row.pk])).content.decode()
    assert reverse("archive_daily:timeline", args=[letter.pk]) in page
