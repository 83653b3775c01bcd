"""The search layer's own tables: the durable outbox of index updates (the embedded engine adds its index tables
in its own module)."""

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class IndexUpdate(models.Model):
    """One pending change to the index, written in the same transaction as the record it concerns.

    A worker applies pending rows in order and deletes them once the engine has taken them; when the engine is
    down the row stays, its attempts counted and its next try pushed back, so no update is ever lost.
    """

    class Action(models.TextChoices):
        UPSERT = "upsert", _("perbarui")
        DELETE = "delete", _("hapus")

    kind = models.CharField(_("jenis"), max_length=40)
    object_id = models.CharField(_("id rekaman"), max_length=64)
    action = models.CharField(_("tindakan"), max_length=10, choices=Action.choices, default=Action.UPSERT)
    created_at = models.DateTimeField(_("dibuat"), default=timezone.now, db_index=True)
    attempts = models.PositiveIntegerField(_("percobaan"), default=0)
    last_error = models.TextField(_("galat terakhir"), blank=True)
    not_before = models.DateTimeField(_("coba lagi setelah"), default=timezone.now, db_index=True)

    class Meta:
        ordering = ["pk"]
        indexes = [models.Index(fields=["kind", "object_id"], name="search_outbox_key")]
        verbose_name = _("antrean indeks")
        verbose_name_plural = _("antrean indeks")

    def __str__(self) -> str:
        return f"{self.action} {self.kind}:{self.object_id}"


# --- the embedded engine's index (SQLite FTS5 or PostgreSQL full text; see search.engines.embedded) -----------


class IndexedDocument(models.Model):
    """One SearchDocument as the embedded engine stores it. The matching text lives beside it: an FTS5 table
    keyed by this row's id on SQLite, a tsvector column on PostgreSQL (both created by migration 0002)."""

    kind = models.CharField(max_length=40)
    object_id = models.CharField(max_length=64)
    title = models.TextField()
    number = models.CharField(max_length=200, blank=True)
    number_norm = models.CharField(max_length=200, blank=True)
    sender = models.CharField(max_length=300, blank=True)
    sender_norm = models.CharField(max_length=300, blank=True)
    date = models.DateField(null=True)
    year = models.IntegerField(null=True)
    code = models.CharField(max_length=60, blank=True)
    security = models.CharField(max_length=60, blank=True)
    status = models.CharField(max_length=60, blank=True)
    unit = models.CharField(max_length=200, blank=True)
    # Access: bit 1 = PUBLIC, bit 2 = STAFF; other principals are rows of IndexedPrincipal (restricted = 1).
    access = models.IntegerField(default=0)
    restricted = models.BooleanField(default=False)
    url = models.CharField(max_length=500, blank=True)
    extra = models.JSONField(default=dict)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["kind", "object_id"], name="search_doc_key")]
        indexes = [
            models.Index(fields=["date"], name="search_doc_date"),
            models.Index(fields=["number_norm"], name="search_doc_number"),
            models.Index(fields=["code"], name="search_doc_code"),
            models.Index(fields=["sender_norm"], name="search_doc_sender"),
            models.Index(fields=["kind", "date"], name="search_doc_kind"),
            models.Index(fields=["year"], name="search_doc_year"),
            models.Index(fields=["access", "restricted"], name="search_doc_access"),  # counts from the index alone
        ]

    def __str__(self) -> str:
        return f"{self.kind}:{self.object_id}"


class IndexedBody(models.Model):
    """The raw body of an indexed document, read only for the snippets of a page of hits (kept apart so scans of
    IndexedDocument for filters and facets stay small)."""

    document_id = models.BigIntegerField(primary_key=True)
    body = models.TextField(blank=True)

    def __str__(self) -> str:
        return str(self.document_id)


class IndexedPrincipal(models.Model):
    """A principal other than PUBLIC and STAFF that may see an indexed document ("user:3", "position:7")."""

    document_id = models.BigIntegerField()
    token = models.CharField(max_length=80)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["document_id", "token"], name="search_principal_key")]
        indexes = [models.Index(fields=["token", "document_id"], name="search_principal_token")]

    def __str__(self) -> str:
        return f"{self.document_id}:{self.token}"


class IndexedWord(models.Model):
    """The vocabulary: every folded word the index has seen with its stem and how many documents brought it
    (counted when written, reset by a rebuild), for looking up what a typo may stand for."""

    word = models.CharField(max_length=100, primary_key=True)
    stem = models.CharField(max_length=100, db_index=True)
    documents = models.IntegerField(default=0)

    def __str__(self) -> str:
        return self.word


class IndexGeneration(models.Model):
    """One row: a random value drawn again whenever the embedded index changes (every write, delete and rebuild),
    so a process may keep answers that depend only on the index (the counts of a search without text) until it
    differs. Random, not a counter: a rolled-back change or a flushed table never brings an old value back."""

    value = models.BigIntegerField()

    def __str__(self) -> str:
        return str(self.value)
