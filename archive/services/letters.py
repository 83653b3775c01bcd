"""Letter services: draft a letter from what was read, and confirm it as the clerk corrected it."""

from __future__ import annotations

import datetime

from django.db import transaction
from django.utils import timezone

from archive import conf
from archive.audit import Action, record
from archive.models import Capture, ClassificationCode, IncomingLetter, Register
from archive.selectors.organisation import head_of_office
from archive.services.numbering import register_entry_create

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
    of the year it was received, in this transaction: if anything here fails, the number is not used up. A
    letter confirmed again keeps its first register entry and number.
    """
    for name, value in values.items():
        setattr(letter, name, value)
    letter.received_on = letter.received_on or timezone.localdate()
    letter.addressed_to = letter.addressed_to or head_of_office()
    letter.status = IncomingLetter.Status.REGISTERED
    letter.registered_at, letter.registered_by = timezone.now(), user
    letter.save()
    register_entry_create(letter=letter, register=register, user=user)
    captures = Capture.objects.filter(letter=letter).exclude(status=Capture.Status.REGISTERED)
    for capture in captures:  # update() bypasses the signals that audit saves: log each capture's change here
        record(Action.CHANGE, capture, user=user, changes={"status": [capture.status, Capture.Status.REGISTERED]})
    captures.update(status=Capture.Status.REGISTERED)
    _retrain_when_due()
    return letter


def _retrain_when_due() -> None:
    from archive.services.classifier import retrain_due
    from archive.tasks import train_classifier_task

    if retrain_due(every=int(conf.get("ARCHIVE_RETRAIN_EVERY"))):
        transaction.on_commit(lambda: train_classifier_task.enqueue())
