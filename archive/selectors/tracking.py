"""Where an incoming letter is, as its sender may see it on the public tracking page (/lacak/<code>).

Six stages, each reached or not, with its date: received, put before the leader, disposed to a unit, being
handled (a recipient read it, reported or acted), finished (every disposition closed, at least one done) and
answered (a reply signed and numbered). Nothing of the letter's content is shown, and no person's name ever: a
letter that is not restricted shows the post it was put before and the units it was disposed to; a restricted
one (terbatas, rahasia, sangat rahasia) only the stages and their dates.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.db.models import Min
from django.utils.translation import gettext as _

from archive import random_codes
from archive.models import DispositionRecipient, FollowUpReport, IncomingLetter, OutgoingLetter

Status = DispositionRecipient.Status


@dataclass(frozen=True)
class Stage:
    key: str
    label: str
    reached_at: datetime.datetime | datetime.date | None = None
    detail: str = ""

    @property
    def reached(self) -> bool:
        return self.reached_at is not None


@dataclass(frozen=True)
class Tracking:
    code: str
    code_grouped: str
    agenda: str
    received_on: datetime.date | None
    restricted: bool
    stages: tuple[Stage, ...]

    @property
    def current(self) -> Stage:
        reached = [stage for stage in self.stages if stage.reached]
        return reached[-1] if reached else self.stages[0]


def letter_tracking(*, code: str) -> Tracking | None:
    """The tracking of the registered letter with this code (as typed: see random_codes.normalise), or None."""
    code = random_codes.normalise(code)
    if not code:
        return None
    letter = (
        IncomingLetter.objects.filter(tracking_code=code, status=IncomingLetter.Status.REGISTERED)
        .select_related("addressed_to", "register_entry")
        .first()
    )
    if letter is None:
        return None
    entry = getattr(letter, "register_entry", None)
    return Tracking(
        code=code,
        code_grouped=random_codes.grouped(code),
        agenda=f"{entry.agenda_number}/{entry.agenda_year}" if entry is not None else "",
        received_on=letter.received_on,
        restricted=letter.is_restricted,
        stages=_stages(letter),
    )


def _stages(letter: IncomingLetter) -> tuple[Stage, ...]:
    shown = not letter.is_restricted
    recipients = list(
        DispositionRecipient.objects.filter(disposition__letter=letter)
        .exclude(status=Status.CANCELLED)
        .select_related("disposition", "position__unit")
        .order_by("disposition__created_at", "pk")
    )
    finished_at = _finished_at(recipients)
    return (
        Stage("received", _("Surat diterima"), letter.received_on),
        Stage(
            "leader",
            _("Disampaikan kepada pimpinan"),
            letter.registered_at,
            str(letter.addressed_to.title) if shown and letter.addressed_to_id else "",
        ),
        _disposed(recipients, shown=shown),
        # A chain closed without anyone opening it (a reply closed it) was handled when it was closed.
        Stage("handling", _("Sedang ditindaklanjuti"), _handling_since(recipients) or finished_at),
        Stage("finished", _("Selesai ditindaklanjuti"), finished_at),
        Stage("answered", _("Surat telah dibalas"), _answered_at(letter)),
    )


def _disposed(recipients: list[DispositionRecipient], *, shown: bool) -> Stage:
    if not recipients:
        return Stage("disposed", _("Didisposisikan kepada unit kerja"))
    units: list[str] = []
    for recipient in recipients:
        name = recipient.position.unit.name
        if name not in units:
            units.append(name)
    return Stage(
        "disposed",
        _("Didisposisikan kepada unit kerja"),
        recipients[0].disposition.created_at,
        ", ".join(units) if shown else "",
    )


def _handling_since(recipients: list[DispositionRecipient]) -> datetime.datetime | None:
    moments = [moment for recipient in recipients for moment in (recipient.read_at, recipient.acted_at) if moment]
    first_report = FollowUpReport.objects.filter(recipient__in=recipients).aggregate(first=Min("created_at"))["first"]
    if first_report:
        moments.append(first_report)
    return min(moments, default=None)


def _finished_at(recipients: list[DispositionRecipient]) -> datetime.datetime | None:
    if not recipients or any(recipient.is_open for recipient in recipients):
        return None
    done = [recipient.closed_at for recipient in recipients if recipient.status == Status.DONE and recipient.closed_at]
    return max(done, default=None)


def _answered_at(letter: IncomingLetter) -> datetime.datetime | None:
    replies = OutgoingLetter.objects.filter(reply_to=letter, number_issued_at__isnull=False)
    return replies.aggregate(first=Min("number_issued_at"))["first"]
