"""Filing letters into case files (pemberkasan): create, add a letter, close with its retention dates, hold."""

from __future__ import annotations

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone

from archive.classification.scheme import LEGACY
from archive.models import CaseFile, CaseFileItem, ClassificationCode, IncomingLetter, Unit
from archive.selectors.classification import filing_codes_for
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
        usable = ", ".join(f"{code.code} {code.title}" for code in filing_codes_for(code=classification)[:5])
        hint = f" Gunakan: {usable}." if usable else " Pilih kode akhir yang memiliki retensi."
        raise ValidationError(f"Kode {classification.code} bukan kode akhir dengan retensi JRA.{hint}")
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


def letter_code_files_under(*, code: ClassificationCode, file_code: ClassificationCode) -> bool:
    """Whether a letter classified ``code`` may be filed in a case file of ``file_code`` (a leaf with a retention).

    The file's code or one of its sub-codes always may. A code without a retention of its own (a heading, or a
    78/2012 code) is filed under the codes :func:`filing_codes_for` gives it (the heading's leaves, the crosswalk's
    targets); a 78/2012 code the crosswalk decides "by content" (005 Undangan) under any code with a retention.
    """
    if code_descends_from(code=code, ancestor=file_code):
        return True
    targets = filing_codes_for(code=code)
    if targets:
        return any(target.pk == file_code.pk for target in targets)
    return code.scheme == LEGACY


def casefile_letter_candidates(*, case_file: CaseFile) -> QuerySet[IncomingLetter]:
    """Registered letters not filed anywhere yet whose code files under the file's code (see above)."""
    unfiled = IncomingLetter.objects.filter(status=IncomingLetter.Status.REGISTERED, case_file_item__isnull=True)
    subtree = set(classification_subtree_ids(code=case_file.classification))
    others = ClassificationCode.objects.filter(
        pk__in=unfiled.exclude(classification_id__in=subtree).values("classification_id")
    )
    fitting = [code.pk for code in others if letter_code_files_under(code=code, file_code=case_file.classification)]
    return (
        unfiled.filter(classification_id__in=subtree | set(fitting))
        .select_related("classification", "register_entry")
        .order_by("-received_on", "-pk")
    )


def casefile_add_letter(*, case_file: CaseFile, letter: IncomingLetter, added_by=None) -> CaseFileItem:  # noqa: ANN001
    """File a letter; its code must be the file's code or a sub-code of it, and the file still open."""
    if case_file.status != CaseFile.Status.ACTIVE or case_file.closed_on is not None:
        raise ValidationError(f"Berkas {case_file.number} sudah ditutup.")
    if letter.classification is None or not letter_code_files_under(
        code=letter.classification, file_code=case_file.classification
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
    if closed_on > timezone.localdate():
        raise ValidationError("Tanggal penutupan tidak boleh melewati hari ini.")
    start = retention_start or closed_on
    if start != closed_on and not case_file.classification.retention_active_trigger:
        raise ValidationError("Awal retensi hanya dapat diubah untuk kode yang retensinya dihitung dari peristiwa.")
    case_file.closed_on = closed_on
    case_file.retention_start = start
    case_file.status = CaseFile.Status.CLOSED
    _compute_retention(case_file)
    case_file.save()
    return case_file


def casefile_set_retention_start(*, case_file: CaseFile, retention_start: datetime.date) -> CaseFile:
    """Record the event date of an event-triggered code and recompute the retention dates."""
    if not case_file.classification.retention_active_trigger:
        raise ValidationError("Awal retensi kode ini dihitung dari penutupan berkas.")
    case_file.retention_start = retention_start
    _compute_retention(case_file)
    case_file.save(update_fields=["retention_start", "active_until", "inactive_until"])
    return case_file


def _compute_retention(case_file: CaseFile) -> None:
    """Compute the file's retention dates, refusing a start so late that they pass the calendar's last year."""
    try:
        case_file.compute_retention()
    except (ValueError, OverflowError) as error:
        raise ValidationError(
            f"Tanggal retensi dari {case_file.retention_start:%d-%m-%Y} melewati batas kalender; periksa tanggalnya."
        ) from error


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
