"""The access rule of restricted letters on every way a letter can be reached, and the audit of their reading.

One office (build_office): the letter is put before the Kepala Dinas, who disposes it to the Kabid PIAK, who
forwards it to the Kasi Pendaftaran (two levels down), who reports back with a file. The people asked:

- ``uploader``: the operator who uploaded the scan; ``registrar``: the operator who registered the letter;
- ``operator``: another operator (sees every open disposition, but is on no chain);
- ``kadis`` (the leader it was put before), ``kabid``, ``kasi`` (the chain);
- ``plt``: acting holder (Plt) of the Kabid's post today; ``sekretaris``: holds a post not on the chain;
- ``superuser`` (no exception) and ``anonymous``.

A letter of security biasa is open to every archive reader; a terbatas, rahasia or sangat rahasia one only to
the first six (and the Plt). A refused letter must answer exactly as a letter that does not exist (the same
status for the real id and a missing one: 404, or 403 when the screen itself is not the user's, or the login
redirect), show nothing of the letter, and leave no trace in lists, counts or exports; every allowed view or
download of a restricted letter writes an audit event, and nothing is logged for a biasa one.
"""

from __future__ import annotations

import csv
import datetime
import io
from dataclasses import dataclass

import pytest
from django.contrib.auth.models import Group
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.db import transaction
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from archive.models import AuditEvent, Capture, DispositionRecipient, IncomingLetter, PositionHolder
from archive.selectors.dispositions import open_dispositions
from archive.services.capture import capture_create
from archive.services.dispositions import disposition_create, disposition_forward, disposition_report
from archive.services.letters import letter_confirm
from archive.storage import derived_save
from tests.factories.archive import IncomingLetterFactory, UserFactory
from tests.factories.dispositions import build_office, instructions

pytestmark = pytest.mark.django_db

LEVELS = ["biasa", "terbatas", "rahasia", "sangat_rahasia"]
RESTRICTED = LEVELS[1:]
ON_CHAIN = {"uploader", "registrar", "kadis", "kabid", "kasi", "plt"}
REFUSED_RESTRICTED = {"operator", "sekretaris", "superuser", "anonymous"}
EVERYONE = sorted(ON_CHAIN | REFUSED_RESTRICTED)
MISSING = 987654
NUMBER = "X.700/913/RHS/2025"
SUBJECT = "Hasil audit investigasi pengadaan blanko KTP-el"
SENDER = "Inspektorat Kabupaten Contoh"
ORIGINAL = b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj 2 0 obj<</Type/Pages/Kids[]/Count 0>>endobj\n"


@dataclass
class World:
    letter: IncomingLetter
    capture: Capture
    top: DispositionRecipient  # Kepala Dinas -> Kabid
    below: DispositionRecipient  # Kabid -> Kasi (two levels down)
    attachment_pk: int
    users: dict


def _operator(name: str):
    user = UserFactory(username=name)
    user.groups.add(Group.objects.get(name="Operator"))
    return user


def build_world(security: str) -> World:
    office = build_office()
    pejabat = Group.objects.get(name="Pejabat")
    for user in office.users.values():
        user.groups.add(pejabat)
    today = timezone.localdate()
    plt = UserFactory(username="plt_kabid")
    plt.groups.add(pejabat)
    PositionHolder.objects.create(
        position=office["kabid"],
        user=plt,
        start=today - datetime.timedelta(days=3),
        end=today + datetime.timedelta(days=30),
        acting=True,
    )
    users = {
        "uploader": _operator("pengunggah"),
        "registrar": _operator("pencatat"),
        "operator": _operator("operator_lain"),
        "plt": plt,
        "superuser": UserFactory(username="root", is_superuser=True, is_staff=True),
        "anonymous": None,
        **{key: office.users[key] for key in ("kadis", "kabid", "kasi", "sekretaris")},
    }
    capture = capture_create(
        content=ORIGINAL + security.encode(), name="surat-inspektorat.pdf", user=users["uploader"]
    ).capture
    capture.searchable_pdf.name = derived_save(data=b"%PDF-1.4 x", suffix=".pdf")
    capture.thumbnail.name = derived_save(data=b"\x89PNG\r\n\x1a\n", suffix=".png")
    letter = IncomingLetterFactory(number=NUMBER, subject=SUBJECT, sender=SENDER, security=security)
    capture.letter, capture.status = letter, Capture.Status.NEEDS_REVIEW
    capture.save()
    letter = letter_confirm(letter=letter, user=users["registrar"])
    assert letter.addressed_to == office["kadis"]  # the head of office by default
    first = disposition_create(
        letter=letter,
        from_position=office["kadis"],
        user=users["kadis"],
        recipients=[office["kabid"]],
        instructions=instructions("Tindak lanjuti/selesaikan"),
    )
    top = first.recipients.get()
    forward = disposition_forward(
        recipient=top, user=users["kabid"], recipients=[office["kasi"]], instructions=instructions("Pelajari/kaji")
    )
    below = forward.recipients.get()
    upload = SimpleUploadedFile("rekap.xlsx", b"PK\x03\x04 rekap", content_type="application/octet-stream")
    report = disposition_report(recipient=below, user=users["kasi"], note="Rekap terlampir.", files=[upload])
    capture.refresh_from_db()
    return World(letter, capture, top, below, report.attachments.get().pk, users)


