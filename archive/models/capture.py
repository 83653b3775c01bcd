"""One captured file on its way to becoming a letter: the original, its processing state and results."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Capture(models.Model):
    """An uploaded, ingested or watched-folder file; the original is kept whatever happens to it."""

    class Status(models.TextChoices):
        QUEUED = "queued", _("antre")
        PROCESSING = "processing", _("diproses")
        NEEDS_REVIEW = "needs_review", _("perlu diperiksa")
        REGISTERED = "registered", _("terdaftar")
        FAILED = "failed", _("gagal")
        REFUSED = "refused", _("ditolak")

    class Source(models.TextChoices):
        UPLOAD = "upload", _("unggahan")
        INGEST = "ingest", _("perintah ingest")
        WATCH = "watch", _("folder pantauan")
        API = "api", _("API")
        EMAIL = "email", _("surel")
        E_OFFICE = "e_office", _("surat keluar internal (e-office)")

    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.QUEUED, db_index=True)
    step = models.CharField(_("tahap"), max_length=40, blank=True)
    progress_done = models.PositiveIntegerField(default=0)
    progress_total = models.PositiveIntegerField(default=0)
    error = models.TextField(_("alasan gagal"), blank=True)
    attempts = models.PositiveSmallIntegerField(_("percobaan"), default=0)
    # The worker processing the capture holds a lease (archive.capture_lease): its token and the time until which
    # its heartbeat keeps the lease; a lease not renewed in time means the worker died and the capture is taken up
    # again.
    lease_owner = models.CharField(max_length=64, blank=True)
    lease_until = models.DateTimeField(null=True, blank=True)

    original = models.FileField(_("berkas asli"), max_length=300)
    original_name = models.CharField(_("nama berkas"), max_length=255)
    sha256 = models.CharField(max_length=64, db_index=True)
    size = models.BigIntegerField(_("ukuran (bita)"))
    mime_type = models.CharField(_("jenis"), max_length=100, blank=True)
    type_description = models.CharField(_("keterangan jenis"), max_length=300, blank=True)
    page_count = models.PositiveIntegerField(_("jumlah halaman"), null=True, blank=True)

    source = models.CharField(_("sumber"), max_length=10, choices=Source.choices, default=Source.UPLOAD)
    # Where it came from beyond the source: for an e-mail, the sender's address, the subject and the Message-ID.
    context = models.JSONField(_("asal-usul"), default=dict, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    text = models.TextField(_("teks"), blank=True)
    pages = models.JSONField(_("halaman"), default=list, blank=True)
    mean_confidence = models.FloatField(_("keyakinan OCR rata-rata"), null=True, blank=True)
    searchable_pdf = models.FileField(_("PDF dapat dicari"), max_length=300, blank=True)
    thumbnail = models.FileField(_("gambar kecil"), max_length=300, blank=True)
    fields = models.JSONField(_("isian terbaca"), default=dict, blank=True)
    suggestions = models.JSONField(_("saran kode"), default=list, blank=True)
    notes = models.JSONField(_("catatan"), default=list, blank=True)
    letter = models.OneToOneField(
        "archive.IncomingLetter", null=True, blank=True, on_delete=models.SET_NULL, related_name="capture"
    )

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("berkas masuk")
        verbose_name_plural = _("berkas masuk")

    def __str__(self) -> str:
        return self.original_name

    @property
    def is_finished(self) -> bool:
        return self.status in {
            self.Status.NEEDS_REVIEW,
            self.Status.REGISTERED,
            self.Status.FAILED,
            self.Status.REFUSED,
        }

    @property
    def can_retry(self) -> bool:
        return self.status == self.Status.FAILED
