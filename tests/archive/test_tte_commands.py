"""The TTE commands: create the office's authority (its key encrypted under the CA pass phrase), show it, enrol,
list and revoke signer certificates."""

from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from archive.models import SigningAuthority, SigningCertificate
from tests.factories.dispositions import build_office
from tests.factories.eletters import tte_certificate

pytestmark = pytest.mark.django_db


def run(*args) -> str:
    out = StringIO()
    call_command(*args, stdout=out)
    return out.getvalue()


def test_create_show_enrol_list_and_revoke(monkeypatch, settings):
    monkeypatch.setenv("NASKAH_TTE_CA_PASSPHRASE", "pass phrase ca yang panjang")
    settings.ARCHIVE_TTE_CA_PASSPHRASE = "pass phrase ca yang panjang"  # the server issuing certificates knows it
    output = run("tte_ca", "create", "--name", "CA TTE Uji", "--organisation", "Pemkab Uji")
    authority = SigningAuthority.objects.get()
    assert authority.fingerprint in output and "ENCRYPTED PRIVATE KEY" in authority.private_key_pem
    assert run("tte_ca", "show").count("BEGIN CERTIFICATE") == 1

    office = build_office()
    assert "may now activate" in run("tte_certificate", "enrol", "kabid")
    with pytest.raises(CommandError, match="sudah memiliki"):
        run("tte_certificate", "enrol", "kabid")
    SigningCertificate.objects.filter(user=office.users["kabid"]).delete()
    certificate = tte_certificate(office.users["kabid"], "pass phrase kabid 2026")
    assert certificate.serial in run("tte_certificate", "list")
    assert "Revoked" in run("tte_certificate", "revoke", certificate.serial.upper(), "--reason", "Pindah tugas")
    certificate.refresh_from_db()
    assert certificate.status == "revoked" and certificate.revoked_reason == "Pindah tugas"


def test_a_short_ca_pass_phrase_is_refused(monkeypatch):
    monkeypatch.setenv("NASKAH_TTE_CA_PASSPHRASE", "pendek")
    with pytest.raises(CommandError, match="sedikitnya 10"):
        run("tte_ca", "create", "--name", "CA", "--organisation", "Pemkab")
    assert not SigningAuthority.objects.exists()