def allowed(world: World, key: str) -> bool:
    if key == "anonymous":
        return False
    return key in ON_CHAIN or not world.letter.is_restricted


def client_for(user) -> Client:
    client = Client()
    if user is not None:
        client.force_login(user)
    return client


def body(response) -> bytes:
    if getattr(response, "streaming", False):
        return b"".join(response.streaming_content)
    return response.content


def leaks(content: bytes) -> bool:
    return any(text.encode() in content for text in (NUMBER, SUBJECT, SENDER))


# Every URL of a letter, its capture, files, dispositions and sheet: (name, method, args, audit "what" or None).
# Each takes the world and gives the URL args; ``missing`` gives the same URL for an id that does not exist.
URLS = {
    "review": ("archive:review", "get", lambda w: [w.capture.pk], "halaman surat"),
    "capture_status": ("archive:capture_status", "get", lambda w: [w.capture.pk], None),
    "capture_retry": ("archive:capture_retry", "post", lambda w: [w.capture.pk], None),
    "file_original": ("archive:capture_file", "get", lambda w: [w.capture.pk, "asli"], "asli"),
    "file_pdf": ("archive:capture_file", "get", lambda w: [w.capture.pk, "pdf"], "pdf"),
    "file_thumbnail": ("archive:capture_file", "get", lambda w: [w.capture.pk, "gambar"], "gambar"),
    "disposition_detail": ("archive_dispositions:detail", "get", lambda w: [w.top.pk], "disposisi"),
    "disposition_detail_below": ("archive_dispositions:detail", "get", lambda w: [w.below.pk], "disposisi"),
    "disposition_read": ("archive_dispositions:read", "post", lambda w: [w.below.pk], None),
    "disposition_forward": ("archive_dispositions:forward", "get", lambda w: [w.top.pk], "teruskan disposisi"),
    "disposition_report": ("archive_dispositions:report", "post", lambda w: [w.below.pk], None),
    "disposition_complete": ("archive_dispositions:complete", "post", lambda w: [w.below.pk], None),
    "disposition_cancel": ("archive_dispositions:cancel", "post", lambda w: [w.below.disposition_id], None),
    "report_file": ("archive_dispositions:report_file", "get", lambda w: [w.attachment_pk], "lampiran laporan"),
    "letter_dispositions": ("archive_dispositions:letter", "get", lambda w: [w.letter.pk], "disposisi surat"),
    "dispose_form": ("archive_dispositions:create", "get", lambda w: [w.letter.pk], "disposisikan"),
    "sheet_pdf": ("archive_dispositions:sheet_pdf", "get", lambda w: [w.letter.pk], "lembar disposisi"),
}
# Where an allowed user must get through (the others may still be refused by the screen's own rule, with 403).
SUCCEEDS = {
    "review": EVERYONE,
    "capture_status": EVERYONE,
    "file_original": EVERYONE,
    "file_pdf": EVERYONE,
    "file_thumbnail": EVERYONE,
    "disposition_detail": ["kadis", "kabid", "plt", "uploader", "registrar", "operator"],
    "disposition_detail_below": ["kabid", "kasi", "plt", "uploader", "registrar", "operator"],
    "disposition_forward": ["kabid", "plt"],
    "report_file": ["kadis", "kabid", "kasi", "plt", "uploader", "registrar", "operator"],
    "letter_dispositions": ["kadis", "kabid", "kasi", "plt", "uploader", "registrar", "operator"],
    "dispose_form": ["kadis", "kabid", "kasi", "plt", "sekretaris"],
    "sheet_pdf": ["kadis", "kabid", "kasi", "plt", "uploader", "registrar", "operator"],
    "capture_retry": ["uploader", "registrar", "operator"],  # a registered capture: refused with a message
    "disposition_read": ["kasi"],
    "disposition_report": ["kasi"],
    "disposition_complete": ["kabid", "kasi", "plt"],
    "disposition_cancel": ["kabid", "plt"],
}


