"""Dispositions: my inbox, one received disposition, read, forward, report back with files, complete; a letter's
chain and disposing a letter; report attachments.

The screens' rules, asked of the same predicates (archive.views.dispositions, archive.views.access): the inbox is
for users of dispositions, a row of a letter the caller may not open answers 404, a row that is not the caller's
(holder, sender or monitor) 403; the services decide the workflow's rules (who holds which post, what is open).
"""

import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Field, File, Form, Router, Schema, Status, UploadedFile
from ninja.pagination import paginate

from api.pagination import PageNumbers
from api.routers.captures import require
from api.routers.files import FILE_RESPONSE, stored_file
from api.types import IsoDate
from archive.audit import Action
from archive.models import DispositionRecipient, Instruction, Position, ReportAttachment
from archive.models.letters import URGENCY_CHOICES
from archive.selectors import dispositions as selectors
from archive.selectors.access import held_position_ids, letters_visible_to
from archive.services import dispositions as services
from archive.views import access
from archive.views.dispositions import (
    ADD,
    MAX_REPORT_FILE_BYTES,
    RECORD_FOR_OTHERS,
    can_monitor,
    can_see_letter,
    can_use_inbox,
)

router = Router(tags=["dispositions"])
URGENCIES = [value for value, _label in URGENCY_CHOICES]


class PositionOut(Schema):
    id: int
    title: str
    unit: str

    @staticmethod
    def resolve_unit(position: Position) -> str:
        return position.unit.name


class RecipientOut(Schema):
    id: int
    letter_id: int
    letter_number: str
    letter_subject: str
    position: PositionOut
    from_position: PositionOut
    status: str
    note: str
    instructions: list[str]
    deadline: datetime.date | None
    urgency: str
    sent_at: datetime.datetime
    read_at: datetime.datetime | None
    closed_at: datetime.datetime | None

    @staticmethod
    def resolve_letter_id(row: DispositionRecipient) -> int:
        return row.disposition.letter_id

    @staticmethod
    def resolve_letter_number(row: DispositionRecipient) -> str:
        return row.disposition.letter.number

    @staticmethod
    def resolve_letter_subject(row: DispositionRecipient) -> str:
        return row.disposition.letter.subject

    @staticmethod
    def resolve_from_position(row: DispositionRecipient) -> Position:
        return row.disposition.from_position

    @staticmethod
    def resolve_note(row: DispositionRecipient) -> str:
        return row.disposition.note

    @staticmethod
    def resolve_instructions(row: DispositionRecipient) -> list[str]:
        return [instruction.name for instruction in row.disposition.instructions.all()]

    @staticmethod
    def resolve_deadline(row: DispositionRecipient) -> datetime.date | None:
        return row.disposition.deadline

    @staticmethod
    def resolve_urgency(row: DispositionRecipient) -> str:
        return row.disposition.urgency

    @staticmethod
    def resolve_sent_at(row: DispositionRecipient) -> datetime.datetime:
        return row.disposition.created_at


class ReportOut(Schema):
    id: int
    author: str
    note: str
    created_at: datetime.datetime
    attachments: list[dict] = Field(description="id, name and size of each file (GET reports/files/{id}).")


class ChainRecipientOut(Schema):
    id: int
    position: PositionOut
    status: str
    read_at: datetime.datetime | None
    closed_at: datetime.datetime | None
    reports: list[ReportOut]


class ChainDispositionOut(Schema):
    id: int
    depth: int
    parent_recipient_id: int | None
    from_position: PositionOut
    from_acting: bool
    created_at: datetime.datetime
    instructions: list[str]
    note: str
    deadline: datetime.date | None
    urgency: str
    recipients: list[ChainRecipientOut]


class LetterChainOut(Schema):
    letter_id: int
    status: str = Field(description="belum (none yet), proses (in progress) or selesai (all done).")
    dispositions: list[ChainDispositionOut]


class DisposeIn(Schema):
    from_position: int | None = Field(None, description="Your post; may be omitted when you hold exactly one.")
    recipients: list[int] = Field(..., min_length=1, max_length=50, description="Position ids below the sender.")
    instructions: list[int] = Field(default_factory=list, max_length=50, description="Instruction ids.")
    note: str = Field("", max_length=4000)
    deadline: IsoDate | None = None
    urgency: str = Field("biasa", description=", ".join(URGENCIES))


class ForwardIn(DisposeIn):
    urgency: str | None = Field(None, description="Defaults to the urgency received.")


