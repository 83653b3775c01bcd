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


def outgoing_internal_recipients_set(*, letter: OutgoingLetter, units) -> OutgoingLetter:
    """Set the units of this office the letter goes to; each one's head is added to the Yth. lines if missing."""
    from archive.composing.naskah_types import split_lines
    from archive.services.delivery import unit_head
    from archive.services.outgoing import EDITABLE

    if letter.status not in EDITABLE:
        raise ValueError("Internal recipients are set while the letter is a draft")
    units = list(units)
    letter.internal_recipients.set(units)
    lines = split_lines(letter.addressees)
    known = {line.casefold() for line in lines}
    for unit in units:
        head = unit_head(unit)
        name = head.signing_title if head else unit.name
        if name.casefold() not in known:
            lines.append(name)
            known.add(name.casefold())
    if "\n".join(lines) != letter.addressees.strip():
        letter.addressees = "\n".join(lines)
        letter.save(update_fields=["addressees", "updated_at"])
    return letter
