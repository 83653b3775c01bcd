"""A letter's whole history on one page, in the order it happened, each step with who and when.

Received, uploaded, registered (with its agenda number), every disposition with its instructions, note and
deadline, each read, each report with its files, each closing or cancellation, the reply letter (drafted, signed
and numbered, sent), and the filing into a case file.

Access: the caller must already have passed the letter through archive.selectors.access (a letter the user may not
open has no timeline at all). Within it, the disposition chain shows only when ``show_chain`` (the screens' rule:
monitors, the posts on the chain and the leader it was put before), a reply letter only when the user may open that
outgoing letter, and the case file only to those who may see case files (``show_filing``).
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from archive.models import Capture, CaseFileItem, IncomingLetter, OutgoingLetter
from archive.selectors.access import outgoing_visible_to
from archive.selectors.dispositions import letter_chain

# Same-moment entries keep the order a person reads a story in.
ORDER = {
    "received": 0,
    "uploaded": 1,
    "registered": 2,
    "disposed": 3,
    "read": 4,
    "report": 5,
    "closed": 6,
    "reply": 7,
    "filed": 8,
}


@dataclass(frozen=True)
class TimelineEntry:
    when: datetime.datetime
    kind: str
    what: str
    who: str = ""
    detail: str = ""
    lines: tuple[str, ...] = ()
    files: tuple[tuple[str, str], ...] = ()  # (name, url)
    url: str = ""
    all_day: bool = False
    sort_key: tuple = field(default=(), compare=False)


def _person(user) -> str:
    if user is None:
        return ""
    return user.get_full_name() or user.get_username()


def _at_start_of(day: datetime.date) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time.min))


def letter_timeline(*, letter: IncomingLetter, user, show_chain: bool, show_filing: bool) -> list[TimelineEntry]:
    """Return the letter's history, oldest first (see the module docstring for what each viewer sees)."""
    entries = [*_arrival(letter)]
    if show_chain:
        entries += _chain(letter)
    entries += _replies(letter, user)
    if show_filing:
        entries += _filing(letter)
    return sorted(entries, key=lambda entry: (entry.when, ORDER.get(entry.kind, 99), entry.sort_key))


def _arrival(letter: IncomingLetter) -> list[TimelineEntry]:
    entries = []
    if letter.received_on:
        entries.append(
            TimelineEntry(
                _at_start_of(letter.received_on), "received", _("Surat diterima"), detail=letter.sender, all_day=True
            )
        )
    capture = Capture.objects.filter(letter=letter).select_related("created_by").first()
    if capture is not None:
        entries.append(
            TimelineEntry(
                capture.created_at,
                "uploaded",
                _("Pindaian diunggah"),
                who=_person(capture.created_by),
                detail=capture.original_name,
            )
        )
    if letter.registered_at:
        entry = getattr(letter, "register_entry", None)
        agenda = f"{entry.agenda_number}/{entry.agenda_year}" if entry is not None else ""
        entries.append(
            TimelineEntry(
                letter.registered_at,
                "registered",
                _("Didaftarkan di buku agenda"),
                who=_person(letter.registered_by),
                detail=_("Nomor agenda %(agenda)s") % {"agenda": agenda} if agenda else "",
            )
        )
    return entries


def _chain(letter: IncomingLetter) -> list[TimelineEntry]:
    entries: list[TimelineEntry] = []
    stack = list(letter_chain(letter=letter))
    while stack:
        node = stack.pop()
        disposition = node.disposition
        sender = (
            f"{_('Plt.')} {disposition.from_position}" if disposition.from_acting else str(disposition.from_position)
        )
        to = ", ".join(str(rn.recipient.position) for rn in node.recipients)
        lines = []
        instructions = "; ".join(instruction.name for instruction in disposition.instructions.all())
        if instructions:
            lines.append(_("Isi disposisi: %(items)s") % {"items": instructions})
        if disposition.note:
            lines.append(_("Catatan: %(note)s") % {"note": disposition.note})
        if disposition.deadline:
            lines.append(_("Batas waktu: %(date)s") % {"date": disposition.deadline.strftime("%d-%m-%Y")})
        verb = _("Diteruskan") if disposition.parent_id else _("Didisposisikan")
        entries.append(
            TimelineEntry(
                disposition.created_at,
                "disposed",
                f"{verb}: {sender} → {to}",
                who=_person(disposition.from_user),
                lines=tuple(lines),
                sort_key=(disposition.pk,),
            )
        )
        for recipient_node in node.recipients:
            entries += _recipient_entries(recipient_node)
            stack.extend(recipient_node.forwards)
    return entries


