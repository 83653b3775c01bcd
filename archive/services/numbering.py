"""Numbers that never repeat and never skip: agenda numbers of the registers and serials of outgoing letters.

The entry of a letter in its register lives here too, since it is nothing but taking the next agenda number.

Every number comes from a ``Sequence`` row (scope, year) incremented inside the caller's transaction:

- PostgreSQL: the row is locked with SELECT ... FOR UPDATE, so concurrent registrations queue on it; the first
  number of a year creates the row in a savepoint, and a concurrent creator that loses the race reads the
  winner's row instead.
- SQLite has no row locks; the settings open every transaction with BEGIN IMMEDIATE, which takes the database
  write lock at the start, so registrations run one after the other.

Because the increment is part of the registering transaction, a registration that rolls back gives its number
back: the next one gets the same number, so the register has no holes.
"""

from __future__ import annotations

import string
from typing import TYPE_CHECKING

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone

from archive.models import IncomingLetter, Register, RegisterEntry, Sequence, Unit

if TYPE_CHECKING:
    from django.contrib.auth.models import AbstractBaseUser

DEFAULT_OUTGOING_PATTERN = "{code}/{serial}/{unit_code}/{year}"
PATTERN_FIELDS = {"code", "serial", "unit_code", "year", "naskah_type"}


@transaction.atomic
def sequence_next(*, scope: str, year: int) -> int:
    """Return the next number of ``scope`` in ``year`` (1 for the first), counted in the caller's transaction."""
    _sequence_row_ensure(scope=scope, year=year)
    row = Sequence.objects.select_for_update().get(scope=scope, year=year)  # held until the caller commits
    row.last_value += 1
    row.save(update_fields=["last_value", "updated_at"])
    return row.last_value


def _sequence_row_ensure(*, scope: str, year: int) -> None:
    """Create the counter row of a new scope or year; a concurrent creator's row is as good as ours."""
    if Sequence.objects.filter(scope=scope, year=year).exists():
        return
    try:
        with transaction.atomic():
            Sequence.objects.create(scope=scope, year=year, last_value=0)
    except IntegrityError:
        pass  # another transaction created it first; the lock below waits for it to commit and counts on its row


def sequence_peek(*, scope: str, year: int) -> int:
    """Return the last number given in ``scope`` and ``year`` (0 when none yet), without taking one."""
    found = Sequence.objects.filter(scope=scope, year=year).values_list("last_value", flat=True).first()
    return found or 0


def register_scope(*, register: Register) -> str:
    return f"register:{register.pk}"


def outgoing_scope(*, unit: Unit, naskah_type: str = "") -> str:
    """Name the counter of one issuing unit and, where the office counts them apart, one naskah type."""
    scope = f"outgoing:unit:{unit.pk}"
    return f"{scope}:{naskah_type}" if naskah_type else scope


def outgoing_pattern_validate(*, pattern: str) -> None:
    """Refuse a pattern with unknown fields, or without ``{serial}`` (every number would then be the same)."""
    fields = {name for _text, name, _spec, _conv in string.Formatter().parse(pattern) if name is not None}
    unknown = fields - PATTERN_FIELDS
    if unknown:
        raise ValueError(f"Unknown field(s) in the number pattern {pattern!r}: {', '.join(sorted(unknown))}")
    if "serial" not in fields:
        raise ValueError(f"The number pattern {pattern!r} has no {{serial}}, so numbers would repeat")


def outgoing_number_format(
    *, pattern: str, code: str, serial: int, unit_code: str, year: int, naskah_type: str = ""
) -> str:
    """Fill the pattern: ``{code}/{serial}/{unit_code}/{year}`` gives ``188.4/284/427.43/2018``."""
    outgoing_pattern_validate(pattern=pattern)
    return pattern.format(code=code, serial=serial, unit_code=unit_code, year=year, naskah_type=naskah_type)


@transaction.atomic
def outgoing_number_issue(
    *, code: str, unit: Unit, year: int, pattern: str | None = None, naskah_type: str = ""
) -> str:
    """Give an outgoing letter its final number from the unit's (and naskah type's) sequence of the year.

    The pattern is checked before a serial is taken, so a bad pattern consumes nothing; call this inside the
    transaction that stores the number on the letter, so a failed approval gives the serial back.
    """
    pattern = pattern or getattr(settings, "ARCHIVE_OUTGOING_NUMBER_PATTERN", DEFAULT_OUTGOING_PATTERN)
    outgoing_pattern_validate(pattern=pattern)
    serial = sequence_next(scope=outgoing_scope(unit=unit, naskah_type=naskah_type), year=year)
    return outgoing_number_format(
        pattern=pattern, code=code, serial=serial, unit_code=unit.code, year=year, naskah_type=naskah_type
    )


DEFAULT_REGISTERS = {
    Register.Kind.INCOMING: {"code": "agenda-masuk", "name": "Buku Agenda Surat Masuk"},
    Register.Kind.OUTGOING: {"code": "agenda-keluar", "name": "Buku Agenda Surat Keluar"},
}


def register_default(*, kind: str = Register.Kind.INCOMING) -> Register:
    """Return the office's default register of ``kind`` (made by a migration; made again if it is missing)."""
    found = Register.objects.filter(kind=kind, is_default=True).first()
    if found is not None:
        return found
    values = DEFAULT_REGISTERS[Register.Kind(kind)]
    register, _created = Register.objects.get_or_create(
        code=values["code"], defaults={"name": values["name"], "kind": kind, "is_default": True}
    )
    return register


@transaction.atomic
def register_entry_create(
    *, letter: IncomingLetter, register: Register | None = None, user: AbstractBaseUser | None = None
) -> RegisterEntry:
    """Enter a saved letter in an incoming register with the next agenda number of the year it was received.

    A letter already entered keeps its entry and number (confirming again never numbers it twice). The letter
    row is locked first, so two clerks confirming the same letter at once still give it one number.
    """
    IncomingLetter.objects.select_for_update().filter(pk=letter.pk).values_list("pk", flat=True).get()
    existing = RegisterEntry.objects.filter(letter=letter).select_related("register").first()
    if existing is not None:
        return existing
    register = register or register_default(kind=Register.Kind.INCOMING)
    if register.kind != Register.Kind.INCOMING:
        raise ValueError(f"Register {register} is not an incoming register")
    year = (letter.received_on or timezone.localdate()).year
    number = sequence_next(scope=register_scope(register=register), year=year)
    return RegisterEntry.objects.create(
        register=register, agenda_year=year, agenda_number=number, letter=letter, registered_by=user
    )
