"""The public verification page (reached from the QR code, no login): what it shows of a signed letter (never the
content, and not even the hal of a restricted one), valid or revoked; an uploaded PDF is valid only when it is
exactly the signed original (a changed or re-signed copy is not); unknown codes are not found and guessing is
rate limited. Rotating a certificate keeps older letters valid; revoking it shows them revoked."""

from __future__ import annotations

import io

import pytest
from django.core.cache import cache
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from archive.models import SigningCertificate
from archive.services.signing import outgoing_sign, signed_pdf_bytes
from archive.services.signing_certificates import certificate_revoke, certificate_rotate
from archive.signing.backends.office_ca import keystore_secret
from archive.signing.keystore import keystore_open
from tests.factories.eletters import PASSPHRASE, approve_verifiers, build_eoffice, composed_letter, tte_certificate

pytestmark = pytest.mark.django_db
KABID_PASSPHRASE = "pass phrase kabid 2026"


@pytest.fixture(autouse=True)
def fresh_rate_limits():
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def office():
    office = build_eoffice()
    tte_certificate(office.users["kadis"])
    return office


def signed(office, **values):
    letter = approve_verifiers(office, composed_letter(office, **values))
    return outgoing_sign(letter=letter, user=office.users["kadis"], passphrase=PASSPHRASE)


def page(code: str, client: Client | None = None, **upload):
    client = client or Client()
    url = f"/verifikasi/{code}"
    if upload:
        return client.post(url, {"berkas": SimpleUploadedFile("surat.pdf", upload["data"])})
    return client.get(url)


def test_the_page_shows_the_signed_letter_as_valid_without_login(office):
    signature = signed(office, subject="Undangan rapat koordinasi pelayanan")
    response = page(signature.code)
    html = response.content.decode()
    assert response.status_code == 200
    for expected in (
        "SAH",
        signature.letter.number,
        "Undangan rapat koordinasi pelayanan",
        "Dr. Sahabiq Purwadi Nugroho, S.H., M.H.",
        "Kepala Dinas Kependudukan dan Pencatatan Sipil",
        "CA TTE Disdukcapil Banjarnegara",
    ):
        assert expected in html
    assert "Bawang" not in html  # the body (its table) is never shown
    assert page(signature.code.lower()).status_code == 200  # typed in lower case from the printed code


def test_a_restricted_letter_shows_no_hal(office):
    signature = signed(office, subject="Data pribadi pemohon KTP", security="rahasia")
    html = page(signature.code).content.decode()
    assert "SAH" in html and signature.letter.number in html
    assert "Data pribadi pemohon KTP" not in html and "berklasifikasi terbatas" in html


def test_the_original_is_valid_and_a_changed_copy_is_not(office):
    signature = signed(office)
    original = signed_pdf_bytes(signature)
    html = page(signature.code, data=original).content.decode()
    assert "Berkas ASLI dan SAH" in html

    tampered = bytearray(original)
    tampered[400] ^= 0x01
    html = page(signature.code, data=bytes(tampered)).content.decode()
    assert "Berkas TIDAK SAH" in html and "diubah setelah ditandatangani" in html

    appended = original + b"\n% a comment added after signing\n"
    html = page(signature.code, data=appended).content.decode()
    assert "Berkas TIDAK SAH" in html and "tidak sama persis" in html

    html = page(signature.code, data=b"bukan pdf").content.decode()
    assert "Berkas TIDAK SAH" in html and "bukan PDF" in html


def _sign_again(pdf: bytes, certificate: SigningCertificate, passphrase: str) -> bytes:
    """Another signer signs the signed letter (an incremental update with a second signature field)."""
    from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
    from pyhanko.sign import signers

    from archive.signing.pdf import _signer

    key = keystore_open(sealed=certificate.keystore, passphrase=passphrase, secret=keystore_secret())
    writer = IncrementalPdfFileWriter(io.BytesIO(pdf))
    metadata = signers.PdfSignatureMetadata(field_name="TandaTanganLain")
    return signers.sign_pdf(writer, metadata, signer=_signer(key)).getvalue()


def test_a_re_signed_copy_is_not_valid(office, monkeypatch):
    from pyhanko.sign.general import SigningError
    from pyhanko.sign.signers.pdf_signer import PdfSigner

    signature = signed(office)
    other = tte_certificate(office.users["kabid"], KABID_PASSPHRASE)
    with pytest.raises(SigningError, match="forbids all changes"):  # pyHanko honours the letter's DocMDP lock
        _sign_again(signed_pdf_bytes(signature), other, KABID_PASSPHRASE)
    # A tool that ignores the lock can still append a signature: the page must see through it.
    monkeypatch.setattr(PdfSigner, "_enforce_certification_constraints", lambda self, reader: None)
    resigned = _sign_again(signed_pdf_bytes(signature), other, KABID_PASSPHRASE)
    html = page(signature.code, data=resigned).content.decode()
    assert "Berkas TIDAK SAH" in html
    assert "ditandatangani ulang setelah tanda tangan aslinya" in html


def test_a_revoked_certificate_shows_its_letters_revoked(office):
    signature = signed(office)
    certificate_revoke(certificate=signature.certificate, by=office.users["kadis"], reason="Pass phrase bocor")
    html = page(signature.code).content.decode()
    assert "DICABUT" in html and "Sertifikat penanda tangan telah dicabut" in html
    html = page(signature.code, data=signed_pdf_bytes(signature)).content.decode()
    assert "Berkas asli, tetapi tidak lagi sah" in html


def test_rotating_keeps_older_letters_valid_and_signs_new_ones_with_the_new_key(office):
    first = signed(office)
    new = certificate_rotate(user=office.users["kadis"], passphrase=PASSPHRASE, new_passphrase="pass phrase baru 2027")
    old = SigningCertificate.objects.get(pk=first.certificate_id)
    assert old.status == SigningCertificate.Status.REPLACED and bytes(old.keystore) == b""
    assert "SAH" in page(first.code).content.decode() and "DICABUT" not in page(first.code).content.decode()
    letter = approve_verifiers(office, composed_letter(office))
    from archive.services.signing import WrongPassphraseError

    with pytest.raises(WrongPassphraseError):
        outgoing_sign(letter=letter, user=office.users["kadis"], passphrase=PASSPHRASE)
    second = outgoing_sign(letter=letter, user=office.users["kadis"], passphrase="pass phrase baru 2027")
    assert second.certificate == new


def test_unknown_codes_are_not_found_and_guessing_is_stopped(office):
    signature = signed(office)
    client = Client()
    for attempt in range(15):
        response = page(f"TEBAKAN{attempt:05d}", client)
        assert response.status_code == 404 and "TIDAK DIKENAL" in response.content.decode()
    blocked = page(signature.code, client)
    assert blocked.status_code == 429 and blocked["Retry-After"] == "600"
    assert page(signature.code, Client(REMOTE_ADDR="10.0.0.9")).status_code == 200  # another address is not held


def test_the_code_form_and_the_authority_certificate(office):
    signature = signed(office)
    response = Client().get("/verifikasi/", {"kode": f" {signature.code[:6].lower()} {signature.code[6:]} "})
    assert response.status_code == 302 and response.url == f"/verifikasi/{signature.code}"
    pem = Client().get("/verifikasi/sertifikat-ca.pem")
    assert pem.status_code == 200 and pem.content.startswith(b"-----BEGIN CERTIFICATE-----")
