"""The crosswalk from the superseded 78/2012 decimal codes to the leaf codes of Permendagri 83/2022 that carry a
retention, so that a letter numbered under the old scheme can be suggested, filed and retained under the new one.

A row maps one legacy code to its current leaf codes, best first, on one of three bases: ``reviewed`` (checked by a
person, in the shipped data or in the admin), ``proposed`` (found by :func:`propose_targets`, to be reviewed), or
``by_content`` (the old code names a kind of document, not a subject: "005 Undangan" has no counterpart in 83/2022,
where an invitation is classified by what it is about). Pure: no Django models; the database copy is in
``archive.models.crosswalk`` and is read through ``archive.selectors.classification``.
"""

from __future__ import annotations

import csv
import io
import math
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from archive.classification.analysis import analyse
from archive.classification.scheme import CURRENT, LEGACY, Classification, ClassificationScheme, ancestors

REVIEWED, PROPOSED, BY_CONTENT = "reviewed", "proposed", "by_content"
BASES = (REVIEWED, PROPOSED, BY_CONTENT)
CSV_COLUMNS = ("legacy_code", "legacy_title", "current_codes", "basis", "note")
BUNDLED_CSV = Path(__file__).resolve().parent.parent / "data" / "crosswalk_78_2012_83_2022.csv"

# Each division (xx0) of the old scheme and the 83/2022 branches its subjects moved to: the proposals look for
# title matches inside these branches first. A reading of both schemes' division titles, to be refined in review.
DIVISION_BRANCHES: dict[str, tuple[str, ...]] = {
    "000": ("000.1",), "010": ("000.1",), "020": ("000.2", "000.3"), "030": ("000.2", "900.1"),
    "040": ("000.4", "000.5", "000.6"), "050": ("000.7",), "060": ("000.8",), "070": ("000.9",),
    "080": ("000.9", "400.14"), "090": ("000.1",),
    "100": ("100.1", "100.2"), "110": ("100.2",), "120": ("100.1", "100.2"), "130": ("100.1", "100.2"),
    "140": ("400.10",), "150": ("100.1", "100.2"), "160": ("100.1", "100.2"), "170": ("100.1", "100.2"),
    "180": ("100.3",), "190": ("100.2", "400.14"),
    "200": ("200.1",), "210": ("200.1",), "220": ("200.1",), "230": ("200.1",), "240": ("200.1", "400.5"),
    "250": ("200.1",), "260": ("200.1", "400.2"), "270": ("200.2",), "280": ("200.2",),
    "300": ("300.1",), "310": ("300.1",), "320": ("300.1",), "330": ("300.1",), "340": ("300.1", "300.2"),
    "350": ("300.1",), "360": ("300.2",), "370": ("300.2",),
    "400": ("400.9",), "410": ("400.10", "400.1"), "420": ("400.3",), "430": ("400.6",), "440": ("400.7",),
    "450": ("400.8",), "460": ("400.9", "400.2"), "470": ("400.12", "400.13"), "480": ("400.14", "500.12"),
    "500": ("500.2",), "510": ("500.2", "500.3"), "520": ("500.6", "500.7", "500.8", "500.4", "500.5", "500.1"),
    "530": ("500.9",), "540": ("500.10", "500.5"), "550": ("500.11",), "560": ("500.15", "500.18"),
    "570": ("500.16", "500.3"), "580": ("900.1",), "590": ("500.17",),
    "600": ("600.1",), "610": ("600.1",), "620": ("600.1",), "630": ("600.1",), "640": ("600.1", "600.2"),
    "650": ("600.3",), "660": ("600.4",), "670": ("600.1",), "680": ("600.2",), "690": ("600.1", "600.2"),
    "700": ("700.1",), "710": ("700.1",), "720": ("700.1",), "730": ("700.1",), "740": ("700.1",),
    "750": ("700.1",), "760": ("700.1",), "770": ("700.1",), "780": ("700.1",), "790": ("700.1",),
    "800": ("800.1",), "810": ("800.1",), "820": ("800.1",), "830": ("800.1",), "840": ("800.1",),
    "850": ("800.1",), "860": ("800.1",), "870": ("800.1",), "880": ("800.1",), "890": ("800.2",),
    "900": ("900.1",), "910": ("900.1",), "920": ("900.1",), "930": ("900.1",), "940": ("900.1",),
    "950": ("900.1",), "960": ("900.1",), "970": ("900.1",), "980": ("900.1",), "990": ("900.1",),
}  # fmt: skip
_BRANCH_BONUS = 2.0  # a title match inside the division's branches outweighs a better one elsewhere


@dataclass(frozen=True, slots=True)
class CrosswalkRow:
    """One legacy code and the current leaf codes it maps to, best first."""

    legacy_code: str
    targets: tuple[str, ...]
    basis: str
    note: str = ""
    legacy_title: str = ""


