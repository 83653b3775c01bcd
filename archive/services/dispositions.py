"""Disposition services: dispose a registered letter, read, forward downward, report back, complete, cancel.

Rules (SRIKANDI's incoming flow and the office's SOP):
- Only a registered letter is disposed; a disposition goes from one post to posts below it (Position.parent).
- Whoever acts for a post must hold it that day, definitive or acting (Plt). ``on_behalf`` lets the caller
  record a paper disposition for the official (the view passes it only to users allowed to record for others).
- A forward is a new disposition whose parent is the recipient row it forwards; the forwarder is that post.
- A disposition can be cancelled by the sender only while its recipients have not read it.
- Completing (penyelesaian disposisi) closes the recipient and every still-open forward below it; it is done by
  the recipient's post or by the post that sent it.
Rule violations raise ValidationError; acting for a post one does not hold raises PermissionDenied.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Sequence

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files import File
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from archive.audit import Action, record
from archive.filenames import safe_display_name
from archive.models import (
    Disposition,
    DispositionRecipient,
    FollowUpReport,
    IncomingLetter,
    Instruction,
    Position,
    ReportAttachment,
)
from archive.models.dispositions import OPEN_STATUSES
from archive.selectors.dispositions import position_is_below, user_holds_position
from archive.selectors.organisation import user_positions
from archive.services.notifications import notify_disposition_sent, notify_report_received

Status = DispositionRecipient.Status


def _require_holder(*, user, position: Position) -> None:
    if not user_holds_position(user=user, position=position, day=timezone.localdate()):
        raise PermissionDenied(_("Anda tidak memangku jabatan %(position)s hari ini.") % {"position": position})


def _check_recipients(*, from_position: Position, recipients: Sequence[Position]) -> None:
    if not recipients:
        raise ValidationError(_("Pilih sedikitnya satu jabatan tujuan."))
    if len({position.pk for position in recipients}) != len(recipients):
        raise ValidationError(_("Jabatan tujuan tidak boleh disebut dua kali."))
    above = [position for position in recipients if not position_is_below(position=position, superior=from_position)]
    if above:
        names = ", ".join(str(position) for position in above)
        raise ValidationError(
            _("Disposisi hanya dapat diteruskan ke jabatan di bawah %(from)s: %(names)s.")
            % {"from": from_position, "names": names}
        )


def _check_content(*, instructions: Sequence[Instruction], note: str, deadline: datetime.date | None) -> None:
    if not instructions and not note.strip():
        raise ValidationError(_("Pilih sedikitnya satu instruksi atau tulis catatan."))
    inactive = [instruction.name for instruction in instructions if not instruction.is_active]
    if inactive:
        raise ValidationError(_("Instruksi tidak aktif: %(names)s.") % {"names": ", ".join(inactive)})
    if deadline is not None and deadline < timezone.localdate():
        raise ValidationError(_("Batas waktu tidak boleh sebelum hari ini."))


def _check_parent(*, letter: IncomingLetter, from_position: Position, parent: DispositionRecipient) -> None:
    if parent.disposition.letter_id != letter.pk:
        raise ValidationError(_("Disposisi yang diteruskan bukan disposisi surat ini."))
    if parent.position_id != from_position.pk:
        raise ValidationError(_("Hanya jabatan penerima yang dapat meneruskan disposisinya."))
    if parent.status not in OPEN_STATUSES:
        raise ValidationError(_("Disposisi yang sudah selesai atau dibatalkan tidak dapat diteruskan."))


@transaction.atomic
def disposition_create(
    *,
    letter: IncomingLetter,
    from_position: Position,
    user,
    recipients: Sequence[Position],
    instructions: Sequence[Instruction] = (),
    note: str = "",
    deadline: datetime.date | None = None,
    urgency: str = "biasa",
    parent: DispositionRecipient | None = None,
    on_behalf: bool = False,
) -> Disposition:
    """Dispose ``letter`` from ``from_position`` to ``recipients``; with ``parent``, forward that recipient row."""
    if letter.status != IncomingLetter.Status.REGISTERED:
        raise ValidationError(_("Hanya surat yang sudah didaftarkan yang dapat didisposisikan."))
    if not on_behalf:
        _require_holder(user=user, position=from_position)
    recipients, instructions = list(recipients), list(instructions)
    _check_recipients(from_position=from_position, recipients=recipients)
    _check_content(instructions=instructions, note=note, deadline=deadline)
    if parent is not None:
        _check_parent(letter=letter, from_position=from_position, parent=parent)
        deadline = _forward_deadline(parent=parent, deadline=deadline)
    disposition = Disposition.objects.create(
        letter=letter,
        parent=parent,
        from_position=from_position,
        from_user=user,
        from_acting=_acting(user=user, position=from_position),
        note=note.strip(),
        deadline=deadline,
        urgency=urgency,
    )
    disposition.instructions.set(instructions)
    rows = DispositionRecipient.objects.bulk_create(
        DispositionRecipient(disposition=disposition, position=position) for position in recipients
    )
    for row in rows:  # bulk_create sends no post_save: the audit of these rows is written here
        record(
            Action.CREATE,
            row,
            user=user,
            changes={"position_id": [None, row.position_id], "status": [None, row.status]},
        )
    if parent is not None:
        _mark_forwarded(parent=parent, user=user)
    notify_disposition_sent(disposition=disposition, recipients=rows)
    return disposition


def _forward_deadline(*, parent: DispositionRecipient, deadline: datetime.date | None) -> datetime.date | None:
    """A forward's deadline: never later than the one it was given (which it keeps when none is set)."""
    given = parent.disposition.deadline
    if given is None:
        return deadline
    if deadline is None:
        return given
    if deadline > given:
        raise ValidationError(
            _(
                "Batas waktu terusan (%(deadline)s) tidak boleh melewati batas waktu disposisi yang diterima "
                "(%(given)s)."
            )
            % {"deadline": f"{deadline:%d-%m-%Y}", "given": f"{given:%d-%m-%Y}"}
        )
    return deadline


