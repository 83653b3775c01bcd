"""The sender's receipt and the public tracking page (/lacak/<code>, no login): every registered letter gets an
unguessable code; the receipt PDF carries the agenda number, the date received, the code and its QR code; the page
follows the letter through its stages (received, with the leader, disposed to a unit, being handled, finished,
answered) with dates, shows no content and no person's name (and no post or unit of a restricted letter), does not
know unknown codes, and stops guessing."""

from __future__ import annotations

import datetime
import re

import pytest
from django.contrib.auth.models import Permission
from django.core.cache import cache
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from archive import random_codes
from archive.models import Employee
from archive.services.dispositions import (
    disposition_complete,
    disposition_create,
    disposition_mark_read,
    disposition_report,
)
from archive.services.signing import outgoing_sign
from archive.services.tracking import tracking_code_issue, tracking_url
from tests.factories.archive import IncomingLetterFactory
from tests.factories.dispositions import instructions, registered_letter
from tests.factories.eletters import (
    PASSPHRASE,
    approve_verifiers,
    build_eoffice,
    composed_letter,
    pdf_text,
    tte_certificate,
)
from tests.factories.users import make_user

pytestmark = pytest.mark.django_db

SUBJECT = "Permohonan data kependudukan untuk penelitian"
SENDER = "Universitas Jenderal Soedirman Purwokerto"


@pytest.fixture(autouse=True)
def fresh_rate_limits():
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def office():
    return build_eoffice()


def incoming(office, **values):
    fields = {
        "number": "070/123/UNSOED/2026",
        "letter_date": datetime.date(2026, 12, 1),
        "sender": SENDER,
        "subject": SUBJECT,
        "summary": "Meminta data agregat per kecamatan",
        **values,
    }
    return registered_letter(user=office.users["staf"], **fields)


def stages(html: str) -> dict[str, str]:
    """Each stage's class (reached/pending, current) by its key, as the page marks them."""
    return {key: classes for classes, key in re.findall(r'<li class="([^"]*)" data-stage="([a-z]+)"', html)}


def track(code: str, client: Client | None = None):
    return (client or Client()).get(f"/lacak/{code}")


def test_registration_gives_an_unguessable_tracking_code(office):
    first, second = incoming(office), incoming(office, number="070/124/UNSOED/2026")
    for letter in (first, second):
        assert len(letter.tracking_code) == random_codes.LENGTH
        assert set(letter.tracking_code) <= set(random_codes.ALPHABET)
    assert first.tracking_code != second.tracking_code
    assert tracking_code_issue(letter=first) == first.tracking_code  # kept, never replaced


def test_the_stages_from_received_to_answered(office):
    letter = incoming(office)
    html = track(letter.tracking_code).content.decode()
    assert [key for key, classes in stages(html).items() if "reached" in classes] == ["received", "leader"]
    assert "current" in stages(html)["leader"] and "Kepala Dinas" in html

    kadis, kabid = office.users["kadis"], office.users["kabid"]
    disposition = disposition_create(
        letter=letter,
        from_position=office["kadis"],
        user=kadis,
        recipients=[office["kabid"]],
        instructions=instructions("Tindak lanjuti/selesaikan"),
        note="Siapkan data sesuai permintaan",
    )
    recipient = disposition.recipients.get()
    marked = stages(track(letter.tracking_code).content.decode())
    assert "reached" in marked["disposed"] and "pending" in marked["handling"]
    assert "Bidang PIAK" in track(letter.tracking_code).content.decode()

    disposition_mark_read(recipient=recipient, user=kabid)
    disposition_report(recipient=recipient, user=kabid, note="Data sedang disusun")
    marked = stages(track(letter.tracking_code).content.decode())
    assert "current" in marked["handling"] and "pending" in marked["finished"]

    disposition_complete(recipient=recipient, user=kabid, note="Data sudah dikirim")
    marked = stages(track(letter.tracking_code).content.decode())
    assert "current" in marked["finished"] and "pending" in marked["answered"]

    tte_certificate(kadis)
    reply = approve_verifiers(office, composed_letter(office, reply_to=letter, subject=f"Balasan: {SUBJECT}"))
    outgoing_sign(letter=reply, user=kadis, passphrase=PASSPHRASE)
    html = track(letter.tracking_code).content.decode()
    assert all("reached" in classes for classes in stages(html).values())
    assert "current" in stages(html)["answered"]
    today = timezone.localdate()
    assert f"{today.day} " in html and str(today.year) in html
    for secret in (SUBJECT, "Meminta data agregat", "Siapkan data", "Data sedang disusun", "Tindak lanjuti"):
        assert secret not in html  # never the content, of the letter or of the chain
    for employee in Employee.objects.all():  # never a person's name
        assert employee.full_name not in html


