"""A second process for the Tantivy tests: ``python -m tests.search.tantivy_child MODE ROOT [N]``.

- ``write ROOT N``: index N letters (ids 1..N) in one batch, as the outbox applier does, and exit.
- ``rebuild ROOT N``: rebuild the index with N letters (ids 1..N, title "Nota baru").
- ``batches ROOT SIZE``: index batches of SIZE letters forever, printing "committing <k>" just before each commit
  and "committed <k>" after it (the test kills this process in the middle of a commit).

No Django: the engine needs only its folder.
"""

from __future__ import annotations

import datetime
import sys

from search.engines.tantivy import TantivyEngine, store
from search.types import STAFF, SearchDocument


def letters(first: int, count: int, title: str) -> list[SearchDocument]:
    return [
        SearchDocument(
            kind="letter",
            id=str(number),
            title=f"{title} {number}",
            body="Perihal pengadaan kertas untuk bagian umum. " * 20,
            principals=frozenset({STAFF}),
            date=datetime.date(2024, 1, 1) + datetime.timedelta(days=number % 300),
            unit="Umum",
        )
        for number in range(first, first + count)
    ]


def main(mode: str, root: str, count: int) -> None:
    engine = TantivyEngine(root)
    if mode == "write":
        engine.index(letters(1, count, "Nota proses lain"))
    elif mode == "rebuild":
        engine.rebuild(iter(letters(1, count, "Nota baru")))
    elif mode == "batches":
        real_commit = store.commit
        batch = 0

        def announced(writer):
            print(f"committing {batch}", flush=True)
            return real_commit(writer)

        store.commit = announced
        while True:
            engine.index(letters(batch * count + 1, count, "Nota"))
            print(f"committed {batch}", flush=True)
            batch += 1


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2], int(sys.argv[3]) if len(sys.argv) > 3 else 0)
