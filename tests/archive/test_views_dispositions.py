"""Disposition screens: inbox, read receipt, forward form, report with a file, complete, Disposisikan, cancel,
monitoring with ages, the lembar disposisi PDF (its text read back with pypdf) and the Disposisi menu."""

from __future__ import annotations

import datetime
import io
import re

import pytest
from django.contrib.auth.models import Group
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client, RequestFactory
from django.urls import reverse
from django.utils import timezone
from pypdf import PdfReader
from wagtail.admin.menu import admin_menu

from archive.models import Disposition, DispositionRecipient, Instruction
from archive.services.dispositions import disposition_create, disposition_forward, disposition_report
from tests.factories.archive import IncomingLetterFactory, UserFactory
from tests.factories.dispositions import build_office, instructions, registered_letter

pytestmark = pytest.mark.django_db

Status = DispositionRecipient.Status


@pytest.fixture
def office():
    office = build_office()
    pejabat, staf = Group.objects.get(name="Pejabat"), Group.objects.get(name="Staf")
    for key, user in office.users.items():
        user.groups.add(staf if key == "staf" else pejabat)
    return office


@pytest.fixture
def operator():
    user = UserFactory(username="operator", first_name="Operator Surat")
    user.groups.add(Group.objects.get(name="Operator"))
    return user


@pytest.fixture
def letter(office):
    return registered_letter(
        user=office.users["kadis"],
        number="400.12/77/KEC/2025",
        sender="Camat Tembilahan",
        subject="Permohonan data kependudukan semester I",
    )


