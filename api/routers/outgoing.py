"""Outgoing letters: the list, one letter with its review rounds and dispatches, and its file.

Who sees what is archive.selectors.access.outgoing_visible_to, as on Surat keluar (404 for the others). The file
is the letter as signed: ``signed.pdf`` answers once the signer approved it (numbered) with the PDF signed
electronically (TTE) when there is one, else the approved file when it is a PDF (a letter signed on paper).
"""

import datetime
from pathlib import PurePosixPath
from typing import Literal

from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from ninja import Router, Schema
from ninja.errors import HttpError
from ninja.pagination import paginate

from api.pagination import PageNumbers
from api.routers.captures import require
from api.routers.files import stored_file
from archive.audit import Action
from archive.models import LetterSignature, OutgoingLetter
from archive.views import access
from archive.views.outgoing import can_use, letters_for_user

router = Router(tags=["outgoing"])
OutgoingStatus = Literal[tuple(OutgoingLetter.Status.values)]  # a named enum per model in the schema
SIGNED = (OutgoingLetter.Status.APPROVED, OutgoingLetter.Status.DISPATCHED)


class OutgoingOut(Schema):
    id: int
    status: str
    number: str
    letter_date: datetime.date | None
    subject: str
    naskah_type: str
    urgency: str
    security: str
    unit: str
    classification_code: str
    drafter: str
    current_round: int
    created_at: datetime.datetime
    has_file: bool

    @staticmethod
    def resolve_id(letter: OutgoingLetter) -> int:
        return letter.pk

    @staticmethod
    def resolve_unit(letter: OutgoingLetter) -> str:
        return letter.unit.name

    @staticmethod
    def resolve_classification_code(letter: OutgoingLetter) -> str:
        return letter.classification.code

    @staticmethod
    def resolve_drafter(letter: OutgoingLetter) -> str:
        return letter.drafter.get_username()

    @staticmethod
    def resolve_has_file(letter: OutgoingLetter) -> bool:
        return bool(letter.draft_file)


class StepOut(Schema):
    round: int
    order: int
    role: str
    position: str
    decision: str
    comment: str
    decided_at: datetime.datetime | None


class DispatchOut(Schema):
    channel: str
    date: datetime.date
    recipient: str
    note: str


class OutgoingDetailOut(OutgoingOut):
    body: str
    addressees: str
    steps: list[StepOut]
    dispatches: list[DispatchOut]

    @staticmethod
    def resolve_steps(letter: OutgoingLetter) -> list[dict]:
        steps = letter.review_steps.select_related("position")
        return [
            {
                "round": step.round,
                "order": step.order,
                "role": step.role,
                "position": step.position.title,
                "decision": step.decision,
                "comment": step.comment,
                "decided_at": step.decided_at,
            }
            for step in steps
        ]

    @staticmethod
    def resolve_dispatches(letter: OutgoingLetter):
        return list(letter.dispatches.all())


def visible_outgoing(request, letter_id: int) -> OutgoingLetter:
    require(can_use(request.user))
    return get_object_or_404(letters_for_user(request.user), pk=letter_id)


@router.get("/", response=list[OutgoingOut], summary="Outgoing letters the caller may open, newest first")
@paginate(PageNumbers)
def list_outgoing(request, status: OutgoingStatus | None = None):
    require(can_use(request.user))
    letters = letters_for_user(request.user).order_by("-created_at", "-pk")
    return letters.filter(status=status) if status else letters


@router.get("/{letter_id}", response=OutgoingDetailOut, summary="One outgoing letter with its review rounds")
def outgoing_detail(request, letter_id: int):
    letter = visible_outgoing(request, letter_id)
    access.log_outgoing_access(request, letter, what="api: surat keluar")
    return letter


@router.get(
    "/{letter_id}/signed.pdf",
    response={200: None},
    summary="The approved (signed and numbered) letter as PDF",
    openapi_extra={"responses": {200: {"description": "The PDF", "content": {"application/pdf": {}}}}},
)
def signed_pdf(request, letter_id: int):
    letter = visible_outgoing(request, letter_id)
    if letter.status not in SIGNED:
        raise HttpError(409, _("Surat ini belum disetujui penandatangan."))
    signature = LetterSignature.objects.filter(letter=letter).first()
    if signature is not None:
        stored = signature.signed_pdf.name
    elif letter.draft_file and PurePosixPath(letter.draft_file.name).suffix.lower() == ".pdf":
        stored = letter.draft_file.name
    else:
        raise Http404
    name = f"{(letter.number or str(letter.pk)).replace('/', '-')}.pdf"
    response = stored_file(stored, content_type="application/pdf", filename=name)
    access.log_outgoing_access(request, letter, action=Action.DOWNLOAD, what="api: PDF bertanda tangan")
    return response
