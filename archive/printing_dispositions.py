"""The lembar disposisi of a letter as a PDF (WeasyPrint): the letter's header fields, then the whole chain."""

from __future__ import annotations

from dataclasses import dataclass

from django.conf import settings
from django.template.loader import render_to_string
from django.utils import timezone

from archive.models import IncomingLetter, RegisterEntry, Unit
from archive.selectors.dispositions import DispositionNode, flatten_chain, letter_chain

SHEET_TEMPLATE = "archive/dispositions/sheet.html"


@dataclass(frozen=True)
class SheetHeader:
    """The sheet's header fields (domain README §4), read from the letter and its register entry."""

    office: str
    sender: str
    number: str
    letter_date: object
    received_on: object
    agenda: str
    urgency: str
    security: str
    subject: str
    code: str


def sheet_header(letter: IncomingLetter) -> SheetHeader:
    entry = RegisterEntry.objects.filter(letter=letter).select_related("register").first()
    office = Unit.objects.filter(parent__isnull=True, is_active=True).order_by("pk").first()
    code = letter.classification
    return SheetHeader(
        office=office.name if office else getattr(settings, "WAGTAIL_SITE_NAME", ""),
        sender=letter.sender,
        number=letter.number,
        letter_date=letter.letter_date,
        received_on=letter.received_on,
        agenda=f"{entry.agenda_number}/{entry.agenda_year}" if entry else "",
        urgency=letter.get_urgency_display(),
        security=letter.get_security_display(),
        subject=letter.subject,
        code=f"{code.code} {code.title}" if code else "",
    )


def sheet_context(letter: IncomingLetter) -> dict:
    chain: list[DispositionNode] = flatten_chain(letter_chain(letter=letter))
    return {"letter": letter, "header": sheet_header(letter), "chain": chain, "printed_at": timezone.now()}


def sheet_html(letter: IncomingLetter) -> str:
    return render_to_string(SHEET_TEMPLATE, sheet_context(letter))


def sheet_pdf(letter: IncomingLetter) -> bytes:
    """Render the sheet with WeasyPrint; the stylesheet is inline and every URL fetch is refused."""
    from weasyprint import HTML

    return HTML(string=sheet_html(letter), base_url=str(settings.BASE_DIR), url_fetcher=_refuse_fetch).write_pdf()


def _refuse_fetch(url: str, *args: object, **kwargs: object) -> None:
    raise ValueError(f"The disposition sheet fetches no resources: {url}")
