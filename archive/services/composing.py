"""Composing outgoing letters: what a reply starts from, and the PDF verifiers and the signer review."""

from __future__ import annotations

from django.core.files.storage import default_storage
from django.utils.html import escape

from archive.composing.context import letter_context
from archive.composing.dates import long_date
from archive.composing.render import letter_pdf
from archive.models import IncomingLetter, OutgoingLetter, Unit
from archive.selectors.organisation import user_positions


def outgoing_reply_values(*, incoming: IncomingLetter, user, units) -> dict:
    """The fields a reply to ``incoming`` starts with: its sender as addressee, its subject, code and sifat, the
    drafter's unit, and an opening sentence that cites the letter answered."""
    held_units = [hold.position.unit for hold in user_positions(user=user, day=incoming.received_on or _today())]
    unit = next((held for held in held_units if held in units), None) or units.first()
    cited = ", ".join(
        bit
        for bit in (
            f"nomor {incoming.number}" if incoming.number else "",
            f"tanggal {long_date(incoming.letter_date)}" if incoming.letter_date else "",
            f"hal {incoming.subject.strip()}" if incoming.subject.strip() else "",
        )
        if bit
    )
    opening = f"Menindaklanjuti surat Saudara {cited}, dengan hormat kami sampaikan bahwa …" if cited else ""
    return {
        "unit": unit.pk if isinstance(unit, Unit) else None,
        "naskah_type": "surat",
        "subject": incoming.subject.strip(),
        "addressees": incoming.sender.strip(),
        "classification": incoming.classification_id,
        "urgency": incoming.urgency,
        "security": incoming.security,
        "body": f"<p>{escape(opening)}</p>" if opening else "",
        "closes_dispositions": True,
    }


def _today():
    from django.utils import timezone

    return timezone.localdate()


def outgoing_preview_pdf(*, letter: OutgoingLetter) -> bytes:
    """The draft as the verifiers and the signer review it: the uploaded PDF as it is (an upload replaces the
    composed text), or the composed letter rendered with its kop and signature block, marked KONSEP (no number or
    date before signing)."""
    if letter.draft_file:
        with default_storage.open(letter.draft_file.name, "rb") as handle:
            return handle.read()
    return letter_pdf(letter_context(letter)).pdf
