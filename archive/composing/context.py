"""Everything a letter prints, read from the models into plain values (LetterContext) the templates render."""

from __future__ import annotations

import base64
import datetime
import mimetypes
from dataclasses import dataclass, field
from typing import Any

from django.core.files.storage import default_storage

from archive.composing import dates
from archive.composing.naskah_types import DATE, LINES, NaskahType, naskah_type, ordinal, split_lines
from archive.composing.richtext import body_clean
from archive.models import Employee, Letterhead, OutgoingLetter, Position, ReviewStep, Unit
from archive.selectors.organisation import head_of_office, position_holder_acting_for


@dataclass(frozen=True)
class Kop:
    government: str
    office_name: str
    address_line: str
    contact_line: str
    city: str
    logo_uri: str = ""


@dataclass(frozen=True)
class Signatory:
    """Who signs, as the block prints it: ``on_behalf`` is the head's post for "a.n.", ``acting`` prints "Plt."."""

    post: str
    name: str = ""
    rank: str = ""
    nip: str = ""
    acting: bool = False
    on_behalf: str = ""


@dataclass(frozen=True)
class ElectronicMark:
    """The mark of a signed letter: its verification code and address (in the QR code), when and by whose CA."""

    code: str
    url: str
    qr_uri: str
    signed_at: datetime.datetime
    issuer: str

    @property
    def signed_at_text(self) -> str:
        return dates.long_datetime(self.signed_at)


@dataclass(frozen=True)
class LetterContext:
    naskah: NaskahType
    kop: Kop | None
    number: str
    date: datetime.date | None
    place: str
    sifat: str
    attachments: str
    subject: str
    addressees: list[str]
    carbon_copies: list[str]
    body_html: str
    parts: dict[str, Any]
    signatory: Signatory
    mark: ElectronicMark | None = None
    draft: bool = True
    reply_reference: str = ""
    extra: dict[str, Any] = field(default_factory=dict)

    @property
    def date_text(self) -> str:
        return dates.long_date(self.date)

    @property
    def issuer_title(self) -> str:
        """The authority named in a titled naskah ("KEPUTUSAN KEPALA DINAS …"): the signer's post, or the head's."""
        return (self.signatory.on_behalf or self.signatory.post).upper()


def letterhead_for(unit: Unit | None) -> Letterhead | None:
    """The kop of ``unit``, or of the nearest unit above it that has one."""
    seen: set[int] = set()
    while unit is not None and unit.pk not in seen:
        found = Letterhead.objects.filter(unit=unit).first()
        if found is not None:
            return found
        seen.add(unit.pk)
        unit = unit.parent
    return None


def kop_of(letterhead: Letterhead | None) -> Kop | None:
    if letterhead is None:
        return None
    address = ", ".join(
        part for part in (letterhead.address, letterhead.postal_code and f"Kode Pos {letterhead.postal_code}") if part
    )
    contacts = [
        f"Telepon {letterhead.phone}" if letterhead.phone else "",
        f"Faksimile {letterhead.fax}" if letterhead.fax else "",
        f"Laman {letterhead.website}" if letterhead.website else "",
        f"Pos-el {letterhead.email}" if letterhead.email else "",
    ]
    return Kop(
        government=letterhead.government.upper(),
        office_name=letterhead.office_name.upper(),
        address_line=address,
        contact_line=", ".join(contact for contact in contacts if contact),
        city=letterhead.city,
        logo_uri=_file_data_uri(letterhead.logo.name) if letterhead.logo else "",
    )


def _file_data_uri(name: str) -> str:
    """Embed a stored image in the HTML (WeasyPrint fetches nothing from outside)."""
    if not name or not default_storage.exists(name):
        return ""
    with default_storage.open(name, "rb") as handle:
        data = handle.read()
    kind = mimetypes.guess_type(name)[0] or "image/png"
    return f"data:{kind};base64,{base64.b64encode(data).decode('ascii')}"


def employee_of(user) -> tuple[str, str, str]:
    """(name, rank, NIP) of a user: the employee record, else the user's own name."""
    if user is None:
        return "", "", ""
    employee = Employee.objects.filter(user=user).first()
    if employee is not None:
        return employee.full_name, employee.rank, employee.nip
    return user.get_full_name() or user.get_username(), "", ""