def _recipient_entries(node) -> list[TimelineEntry]:
    recipient = node.recipient
    entries = []
    if recipient.read_at:
        entries.append(
            TimelineEntry(
                recipient.read_at,
                "read",
                _("Dibaca oleh %(position)s") % {"position": recipient.position},
                who=_person(recipient.read_by),
                sort_key=(recipient.pk,),
            )
        )
    for report in node.reports:
        files = tuple(
            (attachment.name, reverse("archive_dispositions:report_file", args=[attachment.pk]))
            for attachment in report.attachments.all()
        )
        entries.append(
            TimelineEntry(
                report.created_at,
                "report",
                _("Laporan tindak lanjut dari %(position)s") % {"position": recipient.position},
                who=_person(report.author),
                detail=report.note,
                files=files,
                sort_key=(report.pk,),
            )
        )
    if recipient.closed_at and recipient.status in (recipient.Status.DONE, recipient.Status.CANCELLED):
        done = recipient.status == recipient.Status.DONE
        what = _("Disposisi untuk %(position)s selesai") if done else _("Disposisi untuk %(position)s dibatalkan")
        entries.append(
            TimelineEntry(
                recipient.closed_at,
                "closed",
                what % {"position": recipient.position},
                who=_person(recipient.closed_by),
                sort_key=(recipient.pk,),
            )
        )
    return entries


def _replies(letter: IncomingLetter, user) -> list[TimelineEntry]:
    """The outgoing letters that answer this one (when outgoing letters record what they reply to)."""
    if not any(field.name == "reply_to" for field in OutgoingLetter._meta.get_fields()):
        return []
    replies = outgoing_visible_to(user, OutgoingLetter.objects.filter(reply_to=letter)).select_related("drafter")
    entries = []
    for reply in replies.prefetch_related("dispatches"):
        url = reverse("archive_outgoing:detail", args=[reply.pk])
        entries.append(
            TimelineEntry(
                reply.created_at,
                "reply",
                _("Konsep surat balasan dibuat"),
                who=_person(reply.drafter),
                detail=reply.subject,
                url=url,
            )
        )
        if reply.number_issued_at:
            entries.append(
                TimelineEntry(
                    reply.number_issued_at,
                    "reply",
                    _("Surat balasan ditandatangani, nomor %(number)s") % {"number": reply.number},
                    url=url,
                    sort_key=(reply.pk, 1),
                )
            )
        for dispatch in reply.dispatches.all():
            entries.append(
                TimelineEntry(
                    dispatch.recorded_at,
                    "reply",
                    _("Surat balasan dikirim (%(channel)s)") % {"channel": dispatch.get_channel_display()},
                    who=_person(dispatch.recorded_by),
                    detail=dispatch.recipient,
                    url=url,
                    sort_key=(reply.pk, 2, dispatch.pk),
                )
            )
    return entries


def _filing(letter: IncomingLetter) -> list[TimelineEntry]:
    item = CaseFileItem.objects.filter(letter=letter).select_related("case_file", "added_by").first()
    if item is None:
        return []
    case_file = item.case_file
    return [
        TimelineEntry(
            item.added_at,
            "filed",
            _("Diberkaskan ke %(number)s") % {"number": case_file.number},
            who=_person(item.added_by),
            detail=str(getattr(case_file, "title", "") or case_file),
            url=reverse("archive_filing:casefile", args=[case_file.pk]),
        )
    ]