def _acting(*, user, position: Position) -> bool:
    holds = [hold for hold in user_positions(user=user, day=timezone.localdate()) if hold.position_id == position.pk]
    return bool(holds) and all(hold.acting for hold in holds)


def _mark_forwarded(*, parent: DispositionRecipient, user) -> None:
    now = timezone.now()
    if parent.read_at is None:
        parent.read_at, parent.read_by = now, user
    if parent.status in (Status.SENT, Status.READ):
        parent.status = Status.FORWARDED
    parent.acted_at = parent.acted_at or now
    parent.save(update_fields=["read_at", "read_by", "status", "acted_at"])


def disposition_forward(
    *,
    recipient: DispositionRecipient,
    user,
    recipients: Sequence[Position],
    instructions: Sequence[Instruction] = (),
    note: str = "",
    deadline: datetime.date | None = None,
    urgency: str | None = None,
) -> Disposition:
    """Re-dispose what ``recipient`` received to posts below it; urgency defaults to the received one."""
    received = recipient.disposition
    return disposition_create(
        letter=received.letter,
        from_position=recipient.position,
        user=user,
        recipients=recipients,
        instructions=instructions,
        note=note,
        deadline=deadline,
        urgency=urgency or received.urgency,
        parent=recipient,
    )


def disposition_mark_read(*, recipient: DispositionRecipient, user) -> DispositionRecipient:
    """Mark the recipient read by ``user`` (a holder of its post); reading again changes nothing."""
    _require_holder(user=user, position=recipient.position)
    if recipient.status == Status.CANCELLED:
        raise ValidationError(_("Disposisi ini sudah dibatalkan."))
    if recipient.read_at is None:
        recipient.read_at, recipient.read_by = timezone.now(), user
        if recipient.status == Status.SENT:
            recipient.status = Status.READ
        recipient.save(update_fields=["read_at", "read_by", "status"])
    return recipient


@transaction.atomic
def disposition_report(
    *, recipient: DispositionRecipient, user, note: str, files: Iterable[File] = ()
) -> FollowUpReport:
    """Report back on the recipient (laporan tindak lanjut) with optional files; it becomes 'reported'."""
    _require_holder(user=user, position=recipient.position)
    if recipient.status not in OPEN_STATUSES:
        raise ValidationError(_("Disposisi yang sudah selesai atau dibatalkan tidak dapat dilaporkan."))
    if not note.strip():
        raise ValidationError(_("Tulis isi laporan tindak lanjut."))
    report = FollowUpReport.objects.create(recipient=recipient, author=user, note=note.strip())
    for upload in files:
        name = safe_display_name(getattr(upload, "name", ""))
        attachment = ReportAttachment(report=report, name=name, size=getattr(upload, "size", 0) or 0)
        attachment.file.save(name, upload, save=False)
        attachment.save()
    now = timezone.now()
    if recipient.read_at is None:
        recipient.read_at, recipient.read_by = now, user
    recipient.status = Status.REPORTED
    recipient.acted_at = recipient.acted_at or now
    recipient.save(update_fields=["read_at", "read_by", "status", "acted_at"])
    notify_report_received(report=report)
    return report