def signer_position(letter: OutgoingLetter) -> Position | None:
    """The post that signs: the signer step of the latest round (None before the draft is first submitted)."""
    step = (
        letter.review_steps.filter(role=ReviewStep.Role.SIGNER)
        .select_related("position", "position__unit")
        .order_by("-round")
        .first()
    )
    return step.position if step else None


def signatory_for(
    *, naskah: NaskahType, position: Position | None, user=None, acting: bool | None = None, day: datetime.date
) -> Signatory:
    """The block of ``position`` signed by ``user`` (by default whoever exercises the post on ``day``)."""
    if position is None:
        return Signatory(post="")
    if user is None:
        holder = position_holder_acting_for(position=position, day=day)
        user = holder.user if holder else None
        acting = holder.acting if holder and acting is None else acting
    name, rank, nip = employee_of(user)
    head = head_of_office()
    on_behalf = ""
    if naskah.in_name_of_head and head is not None and head.pk != position.pk:
        on_behalf = head.signing_title
    return Signatory(
        post=position.signing_title, name=name, rank=rank, nip=nip, acting=bool(acting), on_behalf=on_behalf
    )


def parts_of(naskah: NaskahType, details: dict) -> dict[str, Any]:
    """The type's parts ready to print: lines as lists (or rows of columns), dates in words, the rest as text."""
    parts: dict[str, Any] = {}
    for part in naskah.parts:
        value = (details or {}).get(part.name, "") or part.default
        if part.kind == LINES:
            lines = split_lines(value)
            parts[part.name] = [[cell.strip() for cell in line.split(";")] for line in lines] if part.columns else lines
        elif part.kind == DATE:
            parts[part.name] = dates.day_and_date(dates.parse_iso(value))
        else:
            parts[part.name] = str(value).strip()
    if naskah.code == "keputusan":
        parts["menimbang"] = [(chr(ord("a") + index % 26), text) for index, text in enumerate(parts["menimbang"])]
        parts["diktum"] = [(ordinal(index), text) for index, text in enumerate(parts["diktum"])]
    if naskah.code == "surat_keterangan":
        parts["yang_diterangkan"] = [_label_and_value(line) for line in parts["yang_diterangkan"]]
    return parts


def _label_and_value(line: str) -> tuple[str, str]:
    """ "Nama: Siti Aminah" gives ("Nama", "Siti Aminah"); a line without a colon is a sentence of its own."""
    label, colon, value = line.partition(":")
    return (label.strip(), value.strip()) if colon and 0 < len(label.strip()) <= 40 else (line, "")


def sifat_of(letter: OutgoingLetter) -> str:
    """The Sifat line: the urgency, and the security level when it is not biasa ("Segera, Rahasia")."""
    labels = [] if letter.urgency == "biasa" else [str(letter.get_urgency_display()).title()]
    if letter.security != "biasa":
        labels.append(str(letter.get_security_display()).title())
    return ", ".join(labels) or "Biasa"


def reply_reference(letter: OutgoingLetter) -> str:
    incoming = letter.reply_to
    if incoming is None:
        return ""
    bits = [
        f"nomor {incoming.number}" if incoming.number else "",
        f"tanggal {dates.long_date(incoming.letter_date)}" if incoming.letter_date else "",
    ]
    return " ".join(bit for bit in bits if bit)


def letter_context(
    letter: OutgoingLetter,
    *,
    signatory: Signatory | None = None,
    mark: ElectronicMark | None = None,
    day: datetime.date | None = None,
) -> LetterContext:
    """What ``letter`` prints now: a draft (no number, no mark) or, given its ``mark``, the signed letter."""
    from django.utils import timezone

    naskah = naskah_type(letter.naskah_type)
    letterhead = letterhead_for(letter.unit)
    kop = kop_of(letterhead)
    on_day = day or letter.letter_date or timezone.localdate()
    if signatory is None:
        signatory = signatory_for(naskah=naskah, position=signer_position(letter), day=on_day)
    return LetterContext(
        naskah=naskah,
        kop=kop,
        number=letter.number,
        date=letter.letter_date,
        place=kop.city if kop else "",
        sifat=sifat_of(letter),
        attachments=letter.attachments.strip() or "-",
        subject=" ".join(letter.subject.split()),
        addressees=split_lines(letter.addressees),
        carbon_copies=split_lines(letter.carbon_copies),
        body_html=body_clean(letter.body),
        parts=parts_of(naskah, letter.details),
        signatory=signatory,
        mark=mark,
        draft=mark is None,
        reply_reference=reply_reference(letter),
    )
