"""The audit log: one row per change to an archive record and per view or download of a restricted letter.

Rows are written once and never changed: the model, its queryset and database triggers (archive.audit_triggers)
refuse updates, deletes and (PostgreSQL) TRUNCATE, except the sealer's one-time setting of the chain columns.
Each row is signed when written and sealed into a hash chain afterwards (archive.audit_chain), so that what the
triggers cannot stop (the database's owner, a file copied over) is still detected by ``manage.py audit_verify``.
"""

import uuid

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class AuditLogImmutable(Exception):
    """Raised on any attempt to change or delete an audit row."""


class AuditQuerySet(models.QuerySet):
    def update(self, **kwargs):
        raise AuditLogImmutable("audit events cannot be changed")

    def delete(self):
        raise AuditLogImmutable("audit events cannot be deleted")


class AuditEvent(models.Model):
    class Action(models.TextChoices):
        CREATE = "create", _("dibuat")
        CHANGE = "change", _("diubah")
        DELETE = "delete", _("dihapus")
        VIEW = "view", _("dilihat")
        DOWNLOAD = "download", _("diunduh")
        EXPORT = "export", _("diekspor")
        CORRECT = "correct", _("dikoreksi")
        SIGN = "sign", _("ditandatangani")
        REFUSE = "refuse", _("ditolak")

    at = models.DateTimeField(_("waktu"), default=timezone.now, db_index=True)
    # The actor is copied, not linked: removing a user must not touch (and so edit) the log.
    actor_id = models.IntegerField(_("id pengguna"), null=True, blank=True, db_index=True)
    actor = models.CharField(_("pengguna"), max_length=150, blank=True)
    source = models.CharField(_("sumber"), max_length=200, blank=True, help_text=_("alamat IP atau perintah"))
    action = models.CharField(_("tindakan"), max_length=20, choices=Action.choices, db_index=True)
    object_type = models.CharField(_("jenis rekaman"), max_length=100, db_index=True)
    object_id = models.CharField(_("id rekaman"), max_length=64, blank=True)
    object_repr = models.CharField(_("rekaman"), max_length=300, blank=True)
    # The incoming letter the event concerns (itself, or the letter of a disposition, report, file ...).
    letter_id = models.IntegerField(_("id surat"), null=True, blank=True, db_index=True)
    changes = models.JSONField(_("perubahan"), default=dict, blank=True)
    # Why: the reason an operator gave for correcting a registered record.
    reason = models.TextField(_("alasan"), blank=True)
    path = models.CharField(_("alamat"), max_length=500, blank=True)
    # Restricted content is not kept in clear: the record it belongs to ("letter:12", "capture:7", "outgoing:3")
    # and the true values, encrypted; the log screen shows them to those who may open that record.
    sealed_for = models.CharField(_("nilai tersegel untuk"), max_length=40, blank=True)
    sealed_values = models.TextField(blank=True, editable=False)
    # Tamper evidence (archive.audit_chain): a random id and a signature set when written; the place in the chain
    # and the chain hashes set once by the sealer.
    uid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    mac = models.CharField(max_length=64, blank=True, editable=False)
    seq = models.BigIntegerField(null=True, blank=True, unique=True, editable=False)
    prev_hash = models.CharField(max_length=64, blank=True, editable=False)
    hash = models.CharField(max_length=64, blank=True, editable=False)

    objects = AuditQuerySet.as_manager()

    class Meta:
        ordering = ["-at", "-pk"]
        verbose_name = _("catatan audit")
        verbose_name_plural = _("log audit")
        default_permissions = ("view",)

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.actor or '-'} {self.action} {self.object_type}#{self.object_id}"

    def save(self, *args, **kwargs):
        if not self._state.adding:
            raise AuditLogImmutable("audit events cannot be changed")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise AuditLogImmutable("audit events cannot be deleted")


class AuditCheck(models.Model):
    """One verification of the audit log (``manage.py audit_verify --record``, daily): shown to admins, and the
    chain head the next verification compares with."""

    ran_at = models.DateTimeField(_("diperiksa pada"), default=timezone.now, db_index=True)
    ok = models.BooleanField(_("utuh"))
    checked = models.PositiveBigIntegerField(_("catatan diperiksa"), default=0)
    unsealed = models.PositiveBigIntegerField(_("belum tersegel"), default=0)
    head_seq = models.BigIntegerField(default=0)
    head_hash = models.CharField(max_length=64, blank=True)
    problem_count = models.PositiveIntegerField(_("jumlah masalah"), default=0)
    first_problem = models.TextField(_("masalah pertama"), blank=True)
    problems = models.JSONField(default=list, blank=True)

    class Meta:
        ordering = ["-ran_at", "-pk"]
        verbose_name = _("pemeriksaan log audit")
        verbose_name_plural = _("pemeriksaan log audit")
        default_permissions = ("view",)

    def __str__(self) -> str:
        return f"{self.ran_at:%Y-%m-%d %H:%M} {'OK' if self.ok else 'RUSAK'}"