@transaction.atomic
def disposition_complete(
    *, recipient: DispositionRecipient, user, note: str = "", on_behalf: bool = False
) -> DispositionRecipient:
    """Close the recipient (penyelesaian disposisi) and every still-open forward below it.

    The recipient's post or the post that sent the disposition may complete it. A ``note`` is kept as a last
    report by ``user``.
    """
    if recipient.status not in OPEN_STATUSES:
        raise ValidationError(_("Disposisi ini sudah selesai atau dibatalkan."))
    if not on_behalf and not _holds_either(
        user=user, positions=(recipient.position, recipient.disposition.from_position)
    ):
        raise PermissionDenied(_("Hanya penerima atau pengirim disposisi yang dapat menyelesaikannya."))
    if note.strip():
        FollowUpReport.objects.create(recipient=recipient, author=user, note=note.strip())
    now = timezone.now()
    for row in [recipient, *_open_below(recipient)]:
        row.status, row.closed_at, row.closed_by = Status.DONE, now, user
        row.acted_at = row.acted_at or now
        row.save(update_fields=["status", "closed_at", "closed_by", "acted_at"])
    return recipient


def _holds_either(*, user, positions: Iterable[Position]) -> bool:
    return any(user_holds_position(user=user, position=position, day=timezone.localdate()) for position in positions)


def _open_below(recipient: DispositionRecipient) -> list[DispositionRecipient]:
    found: list[DispositionRecipient] = []
    level = [recipient.pk]
    while level:
        rows = list(DispositionRecipient.objects.filter(disposition__parent_id__in=level))
        found.extend(row for row in rows if row.status in OPEN_STATUSES)
        level = [row.pk for row in rows]
    return found


@transaction.atomic
def disposition_cancel(
    *, disposition: Disposition, user, positions: Sequence[Position] | None = None, on_behalf: bool = False
) -> int:
    """Cancel the disposition for ``positions`` (all its recipients when None) while they are still unread.

    Only the sending post may cancel. If nothing is left of a forward, the forwarded row goes back to 'read'.
    Return how many recipients were cancelled.
    """
    if not on_behalf:
        _require_holder(user=user, position=disposition.from_position)
    rows = disposition.recipients.exclude(status=Status.CANCELLED)
    if positions is not None:
        rows = rows.filter(position__in=list(positions))
    rows = list(rows.select_for_update())
    read = [row for row in rows if row.status != Status.SENT]
    if read:
        names = ", ".join(str(row.position) for row in read)
        raise ValidationError(_("Disposisi sudah dibaca oleh %(names)s dan tidak dapat dibatalkan.") % {"names": names})
    now = timezone.now()
    for row in rows:
        row.status, row.closed_at, row.closed_by = Status.CANCELLED, now, user
        row.save(update_fields=["status", "closed_at", "closed_by"])
    if disposition.parent_id:
        _unforward(disposition.parent)
    return len(rows)


def _unforward(parent: DispositionRecipient) -> None:
    live = DispositionRecipient.objects.filter(disposition__parent=parent).exclude(status=Status.CANCELLED)
    if parent.status == Status.FORWARDED and not live.exists():
        parent.status = Status.READ
        if not parent.reports.exists():
            parent.acted_at = None
        parent.save(update_fields=["status", "acted_at"])


def instruction_delete(*, instruction: Instruction) -> None:
    """Delete a standard instruction that no disposition uses; one in use stays on their record (deactivate it)."""
    uses = Disposition.instructions.through.objects.filter(instruction=instruction).count()
    if uses:
        raise ValidationError(
            _(
                "Instruksi %(name)s dipakai oleh %(count)d disposisi dan tidak dapat dihapus; "
                "nonaktifkan saja agar tidak ditawarkan lagi."
            )
            % {"name": instruction.name, "count": uses}
        )
    instruction.delete()
