"""The classification schemes (kode klasifikasi arsip) read from kode_klasifikasi.csv, and code arithmetic."""

from __future__ import annotations

import csv
import datetime
import functools
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

CURRENT = "permendagri_83_2022"
LEGACY = "legacy_78_2012"
SCHEMES = (CURRENT, LEGACY)
# x00.n codes present in both schemes; only the letter's date (against a per-tenant cut-over) tells them apart.
AMBIGUOUS = frozenset({"500.1", "800.1", "800.2"})
_CODE = re.compile(r"\d{3}(?:\.\d+)*")


@dataclass(frozen=True, slots=True)
class Classification:
    """One row of the CSV: a code of one scheme with its title, parent and (Jawa Timur) retention."""

    code: str
    title: str
    parent: str | None
    level: int
    scheme: str
    retention_active_years: int | None = None
    retention_inactive_years: int | None = None
    final_disposition: str | None = None
    retention_active_trigger: str = ""
    final_disposition_note: str = ""
    uncertain: bool = False

    @property
    def sort_key(self) -> tuple[int, ...]:
        """Return the key that puts this code in scheme order (see :func:`code_sort_key`)."""
        return code_sort_key(self.code, self.scheme)


def scheme_of(code: str, *, on: datetime.date | None = None, cutover: datetime.date | None = None) -> str | None:
    """Return the scheme a code belongs to, or ``None`` when only a date could tell.

    Rules from the domain notes: a first segment not ending in ``00`` is the old decimal scheme; two or more
    dots are Permendagri 83/2022; ``x00.n`` is 83/2022 except the old ``800.043``-style fractions and the
    codes in :data:`AMBIGUOUS`; those and the bare main classes (``000``..``900``, in both schemes) follow
    the letter date ``on`` against the tenant's ``cutover`` when both are given.
    """
    if not _CODE.fullmatch(code):
        return None
    first, _, fraction = code.partition(".")
    if not first.endswith("00"):
        return LEGACY
    if code.count(".") >= 2:
        return CURRENT
    if fraction.startswith("0"):
        return LEGACY
    if fraction and code not in AMBIGUOUS:
        return CURRENT
    if on is not None and cutover is not None:
        return LEGACY if on < cutover else CURRENT
    return None


def code_sort_key(code: str, scheme: str | None = None) -> tuple[int, ...]:
    """Return the sort key of a code: its integer tuple, so that ``000.1.10`` follows ``000.1.9``.

    In the old decimal scheme every digit after the dot is one more level (``474.11`` is a child of
    ``474.1``), so there each of those digits is one element: ``474.11`` sorts before ``474.2``.
    """
    first, _, fraction = code.partition(".")
    if (scheme or scheme_of(code)) == LEGACY:
        return (int(first), *(int(d) for d in fraction))
    return tuple(int(part) for part in code.split("."))


def ancestors(code: str, scheme: str | None = None) -> list[str]:
    """Return the codes above ``code`` by its own structure, root first (they need not exist in the CSV).

    83/2022: drop the last segment (``400.12.3.1`` -> ``400.12.3``, ``400.12``, ``400``). Old scheme: drop the
    last digit of the fraction, then section -> division -> main class (``472.11`` -> ``472.1``, ``472``,
    ``470``, ``400``).
    """
    scheme = scheme or scheme_of(code) or CURRENT
    first, _, fraction = code.partition(".")
    if scheme == CURRENT:
        parts = code.split(".")
        found = [".".join(parts[:i]) for i in range(1, len(parts))]
        return found if first.endswith("00") else [f"{first[0]}00", *found]
    above = [f"{first}.{fraction[:i]}" for i in range(1, len(fraction)) if fraction[:i].strip("0")]
    heads = [f"{first[0]}00", f"{first[:2]}0", first] if fraction else [f"{first[0]}00", f"{first[:2]}0"]
    found: list[str] = []
    for head in [*heads, *above]:
        if head != code and head not in found:
            found.append(head)
    return found


def is_descendant(code: str, of: str, scheme: str | None = None) -> bool:
    """Return whether ``code`` lies (strictly) below ``of`` in the hierarchy."""
    return of in ancestors(code, scheme)