class CompleteIn(Schema):
    note: str = Field("", max_length=4000)


class InstructionOut(Schema):
    id: int
    name: str


def _recipient(request, recipient_id: int, *, screen: bool) -> DispositionRecipient:
    """The row (404 when its letter is not the caller's to open), after the screen's own check (403)."""
    require(screen)
    related = ("disposition__letter", "disposition__from_position__unit", "position__unit")
    rows = DispositionRecipient.objects.select_related(*related).filter(
        disposition__letter__in=letters_visible_to(request.user).values("pk")
    )
    return get_object_or_404(rows, pk=recipient_id)


def _positions(ids: list[int]) -> list[Position]:
    found = {position.pk: position for position in Position.objects.filter(pk__in=ids).select_related("unit")}
    missing = [str(pk) for pk in ids if pk not in found]
    if missing:
        raise ValidationError(_("Jabatan tidak dikenal: %(ids)s") % {"ids": ", ".join(missing)})
    return [found[pk] for pk in ids]


def _instructions(ids: list[int]) -> list[Instruction]:
    found = {instruction.pk: instruction for instruction in Instruction.objects.filter(pk__in=ids)}
    missing = [str(pk) for pk in ids if pk not in found]
    if missing:
        raise ValidationError(_("Instruksi tidak dikenal: %(ids)s") % {"ids": ", ".join(missing)})
    return [found[pk] for pk in ids]


def _urgency(value: str | None) -> str | None:
    if value is not None and value not in URGENCIES:
        raise ValidationError(_("Sifat tidak dikenal: %(value)s") % {"value": value})
    return value


@router.get("/inbox", response=list[RecipientOut], summary="Dispositions sent to the posts I hold today")
@paginate(PageNumbers)
def inbox(request, include_closed: bool = False):
    require(can_use_inbox(request.user))
    rows = selectors.inbox_for_user(user=request.user, day=timezone.localdate(), include_closed=include_closed)
    return rows.prefetch_related("disposition__instructions")


@router.get("/instructions", response=list[InstructionOut], summary="The standard instructions in use")
def instruction_list(request):
    require(can_use_inbox(request.user) or can_monitor(request.user))
    return list(Instruction.objects.filter(is_active=True))


@router.get("/{recipient_id}", response=RecipientOut, summary="One disposition received")
def recipient_detail(request, recipient_id: int):
    row = _recipient(request, recipient_id, screen=can_use_inbox(request.user))
    held = held_position_ids(request.user)
    require(row.position_id in held or row.disposition.from_position_id in held or can_monitor(request.user))
    access.log_letter_access(request, row.disposition.letter, what="api: disposisi")
    return row


@router.post("/{recipient_id}/read", response=RecipientOut, summary="Mark as read (the read receipt)")
def mark_read(request, recipient_id: int):
    row = _recipient(request, recipient_id, screen=can_use_inbox(request.user))
    return services.disposition_mark_read(recipient=row, user=request.user)


@router.post("/{recipient_id}/forward", response={201: dict}, summary="Forward to posts below mine")
def forward(request, recipient_id: int, payload: ForwardIn):
    row = _recipient(request, recipient_id, screen=request.user.has_perm(ADD))
    require(row.position_id in held_position_ids(request.user))
    disposition = services.disposition_forward(
        recipient=row,
        user=request.user,
        recipients=_positions(payload.recipients),
        instructions=_instructions(payload.instructions),
        note=payload.note,
        deadline=payload.deadline,
        urgency=_urgency(payload.urgency),
    )
    return Status(
        201,
        {"disposition_id": disposition.pk, "recipient_ids": list(disposition.recipients.values_list("pk", flat=True))},
    )


@router.post("/{recipient_id}/report", response={201: ReportOut}, summary="Report back, with files")
def report(
    request,
    recipient_id: int,
    note: str = Form(..., min_length=1, max_length=4000),
    files: File[list[UploadedFile]] = None,
):
    row = _recipient(request, recipient_id, screen=can_use_inbox(request.user))
    require(row.position_id in held_position_ids(request.user))
    files = files or []
    too_big = [upload.name for upload in files if upload.size > MAX_REPORT_FILE_BYTES]
    if too_big:
        raise ValidationError(_("Berkas melebihi 20 MB: %(names)s") % {"names": ", ".join(too_big)})
    made = services.disposition_report(recipient=row, user=request.user, note=note, files=files)
    return Status(201, _report_out(made))


