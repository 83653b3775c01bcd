"""Registers (buku agenda) of incoming and outgoing letters, their entries, and the counters behind every number."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class Register(models.Model):
    """A buku agenda: the office's incoming or outgoing register, or one kept by a unit."""

    class Kind(models.TextChoices):
        INCOMING = "incoming", _("surat masuk")
        OUTGOING = "outgoing", _("surat keluar")

    name = models.CharField(_("nama"), max_length=200)
    code = models.SlugField(_("kode"), max_length=40, unique=True)
    kind = models.CharField(_("jenis"), max_length=20, choices=Kind.choices)
    unit = models.ForeignKey(
        "archive.Unit",
        verbose_name=_("unit kerja"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="registers",
        help_text=_("Kosongkan untuk buku agenda kantor."),
    )
    # The register a confirmed letter goes into when no other is named.
    is_default = models.BooleanField(_("buku agenda utama"), default=False)

    class Meta:
        ordering = ["kind", "name"]
        constraints = [
            models.UniqueConstraint(fields=["kind"], condition=Q(is_default=True), name="one_default_register_per_kind")
        ]
        verbose_name = _("buku agenda")
        verbose_name_plural = _("buku agenda")

    def __str__(self) -> str:
        return self.name


class Sequence(models.Model):
    """The last number given in one scope and year; incremented under a row lock inside the caller's transaction.

    The scope names what is counted ("register:3", "outgoing:unit:7:surat"); a new year starts a new row, so
    numbering restarts at 1 every 1 January (nomor urut dalam satu tahun takwim).
    """

    scope = models.CharField(_("lingkup"), max_length=120)
    year = models.PositiveSmallIntegerField(_("tahun"))
    last_value = models.PositiveIntegerField(_("nomor terakhir"), default=0)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["scope", "year"]
        constraints = [models.UniqueConstraint(fields=["scope", "year"], name="unique_sequence_scope_year")]
        verbose_name = _("urutan nomor")
        verbose_name_plural = _("urutan nomor")

    def __str__(self) -> str:
        return f"{self.scope} {self.year}: {self.last_value}"


class RegisterEntry(models.Model):
    """One line of an incoming register: the letter and its agenda number, unique per register and year.

    The letter's own fields (number, dates, sender, subject, sifat, code, attachments) are the rest of the
    line; they are read from the letter, not copied.
    """

    register = models.ForeignKey(
        Register, verbose_name=_("buku agenda"), on_delete=models.PROTECT, related_name="entries"
    )
    agenda_year = models.PositiveSmallIntegerField(_("tahun agenda"))
    agenda_number = models.PositiveIntegerField(_("nomor agenda"))
    # PROTECT: deleting a registered letter would leave a hole in the register.
    letter = models.OneToOneField(
        "archive.IncomingLetter", verbose_name=_("surat"), on_delete=models.PROTECT, related_name="register_entry"
    )
    registered_at = models.DateTimeField(_("didaftarkan pada"), auto_now_add=True)
    registered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["register", "agenda_year", "agenda_number"]
        constraints = [
            models.UniqueConstraint(
                fields=["register", "agenda_year", "agenda_number"], name="unique_agenda_number_per_register_year"
            )
        ]
        verbose_name = _("entri buku agenda")
        verbose_name_plural = _("entri buku agenda")

    def __str__(self) -> str:
        return f"{self.agenda_number}/{self.agenda_year} — {self.letter}"
