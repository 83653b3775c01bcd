"""The rows of an incoming register (buku agenda surat masuk), filtered as the clerk asks and as the reader may see.

Every caller says whose register it is: a user (only the letters that user may open, archive.selectors.access,
so a restricted letter is neither listed nor counted for anyone else) or ``SYSTEM`` (every letter: the system
export of the ``export_register`` command run without --user, see there).
"""

from __future__ import annotations

import datetime

from django.db.models import QuerySet

from archive.models import ClassificationCode, Register, RegisterEntry
from archive.selectors.access import letters_visible_to


class _System:
    """The archive itself as the reader: no access rule applies (system exports only)."""

    def __repr__(self) -> str:
        return "SYSTEM"


SYSTEM = _System()


def classification_subtree_ids(*, code: ClassificationCode | str) -> set[int]:
    """Return the ids of a code and all its sub-codes (a code string matches it in every scheme).

    Sub-codes are followed through ``parent`` rather than by prefix: in the old decimal scheme ``474.11`` is a
    child of ``474.1`` and ``471`` of ``470``, which no string prefix rule gets right for both schemes.
    """
    if isinstance(code, ClassificationCode):
        level = [code.pk]
    else:
        level = list(ClassificationCode.objects.filter(code=code.strip()).values_list("pk", flat=True))
    found = set(level)
    while level:
        level = [
            pk
            for pk in ClassificationCode.objects.filter(parent_id__in=level).values_list("pk", flat=True)
            if pk not in found
        ]
        found.update(level)
    return found


def register_rows(
    *,
    user,
    register: Register | None = None,
    year: int | None = None,
    date_from: datetime.date | None = None,
    date_to: datetime.date | None = None,
    classification: ClassificationCode | str | None = None,
    sender: str = "",
    urgency: str = "",
    security: str = "",
) -> QuerySet[RegisterEntry]:
    """Return the register's entries in agenda order that ``user`` may see, narrowed by every filter given.

    ``user`` is required: a user (letters they may open) or ``SYSTEM`` (every letter).
    ``year`` is the agenda year; ``date_from``/``date_to`` bound the date received (inclusive); ``classification``
    takes the code with its sub-codes; ``sender`` matches any part of the sender, ignoring case.
    """
    rows = RegisterEntry.objects.select_related("register", "letter", "letter__classification")
    if user is not SYSTEM:
        rows = rows.filter(letter__in=letters_visible_to(user).values("pk"))
    if register is not None:
        rows = rows.filter(register=register)
    if year is not None:
        rows = rows.filter(agenda_year=year)
    if date_from is not None:
        rows = rows.filter(letter__received_on__gte=date_from)
    if date_to is not None:
        rows = rows.filter(letter__received_on__lte=date_to)
    if classification:
        rows = rows.filter(letter__classification_id__in=classification_subtree_ids(code=classification))
    if sender.strip():
        rows = rows.filter(letter__sender__icontains=sender.strip())
    if urgency:
        rows = rows.filter(letter__urgency=urgency)
    if security:
        rows = rows.filter(letter__security=security)
    return rows.order_by("register_id", "agenda_year", "agenda_number")