@router.post("/{recipient_id}/complete", response=RecipientOut, summary="Complete (penyelesaian disposisi)")
def complete(request, recipient_id: int, payload: CompleteIn):
    row = _recipient(request, recipient_id, screen=can_use_inbox(request.user))
    return services.disposition_complete(recipient=row, user=request.user, note=payload.note)


@router.get("/letters/{letter_id}", response=LetterChainOut, summary="A letter's disposition chain")
def letter_chain(request, letter_id: int):
    require(can_use_inbox(request.user) or can_monitor(request.user))
    letter = get_object_or_404(letters_visible_to(request.user), pk=letter_id)
    require(can_see_letter(request.user, letter))
    access.log_letter_access(request, letter, what="api: disposisi surat")
    nodes = selectors.flatten_chain(selectors.letter_chain(letter=letter))
    return {
        "letter_id": letter.pk,
        "status": selectors.letter_disposition_status(letter=letter),
        "dispositions": [_node_out(node) for node in nodes],
    }


@router.post("/letters/{letter_id}", response={201: dict}, summary="Dispose a registered letter")
def dispose(request, letter_id: int, payload: DisposeIn):
    require(request.user.has_perm(ADD))
    letter = get_object_or_404(letters_visible_to(request.user), pk=letter_id)
    held = held_position_ids(request.user)
    may_record = request.user.has_perm(RECORD_FOR_OTHERS)
    sender_id = payload.from_position or (next(iter(held)) if len(held) == 1 else None)
    if sender_id is None:
        raise ValidationError(_("Sebutkan from_position: jabatan asal disposisi."))
    if sender_id not in held and not may_record:
        raise PermissionDenied(_("Anda tidak memangku jabatan itu hari ini."))
    [sender] = _positions([sender_id])
    disposition = services.disposition_create(
        letter=letter,
        from_position=sender,
        user=request.user,
        on_behalf=sender_id not in held and may_record,
        recipients=_positions(payload.recipients),
        instructions=_instructions(payload.instructions),
        note=payload.note,
        deadline=payload.deadline,
        urgency=_urgency(payload.urgency),
    )
    return Status(
        201,
        {"disposition_id": disposition.pk, "recipient_ids": list(disposition.recipients.values_list("pk", flat=True))},
    )


@router.get(
    "/reports/files/{attachment_id}",
    response={200: None},
    summary="A file attached to a report",
    openapi_extra=FILE_RESPONSE,
)
def report_file(request, attachment_id: int):
    require(can_use_inbox(request.user) or can_monitor(request.user))
    attachments = ReportAttachment.objects.select_related("report__recipient__disposition__letter")
    attachment = get_object_or_404(attachments, pk=attachment_id)
    letter = attachment.report.recipient.disposition.letter
    access.require_letter(request.user, letter)
    require(can_see_letter(request.user, letter))
    response = stored_file(attachment.file.name, content_type="application/octet-stream", filename=attachment.name)
    access.log_letter_access(request, letter, action=Action.DOWNLOAD, what=f"api: lampiran laporan {attachment.pk}")
    return response


def _created(disposition) -> dict:
    return {
        "disposition_id": disposition.pk,
        "recipient_ids": list(disposition.recipients.values_list("pk", flat=True)),
    }


def _report_out(report) -> dict:
    return {
        "id": report.pk,
        "author": report.author.get_username() if report.author else "",
        "note": report.note,
        "created_at": report.created_at,
        "attachments": [{"id": a.pk, "name": a.name, "size": a.size} for a in report.attachments.all()],
    }


def _node_out(node: selectors.DispositionNode) -> dict:
    disposition = node.disposition
    return {
        "id": disposition.pk,
        "depth": node.depth,
        "parent_recipient_id": disposition.parent_id,
        "from_position": disposition.from_position,
        "from_acting": disposition.from_acting,
        "created_at": disposition.created_at,
        "instructions": [instruction.name for instruction in disposition.instructions.all()],
        "note": disposition.note,
        "deadline": disposition.deadline,
        "urgency": disposition.urgency,
        "recipients": [
            {
                "id": item.recipient.pk,
                "position": item.recipient.position,
                "status": item.recipient.status,
                "read_at": item.recipient.read_at,
                "closed_at": item.recipient.closed_at,
                "reports": [_report_out(report) for report in item.reports],
            }
            for item in node.recipients
        ],
    }
