"""What official letters print about the office and its people: the kop of a unit, and an employee's name, rank
and NIP for signature blocks."""

import uuid
from pathlib import PurePosixPath

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


def logo_path(instance: "Letterhead", filename: str) -> str:
    """Logos live under an unguessable name; they are read into the PDFs, never linked."""
    suffix = PurePosixPath(filename).suffix.lower()
    suffix = suffix if suffix in {".png", ".jpg", ".jpeg", ".svg"} else ""
    return f"archive/kop/{uuid.uuid4().hex}{suffix}"


class Letterhead(models.Model):
    """The kop naskah dinas of a unit. A unit without one prints the kop of the nearest unit above it that has one
    (a Seksi writes on its Dinas's kop)."""

    unit = models.OneToOneField(
        "archive.Unit", verbose_name=_("unit kerja"), on_delete=models.CASCADE, related_name="letterhead"
    )
    government = models.CharField(
        _("pemerintah daerah"), max_length=200, blank=True, help_text=_("Misalnya PEMERINTAH KABUPATEN BANJARNEGARA.")
    )
    office_name = models.CharField(
        _("nama instansi"), max_length=300, help_text=_("Misalnya DINAS KEPENDUDUKAN DAN PENCATATAN SIPIL.")
    )
    address = models.CharField(_("alamat"), max_length=300)
    phone = models.CharField(_("telepon"), max_length=100, blank=True)
    fax = models.CharField(_("faksimile"), max_length=100, blank=True)
    email = models.EmailField(_("pos-el"), blank=True)
    website = models.CharField(_("laman"), max_length=200, blank=True)
    postal_code = models.CharField(_("kode pos"), max_length=10, blank=True)
    city = models.CharField(
        _("tempat penandatanganan"),
        max_length=100,
        help_text=_("Nama tempat sebelum tanggal surat, misalnya Banjarnegara."),
    )
    logo = models.FileField(_("lambang daerah"), upload_to=logo_path, blank=True, help_text=_("PNG, JPEG atau SVG."))

    class Meta:
        verbose_name = _("kop surat")
        verbose_name_plural = _("kop surat")

    def __str__(self) -> str:
        return self.office_name


class Employee(models.Model):
    """A person's official identity as a signature block prints it (nama dengan gelar, pangkat/golongan, NIP)."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, verbose_name=_("pengguna"), on_delete=models.CASCADE, related_name="employee"
    )
    full_name = models.CharField(_("nama lengkap dengan gelar"), max_length=200)
    nip = models.CharField(_("NIP"), max_length=30, blank=True)
    rank = models.CharField(
        _("pangkat/golongan"), max_length=100, blank=True, help_text=_("Misalnya Pembina Utama Muda, IV/c.")
    )

    class Meta:
        ordering = ["full_name"]
        verbose_name = _("pegawai")
        verbose_name_plural = _("pegawai")

    def __str__(self) -> str:
        return self.full_name