def ask(client: Client, method: str, url: str):
    """Send the request and roll back what it changed, so every user meets the same world."""
    with transaction.atomic():
        response = getattr(client, method)(url)
        content = body(response)
        transaction.set_rollback(True)
    return response, content


@pytest.mark.parametrize("security", LEVELS)
@pytest.mark.parametrize("url_key", list(URLS))
def test_every_url_of_a_letter_applies_the_rule(security, url_key):
    world = build_world(security)
    name, method, args, what = URLS[url_key]
    url = reverse(name, args=args(world))
    missing = reverse(name, args=[MISSING, *args(world)[1:]])
    for key in EVERYONE:
        user = world.users[key]
        client = client_for(user)
        before = AuditEvent.objects.filter(letter_id=world.letter.pk, action__in=["view", "download"]).count()
        if method == "get":
            response = client.get(url)
            content = body(response)
        else:
            response, content = ask(client, method, url)
        logged = AuditEvent.objects.filter(letter_id=world.letter.pk, action__in=["view", "download"]).count() - before
        if allowed(world, key):
            assert response.status_code != 404, (key, url)
            if key in SUCCEEDS[url_key]:
                assert response.status_code in (200, 302), (key, url, response.status_code)
                if response.status_code == 302:
                    assert "/login/" not in response.url, (key, url)
                if what and security in RESTRICTED:
                    events = AuditEvent.objects.filter(letter_id=world.letter.pk, actor_id=user.pk)
                    event = events.filter(action__in=["view", "download"]).first()
                    assert logged == 1 and event is not None and what in event.changes.get("what", ""), (key, url)
            if security == "biasa":
                assert logged == 0, (key, url)  # reading an open letter is not logged
        else:
            answer_for_missing = ask(client, method, missing)[0].status_code
            assert response.status_code == answer_for_missing, (key, url, response.status_code, answer_for_missing)
            assert response.status_code in (302, 403, 404), (key, url)
            if response.status_code == 302:
                assert "/login/" in response.url, (key, url)
            assert not leaks(content), (key, url)
            assert logged == 0, (key, url)


def _listed(world: World, key: str) -> dict[str, bool]:
    """Whether the letter (or its capture) shows in each list the user can open."""
    client = client_for(world.users[key])
    found = {}
    for name in ("archive:captures", "archive:captures_results", "archive:letters", "archive:letters_results"):
        response = client.get(reverse(name))
        if response.status_code == 200:
            content = response.content.decode()
            shown = reverse("archive:review", args=[world.capture.pk]) in content or NUMBER in content
            found[name] = shown
            if not shown:
                assert not leaks(response.content), (key, name)
    return found


@pytest.mark.parametrize("security", LEVELS)
def test_lists_show_the_letter_only_to_those_who_may_open_it(security):
    world = build_world(security)
    for key in EVERYONE:
        found = _listed(world, key)
        if key == "anonymous":
            assert found == {}
            continue
        assert set(found) == {
            "archive:captures",
            "archive:captures_results",
            "archive:letters",
            "archive:letters_results",
        }
        assert all(value == allowed(world, key) for value in found.values()), (key, found)
        response = client_for(world.users[key]).get(reverse("archive:letters"))
        assert response.context["items_count"] == (1 if allowed(world, key) else 0), key


