"""The sender's receipt of an incoming letter (tanda terima / bukti registrasi) and the tracking code on it.

Every letter registered gets a tracking code (``tracking_code_assign``, called by registration); a letter
registered before codes existed gets one when its receipt is first printed (``tracking_code_issue``). The receipt
is a PDF: the office's kop, the agenda number, the date received, the code and its QR code opening /lacak/<code>.
What that page reveals is archive.selectors.tracking's business.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.conf import settings
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone, translation

from archive import random_codes
from archive.models import IncomingLetter


def tracking_url(code: str) -> str:
    base = getattr(settings, "NASKAH_PUBLIC_URL", "") or settings.WAGTAILADMIN_BASE_URL
    return f"{base.rstrip('/')}/lacak/{code}"


def tracking_code_assign(letter: IncomingLetter) -> None:
    """Give the (unsaved) letter a tracking code unless it has one; the caller saves it."""
    if not letter.tracking_code:
        letter.tracking_code = random_codes.random_code()


@transaction.atomic
def tracking_code_issue(*, letter: IncomingLetter) -> str:
    """The letter's tracking code, given now if it has none yet (only registered letters are tracked)."""
    if letter.tracking_code:
        return letter.tracking_code
    locked = IncomingLetter.objects.select_for_update().get(pk=letter.pk)
    if locked.status != IncomingLetter.Status.REGISTERED:
        raise ValueError("Only registered letters get a tracking code.")
    if not locked.tracking_code:
        tracking_code_assign(locked)
        locked.save(update_fields=["tracking_code", "updated_at"])
    letter.tracking_code = locked.tracking_code
    return locked.tracking_code


@dataclass(frozen=True)
class Receipt:
    agenda: str
    received_on: object
    sender: str
    number: str
    code: str
    code_grouped: str
    url: str
    qr: str


def receipt_of(*, letter: IncomingLetter) -> Receipt:
    from archive.composing.qr import qr_data_uri

    code = tracking_code_issue(letter=letter)
    entry = getattr(letter, "register_entry", None)
    url = tracking_url(code)
    return Receipt(
        agenda=f"{entry.agenda_number}/{entry.agenda_year}" if entry is not None else "",
        received_on=letter.received_on,
        sender=letter.sender,
        number=letter.number,
        code=code,
        code_grouped=random_codes.grouped(code),
        url=url,
        qr=qr_data_uri(url),
    )


def receipt_pdf(*, letter: IncomingLetter) -> bytes:
    """The receipt to hand to the person who brought the letter (A5: agenda number, date, tracking code, QR)."""
    from archive.composing.context import kop_of, letterhead_for
    from archive.composing.render import html_pdf

    unit = letter.addressed_to.unit if letter.addressed_to_id else None
    with translation.override("id"):
        html = render_to_string(
            "archive/letters/receipt.html",
            {
                "receipt": receipt_of(letter=letter),
                "kop": kop_of(letterhead_for(unit)),
                "printed_at": timezone.localtime(),
            },
        )
    return html_pdf(html)
