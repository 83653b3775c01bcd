"""The classification schemes read from the real shared CSV: counts, order, ancestry and scheme rules."""

from __future__ import annotations

import datetime
from collections import Counter

import pytest

from archive.classification.scheme import (
    CURRENT,
    LEGACY,
    ClassificationScheme,
    ancestors,
    code_sort_key,
    is_descendant,
    load_scheme,
    scheme_of,
)


@pytest.fixture(scope="module")
def scheme() -> ClassificationScheme:
    return load_scheme()  # the default path: settings.SHARED_DIR / "domain/kode_klasifikasi.csv"


def test_row_counts_per_scheme_match_the_domain_notes(scheme: ClassificationScheme) -> None:
    assert Counter(e.scheme for e in scheme) == {CURRENT: 2985, LEGACY: 2264}
    levels = Counter(e.level for e in scheme.entries(CURRENT))
    assert (levels[1], levels[2], levels[3], levels[4]) == (10, 56, 672, 2247)


def test_codes_in_both_schemes(scheme: ClassificationScheme) -> None:
    both = sorted({e.code for e in scheme if len(scheme.lookup(e.code)) == 2}, key=lambda c: code_sort_key(c, CURRENT))
    # The ten main classes and the three ambiguous x00.n codes of the domain notes.
    assert both == ["000", "100", "200", "300", "400", "500", "500.1", "600", "700", "800", "800.1", "800.2", "900"]
    assert scheme.get("500.1", CURRENT).title != scheme.get("500.1", LEGACY).title  # type: ignore[union-attr]


def test_sort_by_integer_tuple_not_as_strings() -> None:
    codes = ["000.1.10", "000.1.9", "000.1", "000.1.2", "000.1.10.1", "000"]
    assert sorted(codes, key=code_sort_key) == ["000", "000.1", "000.1.2", "000.1.9", "000.1.10", "000.1.10.1"]
    assert sorted(["400.14", "400.2", "400.12.3"], key=code_sort_key) == ["400.2", "400.12.3", "400.14"]


def test_old_scheme_sorts_digit_by_digit() -> None:
    # In the old decimal scheme 474.11 is a child of 474.1, so it comes before 474.2.
    assert sorted(["474.2", "474.11", "474", "474.1"], key=code_sort_key) == ["474", "474.1", "474.11", "474.2"]


def test_children_come_in_scheme_order(scheme: ClassificationScheme) -> None:
    codes = [e.code for e in scheme.children("000.1", CURRENT)]
    assert codes.index("000.1.10") == codes.index("000.1.9") + 1
    assert [e.code for e in scheme.entries(CURRENT)][:3] == ["000", "000.1", "000.1.1"]


def test_ancestors() -> None:
    assert ancestors("400.12.3.1") == ["400", "400.12", "400.12.3"]
    assert ancestors("000.1.10") == ["000", "000.1"]
    assert ancestors("472.11") == ["400", "470", "472", "472.1"]
    assert ancestors("005") == ["000"]
    assert ancestors("120.042") == ["100", "120", "120.04"]
    assert ancestors("400") == []
    assert is_descendant("400.12.3.1", "400.12")
    assert not is_descendant("400.12", "400.12")
    assert not is_descendant("400.1", "400.12")
    assert is_descendant("474.11", "474.1")


def test_structural_ancestors_agree_with_every_parent_in_the_csv(scheme: ClassificationScheme) -> None:
    mismatches = []
    for entry in scheme:
        above = ancestors(entry.code, entry.scheme)
        nearest = scheme.nearest(above[-1], entry.scheme) if above else None
        if (nearest.code if nearest else None) != entry.parent:
            mismatches.append((entry.scheme, entry.code, entry.parent))
        if [e.code for e in scheme.lineage(entry)] != [c for c in above if scheme.get(c, entry.scheme)]:
            mismatches.append((entry.scheme, entry.code, "lineage"))
    assert mismatches == []


@pytest.mark.parametrize(
    ("code", "expected"),
    [
        ("005", LEGACY),
        ("474.1", LEGACY),
        ("188.45", LEGACY),
        ("000.8.3.3", CURRENT),
        ("400.12", CURRENT),
        ("800.043", LEGACY),
        ("800.1", None),
        ("500.1", None),
        ("900", None),
        ("KP.07.6", None),
    ],
)
def test_scheme_of(code: str, expected: str | None) -> None:
    assert scheme_of(code) == expected


def test_scheme_of_ambiguous_codes_follows_the_date_and_cutover() -> None:
    cutover = datetime.date(2023, 7, 1)
    assert scheme_of("800.1", on=datetime.date(2023, 3, 1), cutover=cutover) == LEGACY
    assert scheme_of("800.1", on=datetime.date(2023, 9, 1), cutover=cutover) == CURRENT
    assert scheme_of("005", on=datetime.date(2024, 9, 1), cutover=cutover) == LEGACY  # the code itself decides


def test_every_code_the_rules_can_place_is_in_that_scheme(scheme: ClassificationScheme) -> None:
    wrong = [(e.scheme, e.code) for e in scheme if scheme_of(e.code) not in (None, e.scheme)]
    assert wrong == []


def test_nearest_walks_up_to_an_existing_code(scheme: ClassificationScheme) -> None:
    assert scheme.nearest("005.9", LEGACY).code == "005"  # type: ignore[union-attr]
    assert scheme.nearest("000.8.3.3.9", CURRENT).code == "000.8.3.3"  # type: ignore[union-attr]
    assert scheme.nearest("474.1", LEGACY).code == "474.1"  # type: ignore[union-attr]


def test_retention_and_leaves(scheme: ClassificationScheme) -> None:
    entry = scheme.get("000.1.7.1", CURRENT)
    assert entry is not None
    assert (entry.retention_active_years, entry.retention_inactive_years, entry.final_disposition) == (2, 1, "musnah")
    assert entry.retention_active_trigger == "Setelah Pemeriksaan"
    current = scheme.entries(CURRENT)
    assert all((e.final_disposition is not None) == scheme.is_leaf(e) for e in current)  # headings carry none
    assert sum(1 for e in current if e.retention_active_trigger) == 333
    assert all(e.uncertain for e in current if e.level == 1)


def test_loading_is_cached_per_path(scheme: ClassificationScheme, shared_dir) -> None:
    assert load_scheme(shared_dir / "domain" / "kode_klasifikasi.csv") is scheme