@pytest.mark.parametrize("security", LEVELS)
def test_the_inbox_shows_the_disposition_only_on_the_chain(security):
    world = build_world(security)
    for key in ("kabid", "kasi", "plt", "kadis", "sekretaris", "operator", "superuser"):
        response = client_for(world.users[key]).get(reverse("archive_dispositions:inbox") + "?semua=1")
        assert response.status_code == 200
        shown = {item.recipient.pk for item in response.context["items"]}
        expected = {"kabid": {world.top.pk}, "plt": {world.top.pk}, "kasi": {world.below.pk}}.get(key, set())
        assert shown == expected, key
        if not allowed(world, key):
            assert not leaks(response.content), key


@pytest.mark.parametrize("security", LEVELS)
def test_the_monitor_neither_shows_nor_counts_a_letter_its_user_may_not_open(security):
    world = build_world(security)
    other = IncomingLetterFactory(
        number="B.100/1/2025", subject="Undangan biasa", sender="Camat", received_on=timezone.localdate()
    )
    letter_confirm(letter=other, user=world.users["registrar"])  # undisposed, open to all
    expected = {
        item.recipient.pk for item in open_dispositions() if item.recipient.disposition.letter_id == world.letter.pk
    }
    for key in ("uploader", "registrar", "operator", "superuser"):
        response = client_for(world.users[key]).get(reverse("archive_dispositions:monitor"))
        assert response.status_code == 200
        rows = {item.recipient.pk for item in response.context["page_obj"]}
        undisposed = {entry[0].pk for entry in response.context["undisposed"]}
        assert other.pk in undisposed
        assert response.context["total"] == len(rows)
        if allowed(world, key):
            assert rows == expected and rows, key
        else:
            assert rows == set() and response.context["total"] == 0, key
            assert response.context["overdue"] == 0 and response.context["idle"] == 0
            assert not leaks(response.content), key
    # A leader monitors the posts below his own; a post with none below has no monitoring screen.
    assert client_for(world.users["sekretaris"]).get(reverse("archive_dispositions:monitor")).status_code == 403


def _export(world: World, key: str | None, tmp_path) -> list[list[str]]:
    out = tmp_path / f"agenda-{key or 'sistem'}.csv"
    options = ["--year", str(world.letter.register_entry.agenda_year), "--format", "csv", "--out", str(out)]
    if key:
        options += ["--user", world.users[key].get_username()]
    call_command("export_register", *options, stdout=io.StringIO())
    return list(csv.reader(io.StringIO(out.read_text(encoding="utf-8-sig"))))[1:]


@pytest.mark.parametrize("security", LEVELS)
def test_register_exports_hold_only_what_their_reader_may_open_and_are_logged(security, tmp_path):
    world = build_world(security)
    for key in EVERYONE:
        if key == "anonymous":
            continue
        before = AuditEvent.objects.filter(action="export").count()
        rows = _export(world, key, tmp_path)
        numbers = [row[2] for row in rows]
        assert (NUMBER in numbers) == allowed(world, key), key
        if not allowed(world, key):
            assert not any(SUBJECT in cell or SENDER in cell for row in rows for cell in row), key
        events = list(AuditEvent.objects.filter(action="export").order_by("pk")[before:])
        if security in RESTRICTED and allowed(world, key):
            [event] = events
            assert event.letter_id == world.letter.pk and event.actor_id == world.users[key].pk
            assert event.source == "manage.py export_register" and SUBJECT not in event.object_repr
        else:
            assert events == [], key
    # Without --user: the system export holds every letter, and each restricted one is logged by no user.
    before = AuditEvent.objects.filter(action="export").count()
    assert NUMBER in [row[2] for row in _export(world, None, tmp_path)]
    events = list(AuditEvent.objects.filter(action="export").order_by("pk")[before:])
    if security in RESTRICTED:
        [event] = events
        assert event.actor_id is None and event.source == "manage.py export_register (sistem)"
        assert event.letter_id == world.letter.pk
    else:
        assert events == []


