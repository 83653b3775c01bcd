"""Captures: upload a scan, follow its processing, fetch its files, retry a failure, register the reviewed letter.

The same rules as Surat > Unggah surat, Antrean berkas and the review page: archive.views.access decides who may
upload, see, retry and register; archive.selectors.captures which captures a user may see (404 for the others).
"""

import datetime
from pathlib import PurePosixPath
from typing import Literal

from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from ninja import Field, File, Router, Schema, Status, UploadedFile
from ninja.errors import HttpError
from ninja.pagination import paginate

from api.pagination import PageNumbers
from api.routers.files import FILE_RESPONSE, stored_file
from api.types import IsoDate
from archive.audit import Action
from archive.forms import OTHER_CODE, LetterConfirmForm
from archive.models import Capture
from archive.selectors.captures import can_open_capture, captures_visible_to
from archive.services.capture import capture_create, capture_retry
from archive.services.letters import letter_confirm
from archive.views import access

router = Router(tags=["captures"])
CaptureStatus = Literal[tuple(Capture.Status.values)]  # a named enum per model in the schema


class CaptureOut(Schema):
    id: int
    name: str
    status: str
    status_label: str
    step: str
    progress_done: int
    progress_total: int
    finished: bool
    error: str
    can_retry: bool
    source: str
    mime_type: str
    page_count: int | None
    sha256: str
    size: int
    created_at: datetime.datetime
    finished_at: datetime.datetime | None
    letter_id: int | None
    files: list[str] = Field(description="Which of original, pdf, thumbnail can be fetched.")

    @staticmethod
    def resolve_id(capture: Capture) -> int:
        return capture.pk

    @staticmethod
    def resolve_name(capture: Capture) -> str:
        return capture.original_name

    @staticmethod
    def resolve_status_label(capture: Capture) -> str:
        return str(capture.get_status_display())

    @staticmethod
    def resolve_finished(capture: Capture) -> bool:
        return capture.is_finished

    @staticmethod
    def resolve_can_retry(capture: Capture) -> bool:
        return capture.can_retry

    @staticmethod
    def resolve_files(capture: Capture) -> list[str]:
        return capture_files(capture)


class CaptureDetailOut(CaptureOut):
    fields: dict = Field(description="The letter's fields as read, each with value, confidence and source.")
    suggestions: list[dict] = Field(description="The three most likely classification codes with their reasons.")
    notes: list


class UploadOut(Schema):
    duplicate: bool
    capture: CaptureOut


class RegisterIn(Schema):
    """The letter as the clerk confirmed it. Omitted fields keep the values read from the scan."""

    number: str | None = None
    letter_date: IsoDate | None = None
    received_on: IsoDate | None = None
    sender: str | None = None
    subject: str | None = None
    urgency: str | None = None
    security: str | None = None
    attachments: str | None = None
    addressee: str | None = None
    addressed_to: int | None = Field(None, description="Position id of the leader; the head of office if omitted.")
    classification: int | None = Field(None, description="Classification code id; the top suggestion if omitted.")
    summary: str | None = None


def capture_files(capture: Capture) -> list[str]:
    files = {"original": capture.original, "pdf": capture.searchable_pdf, "thumbnail": capture.thumbnail}
    return [kind for kind, file in files.items() if file]


def require(allowed: bool) -> None:
    if not allowed:
        raise PermissionDenied


def visible_capture(request, capture_id: int) -> Capture:
    require(access.can_view(request.user))
    return get_object_or_404(captures_visible_to(request.user, Capture.objects.select_related("letter")), pk=capture_id)