def login(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def dispose(office, letter, *to: str, **values) -> Disposition:
    values.setdefault("instructions", instructions("Tindak lanjuti/selesaikan"))
    return disposition_create(
        letter=letter,
        from_position=office["kadis"],
        user=office.users["kadis"],
        recipients=[office[key] for key in to],
        **values,
    )


def text(response) -> str:
    return re.sub(r"\s+", " ", response.content.decode())


def naive_working_days(start: datetime.date, end: datetime.date) -> int:
    count, day = 0, start
    while day < end:
        day += datetime.timedelta(days=1)
        count += day.weekday() < 5
    return count


def test_the_inbox_shows_only_the_users_posts(office, letter):
    dispose(office, letter, "kabid", note="Segera siapkan data.")
    kabid_page = login(office.users["kabid"]).get(reverse("archive_dispositions:inbox"))
    assert kabid_page.status_code == 200
    [item] = kabid_page.context["items"]
    assert item.recipient.position == office["kabid"] and item.age == 0
    assert "400.12/77/KEC/2025" in text(kabid_page) and "Tandai dibaca" in text(kabid_page)
    sekretaris_page = login(office.users["sekretaris"]).get(reverse("archive_dispositions:inbox"))
    assert sekretaris_page.context["items"] == [] and "400.12/77/KEC/2025" not in text(sekretaris_page)
    stranger = UserFactory(username="tamu")
    assert login(stranger).get(reverse("archive_dispositions:inbox")).status_code in (302, 403)


def test_the_leader_sees_letters_put_before_them_until_disposed(office, letter):
    kadis = login(office.users["kadis"])
    page = kadis.get(reverse("archive_dispositions:inbox"))
    assert [awaiting for awaiting, _age in page.context["to_dispose"]] == [letter]
    assert "Surat untuk didisposisikan" in text(page)
    assert reverse("archive_dispositions:create", args=[letter.pk]) in text(page)
    # Not the Kabid's: the letter was put before the Kepala Dinas.
    assert login(office.users["kabid"]).get(reverse("archive_dispositions:inbox")).context["to_dispose"] == []
    dispose(office, letter, "kabid")
    assert kadis.get(reverse("archive_dispositions:inbox")).context["to_dispose"] == []


def test_marking_read_from_the_inbox_and_the_read_receipt_of_the_detail_page(office, letter):
    kabid_row, sek_row = (
        dispose(office, letter, "kabid", "sekretaris").recipients.get(position=office[k])
        for k in ("kabid", "sekretaris")
    )
    client = login(office.users["kabid"])
    response = client.post(reverse("archive_dispositions:read", args=[kabid_row.pk]), {"next": "/admin/disposisi/?p=1"})
    assert response.status_code == 302 and response.url == "/admin/disposisi/?p=1"
    elsewhere = client.post(reverse("archive_dispositions:read", args=[kabid_row.pk]), {"next": "https://evil.test/"})
    assert elsewhere.url == reverse("archive_dispositions:inbox")
    kabid_row.refresh_from_db()
    assert kabid_row.status == Status.READ and kabid_row.read_by == office.users["kabid"]
    # The Kabid may not open the Sekretaris' row, and posting 'read' on it changes nothing.
    assert client.get(reverse("archive_dispositions:detail", args=[sek_row.pk])).status_code == 403
    client.post(reverse("archive_dispositions:read", args=[sek_row.pk]))
    sek_row.refresh_from_db()
    assert sek_row.status == Status.SENT
    # Opening the detail page (a GET) writes nothing; the page carries the read receipt that it posts once shown.
    secretary = login(office.users["sekretaris"])
    page = secretary.get(reverse("archive_dispositions:detail", args=[sek_row.pk]))
    assert page.status_code == 200 and "Laporkan tindak lanjut" in text(page)
    sek_row.refresh_from_db()
    assert sek_row.status == Status.SENT and sek_row.read_at is None
    receipt = reverse("archive_dispositions:read", args=[sek_row.pk])
    assert f'action="{receipt}" data-read-receipt' in page.content.decode()
    secretary.post(receipt, {"next": page.request["PATH_INFO"]})
    sek_row.refresh_from_db()
    assert sek_row.status == Status.READ and sek_row.read_at
    assert "data-read-receipt" not in text(secretary.get(reverse("archive_dispositions:detail", args=[sek_row.pk])))


def test_the_forward_form_offers_only_posts_below_with_the_checklist(office, letter):
    row = dispose(office, letter, "kabid", urgency="segera").recipients.get()
    client = login(office.users["kabid"])
    url = reverse("archive_dispositions:forward", args=[row.pk])
    page = client.get(url)
    assert page.status_code == 200
    form = page.context["form"]
    assert list(form.fields["recipients"].queryset.order_by("rank")) == [office["kasi"], office["staf"]]
    assert form.initial["urgency"] == "segera"
    html = text(page)
    for name in ("Untuk diketahui", "Siapkan jawaban/konsep", "Wakili/hadiri", "Arsipkan"):
        assert name in html
    # Upward is not a choice.
    refused = client.post(url, {"recipients": [office["sekretaris"].pk], "urgency": "biasa", "note": "x"})
    assert refused.status_code == 200 and refused.context["form"].errors["recipients"]
    assert not Disposition.objects.filter(parent=row).exists()
    koordinasi = Instruction.objects.get(name="Koordinasikan/konfirmasikan")
    deadline = timezone.localdate() + datetime.timedelta(days=5)
    done = client.post(
        url,
        {
            "recipients": [office["kasi"].pk],
            "instructions": [koordinasi.pk],
            "note": "Koordinasikan dengan kecamatan.",
            "deadline": deadline.isoformat(),
            "urgency": "segera",
        },
    )
    assert done.status_code == 302 and done.url == reverse("archive_dispositions:detail", args=[row.pk])
    forward = Disposition.objects.get(parent=row)
    assert forward.from_position == office["kabid"] and forward.deadline == deadline
    assert list(forward.instructions.all()) == [koordinasi]
    assert forward.recipients.get().position == office["kasi"]
    # Staf have no right to forward (view only) and see no forward page.
    staf_row = disposition_forward(
        recipient=forward.recipients.get(),
        user=office.users["kasi"],
        recipients=[office["staf"]],
        instructions=instructions("File"),
    ).recipients.get()
    assert (
        login(office.users["staf"]).get(reverse("archive_dispositions:forward", args=[staf_row.pk])).status_code == 403
    )


def test_report_back_with_a_file_then_the_sender_downloads_it_and_completes(office, letter):
    row = dispose(office, letter, "kabid").recipients.get()
    client = login(office.users["kabid"])
    upload = SimpleUploadedFile("data semester I.xlsx", b"PK\x03\x04 data", content_type="application/octet-stream")
    response = client.post(
        reverse("archive_dispositions:report", args=[row.pk]),
        {"note": "Data sudah dikirim ke kecamatan.", "files": [upload]},
    )
    assert response.status_code == 302
    row.refresh_from_db()
    assert row.status == Status.REPORTED
    attachment = row.reports.get().attachments.get()
    assert attachment.name == "data semester I.xlsx"
    file_url = reverse("archive_dispositions:report_file", args=[attachment.pk])
    kadis = login(office.users["kadis"])
    download = kadis.get(file_url)
    assert download.status_code == 200 and b"".join(download.streaming_content) == b"PK\x03\x04 data"
    assert "attachment" in download["Content-Disposition"]
    assert login(office.users["sekretaris"]).get(file_url).status_code == 403
    # The sender sees the report on the row and completes it.
    page = kadis.get(reverse("archive_dispositions:detail", args=[row.pk]))
    assert "Data sudah dikirim ke kecamatan." in text(page) and "Selesaikan" in text(page)
    kadis.post(reverse("archive_dispositions:complete", args=[row.pk]), {"note": "Terima kasih."})
    row.refresh_from_db()
    assert row.status == Status.DONE and row.closed_by == office.users["kadis"]
    letter_page = kadis.get(reverse("archive_dispositions:letter", args=[letter.pk]))
    assert "selesai" in text(letter_page)


def test_disposisikan_from_the_letter(office, letter):
    client = login(office.users["kadis"])
    url = reverse("archive_dispositions:create", args=[letter.pk])
    page = client.get(url)
    assert page.status_code == 200
    form = page.context["form"]
    assert list(form.fields["from_position"].queryset) == [office["kadis"]]
    assert form.initial["from_position"] == office["kadis"].pk
    assert set(form.fields["recipients"].queryset) == {office[k] for k in ("sekretaris", "kabid", "kasi", "staf")}
    assert "Camat Tembilahan" in text(page) and "Nomor agenda" in text(page)
    tl, hadiri = (
        Instruction.objects.get(name="Tindak lanjuti/selesaikan"),
        Instruction.objects.get(name="Wakili/hadiri"),
    )
    response = client.post(
        url,
        {
            "from_position": office["kadis"].pk,
            "recipients": [office["kabid"].pk, office["sekretaris"].pk],
            "instructions": [tl.pk, hadiri.pk],
            "note": "",
            "urgency": "sangat_segera",
        },
    )
    assert response.status_code == 302 and response.url == reverse("archive_dispositions:letter", args=[letter.pk])
    disposition = Disposition.objects.get(letter=letter)
    assert disposition.urgency == "sangat_segera" and disposition.recipients.count() == 2
    # The Kabid may not dispose from the Kepala Dinas' post: it is not among his choices.
    kabid = login(office.users["kabid"])
    refused = kabid.post(
        url, {"from_position": office["kadis"].pk, "recipients": [office["kasi"].pk], "urgency": "biasa", "note": "x"}
    )
    assert refused.status_code == 200 and refused.context["form"].errors["from_position"]
    # A letter still awaiting review cannot be disposed.
    draft = IncomingLetterFactory()
    draft_page = client.get(reverse("archive_dispositions:create", args=[draft.pk]))
    assert "belum didaftarkan" in text(draft_page)
    client.post(
        reverse("archive_dispositions:create", args=[draft.pk]),
        {"from_position": office["kadis"].pk, "recipients": [office["kabid"].pk], "urgency": "biasa", "note": "x"},
    )
    assert not Disposition.objects.filter(letter=draft).exists()


def test_cancel_from_the_letter_page_only_while_unread(office, letter):
    disposition = dispose(office, letter, "kabid")
    client = login(office.users["kadis"])
    page = client.get(reverse("archive_dispositions:letter", args=[letter.pk]))
    assert disposition.pk in page.context["cancellable"] and "Batalkan" in text(page)
    login(office.users["kabid"]).post(reverse("archive_dispositions:read", args=[disposition.recipients.get().pk]))
    page = client.get(reverse("archive_dispositions:letter", args=[letter.pk]))
    assert disposition.pk not in page.context["cancellable"]
    client.post(reverse("archive_dispositions:cancel", args=[disposition.pk]))
    assert disposition.recipients.get().status == Status.READ
    unread = dispose(office, letter, "sekretaris")
    client.post(reverse("archive_dispositions:cancel", args=[unread.pk]))
    assert unread.recipients.get().status == Status.CANCELLED


def test_monitoring_lists_every_open_disposition_with_its_age(office, letter, operator):
    today = timezone.localdate()
    old = dispose(office, letter, "kabid", deadline=today + datetime.timedelta(days=1))
    sent = today - datetime.timedelta(days=20)
    Disposition.objects.filter(pk=old.pk).update(
        created_at=timezone.make_aware(datetime.datetime.combine(sent, datetime.time(9))),
        deadline=today - datetime.timedelta(days=2),
    )
    fresh_row = dispose(office, registered_letter(user=office.users["kadis"]), "sekretaris").recipients.get()
    closed = dispose(office, registered_letter(user=office.users["kadis"]), "kasi").recipients.get()
    disposition_report(recipient=closed, user=office.users["kasi"], note="Selesai.")
    DispositionRecipient.objects.filter(pk=closed.pk).update(status=Status.DONE)

    assert login(office.users["staf"]).get(reverse("archive_dispositions:monitor")).status_code == 403  # leads no one
    # A leader monitors the posts below his own: the Kabid sees the Kasi's (done, so not open), not the Sekretaris's.
    leader = login(office.users["kabid"]).get(reverse("archive_dispositions:monitor"))
    assert leader.status_code == 200 and list(leader.context["page_obj"]) == []
    page = login(operator).get(reverse("archive_dispositions:monitor"))
    assert page.status_code == 200
    items = {item.recipient.pk: item for item in page.context["page_obj"]}
    old_row = old.recipients.get()
    assert set(items) == {old_row.pk, fresh_row.pk}
    assert items[old_row.pk].age == naive_working_days(sent, today) and items[old_row.pk].overdue
    assert items[old_row.pk].idle and items[fresh_row.pk].age == 0 and not items[fresh_row.pk].flagged
    html = page.content.decode()
    row_html = re.search(rf'<tr data-recipient="{old_row.pk}">.*?</tr>', html, re.S).group(0)
    assert f'<td class="dispo-age">{naive_working_days(sent, today)}</td>' in row_html
    assert "lewat batas waktu" in row_html and "belum ditindaklanjuti" in row_html
    late = login(operator).get(reverse("archive_dispositions:monitor") + "?terlambat=1")
    assert [item.recipient.pk for item in late.context["page_obj"]] == [old_row.pk]


def test_the_sheet_pdf_shows_the_header_and_the_whole_chain(office, letter, operator):
    top = dispose(
        office,
        letter,
        "kabid",
        "sekretaris",
        instructions=instructions("Tindak lanjuti/selesaikan", "Siapkan jawaban/konsep"),
        note="Mohon ditindaklanjuti bersama Sekretariat.",
        deadline=timezone.localdate() + datetime.timedelta(days=7),
    )
    kabid_row = top.recipients.get(position=office["kabid"])
    forward = disposition_forward(
        recipient=kabid_row,
        user=office.users["kabid"],
        recipients=[office["kasi"]],
        instructions=instructions("Koordinasikan/konfirmasikan"),
        note="Siapkan rekap per desa.",
    )
    disposition_report(recipient=forward.recipients.get(), user=office.users["kasi"], note="Rekap per desa terlampir.")
    url = reverse("archive_dispositions:sheet_pdf", args=[letter.pk])
    assert login(office.users["staf"]).get(url).status_code == 403  # not in the chain
    response = login(operator).get(url)
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    reader = PdfReader(io.BytesIO(response.content))
    content = re.sub(r"\s+", " ", " ".join(page.extract_text() for page in reader.pages))
    entry = letter.register_entry
    for expected in (
        "LEMBAR DISPOSISI",
        "Camat Tembilahan",
        "400.12/77/KEC/2025",
        "Permohonan data kependudukan semester I",
        f"{entry.agenda_number}/{entry.agenda_year}",
        "Kepala Dinas",
        "Kabid PIAK",
        "Sekretaris Dinas",
        "Kasi Pendaftaran",
        "Siapkan jawaban/konsep",
        "Koordinasikan/konfirmasikan",
        "Mohon ditindaklanjuti bersama Sekretariat.",
        "Siapkan rekap per desa.",
        "Rekap per desa terlampir.",
        "belum dibaca",
    ):
        assert expected in content, expected
    # The forward comes after the disposition it forwards.
    assert content.index("Mohon ditindaklanjuti") < content.index("Siapkan rekap per desa.")
    assert login(office.users["kasi"]).get(url).status_code == 200  # in the chain


def test_the_disposisi_menu(office, operator):
    def labels(user) -> list[str]:
        request = RequestFactory().get("/admin/")
        request.user = user
        for item in admin_menu.menu_items_for_request(request):
            if item.name == "archive-dispositions":
                return [str(child.label) for child in item.menu.menu_items_for_request(request)]
        return []

    assert labels(office.users["staf"]) == ["Kotak masuk disposisi"]
    assert labels(office.users["kabid"]) == ["Kotak masuk disposisi", "Pemantauan disposisi"]  # a leader
    assert labels(operator) == ["Kotak masuk disposisi", "Pemantauan disposisi"]
    assert labels(UserFactory(username="tamu")) == []


def test_an_instruction_in_use_is_not_deleted_but_can_be_deactivated(office, letter):
    used, unused = instructions("Tindak lanjuti/selesaikan")[0], Instruction.objects.create(name="Uji hapus")
    dispose(office, letter, "kabid", instructions=[used])
    admin = UserFactory(username="admin-instruksi", is_superuser=True, is_staff=True)
    client = login(admin)
    response = client.post(reverse("archive_instruction:delete", args=[used.pk]), follow=True)
    assert Instruction.objects.filter(pk=used.pk).exists()
    assert "dipakai oleh 1 disposisi" in text(response) and "nonaktifkan" in text(response)
    assert list(Disposition.objects.get().instructions.all()) == [used]  # the record keeps its instruction
    client.post(reverse("archive_instruction:delete", args=[unused.pk]))
    assert not Instruction.objects.filter(pk=unused.pk).exists()
    edit = client.get(reverse("archive_instruction:edit", args=[used.pk]))
    assert edit.status_code == 200 and "is_active" in edit.context["form"].fields
