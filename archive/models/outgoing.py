"""Outgoing letters (surat keluar): the draft, its review rounds by verifiers and signer, its number, dispatch."""

import uuid
from pathlib import PurePosixPath

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .letters import SECURITY_CHOICES, URGENCY_CHOICES

NASKAH_TYPE_CHOICES = [
    ("surat", _("surat dinas")),
    ("nota_dinas", _("nota dinas")),
    ("surat_undangan", _("surat undangan")),
    ("surat_tugas", _("surat tugas")),
    ("surat_edaran", _("surat edaran")),
    ("surat_keterangan", _("surat keterangan")),
    ("keputusan", _("keputusan")),
    ("pengumuman", _("pengumuman")),
]


def draft_file_path(instance: "OutgoingLetter", filename: str) -> str:
    """Store under archive/keluar/<year>/<random>.<ext>; drafts are served only through a permission check."""
    suffix = PurePosixPath(filename).suffix.lower()[:10]
    suffix = suffix if suffix[1:].isalnum() else ""
    return f"archive/keluar/{timezone.localdate():%Y}/{uuid.uuid4().hex}{suffix}"


class OutgoingLetter(models.Model):
    """A letter the office sends: drafted by a konseptor, reviewed in rounds, numbered after signing, sent."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("konsep")
        IN_REVIEW = "in_review", _("dalam pemeriksaan")
        RETURNED = "returned", _("dikembalikan")
        APPROVED = "approved", _("disetujui (bernomor)")
        DISPATCHED = "dispatched", _("terkirim")

    unit = models.ForeignKey(
        "archive.Unit", verbose_name=_("unit pengirim"), on_delete=models.PROTECT, related_name="outgoing_letters"
    )
    drafter = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("konseptor"), on_delete=models.PROTECT, related_name="+"
    )
    subject = models.TextField(_("hal"))
    body = models.TextField(_("isi"), blank=True)
    draft_file = models.FileField(_("berkas konsep"), upload_to=draft_file_path, blank=True)
    classification = models.ForeignKey(
        "archive.ClassificationCode",
        verbose_name=_("kode klasifikasi"),
        on_delete=models.PROTECT,
        related_name="outgoing_letters",
    )
    naskah_type = models.CharField(_("jenis naskah"), max_length=30, choices=NASKAH_TYPE_CHOICES, default="surat")
    urgency = models.CharField(_("sifat (kecepatan)"), max_length=20, choices=URGENCY_CHOICES, default="biasa")
    security = models.CharField(_("klasifikasi keamanan"), max_length=20, choices=SECURITY_CHOICES, default="biasa")
    addressees = models.TextField(_("tujuan (Yth.)"), blank=True)
    attachments = models.CharField(
        _("lampiran"), max_length=200, blank=True, help_text=_("Misalnya 1 (satu) berkas; kosongkan bila tidak ada.")
    )
    carbon_copies = models.TextField(_("tembusan"), blank=True, help_text=_("Satu tujuan tembusan per baris."))
    # The parts of a naskah type besides the body (the invitation's time and place, a decree's considerations ...),
    # keyed by the names archive.composing.naskah_types gives them.
    details = models.JSONField(_("bagian naskah"), default=dict, blank=True)
    reply_to = models.ForeignKey(
        "archive.IncomingLetter",
        verbose_name=_("membalas surat"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="replies",
    )
    internal_recipients = models.ManyToManyField(
        "archive.Unit",
        verbose_name=_("tujuan di kantor ini"),
        blank=True,
        related_name="+",
        help_text=_("Unit kerja yang menerima surat ini langsung sebagai surat masuk setelah ditandatangani."),
    )
    closes_dispositions = models.BooleanField(
        _("selesaikan disposisi surat yang dibalas"),
        default=False,
        help_text=_("Saat surat balasan ditandatangani, disposisi surat masuk yang masih terbuka diselesaikan."),
    )
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.DRAFT)
    # The round under review now (1 at the first submission, +1 at every resubmission after a return).
    current_round = models.PositiveSmallIntegerField(_("putaran"), default=0)
    number = models.CharField(_("nomor surat"), max_length=200, blank=True, db_index=True)
    number_issued_at = models.DateTimeField(_("nomor diberikan pada"), null=True, blank=True)
    letter_date = models.DateField(_("tanggal surat"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(fields=["number"], condition=~Q(number=""), name="unique_outgoing_number")
        ]
        verbose_name = _("surat keluar")
        verbose_name_plural = _("surat keluar")

    def __str__(self) -> str:
        return self.number or self.subject[:60] or f"#{self.pk}"

    @property
    def status_display(self) -> str:
        """The status as its reader needs it: a dispatched letter reads "terkirim" only once every dispatch went out
        (an e-mail still queued or failing, or a second addressee not yet reached, is said). Lists annotate the two
        counts (``with_dispatch_counts``); a single letter counts its dispatches here."""
        if self.status != self.Status.DISPATCHED:
            return self.get_status_display()
        total, done = getattr(self, "dispatch_total", None), getattr(self, "dispatch_done", None)
        if total is None or done is None:
            total = self.dispatches.count()
            done = self.dispatches.filter(state__in=Dispatch.DONE_STATES).count()
        if done >= total:
            return self.get_status_display()
        return _("dikirim ke %(done)s dari %(total)s tujuan") % {"done": done, "total": total}


def with_dispatch_counts(letters: models.QuerySet) -> models.QuerySet:
    """Outgoing letters with how many dispatches each has and how many of them went out (for ``status_display``)."""
    return letters.annotate(
        dispatch_total=models.Count("dispatches", distinct=True),
        dispatch_done=models.Count(
            "dispatches", filter=Q(dispatches__state__in=Dispatch.DONE_STATES), distinct=True
        ),
    )


class ReviewStep(models.Model):
    """One post's turn on one round: verifiers (paraf) in order, then the signer; every round's steps are kept."""

    class Role(models.TextChoices):
        VERIFIER = "verifier", _("verifikator")
        SIGNER = "signer", _("penandatangan")

    class Decision(models.TextChoices):
        PENDING = "pending", _("menunggu")
        APPROVED = "approved", _("disetujui")
        RETURNED = "returned", _("dikembalikan")
        SKIPPED = "skipped", _("tidak diperiksa")

    letter = models.ForeignKey(OutgoingLetter, on_delete=models.CASCADE, related_name="review_steps")
    round = models.PositiveSmallIntegerField(_("putaran"))
    order = models.PositiveSmallIntegerField(_("urutan"))
    position = models.ForeignKey(
        "archive.Position", verbose_name=_("jabatan"), on_delete=models.PROTECT, related_name="outgoing_reviews"
    )
    role = models.CharField(_("peran"), max_length=20, choices=Role.choices)
    decision = models.CharField(_("keputusan"), max_length=20, choices=Decision.choices, default=Decision.PENDING)
    comment = models.TextField(_("catatan"), blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    decided_at = models.DateTimeField(_("diputuskan pada"), null=True, blank=True)

    class Meta:
        ordering = ["letter", "round", "order"]
        constraints = [
            models.UniqueConstraint(fields=["letter", "round", "order"], name="unique_review_step_per_round")
        ]
        verbose_name = _("langkah pemeriksaan")
        verbose_name_plural = _("langkah pemeriksaan")

    def __str__(self) -> str:
        return f"{self.letter} r{self.round}#{self.order} {self.position} ({self.get_decision_display()})"


class Dispatch(models.Model):
    """A record that the numbered letter went out: by which channel, when and to whom.

    E-mail is queued and sent by the worker after the transaction (``state`` queued, then sent, or failed and
    retried); a letter for a unit of this office becomes an incoming letter there (delivered); a letter printed for
    post or hand delivery is sent, then delivered once its expedition receipt comes back signed.
    """

    class State(models.TextChoices):
        QUEUED = "queued", _("antre")
        SENT = "sent", _("terkirim")
        FAILED = "failed", _("gagal, dicoba lagi")
        GAVE_UP = "gave_up", _("gagal")
        DELIVERED = "delivered", _("diterima")

    class Channel(models.TextChoices):
        E_OFFICE = "e_office", _("e-office (SRIKANDI)")
        EMAIL = "email", _("surel")
        POST = "post", _("pos")
        HAND = "hand", _("diantar langsung")

    DONE_STATES = (State.SENT, State.DELIVERED)

    letter = models.ForeignKey(OutgoingLetter, on_delete=models.CASCADE, related_name="dispatches")
    channel = models.CharField(_("dikirim melalui"), max_length=20, choices=Channel.choices)
    date = models.DateField(_("tanggal kirim"))
    recipient = models.CharField(_("penerima"), max_length=400)
    note = models.TextField(_("catatan"), blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    recorded_at = models.DateTimeField(auto_now_add=True)
    state = models.CharField(_("keadaan"), max_length=20, choices=State.choices, default=State.SENT)
    unit = models.ForeignKey(
        "archive.Unit", verbose_name=_("unit tujuan"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    incoming_letter = models.OneToOneField(
        "archive.IncomingLetter",
        verbose_name=_("surat masuk di unit tujuan"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="delivery",
    )
    attempts = models.PositiveSmallIntegerField(_("percobaan"), default=0)
    last_error = models.TextField(_("galat terakhir"), blank=True)
    next_attempt_at = models.DateTimeField(_("dicoba lagi pada"), null=True, blank=True)
    sent_at = models.DateTimeField(_("dikirim pada"), null=True, blank=True)
    received_by = models.CharField(_("diterima oleh"), max_length=200, blank=True)
    received_on = models.DateField(_("tanggal diterima"), null=True, blank=True)

    class Meta:
        ordering = ["letter", "date", "pk"]
        verbose_name = _("pengiriman")
        verbose_name_plural = _("pengiriman")

    def __str__(self) -> str:
        return f"{self.letter} — {self.get_channel_display()} {self.date}"
