"""Incoming letters: the list with filters, one letter, its files (through its capture), its disposition chain.

Who may see the letters and which: the screens' rule (archive.views.access.can_view, then
archive.selectors.access.letters_visible_to); a letter the caller may not open answers 404, exactly as a missing one.
"""

import datetime
from typing import Literal

from django.db.models import Q
from django.shortcuts import get_object_or_404
from ninja import Field, Query, Router, Schema
from ninja.pagination import paginate

from api.pagination import PageNumbers
from api.routers.captures import FileKind, capture_file, require
from api.routers.files import FILE_RESPONSE
from api.types import IsoDate
from archive.models import IncomingLetter
from archive.models.letters import SECURITY_CHOICES, URGENCY_CHOICES
from archive.selectors import dispositions as disposition_selectors
from archive.selectors.access import letters_visible_to
from archive.views import access

router = Router(tags=["letters"])
LetterStatus = Literal[tuple(IncomingLetter.Status.values)]  # a named enum per model in the schema


class CodeOut(Schema):
    id: int
    scheme: str
    code: str
    title: str


class LetterOut(Schema):
    id: int
    status: str
    number: str
    letter_date: datetime.date | None
    received_on: datetime.date | None
    sender: str
    subject: str
    urgency: str
    security: str
    classification: CodeOut | None
    agenda_number: int | None
    agenda_year: int | None
    capture_id: int | None
    created_at: datetime.datetime

    @staticmethod
    def resolve_id(letter: IncomingLetter) -> int:
        return letter.pk

    @staticmethod
    def resolve_agenda_number(letter: IncomingLetter) -> int | None:
        entry = getattr(letter, "register_entry", None)
        return entry.agenda_number if entry else None

    @staticmethod
    def resolve_agenda_year(letter: IncomingLetter) -> int | None:
        entry = getattr(letter, "register_entry", None)
        return entry.agenda_year if entry else None

    @staticmethod
    def resolve_capture_id(letter: IncomingLetter) -> int | None:
        capture = getattr(letter, "capture", None)
        return capture.pk if capture else None


class LetterDetailOut(LetterOut):
    attachments: str
    addressee: str
    summary: str
    addressed_to_id: int | None
    registered_at: datetime.datetime | None
    disposition_status: str = Field(description="belum (none yet), proses (in progress) or selesai (all done).")
    tracking_code: str | None = Field(
        None, description="The code on the sender's receipt; the public page /lacak/<code> follows the letter."
    )

    @staticmethod
    def resolve_disposition_status(letter: IncomingLetter) -> str:
        return disposition_selectors.letter_disposition_status(letter=letter)


class LetterFilters(Schema):
    q: str | None = Field(None, max_length=200, description="Words in the number, sender or subject.")
    status: LetterStatus | None = None
    security: str | None = Field(None, description=", ".join(value for value, _label in SECURITY_CHOICES))
    urgency: str | None = Field(None, description=", ".join(value for value, _label in URGENCY_CHOICES))
    code: str | None = Field(None, max_length=40, description="Classification code, e.g. 000.1 (and codes below it).")
    received_from: IsoDate | None = None
    received_to: IsoDate | None = None


def letters_for(user):
    related = ("classification", "register_entry", "capture")
    return letters_visible_to(user, IncomingLetter.objects.select_related(*related))


def visible_letter(request, letter_id: int) -> IncomingLetter:
    require(access.can_view(request.user))
    return get_object_or_404(letters_for(request.user), pk=letter_id)


@router.get("/", response=list[LetterOut], summary="Letters the caller may open, newest first")
@paginate(PageNumbers)
def list_letters(request, filters: Query[LetterFilters]):
    require(access.can_view(request.user))
    letters = letters_for(request.user).order_by("-created_at", "-pk")
    if filters.q:
        words = Q()
        for word in filters.q.split():
            words &= Q(number__icontains=word) | Q(sender__icontains=word) | Q(subject__icontains=word)
        letters = letters.filter(words)
    for name in ("status", "security", "urgency"):
        if getattr(filters, name):
            letters = letters.filter(**{name: getattr(filters, name)})
    if filters.code:
        letters = letters.filter(
            Q(classification__code=filters.code) | Q(classification__code__startswith=f"{filters.code}.")
        )
    if filters.received_from:
        letters = letters.filter(received_on__gte=filters.received_from)
    if filters.received_to:
        letters = letters.filter(received_on__lte=filters.received_to)
    return letters


@router.get("/{letter_id}", response=LetterDetailOut, summary="One letter")
def letter_detail(request, letter_id: int):
    letter = visible_letter(request, letter_id)
    access.log_letter_access(request, letter, what="api: surat")
    return letter


@router.get(
    "/{letter_id}/files/{kind}",
    response={200: None},
    summary="The letter's original, searchable PDF or thumbnail",
    openapi_extra=FILE_RESPONSE,
)
def letter_file(request, letter_id: int, kind: FileKind):
    letter = visible_letter(request, letter_id)
    capture = getattr(letter, "capture", None)
    if capture is None:
        from django.http import Http404

        raise Http404
    return capture_file(request, capture.pk, kind)