def test_a_restricted_letter_reveals_nothing(office):
    letter = incoming(office, security="rahasia")
    disposition = disposition_create(
        letter=letter,
        from_position=office["kadis"],
        user=office.users["kadis"],
        recipients=[office["kabid"]],
        note="Rahasia: tangani sendiri",
    )
    disposition_mark_read(recipient=disposition.recipients.get(), user=office.users["kabid"])
    response = track(letter.tracking_code)
    html = response.content.decode()
    assert response.status_code == 200
    marked = stages(html)
    assert "reached" in marked["disposed"] and "current" in marked["handling"]
    for secret in (
        SUBJECT,
        SENDER,
        letter.number,
        "Meminta data",
        "Rahasia: tangani",
        "Kepala Dinas",
        "Kabid PIAK",
        "Bidang PIAK",
    ):
        assert secret not in html
    for employee in Employee.objects.all():
        assert employee.full_name not in html


def test_unknown_and_unregistered_codes_are_not_found(office):
    assert track("7KQ2M9XA40TZ").status_code == 404
    draft = IncomingLetterFactory(tracking_code="ABCDEFGHJKMN")  # a code on a letter never registered
    assert draft.status != "registered" and track(draft.tracking_code).status_code == 404


def test_typed_codes_are_forgiving(office):
    letter = incoming(office)
    typed = random_codes.grouped(letter.tracking_code).lower()
    response = Client().get("/lacak/", {"kode": f" {typed} "})
    assert response.status_code == 302 and response.url == f"/lacak/{letter.tracking_code}"
    assert track(random_codes.grouped(letter.tracking_code)).status_code == 200
    assert Client().get("/lacak/").status_code == 200


def test_guessing_is_stopped(office):
    letter = incoming(office)
    client = Client()
    for attempt in range(15):
        assert track(f"TEBAKAN{attempt:05d}", client).status_code == 404
    blocked = track(letter.tracking_code, client)
    assert blocked.status_code == 429 and blocked["Retry-After"] == "600"
    assert track(letter.tracking_code, Client(REMOTE_ADDR="10.0.0.9")).status_code == 200


def test_the_receipt_pdf_for_the_person_who_brought_the_letter(office):
    staf = office.users["staf"]
    staf.user_permissions.add(*Permission.objects.filter(codename__in=["access_admin", "change_incomingletter"]))
    letter = incoming(office)
    client = Client()
    client.force_login(staf)
    response = client.get(reverse("archive:receipt", args=[letter.pk]))
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    text = pdf_text(response.content)
    entry = letter.register_entry
    for expected in (
        "TANDA TERIMA SURAT",
        f"{entry.agenda_number}/{entry.agenda_year}",
        random_codes.grouped(letter.tracking_code),
        tracking_url(letter.tracking_code),
        "DINAS KEPENDUDUKAN DAN PENCATATAN SIPIL",
    ):
        assert expected in text, expected
    assert letter.received_on.strftime("%Y") in text

    outsider = Client()
    outsider.force_login(make_user(None, "luar"))
    assert outsider.get(reverse("archive:receipt", args=[letter.pk])).status_code == 403