@router.post("/", response={200: UploadOut, 201: UploadOut}, summary="Upload a scan (PDF, TIFF, PNG, JPEG)")
def upload(request, file: File[UploadedFile]):
    """Keep the original and queue it for reading. The same bytes again answer 200 with ``duplicate: true``
    (409 when the existing record is one the caller may not open)."""
    require(access.can_upload(request.user))
    outcome = capture_create(content=file, name=file.name or "berkas", source=Capture.Source.API, user=request.user)
    if outcome.duplicate and not can_open_capture(request.user, outcome.capture):
        return router.api.create_response(
            request, {"detail": _("Berkas ini sudah pernah diunggah."), "code": "duplicate"}, status=409
        )
    status = 200 if outcome.duplicate else 201
    return Status(status, {"duplicate": outcome.duplicate, "capture": outcome.capture})


@router.get("/", response=list[CaptureOut], summary="Captures the caller may see, newest first")
@paginate(PageNumbers)
def list_captures(request, status: CaptureStatus | None = None):
    require(access.can_view(request.user))
    captures = captures_visible_to(request.user).order_by("-created_at", "-pk")
    if status:
        captures = captures.filter(status=status)
    return captures


@router.get("/{capture_id}", response=CaptureDetailOut, summary="A capture's processing state and what was read")
def capture_detail(request, capture_id: int):
    capture = visible_capture(request, capture_id)
    access.log_capture_access(request, capture, what="api: berkas masuk")
    return capture


@router.post("/{capture_id}/retry", response=CaptureOut, summary="Queue a failed capture again")
def retry(request, capture_id: int):
    require(access.can_retry(request.user))
    capture = visible_capture(request, capture_id)
    try:
        capture_retry(capture=capture)
    except ValueError as error:
        raise HttpError(409, str(error)) from None
    return capture


FileKind = Literal["original", "pdf", "thumbnail"]


@router.get(
    "/{capture_id}/files/{kind}",
    response={200: None},
    summary="Download the original, the searchable PDF or the first-page thumbnail",
    openapi_extra=FILE_RESPONSE,
)
def capture_file(request, capture_id: int, kind: FileKind):
    capture = visible_capture(request, capture_id)
    stem = PurePosixPath(capture.original_name).stem or "surat"
    name, content_type, filename = {
        "original": (capture.original.name, capture.mime_type or "application/octet-stream", capture.original_name),
        "pdf": (capture.searchable_pdf.name, "application/pdf", f"{stem}-dapat-dicari.pdf"),
        "thumbnail": (capture.thumbnail.name, "image/png", f"{stem}-halaman-1.png"),
    }[kind]
    response = stored_file(name, content_type=content_type, filename=filename)
    access.log_capture_access(request, capture, action=Action.DOWNLOAD, what=f"api: {kind}")
    return response


@router.post("/{capture_id}/register", response=dict, summary="Register the reviewed letter of a capture")
def register(request, capture_id: int, payload: RegisterIn):
    """Confirm the letter read from the capture, with the clerk's corrections; it gets its agenda number."""
    require(access.can_confirm(request.user))
    capture = visible_capture(request, capture_id)
    if capture.status != Capture.Status.NEEDS_REVIEW or capture.letter is None:
        raise HttpError(409, _("Berkas ini tidak sedang menunggu pemeriksaan."))
    letter = capture.letter
    form = LetterConfirmForm(_form_data(letter, payload), instance=letter)
    if not form.is_valid():
        errors = [f"{field}: {' '.join(messages)}" for field, messages in form.errors.items()]
        raise ValidationError(errors)
    letter = letter_confirm(letter=letter, user=request.user, **form.letter_values())
    entry = letter.register_entry
    return {"letter_id": letter.pk, "agenda_number": entry.agenda_number, "agenda_year": entry.agenda_year}


def _form_data(letter, payload: RegisterIn) -> dict:
    """The review form's data: the letter's current values, overridden by those sent."""
    sent = payload.dict(exclude_unset=True)
    names = LetterConfirmForm._meta.fields
    data = {}
    for name in names:
        value = (
            sent[name]
            if name in sent
            else getattr(letter, f"{name}_id" if name in ("addressed_to", "classification") else name)
        )
        data[name] = "" if value is None else value
    data["suggestion"] = OTHER_CODE
    return data
