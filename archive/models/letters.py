"""Incoming letters (surat masuk): the record a captured scan becomes once the clerk confirms it."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from archive.letter_keys import number_key, sender_key

URGENCY_CHOICES = [("biasa", _("biasa")), ("segera", _("segera")), ("sangat_segera", _("sangat segera"))]
SECURITY_CHOICES = [
    ("biasa", _("biasa")),
    ("terbatas", _("terbatas")),
    ("rahasia", _("rahasia")),
    ("sangat_rahasia", _("sangat rahasia")),
]

# Security levels whose letters only the registering operator and the posts on the disposition chain may open.
RESTRICTED_LEVELS = ("terbatas", "rahasia", "sangat_rahasia")


class IncomingLetter(models.Model):
    """A letter received by the office, pre-filled from its scan and confirmed by a clerk."""

    class Status(models.TextChoices):
        NEEDS_REVIEW = "needs_review", _("perlu diperiksa")
        REGISTERED = "registered", _("terdaftar")

    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.NEEDS_REVIEW)
    number = models.CharField(_("nomor surat"), max_length=200, blank=True, db_index=True)
    # Marked by the clerk when the letter truly bears no number or no date; otherwise both are required to register.
    without_number = models.BooleanField(_("tanpa nomor"), default=False)
    letter_date = models.DateField(_("tanggal surat"), null=True, blank=True)
    without_date = models.BooleanField(_("tanpa tanggal"), default=False)
    received_on = models.DateField(_("tanggal diterima"), null=True, blank=True)
    sender = models.CharField(_("asal/pengirim"), max_length=400, blank=True)
    # Comparison keys of number and sender (archive.letter_keys), kept with every save: how a second registration
    # of the same letter is found.
    number_key = models.CharField(max_length=200, blank=True, db_index=True, editable=False)
    sender_key = models.CharField(max_length=400, blank=True, editable=False)
    subject = models.TextField(_("perihal"), blank=True)
    urgency = models.CharField(_("sifat (kecepatan)"), max_length=20, choices=URGENCY_CHOICES, default="biasa")
    security = models.CharField(_("klasifikasi keamanan"), max_length=20, choices=SECURITY_CHOICES, default="biasa")
    attachments = models.CharField(_("lampiran"), max_length=300, blank=True)
    addressee = models.TextField(_("tujuan (Yth.)"), blank=True)
    classification = models.ForeignKey(
        "archive.ClassificationCode",
        verbose_name=_("kode klasifikasi"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="incoming_letters",
    )
    summary = models.TextField(_("isi ringkas"), blank=True)
    # The leader the letter is put before ("disampaikan kepada pimpinan"): the root of its disposition chain, and so
    # among the few who may open it when it is restricted. Registration fills in the head of office when left empty.
    addressed_to = models.ForeignKey(
        "archive.Position",
        verbose_name=_("disampaikan kepada"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    # A letter sent by a unit of this office through the e-office: the signed outgoing letter it is a copy of.
    source_outgoing = models.ForeignKey(
        "archive.OutgoingLetter",
        verbose_name=_("dari surat keluar"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="internal_copies",
    )
    # Printed on the sender's receipt (tanda terima): opens the public tracking page /lacak/<code>. Given at
    # registration (archive.services.tracking); unguessable, so that only the one holding the receipt follows it.
    tracking_code = models.CharField(_("kode lacak"), max_length=32, unique=True, null=True, blank=True, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    registered_at = models.DateTimeField(_("didaftarkan pada"), null=True, blank=True)
    registered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("surat masuk")
        verbose_name_plural = _("surat masuk")

    def __str__(self) -> str:
        return self.number or self.subject[:60] or f"#{self.pk}"

    def save(self, *args, **kwargs):
        self.number_key, self.sender_key = number_key(self.number), sender_key(self.sender)
        update_fields = kwargs.get("update_fields")
        if update_fields is not None and {"number", "sender"} & set(update_fields):
            kwargs["update_fields"] = {*update_fields, "number_key", "sender_key"}
        super().save(*args, **kwargs)

    @property
    def is_restricted(self) -> bool:
        return self.security in RESTRICTED_LEVELS
