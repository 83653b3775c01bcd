"""Signing a letter with TTE: the pass phrase opens the signer's key; the letter is numbered and signed in PAdES;
the signed PDF validates with pyHanko's validator and with poppler's pdfsig, carries its visible mark with the QR
code and a timestamp when a TSA is configured, and can never be changed. A wrong pass phrase is refused and
audited, and repeated ones pause signing."""

from __future__ import annotations

import io
import shutil
import subprocess
import threading
from http.server import BaseHTTPRequestHandler, HTTPServer
from pathlib import Path

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import DatabaseError, transaction

from archive.models import AuditEvent, DispositionRecipient, LetterSignature, OutgoingLetter, SignatureImmutable
from archive.services.dispositions import disposition_create
from archive.services.signing import WrongPassphraseError, outgoing_sign, signed_pdf_bytes
from archive.signing.validation import pdf_signatures
from tests.factories.dispositions import instructions, registered_letter
from tests.factories.eletters import (
    PASSPHRASE,
    approve_verifiers,
    build_eoffice,
    composed_letter,
    pdf_text,
    tiny_pdf,
    tte_authority,
    tte_certificate,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def office():
    office = build_eoffice()
    tte_certificate(office.users["kadis"])
    return office


def ready_to_sign(office, **values) -> OutgoingLetter:
    return approve_verifiers(office, composed_letter(office, **values))


def roots() -> list[str]:
    return [tte_authority().certificate_pem]


def test_a_signed_letter_is_numbered_validates_with_pyhanko_and_carries_its_mark(office):
    letter = ready_to_sign(office, naskah_type="surat_undangan")
    signature = outgoing_sign(letter=letter, user=office.users["kadis"], passphrase=PASSPHRASE)
    letter.refresh_from_db()
    assert letter.status == OutgoingLetter.Status.APPROVED and letter.number.startswith("000.1.2/1/PIAK.1/")
    pdf = signed_pdf_bytes(signature)
    [check] = pdf_signatures(pdf, trust_roots_pem=roots())
    assert check.good and check.signer == "Dr. Sahabiq Purwadi Nugroho, S.H., M.H."
    assert check.fingerprint == signature.certificate.fingerprint
    assert (signature.signer_name, signature.signer_post) == (
        "Dr. Sahabiq Purwadi Nugroho, S.H., M.H.",
        "Kepala Dinas Kependudukan dan Pencatatan Sipil",
    )
    text = pdf_text(pdf)
    for expected in (
        letter.number,
        "Ditandatangani secara elektronik oleh:",
        f"Kode verifikasi: {signature.code}",
        f"http://naskah.test/verifikasi/{signature.code}",
        "CA TTE Disdukcapil Banjarnegara",
    ):
        assert expected in text
    assert "KONSEP" not in text
    events = AuditEvent.objects.filter(action=AuditEvent.Action.SIGN, object_id=str(letter.pk))
    assert events.get().changes["sha256"] == signature.sha256


def nss_database(tmp_path: Path) -> str:
    if not shutil.which("certutil") or not shutil.which("pdfsig"):
        pytest.fail("certutil and pdfsig are needed (scripts/bootstrap.sh installs libnss3-tools and poppler-utils)")
    database = tmp_path / "nss"
    database.mkdir()
    (tmp_path / "ca.pem").write_text(roots()[0])
    subprocess.run(["certutil", "-N", "-d", f"sql:{database}", "--empty-password"], check=True)
    subprocess.run(
        ["certutil", "-A", "-d", f"sql:{database}", "-n", "ca-tte", "-t", "C,C,C", "-i", str(tmp_path / "ca.pem")],
        check=True,
    )
    return f"sql:{database}"


def pdfsig(pdf: bytes, tmp_path: Path) -> str:
    path = tmp_path / "surat.pdf"
    path.write_bytes(pdf)
    # No -no-ocsp: poppler 22.12 then reports "Unknown issue with Certificate"; our certificates name no OCSP
    # responder, so nothing is fetched either way.
    run = subprocess.run(["pdfsig", "-nssdir", nss_database(tmp_path), str(path)], capture_output=True, text=True)
    return run.stdout + run.stderr


def test_the_signed_pdf_validates_with_poppler_pdfsig(office, tmp_path):
    signature = outgoing_sign(letter=ready_to_sign(office), user=office.users["kadis"], passphrase=PASSPHRASE)
    report = pdfsig(signed_pdf_bytes(signature), tmp_path)
    assert "Signature Validation: Signature is Valid." in report, report
    assert "Total document signed" in report, report
    assert "Certificate Validation: Certificate is Trusted." in report, report
    assert "Signer Certificate Common Name: Dr. Sahabiq Purwadi Nugroho, S.H., M.H." in report, report


def test_a_changed_copy_fails_both_validators(office, tmp_path):
    signature = outgoing_sign(letter=ready_to_sign(office), user=office.users["kadis"], passphrase=PASSPHRASE)
    pdf = signed_pdf_bytes(signature)
    tampered = bytearray(pdf)
    tampered[400] ^= 0x01  # one bit of the first page's compressed text, inside the signed range
    tampered = bytes(tampered)
    [check] = pdf_signatures(tampered, trust_roots_pem=roots())
    assert not check.good and not check.intact
    assert "Signature is Valid." not in pdfsig(tampered, tmp_path)


def test_a_wrong_pass_phrase_is_refused_audited_and_changes_nothing(office):
    letter = ready_to_sign(office)
    with pytest.raises(WrongPassphraseError):
        outgoing_sign(letter=letter, user=office.users["kadis"], passphrase="bukan pass phrase ini")
    letter.refresh_from_db()
    assert letter.status == OutgoingLetter.Status.IN_REVIEW and letter.number == ""
    assert not LetterSignature.objects.exists()
    refusal = AuditEvent.objects.get(action=AuditEvent.Action.REFUSE)
    assert refusal.actor == "kadis" and refusal.changes == {"why": "wrong passphrase"}
    assert refusal.object_id == str(letter.pk)


def test_five_wrong_pass_phrases_pause_signing_even_with_the_right_one(office):
    letter = ready_to_sign(office)
    for _attempt in range(5):
        with pytest.raises(WrongPassphraseError):
            outgoing_sign(letter=letter, user=office.users["kadis"], passphrase="tebak tebak tebak")
    with pytest.raises(ValidationError, match="Terlalu banyak pass phrase salah"):
        outgoing_sign(letter=letter, user=office.users["kadis"], passphrase=PASSPHRASE)
    assert AuditEvent.objects.filter(action=AuditEvent.Action.REFUSE).count() == 6


def test_only_the_signer_post_signs_and_only_once(office):
    letter = composed_letter(office)
    tte_certificate(office.users["kabid"], "pass phrase kabid 2026")
    with pytest.raises(PermissionDenied):  # the Kabid is the verifier: his turn is a paraf, not a signature
        outgoing_sign(letter=letter, user=office.users["kabid"], passphrase="pass phrase kabid 2026")
    with pytest.raises(PermissionDenied):  # the Kepala Dinas waits for the verifier
        outgoing_sign(letter=letter, user=office.users["kadis"], passphrase=PASSPHRASE)
    letter = approve_verifiers(office, letter)
    outgoing_sign(letter=letter, user=office.users["kadis"], passphrase=PASSPHRASE)
    with pytest.raises(PermissionDenied):
        outgoing_sign(letter=letter, user=office.users["kadis"], passphrase=PASSPHRASE)


def test_the_signature_and_its_pdf_can_never_change(office):
    signature = outgoing_sign(letter=ready_to_sign(office), user=office.users["kadis"], passphrase=PASSPHRASE)
    with pytest.raises(SignatureImmutable):
        signature.save()
    with pytest.raises(SignatureImmutable):
        signature.delete()
    with pytest.raises(DatabaseError), transaction.atomic():
        LetterSignature.objects.filter(pk=signature.pk).update(sha256="0" * 64)
    assert signature.signed_pdf.name.endswith(f"{signature.sha256}.pdf")  # stored under its own hash


def test_an_uploaded_letter_gets_its_number_foot_lines_and_a_signature_page(office):
    letter = ready_to_sign(office, body="", draft_file=_upload())
    signature = outgoing_sign(letter=letter, user=office.users["kadis"], passphrase=PASSPHRASE)
    pdf = signed_pdf_bytes(signature)
    assert signature.page_count == 2
    text = pdf_text(pdf)
    assert "Surat jadi dari bidang" in text
    assert f"Nomor {signature.letter.number}" in text and "Halaman 1 dari 2" in text
    assert "LEMBAR PENGESAHAN TANDA TANGAN ELEKTRONIK" in text and f"Kode verifikasi: {signature.code}" in text
    [check] = pdf_signatures(pdf, trust_roots_pem=roots())
    assert check.good


def _upload():
    from django.core.files.uploadedfile import SimpleUploadedFile

    return SimpleUploadedFile("surat.pdf", tiny_pdf("Surat jadi dari bidang"), content_type="application/pdf")


def test_signing_a_reply_closes_the_dispositions_of_the_letter_it_answers(office):
    incoming = registered_letter(user=office.users["kadis"])
    disposition_create(
        letter=incoming,
        from_position=office["kadis"],
        user=office.users["kadis"],
        recipients=[office["kabid"]],
        instructions=instructions("Siapkan jawaban/konsep"),
    )
    letter = ready_to_sign(office, reply_to=incoming, closes_dispositions=True)
    outgoing_sign(letter=letter, user=office.users["kadis"], passphrase=PASSPHRASE)
    row = DispositionRecipient.objects.get(disposition__letter=incoming)
    assert row.status == DispositionRecipient.Status.DONE
    assert row.reports.get().note == f"Dijawab dengan surat nomor {OutgoingLetter.objects.get(pk=letter.pk).number}."


class _TimestampHandler(BaseHTTPRequestHandler):
    stamper = None

    def do_POST(self):  # noqa: N802 (the standard library's name)
        from asn1crypto import tsp

        request = tsp.TimeStampReq.load(self.rfile.read(int(self.headers["Content-Length"])))
        body = self.stamper.request_tsa_response(request).dump()
        self.send_response(200)
        self.send_header("Content-Type", "application/timestamp-reply")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        pass


@pytest.fixture
def timestamp_server():
    """An RFC 3161 timestamp authority over HTTP on localhost (pyHanko's test TSA behind a real server)."""
    from tests.archive.tsa import tsa_stamper

    stamper, root_pem = tsa_stamper()
    handler = type("Handler", (_TimestampHandler,), {"stamper": stamper})
    server = HTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}/", root_pem
    server.shutdown()


