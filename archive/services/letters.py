"""Letter services: draft a letter from what was read, confirm (register) it, and correct it once registered.

Registration rules:
- A letter is registered with its number, date and sender, unless the clerk marks it "tanpa nomor" or
  "tanpa tanggal" (then that value stays empty); a sender is always needed.
- The same letter (same number and sender on their comparison keys, or the same file) is not registered twice:
  ``DuplicateLetter`` names the first one.
- A letter is registered once. Two clerks confirming it at once queue on its row; the second is told
  (``AlreadyRegistered``) and changes nothing.

A registered letter is corrected (``letter_correct``) by an operator with a reason: its fields, classification and
security; the register entry and agenda number stay; the audit log keeps the change with its reason.
"""

from __future__ import annotations

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from archive import conf
from archive.audit import Action, correcting, record
from archive.models import Capture, ClassificationCode, IncomingLetter, Register
from archive.selectors.duplicates import registered_duplicate_of
from archive.selectors.organisation import head_of_office
from archive.services.numbering import register_entry_create
from archive.services.tracking import tracking_code_assign

# What a correction may change on a registered letter (never its status, register entry or registration stamp).
CORRECTABLE_FIELDS = {
    "number",
    "without_number",
    "letter_date",
    "without_date",
    "received_on",
    "sender",
    "subject",
    "urgency",
    "security",
    "attachments",
    "addressee",
    "addressed_to",
    "classification",
    "summary",
}


class AlreadyRegistered(ValidationError):
    """The letter was registered meanwhile (by another clerk); nothing was changed."""

    def __init__(self, letter: IncomingLetter) -> None:
        entry = getattr(letter, "register_entry", None)
        who = letter.registered_by.get_username() if letter.registered_by else _("pengguna lain")
        agenda = f"{entry.agenda_number}/{entry.agenda_year}" if entry else "—"
        super().__init__(
            _("Surat ini sudah didaftarkan oleh %(who)s dengan nomor agenda %(agenda)s; isian Anda tidak disimpan.")
            % {"who": who, "agenda": agenda}
        )
        self.letter = letter


class DuplicateLetter(ValidationError):
    """The same letter is registered already; ``first`` is that registration."""

    def __init__(self, first: IncomingLetter) -> None:
        entry = getattr(first, "register_entry", None)
        agenda = f"{entry.agenda_number}/{entry.agenda_year}" if entry else "—"
        super().__init__(
            _("Surat yang sama sudah terdaftar: nomor %(number)s dari %(sender)s, nomor agenda %(agenda)s.")
            % {"number": first.number or _("(tanpa nomor)"), "sender": first.sender, "agenda": agenda}
        )
        self.first = first


URGENCY_BY_SIFAT = {"segera": "segera", "sangat_segera": "sangat_segera", "kilat": "sangat_segera"}
SECURITY_BY_SIFAT = {"rahasia": "rahasia", "sangat_rahasia": "sangat_rahasia", "terbatas": "terbatas"}


def letter_draft_from_capture(*, capture: Capture) -> IncomingLetter:
    """Create (or refresh) the letter of a capture with the values read from it, for the clerk to check."""
    values = {name: (found or {}).get("value") for name, found in capture.fields.items()}
    letter = capture.letter or IncomingLetter()
    if letter.status == IncomingLetter.Status.REGISTERED:
        return letter  # a confirmed letter is the clerk's; re-processing never overwrites it
    sifat = (values.get("sifat") or "").lower()
    letter.number = (values.get("number") or "")[:200]
    letter.letter_date = _date(values.get("date"))
    letter.sender = (values.get("sender") or "")[:400]
    letter.subject = values.get("subject") or ""
    letter.attachments = (values.get("lampiran") or "")[:300]
    letter.addressee = values.get("addressee") or ""
    letter.urgency = URGENCY_BY_SIFAT.get(sifat, "biasa")
    letter.security = SECURITY_BY_SIFAT.get(sifat, "biasa")
    letter.received_on = timezone.localdate(capture.created_at)
    letter.classification = _top_code(capture.suggestions)
    letter.save()
    return letter


def _date(value) -> datetime.date | None:
    if isinstance(value, datetime.date):
        return value
    try:
        return datetime.date.fromisoformat(value) if value else None
    except ValueError:
        return None


def _top_code(suggestions: list[dict]) -> ClassificationCode | None:
    for suggestion in suggestions:
        found = ClassificationCode.objects.filter(scheme=suggestion["scheme"], code=suggestion["code"]).first()
        if found:
            return found
    return None


