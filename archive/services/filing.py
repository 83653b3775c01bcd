"""Filing letters into case files (pemberkasan): create, add a letter, close with its retention dates, hold."""

from __future__ import annotations

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import QuerySet

from archive.models import CaseFile, CaseFileItem, ClassificationCode, IncomingLetter, Unit
from archive.selectors.register import classification_subtree_ids
from archive.services.numbering import sequence_next


def code_descends_from(*, code: ClassificationCode, ancestor: ClassificationCode) -> bool:
    """True when ``code`` is ``ancestor`` or one of its sub-codes (followed through ``parent``)."""
    node: ClassificationCode | None = code
    while node is not None:
        if node.pk == ancestor.pk:
            return True
        node = node.parent
    return False


def casefile_number_next(*, classification: ClassificationCode, year: int) -> str:
    """Take the next free file number of a code and year, ``<code>/<serial>/<year>`` (serial restarts yearly).

    The serial is counted in the caller's transaction, so a file that fails to open gives its number back.
    """
    scope = f"casefile:{classification.scheme}:{classification.code}"
    while True:
        number = f"{classification.code}/{sequence_next(scope=scope, year=year)}/{year}"
        if not CaseFile.objects.filter(number=number).exists():  # a number typed by hand earlier is skipped
            return number


@transaction.atomic
def casefile_create(
    *,
    number: str = "",
    unit: Unit,
    classification: ClassificationCode,
    topic: str,
    opened_on: datetime.date,
    location: str = "",
    created_by=None,  # noqa: ANN001
) -> CaseFile:
    """Open a case file under a leaf code (one that carries a JRA retention); numbered by code and year if empty."""
    if not classification.is_leaf or classification.retention_active_years is None:
        raise ValidationError(f"Kode {classification.code} bukan kode akhir dengan retensi JRA.")
    if not topic.strip():
        raise ValidationError("Uraian berkas wajib diisi.")
    case_file = CaseFile(
        number=number.strip() or casefile_number_next(classification=classification, year=opened_on.year),
        unit=unit,
        classification=classification,
        topic=topic,
        opened_on=opened_on,
        location=location,
        created_by=created_by,
    )
    case_file.full_clean()
    case_file.save()
    return case_file


def casefile_letter_candidates(*, case_file: CaseFile) -> QuerySet[IncomingLetter]:
    """Registered letters not filed anywhere yet whose code is the file's code or one of its sub-codes."""
    return (
        IncomingLetter.objects.filter(
            status=IncomingLetter.Status.REGISTERED,
            classification_id__in=classification_subtree_ids(code=case_file.classification),
            case_file_item__isnull=True,
        )
        .select_related("classification", "register_entry")
        .order_by("-received_on", "-pk")
    )


def casefile_add_letter(*, case_file: CaseFile, letter: IncomingLetter, added_by=None) -> CaseFileItem:  # noqa: ANN001
    """File a letter; its code must be the file's code or a sub-code of it, and the file still open."""
    if case_file.status != CaseFile.Status.ACTIVE or case_file.closed_on is not None:
        raise ValidationError(f"Berkas {case_file.number} sudah ditutup.")
    if letter.classification is None or not code_descends_from(
        code=letter.classification, ancestor=case_file.classification
    ):
        shown = letter.classification.code if letter.classification else "-"
        raise ValidationError(
            f"Kode surat ({shown}) tidak sesuai dengan kode berkas ({case_file.classification.code})."
        )
    if CaseFileItem.objects.filter(letter=letter).exists():
        raise ValidationError(f"Surat {letter} sudah diberkaskan.")
    return CaseFileItem.objects.create(case_file=case_file, letter=letter, added_by=added_by)


@transaction.atomic
def casefile_close(
    *, case_file: CaseFile, closed_on: datetime.date, retention_start: datetime.date | None = None
) -> CaseFile:
    """Close the file and compute its retention dates from the code (clock from closing, or the event date).

    ``retention_start`` may differ from ``closed_on`` only for codes whose JRA names an event
    (``retention_active_trigger``).
    """
    if case_file.status != CaseFile.Status.ACTIVE:
        raise ValidationError(f"Berkas {case_file.number} tidak aktif.")
    if closed_on < case_file.opened_on:
        raise ValidationError("Tanggal penutupan mendahului tanggal dibuka.")
    start = retention_start or closed_on
    if start != closed_on and not case_file.classification.retention_active_trigger:
        raise ValidationError("Awal retensi hanya dapat diubah untuk kode yang retensinya dihitung dari peristiwa.")
    case_file.closed_on = closed_on
    case_file.retention_start = start
    case_file.status = CaseFile.Status.CLOSED
    case_file.compute_retention()
    case_file.save()
    return case_file


def casefile_set_retention_start(*, case_file: CaseFile, retention_start: datetime.date) -> CaseFile:
    """Record the event date of an event-triggered code and recompute the retention dates."""
    if not case_file.classification.retention_active_trigger:
        raise ValidationError("Awal retensi kode ini dihitung dari penutupan berkas.")
    case_file.retention_start = retention_start
    case_file.compute_retention()
    case_file.save(update_fields=["retention_start", "active_until", "inactive_until"])
    return case_file


def casefile_set_hold(*, case_file: CaseFile, reason: str) -> CaseFile:
    """Put the file under legal hold: no disposal proposal or execution while it lasts."""
    if not reason.strip():
        raise ValidationError("Alasan penahanan wajib diisi.")
    case_file.legal_hold = True
    case_file.legal_hold_reason = reason.strip()
    case_file.save(update_fields=["legal_hold", "legal_hold_reason"])
    return case_file


def casefile_release_hold(*, case_file: CaseFile) -> CaseFile:
    """Lift the legal hold."""
    case_file.legal_hold = False
    case_file.legal_hold_reason = ""
    case_file.save(update_fields=["legal_hold", "legal_hold_reason"])
    return case_file


def casefile_move_to_inactive(*, case_file: CaseFile, location: str, as_of: datetime.date) -> CaseFile:
    """Pemindahan: a closed file whose active period is over goes to the records centre at ``location``."""
    if case_file.status != CaseFile.Status.CLOSED or case_file.active_until is None:
        raise ValidationError(f"Berkas {case_file.number} belum ditutup.")
    if case_file.active_until >= as_of:
        raise ValidationError(f"Retensi aktif berkas {case_file.number} berlaku sampai {case_file.active_until}.")
    if not location.strip():
        raise ValidationError("Lokasi simpan inaktif wajib diisi.")
    case_file.status = CaseFile.Status.INACTIVE
    case_file.location = location.strip()
    case_file.save(update_fields=["status", "location"])
    return case_file