def test_a_capture_read_as_restricted_is_only_its_uploaders_until_it_has_a_letter(tmp_path):
    uploader, other = _operator("pengunggah"), _operator("operator_lain")
    capture = capture_create(content=ORIGINAL + b"sr", name="rahasia.pdf", user=uploader).capture
    capture.fields = {"sifat": {"value": "rahasia", "confidence": 0.9, "source": "Sifat : Rahasia", "notes": []}}
    capture.status = Capture.Status.FAILED
    capture.save()
    urls = [
        reverse("archive:capture_status", args=[capture.pk]),
        reverse("archive:review", args=[capture.pk]),
        reverse("archive:capture_file", args=[capture.pk, "asli"]),
    ]
    for url in urls:
        assert client_for(uploader).get(url).status_code == 200, url
        assert client_for(other).get(url).status_code == 404, url
    listing = client_for(other).get(reverse("archive:captures")).content.decode()
    assert "rahasia.pdf" not in listing
    assert "rahasia.pdf" in client_for(uploader).get(reverse("archive:captures")).content.decode()
    assert (
        AuditEvent.objects.filter(object_type="archive.capture", object_id=str(capture.pk), action="view").count() == 1
    )
    assert AuditEvent.objects.filter(object_type="archive.capture", actor_id=other.pk).count() == 0
    # The same bytes again from the other operator: told it is a duplicate, shown nothing of the record.
    again = client_for(other).post(
        reverse("archive:upload"),
        {"file": SimpleUploadedFile("salinan.pdf", ORIGINAL + b"sr")},
        HTTP_X_REQUESTED_WITH="XMLHttpRequest",
    )
    assert again.status_code == 409 and "rahasia.pdf" not in again.content.decode()
    assert "capture_id" not in again.json()


@pytest.mark.parametrize("security", LEVELS)
def test_the_review_form_puts_the_letter_before_a_chosen_leader(security):
    office = build_office()
    clerk = _operator("pencatat")
    letter = IncomingLetterFactory(security=security)
    capture = capture_create(content=ORIGINAL + b"form" + security.encode(), name="s.pdf", user=clerk).capture
    capture.letter, capture.status = letter, Capture.Status.NEEDS_REVIEW
    capture.save()
    client = client_for(clerk)
    page = client.get(reverse("archive:review", args=[capture.pk]))
    form = page.context["form"]
    assert form.initial["addressed_to"] == office["kadis"].pk  # the head of office unless chosen otherwise
    data = {
        "number": letter.number,
        "letter_date": "2025-03-03",
        "received_on": "2025-03-05",
        "sender": letter.sender,
        "subject": letter.subject,
        "urgency": "biasa",
        "security": security,
        "attachments": "",
        "addressee": "",
        "addressed_to": office["sekretaris"].pk,
        "suggestion": "other",
        "classification": letter.classification_id or _any_code(),
        "summary": "",
    }
    assert client.post(reverse("archive:review", args=[capture.pk]), data).status_code == 302
    letter.refresh_from_db()
    assert letter.addressed_to == office["sekretaris"] and letter.status == IncomingLetter.Status.REGISTERED
    sekretaris = office.users["sekretaris"]
    sekretaris.groups.add(Group.objects.get(name="Pejabat"))
    kadis = office.users["kadis"]
    kadis.groups.add(Group.objects.get(name="Pejabat"))
    page_url = reverse("archive:review", args=[capture.pk])
    assert client_for(sekretaris).get(page_url).status_code == 200
    assert client_for(kadis).get(page_url).status_code == (404 if security in RESTRICTED else 200)


def _any_code() -> int:
    from archive.models import ClassificationCode

    return ClassificationCode.objects.filter(is_active=True, retention_active_years__isnull=False).values_list(
        "pk", flat=True
    )[0]


def test_cancelled_recipients_leave_the_chain():
    world = build_world("rahasia")
    DispositionRecipient.objects.filter(pk=world.below.pk).update(status=DispositionRecipient.Status.CANCELLED)
    kasi = client_for(world.users["kasi"])
    assert kasi.get(reverse("archive:review", args=[world.capture.pk])).status_code == 404
    assert kasi.get(reverse("archive_dispositions:detail", args=[world.below.pk])).status_code == 404


# Outgoing letters ------------------------------------------------------------------------------------------------