class Crosswalk:
    """The crosswalk in memory, keyed by legacy code; read-only."""

    def __init__(self, rows: Iterable[CrosswalkRow]) -> None:
        self._rows = {row.legacy_code: row for row in rows}

    def __len__(self) -> int:
        return len(self._rows)

    def __iter__(self) -> Iterator[CrosswalkRow]:
        return iter(self._rows.values())

    def get(self, legacy_code: str) -> CrosswalkRow | None:
        """Return the row of ``legacy_code`` itself, or ``None``."""
        return self._rows.get(legacy_code)

    def resolve(self, legacy_code: str) -> CrosswalkRow | None:
        """Return the row of ``legacy_code`` or, when it has none, of its nearest ancestor that has one.

        An ancestor's ``by_content`` row stops the search: "005.1" under "005 Undangan" is still an invitation.
        """
        for code in [legacy_code, *reversed(ancestors(legacy_code, LEGACY))]:
            row = self._rows.get(code)
            if row is not None and (row.targets or row.basis == BY_CONTENT):
                return row
        return None


def read_crosswalk_csv(path: Path | str | None = None) -> Crosswalk:
    """Return the crosswalk from a CSV with :data:`CSV_COLUMNS` (default: the copy shipped with the app)."""
    with Path(path or BUNDLED_CSV).open(encoding="utf-8", newline="") as handle:
        return Crosswalk(_row_from_csv(row) for row in csv.DictReader(handle))


def _row_from_csv(row: dict[str, str]) -> CrosswalkRow:
    basis = row["basis"].strip() or PROPOSED
    if basis not in BASES:
        raise ValueError(f"Unknown crosswalk basis {basis!r} for {row['legacy_code']}")
    return CrosswalkRow(
        legacy_code=row["legacy_code"].strip(),
        targets=tuple(row["current_codes"].split()),
        basis=basis,
        note=row.get("note", "").strip(),
        legacy_title=row.get("legacy_title", "").strip(),
    )


def crosswalk_csv(rows: Iterable[CrosswalkRow]) -> str:
    """Return ``rows`` as CSV text with :data:`CSV_COLUMNS`."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(CSV_COLUMNS)
    for row in rows:
        writer.writerow([row.legacy_code, row.legacy_title, " ".join(row.targets), row.basis, row.note])
    return out.getvalue()


class TargetProposer:
    """Propose current leaf codes for a legacy code from the words of both codes' titles (and their parents').

    Each title becomes weighted stems (its own words 1.0, its two nearest ancestors' 0.5), scored by cosine
    similarity with inverse document frequency over the current leaves; leaves in the branches that
    :data:`DIVISION_BRANCHES` names for the legacy code's division score higher.
    """

    def __init__(self, scheme: ClassificationScheme) -> None:
        self.scheme = scheme
        self.leaves = [e for e in scheme.entries(CURRENT) if e.final_disposition]
        self.vectors = {e.code: self._terms(e) for e in self.leaves}
        frequency = Counter(term for terms in self.vectors.values() for term in terms)
        self.idf = {term: math.log(len(self.leaves) / count) + 1.0 for term, count in frequency.items()}

    def _terms(self, entry: Classification) -> dict[str, float]:
        terms: dict[str, float] = {}
        for above in self.scheme.lineage(entry)[-2:]:
            for term in analyse(above.title):
                terms[term] = max(terms.get(term, 0.0), 0.5)
        for term in analyse(entry.title):
            terms[term] = 1.0
        return terms

    def propose(self, legacy_code: str, *, k: int = 3) -> list[str]:
        """Return up to ``k`` current leaf codes for ``legacy_code``, best first (empty when no title word meets)."""
        entry = self.scheme.get(legacy_code, LEGACY)
        if entry is None:
            return []
        query = self._terms(entry)
        branches = DIVISION_BRANCHES.get(legacy_code[:2] + "0", ())
        scored = []
        for code, terms in self.vectors.items():
            score = self._cosine(query, terms)
            if score <= 0:
                continue
            if any(code == b or code.startswith(b + ".") for b in branches):
                score *= _BRANCH_BONUS
            scored.append((score, code))
        scored.sort(key=lambda item: (-item[0], item[1]))
        return [code for _, code in scored[:k]]

    def _cosine(self, a: dict[str, float], b: dict[str, float]) -> float:
        common = a.keys() & b.keys()
        if not common:
            return 0.0
        dot = sum(self.idf.get(t, 1.0) ** 2 * a[t] * b[t] for t in common)
        norm_a = math.sqrt(sum((self.idf.get(t, 1.0) * w) ** 2 for t, w in a.items()))
        norm_b = math.sqrt(sum((self.idf.get(t, 1.0) * w) ** 2 for t, w in b.items()))
        return dot / (norm_a * norm_b)


def propose_crosswalk(scheme: ClassificationScheme, *, keep: Crosswalk | None = None) -> list[CrosswalkRow]:
    """Return a row for every legacy code: ``keep``'s reviewed and by-content rows as they are, else a proposal."""
    proposer = TargetProposer(scheme)
    rows = []
    for entry in scheme.entries(LEGACY):
        kept = keep.get(entry.code) if keep else None
        if kept is not None and kept.basis != PROPOSED:
            rows.append(CrosswalkRow(kept.legacy_code, kept.targets, kept.basis, kept.note, entry.title))
            continue
        rows.append(CrosswalkRow(entry.code, tuple(proposer.propose(entry.code)), PROPOSED, "", entry.title))
    return rows
