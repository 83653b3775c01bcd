"""Factories for dispositions: an office with heads and staff, registered letters, and dispositions made through
the services (so every row is one the application itself could have written)."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from archive.models import IncomingLetter, Instruction, Position, PositionHolder, Unit
from archive.services.letters import letter_confirm
from tests.factories.archive import IncomingLetterFactory, PositionFactory, UnitFactory, UserFactory


@dataclass
class Office:
    """Kepala Dinas > (Sekretaris, Kabid PIAK > Kasi Pendaftaran > Staf), each post held by one user."""

    positions: dict[str, Position]
    users: dict[str, object]

    def __getitem__(self, key: str) -> Position:
        return self.positions[key]


def build_office(start: datetime.date = datetime.date(2024, 1, 1)) -> Office:
    dinas = UnitFactory(name="Dinas Kependudukan dan Pencatatan Sipil", code="427.43", kind=Unit.Kind.DINAS)
    sekretariat = UnitFactory(name="Sekretariat", code="SEK", kind=Unit.Kind.SEKRETARIAT, parent=dinas)
    piak = UnitFactory(name="Bidang PIAK", code="PIAK", kind=Unit.Kind.BIDANG, parent=dinas)
    seksi = UnitFactory(name="Seksi Pendaftaran", code="PIAK.1", kind=Unit.Kind.SEKSI, parent=piak)
    kadis = PositionFactory(title="Kepala Dinas", kind=Position.Kind.KEPALA_DINAS, unit=dinas, rank=10)
    sekretaris = PositionFactory(
        title="Sekretaris Dinas", kind=Position.Kind.SEKRETARIS, unit=sekretariat, rank=20, parent=kadis
    )
    kabid = PositionFactory(title="Kabid PIAK", kind=Position.Kind.KABID, unit=piak, rank=30, parent=kadis)
    kasi = PositionFactory(title="Kasi Pendaftaran", kind=Position.Kind.KASI, unit=seksi, rank=40, parent=kabid)
    staf = PositionFactory(title="Pengadministrasi Umum", kind=Position.Kind.STAF, unit=seksi, rank=90, parent=kasi)
    positions = {"kadis": kadis, "sekretaris": sekretaris, "kabid": kabid, "kasi": kasi, "staf": staf}
    users = {}
    for key, position in positions.items():
        user = UserFactory(username=f"{key}", first_name=position.title, email=f"{key}@dinas.example.test")
        PositionHolder.objects.create(position=position, user=user, start=start)
        users[key] = user
    return Office(positions=positions, users=users)


def registered_letter(*, user, **values) -> IncomingLetter:
    """A letter confirmed through the clerk's service: registered with an agenda number."""
    letter = IncomingLetterFactory(**values)
    return letter_confirm(letter=letter, user=user)


def instructions(*names: str) -> list[Instruction]:
    """The seeded instructions by name, in the order asked."""
    found = {instruction.name: instruction for instruction in Instruction.objects.filter(name__in=names)}
    missing = set(names) - set(found)
    if missing:
        raise LookupError(f"Instructions not seeded: {sorted(missing)}")
    return [found[name] for name in names]