def test_a_configured_timestamp_authority_stamps_the_signature(office, settings, timestamp_server):
    url, tsa_root = timestamp_server
    settings.ARCHIVE_TTE_TSA_URL = url
    signature = outgoing_sign(letter=ready_to_sign(office), user=office.users["kadis"], passphrase=PASSPHRASE)
    assert signature.timestamp_authority == url
    [check] = pdf_signatures(signed_pdf_bytes(signature), trust_roots_pem=roots(), timestamp_roots_pem=[tsa_root])
    assert check.good and check.timestamp is not None
    assert abs((check.timestamp - signature.signed_at).total_seconds()) < 60


def test_an_unreachable_timestamp_authority_leaves_the_letter_numbered_for_a_retry(office, settings):
    settings.ARCHIVE_TTE_TSA_URL = "http://127.0.0.1:9/"  # nothing listens on the discard port
    letter = ready_to_sign(office)
    with pytest.raises(ValidationError, match="belum dapat ditandatangani"):
        outgoing_sign(letter=letter, user=office.users["kadis"], passphrase=PASSPHRASE)
    letter.refresh_from_db()
    number = letter.number
    assert letter.status == OutgoingLetter.Status.APPROVED and number and not LetterSignature.objects.exists()
    assert AuditEvent.objects.filter(action=AuditEvent.Action.REFUSE, changes__why="signing").exists()
    settings.ARCHIVE_TTE_TSA_URL = ""
    signature = outgoing_sign(letter=letter, user=office.users["kadis"], passphrase=PASSPHRASE)
    assert signature.letter.number == number  # the same number: no serial was used twice
    assert io.BytesIO(signed_pdf_bytes(signature)).read(5) == b"%PDF-"