@transaction.atomic
def letter_confirm(*, letter: IncomingLetter, user, register: Register | None = None, **values) -> IncomingLetter:
    """Register the letter with the values the clerk confirmed or corrected; the classifier learns from it.

    The letter is entered in ``register`` (the default incoming register when None) with the next agenda number
    of the year it was received, in this transaction: if anything here fails, the number is not used up.
    """
    letter = _locked(letter)
    if letter.status == IncomingLetter.Status.REGISTERED:
        raise AlreadyRegistered(letter)
    for name, value in values.items():
        setattr(letter, name, value)
    _check_identity(letter)
    letter.received_on = letter.received_on or timezone.localdate()
    letter.addressed_to = letter.addressed_to or head_of_office()
    letter.status = IncomingLetter.Status.REGISTERED
    letter.registered_at, letter.registered_by = timezone.now(), user
    tracking_code_assign(letter)
    letter.save()
    register_entry_create(letter=letter, register=register, user=user)
    captures = Capture.objects.filter(letter=letter).exclude(status=Capture.Status.REGISTERED)
    for capture in captures:  # update() bypasses the signals that audit saves: log each capture's change here
        record(Action.CHANGE, capture, user=user, changes={"status": [capture.status, Capture.Status.REGISTERED]})
    captures.update(status=Capture.Status.REGISTERED)
    _retrain_when_due()
    return letter


def _locked(letter: IncomingLetter) -> IncomingLetter:
    """The letter's row as committed now, locked until the caller commits (SQLite: the transaction's write lock)."""
    return (
        IncomingLetter.objects.select_for_update(of=("self",))
        .select_related("registered_by")
        .prefetch_related("register_entry")
        .get(pk=letter.pk)
    )


def _check_identity(letter: IncomingLetter) -> None:
    """Number, date and sender, unless marked absent; and not a letter registered already."""
    errors: dict[str, str] = {}
    letter.number, letter.sender = (letter.number or "").strip(), (letter.sender or "").strip()
    if letter.without_number and letter.number:
        errors["number"] = _("Surat ditandai tanpa nomor: kosongkan nomornya atau hapus tanda itu.")
    elif not letter.without_number and not letter.number:
        errors["number"] = _("Isi nomor surat, atau tandai 'tanpa nomor' bila surat memang tidak bernomor.")
    if letter.without_date and letter.letter_date:
        errors["letter_date"] = _("Surat ditandai tanpa tanggal: kosongkan tanggalnya atau hapus tanda itu.")
    elif not letter.without_date and not letter.letter_date:
        errors["letter_date"] = _("Isi tanggal surat, atau tandai 'tanpa tanggal' bila surat memang tidak bertanggal.")
    if not letter.sender:
        errors["sender"] = _("Isi asal/pengirim surat.")
    if errors:
        raise ValidationError(errors)
    first = registered_duplicate_of(letter)
    if first is not None:
        raise DuplicateLetter(first)


@transaction.atomic
def letter_correct(*, letter: IncomingLetter, user, reason: str, **values) -> IncomingLetter:
    """Correct a registered letter (fields, classification, security) with a reason; its agenda number stays.

    The audit log records the change as a correction with the reason and the values before and after.
    """
    if not reason.strip():
        raise ValidationError({"reason": _("Tulis alasan koreksi.")})
    unknown = set(values) - CORRECTABLE_FIELDS
    if unknown:
        raise ValueError(f"Fields that cannot be corrected: {', '.join(sorted(unknown))}")
    letter = _locked(letter)
    if letter.status != IncomingLetter.Status.REGISTERED:
        raise ValidationError(_("Hanya surat yang sudah terdaftar yang dikoreksi; surat ini masih diperiksa."))
    changed = {name: value for name, value in values.items() if getattr(letter, name) != value}
    if not changed:
        raise ValidationError(_("Tidak ada isian yang berubah."))
    for name, value in changed.items():
        setattr(letter, name, value)
    _check_identity(letter)
    with correcting(reason.strip(), user=user):
        letter.save()
    return letter


def _retrain_when_due() -> None:
    from archive.services.classifier import retrain_due
    from archive.tasks import train_classifier_task

    if retrain_due(every=int(conf.get("ARCHIVE_RETRAIN_EVERY"))):
        transaction.on_commit(lambda: train_classifier_task.enqueue())
