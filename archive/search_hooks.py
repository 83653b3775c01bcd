"""Keeping the search index current: every change to a searchable archive record enqueues its index update.

The receivers run on Django's save/delete signals, inside the transaction that changes the record (the services
are atomic), so the outbox row commits or rolls back with the change; at commit the drain task is enqueued.

What a change touches:
- a letter, its capture (OCR text, uploader) or its register entry (agenda number): the letter and its
  dispositions (they carry the letter's subject, code, security and access tokens);
- a disposition, one of its recipients or its instructions: every disposition of the letter and the letter
  itself, since the posts on the chain decide who may open a restricted letter and all of its dispositions;
- a follow-up report: its disposition;
- a case file, or a letter filed into one: the case file (and the letter, which names its case file);
- an executed disposal (case files marked destroyed in bulk): the destroyed case files;
- a renamed unit, post or classification code: the documents that show its name or code.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.db.models.signals import m2m_changed, post_delete, post_save

from archive.models import (
    Capture,
    CaseFile,
    CaseFileItem,
    ClassificationCode,
    Disposition,
    DispositionRecipient,
    FollowUpReport,
    IncomingLetter,
    Position,
    RegisterEntry,
    Unit,
)
from archive.models.filing import DisposalRecord
from search.models import IndexUpdate
from search.outbox import enqueue
from search.tasks import apply_soon

UPSERT, DELETE = IndexUpdate.Action.UPSERT, IndexUpdate.Action.DELETE


def _enqueue(kind: str, ids: Iterable, *, action: str = UPSERT) -> None:
    if enqueue(kind, ids, action=action):
        apply_soon()


def letter_and_dispositions_changed(letter_id: int | None) -> None:
    """Re-index a letter and all its dispositions (their access tokens follow the letter's)."""
    if not letter_id:
        return
    _enqueue("letter", [letter_id])
    _enqueue("disposition", Disposition.objects.filter(letter_id=letter_id).values_list("pk", flat=True))


def _letter_saved(sender, instance: IncomingLetter, **kwargs) -> None:
    letter_and_dispositions_changed(instance.pk)


def _letter_deleted(sender, instance: IncomingLetter, **kwargs) -> None:
    _enqueue("letter", [instance.pk], action=DELETE)


# The capture fields a letter's document shows (the rest is processing state, saved many times per file).
CAPTURE_FIELDS = {"letter", "letter_id", "text", "thumbnail", "created_by", "created_by_id"}


def _touches_document(update_fields) -> bool:
    return update_fields is None or bool(set(update_fields) & CAPTURE_FIELDS)


def _capture_changed(sender, instance: Capture, update_fields=None, **kwargs) -> None:
    if _touches_document(update_fields):
        letter_and_dispositions_changed(instance.letter_id)


def _capture_before_save(sender, instance: Capture, update_fields=None, **kwargs) -> None:
    """A capture moved to another letter: the letter it leaves must drop its text too."""
    if instance.pk is None or instance._state.adding or not _touches_document(update_fields):
        return
    previous = Capture.objects.filter(pk=instance.pk).values_list("letter_id", flat=True).first()
    if previous and previous != instance.letter_id:
        letter_and_dispositions_changed(previous)


def _register_entry_changed(sender, instance: RegisterEntry, **kwargs) -> None:
    _enqueue("letter", [instance.letter_id])


def _disposition_changed(sender, instance: Disposition, **kwargs) -> None:
    if kwargs.get("signal") is post_delete:
        _enqueue("disposition", [instance.pk], action=DELETE)
    letter_and_dispositions_changed(instance.letter_id)


def _recipient_changed(sender, instance: DispositionRecipient, **kwargs) -> None:
    letter_id = Disposition.objects.filter(pk=instance.disposition_id).values_list("letter_id", flat=True).first()
    _enqueue("disposition", [instance.disposition_id])
    letter_and_dispositions_changed(letter_id)


def _instructions_changed(sender, instance, action: str, **kwargs) -> None:
    if action in ("post_add", "post_remove", "post_clear") and isinstance(instance, Disposition):
        _enqueue("disposition", [instance.pk])


def _report_changed(sender, instance: FollowUpReport, **kwargs) -> None:
    disposition_id = (
        DispositionRecipient.objects.filter(pk=instance.recipient_id).values_list("disposition_id", flat=True).first()
    )
    if disposition_id:
        _enqueue("disposition", [disposition_id])


def _case_file_saved(sender, instance: CaseFile, **kwargs) -> None:
    _enqueue("case_file", [instance.pk])


def _case_file_deleted(sender, instance: CaseFile, **kwargs) -> None:
    _enqueue("case_file", [instance.pk], action=DELETE)


def _item_changed(sender, instance: CaseFileItem, **kwargs) -> None:
    _enqueue("case_file", [instance.case_file_id])
    _enqueue("letter", [instance.letter_id])


def _disposal_recorded(sender, instance: DisposalRecord, **kwargs) -> None:
    destroyed = CaseFile.objects.filter(disposal_items__proposal_id=instance.proposal_id).values_list("pk", flat=True)
    _enqueue("case_file", destroyed)


def _unit_saved(sender, instance: Unit, created=False, **kwargs) -> None:
    if created:
        return
    _enqueue("case_file", CaseFile.objects.filter(unit=instance).values_list("pk", flat=True))
    _enqueue("disposition", Disposition.objects.filter(from_position__unit=instance).values_list("pk", flat=True))
    letters = IncomingLetter.objects.filter(addressed_to__unit=instance).values_list("pk", flat=True)
    disposed = DispositionRecipient.objects.filter(position__unit=instance).values_list("disposition__letter_id")
    _enqueue("letter", {*letters, *(row[0] for row in disposed)})


def _position_saved(sender, instance: Position, created=False, **kwargs) -> None:
    if created:
        return
    sent = Disposition.objects.filter(from_position=instance).values_list("pk", flat=True)
    received = DispositionRecipient.objects.filter(position=instance).values_list("disposition_id", flat=True)
    _enqueue("disposition", {*sent, *received})
    # its unit may have changed: the letters it was put before or first disposed to show that unit
    letters = IncomingLetter.objects.filter(addressed_to=instance).values_list("pk", flat=True)
    disposed = DispositionRecipient.objects.filter(position=instance).values_list("disposition__letter_id", flat=True)
    _enqueue("letter", {*letters, *disposed})


def _code_saved(sender, instance: ClassificationCode, created=False, **kwargs) -> None:
    if created:
        return
    letters = list(IncomingLetter.objects.filter(classification=instance).values_list("pk", flat=True))
    _enqueue("letter", letters)
    _enqueue("disposition", Disposition.objects.filter(letter_id__in=letters).values_list("pk", flat=True))
    _enqueue("case_file", CaseFile.objects.filter(classification=instance).values_list("pk", flat=True))


def connect_index_updates() -> None:
    """Called once from the app config."""
    from django.db.models.signals import pre_save

    def connect(signal, receiver, model, name: str) -> None:
        signal.connect(receiver, sender=model, dispatch_uid=f"archive-search-{name}")

    connect(post_save, _letter_saved, IncomingLetter, "letter-saved")
    connect(post_delete, _letter_deleted, IncomingLetter, "letter-deleted")
    connect(pre_save, _capture_before_save, Capture, "capture-moving")
    connect(post_save, _capture_changed, Capture, "capture-saved")
    connect(post_delete, _capture_changed, Capture, "capture-deleted")
    connect(post_save, _register_entry_changed, RegisterEntry, "entry-saved")
    connect(post_save, _disposition_changed, Disposition, "disposition-saved")
    connect(post_delete, _disposition_changed, Disposition, "disposition-deleted")
    connect(m2m_changed, _instructions_changed, Disposition.instructions.through, "disposition-instructions")
    connect(post_save, _recipient_changed, DispositionRecipient, "recipient-saved")
    connect(post_delete, _recipient_changed, DispositionRecipient, "recipient-deleted")
    connect(post_save, _report_changed, FollowUpReport, "report-saved")
    connect(post_delete, _report_changed, FollowUpReport, "report-deleted")
    connect(post_save, _case_file_saved, CaseFile, "casefile-saved")
    connect(post_delete, _case_file_deleted, CaseFile, "casefile-deleted")
    connect(post_save, _item_changed, CaseFileItem, "item-saved")
    connect(post_delete, _item_changed, CaseFileItem, "item-deleted")
    connect(post_save, _disposal_recorded, DisposalRecord, "disposal-recorded")
    connect(post_save, _unit_saved, Unit, "unit-saved")
    connect(post_save, _position_saved, Position, "position-saved")
    connect(post_save, _code_saved, ClassificationCode, "code-saved")