class ClassificationScheme:
    """Both schemes in memory, keyed by ``(scheme, code)``; read-only."""

    def __init__(self, entries: Iterable[Classification]) -> None:
        self._entries: dict[tuple[str, str], Classification] = {}
        self._children: dict[tuple[str, str], list[str]] = {}
        for entry in entries:
            self._entries[(entry.scheme, entry.code)] = entry
            if entry.parent:
                self._children.setdefault((entry.scheme, entry.parent), []).append(entry.code)

    def __len__(self) -> int:
        return len(self._entries)

    def __iter__(self) -> Iterator[Classification]:
        return iter(self._entries.values())

    def get(self, code: str, scheme: str) -> Classification | None:
        """Return the entry for ``code`` in ``scheme``, or ``None``."""
        return self._entries.get((scheme, code))

    def lookup(self, code: str) -> list[Classification]:
        """Return the entries for ``code`` in every scheme that has it (0, 1 or 2)."""
        return [entry for scheme in SCHEMES if (entry := self._entries.get((scheme, code)))]

    def entries(self, scheme: str | None = None) -> list[Classification]:
        """Return the entries of one scheme (or both), in scheme order."""
        chosen = [e for e in self._entries.values() if scheme is None or e.scheme == scheme]
        return sorted(chosen, key=lambda e: (SCHEMES.index(e.scheme), e.sort_key))

    def children(self, code: str, scheme: str) -> list[Classification]:
        """Return the direct children of ``code`` in ``scheme``, in order."""
        found = [self._entries[(scheme, c)] for c in self._children.get((scheme, code), [])]
        return sorted(found, key=lambda e: e.sort_key)

    def is_leaf(self, entry: Classification) -> bool:
        """Return whether ``entry`` has no children (only leaves carry retention)."""
        return (entry.scheme, entry.code) not in self._children

    def lineage(self, entry: Classification) -> list[Classification]:
        """Return the entries above ``entry`` following the CSV's parent column, root first."""
        chain: list[Classification] = []
        parent = entry.parent
        while parent and (above := self._entries.get((entry.scheme, parent))) and above not in chain:
            chain.insert(0, above)
            parent = above.parent
        return chain

    def nearest(self, code: str, scheme: str) -> Classification | None:
        """Return ``code`` itself in ``scheme`` or, if absent, its nearest existing ancestor."""
        for candidate in [code, *reversed(ancestors(code, scheme))]:
            if entry := self._entries.get((scheme, candidate)):
                return entry
        return None


def _int_or_none(value: str) -> int | None:
    """Return ``value`` as an int, or ``None`` when it is empty."""
    return int(value) if value.strip() else None


def _row_to_entry(row: dict[str, str]) -> Classification:
    """Return the entry for one CSV row."""
    return Classification(
        code=row["code"].strip(),
        title=row["title"].strip(),
        parent=row["parent_code"].strip() or None,
        level=int(row["level"]),
        scheme=row["scheme"].strip(),
        retention_active_years=_int_or_none(row["retention_active_years"]),
        retention_inactive_years=_int_or_none(row["retention_inactive_years"]),
        final_disposition=row["final_disposition"].strip() or None,
        retention_active_trigger=row.get("retention_active_trigger", "").strip(),
        final_disposition_note=row.get("final_disposition_note", "").strip(),
        uncertain=row.get("uncertain", "0").strip() == "1",
    )


BUNDLED_CSV = Path(__file__).resolve().parent.parent / "data" / "kode_klasifikasi.csv"


def default_csv_path() -> Path:
    """Return ``SHARED_DIR / "domain/kode_klasifikasi.csv"``, or the copy bundled with the app when absent.

    The bundled copy lets a deployment without the shared folder migrate; settings are read only when called.
    """
    from django.conf import settings

    shared = Path(settings.SHARED_DIR) / "domain" / "kode_klasifikasi.csv"
    return shared if shared.is_file() else BUNDLED_CSV


def load_scheme(path: Path | str | None = None) -> ClassificationScheme:
    """Return both schemes read from ``path`` (default :func:`default_csv_path`); cached per path."""
    return _load(Path(path) if path is not None else default_csv_path())


@functools.lru_cache(maxsize=4)
def _load(path: Path) -> ClassificationScheme:
    """Read and cache the CSV at ``path``."""
    with path.open(encoding="utf-8", newline="") as handle:
        return ClassificationScheme(_row_to_entry(row) for row in csv.DictReader(handle))
