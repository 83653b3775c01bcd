"""Factories for electronic letters: an office with its kop and employees, and composed outgoing letters."""

from __future__ import annotations

import functools
import io
import re

from archive.models import ClassificationCode, Employee, Letterhead, OutgoingLetter
from archive.services.outgoing import outgoing_create, outgoing_submit
from tests.factories.dispositions import Office, build_office

EMPLOYEES = {
    "kadis": ("Dr. Sahabiq Purwadi Nugroho, S.H., M.H.", "197105061996031003", "Pembina Utama Muda, IV/c"),
    "sekretaris": ("Ir. Rina Kartika, M.Si.", "197503121998032004", "Pembina Tk. I, IV/b"),
    "kabid": ("Budi Santoso, S.Sos.", "198001012005011001", "Pembina, IV/a"),
    "kasi": ("Siti Aminah, S.E.", "198502022010012002", "Penata Tk. I, III/d"),
    "staf": ("Agus Prasetyo", "199001012015011003", "Penata Muda, III/a"),
}

PARTS = {
    "surat": {"di": "Banjarnegara"},
    "surat_undangan": {
        "di": "Tempat",
        "hari_tanggal": "2026-12-14",
        "waktu": "09.00 WIB s.d. selesai",
        "tempat": "Aula Dinas Kependudukan",
        "acara": "Rapat koordinasi pelayanan\nPenyerahan data agregat",
        "penutup": "Mengingat pentingnya acara tersebut, dimohon hadir tepat waktu.",
    },
    "surat_tugas": {
        "dasar": "Peraturan Bupati Banjarnegara Nomor 21 Tahun 2014\nDPA Dinas Tahun Anggaran 2026",
        "kepada": "Siti Aminah, S.E.; 198502022010012002; Penata Tk. I, III/d; Kasi Pendaftaran",
        "untuk": "Mengikuti bimbingan teknis SIAK di Semarang\nMelaporkan hasilnya kepada Kepala Dinas",
    },
    "surat_keterangan": {"yang_diterangkan": "Nama: Agus Prasetyo\nNIP: 199001012015011003\nJabatan: Staf"},
    "keputusan": {
        "menimbang": "bahwa untuk mempercepat pelayanan perlu dibentuk tim jemput bola\n"
        "bahwa perlu menetapkan keputusan",
        "mengingat": "Undang-Undang Nomor 23 Tahun 2006\nPermendagri Nomor 1 Tahun 2023",
        "diktum": "Membentuk Tim Jemput Bola Perekaman KTP-el.\nKeputusan ini mulai berlaku pada tanggal ditetapkan.",
    },
}
BODY = (
    "<p>Dalam rangka <b>koordinasi</b> pelayanan administrasi kependudukan, kami sampaikan data berikut:</p>"
    "<table><tr><th>Kecamatan</th><th>Jumlah</th></tr><tr><td>Bawang</td><td>51.234</td></tr></table>"
)


def build_eoffice() -> Office:
    """build_office() with the Dinas's kop, every post's employee record and the head's signature title."""
    return furnish_eoffice(build_office())


def furnish_eoffice(office: Office) -> Office:
    """Give an office built by build_office() the Dinas's kop, employee records and the head's signature title."""
    dinas = office["kadis"].unit
    Letterhead.objects.create(
        unit=dinas,
        government="Pemerintah Kabupaten Banjarnegara",
        office_name="Dinas Kependudukan dan Pencatatan Sipil",
        address="Jl. Letjend Suprapto No. 234 B, Banjarnegara",
        postal_code="53418",
        phone="(0286) 591538",
        website="dindukcapil.banjarnegarakab.go.id",
        city="Banjarnegara",
    )
    kadis = office["kadis"]
    kadis.signature_title = "Kepala Dinas Kependudukan dan Pencatatan Sipil"
    kadis.save()
    for key, (name, nip, rank) in EMPLOYEES.items():
        Employee.objects.create(user=office.users[key], full_name=name, nip=nip, rank=rank)
    return office


def code(value: str = "000.1.2") -> ClassificationCode:
    return ClassificationCode.objects.filter(code=value).order_by("scheme").first()


def composed_letter(office: Office, *, naskah_type: str = "surat", submit: bool = True, **values) -> OutgoingLetter:
    """A letter drafted by the staf member of Seksi Pendaftaran, submitted to the Kabid and the Kepala Dinas."""
    fields = {
        "unit": office["staf"].unit,
        "drafter": office.users["staf"],
        "subject": "Rapat koordinasi pelayanan administrasi kependudukan",
        "classification": code(),
        "naskah_type": naskah_type,
        "body": BODY,
        "addressees": "Camat Bawang\nCamat Wanadadi",
        "carbon_copies": "Bupati Banjarnegara\nSekretaris Daerah Kabupaten Banjarnegara",
        "attachments": "1 (satu) berkas",
        "details": PARTS.get(naskah_type, {}),
        **values,
    }
    letter = outgoing_create(**fields)
    if submit:
        letter = outgoing_submit(
            letter=letter, user=office.users["staf"], verifiers=[office["kabid"]], signer=office["kadis"]
        )
    return letter


def pdf_text(content: bytes) -> str:
    """The words of a PDF on one line each page (lines wrap anywhere)."""
    from pypdf import PdfReader

    text = "\n".join(page.extract_text() or "" for page in PdfReader(io.BytesIO(content)).pages)
    return re.sub(r"\s+", " ", text)


@functools.cache
def tiny_pdf(text: str = "Surat yang sudah jadi") -> bytes:
    """A one-page PDF with ``text`` on it (as a drafter would upload a finished letter); the same bytes each call."""
    from weasyprint import HTML

    return HTML(string=f"<p>{text}</p>").write_pdf()


PASSPHRASE = "pass phrase kadis 2026"


def tte_authority():
    """The office's CA, created with the test settings' CA pass phrase (one per test database)."""
    from django.conf import settings

    from archive.models import SigningAuthority
    from archive.services.signing_certificates import authority_create

    found = SigningAuthority.objects.filter(is_active=True).first()
    return found or authority_create(
        name="CA TTE Disdukcapil Banjarnegara",
        organisation="Pemerintah Kabupaten Banjarnegara",
        passphrase=settings.ARCHIVE_TTE_CA_PASSPHRASE,
    )


def tte_certificate(user, passphrase: str = PASSPHRASE, *, by=None):
    """An active certificate for ``user``: enrolled by an administrator, activated with ``passphrase``."""
    from archive.services.signing_certificates import certificate_activate, certificate_enroll

    tte_authority()
    enrolment = certificate_enroll(user=user, by=by)
    return certificate_activate(certificate=enrolment, user=user, passphrase=passphrase)


def approve_verifiers(office: Office, letter: OutgoingLetter) -> OutgoingLetter:
    """The Kabid (the verifier of composed_letter) approves; the letter then waits for the signer."""
    from archive.services.outgoing import outgoing_review

    outgoing_review(letter=letter, user=office.users["kabid"], decision="approved")
    letter.refresh_from_db()
    return letter