OUTGOING_URLS = {
    "detail": ("archive_outgoing:detail", "halaman surat keluar"),
    "draft_file": ("archive_outgoing:draft_file", "berkas konsep"),
    "edit": ("archive_outgoing:edit", None),
    "review": ("archive_outgoing:review", None),
}


@pytest.mark.parametrize("security", LEVELS)
def test_outgoing_letters_open_to_their_drafter_and_review_chain_only_when_restricted(security):
    office = build_office()
    for key, user in office.users.items():
        user.groups.add(Group.objects.get(name="Staf" if key == "staf" else "Pejabat"))
    today = timezone.localdate()
    plt = UserFactory(username="plt_kasi")
    plt.groups.add(Group.objects.get(name="Pejabat"))
    PositionHolder.objects.create(position=office["kasi"], user=plt, start=today, acting=True)
    users = {
        **office.users,
        "plt": plt,
        "operator": _operator("tata_usaha"),  # sees every outgoing letter that is not restricted
        "superuser": UserFactory(username="root", is_superuser=True, is_staff=True),
        "anonymous": None,
    }
    from archive.models import ClassificationCode
    from archive.services.outgoing import outgoing_create, outgoing_submit

    letter = outgoing_create(
        unit=office["kasi"].unit,
        drafter=users["staf"],
        subject=SUBJECT,
        classification=ClassificationCode.objects.get(scheme="permendagri_83_2022", code="800.1.3"),
        draft_file=SimpleUploadedFile("konsep.pdf", b"%PDF-1.4 konsep", content_type="application/pdf"),
        security=security,
        addressees="Kepala BKD",
    )
    outgoing_submit(letter=letter, user=users["staf"], verifiers=[office["kasi"]], signer=office["kadis"])
    chain = {"staf", "kasi", "kadis", "plt"}
    may_open = chain | ({"operator", "superuser"} if security == "biasa" else set())
    for key, user in users.items():
        client = client_for(user)
        listing = client.get(reverse("archive_outgoing:list"))
        if listing.status_code == 200:
            assert (SUBJECT in listing.content.decode()) == (key in may_open), key
        for url_key, (name, what) in OUTGOING_URLS.items():
            method = "post" if url_key == "review" else "get"
            reads = AuditEvent.objects.filter(
                object_type="archive.outgoingletter", object_id=str(letter.pk), action__in=["view", "download"]
            )
            before = reads.filter(actor_id=getattr(user, "pk", None)).count()
            response, content = ask(client, method, reverse(name, args=[letter.pk]))
            if key in may_open:
                assert response.status_code != 404, (key, url_key)
                if what and method == "get":
                    response = client.get(reverse(name, args=[letter.pk]))
                    assert response.status_code == 200, (key, url_key)
                    body(response)
                    logged = reads.filter(actor_id=user.pk).count() - before
                    assert logged == (1 if security in RESTRICTED else 0), (key, url_key)
                    assert not reads.filter(object_repr__contains=SUBJECT).exists()
            else:
                missing = ask(client, method, reverse(name, args=[MISSING]))[0].status_code
                assert response.status_code == missing and missing in (302, 403, 404), (key, url_key)
                assert SUBJECT.encode() not in content, (key, url_key)


# Reminders -------------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("security", LEVELS)
def test_an_undisposed_restricted_letter_is_reminded_only_to_the_leader_it_was_put_before(security):
    from django.core import mail

    from archive.models import Reminder
    from archive.services.reminders import dispositions_remind

    office = build_office()
    letter = IncomingLetterFactory(security=security, received_on=datetime.date(2025, 3, 3), number=NUMBER)
    letter_confirm(letter=letter, user=_operator("pencatat"), addressed_to=office["sekretaris"])
    dispositions_remind(today=datetime.date(2025, 3, 7))
    told = set(Reminder.objects.filter(letter=letter).values_list("position__title", flat=True))
    written_to = {address for message in mail.outbox if NUMBER in message.body for address in message.to}
    if security in RESTRICTED:
        assert told == {"Sekretaris Dinas"} and written_to == {"sekretaris@dinas.example.test"}
    else:
        assert told == {"Kepala Dinas"} and written_to == {"kadis@dinas.example.test"}
